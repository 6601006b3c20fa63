#include "circuits/write_blif.h"

#include <algorithm>
#include <span>
#include <vector>

#include "absl/strings/str_cat.h"
#include "circuits/lower.h"
#include "circuits/names.h"

namespace satcirc::circuits {
namespace {

// One .names of an AND (one cube) or an OR (one cube per input) over `in`.
void WriteAndOrCover(std::ostream& out, std::span<const std::string> in,
                     const std::string& target, bool is_and) {
  out << ".names";
  for (const std::string& s : in) out << " " << s;
  out << " " << target << "\n";
  const std::size_t k = in.size();
  if (is_and) {
    out << std::string(k, '1') << " 1\n";
    return;
  }
  for (std::size_t i = 0; i < k; ++i) {
    std::string row(k, '-');
    row[i] = '1';
    out << row << " 1\n";
  }
}

// An AND or OR of any fan-in as a tree of .names of at most
// kMaxBlifNamesInputs inputs each (Yosys refuses wider ones). The nets inside
// the tree are TARGET_0, TARGET_1, … (TARGET is w<id>; no port is named like
// that, names.h).
void WriteAndOrTree(std::ostream& out, std::vector<std::string> in,
                    const std::string& target, bool is_and) {
  constexpr std::size_t kMax = kMaxBlifNamesInputs;
  int next_net = 0;
  while (in.size() > kMax) {
    std::vector<std::string> level;
    for (std::size_t i = 0; i < in.size(); i += kMax) {
      const std::size_t end = std::min(i + kMax, in.size());
      if (end - i == 1) {
        level.push_back(in[i]);
        continue;
      }
      level.push_back(absl::StrCat(target, "_", next_net++));
      WriteAndOrCover(out, std::span(in).subspan(i, end - i), level.back(),
                      is_and);
    }
    in = std::move(level);
  }
  WriteAndOrCover(out, in, target, is_and);
}

// The on-set of a threshold gate of fan-in k ≤ kMaxBlifNamesInputs, one row
// per satisfying assignment, in increasing order of the assignment read MSB
// first.
void WriteThresholdCover(std::ostream& out, const std::vector<Fanin>& in,
                         std::int64_t threshold) {
  const std::size_t k = in.size();
  std::string row(k, '0');
  for (std::uint64_t a = 0; a < (std::uint64_t{1} << k); ++a) {
    __int128 sum = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const bool bit = (a >> (k - 1 - i)) & 1;
      row[i] = bit ? '1' : '0';
      if (bit) sum += in[i].weight;
    }
    if (sum >= threshold) out << row << " 1\n";
  }
}

}  // namespace

absl::Status WriteBlif(std::ostream& out, const Circuit& original,
                       const BlifOptions& options) {
  const int max_fanin =
      std::clamp(options.max_cover_fanin, 0, kMaxBlifNamesInputs);
  bool needs_lowering = false;
  for (GateId id = 0; id < original.num_gates(); ++id) {
    const GateKind k = original.gate(id).kind;
    needs_lowering |= (k == GateKind::kThreshold || k == GateKind::kMajority) &&
                      static_cast<int>(original.fanin_size(id)) > max_fanin;
  }
  Circuit lowered;
  if (needs_lowering) {
    auto l = LowerThresholds(original, {.keep_threshold_fanin = max_fanin});
    if (!l.ok()) return l.status();
    lowered = *std::move(l);
  }
  const Circuit& circuit = needs_lowering ? lowered : original;
  const PortNames ports = MakePortNames(circuit);
  const std::vector<std::string> net = NetNames(circuit, ports);
  out << "# satcirc threshold circuit: " << circuit.num_gates() << " gates\n";
  out << ".model " << options.model_name << "\n.inputs";
  for (const std::string& s : ports.inputs) out << " " << s;
  out << "\n.outputs";
  for (const std::string& s : ports.outputs) out << " " << s;
  out << "\n";
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    if (g.kind == GateKind::kInput) continue;
    const std::vector<Fanin> in = circuit.fanins(id);
    if (g.kind == GateKind::kAnd || g.kind == GateKind::kOr) {
      std::vector<std::string> names;
      for (const Fanin& f : in) names.push_back(net[f.gate]);
      WriteAndOrTree(out, std::move(names), net[id], g.kind == GateKind::kAnd);
      continue;
    }
    out << ".names";
    for (const Fanin& f : in) out << " " << net[f.gate];
    out << " " << net[id] << "\n";
    if (g.kind == GateKind::kConstant) {
      if (g.value) out << "1\n";  // an empty cover is constant 0
    } else if (g.kind == GateKind::kNot) {
      out << "0 1\n";
    } else {
      WriteThresholdCover(out, in, g.threshold);
    }
  }
  for (std::size_t o = 0; o < circuit.outputs().size(); ++o) {
    out << ".names " << net[circuit.outputs()[o].gate] << " "
        << ports.outputs[o] << "\n1 1\n";
  }
  out << ".end\n";
  return absl::OkStatus();
}

}  // namespace satcirc::circuits
