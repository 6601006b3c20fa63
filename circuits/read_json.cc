#include "circuits/read_json.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace satcirc::circuits {
namespace {

using nlohmann::json;

absl::Status Error(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("circuit JSON: ", where, ": ", what));
}

// Reads at most kMaxCircuitJsonBytes + 1 bytes.
absl::StatusOr<std::string> ReadBounded(std::istream& in) {
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= kMaxCircuitJsonBytes &&
         (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return Error("document", "read error");
  if (text.size() > kMaxCircuitJsonBytes) {
    return Error("document",
                 absl::StrCat("longer than ", kMaxCircuitJsonBytes,
                              " bytes (the limit; see docs/limits.md)"));
  }
  return text;
}

// A scalar as the SAX parser reports it.
struct Scalar {
  std::optional<std::int64_t> integer;  // integers that fit in int64
  std::optional<std::string> string;
};

// A gate's fields as read, checked when its object closes (fields may come in
// any order).
struct GateFields {
  std::optional<std::int64_t> id, value, threshold;
  std::optional<std::string> kind, name, block;
  bool has_block = false;     // present, whatever its type
  bool inputs_array = false;  // "inputs" was an array
  bool inputs_bad = false;    // some item was not [integer, integer]
  std::vector<std::pair<std::int64_t, std::int64_t>> inputs;
  std::vector<std::int64_t> pair;  // the item being read
};

struct OutputFields {
  std::optional<std::string> name;
  std::optional<std::int64_t> gate;
};

// Builds the circuit from SAX events, one gate at a time, so that memory is
// that of the circuit, never of a document tree, and a document of the wrong
// shape is refused at its first wrong token.
class NetlistReader : public nlohmann::json_sax<json> {
 public:
  bool null() override { return Value({}); }
  bool boolean(bool) override { return Value({}); }
  bool number_integer(number_integer_t n) override { return Value({n, {}}); }
  bool number_unsigned(number_unsigned_t n) override {
    if (n >
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Value({});
    }
    return Value({static_cast<std::int64_t>(n), {}});
  }
  bool number_float(number_float_t, const string_t&) override {
    return Value({});
  }
  bool string(string_t& s) override { return Value({{}, std::move(s)}); }
  bool binary(binary_t&) override {
    return Fail(Error("document", "not valid JSON"));
  }
  bool start_object(std::size_t) override { return Open(false); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(true); }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    return Fail(Error("document",
                      absl::StrCat("not valid JSON (at byte ", position, ")")));
  }

  absl::StatusOr<Circuit> Finish();
  const absl::Status& status() const { return status_; }

 private:
  enum class Where {
    kTop,
    kDocument,
    kGates,
    kGate,
    kInputs,
    kPair,
    kOutputs,
    kOutput,
    kSkip
  };

  bool Fail(absl::Status status) {
    status_ = std::move(status);
    return false;
  }
  std::string GateWhere() const { return absl::StrCat("gates[", gate_, "]"); }
  std::string OutputWhere() const {
    return absl::StrCat("outputs[", outputs_.size(), "]");
  }
  bool Open(bool is_array);
  bool Close();
  bool Value(Scalar v);
  bool GateValue(Scalar v);
  bool DocumentValue(Scalar v);
  bool FinishGate();
  absl::Status CheckGate(const GateFields& g, GateKind* kind) const;

  std::vector<Where> stack_ = {Where::kTop};
  std::string key_;
  absl::Status status_;
  bool format_ok_ = false, version_ok_ = false;
  bool gates_seen_ = false, outputs_seen_ = false;
  std::size_t gate_ = 0;
  GateFields fields_;
  std::vector<OutputFields> outputs_;
  Circuit circuit_;
};

