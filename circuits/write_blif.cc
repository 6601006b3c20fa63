#include "circuits/write_blif.h"

#include <algorithm>
#include <vector>

#include "circuits/lower.h"
#include "circuits/names.h"

namespace satcirc::circuits {

absl::Status WriteBlif(std::ostream& out, const Circuit& original,
                       const BlifOptions& options) {
  const int max_fanin = std::clamp(options.max_cover_fanin, 0, 20);
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
    out << ".names";
    for (const Fanin& f : in) out << " " << net[f.gate];
    out << " " << net[id] << "\n";
    const std::size_t k = in.size();
    switch (g.kind) {
      case GateKind::kConstant:
        if (g.value) out << "1\n";  // an empty cover is constant 0
        break;
      case GateKind::kAnd:
        out << std::string(k, '1') << " 1\n";
        break;
      case GateKind::kOr:
        for (std::size_t i = 0; i < k; ++i) {
          std::string row(k, '-');
          row[i] = '1';
          out << row << " 1\n";
        }
        break;
      case GateKind::kNot:
        out << "0 1\n";
        break;
      default: {
        // The on-set, in increasing order of the assignment read MSB first.
        std::string row(k, '0');
        for (std::uint64_t a = 0; a < (std::uint64_t{1} << k); ++a) {
          __int128 sum = 0;
          for (std::size_t i = 0; i < k; ++i) {
            const bool bit = (a >> (k - 1 - i)) & 1;
            row[i] = bit ? '1' : '0';
            if (bit) sum += in[i].weight;
          }
          if (sum >= g.threshold) out << row << " 1\n";
        }
      }
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
