#include "automata/analyze.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "automata/enumerate.h"

namespace satcirc::automata {

namespace {

std::string HumanSeconds(double seconds) {
  if (seconds < 120) return absl::StrFormat("%.0f s", seconds);
  if (seconds < 7200) return absl::StrFormat("%.0f min", seconds / 60);
  if (seconds < 2 * 86400) return absl::StrFormat("%.0f h", seconds / 3600);
  if (seconds < 2 * 365 * 86400.0)
    return absl::StrFormat("%.0f days", seconds / 86400);
  return absl::StrFormat("%.2g years", seconds / (365 * 86400.0));
}

}  // namespace

absl::StatusOr<LengthAnalysis> AnalyzeLength(const Language& language, int n,
                                             const AnalyzeOptions& options) {
  const int q = language.alphabet().size();
  LengthAnalysis result;
  result.n = n;
  mpz_pow_ui(result.words.get_mpz_t(), mpz_class(q).get_mpz_t(), n);
  if (absl::Status s = language.CheckCountingLimits(n); !s.ok()) return s;
  result.members = language.CountMembers(n);
  if (result.words <=
      mpz_class(static_cast<unsigned long>(options.exhaustive_limit))) {
    absl::StatusOr<std::vector<std::uint8_t>> table = MembershipTable(
        language, n, EnumerateOptions{.limit = options.exhaustive_limit});
    if (!table.ok()) return table.status();
    result.exhaustive = true;
    result.sensitivity = AverageSensitivity(*table, q, n);
    result.fourier = ComputeFourierProfile(*table, q, n);
    result.symmetry = ComputeSymmetryProfile(*table, q, n, options.symmetry);
    return result;
  }
  if (options.samples <= 0) {
    return absl::ResourceExhaustedError(absl::StrCat(
        language.spec(), " at length ", n, ": ", q, "^", n, " = ",
        result.words.get_str(), " words exceed the exhaustive limit of ",
        options.exhaustive_limit));
  }
  const double steps = SensitivityEstimateSteps(language, n, options.samples);
  if (steps > kMaxSensitivitySteps) {
    return absl::OutOfRangeError(absl::StrFormat(
        "%s at length %d: the sensitivity estimate from %d words would take "
        "about %.2g steps (%s at 10^9 a second), over the limit of 1 h; use "
        "fewer --samples or shorter lengths",
        language.spec(), n, options.samples, steps, HumanSeconds(steps / 1e9)));
  }
  result.sensitivity_estimate =
      EstimateSensitivity(language, n, options.samples, options.seed);
  return result;
}

}  // namespace satcirc::automata
