// satcirc langs / count / analyze: the languages of automata/ on the command
// line (docs/langs.md, docs/count.md, docs/analyze.md). Parsing and printing
// only; everything else is in automata/.
#include <gmpxx.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "automata/analyze.h"
#include "automata/language.h"
#include "automata/lengths.h"
#include "automata/registry.h"
#include "automata/syntactic_monoid.h"
#include "lib/extract/model_language.h"
#include "tools/analyze_report.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

using automata::Language;

const CommandSpec kLangsSpec{
    .name = "langs",
    .usage = "satcirc langs [--json]",
    .summary =
        "Lists the language families that --lang accepts, with their "
        "alphabets (docs/language-specs.md).",
    .flags = {},
};

const CommandSpec kCountSpec{
    .name = "count",
    .usage = "satcirc count --lang L --lengths R [--json]",
    .summary =
        "Prints the exact number of members of each length, out of |Σ|ⁿ "
        "words.",
    .flags = {{"lang", true, "L",
               "language spec, e.g. dyck:k=2 (satcirc langs)"},
              {"lengths", true, "R", "lengths: A..B or a list such as 1,2,4"}},
};

const CommandSpec kAnalyzeSpec{
    .name = "analyze",
    .usage =
        "satcirc analyze --lang L --lengths R [--model M[,M2...] [--engine E]] "
        "[--samples K] [--seed S] [--no-monoid] [--json]",
    .summary =
        "For each length: members, average sensitivity, Fourier weight by "
        "degree "
        "and total influence, permutation-symmetric energy and (binary "
        "alphabets) "
        "the isotypic split; for regular languages the syntactic monoid and "
        "star-freeness. Lengths with more than 2^24 words need --samples K, "
        "which "
        "estimates the sensitivity from K seeded uniform words.",
    .flags = {{"lang", true, "L", "language spec, e.g. parity (satcirc langs)"},
              {"lengths", true, "R", "lengths: A..B or a list such as 1,2,4"},
              {"samples", true, "K",
               "estimate from K uniform words when |Σ|ⁿ > 2^24"},
              {"seed", true, "S", "seed of the sampled estimate (default 1)"},
              {"no-monoid", false, "",
               "skip the syntactic monoid (otherwise refused beyond 10^6 "
               "elements or 1 GiB)"},
              {"model", true, "M",
               "also the function each model computes (files or zoo:NAME, "
               "comma-separated), and where it agrees with L"},
              {"engine", true, "E",
               "the models' engine (default: exact, float:1 for a model with "
               "softmax heads)"}},
};

// The language and lengths shared by count and analyze.
struct LangArgs {
  std::unique_ptr<Language> language;
  std::vector<int> lengths;
};

absl::StatusOr<LangArgs> GetLangArgs(const ParsedArgs& args) {
  std::optional<std::string> spec = args.Get("lang");
  if (!spec)
    return absl::InvalidArgumentError(
        "--lang L is required (see satcirc langs)");
  std::optional<std::string> lengths = args.Get("lengths");
  if (!lengths) {
    return absl::InvalidArgumentError(
        "--lengths R is required (e.g. 0..8 or 1,2,4)");
  }
  LangArgs result;
  absl::StatusOr<std::unique_ptr<Language>> language = ParseLangArg(*spec);
  if (!language.ok()) return language.status();
  result.language = *std::move(language);
  absl::StatusOr<std::vector<int>> parsed = automata::ParseLengths(*lengths);
  if (!parsed.ok()) return parsed.status();
  result.lengths = *std::move(parsed);
  return result;
}

// Rows of strings printed as left-aligned columns two spaces apart.
std::string Columns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size())
        line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string Decimal(double v) { return absl::StrFormat("%.6g", v); }
std::string Decimal(const mpq_class& v) { return Decimal(v.get_d()); }

// A JSON number for an exact value: the shortest round-trip double.
std::string JsonNumber(double v) { return absl::StrFormat("%.17g", v); }

std::string Header(const Language& language) {
  automata::LanguageInfo info = language.info();
  std::string header =
      absl::StrCat(language.spec(), " over {", language.alphabet().symbols(),
                   "}: ", info.description);
  if (!info.known_class.empty())
    absl::StrAppend(&header, "; ", info.known_class);
  return header;
}

}  // namespace

int RunLangs(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kLangsSpec, args, out, err, &code);
  if (!parsed) return code;
  const auto& families = automata::LanguageFamilies();
  if (parsed->json()) {
    out << "[";
    bool first = true;
    for (const auto& f : families) {
      out << (first ? "\n" : ",\n") << "  {\"syntax\": " << JsonQuote(f.syntax)
          << ", \"alphabet\": " << JsonQuote(f.alphabet)
          << ", \"example\": " << JsonQuote(f.example)
          << ", \"description\": " << JsonQuote(f.description) << "}";
      first = false;
    }
    out << "\n]\n";
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {
      {"SPEC", "ALPHABET", "DESCRIPTION"}};
  for (const auto& f : families)
    rows.push_back({f.syntax, f.alphabet, f.description});
  out << Columns(rows);
  return kExitOk;
}

