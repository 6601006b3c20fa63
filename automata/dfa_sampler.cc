#include "automata/dfa_sampler.h"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cmath>
#include <utility>

namespace satcirc::automata {
namespace {

// A count in the building pass: mantissa in [1, 2), or 0 for the count 0.
struct Wide {
  long double mantissa = 0;
  std::int64_t exponent = 0;
};

// 2^-d for d = 0 ... kDropShift; a term below 2^-kDropShift of the largest
// term of its sum is dropped (relative error < |Σ|·2^-70, inside the bound).
constexpr int kDropShift = 70;
struct PowersOfHalf {
  long double value[kDropShift + 1];
  PowersOfHalf() {
    value[0] = 1;
    for (int d = 1; d <= kDropShift; ++d) value[d] = value[d - 1] / 2;
  }
};

// next[q] = Σ_a layer[δ(q, a)].
void AdvanceWide(const Dfa& dfa, const std::vector<Wide>& layer,
                 std::vector<Wide>& next) {
  static const PowersOfHalf kHalf;
  const int states = dfa.num_states(), k = dfa.alphabet().size();
  for (int q = 0; q < states; ++q) {
    std::int64_t top = INT64_MIN;
    for (int a = 0; a < k; ++a) {
      const Wide& c = layer[dfa.Next(q, static_cast<Symbol>(a))];
      if (c.mantissa != 0) top = std::max(top, c.exponent);
    }
    Wide sum;
    if (top != INT64_MIN) {
      for (int a = 0; a < k; ++a) {
        const Wide& c = layer[dfa.Next(q, static_cast<Symbol>(a))];
        const std::int64_t shift = top - c.exponent;
        if (c.mantissa != 0 && shift <= kDropShift)
          sum.mantissa += c.mantissa * kHalf.value[shift];
      }
      sum.exponent = top;
      while (sum.mantissa >= 2) {  // exact: halving a long double
        sum.mantissa /= 2;
        ++sum.exponent;
      }
    }
    next[q] = sum;
  }
}

// The row of state q: the forced symbol, or the boundaries of the successors'
// shares in units of 2^-64.
void FillRow(const Dfa& dfa, int q, const std::vector<Wide>& layer,
             std::int16_t* forced, std::uint64_t* bounds) {
  const int k = dfa.alphabet().size();
  std::int64_t top = INT64_MIN;
  int viable = 0, last = -1;
  for (int a = 0; a < k; ++a) {
    const Wide& c = layer[dfa.Next(q, static_cast<Symbol>(a))];
    if (c.mantissa == 0) continue;
    top = std::max(top, c.exponent);
    ++viable;
    last = a;
  }
  *forced = viable == 1 ? static_cast<std::int16_t>(last) : -1;
  if (viable < 2) return;
  // In double: each weight within 2^-53 of its long double, the sum within
  // |Σ|·2^-53, the scaled boundaries within 2^-52 and one unit — far inside
  // the margin (at least 2^-40).
  static const PowersOfHalf kHalf;
  double weight[256], total = 0;
  for (int a = 0; a < k; ++a) {
    const Wide& c = layer[dfa.Next(q, static_cast<Symbol>(a))];
    const std::int64_t shift = top - c.exponent;  // >= 0
    // Below 2^-70 of the largest: dropped (inside the error bound).
    weight[a] = c.mantissa == 0 || shift > kDropShift
                    ? 0
                    : static_cast<double>(c.mantissa * kHalf.value[shift]);
    total += weight[a];
  }
  const double scale = 0x1.0p64 / total;
  double below = 0;
  for (int a = 1; a < k; ++a) {
    below += weight[a - 1];
    const double scaled = below * scale;
    bounds[a - 1] = scaled >= 0x1.0p64 ? UINT64_MAX
                                       : static_cast<std::uint64_t>(scaled);
  }
}

}  // namespace

std::uint64_t DfaSampler::TableBytes(const Dfa& dfa, int n) {
  const std::uint64_t k = dfa.alphabet().size();
  return static_cast<std::uint64_t>(n) * dfa.num_states() *
         (8 * std::max<std::uint64_t>(k - 1, 1) + 2);
}

DfaSampler::DfaSampler(const Dfa& dfa, int n, bool always_exact)
    : dfa_(dfa),
      n_(n),
      states_(dfa.num_states()),
      k_(dfa.alphabet().size()),
      always_exact_(always_exact),
      // Building error n·|Σ|·2^-63 (dfa_sampler.h), ×4 for its second-order
      // terms and the roundings of the boundaries (|Σ|·2^-63 and one unit).
      margin_(static_cast<std::uint64_t>(
          std::ldexp(0x1.0p-40 + static_cast<double>(n) * k_ * 0x1.0p-61, 64))),
      forced_(static_cast<std::size_t>(n) * states_),
      bounds_(static_cast<std::size_t>(n) * states_ * std::max(k_ - 1, 1)),
      stride_(std::max(1, static_cast<int>(std::ceil(std::sqrt(n + 1.0))))) {
  std::vector<Wide> layer(states_), next(states_);
  for (int q = 0; q < states_; ++q) {
    if (dfa_.accepting(q)) layer[q].mantissa = 1;
  }
  const std::size_t width = std::max(k_ - 1, 1);
  for (int r = 0; r < n_; ++r) {
    const std::size_t row = static_cast<std::size_t>(n_ - 1 - r) * states_;
    for (int q = 0; q < states_; ++q) {
      FillRow(dfa_, q, layer, &forced_[row + q], &bounds_[(row + q) * width]);
    }
    AdvanceWide(dfa_, layer, next);
    std::swap(layer, next);
  }
  empty_ = layer[dfa_.start()].mantissa == 0;
}

const mpz_class& DfaSampler::count() const {
  std::call_once(count_once_,
                 [this] { count_ = ExactLayer(n_)[dfa_.start()]; });
  return count_;
}

Word DfaSampler::Sample(std::mt19937_64& rng) const {
  assert(!empty_);
  Word word(n_);
  int state = dfa_.start();
  for (int i = 0; i < n_; ++i) {
    const Symbol a = Choose(state, n_ - i - 1, rng);
    word[i] = a;
    state = dfa_.Next(state, a);
  }
  return word;
}

Symbol DfaSampler::Choose(int state, int r, std::mt19937_64& rng) const {
  const std::size_t row =
      static_cast<std::size_t>(n_ - 1 - r) * states_ + state;
  if (forced_[row] >= 0) return static_cast<Symbol>(forced_[row]);
  const std::uint64_t u = rng();
  if (always_exact_) return ChooseExactly(state, r, u, rng);
  const std::uint64_t* bounds = &bounds_[row * (k_ - 1)];
  int a = 0;
  while (a < k_ - 1 && u >= bounds[a]) ++a;
  // U's interval [u, u + 1)·2^-64 must lie clear of both boundaries.
  const bool low_ok = a == 0 || u - bounds[a - 1] >= margin_;
  const bool high_ok = a == k_ - 1 || bounds[a] - u > margin_;
  if (low_ok && high_ok) return static_cast<Symbol>(a);
  return ChooseExactly(state, r, u, rng);
}

// U = (u + more bits) / 2^64, compared exactly with the boundaries.
Symbol DfaSampler::ChooseExactly(int state, int r, std::uint64_t u,
                                 std::mt19937_64& rng) const {
  const std::vector<mpz_class> layer = ExactLayer(r);
  std::vector<const mpz_class*> weight(k_);
  mpz_class total = 0;
  for (int a = 0; a < k_; ++a) {
    weight[a] = &layer[dfa_.Next(state, static_cast<Symbol>(a))];
    total += *weight[a];
  }
  // The known bits of U, as U ∈ [prefix, prefix + 1)/2^bits.
  mpz_class prefix;
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

void DfaSampler::Advance(const std::vector<mpz_class>& layer,
                         std::vector<mpz_class>& next) const {
  for (int q = 0; q < states_; ++q) {
    next[q] = 0;
    for (int a = 0; a < k_; ++a)
      next[q] += layer[dfa_.Next(q, static_cast<Symbol>(a))];
  }
}

std::vector<mpz_class> DfaSampler::ExactLayer(int r) const {
  std::vector<mpz_class> layer(states_), next(states_);
  int from = 0;
  if (n_ <= kCheckpointLength) {
    std::call_once(checkpoints_once_, [this, &layer, &next] {
      for (int q = 0; q < states_; ++q) layer[q] = dfa_.accepting(q) ? 1 : 0;
      for (int j = 0;; ++j) {
        if (j % stride_ == 0) checkpoints_.push_back(layer);
        if (j == n_) break;
        Advance(layer, next);
        std::swap(layer, next);
      }
    });
    from = r - r % stride_;
    layer = checkpoints_[r / stride_];
  } else {
    for (int q = 0; q < states_; ++q) layer[q] = dfa_.accepting(q) ? 1 : 0;
  }
  for (int j = from; j < r; ++j) {
    Advance(layer, next);
    std::swap(layer, next);
  }
  return layer;
}

}  // namespace satcirc::automata
