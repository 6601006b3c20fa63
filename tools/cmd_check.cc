// satcirc check: does a model recognize a language, length by length?
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "automata/lengths.h"
#include "automata/registry.h"
#include "lib/check.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"
#include "tools/progress.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "check",
    .usage =
        "satcirc check --model M --lang L --lengths R [--test-lengths R2] "
        "[--samples K] "
        "[--seed S] [--engine exact|fixed:P] [--exhaustive] "
        "[--exhaustive-limit X] "
        "[--json]",
    .summary =
        "Checks, for every length in R, that the model accepts exactly the "
        "members of the "
        "language: every string when |alphabet|^n is within the exhaustive "
        "limit, otherwise "
        "K seeded samples (half members, a quarter near misses, a quarter "
        "uniform "
        "non-members). With --test-lengths, R is the verified range and R2 a "
        "test range of "
        "longer lengths sampled as in the Chomsky-hierarchy benchmark (512 "
        "strings each by "
        "default), reporting the accuracy per length and its mean. Exit 0 when "
        "every checked "
        "string agrees, 1 with a counterexample otherwise, 2 for bad input.",
    .flags = {{"model", true, "M", "model file, - or zoo:NAME"},
              {"lang", true, "L", "language spec (satcirc langs)"},
              {"lengths", true, "R", "lengths: A..B or a list 1,2,4"},
              {"test-lengths", true, "R2",
               "test range for length generalization"},
              {"samples", true, "K",
               "strings per sampled length (default 1000; 512 in the "
               "test range)"},
              {"seed", true, "S", "sampling seed (default 1)"},
              {"engine", true, "E", "exact (default) or fixed:P"},
              {"exhaustive", false, "",
               "refuse to sample: every length must be exhaustive"},
              {"exhaustive-limit", true, "X",
               "exhaustive when |alphabet|^n <= X (default "
               "4194304)"},
              {"threads", true, "T", "worker threads (default: one per core)"}},
};

std::string Quoted(const automata::Alphabet& a, const automata::Word& w) {
  return absl::StrCat("\"", a.Format(w), "\"");
}

