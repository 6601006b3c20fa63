#include "automata/languages.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/counter_language.h"
#include "automata/dfa.h"
#include "automata/random.h"
#include "automata/regular_language.h"

namespace satcirc::automata {
namespace {

// A DFA from a small table: rows[q][a] is the successor of state q on symbol a.
Dfa TableDfa(std::string_view symbols,
             const std::vector<std::vector<int>>& rows,
             const std::vector<bool>& accepting) {
  std::vector<std::int32_t> delta;
  for (const auto& row : rows)
    delta.insert(delta.end(), row.begin(), row.end());
  return *Dfa::Create(*Alphabet::FromSymbols(symbols),
                      static_cast<int>(rows.size()), 0, std::move(delta),
                      accepting);
}

std::unique_ptr<Language> Regular(std::string spec, const Dfa& dfa,
                                  std::string known_class,
                                  std::string description) {
  return std::make_unique<RegularLanguage>(
      std::move(spec), dfa,
      LanguageInfo{.is_regular = true,
                   .known_class = std::move(known_class),
                   .description = std::move(description)});
}

class Majority : public CounterLanguage {
 public:
  Majority() : alphabet_(*Alphabet::FromSymbols("01")) {}
  const Alphabet& alphabet() const override { return alphabet_; }
  std::string spec() const override { return "majority"; }
  LanguageInfo info() const override {
    return {.is_regular = false,
            .known_class =
                "not regular; in TC0, not in AC0 (Furst, Saxe, "
                "Sipser 1984)",
            .description = "strictly more 1s than 0s"};
  }
  bool Contains(const Word& word) const override {
    int balance = 0;
    for (Symbol a : word) balance += a ? 1 : -1;
    return balance > 0;
  }
  State Start() const override { return {}; }
  bool Step(State& s, Symbol a) const override {
    s[0] += a ? 1 : -1;
    return true;
  }
  bool Accepts(const State& s) const override { return s[0] > 0; }
  // Σ_{j > n/2} C(n, j) = (2ⁿ − [n even]·C(n, n/2)) / 2, since more 1s and
  // more 0s are equally many by symmetry.
  mpz_class CountMembers(int n) const override {
    mpz_class total = mpz_class(1) << n, tie = 0;
    if (n % 2 == 0) mpz_bin_uiui(tie.get_mpz_t(), n, n / 2);
    total -= tie;
    total /= 2;
    return total;
  }
  bool Viable(const State& s, int remaining) const override {
    return s[0] + remaining > 0;
  }

 private:
  Alphabet alphabet_;
};

// Symbols 2i and 2i+1 are the opening and closing bracket of kind i.
class ShuffleDyck : public CounterLanguage {
 public:
  explicit ShuffleDyck(int k)
      : k_(k), alphabet_(*Alphabet::FromSymbols(DyckSymbols(k))) {}
  const Alphabet& alphabet() const override { return alphabet_; }
  std::string spec() const override {
    return absl::StrCat("shuffle-dyck:k=", k_);
  }
  LanguageInfo info() const override {
    return {.is_regular = false,
            .known_class = k_ == 1 ? "context-free, not regular; in TC0, not "
                                     "in AC0"
                                   : "not context-free; in TC0, not in AC0",
            .description = absl::StrCat(
                "every one of ", k_,
                " bracket kinds balanced on its own (kinds may interleave)")};
  }
  bool Contains(const Word& word) const override {
    std::int32_t depth[4] = {0, 0, 0, 0};
    for (Symbol a : word) {
      const int kind = a >> 1;
      if (a & 1) {
        if (--depth[kind] < 0) return false;
      } else {
        ++depth[kind];
      }
    }
    return depth[0] == 0 && depth[1] == 0 && depth[2] == 0 && depth[3] == 0;
  }
  State Start() const override { return {}; }
  bool Step(State& s, Symbol a) const override {
    const int kind = a >> 1;
    if (a & 1) return --s[kind] >= 0;
    ++s[kind];
    return true;
  }
  bool Accepts(const State& s) const override {
    return s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0;
  }
  bool Viable(const State& s, int remaining) const override {
    return s[0] + s[1] + s[2] + s[3] <= remaining;
  }

