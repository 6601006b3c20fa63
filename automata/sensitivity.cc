#include "automata/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "automata/dfa.h"
#include "automata/enumerate.h"
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

namespace {

// How many symbols' flips change membership of x, by definition: n·(q−1) calls
// of Contains, each O(n).
int ChangesByFlipping(const Language& language, Word& x) {
  const int q = language.alphabet().size();
  const bool fx = language.Contains(x);
  int changes = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const Symbol original = x[i];
    for (int t = 0; t < q; ++t) {
      if (t == original) continue;
      x[i] = static_cast<Symbol>(t);
      changes += language.Contains(x) != fx;
    }
    x[i] = original;
  }
  return changes;
}

// The same count from the DFA in O(n·(|Q| + q)): the run's states forward,
// then, backwards, which states accept the rest of x; the flip of x[i] to t
// is accepted iff δ(state before i, t) accepts x[i+1..].
int ChangesByFlipping(const Dfa& dfa, const Word& x) {
  const int n = static_cast<int>(x.size());
  const int q = dfa.alphabet().size();
  std::vector<std::int32_t> before(n + 1);
  before[0] = dfa.start();
  for (int i = 0; i < n; ++i) before[i + 1] = dfa.Next(before[i], x[i]);
  const bool fx = dfa.accepting(before[n]);
  std::vector<std::uint8_t> accepts_rest(dfa.num_states()),
      next(dfa.num_states());
  for (int s = 0; s < dfa.num_states(); ++s) accepts_rest[s] = dfa.accepting(s);
  int changes = 0;
  for (int i = n - 1; i >= 0; --i) {  // accepts_rest: from x[i+1..]
    for (int t = 0; t < q; ++t) {
      if (t == x[i]) continue;
      changes += (accepts_rest[dfa.Next(before[i], static_cast<Symbol>(t))] !=
                  0) != fx;
    }
    for (int s = 0; s < dfa.num_states(); ++s) {
      next[s] = accepts_rest[dfa.Next(s, x[i])];
    }
    accepts_rest.swap(next);
  }
  return changes;
}

}  // namespace

double SensitivityEstimateSteps(const Language& language, int n, int samples) {
  const double q = language.alphabet().size();
  const double per_word =
      language.dfa() != nullptr
          ? n * (language.dfa()->num_states() + q)
          : static_cast<double>(n) * (q - 1) * std::max(n, 1);
  return per_word * samples;
}

Estimate EstimateSensitivity(const Language& language, int n, int samples,
                             std::uint64_t seed) {
  const int q = language.alphabet().size();
  std::mt19937_64 rng(seed);
  double sum = 0, sum_sq = 0;
  for (int s = 0; s < samples; ++s) {
    Word x = SampleUniformWord(language.alphabet(), n, rng);
    const int changes = language.dfa() != nullptr
                            ? ChangesByFlipping(*language.dfa(), x)
                            : ChangesByFlipping(language, x);
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

std::optional<mpq_class> AverageSensitivityUpTo(const Language& language, int n,
                                                std::uint64_t max_words) {
  absl::StatusOr<std::vector<std::uint8_t>> table =
      MembershipTable(language, n, {.limit = max_words});
  if (!table.ok()) return std::nullopt;
  return AverageSensitivity(*table, language.alphabet().size(), n);
}

}  // namespace satcirc::automata
