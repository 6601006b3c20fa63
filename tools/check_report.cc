// The text and JSON of `satcirc check` (check_report.h).
#include "tools/check_report.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tools/cli.h"

namespace satcirc::cli {
namespace {

std::string Quoted(const automata::Alphabet& a, const automata::Word& w) {
  return absl::StrCat("\"", a.Format(w), "\"");
}

// Words longer than `limit` symbols show their first limit − 12 and their
// length (--json gives them whole): 60 in a table cell, 1000 in the verdict.
std::string QuotedShort(const automata::Alphabet& a, const automata::Word& w,
                        std::size_t limit = 60) {
  if (w.size() <= limit) return Quoted(a, w);
  const automata::Word head(w.begin(), w.begin() + (limit - 12));
  return absl::StrCat("\"", a.Format(head), "...\" (", w.size(), " symbols)");
}

}  // namespace

const char* LengthModeName(LengthMode mode) {
  switch (mode) {
    case LengthMode::kExhaustive:
      return "exhaustive";
    case LengthMode::kSampled:
      return "sampled";
    case LengthMode::kGiven:
      return "given";
  }
  return "";
}

std::string MarginText(const LengthReport& r) {
  if (!r.min_abs_y_known || r.checked == 0) return "-";
  return absl::StrFormat("%.3g", r.min_abs_y);
}

// What the last column says: the counterexample, or that Σⁿ holds one class.
std::string RowNote(const LengthReport& r, const automata::Alphabet& alphabet) {
  if (r.counterexample) {
    return absl::StrCat(QuotedShort(alphabet, *r.counterexample),
                        r.counterexample_is_member ? " (member, rejected)"
                                                   : " (non-member, accepted)");
  }
  if (r.mode == LengthMode::kGiven) return "";
  if (!r.members_exist) return "one-sided: no members of this length";
  if (!r.non_members_exist) return "one-sided: no non-members of this length";
  return "";
}

void PrintCheckTable(const CheckReport& report,
                     const automata::Alphabet& alphabet, std::ostream& out) {
  out << absl::StrFormat("%6s  %-10s %9s %9s %12s %7s %7s %8s  %s\n", "n",
                         "mode", "checked", "members", "non-members", "false+",
                         "false-", "min|y|", "counterexample / note");
  for (const LengthReport& r : report.lengths) {
    std::string line = absl::StrFormat(
        "%6d  %-10s %9d %9d %12d %7d %7d %8s  %s", r.n, LengthModeName(r.mode),
        r.checked, r.members, r.non_members(), r.false_accepts, r.false_rejects,
        MarginText(r), RowNote(r, alphabet));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

std::string CheckRowJson(const LengthReport& r,
                         const automata::Alphabet& alphabet) {
  std::string row =
      absl::StrCat("{\"n\": ", r.n, ", \"mode\": \"", LengthModeName(r.mode),
                   "\", \"checked\": ", r.checked, ", \"members\": ", r.members,
                   ", \"non_members\": ", r.non_members(),
                   ", \"false_accepts\": ", r.false_accepts,
                   ", \"false_rejects\": ", r.false_rejects,
                   ", \"accuracy\": ", absl::StrFormat("%.6f", r.accuracy()));
  if (r.mode != LengthMode::kGiven) {
    absl::StrAppend(
        &row, ", \"members_exist\": ", r.members_exist ? "true" : "false",
        ", \"non_members_exist\": ", r.non_members_exist ? "true" : "false");
  }
  absl::StrAppend(&row, ", \"min_abs_y\": ",
                  r.min_abs_y_known && r.checked > 0
                      ? absl::StrFormat("%.17g", r.min_abs_y)
                      : std::string("null"));
  if (r.counterexample) {
    absl::StrAppend(&row, ", \"counterexample\": ",
                    JsonQuote(alphabet.Format(*r.counterexample)),
                    ", \"counterexample_is_member\": ",
                    r.counterexample_is_member ? "true" : "false");
  }
  return row + "}";
}

namespace {

std::string JsonLengths(const CheckReport& report,
                        const automata::Alphabet& alphabet) {
  std::vector<std::string> rows;
  for (const LengthReport& r : report.lengths)
    rows.push_back(CheckRowJson(r, alphabet));
  return absl::StrCat("[\n    ", absl::StrJoin(rows, ",\n    "), "\n  ]");
}

std::string JsonHeader(const CheckHeader& h, bool holds) {
  return absl::StrCat("{\"model\": ", JsonQuote(h.model_arg),
                      ", \"language\": ", JsonQuote(h.language),
                      ", \"engine\": ", JsonQuote(h.engine),
                      ", \"seed\": ", h.seed,
                      ", \"holds\": ", holds ? "true" : "false");
}

std::string FirstLine(const CheckHeader& h) {
  return absl::StrCat("model ", h.model_arg, " against ", h.language,
                      " (engine ", h.engine, ", seed ", h.seed, ")\n");
}

}  // namespace

void PrintCheckVerdict(const CheckReport& report,
                       const automata::Alphabet& alphabet, std::ostream& out) {
  if (report.holds()) {
    out << "holds: every checked string agrees\n";
    return;
  }
  const LengthReport* f = report.first_failure();
  out << "fails at n = " << f->n << ": "
      << QuotedShort(alphabet, *f->counterexample, 1000) << " is "
      << (f->counterexample_is_member ? "a member" : "not a member")
      << " but the model "
      << (f->counterexample_is_member ? "rejects" : "accepts") << " it\n";
}

void PrintCheckText(const CheckHeader& header, const CheckReport& report,
                    const automata::Alphabet& alphabet, std::ostream& out) {
  out << FirstLine(header);
  PrintCheckTable(report, alphabet, out);
  PrintCheckVerdict(report, alphabet, out);
}

void PrintGeneralizationText(const CheckHeader& header, int test_samples,
                             const GeneralizationReport& report,
                             const automata::Alphabet& alphabet,
                             std::ostream& out) {
  out << FirstLine(header) << "verified range:\n";
  PrintCheckTable(report.verified, alphabet, out);
  out << "test range (" << test_samples << " samples per length):\n";
  PrintCheckTable(report.tested, alphabet, out);
  out << absl::StrFormat("mean accuracy over the test range: %.4f\n",
                         report.mean_test_accuracy());
}

std::string CheckJson(const CheckHeader& header, const CheckReport& report,
                      const automata::Alphabet& alphabet) {
  return absl::StrCat(JsonHeader(header, report.holds()),
                      ",\n  \"lengths\": ", JsonLengths(report, alphabet),
                      "}\n");
}

std::string GeneralizationJson(const CheckHeader& header,
                               const GeneralizationReport& report,
                               const automata::Alphabet& alphabet) {
  const bool holds = report.verified.holds() && report.tested.holds();
  return absl::StrCat(
      JsonHeader(header, holds), ", \"mean_test_accuracy\": ",
      absl::StrFormat("%.6f", report.mean_test_accuracy()),
      ",\n  \"verified\": ", JsonLengths(report.verified, alphabet),
      ",\n  \"tested\": ", JsonLengths(report.tested, alphabet), "}\n");
}

}  // namespace satcirc::cli
