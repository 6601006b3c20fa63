#include "automata/languages.h"

#include <array>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/combinatorial_sampling.h"
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

std::unique_ptr<Language> Regular(
    std::string spec, const Dfa& dfa, std::string known_class,
    std::string description,
    RegularLanguage::NearMissFn near_miss = nullptr) {
  return std::make_unique<RegularLanguage>(
      std::move(spec), dfa,
      LanguageInfo{.is_regular = true,
                   .known_class = std::move(known_class),
                   .description = std::move(description)},
      std::move(near_miss));
}

// FIRST's near misses directly. A member is 1v with v uniform. An edit leaves
// FIRST only at the first position: the substitution there (probability
// 1/2 · 1/n) gives 0v; the swap of the first two symbols (1/2 · 1/(n − 1),
// effective when v starts with 0) gives 01u with u uniform. Conditioned on
// leaving, the substitution has probability (1/(2n)) / (1/(2n) + 1/(4(n −
// 1))) = (2n − 2)/(3n − 2).
std::optional<Word> FirstNearMiss(int n, std::mt19937_64& rng) {
  Word word(n);
  UniformSymbols(2, n, rng, word.data());
  word[0] = 0;
  if (n >= 2 && UniformBelow(3 * std::uint64_t(n) - 2, rng) >=
                    2 * std::uint64_t(n) - 2) {
    word[1] = 1;
  }
  return word;
}

// OR's near misses directly: only a member with a single 1 can leave OR by one
// edit, by substituting that 1, and the result is always 0ⁿ.
std::optional<Word> OrNearMiss(int n, std::mt19937_64& /*rng*/) {
  return Word(n, 0);
}

absl::Status NoMembers(const Language& language, int n) {
  return absl::NotFoundError(
      absl::StrCat(language.spec(), " has no members of length ", n));
}

// Dyck and Shuffle-Dyck: for n >= 1 every word that opens with a closing
// bracket (half of Σⁿ) is a non-member; the empty word is a member.
double ClosingFirstShare(int n) { return n == 0 ? 0.0 : 0.5; }

// The Catalan number C_m = C(2m, m) / (m + 1).
mpz_class Catalan(int m) {
  mpz_class c;
  mpz_bin_uiui(c.get_mpz_t(), 2 * m, m);
  mpz_divexact_ui(c.get_mpz_t(), c.get_mpz_t(), m + 1);
  return c;
}

// Uniform over MAJORITY ∩ {0,1}ⁿ by symmetry: draw w uniform in {0,1}ⁿ; keep
// it when it has more 1s than 0s, take its complement when it has fewer, and
// draw again on a tie (n even, #1 = n/2; probability C(n, n/2)/2ⁿ < 0.8/√n
// for n >= 2). Every member m comes from exactly two words, m and its
// complement, so it has probability 2/2ⁿ per draw: uniform. O(n) per sample,
// nothing to build; the count (a binomial) is computed on first use.
class MajoritySampler : public MemberSampler {
 public:
  explicit MajoritySampler(int n) : n_(n), k0_(n / 2 + 1) {}
  const mpz_class& count() const override {
    std::call_once(count_once_, [this] { count_ = MajorityCount(n_); });
    return count_;
  }
  Word Sample(std::mt19937_64& rng) const override {
    Word word(n_);
    while (true) {
      UniformSymbols(2, n_, rng, word.data());
      std::int64_t ones = 0;
      for (Symbol a : word) ones += a;
      if (2 * ones == n_) continue;
      if (2 * ones < n_) {
        for (Symbol& a : word) a ^= 1;
      }
      return word;
    }
  }
  // A member w with one edit leaves MAJORITY only when w has k0 ones and the
  // edit sets a 1 to 0 (swaps and 0 → 1 keep it inside). Each word v with
  // k0 − 1 ones comes from exactly n − k0 + 1 such (w, position) pairs, all
  // equally likely, so a near miss is a uniform word with k0 − 1 ones.
  std::optional<Word> SampleNearMiss(std::mt19937_64& rng) const override {
    Word word(n_);
    UniformArrangement({n_ - k0_ + 1, k0_ - 1}, rng, word.data());
    return word;
  }
  // Σ_{j > n/2} C(n, j) = (2ⁿ − [n even]·C(n, n/2)) / 2, since more 1s and
  // more 0s are equally many by symmetry.
  static mpz_class MajorityCount(int n) {
    mpz_class total = mpz_class(1) << n, tie = 0;
    if (n % 2 == 0) mpz_bin_uiui(tie.get_mpz_t(), n, n / 2);
    total -= tie;
    total /= 2;
    return total;
  }

 private:
  int n_;
  int k0_;
  mutable std::once_flag count_once_;
  mutable mpz_class count_;
};

// The only member of its length: a^m b^m (c^m).
class SingleWordSampler : public MemberSampler {
 public:
  explicit SingleWordSampler(Word word) : word_(std::move(word)) {}
  const mpz_class& count() const override { return one_; }
  Word Sample(std::mt19937_64& /*rng*/) const override { return word_; }