int RunCount(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kCountSpec, args, out, err, &code);
  if (!parsed) return code;
  absl::StatusOr<LangArgs> la = GetLangArgs(*parsed);
  if (!la.ok()) return BadInput(kCountSpec, la.status(), err);
  const Language& language = *la->language;
  // Every length is checked before any is counted (counts: refuses lengths
  // that would take hours; docs/limits.md).
  for (const int n : la->lengths) {
    if (absl::Status s = language.CheckCountingLimits(n); !s.ok())
      return BadInput(kCountSpec, s, err);
  }
  const int q = language.alphabet().size();
  std::vector<std::vector<std::string>> rows = {
      {"n", "members", "words", "fraction"}};
  std::ostringstream json;
  json << "{\"lang\": " << JsonQuote(language.spec())
       << ", \"alphabet\": " << JsonQuote(language.alphabet().symbols())
       << ", \"lengths\": [";
  // Over the processes of an MPI run, each length counted once.
  absl::StatusOr<std::vector<std::string>> counts = ShareItems(
      la->lengths.size(), [&](size_t i) -> absl::StatusOr<std::string> {
        return language.CountMembers(la->lengths[i]).get_str();
      });
  if (!counts.ok()) return BadInput(kCountSpec, counts.status(), err);
  for (std::size_t i = 0; i < la->lengths.size(); ++i) {
    const int n = la->lengths[i];
    const mpz_class members((*counts)[i]);
    mpz_class words;
    mpz_pow_ui(words.get_mpz_t(), mpz_class(q).get_mpz_t(), n);
    const double fraction = mpq_class(members, words).get_d();
    rows.push_back({absl::StrCat(n), members.get_str(), words.get_str(),
                    Decimal(fraction)});
    json << (i ? ",\n  " : "\n  ") << "{\"n\": " << n
         << ", \"members\": " << members.get_str()
         << ", \"words\": " << words.get_str()
         << ", \"fraction\": " << JsonNumber(fraction) << "}";
  }
  json << "\n]}\n";
  if (parsed->json()) {
    out << json.str();
  } else {
    out << language.spec() << " over {" << language.alphabet().symbols()
        << "}\n"
        << Columns(rows);
  }
  return kExitOk;
}

namespace {

absl::StatusOr<automata::AnalyzeOptions> ParseAnalyzeOptions(
    const ParsedArgs& parsed) {
  automata::AnalyzeOptions options;
  if (std::optional<std::string> k = parsed.Get("samples")) {
    if (!absl::SimpleAtoi(*k, &options.samples) || options.samples < 2 ||
        options.samples > 100000000) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--samples '", *k, "': expected an integer in 2..100000000"));
    }
  }
  if (std::optional<std::string> s = parsed.Get("seed")) {
    if (!absl::SimpleAtoi(*s, &options.seed)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--seed '", *s, "': expected a non-negative integer"));
    }
  }
  options.syntactic_monoid = !parsed.Has("no-monoid");
  return options;
}

// A count as text: every digit up to 60 of them, beyond that its leading
// digits and its size (--json keeps every digit).
std::string CountText(const mpz_class& x) {
  const std::string digits = x.get_str();
  if (digits.size() <= 60) return digits;
  return absl::StrCat(digits.substr(0, 1), ".", digits.substr(1, 5), "·10^",
                      digits.size() - 1, " (", digits.size(), " digits)");
}

void PrintExhaustiveText(const automata::LengthAnalysis& r, int q,
                         std::ostream& out) {
  std::vector<std::string> weights;
  for (const auto& w : r.fourier.weight_by_degree)
    weights.push_back(Decimal(w));
  out << "\n  sensitivity       " << Decimal(r.sensitivity)
      << "\n  total influence   " << Decimal(r.fourier.total_influence)
      << (q > 2 ? absl::StrCat(
                      " (Efron-Stein; = 2(q-1)/q x sensitivity, q = ", q, ")")
                : "")
      << "\n  weight by degree  " << absl::StrJoin(weights, " ")
      << "\n  symmetric energy  " << Decimal(r.symmetry.symmetric_energy)
      << "\n";
  if (!r.symmetry.isotypic.empty()) {
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < r.symmetry.isotypic.size(); ++k) {
      parts.push_back(absl::StrCat("(", r.n - static_cast<int>(k), ",", k,
                                   "):", Decimal(r.symmetry.isotypic[k])));
    }
    out << "  isotypic energy   " << absl::StrJoin(parts, " ") << "\n";
  } else if (q == 2) {
    out << "  isotypic energy   not computed beyond 2^24 words\n";
  }
}

// The function of one --model, analyzed beside the language.
struct ModelAnalysis {
  std::string arg, engine;
  std::vector<extract::FunctionAnalysis> lengths{};
};

