#include "automata/regular_language.h"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cmath>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/minimize.h"
#include "automata/random.h"

namespace satcirc::automata {
namespace {

// Uniform members by walking the DFA: from state q with r symbols to go after
// the next one, symbol a is taken with probability c[r][δ(q, a)] / c[r+1][q],
// where c[r][q] counts the accepted words of length r from q. The choice is
// made with a uniform real U ∈ [0, 1) per step, a falls where
// Σ_{b<a} c_b ≤ U·Σ c_b < Σ_{b≤a} c_b, and U is read lazily (exact sampling
// with random bits on demand, as in Knuth & Yao 1976): 64 bits of U and
// double-precision approximations of the c's (relative error < 2^-52 each)
// settle the choice unless U lies within 2^-40 of a boundary; then the exact
// c's of that layer are recomputed from the nearest exact checkpoint and more
// bits of U are drawn until the exact comparison settles it. The result is
// exactly uniform; a sample costs O(n·|Σ|) floating-point work. Memory: the
// approximations, n·states pairs, and exact layers every ⌈√n⌉ steps.
class DfaMemberSampler : public MemberSampler {
 public:
  DfaMemberSampler(const Dfa& dfa, int n, bool always_exact)
      : dfa_(dfa),
        n_(n),
        states_(dfa.num_states()),
        k_(dfa.alphabet().size()),
        stride_(std::max(1, static_cast<int>(std::ceil(std::sqrt(n + 1.0))))),
        always_exact_(always_exact),
        approx_(static_cast<std::size_t>(n) * states_) {
    std::vector<mpz_class> layer(states_), next(states_);
    for (int q = 0; q < states_; ++q) layer[q] = dfa_.accepting(q) ? 1 : 0;
    for (int r = 0;; ++r) {
      if (r % stride_ == 0) checkpoints_.push_back(layer);
      if (r == n_) break;
      for (int q = 0; q < states_; ++q) {
        Approx& a = approx_[static_cast<std::size_t>(n_ - 1 - r) * states_ + q];
        a.mantissa = mpz_get_d_2exp(&a.exponent, layer[q].get_mpz_t());
      }
      Advance(layer, next);
      std::swap(layer, next);
    }
    count_ = layer[dfa_.start()];
  }

  const mpz_class& count() const override { return count_; }

  Word Sample(std::mt19937_64& rng) const override {
    Word word(n_);
    int state = dfa_.start();
    for (int i = 0; i < n_; ++i) {
      const Symbol a = Choose(state, n_ - i - 1, rng);
      word[i] = a;
      state = dfa_.Next(state, a);
    }
    return word;
  }

 private:
  // value ≈ mantissa·2^exponent, mantissa in [0.5, 1) (0 for the value 0).
  struct Approx {
    double mantissa = 0;
    long exponent = 0;
  };
  // Margin around the approximate boundaries: their error is below
  // (|Σ| + 4)·2^-52 <= 2^-43 (|Σ| <= 256), U's double below 2^-52.
  static constexpr double kMargin = 0x1.0p-40;

  // next[q] = Σ_a layer[δ(q, a)]: one more symbol to go.
  void Advance(const std::vector<mpz_class>& layer,
               std::vector<mpz_class>& next) const {
    for (int q = 0; q < states_; ++q) {
      next[q] = 0;
      for (int a = 0; a < k_; ++a)
        next[q] += layer[dfa_.Next(q, static_cast<Symbol>(a))];
    }
  }

