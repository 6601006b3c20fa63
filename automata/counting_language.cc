#include "automata/counting_language.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/combinatorial_sampling.h"
#include "automata/counts_formula.h"
#include "automata/dfa.h"
#include "automata/minimize.h"
#include "automata/regular_language.h"
#include "automata/spec_error.h"

namespace satcirc::automata {
namespace {

using internal::Quoted;
using internal::SpecError;

// An atom over group counts: Σ coef[g]·c[g] + n_coef·n + constant REL 0, or
// ≡ 0 (mod modulus) when modulus > 0 (kEq; kNe is its negation).
struct GroupAtom {
  std::vector<std::int64_t> coef;
  std::int64_t n_coef = 0;
  std::int64_t constant = 0;
  std::int64_t modulus = 0;
  CountsRelation relation = CountsRelation::kEq;
};

// The formula over groups of symbols. The symbols that no atom weighs (zero
// coefficient everywhere; n is a constant at a fixed length) are pooled in
// group 0, when there are any; each weighed symbol is a group of its own, in
// alphabet order. So the last group has one symbol unless it is the only one.
struct Model {
  Alphabet alphabet;
  CountsFormula formula;
  std::vector<int> size;       // symbols per group
  std::vector<Symbol> single;  // the symbol of each one-symbol group
  std::vector<Symbol> pooled;  // the symbols of the pool
  std::vector<int> group_of;   // by symbol
  std::vector<GroupAtom> atoms;
  int groups() const { return static_cast<int>(size.size()); }
};

// Buffers for evaluating a model millions of times.
struct Scratch {
  explicit Scratch(const Model& m)
      : truth(m.atoms.size()), nodes(m.formula.nodes().size()) {}
  std::vector<char> truth;
  std::vector<char> nodes;
};

// PHI at group counts c (Σ c = n). Values stay far inside __int128: 65
// groups and n · 2^30 · 2^63 < 2^100 (counts_formula.h).
bool Satisfies(const Model& m, const std::int64_t* c, std::int64_t n,
               Scratch& s) {
  for (std::size_t i = 0; i < m.atoms.size(); ++i) {
    const GroupAtom& a = m.atoms[i];
    __int128 v = a.constant + static_cast<__int128>(a.n_coef) * n;
    for (int g = 0; g < m.groups(); ++g)
      v += static_cast<__int128>(a.coef[g]) * c[g];
    s.truth[i] = a.modulus > 0 ? (v % a.modulus == 0) ==
                                     (a.relation == CountsRelation::kEq)
                               : Compare(v, a.relation);
  }
  return m.formula.Evaluate(s.truth.data(), s.nodes.data());
}

// Calls visit(c, w) for every vector c of group counts with Σ c = n, in
// lexicographic order, where w = n!/Π c_g! · Π size_g^c_g is the number of
// words with those group counts. Level g runs c_g = j from 0 to what is left,
// r, keeping the weight of the prefix by C(r, j+1)·s^(j+1) = C(r, j)·s^j ·
// (r − j)·s / (j + 1): one multiplication and one exact division by small
// numbers per vector. Recursion depth: the groups (at most 65).
template <typename Visit>
class VectorWalk {
 public:
  VectorWalk(const std::vector<int>& size, Visit& visit)
      : size_(size), visit_(visit), c_(size.size()), w_(size.size()) {}

  void Run(std::int64_t n) {
    if (size_.size() == 1) {
      mpz_ui_pow_ui(w_[0].get_mpz_t(), size_[0], n);
      c_[0] = n;
      visit_(c_.data(), w_[0]);
      return;
    }
    w_[0] = 1;
    Level(0, n);
  }

 private:
  void Level(std::size_t g, std::int64_t rem) {
    if (g + 1 == size_.size()) {  // a one-symbol group: the factor is 1
      c_[g] = rem;
      visit_(c_.data(), w_[g]);
      return;
    }
    mpz_class& f = w_[g + 1];
    f = w_[g];
    for (std::int64_t j = 0;; ++j) {
      c_[g] = j;
      Level(g + 1, rem - j);
      if (j == rem) break;
      mpz_mul_ui(f.get_mpz_t(), f.get_mpz_t(),
                 static_cast<unsigned long>(rem - j) * size_[g]);
      mpz_divexact_ui(f.get_mpz_t(), f.get_mpz_t(),
                      static_cast<unsigned long>(j + 1));
    }
  }

