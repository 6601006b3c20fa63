// Average sensitivity of a language at length n.
//
// Binary alphabets (Hahn & Rofin 2024, §2; O'Donnell 2014, Def. 2.27):
//   as(f) = 2⁻ⁿ Σ_x Σ_i [f(x) ≠ f(x ⊕ eᵢ)].
// Larger alphabets Σ (q = |Σ| symbols): the expected number of positions whose
// substitution by a uniformly random *different* symbol changes membership,
//   as(f) = Σ_i Pr_{x ∈ Σⁿ, σ ≠ xᵢ}[f(x) ≠ f(x with xᵢ := σ)],
// which is the bit-flip definition when q = 2. (The total influence of the
// Efron–Stein decomposition is 2(q−1)/q times this; see fourier.h.)
#ifndef SATCIRC_AUTOMATA_SENSITIVITY_H_
#define SATCIRC_AUTOMATA_SENSITIVITY_H_

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "automata/language.h"

namespace satcirc::automata {

// Exact, from a membership table of Σⁿ in lexicographic order (enumerate.h).
// O(n · qⁿ).
mpq_class AverageSensitivity(const std::vector<std::uint8_t>& table,
                             int alphabet_size, int n);

// The exact average sensitivity of `language` at n, when Σⁿ has at most
// `max_words` words (its membership table is built); nullopt beyond. The
// sharpness experiment sets it beside a model's measured sharpness.
std::optional<mpq_class> AverageSensitivityUpTo(const Language& language, int n,
                                                std::uint64_t max_words);

// A sample mean with its standard error (the sample standard deviation over
// √samples).
struct Estimate {
  double mean = 0;
  double standard_error = 0;
  int samples = 0;
};

// Seeded estimate from `samples` uniform words. A regular language's word
// costs O(n·(|Q| + q)) steps through its DFA; any other's n·(q−1) calls of
// Contains(), each taken as n steps.
Estimate EstimateSensitivity(const Language& language, int n, int samples,
                             std::uint64_t seed);

// The steps EstimateSensitivity would take, as counted above, to refuse a
// request that would run for hours before starting it.
double SensitivityEstimateSteps(const Language& language, int n, int samples);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_SENSITIVITY_H_
