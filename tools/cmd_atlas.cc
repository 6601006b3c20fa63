// satcirc atlas: every zoo model against its language and its neighbours,
// and model files against a given language.
#include <filesystem>
#include <sstream>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "automata/lengths.h"
#include "lib/experiments/atlas.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"
#include "tools/progress.h"
#include "tools/suggest.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "atlas",
    .usage =
        "satcirc atlas [--models A,B] [--lang L] [--sampled-lengths R] "
        "[--samples K] [--seed S] [--exhaustive-words X] [--threads T] "
        "[-o FILE] [--json]",
    .summary =
        "Checks every zoo model against the language it was built for and its "
        "natural "
        "neighbours (e.g. the parity model against majority), and prints a "
        "Markdown table: "
        "a check mark with the lengths verified exhaustively and by sampling, "
        "or a cross "
        "with the first failing length and its counterexample, beside each "
        "language's "
        "known class (AC0/TC0, star-free or not, from its syntactic monoid). "
        "By default: "
        "exhaustive while |alphabet|^n <= 65536 (n <= 16 for binary "
        "alphabets), then 1000 "
        "seeded samples at n = 32, 64, 128, 256, 512, 1000 and 10000. Exit 0 "
        "when every "
        "construction holds and every negative control fails, 1 otherwise.",
    .flags = {{"models", true, "A,B",
               "only these models: zoo names (NAME or zoo:NAME) or model "
               "files (default: the whole zoo)"},
              {"lang", true, "L",
               "the language the model files of --models are checked "
               "against (required with a file)"},
              {"sampled-lengths", true, "R",
               "the sampled lengths (default "
               "32,64,128,256,512,1000,10000)"},
              {"samples", true, "K",
               "samples per sampled length (default 1000)"},
              {"seed", true, "S", "sampling seed (default 1)"},
              {"exhaustive-words", true, "X",
               "exhaustive while |alphabet|^n <= X "
               "(default 65536)"},
              {"threads", true, "T", "worker threads (default: one per core)"},
              {"output", true, "FILE",
               "write the table (or JSON) to FILE instead of stdout"}},
};

// One item of --models: zoo:NAME or a zoo NAME is a construction, anything
// else a model file checked against --lang.
absl::Status AddModel(const std::string& item,
                      const std::optional<std::string>& lang,
                      AtlasOptions* options) {
  const std::string name =
      absl::StartsWith(item, "zoo:") ? item.substr(4) : item;
  if (ZooLanguageOf("zoo:" + name)) {
    options->models.push_back(name);
    return absl::OkStatus();
  }
  if (absl::StartsWith(item, "zoo:")) return LoadModelArg(item).status();
  std::error_code ec;
  if (item != "-" && !absl::StrContains(item, '/') &&
      !std::filesystem::exists(item, ec)) {
    return absl::NotFoundError(absl::StrCat(
        "--models: '", item, "' is neither a zoo construction nor a file",
        DidYouMean(item, ZooNames(), "zoo:")));
  }
  absl::StatusOr<Model> model = LoadModelArg(item);
  if (!model.ok()) return model.status();
  if (!lang && IsProgramFile(item)) {
    absl::StatusOr<std::string> claimed = ProgramLanguage(item);
    if (!claimed.ok()) return claimed.status();
    if (!claimed->empty()) {
      options->file_models.push_back({item, *std::move(model), *claimed});
      return absl::OkStatus();
    }
  }
  if (!lang) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--models: ", item,
        IsProgramFile(item)
            ? " is a program that declares no language (language \"SPEC\"); "
              "give the language to check it against with --lang"
            : " is a model file; give the language to check it against with "
              "--lang"));
  }
  options->file_models.push_back({item, *std::move(model), *lang});
  return absl::OkStatus();
}

absl::Status ParseModels(const ParsedArgs& args, AtlasOptions* options) {
  std::optional<std::string> lang = args.Get("lang");
  if (lang) {
    // Parsed here for its errors and hints; the atlas parses it again.
    absl::StatusOr<std::unique_ptr<automata::Language>> l = ParseLangArg(*lang);
    if (!l.ok()) return l.status();
  }
  if (std::optional<std::string> m = args.Get("models")) {
    absl::StatusOr<std::vector<std::string>> items = SplitList("models", *m);
    if (!items.ok()) return items.status();
    for (const std::string& item : *items) {
      if (absl::Status s = AddModel(item, lang, options); !s.ok()) return s;
    }
  }
  const bool any_file = !options->file_models.empty();
  if (lang && !any_file) {
    return absl::InvalidArgumentError(
        "--lang is for model files in --models; a zoo model is checked "
        "against its own language and neighbours");
  }
  return absl::OkStatus();
}

}  // namespace

int RunAtlas(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  AtlasOptions options;
  options.collective = CurrentCollective();
  if (absl::Status s = ParseModels(*parsed, &options); !s.ok()) {
    return BadInput(kSpec, s, err);
  }
  if (std::optional<std::string> r = parsed->Get("sampled-lengths")) {
    absl::StatusOr<std::vector<int>> lengths = automata::ParseLengths(*r);
    if (!lengths.ok()) return BadInput(kSpec, lengths.status(), err);
    options.sampled_lengths = *lengths;
  }
  for (absl::Status st :
       {ParseIntegerFlag(*parsed, "samples", &options.samples,
                         /*positive=*/true),
        ParseIntegerFlag(*parsed, "exhaustive-words", &options.exhaustive_words,
                         /*positive=*/true),
        ParseIntegerFlag(*parsed, "threads", &options.threads,
                         /*positive=*/true),
        ParseIntegerFlag(*parsed, "seed", &options.seed, /*positive=*/false)}) {
    if (!st.ok()) return BadInput(kSpec, st, err);
  }
  if (options.threads > kMaxThreads) {
    return BadInput(kSpec,
                    absl::InvalidArgumentError(absl::StrCat(
                        "--threads ", options.threads, ": at most ",
                        kMaxThreads, " worker threads")),
                    err);
  }
  ProgressBar bar(err, "atlas");
  if (bar.enabled()) {
    options.progress = [&bar](int done, int total, const std::string& now) {
      bar.Update(done, total, now);
    };
  }
  absl::StatusOr<Atlas> atlas = BuildAtlas(options);
  bar.Finish();
  if (!atlas.ok()) return BadInput(kSpec, atlas.status(), err);
  std::ostringstream text;
  if (parsed->json()) {
    WriteAtlasJson(text, *atlas);
  } else {
    WriteAtlasMarkdown(text, *atlas);
  }
  if (absl::Status s =
          WriteFileAtomically(parsed->GetOr("output", "-"), text.str(), out);
      !s.ok()) {
    return BadInput(kSpec, s, err);
  }
  bool as_expected = true;
  for (const AtlasRow& row : atlas->rows) {
    if (row.relation == "own" && !row.holds()) as_expected = false;
    if (row.relation == "negative control" && row.holds()) as_expected = false;
  }
  return as_expected ? kExitOk : kExitCheckFailed;
}

}  // namespace satcirc::cli
