// All analyses of a language at one length, for `satcirc analyze`: members,
// average sensitivity, Fourier degree profile, symmetry profile (exhaustive),
// or a seeded sensitivity estimate (sampled). The syntactic monoid does not
// depend on n; see syntactic_monoid.h.
#ifndef SATCIRC_AUTOMATA_ANALYZE_H_
#define SATCIRC_AUTOMATA_ANALYZE_H_

#include <gmpxx.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/fourier.h"
#include "automata/language.h"
#include "automata/sensitivity.h"
#include "automata/symmetry.h"
#include "automata/syntactic_monoid.h"

namespace satcirc::automata {

// A sampled length's sensitivity estimate may take at most this many steps
// (SensitivityEstimateSteps: an hour at 10⁹ a second); beyond, AnalyzeLength
// refuses with OutOfRange before it starts.
inline constexpr double kMaxSensitivitySteps = 3.6e12;

struct AnalyzeOptions {
  // Enumerate Σⁿ when it has at most this many words.
  std::uint64_t exhaustive_limit = std::uint64_t{1} << 24;
  // Beyond the limit: estimate from this many uniform words (0 = refuse with
  // ResourceExhausted).
  int samples = 0;
  std::uint64_t seed = 1;
  SymmetryOptions symmetry = {};
  // The syntactic monoid (regular languages; it does not depend on n): false
  // skips it, and `monoid` bounds its elements and memory (1 GiB), since a
  // DFA of a thousand states can have a monoid of millions of maps.
  bool syntactic_monoid = true;
  MonoidOptions monoid = {};
};

struct LengthAnalysis {
  int n = 0;
  mpz_class members;  // exact in both modes
  mpz_class words;    // |Σ|ⁿ
  bool exhaustive = false;
  // Exhaustive mode.
  mpq_class sensitivity;
  FourierProfile fourier;
  SymmetryProfile symmetry;
  // Sampled mode.
  Estimate sensitivity_estimate;
};

absl::StatusOr<LengthAnalysis> AnalyzeLength(
    const Language& language, int n, const AnalyzeOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_ANALYZE_H_
