// counts:PHI[,alphabet=SYMS] (docs/language-specs.md): the words whose symbol
// counts satisfy PHI, a Boolean combination of linear comparisons and
// congruences (counts_formula.h), such as #a = #b or #1 = 0 mod 3.
//
// Membership depends only on the count vector c (c_x = #x), so the members of
// length n are counted as Σ over the vectors c with Σ c_x = n that satisfy PHI
// of the multinomial n! / Π c_x!, and a uniform member is a satisfying vector
// drawn with probability proportional to its multinomial, then a uniform
// arrangement of it. Symbols that no comparison weighs (declared with
// alphabet=, or with coefficients that cancel) are pooled into one group, so
// the vectors range over the weighed symbols plus one.
//
// Formulas whose every atom is a congruence or a comparison with coefficients
// of one sign (n counted in) are regular; their DFA is built (a product of
// residue counters and saturating counters, minimized) and they are
// RegularLanguages, counted and sampled through it at any length.
#ifndef SATCIRC_AUTOMATA_COUNTING_LANGUAGE_H_
#define SATCIRC_AUTOMATA_COUNTING_LANGUAGE_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "automata/language.h"

namespace satcirc::automata {

// Limits of counting through count vectors (docs/limits.md), checked by
// CheckCountingLimits before CountMembers and the samplers: at most
// kMaxCountVectors vectors C(n + g − 1, g − 1) (g groups of symbols; the
// samplers keep one entry per vector), and at most kMaxCountSteps of vectors ×
// (the 64-bit limbs of |Σ|ⁿ, the size of a weight, + atoms × groups, the
// formula): one pass takes about 5 s at the limit.
inline constexpr std::int64_t kMaxCountVectors = std::int64_t{1} << 22;
inline constexpr std::int64_t kMaxCountSteps = std::int64_t{1} << 31;
// The DFA of a regular formula is built only up to this many reachable
// states, and up to kMaxCountsDfaWork of states × |Σ| × atoms (its time and
// memory); beyond, the formula is counted through vectors like the others.
inline constexpr int kMaxCountsDfaStates = 1 << 18;
inline constexpr std::int64_t kMaxCountsDfaWork = std::int64_t{1} << 26;

struct CountsOptions {
  // False (for tests): count and sample through count vectors even when the
  // formula is regular (the DFA is still built, and dfa() returns it).
  bool regular_as_dfa = true;
  // For tests: settle every sampler draw by exact big-integer comparisons
  // (the rare slow path of the samplers).
  bool exact_draws = false;
};

// Parses a whole spec "counts:PHI" or "counts:PHI,alphabet=SYMS" (split at the
// last ",alphabet="). Errors (InvalidArgument) quote the spec and name the
// column of the problem in it.
absl::StatusOr<std::unique_ptr<Language>> ParseCounts(
    std::string_view spec, const CountsOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_COUNTING_LANGUAGE_H_
