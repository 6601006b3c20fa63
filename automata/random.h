// Seeded randomness shared by the samplers: std::mt19937_64 everywhere, so that
// a seed gives the same strings on every platform (the standard fixes its
// output sequence; we avoid std::*_distribution, whose algorithms it does not).
#ifndef SATCIRC_AUTOMATA_RANDOM_H_
#define SATCIRC_AUTOMATA_RANDOM_H_

#include <gmpxx.h>

#include <cstdint>
#include <random>

namespace satcirc::automata {

// Uniform in [0, bound), bound >= 1, by rejection (no modulo bias).
std::uint64_t UniformBelow(std::uint64_t bound, std::mt19937_64& rng);

// Uniform in [0, bound), bound >= 1, from 64-bit words by rejection.
mpz_class UniformBelow(const mpz_class& bound, std::mt19937_64& rng);

// Fills out[0 .. n) with symbols uniform over 0 ... alphabet_size − 1
// (1 <= alphabet_size <= 256), independently. Power-of-two sizes take their
// symbols from the bits of each 64-bit draw (64 binary symbols a draw), others
// one UniformBelow each.
void UniformSymbols(int alphabet_size, std::size_t n, std::mt19937_64& rng,
                    std::uint8_t* out);

// Uniform in [0, 1) with 53 random bits.
double UniformUnit(std::mt19937_64& rng);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_RANDOM_H_