  const std::vector<int>& size_;
  Visit& visit_;
  std::vector<std::int64_t> c_;
  std::vector<mpz_class> w_;  // w_[g]: the weight of c_0 ... c_{g-1}
};

template <typename Visit>
void ForEachVector(const std::vector<int>& size, std::int64_t n,
                   Visit&& visit) {
  VectorWalk<std::remove_reference_t<Visit>> walk(size, visit);
  walk.Run(n);
}

// C(n + g − 1, g − 1): the vectors of g group counts that sum to n.
mpz_class NumVectors(int groups, int n) {
  mpz_class v;
  mpz_bin_uiui(v.get_mpz_t(), static_cast<unsigned long>(n) + groups - 1,
               groups - 1);
  return v;
}

// A uniform word of length n among the members (or the non-members): a
// satisfying (or unsatisfying) vector c with probability w(c)/T, then a uniform
// arrangement of its group counts, then a uniform pooled symbol at each pooled
// position; each word has probability w(c)/T · 1/(n!/Π c_g!) · Π size_g^-c_g
// = 1/T. The vector is drawn as TermSampler draws (combinatorial_sampling.h):
// 64 bits of a uniform U ∈ [0, 1) against double approximations of the
// prefix sums S_i/T settle it by binary search unless U is within the margin
// of a boundary; then the exact prefix sums kept at every stride-th vector and
// the exact weights after it (recomputed from the vector) decide, drawing more
// bits of U until the comparison is exact. Each S_i/T is within 2^-50 (two
// truncations to 53 bits and a rounded division), U's double within 2^-53:
// the margin 2^-40 is safe. Memory: per vector of the class, its free counts
// and a double; √(vectors) exact prefix sums.
class VectorSampler : public MemberSampler {
 public:
  VectorSampler(std::shared_ptr<const Model> model, int n, bool members,
                bool exact_draws)
      : model_(std::move(model)),
        n_(n),
        free_(model_->groups() - 1),
        exact_draws_(exact_draws) {
    Build(members);
  }
  const mpz_class& count() const override { return total_; }
  Word Sample(std::mt19937_64& rng) const override;

 private:
  void Build(bool members);
  int Pick(std::mt19937_64& rng) const;
  int PickExactly(std::uint64_t u, std::mt19937_64& rng) const;
  std::vector<int> Counts(int item) const;
  mpz_class Weight(int item) const;