absl::StatusOr<std::vector<ModelAnalysis>> AnalyzeModels(
    const ParsedArgs& parsed, const Language& language,
    const std::vector<int>& lengths, const automata::AnalyzeOptions& options) {
  std::vector<ModelAnalysis> out;
  if (!parsed.Has("model")) {
    if (parsed.Has("engine")) {
      return absl::InvalidArgumentError("--engine needs --model");
    }
    return out;
  }
  absl::StatusOr<std::vector<std::string>> args =
      SplitList("model", *parsed.Get("model"));
  if (!args.ok()) return args.status();
  for (const std::string& arg : *args) {
    absl::StatusOr<Model> model = LoadModelArg(arg);
    if (!model.ok()) return model.status();
    ModelAnalysis m{
        .arg = arg,
        .engine = parsed.GetOr("engine",
                               model->HasSoftmaxHead() ? "float:1" : "exact")};
    absl::StatusOr<std::unique_ptr<Decider>> decider =
        MakeDecider(*model, m.engine);
    if (!decider.ok()) return decider.status();
    absl::StatusOr<std::vector<extract::FunctionAnalysis>> f =
        extract::AnalyzeModelFunction(**decider, arg, language, lengths,
                                      options);
    if (!f.ok()) return f.status();
    m.lengths = *std::move(f);
    out.push_back(std::move(m));
  }
  return out;
}

void PrintModelText(const ModelAnalysis& m, size_t i, const Language& language,
                    std::ostream& out) {
  const automata::LengthAnalysis& r = m.lengths[i].analysis;
  out << "\nn=" << r.n << ", the model " << m.arg << " (" << m.engine
      << "): members " << CountText(r.members) << " of " << CountText(r.words)
      << "; agrees with " << language.spec() << " on " << m.lengths[i].agrees
      << " of " << CountText(r.words);
  PrintExhaustiveText(r, language.alphabet().size(), out);
}

void PrintAnalyzeText(const Language& language, const MonoidReport& monoid,
                      const std::vector<automata::LengthAnalysis>& results,
                      const std::vector<ModelAnalysis>& models,
                      std::uint64_t seed, std::ostream& out) {
  out << Header(language) << "\n" << monoid.text << "\n";
  for (size_t i = 0; i < results.size(); ++i) {
    const automata::LengthAnalysis& r = results[i];
    out << "\nn=" << r.n << ": members " << CountText(r.members) << " of "
        << CountText(r.words);
    if (r.exhaustive) {
      PrintExhaustiveText(r, language.alphabet().size(), out);
      for (const ModelAnalysis& m : models) PrintModelText(m, i, language, out);
      continue;
    }
    out << (r.words.get_str().size() > 60
                ? " (exact counts, every digit in --json)\n"
                : " (exact count)\n")
        << absl::StrFormat(
               "  sensitivity       %s ± %s (estimate from %d uniform words, "
               "seed %d; ± one standard error)\n",
               Decimal(r.sensitivity_estimate.mean),
               Decimal(r.sensitivity_estimate.standard_error),
               r.sensitivity_estimate.samples, seed);
  }
}

std::string ModelsJson(const std::vector<ModelAnalysis>& models,
                       std::uint64_t seed) {
  std::vector<std::string> items;
  for (const ModelAnalysis& m : models) {
    std::vector<std::string> rows;
    for (const extract::FunctionAnalysis& f : m.lengths) {
      std::ostringstream row;
      PrintLengthJson(f.analysis, seed, row);
      std::string text = row.str();
      text.insert(text.size() - 1, absl::StrCat(", \"agrees\": ", f.agrees));
      rows.push_back(text);
    }
    items.push_back(absl::StrCat(
        "{\"model\": ", JsonQuote(m.arg), ", \"engine\": ", JsonQuote(m.engine),
        ", \"lengths\": [", absl::StrJoin(rows, ", "), "]}"));
  }
  return absl::StrJoin(items, ",\n  ");
}

}  // namespace

int RunAnalyze(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kAnalyzeSpec, args, out, err, &code);
  if (!parsed) return code;
  absl::StatusOr<LangArgs> la = GetLangArgs(*parsed);
  if (!la.ok()) return BadInput(kAnalyzeSpec, la.status(), err);
  absl::StatusOr<automata::AnalyzeOptions> options =
      ParseAnalyzeOptions(*parsed);
  if (!options.ok()) return BadInput(kAnalyzeSpec, options.status(), err);
  const Language& language = *la->language;
  absl::StatusOr<std::vector<automata::LengthAnalysis>> results =
      AnalyzeLengths(language, la->lengths, *options);
  if (!results.ok()) return BadInput(kAnalyzeSpec, results.status(), err);
  absl::StatusOr<std::vector<ModelAnalysis>> models =
      AnalyzeModels(*parsed, language, la->lengths, *options);
  if (!models.ok()) return BadInput(kAnalyzeSpec, models.status(), err);
  const MonoidReport monoid = DescribeMonoid(language, *options);
  if (parsed->json()) {
    PrintAnalyzeJson(language, monoid, *results, options->seed, out,
                     ModelsJson(*models, options->seed));
  } else {
    PrintAnalyzeText(language, monoid, *results, *models, options->seed, out);
  }
  return kExitOk;
}

}  // namespace satcirc::cli
