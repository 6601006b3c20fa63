// Seeded random C-RASP programs for the differential tests (tests only).
#ifndef SATCIRC_TESTS_LIB_RANDOM_CRASP_H_
#define SATCIRC_TESTS_LIB_RANDOM_CRASP_H_

#include <random>
#include <string>
#include <vector>

#include "lib/programs/crasp.h"

namespace satcirc::testing {

class RandomCrasp {
 public:
  explicit RandomCrasp(std::mt19937_64& rng) : rng_(rng) {}

  programs::CraspProgram Make() {
    programs::CraspProgram p;
    static const char* const kAlphabets[] = {"01", "ab", "abc"};
    p.alphabet = *automata::Alphabet::FromSymbols(kAlphabets[rng_() % 3]);
    p.accept_empty = rng_() % 2;
    k_ = p.alphabet.size();
    defs_ = &p.defs;
    const int n = 1 + static_cast<int>(rng_() % 6);
    for (int d = 0; d < n; ++d) {
      const bool count = d + 1 < n && rng_() % 2;  // the last is Boolean
      p.defs.push_back(
          {"v" + std::to_string(d), 0, count ? Count(2) : Boolean(2)});
    }
    p.output = n - 1;
    return p;
  }

 private:
  using Kind = programs::CNode::Kind;
  programs::CNode Node(Kind kind, std::vector<programs::CNode> args = {}) {
    programs::CNode c;
    c.kind = kind;
    c.args = std::move(args);
    return c;
  }
  // An earlier definition of the given type, or -1.
  int Var(bool count) {
    std::vector<int> vs;
    for (size_t d = 0; d < defs_->size(); ++d) {
      if ((*defs_)[d].expr.is_count() == count)
        vs.push_back(static_cast<int>(d));
    }
    return vs.empty() ? -1 : vs[rng_() % vs.size()];
  }
  programs::CNode Boolean(int depth) {
    const int pick = static_cast<int>(rng_() % (depth > 0 ? 8 : 4));
    if (pick == 0) {
      programs::CNode c = Node(Kind::kConstBool);
      c.truth = rng_() % 2;
      return c;
    }
    if (pick == 1 || (pick == 2 && Var(false) < 0)) {
      programs::CNode c = Node(Kind::kSymbol);
      c.symbol = static_cast<automata::Symbol>(rng_() % k_);
      return c;
    }
    if (pick == 2) {
      programs::CNode c = Node(Kind::kBoolVar);
      c.var = Var(false);
      return c;
    }
    if (pick == 3 || pick == 7) {
      programs::CNode c = Node(
          Kind::kCompare, {Count(depth > 0 ? 1 : 0), Count(depth > 0 ? 1 : 0)});
      c.compare = static_cast<programs::Compare>(rng_() % 6);
      return c;
    }
    if (pick == 4) return Node(Kind::kNot, {Boolean(depth - 1)});
    return Node(pick == 5 ? Kind::kAnd : Kind::kOr,
                {Boolean(depth - 1), Boolean(depth - 1)});
  }
  programs::CNode Count(int depth) {
    const int pick = static_cast<int>(rng_() % (depth > 0 ? 7 : 3));
    if (pick == 0) {
      programs::CNode c = Node(Kind::kNumber);
      c.number = static_cast<int>(rng_() % 5) - 2;
      return c;
    }
    if (pick == 1 && Var(true) >= 0) {
      programs::CNode c = Node(Kind::kCountVar);
      c.var = Var(true);
      return c;
    }
    if (pick <= 2) return Node(Kind::kCount, {Boolean(depth > 0 ? 1 : 0)});
    if (pick == 3)
      return Node(Kind::kSum, {Count(depth - 1), Count(depth - 1)});
    if (pick == 4) {
      static const int kScales[] = {-2, -1, 2, 3};
      programs::CNode c = Node(Kind::kScale, {Count(depth - 1)});
      c.number = kScales[rng_() % 4];
      return c;
    }
    return Node(Kind::kIf,
                {Boolean(depth - 1), Count(depth - 1), Count(depth - 1)});
  }

  std::mt19937_64& rng_;
  int k_ = 2;
  std::vector<programs::CDefinition>* defs_ = nullptr;
};

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_RANDOM_CRASP_H_
