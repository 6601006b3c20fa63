#include "circuits/write_aiger.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "circuits/builder.h"
#include "circuits/lower.h"

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

}  // namespace

absl::Status WriteAiger(std::ostream& out, const Circuit& original,
                        const AigerOptions& options) {
  auto lowered = LowerThresholds(original);
  if (!lowered.ok()) return lowered.status();
  const Circuit& c = *lowered;
  const std::uint64_t num_inputs = c.inputs().size();
  std::vector<std::uint64_t> lit(c.num_gates(), 0);
  for (std::uint64_t i = 0; i < num_inputs; ++i)
    lit[c.inputs()[i]] = 2 * (i + 1);
  AigBuilder aig(num_inputs + 1);
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
  out << "aag " << aig.max_var() << " " << num_inputs << " 0 "
      << c.outputs().size() << " " << aig.ands().size() << "\n";
  for (std::uint64_t i = 0; i < num_inputs; ++i) out << 2 * (i + 1) << "\n";
  for (const Output& o : c.outputs()) out << lit[o.gate] << "\n";
  for (const AndGate& a : aig.ands())
    out << a.lhs << " " << a.rhs0 << " " << a.rhs1 << "\n";
  if (options.symbols) {
    for (std::uint64_t i = 0; i < num_inputs; ++i) {
      out << "i" << i << " " << c.gate(c.inputs()[i]).name << "\n";
    }
    for (std::size_t o = 0; o < c.outputs().size(); ++o) {
      out << "o" << o << " " << c.outputs()[o].name << "\n";
    }
  }
  if (options.comment) {
    out << "c\nsatcirc threshold circuit (" << original.num_gates()
        << " gates), thresholds lowered to AND/NOT\n";
  }
  return absl::OkStatus();
}

absl::StatusOr<Circuit> ReadAiger(std::istream& in) {
  auto error = [](const std::string& where, const std::string& what) {
    return absl::InvalidArgumentError(
        absl::StrCat("AIGER: ", where, ": ", what));
  };
  std::string header;
  std::uint64_t m, i, l, o, a;
  {
    std::string line;
    if (!std::getline(in, line)) return error("header", "empty input");
    std::istringstream h(line);
    if (!(h >> header >> m >> i >> l >> o >> a) || header != "aag") {
      return error("header", "expected 'aag M I L O A'");
    }
    if (l != 0)
      return error("header", "latches are not supported (L must be 0)");
    if (m < i + a) return error("header", "M < I + A");
  }
  Circuit c;
  // literal → gate, created on demand (NOTs of variables, constants).
  std::vector<std::int64_t> pos(m + 1, -1), neg(m + 1, -1);
  std::int64_t const_gate[2] = {-1, -1};
  auto gate_of = [&](std::uint64_t lit) -> absl::StatusOr<GateId> {
    const std::uint64_t var = lit / 2;
    if (var > m) return error("literal", absl::StrCat(lit, " exceeds 2·M+1"));
    if (var == 0) {
      const int v = lit & 1;
      if (const_gate[v] < 0) const_gate[v] = c.AddConstant(v == 1);
      return static_cast<GateId>(const_gate[v]);
    }
    if (pos[var] < 0)
      return error("literal",
                   absl::StrCat(lit, " is used before it is defined"));
    if ((lit & 1) == 0) return static_cast<GateId>(pos[var]);
    if (neg[var] < 0) {
      Fanin f{static_cast<GateId>(pos[var]), -1};
      neg[var] = c.AddGate(GateKind::kNot, {&f, 1}, 0);
    }
    return static_cast<GateId>(neg[var]);
  };
  std::vector<std::uint64_t> input_lits(i), output_lits(o);
  std::vector<std::string> input_names(i), output_names(o);
  for (std::uint64_t k = 0; k < i; ++k) {
    if (!(in >> input_lits[k]) || input_lits[k] < 2 || input_lits[k] % 2) {
      return error(absl::StrCat("input ", k), "expected an even literal ≥ 2");
    }
    input_names[k] = absl::StrCat("i", k);
  }
  for (std::uint64_t k = 0; k < o; ++k) {
    if (!(in >> output_lits[k]))
      return error(absl::StrCat("output ", k), "expected a literal");
    output_names[k] = absl::StrCat("o", k);
  }
  std::vector<std::uint64_t> ands(3 * a);
  for (std::uint64_t k = 0; k < 3 * a; ++k) {
    if (!(in >> ands[k]))
      return error(absl::StrCat("and ", k / 3), "expected three literals");
  }
  // Symbols and comments.
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line == "c") break;
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    const char kind = line[0];
    const std::uint64_t index = std::strtoull(line.c_str() + 1, nullptr, 10);
    const std::string name = line.substr(space + 1);
    if (kind == 'i' && index < i) input_names[index] = name;
    if (kind == 'o' && index < o) output_names[index] = name;
  }
  for (std::uint64_t k = 0; k < i; ++k)
    pos[input_lits[k] / 2] = c.AddInput(input_names[k]);
  for (std::uint64_t k = 0; k < a; ++k) {
    const std::uint64_t lhs = ands[3 * k];
    if (lhs % 2 || lhs / 2 > m || pos[lhs / 2] >= 0) {
      return error(absl::StrCat("and ", k), "bad or repeated left-hand side");
    }
    auto x = gate_of(ands[3 * k + 1]);
    if (!x.ok()) return x.status();
    auto y = gate_of(ands[3 * k + 2]);
    if (!y.ok()) return y.status();
    Fanin f[2] = {{*x, 1}, {*y, 1}};
    pos[lhs / 2] = c.AddGate(GateKind::kAnd, f, 2);
  }
  for (std::uint64_t k = 0; k < o; ++k) {
    auto g = gate_of(output_lits[k]);
    if (!g.ok()) return g.status();
    c.AddOutput(output_names[k], *g);
  }
  if (absl::Status s = c.Validate(); !s.ok())
    return error("netlist", std::string(s.message()));
  return c;
}

}  // namespace satcirc::circuits