 private:
  int k_;
  Alphabet alphabet_;
};

// aᵐbᵐ (letters = 2) or aᵐbᵐcᵐ (letters = 3). State: [phase, #a, #b, #c].
class Blocks : public CounterLanguage {
 public:
  explicit Blocks(int letters)
      : letters_(letters),
        alphabet_(*Alphabet::FromSymbols(letters == 2 ? "ab" : "abc")) {}
  const Alphabet& alphabet() const override { return alphabet_; }
  std::string spec() const override {
    return letters_ == 2 ? "anbn" : "anbncn";
  }
  LanguageInfo info() const override {
    return {
        .is_regular = false,
        .known_class =
            letters_ == 2
                ? "context-free, not regular; in AC0 (one member per length)"
                : "not context-free; in AC0 (one member per length)",
        .description =
            letters_ == 2 ? "a^m b^m, m >= 0" : "a^m b^m c^m, m >= 0"};
  }
  State Start() const override { return {}; }
  bool Step(State& s, Symbol a) const override {
    if (a < s[0]) return false;  // letters must come in order
    s[0] = a;
    ++s[1 + a];
    // No block may outgrow the one before it.
    return (a == 0 || s[1 + a] <= s[a]);
  }
  bool Accepts(const State& s) const override {
    return s[1] == s[2] && (letters_ == 2 || s[2] == s[3]);
  }
  // One member per multiple of the number of letters.
  mpz_class CountMembers(int n) const override {
    return n % letters_ == 0 ? 1 : 0;
  }
  bool Viable(const State& s, int remaining) const override {
    // What is still needed to balance the blocks written so far.
    const int needed = letters_ == 2 ? s[1] - s[2] : 2 * s[1] - s[2] - s[3];
    return needed <= remaining;
  }

 private:
  int letters_;
  Alphabet alphabet_;
};

// Unbounded Dyck-k: membership with a stack; counting by the depth recursion
// D(r, d) = k·D(r-1, d+1) + [d > 0]·D(r-1, d-1), D(0, d) = [d = 0], since a
// closing bracket is forced by the stack (Catalan: D(2m, 0) = kᵐ·Cₘ).
class Dyck : public Language {
 public:
  explicit Dyck(int k)
      : k_(k), alphabet_(*Alphabet::FromSymbols(DyckSymbols(k))) {}
  const Alphabet& alphabet() const override { return alphabet_; }
  std::string spec() const override { return absl::StrCat("dyck:k=", k_); }
  LanguageInfo info() const override {
    return {
        .is_regular = false,
        .known_class = "context-free, not regular; in TC0, not in AC0",
        .description = absl::StrCat("balanced, properly nested brackets of ",
                                    k_, k_ == 1 ? " kind" : " kinds")};
  }
  bool Contains(const Word& word) const override {
    if (k_ == 1) {
      int depth = 0;
      for (Symbol a : word) {
        depth += a ? -1 : 1;
        if (depth < 0) return false;
      }
      return depth == 0;
    }
    Symbol small[256];
    std::vector<Symbol> large;
    Symbol* stack = small;
    if (word.size() > sizeof(small)) {
      large.resize(word.size());
      stack = large.data();
    }
    std::size_t top = 0;
    for (Symbol a : word) {
      if (a & 1) {
        if (top == 0 || stack[top - 1] != (a >> 1)) return false;
        --top;
      } else {
        stack[top++] = a >> 1;
      }
    }
    return top == 0;
  }
  // kᵐ·Cₘ for n = 2m, Cₘ = C(2m, m)/(m + 1) (the depth recursion below gives
  // the same; the tests compare both).
  mpz_class CountMembers(int n) const override {
    if (n % 2 != 0) return 0;
    const int m = n / 2;
    mpz_class catalan, power;
    mpz_bin_uiui(catalan.get_mpz_t(), 2 * m, m);
    catalan /= m + 1;
    mpz_ui_pow_ui(power.get_mpz_t(), k_, m);
    return power * catalan;
  }

  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override;