  static constexpr double kMargin = 0x1.0p-40;
  std::shared_ptr<const Model> model_;
  int n_;
  int free_;  // counts kept per vector: all groups but the last
  bool exact_draws_;
  int items_ = 0;
  int stride_ = 1;
  std::vector<std::int32_t> free_counts_;  // items_ × free_
  std::vector<double> cumulative_;         // ≈ S_i/T, i = 0 ... items_
  std::vector<mpz_class> before_;          // S_{c·stride_}
  mpz_class total_;                        // T
};

void VectorSampler::Build(bool members) {
  stride_ = std::max(1, static_cast<int>(std::ceil(std::sqrt(
                            NumVectors(model_->groups(), n_).get_d()))));
  // Exponents of the prefix sums: below n·log2|Σ| + 1 < 2^31 within the limits.
  std::vector<std::int32_t> exponent;
  Scratch scratch(*model_);
  total_ = 0;
  ForEachVector(model_->size, n_,
                [&](const std::int64_t* c, const mpz_class& w) {
                  if (Satisfies(*model_, c, n_, scratch) != members) return;
                  if (items_ % stride_ == 0) before_.push_back(total_);
                  long e;
                  cumulative_.push_back(mpz_get_d_2exp(&e, total_.get_mpz_t()));
                  exponent.push_back(static_cast<std::int32_t>(e));
                  for (int g = 0; g < free_; ++g)
                    free_counts_.push_back(static_cast<std::int32_t>(c[g]));
                  total_ += w;
                  ++items_;
                });
  if (items_ == 0) return;
  long total_exponent;
  const double total_mantissa =
      mpz_get_d_2exp(&total_exponent, total_.get_mpz_t());
  for (int i = 0; i < items_; ++i) {
    const long shift = exponent[i] - total_exponent;  // <= 0
    cumulative_[i] = cumulative_[i] == 0 || shift < -1100
                         ? 0
                         : std::ldexp(cumulative_[i] / total_mantissa,
                                      static_cast<int>(shift));
  }
  cumulative_.push_back(1);
}

std::vector<int> VectorSampler::Counts(int item) const {
  std::vector<int> counts(model_->groups());
  int rest = n_;
  for (int g = 0; g < free_; ++g) {
    counts[g] = free_counts_[static_cast<std::size_t>(item) * free_ + g];
    rest -= counts[g];
  }
  counts[free_] = rest;
  return counts;
}

// n!/Π c_g! · Π size_g^c_g from scratch, as Π_g C(r_g, c_g)·size_g^c_g.
mpz_class VectorSampler::Weight(int item) const {
  const std::vector<int> counts = Counts(item);
  mpz_class w = 1, factor;
  unsigned long rest = n_;
  for (int g = 0; g < model_->groups(); ++g) {
    mpz_bin_uiui(factor.get_mpz_t(), rest, counts[g]);
    w *= factor;
    mpz_ui_pow_ui(factor.get_mpz_t(), model_->size[g], counts[g]);
    w *= factor;
    rest -= counts[g];
  }
  return w;
}

int VectorSampler::Pick(std::mt19937_64& rng) const {
  const std::uint64_t u = rng();
  if (!exact_draws_) {
    const double x = static_cast<double>(u) * 0x1.0p-64;  // may round to 1
    const int j = std::min<int>(
        items_ - 1, static_cast<int>(std::upper_bound(cumulative_.begin(),
                                                      cumulative_.end(), x) -
                                     cumulative_.begin()) -
                        1);
    // S_0 = 0 and S_items = T are exact boundaries.
    const bool low_ok = j == 0 || x - kMargin >= cumulative_[j];
    const bool high_ok = j == items_ - 1 || x + kMargin < cumulative_[j + 1];
    if (low_ok && high_ok) return j;
  }
  return PickExactly(u, rng);
}

// U ∈ [prefix, prefix + 1) / 2^bits; the vector j with S_j <= U·T < S_{j+1}
// once the interval of U·T lies between two prefix sums.
int VectorSampler::PickExactly(std::uint64_t u, std::mt19937_64& rng) const {
  mpz_class prefix;
  mpz_import(prefix.get_mpz_t(), 1, 1, sizeof(u), 0, 0, &u);
  unsigned long bits = 64;
  while (true) {
    const mpz_class floor_low = (prefix * total_) >> bits;  // <= U·T, < T
    const std::size_t c =
        std::upper_bound(before_.begin(), before_.end(), floor_low) -
        before_.begin() - 1;
    int j = static_cast<int>(c) * stride_;
    mpz_class below = before_[c], t = Weight(j);
    while (below + t <= floor_low) {
      below += t;
      t = Weight(++j);
    }
    const mpz_class end = mpz_class(below + t) << bits;
    if ((prefix + 1) * total_ <= end) return j;
    MoreRandomBits(rng, prefix, bits);
  }
}

Word VectorSampler::Sample(std::mt19937_64& rng) const {
  const std::vector<int> counts = Counts(Pick(rng));
  Word word(n_);
  UniformArrangement(counts, rng, word.data());  // the group of each position
  const bool pool = !model_->pooled.empty();
  const std::uint64_t pooled = model_->pooled.size();
  for (Symbol& a : word) {
    a = pool && a == 0 ? model_->pooled[FastBelow(pooled, rng)]
                       : model_->single[a];
  }
  return word;
}

absl::Status NoneOfLength(const Language& language, int n, bool members) {
  return absl::NotFoundError(absl::StrCat(language.spec(), " has no ",
                                          members ? "members" : "non-members",
                                          " of length ", n));
}

class CountingLanguage : public Language {
 public:
  CountingLanguage(std::string spec, std::shared_ptr<const Model> model,
                   LanguageInfo info, std::optional<Dfa> dfa, bool exact_draws)
      : spec_(std::move(spec)),
        model_(std::move(model)),
        info_(std::move(info)),
        dfa_(std::move(dfa)),
        exact_draws_(exact_draws) {}
  const Alphabet& alphabet() const override { return model_->alphabet; }
  std::string spec() const override { return spec_; }
  LanguageInfo info() const override { return info_; }
  const Dfa* dfa() const override { return dfa_ ? &*dfa_ : nullptr; }