 private:
  Word word_;
  mpz_class one_ = 1;
};

// Uniform Dyck-k words of length 2m: a uniform Dyck-1 shape (cycle lemma, see
// UniformDyckPath) and an independent uniform kind for each matched pair. Every
// Dyck-k word is exactly one (shape, kinds) pair, so each has probability
// 1 / (C_m · kᵐ). O(m) per sample.
class DyckSampler : public MemberSampler {
 public:
  DyckSampler(int k, int n, mpz_class count)
      : k_(k), n_(n), count_(std::move(count)) {}
  const mpz_class& count() const override { return count_; }
  Word Sample(std::mt19937_64& rng) const override {
    Word word(n_);
    UniformDyckPath(n_ / 2, rng, word.data());
    if (k_ == 1) return word;
    std::vector<Symbol> stack;
    for (Symbol& a : word) {
      if (a == 0) {
        stack.push_back(static_cast<Symbol>(FastBelow(k_, rng)));
        a = static_cast<Symbol>(2 * stack.back());
      } else {
        a = static_cast<Symbol>(2 * stack.back() + 1);
        stack.pop_back();
      }
    }
    return word;
  }

 private:
  int k_;
  int n_;
  mpz_class count_;
};

// Shuffle-Dyck-k words of length 2M. A member is (m_1 … m_k pairs per kind,
// which positions hold which kind, one Dyck-1 word per kind), so there are
//   F_k(M) = Σ_{m_1+…+m_k = M} (2M)! / Π (2m_i)! · Π C_{m_i}
// and a uniform member is: m with probability (that term) / F_k(M), then a
// uniform arrangement of the kinds, then uniform Dyck words (cycle lemma).
//
// Two kinds: the term is (2M)! / Π m_i!(m_i + 1)! ∝ C(M, m_1)·C(M + 2, m_1 +
// 1), so m_1 follows the hypergeometric law of the red balls among M + 1 drawn
// from M red and M + 2 blue, and Vandermonde gives
// F_2(M) = (2M)!/(M!(M+2)!) · C(2M+2, M+1) = C_M·C_{M+1} (the quarter-plane
// walks of Guy, Krattenthaler, Sagan 1992).
// Three and four kinds: split the kinds into groups {0 | 1,2} or {0,1 | 2,3};
// the first group's pair count j has weight t_j = C(2M, 2j)·F_a(j)·F_b(M − j),
// a hypergeometric term in j (TermSampler, O(M) linear-size steps to build);
// then each group of two splits as above.
class ShuffleDyckSampler : public MemberSampler {
 public:
  ShuffleDyckSampler(int k, int n) : k_(k), n_(n) {
    const int m = n / 2;
    if (k == 1) {
      count_ = Catalan(m);
    } else if (k == 2) {
      count_ = Catalan(m) * Catalan(m + 1);
    } else {
      // Groups: kinds {0} or {0, 1}, then the last two.
      const int a = k - 2;
      top_.emplace(
          GroupCount(2, m), m,
          [m, a](int j, mpz_class& t) {
            const auto f = StepFactors(m, a, j);
            mpz_ptr z = t.get_mpz_t();
            for (int i = 0; i < 3; ++i) mpz_mul_ui(z, z, f[i]);
            for (int i = 3; i < 6; ++i) mpz_divexact_ui(z, z, f[i]);
          },
          [m, a](int j) {
            const auto f = StepFactors(m, a, j);
            // Each factor < 2^62 converts exactly; six roundings.
            return static_cast<long double>(f[0]) * f[1] * f[2] / f[3] /
                   f[4] / f[5];
          });
    }
  }
  const mpz_class& count() const override {
    return top_ ? top_->total() : count_;
  }

  Word Sample(std::mt19937_64& rng) const override {
    const int m = n_ / 2;
    std::vector<int> pairs(k_, 0);
    if (k_ == 1) {
      pairs[0] = m;
    } else if (k_ == 2) {
      SplitTwo(m, rng, &pairs[0], &pairs[1]);
    } else {
      const int j = top_->Sample(rng);
      if (k_ == 3) {
        pairs[0] = j;
      } else {
        SplitTwo(j, rng, &pairs[0], &pairs[1]);
      }
      SplitTwo(m - j, rng, &pairs[k_ - 2], &pairs[k_ - 1]);
    }
    std::vector<int> lengths(k_);
    for (int i = 0; i < k_; ++i) lengths[i] = 2 * pairs[i];
    Word word(n_);
    UniformArrangement(lengths, rng, word.data());  // the kind of each position
    std::vector<std::vector<std::uint8_t>> paths(k_);
    std::vector<int> next(k_, 0);
    for (int i = 0; i < k_; ++i) {
      paths[i].resize(lengths[i]);
      UniformDyckPath(pairs[i], rng, paths[i].data());
    }
    for (Symbol& a : word) a = static_cast<Symbol>(2 * a + paths[a][next[a]++]);
    return word;
  }