  // table[r][d] = number of ways to finish with r symbols from depth d.
  std::vector<std::vector<mpz_class>> Table(int n) const {
    std::vector<std::vector<mpz_class>> t(n + 1, std::vector<mpz_class>(n + 2));
    t[0][0] = 1;
    for (int r = 1; r <= n; ++r) {
      for (int d = 0; d <= r; ++d) {
        mpz_class v = k_ * t[r - 1][d + 1];
        if (d > 0) v += t[r - 1][d - 1];
        t[r][d] = std::move(v);
      }
    }
    return t;
  }
  int k() const { return k_; }

 private:
  int k_;
  Alphabet alphabet_;
};

class DyckSampler : public MemberSampler {
 public:
  DyckSampler(const Dyck& dyck, int n)
      : k_(dyck.k()), n_(n), table_(dyck.Table(n)) {}
  const mpz_class& count() const override { return table_[n_][0]; }
  Word Sample(std::mt19937_64& rng) const override {
    mpz_class x = UniformBelow(count(), rng);
    Word word(n_);
    std::vector<Symbol> stack;
    for (int i = 0; i < n_; ++i) {
      const int r = n_ - i - 1;
      const int d = static_cast<int>(stack.size());
      for (int a = 0; a < 2 * k_; ++a) {
        const bool close = a & 1;
        if (close && (d == 0 || stack.back() != (a >> 1))) continue;
        const mpz_class& c = table_[r][close ? d - 1 : d + 1];
        if (x < c) {
          word[i] = static_cast<Symbol>(a);
          if (close) {
            stack.pop_back();
          } else {
            stack.push_back(static_cast<Symbol>(a >> 1));
          }
          break;
        }
        x -= c;
      }
    }
    return word;
  }

