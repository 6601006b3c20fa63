#include "automata/random.h"

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

double UniformUnit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace satcirc::automata
