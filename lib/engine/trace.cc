#include "lib/engine/trace.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/json.h"

namespace satcirc {
namespace {

std::string HeadLabel(const Model& model, size_t l, size_t h) {
  const std::string& name = model.layers[l].heads[h].name;
  return absl::StrCat("head ", h + 1, name.empty() ? "" : " '", name,
                      name.empty() ? "" : "'");
}

}  // namespace

std::string FormatPositions(const std::vector<int>& positions) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < positions.size();) {
    size_t j = i;
    while (j + 1 < positions.size() && positions[j + 1] == positions[j] + 1)
      ++j;
    if (j == i) {
      parts.push_back(absl::StrCat(positions[i]));
    } else {
      parts.push_back(absl::StrCat(positions[i], "-", positions[j]));
    }
    i = j + 1;
  }
  return absl::StrJoin(parts, ",");
}

std::int64_t KeysInMasks(Mask mask, std::int64_t total) {
  switch (mask) {
    case Mask::kNone:
      return total * total;
    case Mask::kCausal:
      return total * (total + 1) / 2;
    case Mask::kStrict:
    case Mask::kFuture:
      return total * (total - 1) / 2;
  }
  return 0;
}

std::int64_t EstimateTraceEntries(const Model& model, int n) {
  const std::int64_t total = model.SequenceLength(n);
  const auto layers = static_cast<std::int64_t>(model.layers.size());
  std::int64_t entries = (layers + 1) * total * model.dim();
  for (const Layer& layer : model.layers) {
    for (const Head& head : layer.heads) {
      // A hard head whose scores all tie (a zero query or key map) computes
      // none and lists one position.
      const bool tied = head.w_q.IsZero() || head.w_k.IsZero();
      if (tied && head.mode != AttentionMode::kSaturated) {
        entries += total;
        continue;
      }
      entries += KeysInMasks(head.mask, total);  // scores, attended
    }
  }
  return entries;
}

namespace {

using Stage = std::vector<std::vector<Rational>>;  // [position][feature]

std::string JsonStage(const Stage& values) {
  std::vector<std::string> rows;
  for (const auto& row : values) {
    std::vector<std::string> cells;
    for (const Rational& r : row) cells.push_back(json::Quote(r.ToString()));
    rows.push_back(absl::StrCat("[", absl::StrJoin(cells, ", "), "]"));
  }
  return absl::StrCat("[", absl::StrJoin(rows, ", "), "]");
}

// {"heads": [{"name", "attended"}, ...], "residual": ...} of layer l.
std::string JsonLayer(const Model& model, const LayerTrace& lt, size_t l) {
  std::vector<std::string> heads;
  for (size_t h = 0; h < lt.heads.size(); ++h) {
    std::vector<std::string> att;
    for (const auto& a : lt.heads[h].attended) {
      att.push_back(absl::StrCat("[", absl::StrJoin(a, ", "), "]"));
    }
    heads.push_back(
        absl::StrCat("{\"name\": ", json::Quote(model.layers[l].heads[h].name),
                     ", \"attended\": [", absl::StrJoin(att, ", "), "]}"));
  }
  return absl::StrCat("{\"heads\": [", absl::StrJoin(heads, ", "),
                      "], \"residual\": ", JsonStage(lt.residual), "}");
}

void WriteTraceJson(std::ostream& out, const Model& model, const Trace& trace) {
  std::vector<std::string> tokens, features;
  for (const std::string& t : trace.tokens) tokens.push_back(json::Quote(t));
  for (const std::string& f : model.features)
    features.push_back(json::Quote(f));
  out << "{\"tokens\": [" << absl::StrJoin(tokens, ", ") << "], \"features\": ["
      << absl::StrJoin(features, ", ")
      << "],\n \"embedding\": " << JsonStage(trace.embedding)
      << ",\n \"layers\": [";
  for (size_t l = 0; l < trace.layers.size(); ++l) {
    out << (l ? ",\n  " : "\n  ") << JsonLayer(model, trace.layers[l], l);
  }
  out << "],\n \"readout_position\": " << trace.readout_position
      << ", \"readout_value\": " << json::Quote(trace.readout_value.ToString())
      << ", \"accept\": " << (trace.accept ? "true" : "false") << "}\n";
}

// The text table: one column per position, as wide as its widest value.
class TraceTable {
 public:
  TraceTable(std::ostream& out, const Model& model, const Trace& trace)
      : out_(out), model_(model) {
    const int total = static_cast<int>(trace.tokens.size());
    label_width_ = absl::string_view("position").size();
    for (const std::string& f : model.features) {
      label_width_ = std::max(label_width_, f.size() + 2);
    }
    width_.resize(total);
    for (int p = 0; p < total; ++p) {
      width_[p] = std::max(absl::StrCat(p).size(), trace.tokens[p].size());
      Widen(trace.embedding, p);
      for (const LayerTrace& lt : trace.layers) Widen(lt.residual, p);
    }
  }

