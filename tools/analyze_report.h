// What `satcirc analyze` computes and prints as JSON — every length's
// analysis (shared over the processes of an MPI run), the syntactic monoid,
// the --json document — shared by the command and the Python module
// (satcirc.analyze).
#ifndef SATCIRC_TOOLS_ANALYZE_REPORT_H_
#define SATCIRC_TOOLS_ANALYZE_REPORT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/analyze.h"
#include "automata/language.h"

namespace satcirc::cli {

// Every length first, so that a refused length prints nothing; over the
// processes of an MPI run, each length analyzed once. A length beyond the
// exhaustive limit without samples is refused with advice to use --samples.
absl::StatusOr<std::vector<automata::LengthAnalysis>> AnalyzeLengths(
    const automata::Language& language, const std::vector<int>& lengths,
    const automata::AnalyzeOptions& options);

// The syntactic monoid (it does not depend on n), as text and as JSON.
struct MonoidReport {
  std::string text, json;
};
MonoidReport DescribeMonoid(const automata::Language& language,
                            const automata::AnalyzeOptions& options);

// One length as a JSON object.
void PrintLengthJson(const automata::LengthAnalysis& r, std::uint64_t seed,
                     std::ostream& out);
// The --json document (newline included).
// `models`, when not empty, is the JSON of the "models" list's items.
void PrintAnalyzeJson(const automata::Language& language,
                      const MonoidReport& monoid,
                      const std::vector<automata::LengthAnalysis>& results,
                      std::uint64_t seed, std::ostream& out,
                      const std::string& models = "");

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_ANALYZE_REPORT_H_
