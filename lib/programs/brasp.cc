// The B-RASP interpreter, and the DFA of a program that looks only left.
#include "lib/programs/brasp.h"

#include <map>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/minimize.h"
#include "lib/programs/brasp_internal.h"

namespace satcirc::programs {

bool EvalWith(const BExpr& e, const LeafValue& leaf) {
  switch (e.kind) {
    case BExpr::Kind::kConst:
      return e.value;
    case BExpr::Kind::kSymbol:
    case BExpr::Kind::kVar:
      return leaf(e);
    case BExpr::Kind::kNot:
      return !EvalWith(e.args[0], leaf);
    case BExpr::Kind::kAnd:
      return EvalWith(e.args[0], leaf) && EvalWith(e.args[1], leaf);
    case BExpr::Kind::kOr:
      return EvalWith(e.args[0], leaf) || EvalWith(e.args[1], leaf);
  }
  return false;
}

bool Evaluate(const BExpr& e, const std::vector<bool>& at_i,
              automata::Symbol symbol_i, const std::vector<bool>& at_j,
              automata::Symbol symbol_j) {
  return EvalWith(e, [&](const BExpr& leaf) {
    const bool at_j_side = leaf.side == Side::kJ;
    if (leaf.kind == BExpr::Kind::kSymbol)
      return (at_j_side ? symbol_j : symbol_i) == leaf.symbol;
    return static_cast<bool>((at_j_side ? at_j : at_i)[leaf.var]);
  });
}

void CollectLeaves(const BExpr& e, std::vector<const BExpr*>& out) {
  if (e.kind == BExpr::Kind::kSymbol || e.kind == BExpr::Kind::kVar) {
    out.push_back(&e);
    return;
  }
  for (const BExpr& a : e.args) CollectLeaves(a, out);
}

namespace {

// Definition d at position p, the vectors before d known at every position.
bool AttendAt(const Attention& a, const std::vector<std::vector<bool>>& vals,
              const automata::Word& w, int p) {
  const int n = static_cast<int>(w.size());
  int lo = 0, hi = n;  // j in [lo, hi)
  if (a.mask == Attention::Mask::kBefore) hi = p;
  if (a.mask == Attention::Mask::kAfter) lo = p + 1;
  for (int k = 0; k < hi - lo; ++k) {
    const int j = a.leftmost ? lo + k : hi - 1 - k;
    if (Evaluate(a.score, vals[p], w[p], vals[j], w[j]))
      return Evaluate(a.value, vals[j], w[j], vals[j], w[j]);
  }
  return Evaluate(a.fallback, vals[p], w[p], vals[p], w[p]);
}

}  // namespace

BraspRun RunBrasp(const BraspProgram& program, const automata::Word& word) {
  const int n = static_cast<int>(word.size());
  const int defs = static_cast<int>(program.defs.size());
  std::vector<std::vector<bool>> vals(n, std::vector<bool>(defs, false));
  for (int d = 0; d < defs; ++d) {
    const Definition& def = program.defs[d];
    for (int p = 0; p < n; ++p) {
      vals[p][d] = def.is_attention
                       ? AttendAt(def.attention, vals, word, p)
                       : Evaluate(def.expr, vals[p], word[p], vals[p], word[p]);
    }
  }
  BraspRun run;
  run.values.assign(defs, std::vector<bool>(n));
  for (int d = 0; d < defs; ++d) {
    for (int p = 0; p < n; ++p) run.values[d][p] = vals[p][d];
  }
  run.accept = n == 0 ? program.accept_empty : vals[n - 1][program.output];
  return run;
}

bool LooksOnlyLeft(const BraspProgram& program) {
  for (const Definition& d : program.defs) {
    if (d.is_attention && d.attention.mask != Attention::Mask::kBefore)
      return false;
  }
  return true;
}

// ---- The DFA of a left-looking program ----
//
// After a prefix, what the rest of the word can still learn from it is, for
// each attention and each context c of its score's i-side (the i-side
// vectors' bits and, when the score reads it, the symbol at i): whether some
// j so far satisfied S(c, j), and V at the leftmost (rightmost) such j. That
// summary and the output bit at the last position are the DFA's state.
namespace {

struct ScoreContexts {
  std::vector<int> vars;  // i-side vectors the score reads
  bool symbol = false;    // whether it reads Q(a)[i]
  int count(int alphabet) const {
    return (1 << vars.size()) * (symbol ? alphabet : 1);
  }
};

ScoreContexts ContextsOf(const Attention& a) {
  std::vector<const BExpr*> leaves;
  CollectLeaves(a.score, leaves);
  std::set<int> vars;
  ScoreContexts c;
  for (const BExpr* l : leaves) {
    if (l->side != Side::kI) continue;
    if (l->kind == BExpr::Kind::kSymbol) c.symbol = true;
    if (l->kind == BExpr::Kind::kVar) vars.insert(l->var);
  }
  c.vars.assign(vars.begin(), vars.end());
  return c;
}

class DfaBuilder {
 public:
  explicit DfaBuilder(const BraspProgram& p) : p_(p), k_(p.alphabet.size()) {
    for (const Definition& d : p.defs)
      contexts_.push_back(d.is_attention ? ContextsOf(d.attention)
                                         : ScoreContexts{});
  }
  absl::StatusOr<automata::Dfa> Build();

