#include "circuits/write_verilog.h"

#include <algorithm>
#include <bit>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "circuits/lower.h"
#include "circuits/names.h"

namespace satcirc::circuits {
namespace {

// A signed constant of `width` bits; |v| < 2^(width−1) by the caller's choice
// of width, so even −v fits.
std::string SignedConstant(std::int64_t v, int width) {
  if (v >= 0) return absl::StrCat(width, "'sd", v);
  return absl::StrCat("-", width, "'sd", -v);
}

// Bits for a gate's sum compare: every partial sum and θ lie within
// ±max(Σ|wᵢ|, |θ|) < 2^(width−1), so the signed sum cannot wrap. Narrow sums
// keep the netlist small for the tools that synthesize it (Yosys).
int SumWidth(const std::vector<Fanin>& in, std::int64_t threshold) {
  std::uint64_t bound = threshold < 0
                            ? 0 - static_cast<std::uint64_t>(threshold)
                            : static_cast<std::uint64_t>(threshold);
  std::uint64_t total = 0;
  for (const Fanin& f : in) {
    total += f.weight < 0 ? 0 - static_cast<std::uint64_t>(f.weight)
                          : static_cast<std::uint64_t>(f.weight);
  }
  return std::min(64,
                  static_cast<int>(std::bit_width(std::max(bound, total))) + 1);
}

// Writes the module line and the declarations: a comment with the gate count,
// the port list, the inputs and outputs, and a wire for every non-input gate.
void WriteDeclarations(std::ostream& out, const Circuit& circuit,
                       const PortNames& ports,
                       const std::vector<std::string>& net,
                       const std::string& module_name) {
  out << "// satcirc threshold circuit: " << circuit.num_gates() << " gates\n";
  out << "module " << module_name << "(";
  bool first = true;
  for (const std::string& s : ports.inputs) {
    out << (first ? "" : ", ") << s;
    first = false;
  }
  for (const std::string& s : ports.outputs) {
    out << (first ? "" : ", ") << s;
    first = false;
  }
  out << ");\n";
  for (const std::string& s : ports.inputs) out << "  input " << s << ";\n";
  for (const std::string& s : ports.outputs) out << "  output " << s << ";\n";
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    if (circuit.gate(id).kind != GateKind::kInput)
      out << "  wire " << net[id] << ";\n";
  }
}

// Writes the right-hand side of a non-input gate's assign: a constant, an AND
// or OR of its fanins, a NOT, or a signed weighted sum compared with θ.
void WriteGateExpression(std::ostream& out, const Gate& g,
                         const std::vector<Fanin>& in,
                         const std::vector<std::string>& net) {
  switch (g.kind) {
    case GateKind::kConstant:
      out << (g.value ? "1'b1" : "1'b0");
      break;
    case GateKind::kAnd:
    case GateKind::kOr:
      for (std::size_t i = 0; i < in.size(); ++i) {
        if (i > 0) out << (g.kind == GateKind::kAnd ? " & " : " | ");
        out << net[in[i].gate];
      }
      break;
    case GateKind::kNot:
      out << "~" << net[in[0].gate];
      break;
    default: {
      const int width = SumWidth(in, g.threshold);
      out << "(";
      if (in.empty()) out << width << "'sd0";
      for (std::size_t i = 0; i < in.size(); ++i) {
        out << (i > 0 ? " + " : "") << "(" << net[in[i].gate] << " ? "
            << SignedConstant(in[i].weight, width) << " : " << width << "'sd0)";
      }
      out << ") >= " << SignedConstant(g.threshold, width);
    }
  }
}

}  // namespace

absl::Status WriteVerilog(std::ostream& out, const Circuit& original,
                          const VerilogOptions& options) {
  Circuit lowered;
  if (options.lower_thresholds) {
    auto l = LowerThresholds(original);
    if (!l.ok()) return l.status();
    lowered = *std::move(l);
  }
  const Circuit& circuit = options.lower_thresholds ? lowered : original;
  const PortNames ports = MakePortNames(circuit);
  const std::vector<std::string> net = NetNames(circuit, ports);
  WriteDeclarations(out, circuit, ports, net, options.module_name);
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    if (g.kind == GateKind::kInput) continue;
    out << "  assign " << net[id] << " = ";
    WriteGateExpression(out, g, circuit.fanins(id), net);
    out << ";\n";
  }
  for (std::size_t o = 0; o < circuit.outputs().size(); ++o) {
    out << "  assign " << ports.outputs[o] << " = "
        << net[circuit.outputs()[o].gate] << ";\n";
  }
  out << "endmodule\n";
  return absl::OkStatus();
}

}  // namespace satcirc::circuits