  // t_{j+1}/t_j for the split of M pairs into j (first group, `a` kinds) and
  // p = M − j (two kinds): C(2M, 2j+2)/C(2M, 2j) · F_a(j+1)/F_a(j) ·
  // F_2(p−1)/F_2(p) with C_{i+1}/C_i = 2(2i + 1)/(i + 2), as three
  // multipliers and three exact divisors, paired so that each fits in 64 bits
  // (j, p < 2^30).
  static std::array<unsigned long, 6> StepFactors(int m, int a, int jj) {
    const unsigned long j = jj;  // products below exceed int range
    const unsigned long p = m - jj;  // pairs of the second group, >= 1
    return {(2 * p) * (2 * p - 1),
            2 * (2 * j + 1) * (p + 1),
            a == 2 ? 2 * (2 * j + 3) * (p + 2) : p + 2,
            (2 * j + 1) * (2 * j + 2),
            a == 2 ? (j + 2) * (j + 3) : j + 2,
            4 * (2 * p - 1) * (2 * p + 1)};
  }

  // F_1(p) = C_p, F_2(p) = C_p·C_{p+1}.
  static mpz_class GroupCount(int kinds, int p) {
    return kinds == 1 ? Catalan(p) : Catalan(p) * Catalan(p + 1);
  }

 private:
  // p pairs over two kinds: m_1 is hypergeometric (see the class comment).
  static void SplitTwo(int p, std::mt19937_64& rng, int* first, int* second) {
    *first = HypergeometricDraw(p, p + 2, p + 1, rng);
    *second = p - *first;
  }

  int k_;
  int n_;
  std::optional<TermSampler> top_;  // three or four kinds
  mpz_class count_;
};

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
  mpz_class CountMembers(int n) const override {
    return MajoritySampler::MajorityCount(n);
  }
  // At least as many words have #1 <= #0 as #1 > #0 (complementing maps the
  // second set into the first), so at least half of {0,1}ⁿ are non-members.
  double NonMemberShareAtLeast(int /*n*/) const override { return 0.5; }
  bool Viable(const State& s, int remaining) const override {
    return s[0] + remaining > 0;
  }
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override {
    if (n == 0) return NoMembers(*this, n);
    return std::make_unique<MajoritySampler>(n);
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
  // Closed forms and a hypergeometric-term sum (ShuffleDyckSampler); the
  // counter-machine layers (CountByLayers) agree, the tests compare both.
  mpz_class CountMembers(int n) const override {
    if (n % 2 != 0) return 0;
    return ShuffleDyckSampler(k_, n).count();
  }
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override {
    if (n % 2 != 0) return NoMembers(*this, n);
    return std::make_unique<ShuffleDyckSampler>(k_, n);
  }
  double NonMemberShareAtLeast(int n) const override {
    return ClosingFirstShare(n);
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
  // For n >= 1 every word that does not open with a is a non-member.
  double NonMemberShareAtLeast(int n) const override {
    return n == 0 ? 0.0 : (letters_ - 1.0) / letters_;
  }
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override {
    if (n % letters_ != 0) return NoMembers(*this, n);
    Word word(n);
    for (int i = 0; i < n; ++i)
      word[i] = static_cast<Symbol>(i / (n / letters_));
    return std::make_unique<SingleWordSampler>(std::move(word));
  }

 private:
  int letters_;
  Alphabet alphabet_;
};

// Unbounded Dyck-k: membership with a stack; counting by the closed form kᵐ·Cₘ
// and sampling by the cycle lemma (DyckSampler).
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
  // kᵐ·Cₘ for n = 2m, Cₘ = C(2m, m)/(m + 1) (the depth recursion
  // D(r, d) = k·D(r-1, d+1) + [d > 0]·D(r-1, d-1), D(0, d) = [d = 0] gives the
  // same; the tests compare both).
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
  double NonMemberShareAtLeast(int n) const override {
    return ClosingFirstShare(n);
  }

 private:
  int k_;
  Alphabet alphabet_;
};

absl::StatusOr<std::unique_ptr<MemberSampler>> Dyck::NewMemberSampler(
    int n) const {
  if (n % 2 != 0) return NoMembers(*this, n);
  return std::make_unique<DyckSampler>(k_, n, CountMembers(n));
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
                 "regular, star-free; in AC0", "the first symbol is 1",
                 FirstNearMiss);
}

std::unique_ptr<Language> MakeAnd() {
  return Regular("and", TableDfa("01", {{1, 0}, {1, 1}}, {true, false}),
                 "regular, star-free; in AC0",
                 "every symbol is 1 (the empty word included)");
}

std::unique_ptr<Language> MakeOr() {
  return Regular("or", TableDfa("01", {{0, 1}, {1, 1}}, {false, true}),
                 "regular, star-free; in AC0", "at least one 1", OrNearMiss);
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