 private:
  // State: per attention and context, 0 (none yet) or 1 + V; then the output.
  using State = std::vector<std::uint8_t>;
  int ContextIndex(int d, const std::vector<bool>& at,
                   automata::Symbol s) const;
  State Step(const State& s, automata::Symbol a) const;
  int Intern(const State& s);

  const BraspProgram& p_;
  int k_;
  std::vector<ScoreContexts> contexts_;
  std::vector<int> offset_;  // per definition, its first slot in a State
  std::map<State, int> ids_;
  std::vector<State> states_;
};

int DfaBuilder::ContextIndex(int d, const std::vector<bool>& at,
                             automata::Symbol s) const {
  const ScoreContexts& c = contexts_[d];
  int index = 0;
  for (size_t v = 0; v < c.vars.size(); ++v) index |= at[c.vars[v]] << v;
  return c.symbol ? index * k_ + s : index;
}

DfaBuilder::State DfaBuilder::Step(const State& s, automata::Symbol a) const {
  const int defs = static_cast<int>(p_.defs.size());
  std::vector<bool> at(defs, false);
  State next = s;
  for (int d = 0; d < defs; ++d) {
    const Definition& def = p_.defs[d];
    if (!def.is_attention) {
      at[d] = Evaluate(def.expr, at, a, at, a);
      continue;
    }
    const std::uint8_t slot = s[offset_[d] + ContextIndex(d, at, a)];
    at[d] = slot ? slot == 2 : Evaluate(def.attention.fallback, at, a, at, a);
  }
  // Position i joins the candidates j of every later position.
  for (int d = 0; d < defs; ++d) {
    const Definition& def = p_.defs[d];
    if (!def.is_attention) continue;
    const ScoreContexts& c = contexts_[d];
    const bool v = Evaluate(def.attention.value, at, a, at, a);
    for (int ctx = 0; ctx < c.count(k_); ++ctx) {
      std::vector<bool> ci(defs, false);
      const int bits = c.symbol ? ctx / k_ : ctx;
      for (size_t b = 0; b < c.vars.size(); ++b)
        ci[c.vars[b]] = (bits >> b) & 1;
      const auto si = static_cast<automata::Symbol>(c.symbol ? ctx % k_ : 0);
      std::uint8_t& slot = next[offset_[d] + ctx];
      if (def.attention.leftmost && slot != 0) continue;
      if (Evaluate(def.attention.score, ci, si, at, a)) slot = v ? 2 : 1;
    }
  }
  next.back() = at[p_.output];
  return next;
}

int DfaBuilder::Intern(const State& s) {
  auto [it, fresh] = ids_.emplace(s, static_cast<int>(states_.size()));
  if (fresh) states_.push_back(s);
  return it->second;
}

absl::StatusOr<automata::Dfa> DfaBuilder::Build() {
  constexpr int kMaxStates = 1 << 20;
  int size = 0;
  for (size_t d = 0; d < p_.defs.size(); ++d) {
    offset_.push_back(size);
    if (p_.defs[d].is_attention) size += contexts_[d].count(k_);
  }
  State start(size + 1, 0);
  start.back() = p_.accept_empty;
  Intern(start);
  std::vector<std::int32_t> delta;
  for (size_t q = 0; q < states_.size(); ++q) {
    if (states_.size() > kMaxStates) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the program's summary automaton has more than ",
                       kMaxStates, " states before minimization"));
    }
    for (int a = 0; a < k_; ++a) {
      const State s = states_[q];  // a copy: Intern may grow states_
      delta.push_back(Intern(Step(s, static_cast<automata::Symbol>(a))));
    }
  }
  std::vector<bool> accepting;
  for (const State& s : states_) accepting.push_back(s.back() != 0);
  absl::StatusOr<automata::Dfa> dfa =
      automata::Dfa::Create(p_.alphabet, static_cast<int>(states_.size()), 0,
                            std::move(delta), std::move(accepting));
  if (!dfa.ok()) return dfa.status();
  return automata::Minimize(*dfa);
}

}  // namespace