bool NetlistReader::Open(bool is_array) {
  const Where where = stack_.back();
  // The stack holds kTop and one entry per open array or object.
  if (static_cast<int>(stack_.size()) > kMaxCircuitJsonDepth) {
    return Fail(
        Error("document", absl::StrCat("arrays and objects nested deeper than ",
                                       kMaxCircuitJsonDepth,
                                       " (the limit; see docs/limits.md)")));
  }
  auto push = [&](Where w) {
    stack_.push_back(w);
    return true;
  };
  switch (where) {
    case Where::kTop:
      if (is_array) return Fail(Error("document", "expected an object"));
      return push(Where::kDocument);
    case Where::kDocument:
      if (key_ == "gates" || key_ == "outputs") {
        if (!is_array) {
          return Fail(
              Error(absl::StrCat("\"", key_, "\""), "expected an array"));
        }
        (key_ == "gates" ? gates_seen_ : outputs_seen_) = true;
        return push(key_ == "gates" ? Where::kGates : Where::kOutputs);
      }
      return DocumentValue({}) && push(Where::kSkip);
    case Where::kGates:
      if (is_array) return Fail(Error(GateWhere(), "expected an object"));
      fields_ = GateFields();
      return push(Where::kGate);
    case Where::kGate:
      if (key_ == "inputs" && is_array) {
        fields_.inputs_array = true;
        return push(Where::kInputs);
      }
      if (key_ == "inputs") fields_.inputs_bad = true;
      return GateValue({}) && push(Where::kSkip);
    case Where::kInputs:
      fields_.pair.clear();
      if (!is_array) fields_.inputs_bad = true;
      return push(is_array ? Where::kPair : Where::kSkip);
    case Where::kOutputs:
      if (is_array) {
        return Fail(
            Error(OutputWhere(), "expected {\"name\": string, \"gate\": id}"));
      }
      outputs_.emplace_back();
      return push(Where::kOutput);
    case Where::kPair:
      fields_.inputs_bad = true;
      [[fallthrough]];
    case Where::kOutput:
    case Where::kSkip:
      // Ignored (an unknown key's value) or wrong (kept as a flag above).
      return push(Where::kSkip);
  }
  return true;
}

bool NetlistReader::Close() {
  const Where where = stack_.back();
  stack_.pop_back();
  switch (where) {
    case Where::kPair:
      if (fields_.pair.size() != 2) {
        fields_.inputs_bad = true;
      } else {
        fields_.inputs.emplace_back(fields_.pair[0], fields_.pair[1]);
      }
      return true;
    case Where::kGate:
      return FinishGate();
    default:
      return true;
  }
}

bool NetlistReader::DocumentValue(Scalar v) {
  if (key_ == "format") {
    format_ok_ = v.string && *v.string == "satcirc-circuit";
    if (!format_ok_) {
      return Fail(Error("\"format\"", "expected \"satcirc-circuit\""));
    }
  } else if (key_ == "version") {
    version_ok_ = v.integer && *v.integer == 1;
    if (!version_ok_) return Fail(Error("\"version\"", "expected 1"));
  } else if (key_ == "gates" || key_ == "outputs") {
    return Fail(Error(absl::StrCat("\"", key_, "\""), "expected an array"));
  }
  return true;  // other keys are ignored
}

bool NetlistReader::GateValue(Scalar v) {
  GateFields& g = fields_;
  if (key_ == "id") {
    g.id = v.integer;
  } else if (key_ == "kind") {
    g.kind = std::move(v.string);
  } else if (key_ == "name") {
    g.name = std::move(v.string);
  } else if (key_ == "block") {
    g.has_block = true;
    g.block = std::move(v.string);
  } else if (key_ == "value") {
    g.value = v.integer;
  } else if (key_ == "threshold") {
    g.threshold = v.integer;
  } else if (key_ == "inputs") {
    g.inputs_array = false;
  }
  return true;  // other keys are ignored
}

bool NetlistReader::Value(Scalar v) {
  switch (stack_.back()) {
    case Where::kTop:
      return Fail(Error("document", "expected an object"));
    case Where::kDocument:
      return DocumentValue(std::move(v));
    case Where::kGates:
      return Fail(Error(GateWhere(), "expected an object"));
    case Where::kGate:
      return GateValue(std::move(v));
    case Where::kInputs:
      fields_.inputs_bad = true;
      return true;
    case Where::kPair:
      if (!v.integer) fields_.inputs_bad = true;
      fields_.pair.push_back(v.integer.value_or(0));
      return true;
    case Where::kOutputs:
      return Fail(
          Error(OutputWhere(), "expected {\"name\": string, \"gate\": id}"));
    case Where::kOutput:
      if (key_ == "name") outputs_.back().name = std::move(v.string);
      if (key_ == "gate") outputs_.back().gate = v.integer;
      return true;
    case Where::kSkip:
      return true;
  }
  return true;
}