  bool Contains(const Word& word) const override {
    std::vector<std::int64_t> c(model_->groups(), 0);
    for (Symbol a : word) ++c[model_->group_of[a]];
    Scratch scratch(*model_);
    return Satisfies(*model_, c.data(), static_cast<std::int64_t>(word.size()),
                     scratch);
  }

  // Σ w(c) over the satisfying vectors, in one walk. Beyond the limits this
  // still answers, slowly (CheckCountingLimits).
  mpz_class CountMembers(int n) const override {
    mpz_class total = 0;
    Scratch scratch(*model_);
    ForEachVector(model_->size, n,
                  [&](const std::int64_t* c, const mpz_class& w) {
                    if (Satisfies(*model_, c, n, scratch)) total += w;
                  });
    return total;
  }

  absl::Status CheckCountingLimits(int n) const override;

  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override {
    return NewSampler(n, true);
  }
  absl::StatusOr<std::unique_ptr<WordSampler>> NewNonMemberSampler(
      int n) const override {
    absl::StatusOr<std::unique_ptr<MemberSampler>> s = NewSampler(n, false);
    if (!s.ok()) return s.status();
    return std::unique_ptr<WordSampler>(*std::move(s));
  }

 private:
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewSampler(
      int n, bool members) const {
    if (absl::Status s = CheckCountingLimits(n); !s.ok()) return s;
    auto sampler =
        std::make_unique<VectorSampler>(model_, n, members, exact_draws_);
    if (sampler->count() == 0) return NoneOfLength(*this, n, members);
    return sampler;
  }

  std::string spec_;
  std::shared_ptr<const Model> model_;
  LanguageInfo info_;
  std::optional<Dfa> dfa_;
  bool exact_draws_;
};

absl::Status CountingLanguage::CheckCountingLimits(int n) const {
  const int groups = model_->groups();
  const mpz_class vectors = NumVectors(groups, n);
  const std::string what =
      absl::StrCat(spec_, " at length ", n, ": ", vectors.get_str(),
                   " count vectors (the ways to split ", n, " among ", groups,
                   groups == 1 ? " group" : " groups", " of symbols)");
  if (vectors > kMaxCountVectors) {
    return absl::ResourceExhaustedError(absl::StrCat(
        what, " are more than the limit of ", kMaxCountVectors,
        " (see docs/limits.md); use shorter lengths or fewer counted "
        "symbols"));
  }
  // The weights have up to n·log2|Σ| bits; the formula costs atoms × groups.
  const double limbs =
      std::floor(n * std::log2(static_cast<double>(alphabet().size())) / 64) +
      1;
  const double formula =
      static_cast<double>(model_->atoms.size()) * model_->groups();
  const double steps = vectors.get_d() * (limbs + formula);
  if (steps > static_cast<double>(kMaxCountSteps)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        what, " at ", static_cast<std::int64_t>(limbs + formula),
        " steps each (weights of ", static_cast<std::int64_t>(limbs),
        " 64-bit limbs, ", model_->atoms.size(),
        model_->atoms.size() == 1 ? " atom" : " atoms", " over ", groups,
        groups == 1 ? " group" : " groups", ") take about ",
        static_cast<std::int64_t>(steps), " steps, more than the limit of ",
        kMaxCountSteps, " (see docs/limits.md); use shorter lengths"));
  }
  return absl::OkStatus();
}

// An atom of a regular formula as a DFA component, over the symbols (n
// counted in: the coefficient of n adds to every symbol's). A congruence keeps
// its residue. A comparison whose coefficients share a sign keeps its value
// (negated when they are <= 0, so that it only grows), saturated at 1: once
// positive it stays so, and every value >= 1 compares with 0 alike. An atom
// whose value is the same on every word is a constant.
struct Tracker {
  std::optional<bool> constant;
  std::int64_t modulus = 0;  // > 0: a residue; else a saturating value
  bool equal = true;         // congruences: ≡ (else ≢)
  CountsRelation relation = CountsRelation::kEq;  // comparisons
  std::int64_t low = 0;  // comparisons: state i holds the value low + i
  std::int64_t start = 0;
  std::int64_t size = 1;           // states
  std::vector<std::int64_t> step;  // by symbol
  bool Truth(std::int64_t i) const {
    if (modulus > 0) return (i == 0) == equal;
    return Compare(low + i, relation);
  }
  std::int64_t Next(std::int64_t i, Symbol a) const {
    return modulus > 0 ? (i + step[a]) % modulus
                       : std::min(size - 1, i + step[a]);
  }
};