 private:
  int k_;
  int n_;
  std::vector<std::vector<mpz_class>> table_;
};

absl::StatusOr<std::unique_ptr<MemberSampler>> Dyck::NewMemberSampler(
    int n) const {
  auto sampler = std::make_unique<DyckSampler>(*this, n);
  if (sampler->count() == 0) {
    return absl::NotFoundError(
        absl::StrCat(spec(), " has no members of length ", n));
  }
  return sampler;
}

}  // namespace

std::string DyckSymbols(int k) {
  return std::string("()[]{}<>").substr(0, 2 * k);
}

std::unique_ptr<Language> MakeParity() {
  return Regular("parity", TableDfa("01", {{0, 1}, {1, 0}}, {false, true}),
                 "regular, not star-free; in TC0, not in AC0 (Furst, Saxe, "
                 "Sipser 1984)",
                 "an odd number of 1s");
}

std::unique_ptr<Language> MakeMajority() {
  return std::make_unique<Majority>();
}

std::unique_ptr<Language> MakeFirst() {
  return Regular("first",
                 TableDfa("01", {{2, 1}, {1, 1}, {2, 2}}, {false, true, false}),
                 "regular, star-free; in AC0", "the first symbol is 1");
}

std::unique_ptr<Language> MakeAnd() {
  return Regular("and", TableDfa("01", {{1, 0}, {1, 1}}, {true, false}),
                 "regular, star-free; in AC0",
                 "every symbol is 1 (the empty word included)");
}

std::unique_ptr<Language> MakeOr() {
  return Regular("or", TableDfa("01", {{0, 1}, {1, 1}}, {false, true}),
                 "regular, star-free; in AC0", "at least one 1");
}

std::unique_ptr<Language> MakeCountMod(int m, int r) {
  std::vector<std::vector<int>> rows(m);
  std::vector<bool> accepting(m, false);
  for (int q = 0; q < m; ++q) rows[q] = {q, (q + 1) % m};
  accepting[r] = true;
  return Regular(absl::StrCat("count-mod:m=", m, ",r=", r),
                 TableDfa("01", rows, accepting),
                 m == 1 ? "regular, star-free; in AC0 (every word)"
                        : "regular, not star-free; not in AC0 (Smolensky 1987)",
                 absl::StrCat("the number of 1s is ", r, " mod ", m));
}

std::unique_ptr<Language> MakeTomita(int index) {
  struct Grammar {
    std::vector<std::vector<int>> rows;  // on '0', on '1'
    std::vector<bool> accepting;
    const char* description;
  };
  // State 0 is the start; the last state of a table with a sink is the sink.
  static const Grammar kGrammars[7] = {
      {{{1, 0}, {1, 1}}, {true, false}, "1*"},
      {{{2, 1}, {0, 2}, {2, 2}}, {true, false, false}, "(10)*"},
      // 0 no pending run, 1 odd run of 1s, 2 even run of 1s, 3 odd 1s then odd
      // 0s, 4 odd 1s then even 0s, 5 sink.
      {{{0, 1}, {3, 2}, {0, 1}, {4, 5}, {3, 1}, {5, 5}},
       {true, true, true, false, true, false},
       "no odd-length run of 1s immediately followed by an odd-length run of "
       "0s"},
      {{{1, 0}, {2, 0}, {3, 0}, {3, 3}}, {true, true, true, false}, "no 000"},
      // (#0 mod 2, #1 mod 2) = 0:(0,0) 1:(1,0) 2:(0,1) 3:(1,1)
      {{{1, 2}, {0, 3}, {3, 0}, {2, 1}},
       {true, false, false, false},
       "an even number of 0s and an even number of 1s"},
      {{{1, 2}, {2, 0}, {0, 1}}, {true, false, false}, "#0 - #1 = 0 mod 3"},
      {{{0, 1}, {2, 1}, {2, 3}, {4, 3}, {4, 4}},
       {true, true, true, true, false},
       "0*1*0*1*"},
  };
  const Grammar& g = kGrammars[index - 1];
  return Regular(absl::StrCat("tomita:", index),
                 TableDfa("01", g.rows, g.accepting), "regular (Tomita 1982)",
                 g.description);
}

absl::StatusOr<std::unique_ptr<Language>> MakeDyck(
    int k, std::optional<int> max_depth) {
  if (!max_depth) return std::make_unique<Dyck>(k);
  // Bounded depth: a DFA whose states are the stacks of depth <= D, plus a
  // sink. A stack is kept as the string of its bracket kinds (bytes 0..k-1).
  const int depth = *max_depth;
  std::map<std::string, int> ids;
  std::vector<std::string> stacks = {""};
  ids[""] = 0;
  std::vector<std::vector<int>> rows;
  for (std::size_t i = 0; i < stacks.size(); ++i) {
    if (stacks.size() > kMaxDyckStates) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "dyck:k=", k, ",depth=", depth, ": more than ", kMaxDyckStates,
          " stacks; use a smaller depth or omit it"));
    }
    const std::string stack = stacks[i];
    std::vector<int> row(2 * k, -1);  // -1: the sink, numbered at the end
    for (int a = 0; a < 2 * k; ++a) {
      std::string next = stack;
      if (a & 1) {
        if (next.empty() || next.back() != (a >> 1)) continue;
        next.pop_back();
      } else {
        if (static_cast<int>(next.size()) == depth) continue;
        next.push_back(static_cast<Symbol>(a >> 1));
      }
      auto [it, inserted] = ids.emplace(next, static_cast<int>(stacks.size()));
      if (inserted) stacks.push_back(next);
      row[a] = it->second;
    }
    rows.push_back(row);
  }
  const int sink = static_cast<int>(rows.size());
  for (auto& row : rows) {
    for (int& t : row) {
      if (t < 0) t = sink;
    }
  }
  rows.push_back(std::vector<int>(2 * k, sink));
  std::vector<bool> accepting(rows.size(), false);
  accepting[0] = true;
  return Regular(
      absl::StrCat("dyck:k=", k, ",depth=", depth),
      TableDfa(DyckSymbols(k), rows, accepting), "regular, star-free; in AC0",
      absl::StrCat("balanced brackets of ", k, k == 1 ? " kind" : " kinds",
                   ", nesting depth <= ", depth));
}

std::unique_ptr<Language> MakeShuffleDyck(int k) {
  return std::make_unique<ShuffleDyck>(k);
}

std::unique_ptr<Language> MakeAnbn() { return std::make_unique<Blocks>(2); }
std::unique_ptr<Language> MakeAnbncn() { return std::make_unique<Blocks>(3); }

}  // namespace satcirc::automata
