#include "automata/random.h"

#include <algorithm>
#include <vector>

namespace satcirc::automata {

std::uint64_t UniformBelow(std::uint64_t bound, std::mt19937_64& rng) {
  // Largest multiple of bound that fits; reject draws above it.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  while (true) {
    std::uint64_t x = rng();
    if (x < limit) return x % bound;
  }
}

mpz_class UniformBelow(const mpz_class& bound, std::mt19937_64& rng) {
  if (bound.fits_ulong_p()) {
    return mpz_class(
        UniformBelow(static_cast<std::uint64_t>(bound.get_ui()), rng));
  }
  const std::size_t bits = mpz_sizeinbase(bound.get_mpz_t(), 2);
  const std::size_t words = (bits + 63) / 64;
  const std::size_t top_bits = bits - 64 * (words - 1);
  const std::uint64_t top_mask =
      top_bits == 64 ? UINT64_MAX : ((std::uint64_t{1} << top_bits) - 1);
  std::vector<std::uint64_t> limbs(words);
  mpz_class x;
  while (true) {
    // Most significant word first.
    for (std::size_t i = 0; i < words; ++i) limbs[i] = rng();
    limbs[0] &= top_mask;
    mpz_import(x.get_mpz_t(), words, 1, sizeof(std::uint64_t), 0, 0,
               limbs.data());
    if (x < bound) return x;
  }
}

void UniformSymbols(int alphabet_size, std::size_t n, std::mt19937_64& rng,
                    std::uint8_t* out) {
  if (alphabet_size == 1) {
    std::fill(out, out + n, 0);
    return;
  }
  if ((alphabet_size & (alphabet_size - 1)) != 0) {
    for (std::size_t i = 0; i < n; ++i)
      out[i] = static_cast<std::uint8_t>(UniformBelow(alphabet_size, rng));
    return;
  }
  const int bits = __builtin_ctz(static_cast<unsigned>(alphabet_size));
  const std::uint64_t mask = alphabet_size - 1;
  const int per_draw = 64 / bits;
  std::size_t i = 0;
  while (i < n) {
    std::uint64_t x = rng();
    for (int j = 0; j < per_draw && i < n; ++j, x >>= bits)
      out[i++] = static_cast<std::uint8_t>(x & mask);
  }
}

double UniformUnit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace satcirc::automata
