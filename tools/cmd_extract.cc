// satcirc quantize: a model's weights rounded to a grid, written as a model,
// with the decisions that changed against the original at given lengths.
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "automata/lengths.h"
#include "lib/check/check.h"
#include "lib/extract/compare.h"
#include "lib/extract/quantize.h"
#include "lib/model/model_io.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

const CommandSpec kQuantizeSpec{
    .name = "quantize",
    .usage =
        "satcirc quantize --model M --round grid:K|bits:K [-o FILE] "
        "[--lengths R [--lang L] [--engine E] [--samples K] [--seed S] "
        "[--threads T]] [--json]",
    .summary =
        "Rounds every weight of a model (token embedding, W_Q, W_K, W_V, W_O, "
        "MLP matrices and biases, readout) to the multiples of 2^-K "
        "(grid:K) or to K significant bits (bits:K), ties away from zero, and "
        "writes the rounded model with -o. With --lengths it runs both "
        "models on the same strings (every string of a length with at most "
        "65,536, else the checker's sample of --lang) and prints the "
        "decisions that changed, and with --lang each one's accuracy "
        "(docs/extraction.md).",
    .flags = {{"model", true, "M", "the model (a file, - or zoo:NAME)"},
              {"round", true, "R", "grid:K (multiples of 2^-K) or bits:K"},
              {"output", true, "FILE", "write the rounded model here (-o)"},
              {"lengths", true, "R",
               "compare the decisions at these lengths: A..B or 1,2,4"},
              {"lang", true, "L",
               "the language: accuracy of both, and strings of long lengths "
               "(default for zoo:NAME: its language)"},
              {"engine", true, "E",
               "exact, fixed:P or float:C (default: exact, float:1 for a "
               "model with softmax heads)"},
              {"samples", true, "K",
               "strings per length beyond 65,536 (default 1000)"},
              {"seed", true, "S", "sampling seed (default 1)"},
              {"threads", true, "T", "worker threads (default: one per core)"}},
};

struct QuantizeRun {
  std::string model_arg;
  Model original, rounded;
  extract::Rounding rounding;
  extract::QuantizeStats stats;
  std::unique_ptr<automata::Language> language;  // or null
  std::string engine;
  std::vector<extract::LengthComparison> lengths;
};

absl::Status ReadLanguage(const ParsedArgs& args, QuantizeRun& run) {
  std::optional<std::string> spec = args.Get("lang");
  if (!spec) spec = ZooLanguageOf(run.model_arg);
  if (!spec) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<automata::Language>> lang =
      ParseLangArg(*spec);
  if (!lang.ok()) return lang.status();
  run.language = *std::move(lang);
  return absl::OkStatus();
}

absl::Status Compare(const ParsedArgs& args, QuantizeRun& run) {
  absl::StatusOr<std::vector<int>> lengths =
      automata::ParseLengths(*args.Get("lengths"));
  if (!lengths.ok()) return lengths.status();
  extract::CompareOptions options;
  for (absl::Status s :
       {ParseIntegerFlag(args, "samples", &options.samples, true),
        ParseIntegerFlag(args, "seed", &options.seed, false),
        ParseIntegerFlag(args, "threads", &options.threads, true)}) {
    if (!s.ok()) return s;
  }
  run.engine =
      args.GetOr("engine", run.original.HasSoftmaxHead() ? "float:1" : "exact");
  absl::StatusOr<std::unique_ptr<Decider>> before =
      MakeDecider(run.original, run.engine);
  if (!before.ok()) return before.status();
  absl::StatusOr<std::unique_ptr<Decider>> after =
      MakeDecider(run.rounded, run.engine);
  if (!after.ok()) return after.status();
  absl::StatusOr<std::vector<extract::LengthComparison>> c =
      extract::CompareDecisions(**before, **after, run.language.get(), *lengths,
                                options);
  if (!c.ok()) return c.status();
  run.lengths = *std::move(c);
  return absl::OkStatus();
}

absl::StatusOr<QuantizeRun> Quantize(const ParsedArgs& args) {
  if (absl::Status s = RequireFlags(args, {"model", "round"}); !s.ok()) {
    return s;
  }
  QuantizeRun run;
  run.model_arg = *args.Get("model");
  absl::StatusOr<extract::Rounding> r =
      extract::ParseRounding(*args.Get("round"));
  if (!r.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--round ", r.status().message()));
  }
  run.rounding = *r;
  absl::StatusOr<Model> model = LoadModelArg(run.model_arg);
  if (!model.ok()) return model.status();
  run.original = *std::move(model);
  run.rounded = extract::Quantize(run.original, run.rounding, &run.stats);
  if (absl::Status s = ReadLanguage(args, run); !s.ok()) return s;
  if (!args.Has("lengths")) {
    for (const char* flag : {"lang", "engine", "samples", "seed", "threads"}) {
      if (args.Has(flag)) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", flag, " needs --lengths (the comparison)"));
      }
    }
    return run;
  }
  if (absl::Status s = Compare(args, run); !s.ok()) return s;
  return run;
}