CountsRelation Flip(CountsRelation r) {
  switch (r) {
    case CountsRelation::kLt:
      return CountsRelation::kGt;
    case CountsRelation::kLe:
      return CountsRelation::kGe;
    case CountsRelation::kGt:
      return CountsRelation::kLt;
    case CountsRelation::kGe:
      return CountsRelation::kLe;
    default:
      return r;
  }
}

std::int64_t Mod(std::int64_t a, std::int64_t m) { return ((a % m) + m) % m; }

// The coefficients of an atom by symbol, n counted in.
std::vector<std::int64_t> SymbolCoefficients(const CountsAtom& a,
                                             const Alphabet& alphabet) {
  std::vector<std::int64_t> coef(alphabet.size());
  for (int s = 0; s < alphabet.size(); ++s) {
    coef[s] = a.diff.coef[static_cast<unsigned char>(
                  alphabet.symbol(static_cast<Symbol>(s)))] +
              a.diff.n_coef;
  }
  return coef;
}

// The tracker of an atom, or nullopt when its coefficients have both signs.
// An equation whose coefficients' gcd does not divide its constant never
// holds: a constant too, whatever the signs.
std::optional<Tracker> Track(const CountsAtom& a, const Alphabet& alphabet) {
  const std::vector<std::int64_t> coef = SymbolCoefficients(a, alphabet);
  const std::int64_t c0 = a.diff.constant;
  Tracker t;
  if (a.modulus > 0) {
    t.modulus = t.size = a.modulus;
    t.equal = a.relation == CountsRelation::kEq;
    t.start = Mod(c0, a.modulus);
    for (std::int64_t x : coef) t.step.push_back(Mod(x, a.modulus));
    if (std::all_of(t.step.begin(), t.step.end(),
                    [](std::int64_t x) { return x == 0; })) {
      t.constant = t.Truth(t.start);
    }
    return t;
  }
  std::int64_t gcd = 0;
  bool positive = false, negative = false;
  for (std::int64_t x : coef) {
    gcd = std::gcd(gcd, x);
    positive = positive || x > 0;
    negative = negative || x < 0;
  }
  const bool equation =
      a.relation == CountsRelation::kEq || a.relation == CountsRelation::kNe;
  if (gcd == 0 || (equation && c0 % gcd != 0)) {
    t.constant =
        gcd == 0 ? Compare(c0, a.relation) : a.relation == CountsRelation::kNe;
    return t;
  }
  if (positive && negative) return std::nullopt;
  const int sign = positive ? 1 : -1;
  t.relation = positive ? a.relation : Flip(a.relation);
  t.low = sign * c0;
  if (t.low >= 1) {
    t.constant = Compare(1, t.relation);
    return t;
  }
  t.size = 2 - t.low;  // values low ... 1
  for (std::int64_t x : coef) t.step.push_back(sign * x);
  return t;
}