  Symbol Choose(int state, int r, std::mt19937_64& rng) const {
    const Approx* layer =
        &approx_[static_cast<std::size_t>(n_ - 1 - r) * states_];
    // Symbols that can still lead to acceptance; one of them is forced.
    int first = -1, last = -1;
    long top = LONG_MIN;
    for (int a = 0; a < k_; ++a) {
      const Approx& c = layer[dfa_.Next(state, static_cast<Symbol>(a))];
      if (c.mantissa == 0) continue;
      if (first < 0) first = a;
      last = a;
      top = std::max(top, c.exponent);
    }
    assert(first >= 0);
    if (first == last) return static_cast<Symbol>(first);
    const std::uint64_t u = rng();
    if (!always_exact_) {
      double weight[256];
      double total = 0;
      for (int a = first; a <= last; ++a) {
        const Approx& c = layer[dfa_.Next(state, static_cast<Symbol>(a))];
        const long shift = c.exponent - top;  // <= 0
        weight[a] = shift == 0      ? c.mantissa
                    : shift < -1000 ? 0  // below 2^-1000 of the total
                                    : std::ldexp(c.mantissa, shift);
        total += weight[a];
      }
      // Boundaries scaled by the total instead of divided by it.
      const double x = static_cast<double>(u) * 0x1.0p-64 * total;
      const double margin = kMargin * total;
      double cumulative = 0;
      for (int a = first; a <= last; ++a) {
        if (weight[a] == 0) continue;
        const double low = cumulative;
        cumulative += weight[a];
        if (a == last || x < cumulative) {
          const bool low_ok = a == first || x - margin >= low;
          const bool high_ok = a == last || x + margin < cumulative;
          if (low_ok && high_ok) return static_cast<Symbol>(a);
          break;  // too close to a boundary: decide exactly
        }
      }
    }
    return ChooseExactly(state, r, u, rng);
  }

  // U = (u + more bits) / 2^64, compared exactly with the boundaries.
  Symbol ChooseExactly(int state, int r, std::uint64_t u,
                       std::mt19937_64& rng) const {
    std::vector<mpz_class> layer = checkpoints_[r / stride_], next(states_);
    for (int i = r - r % stride_; i < r; ++i) {
      Advance(layer, next);
      std::swap(layer, next);
    }
    std::vector<const mpz_class*> weight(k_);
    mpz_class total = 0;
    for (int a = 0; a < k_; ++a) {
      weight[a] = &layer[dfa_.Next(state, static_cast<Symbol>(a))];
      total += *weight[a];
    }
    mpz_class
        prefix;  // the known bits of U, as U ∈ [prefix, prefix + 1)/2^bits
    mpz_import(prefix.get_mpz_t(), 1, 1, sizeof(u), 0, 0, &u);
    unsigned long bits = 64;
    while (true) {
      const mpz_class low = prefix * total, high = (prefix + 1) * total;
      mpz_class below = 0;  // Σ_{b<a} weight[b], scaled by 2^bits
      for (int a = 0; a < k_; ++a) {
        if (*weight[a] == 0) continue;
        const mpz_class start = below;
        below += *weight[a] << bits;
        if (low >= start && high <= below) return static_cast<Symbol>(a);
      }
      std::uint64_t more = rng();
      mpz_class extra;
      mpz_import(extra.get_mpz_t(), 1, 1, sizeof(more), 0, 0, &more);
      prefix = (prefix << 64) + extra;
      bits += 64;
    }
  }

