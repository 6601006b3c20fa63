#include "automata/sensitivity.h"

#include <cmath>
#include <random>

#include "automata/sample.h"

namespace satcirc::automata {
namespace {

// Bit j of word i is table[64·i + j].
std::vector<std::uint64_t> PackBits(const std::vector<std::uint8_t>& table) {
  std::vector<std::uint64_t> bits(table.size() / 64, 0);
  for (std::size_t i = 0; i < bits.size(); ++i) {
    std::uint64_t w = 0;
    for (int j = 0; j < 64; ++j)
      w |= static_cast<std::uint64_t>(table[64 * i + j] & 1) << j;
    bits[i] = w;
  }
  return bits;
}

// Number of x with bit `stride` of x clear and f(x) ≠ f(x + stride), for a
// power-of-two stride: XOR of the table with itself shifted by `stride`,
// counted 64 words at a time. Built for popcnt when the CPU has it.
__attribute__((target_clones("popcnt", "default"))) std::uint64_t
DifferingPairs(const std::vector<std::uint64_t>& bits, std::size_t stride) {
  std::uint64_t count = 0;
  const std::size_t words = bits.size();
  if (stride >= 64) {
    const std::size_t d = stride / 64;
    for (std::size_t base = 0; base < words; base += 2 * d) {
      for (std::size_t i = base; i < base + d; ++i) {
        count += __builtin_popcountll(bits[i] ^ bits[i + d]);
      }
    }
    return count;
  }
  // Within a word: bit positions j with (j & stride) == 0.
  std::uint64_t mask = 0;
  for (int j = 0; j < 64; ++j) {
    if ((j & stride) == 0) mask |= std::uint64_t{1} << j;
  }
  for (std::size_t i = 0; i < words; ++i) {
    count += __builtin_popcountll((bits[i] ^ (bits[i] >> stride)) & mask);
  }
  return count;
}

}  // namespace

mpq_class AverageSensitivity(const std::vector<std::uint8_t>& table,
                             int alphabet_size, int n) {
  if (alphabet_size < 2) return 0;  // nothing to substitute
  const std::size_t size = table.size();
  const std::uint8_t* f = table.data();
  // Ordered pairs (x, y) differing in one position with f(x) ≠ f(y).
  std::uint64_t pairs = 0;
  std::vector<std::uint64_t> bits;  // the table packed 64 words per uint64
  std::size_t stride = size;
  for (int i = 0; i < n; ++i) {
    stride /= alphabet_size;  // position i has weight q^(n-1-i)
    const std::size_t block = stride * alphabet_size;
    if (alphabet_size == 2 && size >= 64) {
      if (bits.empty()) bits = PackBits(table);
      pairs += 2 * DifferingPairs(bits, stride);
      continue;
    }
    if (alphabet_size == 2) {
      std::uint64_t differ = 0;
      for (std::size_t base = 0; base < size; base += block) {
        const std::uint8_t* lo = f + base;
        const std::uint8_t* hi = lo + stride;
        for (std::size_t j = 0; j < stride; ++j) differ += lo[j] ^ hi[j];
      }
      pairs += 2 * differ;
      continue;
    }
    // A fiber along position i with m members holds 2·m·(q−m) ordered pairs.
    for (std::size_t base = 0; base < size; base += block) {
      for (std::size_t j = 0; j < stride; ++j) {
        std::uint64_t m = 0;
        for (int t = 0; t < alphabet_size; ++t) m += f[base + j + t * stride];
        pairs += 2 * m * (alphabet_size - m);
      }
    }
  }
  mpq_class result(mpz_class(static_cast<unsigned long>(pairs)),
                   mpz_class(static_cast<unsigned long>(alphabet_size - 1)) *
                       mpz_class(static_cast<unsigned long>(size)));
  result.canonicalize();
  return result;
}

Estimate EstimateSensitivity(const Language& language, int n, int samples,
                             std::uint64_t seed) {
  const int q = language.alphabet().size();
  std::mt19937_64 rng(seed);
  double sum = 0, sum_sq = 0;
  for (int s = 0; s < samples; ++s) {
    Word x = SampleUniformWord(language.alphabet(), n, rng);
    const bool fx = language.Contains(x);
    int changes = 0;
    for (int i = 0; i < n; ++i) {
      const Symbol original = x[i];
      for (int t = 0; t < q; ++t) {
        if (t == original) continue;
        x[i] = static_cast<Symbol>(t);
        changes += language.Contains(x) != fx;
      }
      x[i] = original;
    }
    const double value =
        q <= 2 ? changes : static_cast<double>(changes) / (q - 1);
    sum += value;
    sum_sq += value * value;
  }
  Estimate e;
  e.samples = samples;
  if (samples == 0) return e;
  e.mean = sum / samples;
  if (samples > 1) {
    const double variance =
        std::max(0.0, (sum_sq - samples * e.mean * e.mean) / (samples - 1));
    e.standard_error = std::sqrt(variance / samples);
  }
  return e;
}

}  // namespace satcirc::automata
