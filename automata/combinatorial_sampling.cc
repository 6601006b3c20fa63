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

TermSampler::TermSampler(mpz_class first, int last, Step step)
    : last_(last),
      stride_(std::max(1, static_cast<int>(std::sqrt(last + 1.0) / 4))),
      step_(std::move(step)) {
  mpz_class t = std::move(first);
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

int TermSampler::Sample(std::mt19937_64& rng) const {
  mpz_class x = UniformBelow(total_, rng);
  // The last checkpoint whose prefix sum is <= x.
  const std::size_t c =
      std::upper_bound(before_.begin(), before_.end(), x) - before_.begin() - 1;
  int j = static_cast<int>(c) * stride_;
  mpz_class t = term_[c];
  x -= before_[c];
  while (x >= t) {
    x -= t;
    step_(j, t);
    ++j;
  }
  return j;
}

}  // namespace satcirc::automata
