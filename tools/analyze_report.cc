// The computations and JSON of `satcirc analyze` (analyze_report.h).
#include "tools/analyze_report.h"

#include <cstdlib>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "tools/cli.h"

namespace satcirc::cli {

using automata::Language;

namespace {

std::string JsonNumber(double v) { return absl::StrFormat("%.17g", v); }

// One length's analysis as text and back (how it travels between the
// processes of an MPI run): space-separated fields, rationals as p/q.
std::string FormatAnalysis(const automata::LengthAnalysis& a) {
  const auto& e = a.sensitivity_estimate;
  std::string s = absl::StrCat(
      a.n, " ", a.members.get_str(), " ", a.words.get_str(), " ",
      a.exhaustive ? 1 : 0, " ", a.sensitivity.get_str(), " ",
      a.fourier.total_influence.get_str(), " ", a.fourier.exact ? 1 : 0, " ",
      a.symmetry.symmetric_energy.get_str(), " ",
      absl::StrFormat("%a %a", e.mean, e.standard_error), " ", e.samples, " ",
      a.fourier.weight_by_degree.size());
  for (const mpq_class& w : a.fourier.weight_by_degree)
    absl::StrAppend(&s, " ", w.get_str());
  absl::StrAppend(&s, " ", a.symmetry.isotypic.size());
  for (const mpq_class& w : a.symmetry.isotypic)
    absl::StrAppend(&s, " ", w.get_str());
  return s;
}

automata::LengthAnalysis ParseAnalysis(const std::string& text) {
  std::istringstream in(text);
  automata::LengthAnalysis a;
  std::string members, words, sens, infl, energy, mean, se;
  int exhaustive = 0, exact = 0;
  size_t degrees = 0, parts = 0;
  in >> a.n >> members >> words >> exhaustive >> sens >> infl >> exact >>
      energy >> mean >> se >> a.sensitivity_estimate.samples >> degrees;
  a.members = mpz_class(members);
  a.words = mpz_class(words);
  a.exhaustive = exhaustive != 0;
  a.sensitivity = mpq_class(sens);
  a.fourier.total_influence = mpq_class(infl);
  a.fourier.exact = exact != 0;
  a.symmetry.symmetric_energy = mpq_class(energy);
  a.sensitivity_estimate.mean = std::strtod(mean.c_str(), nullptr);
  a.sensitivity_estimate.standard_error = std::strtod(se.c_str(), nullptr);
  for (size_t d = 0; d < degrees && in >> sens; ++d)
    a.fourier.weight_by_degree.push_back(mpq_class(sens));
  in >> parts;
  for (size_t d = 0; d < parts && in >> sens; ++d)
    a.symmetry.isotypic.push_back(mpq_class(sens));
  return a;
}

MonoidReport ComputedMonoid(const Language& language,
                            const automata::SyntacticMonoid& m) {
  const std::string witness =
      m.aperiodic ? "" : language.alphabet().Format(*m.periodic_witness);
  return {absl::StrCat("syntactic monoid: ", m.size, " elements, ",
                       m.aperiodic ? "aperiodic: star-free"
                                   : absl::StrCat("not aperiodic (", witness,
                                                  " generates a group): not "
                                                  "star-free")),
          absl::StrCat("{\"size\": ", m.size,
                       ", \"aperiodic\": ", m.aperiodic ? "true" : "false",
                       ", \"star_free\": ", m.aperiodic ? "true" : "false",
                       m.aperiodic ? ""
                                   : absl::StrCat(", \"periodic_word\": ",
                                                  JsonQuote(witness)),
                       "}")};
}

std::string JsonRationals(const std::vector<mpq_class>& v) {
  std::vector<std::string> parts;
  for (const auto& x : v) parts.push_back(JsonNumber(x.get_d()));
  return absl::StrCat("[", absl::StrJoin(parts, ", "), "]");
}

// true, false (known not regular), or null (neither: some counts: formulas).
const char* RegularJson(const automata::LanguageInfo& info) {
  if (info.is_regular) return "true";
  return info.known_not_regular ? "false" : "null";
}

}  // namespace

absl::StatusOr<std::vector<automata::LengthAnalysis>> AnalyzeLengths(
    const Language& language, const std::vector<int>& lengths,
    const automata::AnalyzeOptions& options) {
  // A counting limit (counts:) is not helped by --samples: said as it is.
  for (int n : lengths) {
    if (absl::Status s = language.CheckCountingLimits(n); !s.ok()) return s;
  }
  absl::StatusOr<std::vector<std::string>> texts =
      ShareItems(lengths.size(), [&](size_t i) -> absl::StatusOr<std::string> {
        absl::StatusOr<automata::LengthAnalysis> r =
            automata::AnalyzeLength(language, lengths[i], options);
        if (absl::IsResourceExhausted(r.status())) {
          return absl::ResourceExhaustedError(absl::StrCat(
              r.status().message(),
              "; use --samples K for a seeded estimate of the sensitivity"));
        }
        if (!r.ok()) return r.status();
        return FormatAnalysis(*r);
      });
  if (!texts.ok()) return texts.status();
  std::vector<automata::LengthAnalysis> results;
  for (const std::string& t : *texts) results.push_back(ParseAnalysis(t));
  return results;
}

MonoidReport DescribeMonoid(const Language& language,
                            const automata::AnalyzeOptions& options) {
  const automata::Dfa* dfa = language.dfa();
  if (!dfa && !language.info().known_not_regular) {
    // Some counts: formulas: regularity not decided, or a DFA too large to
    // build (the header line says which).
    return {"syntactic monoid: not computed (no DFA was built)", "null"};
  }
  if (!dfa) {
    return {"syntactic monoid: infinite (the language is not regular)", "null"};
  }
  if (!options.syntactic_monoid) {
    return {"syntactic monoid: skipped (--no-monoid)", "{\"skipped\": true}"};
  }
  absl::StatusOr<automata::SyntacticMonoid> m =
      automata::ComputeSyntacticMonoid(*dfa, options.monoid);
  if (m.ok()) return ComputedMonoid(language, *m);
  absl::string_view reason = m.status().message();
  absl::ConsumePrefix(&reason, "syntactic monoid: ");
  return {absl::StrCat("syntactic monoid: not computed (", reason,
                       "; --no-monoid skips it)"),
          absl::StrCat("{\"error\": ",
                       JsonQuote(std::string(m.status().message())), "}")};
}

void PrintLengthJson(const automata::LengthAnalysis& r, std::uint64_t seed,
                     std::ostream& out) {
  out << "{\"n\": " << r.n << ", \"members\": " << r.members.get_str()
      << ", \"words\": " << r.words.get_str()
      << ", \"mode\": " << (r.exhaustive ? "\"exhaustive\"" : "\"sampled\"");
  if (r.exhaustive) {
    out << ", \"sensitivity\": " << JsonNumber(r.sensitivity.get_d())
        << ", \"sensitivity_exact\": " << JsonQuote(r.sensitivity.get_str())
        << ", \"total_influence\": "
        << JsonNumber(r.fourier.total_influence.get_d())
        << ", \"weight_by_degree\": "
        << JsonRationals(r.fourier.weight_by_degree)
        << ", \"symmetric_energy\": "
        << JsonNumber(r.symmetry.symmetric_energy.get_d());
    if (!r.symmetry.isotypic.empty()) {
      out << ", \"isotypic_energy\": " << JsonRationals(r.symmetry.isotypic);
    }
  } else {
    out << ", \"samples\": " << r.sensitivity_estimate.samples
        << ", \"seed\": " << seed << ", \"sensitivity_estimate\": "
        << JsonNumber(r.sensitivity_estimate.mean) << ", \"standard_error\": "
        << JsonNumber(r.sensitivity_estimate.standard_error);
  }
  out << "}";
}

void PrintAnalyzeJson(const Language& language, const MonoidReport& monoid,
                      const std::vector<automata::LengthAnalysis>& results,
                      std::uint64_t seed, std::ostream& out,
                      const std::string& models) {
  out << "{\"lang\": " << JsonQuote(language.spec())
      << ", \"alphabet\": " << JsonQuote(language.alphabet().symbols())
      << ", \"regular\": " << RegularJson(language.info())
      << ", \"known_class\": " << JsonQuote(language.info().known_class)
      << ", \"syntactic_monoid\": " << monoid.json << ", \"lengths\": [";
  for (std::size_t i = 0; i < results.size(); ++i) {
    out << (i ? ",\n  " : "\n  ");
    PrintLengthJson(results[i], seed, out);
  }
  out << "\n]";
  if (!models.empty()) out << ",\n\"models\": [\n  " << models << "\n]";
  out << "}\n";
}

}  // namespace satcirc::cli