absl::Status NetlistReader::CheckGate(const GateFields& g,
                                      GateKind* kind) const {
  const std::string where = GateWhere();
  if (!g.id || *g.id != static_cast<std::int64_t>(gate_)) {
    return Error(where, absl::StrCat("expected \"id\": ", gate_,
                                     " (gates are listed in id order)"));
  }
  if (!g.kind || !ParseGateKind(*g.kind, kind)) {
    return Error(where,
                 "expected \"kind\": one of input, const, threshold, and, or, "
                 "not, majority");
  }
  if (g.has_block && !g.block) {
    return Error(where, "\"block\" must be a string");
  }
  if (*kind == GateKind::kInput && !g.name) {
    return Error(where, "an input needs a string \"name\"");
  }
  if (*kind == GateKind::kConstant &&
      (!g.value || (*g.value != 0 && *g.value != 1))) {
    return Error(where, "a constant needs \"value\": 0 or 1");
  }
  if (*kind == GateKind::kInput || *kind == GateKind::kConstant) {
    return absl::OkStatus();
  }
  if (!g.threshold) return Error(where, "expected an integer \"threshold\"");
  if (!g.inputs_array) {
    return Error(where, "expected \"inputs\": [[gate, weight], ...]");
  }
  if (g.inputs_bad) {
    return Error(where, "each input must be [gate, weight] with integers");
  }
  for (const auto& [src, weight] : g.inputs) {
    if (src < 0 || src >= static_cast<std::int64_t>(gate_)) {
      return Error(where, absl::StrCat("input from gate ", src,
                                       ", expected a gate id below ", gate_,
                                       " (topological order)"));
    }
  }
  return absl::OkStatus();
}

bool NetlistReader::FinishGate() {
  GateKind kind;
  if (absl::Status s = CheckGate(fields_, &kind); !s.ok()) return Fail(s);
  std::string block = fields_.block.value_or("");
  if (kind == GateKind::kInput) {
    circuit_.AddInput(*fields_.name, std::move(block));
  } else if (kind == GateKind::kConstant) {
    circuit_.AddConstant(*fields_.value == 1, std::move(block));
  } else {
    std::vector<Fanin> fanins;
    fanins.reserve(fields_.inputs.size());
    for (const auto& [src, weight] : fields_.inputs) {
      fanins.push_back({static_cast<GateId>(src), weight});
    }
    circuit_.AddGate(kind, fanins, *fields_.threshold, std::move(block));
  }
  ++gate_;
  return true;
}

absl::StatusOr<Circuit> NetlistReader::Finish() {
  if (!format_ok_) return Error("\"format\"", "expected \"satcirc-circuit\"");
  if (!version_ok_) return Error("\"version\"", "expected 1");
  if (!gates_seen_) return Error("\"gates\"", "expected an array");
  if (!outputs_seen_) return Error("\"outputs\"", "expected an array");
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    const OutputFields& o = outputs_[i];
    const std::string where = absl::StrCat("outputs[", i, "]");
    if (!o.name || !o.gate) {
      return Error(where, "expected {\"name\": string, \"gate\": id}");
    }
    if (*o.gate < 0 ||
        *o.gate >= static_cast<std::int64_t>(circuit_.num_gates())) {
      return Error(where, absl::StrCat("gate ", *o.gate, " does not exist (",
                                       circuit_.num_gates(), " gates)"));
    }
    circuit_.AddOutput(*o.name, static_cast<GateId>(*o.gate));
  }
  if (absl::Status s = circuit_.Validate(); !s.ok()) {
    return Error("netlist", s.message());
  }
  return std::move(circuit_);
}

}  // namespace

absl::StatusOr<Circuit> ReadJson(std::istream& in) {
  absl::StatusOr<std::string> text = ReadBounded(in);
  if (!text.ok()) return text.status();
  NetlistReader reader;
  const bool ok = json::sax_parse(*text, &reader, json::input_format_t::json,
                                  /*strict=*/true);
  if (!ok) {
    if (!reader.status().ok()) return reader.status();
    return Error("document", "not valid JSON");
  }
  return reader.Finish();
}

}  // namespace satcirc::circuits