  const Dfa& dfa_;
  int n_;
  int states_;
  int k_;
  int stride_;
  bool always_exact_;
  // approx_[(n − 1 − r)·states + q] ≈ c[r][q] for r < n: a sample reads it
  // front to back.
  std::vector<Approx> approx_;
  std::vector<std::vector<mpz_class>> checkpoints_;  // c[j·stride_][·]
  mpz_class count_;
};

}  // namespace

std::vector<std::vector<mpz_class>> CountCompletions(const Dfa& dfa, int n) {
  const int k = dfa.alphabet().size();
  std::vector<std::vector<mpz_class>> c(
      n + 1, std::vector<mpz_class>(dfa.num_states()));
  for (int q = 0; q < dfa.num_states(); ++q) c[0][q] = dfa.accepting(q) ? 1 : 0;
  for (int r = 1; r <= n; ++r) {
    for (int q = 0; q < dfa.num_states(); ++q) {
      mpz_class sum = 0;
      for (int a = 0; a < k; ++a)
        sum += c[r - 1][dfa.Next(q, static_cast<Symbol>(a))];
      c[r][q] = std::move(sum);
    }
  }
  return c;
}

RegularLanguage::RegularLanguage(std::string spec, const Dfa& dfa,
                                 LanguageInfo info)
    : spec_(std::move(spec)), dfa_(Minimize(dfa)), info_(std::move(info)) {
  info_.is_regular = true;
}

mpz_class RegularLanguage::CountMembers(int n) const {
  // Forward counts over states use less memory than the completion table.
  std::vector<mpz_class> ways(dfa_.num_states()), next(dfa_.num_states());
  ways[dfa_.start()] = 1;
  const int k = dfa_.alphabet().size();
  for (int i = 0; i < n; ++i) {
    for (auto& v : next) v = 0;
    for (int q = 0; q < dfa_.num_states(); ++q) {
      if (ways[q] == 0) continue;
      for (int a = 0; a < k; ++a)
        next[dfa_.Next(q, static_cast<Symbol>(a))] += ways[q];
    }
    std::swap(ways, next);
  }
  mpz_class total = 0;
  for (int q = 0; q < dfa_.num_states(); ++q) {
    if (dfa_.accepting(q)) total += ways[q];
  }
  return total;
}

absl::StatusOr<std::unique_ptr<MemberSampler>>
RegularLanguage::NewMemberSampler(int n) const {
  auto sampler = std::make_unique<DfaMemberSampler>(dfa_, n, false);
  if (sampler->count() == 0) {
    return absl::NotFoundError(
        absl::StrCat(spec_, " has no members of length ", n));
  }
  return sampler;
}

std::unique_ptr<MemberSampler> NewExactStepDfaSampler(const Dfa& dfa, int n) {
  return std::make_unique<DfaMemberSampler>(dfa, n, true);
}

void RegularLanguage::FillMembership(int n, std::uint8_t* out) const {
  const int k = dfa_.alphabet().size();
  const int states = dfa_.num_states();
  const std::int32_t* delta = dfa_.delta().data();
  // Suffix tables: block[q] holds [q·v accepted] for every v in Σ^m, in order,
  // with m as large as keeps the tables small (k^m <= 4096 bytes, states·k^m
  // <= 2^20). The prefixes of length n − m are walked like an odometer, and
  // each costs one copy of a block: O(1) per word, at memcpy speed.
  int m = 0;
  std::size_t block = 1;
  while (m < n && block * k <= 4096 && states * block * k <= (1 << 20)) {
    block *= k;
    ++m;
  }
  // table[q * block + v], built from the last symbol backwards.
  std::vector<std::uint8_t> table(states * block), next(states * block);
  for (int q = 0; q < states; ++q) table[q] = dfa_.accepting(q);
  for (std::size_t len = 1, width = 1; static_cast<int>(len) <= m; ++len) {
    // From tables of suffix length len−1 (width values) to length len.
    for (int q = 0; q < states; ++q) {
      for (int a = 0; a < k; ++a) {
        const int t = delta[static_cast<std::size_t>(q) * k + a];
        std::memcpy(next.data() + q * width * k + a * width,
                    table.data() + t * width, width);
      }
    }
    width *= k;
    std::swap(table, next);
  }
  const int prefix = n - m;
  if (prefix == 0) {
    std::memcpy(out, table.data() + dfa_.start() * block, block);
    return;
  }
  // state[i] = state after the first i symbols of the prefix.
  std::vector<int> state(prefix + 1, dfa_.start());
  Word word(prefix, 0);
  for (int i = 0; i < prefix; ++i) state[i + 1] = delta[state[i] * k];
  std::uint8_t* dst = out;
  while (true) {
    std::memcpy(dst,
                table.data() + static_cast<std::size_t>(state[prefix]) * block,
                block);
    dst += block;
    int i = prefix - 1;
    while (i >= 0 && word[i] == k - 1) word[i--] = 0;
    if (i < 0) break;
    ++word[i];
    for (int j = i; j < prefix; ++j) {
      state[j + 1] = delta[static_cast<std::size_t>(state[j]) * k + word[j]];
    }
  }
}

}  // namespace satcirc::automata
