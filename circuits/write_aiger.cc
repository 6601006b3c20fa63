#include "circuits/write_aiger.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "circuits/lower.h"
#include "circuits/names.h"
#include "circuits/stats.h"

namespace satcirc::circuits {
namespace {

struct AndGate {
  std::uint64_t lhs, rhs0, rhs1;
};

class AigBuilder {
 public:
  explicit AigBuilder(std::uint64_t first_var) : next_var_(first_var) {}
  std::uint64_t And(std::uint64_t a, std::uint64_t b) {
    if (a == 0 || b == 0) return 0;
    if (a == 1) return b;
    if (b == 1) return a;
    const std::uint64_t lhs = 2 * next_var_++;
    // Larger operand first, as aigtoaig normalizes.
    ands_.push_back({lhs, std::max(a, b), std::min(a, b)});
    return lhs;
  }
  // Balanced tree over literals.
  std::uint64_t AndAll(std::vector<std::uint64_t> lits) {
    if (lits.empty()) return 1;
    while (lits.size() > 1) {
      std::vector<std::uint64_t> next;
      for (std::size_t i = 0; i + 1 < lits.size(); i += 2)
        next.push_back(And(lits[i], lits[i + 1]));
      if (lits.size() % 2) next.push_back(lits.back());
      lits = std::move(next);
    }
    return lits[0];
  }
  const std::vector<AndGate>& ands() const { return ands_; }
  std::uint64_t max_var() const { return next_var_ - 1; }

 private:
  std::uint64_t next_var_;
  std::vector<AndGate> ands_;
};

// The AIG of a lowered circuit: literals of the outputs and the ANDs.
struct Aig {
  std::uint64_t num_inputs = 0, max_var = 0;
  std::vector<std::uint64_t> outputs;
  std::vector<AndGate> ands;
};

absl::StatusOr<Aig> BuildAig(const Circuit& c) {
  Aig result;
  result.num_inputs = c.inputs().size();
  std::vector<std::uint64_t> lit(c.num_gates(), 0);
  for (std::uint64_t i = 0; i < result.num_inputs; ++i)
    lit[c.inputs()[i]] = 2 * (i + 1);
  AigBuilder aig(result.num_inputs + 1);
  std::vector<std::uint64_t> in;
  for (GateId id = 0; id < c.num_gates(); ++id) {
    const Gate& g = c.gate(id);
    in.clear();
    for (const Fanin& f : c.fanins(id)) in.push_back(lit[f.gate]);
    switch (g.kind) {
      case GateKind::kInput:
        break;
      case GateKind::kConstant:
        lit[id] = g.value ? 1 : 0;
        break;
      case GateKind::kNot:
        lit[id] = in[0] ^ 1;
        break;
      case GateKind::kAnd:
        lit[id] = aig.AndAll(in);
        break;
      case GateKind::kOr:
        for (std::uint64_t& l : in) l ^= 1;
        lit[id] = aig.AndAll(in) ^ 1;
        break;
      default:
        return absl::InternalError(
            absl::StrCat("AIGER: gate ", id, " is still a ",
                         GateKindName(g.kind), " gate after lowering"));
    }
  }
  for (const Output& o : c.outputs()) result.outputs.push_back(lit[o.gate]);
  result.ands = aig.ands();
  result.max_var = aig.max_var();
  return result;
}

// An unsigned number in the binary format's 7-bit groups, low group first.
void WriteDelta(std::ostream& out, std::uint64_t x) {
  while (x >= 0x80) {
    out.put(static_cast<char>((x & 0x7f) | 0x80));
    x >>= 7;
  }
  out.put(static_cast<char>(x));
}

// Everything after the header: inputs (ASCII only), outputs, ANDs.
void WriteBody(std::ostream& out, const Aig& aig, bool binary) {
  if (!binary) {
    for (std::uint64_t i = 0; i < aig.num_inputs; ++i)
      out << 2 * (i + 1) << "\n";
  }
  for (std::uint64_t lit : aig.outputs) out << lit << "\n";
  for (const AndGate& a : aig.ands) {
    if (binary) {
      // lhs is 2·(I + k + 1) for the k-th AND, as the format requires.
      WriteDelta(out, a.lhs - a.rhs0);
      WriteDelta(out, a.rhs0 - a.rhs1);
    } else {
      out << a.lhs << " " << a.rhs0 << " " << a.rhs1 << "\n";
    }
  }
}

}  // namespace

absl::Status WriteAiger(std::ostream& out, const Circuit& original,
                        const AigerOptions& options, AigerHeader* header) {
  auto lowered = LowerThresholds(original);
  if (!lowered.ok()) return lowered.status();
  absl::StatusOr<Aig> aig = BuildAig(*lowered);
  if (!aig.ok()) return aig.status();
  if (header != nullptr) {
    *header = {.max_var = aig->max_var,
               .inputs = aig->num_inputs,
               .outputs = aig->outputs.size(),
               .ands = aig->ands.size()};
  }
  out << (options.binary ? "aig " : "aag ") << aig->max_var << " "
      << aig->num_inputs << " 0 " << aig->outputs.size() << " "
      << aig->ands.size() << "\n";
  WriteBody(out, *aig, options.binary);
  if (options.symbols) {
    const PortNames ports = MakePortNames(original);
    for (std::size_t i = 0; i < ports.inputs.size(); ++i)
      out << "i" << i << " " << ports.inputs[i] << "\n";
    for (std::size_t o = 0; o < ports.outputs.size(); ++o)
      out << "o" << o << " " << ports.outputs[o] << "\n";
  }
  if (options.comment) {
    out << "c\nsatcirc threshold circuit of "
        << ComputeStats(original).num_logic_gates
        << " logic gates (as circuit-stats counts them), lowered to "
        << aig->ands.size() << " two-input ANDs\n";
  }
  return absl::OkStatus();
}

}  // namespace satcirc::circuits
