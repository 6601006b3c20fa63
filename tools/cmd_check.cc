// satcirc check: does a model recognize a language, length by length?
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "automata/lengths.h"
#include "automata/registry.h"
#include "lib/check/check.h"
#include "lib/check/journal.h"
#include "lib/model/model_io.h"
#include "tools/check_report.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"
#include "tools/progress.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "check",
    .usage =
        "satcirc check --model M --lang L (--lengths R [--test-lengths R2] | "
        "--strings F) [--samples K] [--seed S] [--engine E] [--exhaustive] "
        "[--exhaustive-limit X] [--json]",
    .summary =
        "Checks, for every length in R, that the model accepts exactly the "
        "members of the language: every string when |alphabet|^n is within "
        "the exhaustive limit, otherwise K seeded samples (half members "
        "uniform over the members, a quarter near misses, a quarter "
        "non-members uniform over the non-members; at least one of each class "
        "that exists at n). A length whose strings are all members, or all "
        "non-members, is marked one-sided. With --test-lengths, R is the "
        "verified range and R2 a test range of longer lengths sampled as in "
        "the Chomsky-hierarchy benchmark (512 strings each by default), "
        "reporting the accuracy per length and its mean. With --strings, the "
        "strings of F are checked instead. Exit 0 when every checked string "
        "agrees, 1 with a counterexample otherwise, 2 for bad input.",
    .flags = {{"model", true, "M", "model file, - or zoo:NAME"},
              {"lang", true, "L",
               "language spec (satcirc langs); for a program, its declared "
               "language by default"},
              {"lengths", true, "R", "lengths: A..B or a list 1,2,4"},
              {"strings", true, "F",
               "check the strings of file F (one a line, - for stdin) "
               "instead of lengths"},
              {"test-lengths", true, "R2",
               "test range for length generalization"},
              {"samples", true, "K",
               "strings per sampled length (default 1000; 512 in the "
               "test range)"},
              {"seed", true, "S", "sampling seed (default 1)"},
              {"engine", true, "E",
               "exact (default), fixed:P, float:C or param-limit"},
              {"exhaustive", false, "",
               "refuse to sample: every length must be exhaustive"},
              {"exhaustive-limit", true, "X",
               "exhaustive when |alphabet|^n <= X (default "
               "4194304)"},
              {"threads", true, "T", "worker threads (default: one per core)"},
              {"checkpoint", true, "FILE",
               "journal of finished shards: a check killed and started again "
               "with the same arguments skips them (docs/check.md)"},
              {"shard-size", true, "W",
               "words per shard of an exhaustive length (default 4194304)"}},
};

// The strings of a --strings file: one a line (a final newline optional, a
// trailing \r dropped; an empty line is the empty string), at most 64 MiB
// (docs/limits.md; /dev/zero is refused, not read to its end). Errors name the
// line.
absl::StatusOr<std::vector<automata::Word>> ReadStrings(
    const std::string& path, const automata::Alphabet& alphabet) {
  constexpr std::size_t kMaxStringsFileBytes = std::size_t{64} << 20;
  absl::StatusOr<std::string> text = ReadFileUpTo(path, kMaxStringsFileBytes);
  if (!text.ok()) return text.status();
  std::vector<automata::Word> words;
  if (text->empty()) return words;
  std::vector<absl::string_view> lines = absl::StrSplit(*text, '\n');
  if (lines.back().empty()) lines.pop_back();
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    absl::StatusOr<automata::Word> w =
        alphabet.Parse(std::string_view(line.data(), line.size()));
    if (!w.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": line ", i + 1, ": ", w.status().message()));
    }
    words.push_back(*std::move(w));
  }
  return words;
}

// What a check run needs, read from the flags.
struct CheckInputs {
  std::string model_arg;
  std::unique_ptr<Decider> decider;
  std::unique_ptr<automata::Language> language;
  std::vector<int> lengths;
  std::vector<int> test_lengths;
  std::optional<std::vector<automata::Word>> strings;  // --strings
  CheckOptions options;
  std::unique_ptr<CheckJournal> journal;  // --checkpoint
};