void PrintTable(const CheckReport& report, const automata::Alphabet& alphabet,
                std::ostream& out) {
  out << absl::StrFormat("%6s  %-10s %9s %9s %7s %7s  %s\n", "n", "mode",
                         "checked", "members", "false+", "false-",
                         "counterexample");  // no trailing space
  for (const LengthReport& r : report.lengths) {
    std::string cex;
    if (r.counterexample) {
      cex =
          absl::StrCat(Quoted(alphabet, *r.counterexample),
                       r.counterexample_is_member ? " (member, rejected)"
                                                  : " (non-member, accepted)");
    }
    std::string line =
        absl::StrFormat("%6d  %-10s %9d %9d %7d %7d  %s", r.n,
                        r.exhaustive ? "exhaustive" : "sampled", r.checked,
                        r.members, r.false_accepts, r.false_rejects, cex);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

std::string JsonLengths(const CheckReport& report,
                        const automata::Alphabet& alphabet) {
  std::vector<std::string> rows;
  for (const LengthReport& r : report.lengths) {
    std::string row = absl::StrCat(
        "{\"n\": ", r.n, ", \"mode\": \"",
        r.exhaustive ? "exhaustive" : "sampled", "\", \"checked\": ", r.checked,
        ", \"members\": ", r.members, ", \"false_accepts\": ", r.false_accepts,
        ", \"false_rejects\": ", r.false_rejects,
        ", \"accuracy\": ", absl::StrFormat("%.6f", r.accuracy()));
    if (r.counterexample) {
      absl::StrAppend(&row, ", \"counterexample\": ",
                      JsonQuote(alphabet.Format(*r.counterexample)),
                      ", \"counterexample_is_member\": ",
                      r.counterexample_is_member ? "true" : "false");
    }
    rows.push_back(row + "}");
  }
  return absl::StrCat("[\n    ", absl::StrJoin(rows, ",\n    "), "\n  ]");
}

}  // namespace

int RunCheck(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status st = RequireFlags(*parsed, {"model", "lang", "lengths"});
      !st.ok()) {
    return BadInput(kSpec, st, err);
  }
  const std::string model_arg = *parsed->Get("model");
  absl::StatusOr<Model> model = LoadModelArg(model_arg);
  if (!model.ok()) return BadInput(kSpec, model.status(), err);
  absl::StatusOr<std::unique_ptr<automata::Language>> language =
      automata::ParseLanguage(*parsed->Get("lang"));
  if (!language.ok()) return BadInput(kSpec, language.status(), err);
  absl::StatusOr<std::vector<int>> lengths =
      automata::ParseLengths(*parsed->Get("lengths"));
  if (!lengths.ok()) return BadInput(kSpec, lengths.status(), err);
  std::vector<int> test_lengths;
  if (std::optional<std::string> t = parsed->Get("test-lengths")) {
    absl::StatusOr<std::vector<int>> tl = automata::ParseLengths(*t);
    if (!tl.ok()) return BadInput(kSpec, tl.status(), err);
    test_lengths = *tl;
  }
  CheckOptions options;
  for (absl::Status st :
       {ParseIntegerFlag(*parsed, "samples", &options.samples,
                         /*positive=*/true),
        ParseIntegerFlag(*parsed, "threads", &options.threads,
                         /*positive=*/true),
        ParseIntegerFlag(*parsed, "seed", &options.seed, /*positive=*/false),
        ParseIntegerFlag(*parsed, "exhaustive-limit", &options.exhaustive_limit,
                         /*positive=*/false)}) {
    if (!st.ok()) return BadInput(kSpec, st, err);
  }
  options.require_exhaustive = parsed->Has("exhaustive");
  ProgressBar bar(err, "checking");
  options.progress = bar.callback();

  absl::StatusOr<std::unique_ptr<Decider>> decider =
      MakeDecider(*model, parsed->GetOr("engine", "exact"));
  if (!decider.ok()) {
    return BadInput(
        kSpec,
        absl::Status(decider.status().code(),
                     absl::StrCat(model_arg, ": ", decider.status().message())),
        err);
  }
  const automata::Alphabet& alphabet = (*language)->alphabet();
  const std::string engine = (*decider)->engine_name();
  const std::string lang_spec = (*language)->spec();
  if (test_lengths.empty()) {
    absl::StatusOr<CheckReport> report =
        Check(**decider, **language, *lengths, options);
    bar.Finish();
    if (!report.ok()) return BadInput(kSpec, report.status(), err);
    const bool holds = report->holds();
    if (parsed->json()) {
      out << "{\"model\": " << JsonQuote(model_arg)
          << ", \"language\": " << JsonQuote(lang_spec)
          << ", \"engine\": " << JsonQuote(engine)
          << ", \"seed\": " << options.seed
          << ", \"holds\": " << (holds ? "true" : "false")
          << ",\n  \"lengths\": " << JsonLengths(*report, alphabet) << "}\n";
    } else {
      out << "model " << model_arg << " against " << lang_spec << " (engine "
          << engine << ", seed " << options.seed << ")\n";
      PrintTable(*report, alphabet, out);
      if (holds) {
        out << "holds: every checked string agrees\n";
      } else {
        const LengthReport* f = report->first_failure();
        out << "fails at n = " << f->n << ": "
            << Quoted(alphabet, *f->counterexample) << " is "
            << (f->counterexample_is_member ? "a member" : "not a member")
            << " but the model "
            << (f->counterexample_is_member ? "rejects" : "accepts") << " it\n";
      }
    }
    return holds ? kExitOk : kExitCheckFailed;
  }
  GeneralizationOptions gen;
  gen.verify = options;
  if (parsed->Has("samples")) gen.test_samples = options.samples;
  absl::StatusOr<GeneralizationReport> report =
      CheckGeneralization(**decider, **language, *lengths, test_lengths, gen);
  bar.Finish();
  if (!report.ok()) return BadInput(kSpec, report.status(), err);
  const bool holds = report->verified.holds() && report->tested.holds();
  if (parsed->json()) {
    out << "{\"model\": " << JsonQuote(model_arg)
        << ", \"language\": " << JsonQuote(lang_spec)
        << ", \"engine\": " << JsonQuote(engine)
        << ", \"seed\": " << options.seed
        << ", \"holds\": " << (holds ? "true" : "false")
        << ", \"mean_test_accuracy\": "
        << absl::StrFormat("%.6f", report->mean_test_accuracy())
        << ",\n  \"verified\": " << JsonLengths(report->verified, alphabet)
        << ",\n  \"tested\": " << JsonLengths(report->tested, alphabet)
        << "}\n";
  } else {
    out << "model " << model_arg << " against " << lang_spec << " (engine "
        << engine << ", seed " << options.seed << ")\nverified range:\n";
    PrintTable(report->verified, alphabet, out);
    out << "test range (" << gen.test_samples << " samples per length):\n";
    PrintTable(report->tested, alphabet, out);
    out << absl::StrFormat("mean accuracy over the test range: %.4f\n",
                           report->mean_test_accuracy());
  }
  return holds ? kExitOk : kExitCheckFailed;
}

}  // namespace satcirc::cli