std::string Ratio(std::uint64_t a, std::uint64_t b) {
  return b == 0 ? "-" : absl::StrFormat("%.4f", static_cast<double>(a) / b);
}

// A denominator as 2^e when it is a power of two above 1024 (a float's, or a
// fine grid's).
std::string DenominatorText(const Rational& d) {
  const mpz_class& z = d.gmp().get_num();
  const size_t bits = mpz_sizeinbase(z.get_mpz_t(), 2);
  if (z > 1024 && mpz_popcount(z.get_mpz_t()) == 1) {
    return absl::StrCat("2^", bits - 1);
  }
  return d.ToString();
}

void PrintQuantizeText(const QuantizeRun& run, std::ostream& out) {
  const extract::QuantizeStats& s = run.stats;
  out << absl::StrFormat(
      "%s rounded to %s: %d of %d weights moved, by at most %.3g; %d "
      "nonzero (%d before); denominators up to %s\n",
      run.original.name, extract::RoundingPhrase(run.rounding), s.changed,
      s.weights, s.largest_change.ToDouble(), s.nonzero_after,
      s.nonzero_before, DenominatorText(s.largest_denominator));
  if (run.lengths.empty()) return;
  const bool lang = run.language != nullptr;
  out << "decisions under " << run.engine
      << ", the rounded model against the original"
      << (lang ? absl::StrCat(", and each against ", run.language->spec()) : "")
      << ":\n";
  out << absl::StrFormat("%5s %9s  %-10s %8s", "n", "strings", "mode",
                         "changed");
  if (lang) out << absl::StrFormat(" %9s %9s", "original", "rounded");
  out << "  first changed\n";
  for (const extract::LengthComparison& l : run.lengths) {
    out << absl::StrFormat("%5d %9d  %-10s %8d", l.n, l.strings,
                           l.exhaustive ? "exhaustive" : "sampled", l.changed);
    if (lang) {
      out << absl::StrFormat(" %9s %9s", Ratio(l.right_before, l.strings),
                             Ratio(l.right_after, l.strings));
    }
    if (l.first_changed) {
      out << absl::StrFormat("  \"%s\" (%s → %s)",
                             run.original.alphabet.Format(*l.first_changed),
                             l.first_before ? "accept" : "reject",
                             l.first_before ? "reject" : "accept");
    }
    out << "\n";
  }
}

std::string QuantizeJson(const QuantizeRun& run) {
  const extract::QuantizeStats& s = run.stats;
  std::vector<std::string> rows;
  for (const extract::LengthComparison& l : run.lengths) {
    std::string row = absl::StrFormat(
        "{\"n\": %d, \"mode\": \"%s\", \"strings\": %d, \"changed\": %d", l.n,
        l.exhaustive ? "exhaustive" : "sampled", l.strings, l.changed);
    if (run.language) {
      absl::StrAppendFormat(&row,
                            ", \"original_right\": %d, \"rounded_right\": %d",
                            l.right_before, l.right_after);
    }
    if (l.first_changed) {
      absl::StrAppend(
          &row, ", \"first_changed\": ",
          JsonQuote(run.original.alphabet.Format(*l.first_changed)),
          ", \"original_accepts\": ", l.first_before ? "true" : "false");
    }
    rows.push_back(row + "}");
  }
  return absl::StrCat(
      "{\"model\": ", JsonQuote(run.model_arg), ", \"round\": \"",
      extract::RoundingName(run.rounding), "\", \"weights\": ", s.weights,
      ", \"moved\": ", s.changed, ", \"largest_change\": \"",
      s.largest_change.ToString(), "\", \"nonzero_before\": ", s.nonzero_before,
      ", \"nonzero_after\": ", s.nonzero_after, ", \"largest_denominator\": \"",
      s.largest_denominator.ToString(),
      "\", \"engine\": ", JsonQuote(run.engine), ", \"language\": ",
      run.language ? JsonQuote(run.language->spec()) : "null",
      ", \"lengths\": [", absl::StrJoin(rows, ", "), "]}\n");
}

}  // namespace

int RunQuantize(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kQuantizeSpec, args, out, err, &code);
  if (!parsed) return code;
  absl::StatusOr<QuantizeRun> run = Quantize(*parsed);
  if (!run.ok()) return BadInput(kQuantizeSpec, run.status(), err);
  if (std::optional<std::string> path = parsed->Get("output")) {
    absl::Status w =
        WriteFileAtomically(*path, WriteModelToString(run->rounded), out);
    if (!w.ok()) return BadInput(kQuantizeSpec, w, err);
    if (*path == "-") return kExitOk;
  }
  if (parsed->json()) {
    out << QuantizeJson(*run);
  } else {
    PrintQuantizeText(*run, out);
    if (std::optional<std::string> path = parsed->Get("output")) {
      out << "wrote " << *path << "\n";
    }
  }
  return kExitOk;
}

}  // namespace satcirc::cli