absl::Status ReadLengthFlags(const ParsedArgs& parsed, CheckInputs& in) {
  if (parsed.Has("lengths") == parsed.Has("strings")) {
    return absl::InvalidArgumentError(
        "give exactly one of --lengths R and --strings F");
  }
  if (parsed.Has("strings") && parsed.Has("test-lengths")) {
    return absl::InvalidArgumentError(
        "--test-lengths needs --lengths (the verified range), not --strings");
  }
  if (std::optional<std::string> l = parsed.Get("lengths")) {
    absl::StatusOr<std::vector<int>> lengths = automata::ParseLengths(*l);
    if (!lengths.ok()) return lengths.status();
    in.lengths = *std::move(lengths);
  }
  if (std::optional<std::string> t = parsed.Get("test-lengths")) {
    absl::StatusOr<std::vector<int>> tl = automata::ParseLengths(*t);
    if (!tl.ok()) return tl.status();
    in.test_lengths = *std::move(tl);
  }
  if (std::optional<std::string> f = parsed.Get("strings")) {
    absl::StatusOr<std::vector<automata::Word>> words =
        ReadStrings(*f, in.language->alphabet());
    if (!words.ok()) return words.status();
    in.strings = *std::move(words);
  }
  return absl::OkStatus();
}

// --lang, or the language a program file declares.
absl::StatusOr<std::string> LangSpec(const ParsedArgs& parsed) {
  const std::string model = *parsed.Get("model");
  if (!parsed.Has("lang") && IsProgramFile(model)) {
    absl::StatusOr<std::string> declared = ProgramLanguage(model);
    if (!declared.ok() || !declared->empty()) return declared;
  }
  if (absl::Status st = RequireFlags(parsed, {"lang"}); !st.ok()) return st;
  return *parsed.Get("lang");
}

// The journal a process writes — FILE for rank 0 (and for a run without
// MPI), FILE.R for rank R — and the other processes' journals beside it
// (FILE.1, FILE.2, … of this or an earlier run, with any number of ranks).
std::pair<std::string, std::vector<std::string>> JournalFiles(
    const std::string& path) {
  const int rank = IsFirstProcess() ? 0 : CurrentCollective()->rank();
  const std::string mine = rank == 0 ? path : absl::StrCat(path, ".", rank);
  std::vector<std::string> others;
  if (rank != 0) others.push_back(path);
  const std::filesystem::path p(path);
  const std::string prefix = p.filename().string() + ".";
  std::error_code ec;
  const std::filesystem::path dir =
      p.parent_path().empty() ? std::filesystem::path(".") : p.parent_path();
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    int r = 0;
    if (!absl::StartsWith(name, prefix) ||
        !absl::SimpleAtoi(name.substr(prefix.size()), &r) || r <= 0 ||
        name.substr(prefix.size()) != absl::StrCat(r) || r == rank)
      continue;
    others.push_back(absl::StrCat(path, ".", r));
  }
  std::sort(others.begin(), others.end());
  return {mine, others};
}

// --checkpoint: the journal of a check with exactly these arguments.
absl::Status OpenJournal(const ParsedArgs& parsed, const Model& model,
                         CheckInputs& in) {
  if (absl::Status st =
          ParseIntegerFlag(parsed, "shard-size", &in.options.shard_words,
                           /*positive=*/true);
      !st.ok())
    return st;
  const std::optional<std::string> path = parsed.Get("checkpoint");
  if (!path) return absl::OkStatus();
  if (in.strings) {
    return absl::InvalidArgumentError(
        "--checkpoint needs --lengths; --strings checks are not journaled");
  }
  const std::string samples = absl::StrCat(in.options.samples);
  const JournalArgs args = {
      {"model", Fingerprint(WriteModelToString(model))},
      {"language", in.language->spec()},
      {"engine", parsed.GetOr("engine", "exact")},
      {"lengths", absl::StrJoin(in.lengths, ",")},
      {"test-lengths",
       in.test_lengths.empty() ? "none" : absl::StrJoin(in.test_lengths, ",")},
      {"samples", parsed.Has("samples") ? samples : "default"},
      {"seed", absl::StrCat(in.options.seed)},
      {"exhaustive", parsed.Has("exhaustive") ? "yes" : "no"},
      {"exhaustive-limit", absl::StrCat(in.options.exhaustive_limit)},
      {"shard-size", absl::StrCat(in.options.shard_words)}};
  const auto [mine, others] = JournalFiles(*path);
  absl::StatusOr<std::unique_ptr<CheckJournal>> journal =
      CheckJournal::Open(mine, args, others);
  if (!journal.ok()) return journal.status();
  in.journal = *std::move(journal);
  in.options.shards = in.journal.get();
  return absl::OkStatus();
}

