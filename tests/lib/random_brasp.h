// Seeded random B-RASP programs for the differential tests (tests only).
#ifndef SATCIRC_TESTS_LIB_RANDOM_BRASP_H_
#define SATCIRC_TESTS_LIB_RANDOM_BRASP_H_

#include <random>
#include <string>

#include "lib/programs/brasp.h"

namespace satcirc::testing {

struct RandomBraspOptions {
  bool allow_after = false;  // masks j > i too
  bool only_before = false;  // every mask j < i (programs with a DFA)
  bool only_after = false;   // every mask j > i (programs with a DFA too)
};

// A Boolean expression over Q(a) and the first `vars` definitions; each leaf
// at `side`, or at a random side when `mixed` (score predicates).
inline programs::BExpr RandomBExpr(std::mt19937_64& rng, int depth, int vars,
                                   int symbols, programs::Side side,
                                   bool mixed) {
  using programs::BExpr;
  BExpr e;
  const int pick = static_cast<int>(rng() % (depth > 0 ? 10 : 5));
  auto leaf_side = [&] {
    return mixed ? (rng() % 2 ? programs::Side::kI : programs::Side::kJ) : side;
  };
  if (pick == 0) {
    e.kind = BExpr::Kind::kConst;
    e.value = rng() % 2;
  } else if (pick <= 2 || (pick <= 4 && vars == 0)) {
    e.kind = BExpr::Kind::kSymbol;
    e.symbol = static_cast<automata::Symbol>(rng() % symbols);
    e.side = leaf_side();
  } else if (pick <= 4) {
    e.kind = BExpr::Kind::kVar;
    e.var = static_cast<int>(rng() % vars);
    e.side = leaf_side();
  } else if (pick <= 5) {
    e.kind = BExpr::Kind::kNot;
    e.args = {RandomBExpr(rng, depth - 1, vars, symbols, side, mixed)};
  } else {
    e.kind = pick <= 7 ? BExpr::Kind::kAnd : BExpr::Kind::kOr;
    e.args = {RandomBExpr(rng, depth - 1, vars, symbols, side, mixed),
              RandomBExpr(rng, depth - 1, vars, symbols, side, mixed)};
  }
  return e;
}

inline programs::BraspProgram RandomBrasp(std::mt19937_64& rng,
                                          const RandomBraspOptions& o = {}) {
  using programs::Attention;
  programs::BraspProgram p;
  static const char* const kAlphabets[] = {"01", "ab", "abc"};
  p.alphabet = *automata::Alphabet::FromSymbols(kAlphabets[rng() % 3]);
  p.accept_empty = rng() % 2;
  const int k = p.alphabet.size();
  const int defs = 1 + static_cast<int>(rng() % 6);
  for (int d = 0; d < defs; ++d) {
    programs::Definition def;
    def.name = "v" + std::to_string(d);
    def.is_attention = rng() % 5 < 2;
    if (!def.is_attention) {
      def.expr = RandomBExpr(rng, 2, d, k, programs::Side::kI, false);
    } else {
      Attention& a = def.attention;
      a.leftmost = rng() % 2;
      const int masks = o.allow_after ? 3 : 2;
      a.mask = o.only_before  ? Attention::Mask::kBefore
               : o.only_after ? Attention::Mask::kAfter
                              : static_cast<Attention::Mask>(
                                    std::array<int, 3>{0, 2, 1}[rng() % masks]);
      a.score = RandomBExpr(rng, 2, d, k, programs::Side::kI, true);
      a.value = RandomBExpr(rng, 1, d, k, programs::Side::kJ, false);
      a.fallback = RandomBExpr(rng, 1, d, k, programs::Side::kI, false);
    }
    p.defs.push_back(std::move(def));
  }
  p.output = rng() % 3 ? defs - 1 : static_cast<int>(rng() % defs);
  return p;
}

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_RANDOM_BRASP_H_