bool LooksOnlyRight(const BraspProgram& program) {
  for (const Definition& d : program.defs) {
    if (d.is_attention && d.attention.mask != Attention::Mask::kAfter)
      return false;
  }
  return true;
}

// A right-looking program at the last position: every attention's mask is
// empty there, so the output is what the one-symbol word gives. States: 0 the
// empty word, 1 + a "the last symbol is a".
absl::StatusOr<automata::Dfa> LastSymbolDfa(const BraspProgram& program) {
  const int k = program.alphabet.size();
  std::vector<std::int32_t> delta;
  std::vector<bool> accepting = {program.accept_empty};
  for (int s = 0; s <= k; ++s) {
    for (int a = 0; a < k; ++a) delta.push_back(1 + a);
  }
  for (int a = 0; a < k; ++a) {
    accepting.push_back(
        RunBrasp(program, {static_cast<automata::Symbol>(a)}).accept);
  }
  absl::StatusOr<automata::Dfa> dfa =
      automata::Dfa::Create(program.alphabet, k + 1, 0, delta, accepting);
  if (!dfa.ok()) return dfa.status();
  return automata::Minimize(*dfa);
}

absl::StatusOr<automata::Dfa> BraspDfa(const BraspProgram& program) {
  if (LooksOnlyLeft(program)) return DfaBuilder(program).Build();
  if (LooksOnlyRight(program)) return LastSymbolDfa(program);
  return absl::FailedPreconditionError(
      "the program attends both ways, or with no mask: its DFA is built only "
      "for programs whose attention looks one way (every mask j < i, or "
      "every mask j > i)");
}

}  // namespace satcirc::programs

namespace satcirc::programs {
namespace {

// In double quotes, or single ones when the text holds a double quote.
std::string Quote(const std::string& s) {
  const char q = s.find('"') == std::string::npos ? '"' : '\'';
  return absl::StrCat(std::string(1, q), s, std::string(1, q));
}

std::string FormatExpr(const BExpr& e, const BraspProgram& p, bool indexed) {
  switch (e.kind) {
    case BExpr::Kind::kConst:
      return e.value ? "true" : "false";
    case BExpr::Kind::kSymbol:
    case BExpr::Kind::kVar: {
      std::string s =
          e.kind == BExpr::Kind::kVar
              ? p.defs[e.var].name
              : absl::StrCat("Q(",
                             Quote(std::string(1, p.alphabet.symbol(e.symbol))),
                             ")");
      if (indexed) absl::StrAppend(&s, e.side == Side::kI ? "[i]" : "[j]");
      return s;
    }
    case BExpr::Kind::kNot:
      return absl::StrCat("!", FormatExpr(e.args[0], p, indexed));
    case BExpr::Kind::kAnd:
    case BExpr::Kind::kOr:
      return absl::StrCat("(", FormatExpr(e.args[0], p, indexed),
                          e.kind == BExpr::Kind::kAnd ? " & " : " | ",
                          FormatExpr(e.args[1], p, indexed), ")");
  }
  return "";
}

}  // namespace

std::string FormatBrasp(const BraspProgram& p) {
  std::string out =
      absl::StrCat("alphabet ", Quote(p.alphabet.symbols()), "\n");
  if (!p.language.empty())
    absl::StrAppend(&out, "language ", Quote(p.language), "\n");
  if (p.accept_empty) out += "empty accept\n";
  for (const Definition& d : p.defs) {
    absl::StrAppend(&out, "let ", d.name, " = ");
    if (!d.is_attention) {
      absl::StrAppend(&out, FormatExpr(d.expr, p, false), "\n");
      continue;
    }
    const Attention& a = d.attention;
    absl::StrAppend(&out, a.leftmost ? "leftmost j" : "rightmost j",
                    a.mask == Attention::Mask::kBefore  ? " < i"
                    : a.mask == Attention::Mask::kAfter ? " > i"
                                                        : "",
                    " where ", FormatExpr(a.score, p, true), " of ",
                    FormatExpr(a.value, p, false), " else ",
                    FormatExpr(a.fallback, p, false), "\n");
  }
  absl::StrAppend(&out, "output ", p.defs[p.output].name, "\n");
  return out;
}

}  // namespace satcirc::programs