absl::Status ReadCheckInputs(const ParsedArgs& parsed, CheckInputs& in) {
  if (absl::Status st = RequireFlags(parsed, {"model"}); !st.ok()) return st;
  in.model_arg = *parsed.Get("model");
  absl::StatusOr<Model> model = LoadModelArg(in.model_arg);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::string> spec = LangSpec(parsed);
  if (!spec.ok()) return spec.status();
  absl::StatusOr<std::unique_ptr<automata::Language>> language =
      ParseLangArg(*spec);
  if (!language.ok()) return language.status();
  in.language = *std::move(language);
  if (absl::Status st = ReadLengthFlags(parsed, in); !st.ok()) return st;
  for (absl::Status st :
       {ParseIntegerFlag(parsed, "samples", &in.options.samples,
                         /*positive=*/true),
        ParseIntegerFlag(parsed, "threads", &in.options.threads,
                         /*positive=*/true),
        ParseIntegerFlag(parsed, "seed", &in.options.seed, /*positive=*/false),
        ParseIntegerFlag(parsed, "exhaustive-limit",
                         &in.options.exhaustive_limit, /*positive=*/false)}) {
    if (!st.ok()) return st;
  }
  if (in.options.threads > kMaxThreads) {
    return absl::InvalidArgumentError(
        absl::StrCat("--threads ", in.options.threads, ": at most ",
                     kMaxThreads, " worker threads"));
  }
  in.options.require_exhaustive = parsed.Has("exhaustive");
  in.options.collective = CurrentCollective();
  absl::StatusOr<std::unique_ptr<Decider>> decider =
      MakeDecider(*model, parsed.GetOr("engine", "exact"));
  if (!decider.ok()) {
    return absl::Status(
        decider.status().code(),
        absl::StrCat(in.model_arg, ": ", decider.status().message()));
  }
  in.decider = *std::move(decider);
  return OpenJournal(parsed, *model, in);
}

CheckHeader HeaderOf(const CheckInputs& in) {
  return {in.model_arg, in.language->spec(), in.decider->engine_name(),
          in.options.seed};
}

int ReportCheck(const CheckInputs& in, const CheckReport& report, bool json,
                std::ostream& out) {
  const automata::Alphabet& alphabet = in.language->alphabet();
  if (json) {
    out << CheckJson(HeaderOf(in), report, alphabet);
  } else {
    PrintCheckText(HeaderOf(in), report, alphabet, out);
  }
  return report.holds() ? kExitOk : kExitCheckFailed;
}

int ReportGeneralization(const CheckInputs& in,
                         const GeneralizationOptions& gen,
                         const GeneralizationReport& report, bool json,
                         std::ostream& out) {
  const automata::Alphabet& alphabet = in.language->alphabet();
  if (json) {
    out << GeneralizationJson(HeaderOf(in), report, alphabet);
  } else {
    PrintGeneralizationText(HeaderOf(in), gen.test_samples, report, alphabet,
                            out);
  }
  return report.verified.holds() && report.tested.holds() ? kExitOk
                                                          : kExitCheckFailed;
}

}  // namespace

int RunCheck(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  CheckInputs in;
  if (absl::Status st = ReadCheckInputs(*parsed, in); !st.ok())
    return BadInput(kSpec, st, err);
  if (in.journal != nullptr && in.journal->loaded() > 0) {
    err << "satcirc check: " << *parsed->Get("checkpoint") << ": "
        << in.journal->loaded() << " finished shards, not redone\n";
  }
  ProgressBar bar(err, "checking");
  in.options.progress = bar.callback();
  if (in.test_lengths.empty()) {
    absl::StatusOr<CheckReport> report =
        in.strings
            ? CheckWords(*in.decider, *in.language, *in.strings, in.options)
            : Check(*in.decider, *in.language, in.lengths, in.options);
    bar.Finish();
    if (!report.ok()) return BadInput(kSpec, report.status(), err);
    return ReportCheck(in, *report, parsed->json(), out);
  }
  GeneralizationOptions gen;
  gen.verify = in.options;
  if (parsed->Has("samples")) gen.test_samples = in.options.samples;
  absl::StatusOr<GeneralizationReport> report = CheckGeneralization(
      *in.decider, *in.language, in.lengths, in.test_lengths, gen);
  bar.Finish();
  if (!report.ok()) return BadInput(kSpec, report.status(), err);
  return ReportGeneralization(in, gen, *report, parsed->json(), out);
}

}  // namespace satcirc::cli