  template <typename Cell>
  void Row(absl::string_view label, Cell cell) {
    std::string line(label);
    line.resize(label_width_, ' ');
    for (size_t p = 0; p < width_.size(); ++p) {
      std::string c = cell(static_cast<int>(p));
      line += "  ";
      line += c;
      if (p + 1 < width_.size()) line.append(width_[p] - c.size(), ' ');
    }
    out_ << line << "\n";
  }

  void StageRows(const Stage& values) {
    for (int f = 0; f < model_.dim(); ++f) {
      Row(absl::StrCat("  ", model_.features[f]),
          [&](int p) { return values[p][f].ToString(); });
    }
  }

 private:
  void Widen(const Stage& values, int p) {
    for (const Rational& r : values[p]) {
      width_[p] = std::max(width_[p], r.ToString().size());
    }
  }

  std::ostream& out_;
  const Model& model_;
  size_t label_width_ = 0;
  std::vector<size_t> width_;
};

void WriteTraceText(std::ostream& out, const Model& model, const Trace& trace) {
  const int total = static_cast<int>(trace.tokens.size());
  TraceTable table(out, model, trace);
  table.Row("position", [](int p) { return absl::StrCat(p); });
  table.Row("token", [&](int p) { return trace.tokens[p]; });
  out << "embedding\n";
  table.StageRows(trace.embedding);
  for (size_t l = 0; l < trace.layers.size(); ++l) {
    const LayerTrace& lt = trace.layers[l];
    out << "layer " << l + 1 << "\n";
    for (size_t h = 0; h < lt.heads.size(); ++h) {
      out << "  " << HeadLabel(model, l, h) << " ("
          << AttentionModeName(model.layers[l].heads[h].mode) << ", "
          << MaskName(model.layers[l].heads[h].mask) << ") attends:";
      for (int p = 0; p < total; ++p) {
        out << " " << p << ":{" << FormatPositions(lt.heads[h].attended[p])
            << "}";
      }
      out << "\n";
    }
    table.StageRows(lt.residual);
  }
  if (trace.readout_position >= 0) {
    out << "readout at position " << trace.readout_position << " ("
        << ReadoutPositionName(model.readout.position) << ")";
  } else {
    out << "readout of the empty sequence (the bias alone)";
  }
  out << ": y = " << trace.readout_value.ToString()
      << (trace.accept ? " > 0" : " <= 0") << ", "
      << (trace.accept ? "accept" : "reject") << "\n";
}

}  // namespace

std::ostream& WriteTrace(std::ostream& out, const Model& model,
                         const Trace& trace, const TraceWriteOptions& options) {
  if (options.format == TraceFormat::kJson) {
    WriteTraceJson(out, model, trace);
  } else {
    WriteTraceText(out, model, trace);
  }
  return out;
}

}  // namespace satcirc