// The product of the trackers, reachable states only, minimized; nullopt
// beyond kMaxCountsDfaStates states or kMaxCountsDfaWork.
std::optional<Dfa> TrackerDfa(const Model& m,
                              const std::vector<Tracker>& trackers) {
  const int k = m.alphabet.size();
  using Key = std::vector<std::int64_t>;  // the state of each tracker
  auto hash = [](const Key& key) {
    std::size_t h = 1469598103934665603u;
    for (std::int64_t x : key)
      h = (h ^ static_cast<std::size_t>(x)) * 1099511628211u;
    return h;
  };
  const std::int64_t max_states = std::min<std::int64_t>(
      kMaxCountsDfaStates,
      kMaxCountsDfaWork /
          (k * std::max<std::int64_t>(
                   1, static_cast<std::int64_t>(trackers.size()))));
  std::unordered_map<Key, int, decltype(hash)> ids(16, hash);
  std::vector<Key> states;
  Key start;
  for (const Tracker& t : trackers) start.push_back(t.start);
  ids.emplace(start, 0);
  states.push_back(start);
  std::vector<std::int32_t> delta;
  std::vector<bool> accepting;
  Scratch scratch(m);
  for (std::size_t q = 0; q < states.size(); ++q) {
    const Key key = states[q];
    for (std::size_t i = 0; i < trackers.size(); ++i) {
      scratch.truth[i] = trackers[i].constant ? *trackers[i].constant
                                              : trackers[i].Truth(key[i]);
    }
    accepting.push_back(
        m.formula.Evaluate(scratch.truth.data(), scratch.nodes.data()));
    for (int a = 0; a < k; ++a) {
      Key next = key;
      for (std::size_t i = 0; i < trackers.size(); ++i) {
        if (!trackers[i].constant)
          next[i] = trackers[i].Next(key[i], static_cast<Symbol>(a));
      }
      auto [it, inserted] =
          ids.emplace(std::move(next), static_cast<int>(states.size()));
      if (inserted) {
        if (static_cast<std::int64_t>(states.size()) >= max_states)
          return std::nullopt;
        states.push_back(it->first);
      }
      delta.push_back(it->second);
    }
  }
  absl::StatusOr<Dfa> dfa =
      Dfa::Create(m.alphabet, static_cast<int>(states.size()), 0,
                  std::move(delta), std::move(accepting));
  if (!dfa.ok()) return std::nullopt;  // cannot happen: sizes match
  return Minimize(*dfa);
}

// What is known about regularity: the DFA when every atom is tracked; not
// regular when PHI is one comparison with coefficients of both signs (or its
// negation); otherwise not decided.
struct Regularity {
  LanguageInfo info;
  std::optional<Dfa> dfa;
};

// A single comparison with coefficients p > 0 for a and −q < 0 for b (n
// counted in) that is not constant is not regular: with a word u on which it
// holds (=, !=) or any u (<, <=, >, >=), the value of u a^{qi} b^{pj} is
// v(u) + pq(i − j), so the suffixes b^{pj} that put u a^{qi} in the language
// begin (or end) at a j that grows with i: infinitely many Myhill–Nerode
// classes. An equation has such a u unless gcd ∤ constant (then constant).
bool SingleMixedComparison(const Model& m,
                           const std::vector<std::optional<Tracker>>& tracked) {
  if (m.formula.atoms().size() != 1 || tracked[0]) return false;
  for (const CountsFormula::Node& node : m.formula.nodes()) {
    if (node.kind != CountsFormula::Kind::kAtom &&
        node.kind != CountsFormula::Kind::kNot) {
      return false;
    }
  }
  return true;
}

Regularity DecideRegularity(const Model& m) {
  const std::string description =
      absl::StrCat("symbol counts with ", m.formula.ToString());
  std::vector<std::optional<Tracker>> tracked;
  std::vector<Tracker> trackers;
  for (const CountsAtom& a : m.formula.atoms()) {
    tracked.push_back(Track(a, m.alphabet));
    if (tracked.back()) trackers.push_back(*tracked.back());
  }
  Regularity r;
  r.info.description = description;
  if (trackers.size() == tracked.size()) {
    r.dfa = TrackerDfa(m, trackers);
    r.info.is_regular = r.dfa.has_value();
    r.info.known_not_regular = false;
    r.info.known_class =
        r.dfa ? "regular (every atom a congruence or a comparison with "
                "coefficients of one sign)"
              : absl::StrCat(
                    "regular (every atom a congruence or a "
                    "comparison with coefficients of one sign), but "
                    "its DFA has more states than the limit (",
                    kMaxCountsDfaStates,
                    ", fewer for many atoms or "
                    "symbols) and is not built");
    return r;
  }
  if (SingleMixedComparison(m, tracked)) {
    r.info.known_class =
        "not regular (a comparison with coefficients of both signs)";
    return r;
  }
  r.info.known_not_regular = false;
  r.info.known_class =
      "regularity not decided (comparisons with coefficients of both signs)";
  return r;
}

