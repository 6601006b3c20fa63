#include "automata/combinatorial_sampling.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>

#include "automata/random.h"

namespace satcirc::automata {

std::uint64_t FastBelow(std::uint64_t bound, std::mt19937_64& rng) {
  unsigned __int128 m = static_cast<unsigned __int128>(rng()) * bound;
  std::uint64_t low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
    while (low < threshold) {
      m = static_cast<unsigned __int128>(rng()) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

void UniformArrangement(const std::vector<int>& counts, std::mt19937_64& rng,
                        std::uint8_t* out) {
  std::vector<int> left = counts;
  std::int64_t total = 0;
  for (int c : counts) total += c;
  for (std::int64_t i = 0; total > 0; ++i, --total) {
    std::int64_t x = static_cast<std::int64_t>(
        FastBelow(static_cast<std::uint64_t>(total), rng));
    std::size_t c = 0;
    while (x >= left[c]) x -= left[c++];
    --left[c];
    out[i] = static_cast<std::uint8_t>(c);
  }
}

void UniformDyckPath(int m, std::mt19937_64& rng, std::uint8_t* out) {
  const int len = 2 * m + 1;
  std::vector<std::uint8_t> steps(len);
  UniformArrangement({m, m + 1}, rng, steps.data());
  // The first index at which the prefix sum is minimal (over prefixes 1..len;
  // prefix 0 is 0 and the total is -1, so the minimum is < 0 and taken at
  // some index >= 1).
  int sum = 0, min_sum = 0, first_min = 0;
  for (int i = 0; i < len; ++i) {
    sum += steps[i] ? -1 : 1;
    if (sum < min_sum) {
      min_sum = sum;
      first_min = i + 1;
    }
  }
  // The good rotation starts at first_min and ends with the down-step at
  // first_min - 1, which is dropped.
  for (int i = 0; i < 2 * m; ++i) out[i] = steps[(first_min + i) % len];
}

int HypergeometricDraw(int red, int blue, int draws, std::mt19937_64& rng) {
  int reds = 0;
  std::int64_t total = static_cast<std::int64_t>(red) + blue;
  for (int i = 0; i < draws; ++i, --total) {
    if (static_cast<std::int64_t>(
            FastBelow(static_cast<std::uint64_t>(total), rng)) < red) {
      --red;
      ++reds;
    }
  }
  return reds;
}

TermSampler::TermSampler(mpz_class first, int last, Step step,
                         bool always_exact)
    : TermSampler(std::move(first), last, std::move(step), nullptr,
                  always_exact) {}

TermSampler::TermSampler(mpz_class first, int last, Step step, Ratio ratio,
                         bool always_exact)
    : first_(std::move(first)),
      last_(last),
      stride_(std::max(1, static_cast<int>(std::ceil(std::sqrt(last + 1.0))))),
      step_(std::move(step)),
      ratio_(std::move(ratio)),
      always_exact_(always_exact),
      cumulative_(last + 2) {
  if (ratio_) {
    BuildFromRatios();
  } else {
    std::call_once(exact_once_, [this] { BuildExact(); });
    ApproximateFromExact();
  }
  cumulative_[last_ + 1] = 1;
}

const mpz_class& TermSampler::total() const {
  std::call_once(exact_once_, [this] { BuildExact(); });
  return total_;
}

// The exact terms: the kept ones, their prefix sums and the total.
void TermSampler::BuildExact() const {
  mpz_class t = first_;
  total_ = 0;
  for (int j = 0; j <= last_; ++j) {
    if (j % stride_ == 0) {
      term_.push_back(t);
      before_.push_back(total_);
    }
    total_ += t;
    if (j < last_) step_(j, t);
  }
  assert(total_ > 0);
}

// S_j / Σ t from the exact terms, walked again (without `ratio`).
void TermSampler::ApproximateFromExact() {
  long total_exponent;
  const double total_mantissa =
      mpz_get_d_2exp(&total_exponent, total_.get_mpz_t());
  mpz_class t = first_, below = 0;
  for (int j = 0; j <= last_; ++j) {
    long exponent;
    const double mantissa = mpz_get_d_2exp(&exponent, below.get_mpz_t());
    const long shift = exponent - total_exponent;  // <= 0
    cumulative_[j] =
        mantissa == 0 || shift < -1100
            ? 0
            : std::ldexp(mantissa / total_mantissa, static_cast<int>(shift));
    below += t;
    if (j < last_) step_(j, t);
  }
}

// t_j = mantissa_j·2^exponent_j from the ratios (t_0's own value cancels in
// S_j / Σ t), then the prefix sums scaled by the largest term. Errors: 7
// roundings per ratio step (6 in ratio, 1 here), one per addition, so each
// S_j / Σ t is within 8·(last + 1)·2^-64 relative, plus 2^-53 for the double.
void TermSampler::BuildFromRatios() {
  std::vector<long double> mantissa(last_ + 1);
  std::vector<std::int64_t> exponent(last_ + 1, 0);
  mantissa[0] = 1;
  std::int64_t top = 0;
  for (int j = 0; j < last_; ++j) {
    int e;
    mantissa[j + 1] = std::frexp(mantissa[j] * ratio_(j), &e);
    exponent[j + 1] = exponent[j] + e;
    top = std::max(top, exponent[j + 1]);
  }
  std::vector<long double> prefix(last_ + 2, 0);
  for (int j = 0; j <= last_; ++j) {
    const std::int64_t shift = exponent[j] - top;  // <= 0
    prefix[j + 1] =
        prefix[j] + (shift < -16000
                         ? 0.0L
                         : std::ldexp(mantissa[j], static_cast<int>(shift)));
  }
  for (int j = 0; j <= last_; ++j)
    cumulative_[j] = static_cast<double>(prefix[j] / prefix[last_ + 1]);
  margin_ = 0x1.0p-40 + 32.0 * (last_ + 1) * 0x1.0p-64;
}

int TermSampler::Sample(std::mt19937_64& rng) const {
  // Errors: each S_j / Σ t within margin_/4 (BuildFromRatios; 2^-51 from
  // exact terms), U's double within 2^-53.
  const double kMargin = margin_;
  const std::uint64_t u = rng();
  if (!always_exact_) {
    const double x = static_cast<double>(u) * 0x1.0p-64;  // may round to 1
    const int j = std::min<int>(
        last_, static_cast<int>(
                   std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
                   cumulative_.begin()) -
                   1);
    // S_0 = 0 and S_{last+1} = Σ t are exact boundaries.
    const bool low_ok = j == 0 || x - kMargin >= cumulative_[j];
    const bool high_ok = j == last_ || x + kMargin < cumulative_[j + 1];
    if (low_ok && high_ok) return j;
  }
  return SampleExactly(u, rng);
}

int TermSampler::SampleExactly(std::uint64_t u, std::mt19937_64& rng) const {
  std::call_once(exact_once_, [this] { BuildExact(); });
  // U ∈ [prefix, prefix + 1) / 2^bits.
  mpz_class prefix;
  mpz_import(prefix.get_mpz_t(), 1, 1, sizeof(u), 0, 0, &u);
  unsigned long bits = 64;
  while (true) {
    const mpz_class low = prefix * total_;  // U·Σ t >= low / 2^bits
    const mpz_class floor_low = low >> bits;
    // The last kept S_j <= U·Σ t, then on while S_{j+1} <= U·Σ t for sure.
    const std::size_t c =
        std::upper_bound(before_.begin(), before_.end(), floor_low) -
        before_.begin() - 1;
    int j = static_cast<int>(c) * stride_;
    mpz_class below = before_[c], t = term_[c];
    while (below + t <= floor_low) {
      below += t;
      step_(j, t);
      ++j;
    }
    // S_j·2^bits <= low < S_{j+1}·2^bits; settled if U's interval ends below.
    const mpz_class end = mpz_class(below + t) << bits;
    if ((prefix + 1) * total_ <= end) return j;
    MoreRandomBits(rng, prefix, bits);
  }
}

void MoreRandomBits(std::mt19937_64& rng, mpz_class& prefix,
                    unsigned long& bits) {
  std::uint64_t more = rng();
  mpz_class extra;
  mpz_import(extra.get_mpz_t(), 1, 1, sizeof(more), 0, 0, &more);
  prefix = (prefix << 64) + extra;
  bits += 64;
}

}  // namespace satcirc::automata
