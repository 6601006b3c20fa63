// What `satcirc check` prints about a report — its table, verdict and JSON —
// shared by the command and the Python module (satcirc.check).
#ifndef SATCIRC_TOOLS_CHECK_REPORT_H_
#define SATCIRC_TOOLS_CHECK_REPORT_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "automata/alphabet.h"
#include "lib/check/check.h"

namespace satcirc::cli {

// What a report's first line and JSON header name.
struct CheckHeader {
  std::string model_arg;  // as given on the command line
  std::string language;   // the language's spec
  std::string engine;     // the decider's engine name
  std::uint64_t seed = 1;
};

// "exhaustive", "sampled" or "given".
const char* LengthModeName(LengthMode mode);
// The min|y| column: "%.3g", or "-" when not known.
std::string MarginText(const LengthReport& r);
// The last column: the counterexample, or that Σⁿ holds one class only.
std::string RowNote(const LengthReport& r, const automata::Alphabet& alphabet);

// The table, one row per length.
void PrintCheckTable(const CheckReport& report,
                     const automata::Alphabet& alphabet, std::ostream& out);
// "holds: ..." or "fails at n = ...".
void PrintCheckVerdict(const CheckReport& report,
                       const automata::Alphabet& alphabet, std::ostream& out);
// The whole text output of a check, and of a generalization check.
void PrintCheckText(const CheckHeader& header, const CheckReport& report,
                    const automata::Alphabet& alphabet, std::ostream& out);
void PrintGeneralizationText(const CheckHeader& header, int test_samples,
                             const GeneralizationReport& report,
                             const automata::Alphabet& alphabet,
                             std::ostream& out);

// One length as a JSON object (counterexamples whole).
std::string CheckRowJson(const LengthReport& r,
                         const automata::Alphabet& alphabet);
// The --json output (newline included).
std::string CheckJson(const CheckHeader& header, const CheckReport& report,
                      const automata::Alphabet& alphabet);
std::string GeneralizationJson(const CheckHeader& header,
                               const GeneralizationReport& report,
                               const automata::Alphabet& alphabet);

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_CHECK_REPORT_H_