// The alphabet: SYMS as declared, or the symbols written, sorted.
absl::StatusOr<Alphabet> CountsAlphabet(
    absl::string_view spec, const CountsFormula& formula,
    std::optional<absl::string_view> declared) {
  const std::string written = formula.Symbols();
  if (!declared) {
    if (written.empty()) {
      return SpecError(spec,
                       "the formula counts no symbol (#x); declare the "
                       "alphabet with ,alphabet=SYMS");
    }
    absl::StatusOr<Alphabet> a = Alphabet::FromSymbols(written);
    if (!a.ok()) return SpecError(spec, a.status().message());
    return a;
  }
  absl::StatusOr<Alphabet> a = Alphabet::FromSymbols(
      std::string_view(declared->data(), declared->size()));
  if (!a.ok()) {
    return SpecError(spec, absl::StrCat("alphabet=", Quoted(*declared), ": ",
                                        a.status().message()));
  }
  for (char x : written) {
    if (!a->Find(x)) {
      return SpecError(
          spec,
          absl::StrCat("column ", formula.ColumnOf(x), ": #", std::string(1, x),
                       " is not in alphabet=", Quoted(*declared)));
    }
  }
  return a;
}

// The groups (see Model) and the atoms over them.
Model MakeModel(Alphabet alphabet, CountsFormula formula) {
  Model m;
  m.alphabet = std::move(alphabet);
  m.formula = std::move(formula);
  const int k = m.alphabet.size();
  std::vector<bool> weighed(k, false);
  for (const CountsAtom& a : m.formula.atoms()) {
    for (int s = 0; s < k; ++s) {
      const char x = m.alphabet.symbol(static_cast<Symbol>(s));
      if (a.diff.coef[static_cast<unsigned char>(x)] != 0) weighed[s] = true;
    }
  }
  m.group_of.assign(k, 0);
  for (int s = 0; s < k; ++s) {
    if (!weighed[s]) m.pooled.push_back(static_cast<Symbol>(s));
  }
  if (!m.pooled.empty()) {
    m.size.push_back(static_cast<int>(m.pooled.size()));
    m.single.push_back(0);  // unused: the pool draws its symbols
  }
  for (int s = 0; s < k; ++s) {
    if (!weighed[s]) continue;
    m.group_of[s] = m.groups();
    m.size.push_back(1);
    m.single.push_back(static_cast<Symbol>(s));
  }
  for (const CountsAtom& a : m.formula.atoms()) {
    GroupAtom g{.coef = std::vector<std::int64_t>(m.groups(), 0),
                .n_coef = a.diff.n_coef,
                .constant = a.diff.constant,
                .modulus = a.modulus,
                .relation = a.relation};
    for (int s = 0; s < k; ++s) {
      const char x = m.alphabet.symbol(static_cast<Symbol>(s));
      if (weighed[s])
        g.coef[m.group_of[s]] = a.diff.coef[static_cast<unsigned char>(x)];
    }
    m.atoms.push_back(std::move(g));
  }
  return m;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Language>> ParseCounts(
    std::string_view spec_in, const CountsOptions& options) {
  const absl::string_view spec(spec_in.data(), spec_in.size());
  const std::size_t begin = spec.find(':') + 1;  // after "counts:"
  if (begin == 0) {
    return SpecError(spec, "expected counts:FORMULA, as in counts:#a=#b");
  }
  std::size_t end = spec.size();
  std::optional<absl::string_view> declared;
  if (std::size_t at = spec.rfind(",alphabet=");
      at != absl::string_view::npos && at >= begin) {
    declared = spec.substr(at + 10);
    end = at;
  }
  absl::StatusOr<CountsFormula> formula =
      CountsFormula::Parse(spec_in, begin, end);
  if (!formula.ok()) return formula.status();
  absl::StatusOr<Alphabet> alphabet = CountsAlphabet(spec, *formula, declared);
  if (!alphabet.ok()) return alphabet.status();
  auto model = std::make_shared<const Model>(
      MakeModel(*std::move(alphabet), *std::move(formula)));
  Regularity regularity = DecideRegularity(*model);
  if (regularity.dfa && options.regular_as_dfa) {
    return std::make_unique<RegularLanguage>(std::string(spec), *regularity.dfa,
                                             std::move(regularity.info));
  }
  return std::make_unique<CountingLanguage>(
      std::string(spec), std::move(model), std::move(regularity.info),
      std::move(regularity.dfa), options.exact_draws);
}

}  // namespace satcirc::automata
