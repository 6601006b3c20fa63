// satcirc train: a transformer trained on a registry language with LibTorch
// (lib/train; docs/training.md).
#include <malloc.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <initializer_list>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "automata/lengths.h"
#include "lib/train/report.h"
#include "lib/train/train.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"
#include "tools/progress.h"

namespace satcirc::cli {
namespace {

const CommandSpec kTrainSpec{
    .name = "train",
    .usage =
        "satcirc train --lang L -o DIR [--layers K] [--heads H] [--width W] "
        "[--head-dim D] [--mlp M] [--positional F,...|none] [--mask "
        "none|causal] [--layer-norm none|pre|post] [--bos] [--train-lengths "
        "A..B] [--test-lengths A..B|none] [--test-samples K] [--steps T] "
        "[--batch B] [--lr X] [--weight-decay X] [--seed S] [--threads N] "
        "[--log-every K] "
        "[--save-every K] [--resume] [--json]",
    .summary =
        "Trains a transformer of satcirc's model family (softmax heads, ReLU "
        "MLPs, positional features from the catalogue, a readout at EOS) on "
        "the language with Adam, on balanced batches from the checker's "
        "samplers, and tests it by Delétang et al.'s protocol (train 1..40, "
        "test every length 41..500 with 512 strings). Writes DIR/model.json "
        "(runs under --engine float:1 as trained), log.csv, tests.csv, "
        "summary.json, norm.svg, curves.svg, tests.svg and checkpoint.pt; "
        "Ctrl-C writes a checkpoint that --resume continues bit for bit "
        "(docs/training.md).",
    .flags =
        {{"lang", true, "L", "the language (satcirc langs)"},
         {"output", true, "DIR", "the run's directory (-o DIR)"},
         {"layers", true, "K", "layers (1)"},
         {"heads", true, "H", "softmax heads per layer (2)"},
         {"width", true, "W", "learned residual dimensions (16)"},
         {"head-dim", true, "D", "d_k = d_v of every head (8)"},
         {"mlp", true, "M", "ReLU units per layer, 0 for none (32)"},
         {"positional", true, "F,...",
          "positional features, each its own dimension (position_fraction), "
          "or none"},
         {"mask", true, "none|causal", "every head's mask (causal)"},
         {"layer-norm", true, "none|pre|post", "layer normalization (none)"},
         {"bos", false, "", "prepend a BOS token"},
         {"train-lengths", true, "A..B", "training lengths (1..40)"},
         {"test-lengths", true, "A..B|none", "test lengths (41..500)"},
         {"test-samples", true, "K", "strings per test length (512)"},
         {"steps", true, "T", "optimizer steps (10000)"},
         {"batch", true, "B", "strings per step, all of one length (128)"},
         {"lr", true, "X", "Adam's learning rate (0.001)"},
         {"weight-decay", true, "X",
          "AdamW's decoupled weight decay (0: Adam, none)"},
         {"seed", true, "S", "initialization and data (1)"},
         {"threads", true, "N", "LibTorch threads, fixed for determinism (1)"},
         {"log-every", true, "K", "a log row every K steps (100)"},
         {"save-every", true, "K",
          "a checkpoint and test evaluation every K steps (0: at the end)"},
         {"resume", false, "", "continue from DIR/checkpoint.pt"}},
};

std::atomic<bool> g_interrupted{false};
extern "C" void OnInterrupt(int) { g_interrupted = true; }

absl::StatusOr<std::pair<int, int>> ParseRange(const std::string& flag,
                                               const std::string& text) {
  absl::StatusOr<std::vector<int>> lengths = automata::ParseLengths(text);
  if (!lengths.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " ", lengths.status().message()));
  }
  const auto [lo, hi] = std::minmax_element(lengths->begin(), lengths->end());
  if (static_cast<int>(lengths->size()) != *hi - *lo + 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, " ", text, ": expected one range of lengths A..B"));
  }
  return std::make_pair(*lo, *hi);
}

// Integer flags: (name, destination, whether 0 is refused).
using IntFlag = std::tuple<const char*, int*, bool>;
absl::Status ParseIntFlags(const ParsedArgs& args,
                           std::initializer_list<IntFlag> flags) {
  for (auto [flag, dest, positive] : flags) {
    if (absl::Status s = ParseIntegerFlag(args, flag, dest, positive); !s.ok())
      return s;
  }
  return absl::OkStatus();
}

absl::Status ParseArchitecture(const ParsedArgs& args, train::Architecture* a) {
  if (absl::Status s = ParseIntFlags(args, {{"layers", &a->layers, true},
                                            {"heads", &a->heads, true},
                                            {"width", &a->width, true},
                                            {"head-dim", &a->head_dim, true},
                                            {"mlp", &a->mlp_width, false}});
      !s.ok()) {
    return s;
  }
  if (std::optional<std::string> p = args.Get("positional")) {
    a->positional.clear();
    for (absl::string_view name : absl::StrSplit(*p, ',')) {
      if (*p == "none") break;
      std::optional<PositionalFunction> f = ParsePositionalFunction(name);
      if (!f) {
        return absl::InvalidArgumentError(
            absl::StrCat("--positional ", *p, ": unknown function '", name,
                         "' (docs/model-format.md lists them)"));
      }
      a->positional.push_back(*f);
    }
  }
  if (std::optional<std::string> m = args.Get("mask")) {
    std::optional<Mask> mask = ParseMask(*m);
    if (!mask || (*mask != Mask::kNone && *mask != Mask::kCausal)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--mask ", *m, ": expected none or causal"));
    }
    a->mask = *mask;
  }
  const std::string ln = args.GetOr("layer-norm", "none");
  if (ln == "pre")
    a->layer_norm = LayerNormPlacement::kPre;
  else if (ln == "post")
    a->layer_norm = LayerNormPlacement::kPost;
  else if (ln != "none") {
    return absl::InvalidArgumentError(
        absl::StrCat("--layer-norm ", ln, ": expected none, pre or post"));
  }
  a->bos = args.Has("bos");
  return absl::OkStatus();
}

absl::Status ParseProtocol(const ParsedArgs& args, train::Protocol* p) {
  if (std::optional<std::string> t = args.Get("train-lengths")) {
    absl::StatusOr<std::pair<int, int>> r = ParseRange("train-lengths", *t);
    if (!r.ok()) return r.status();
    std::tie(p->train_min, p->train_max) = *r;
  }
  if (std::optional<std::string> t = args.Get("test-lengths")) {
    if (*t == "none") {
      p->test_min = 1, p->test_max = 0;
    } else {
      absl::StatusOr<std::pair<int, int>> r = ParseRange("test-lengths", *t);
      if (!r.ok()) return r.status();
      std::tie(p->test_min, p->test_max) = *r;
    }
  }
  return ParseIntegerFlag(args, "test-samples", &p->test_samples, true);
}

absl::Status ParseTraining(const ParsedArgs& args, train::Options* o) {
  if (absl::Status s =
          ParseIntFlags(args, {{"steps", &o->steps, false},
                               {"batch", &o->batch, true},
                               {"threads", &o->threads, true},
                               {"log-every", &o->log_every, true},
                               {"save-every", &o->save_every, false}});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ParseIntegerFlag(args, "seed", &o->seed, false); !s.ok())
    return s;
  if (std::optional<std::string> lr = args.Get("lr")) {
    if (!absl::SimpleAtod(*lr, &o->learning_rate) || !(o->learning_rate > 0) ||
        !std::isfinite(o->learning_rate)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--lr ", *lr, ": expected a positive finite number"));
    }
  }
  if (std::optional<std::string> wd = args.Get("weight-decay")) {
    if (!absl::SimpleAtod(*wd, &o->weight_decay) || !(o->weight_decay >= 0) ||
        !std::isfinite(o->weight_decay)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--weight-decay ", *wd, ": expected a finite number ≥ 0"));
    }
  }
  o->directory = args.GetOr("output", "");
  o->resume = args.Has("resume");
  return absl::OkStatus();
}

void PrintSummary(const std::string& lang, const train::Options& o,
                  const train::Result& r, std::ostream& out) {
  const train::Architecture& a = o.architecture;
  out << absl::StrFormat("trained %s: %d layer(s) x %d head(s), %d steps\n",
                         lang, a.layers, a.heads, r.step);
  out << absl::StrFormat("train accuracy (%d..%d)   %.4f\n",
                         o.protocol.train_min, o.protocol.train_max,
                         r.train_accuracy);
  if (!r.tests.empty()) {
    out << absl::StrFormat(
        "test accuracy (%d..%d)   %.4f  (mean over the lengths, %d strings "
        "each)\n",
        o.protocol.test_min, o.protocol.test_max, r.score,
        o.protocol.test_samples);
  }
  if (!r.log.empty()) {
    out << absl::StrFormat("parameter norm          %.4g -> %.4g",
                           r.log.front().norm, r.log.back().norm);
    if (r.norm_fit) {
      out << absl::StrFormat(", growth ~ %.3g t^%.3f (R² %.3f)",
                             r.norm_fit->coefficient, r.norm_fit->exponent,
                             r.norm_fit->r2);
    }
    std::vector<std::string> heads;
    for (size_t i = 0; i < r.head_names.size(); ++i) {
      heads.push_back(absl::StrFormat("%s %.3f", r.head_names[i],
                                      r.log.back().head_saturation[i]));
    }
    out << "\ndistance to saturated  " << absl::StrJoin(heads, ", ") << "\n";
  }
  if (!r.wrote) {
    out << "nothing to do: the run in " << o.directory << " has done its "
        << r.step << " steps (its files are as they were)\n";
    return;
  }
  out << "wrote " << o.directory
      << "/{model.json, log.csv, tests.csv, summary.json, norm.svg, "
         "curves.svg, tests.svg, checkpoint.pt}\n";
}

}  // namespace

int RunTrain(const Args& args, std::ostream& out, std::ostream& err) {
  int code = 0;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kTrainSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status s = RequireFlags(*parsed, {"lang", "output"}); !s.ok())
    return BadInput(kTrainSpec, s, err);
  const std::string spec = *parsed->Get("lang");
  absl::StatusOr<std::unique_ptr<automata::Language>> language =
      ParseLangArg(spec);
  if (!language.ok()) return BadInput(kTrainSpec, language.status(), err);
  train::Options options;
  for (absl::Status s : {ParseArchitecture(*parsed, &options.architecture),
                         ParseProtocol(*parsed, &options.protocol),
                         ParseTraining(*parsed, &options),
                         train::ValidateOptions(**language, options)}) {
    if (!s.ok()) return BadInput(kTrainSpec, s, err);
  }
  ProgressBar bar(err, "train");
  if (bar.enabled()) {
    options.progress = [&bar](const train::Progress& p) {
      bar.Update(p.step, p.steps,
                 absl::StrFormat("loss %.4f  norm %.4g", p.loss, p.norm));
    };
  }
  // The score matrices of the test lengths are allocated and freed by the
  // thousand: kept in the heap instead of mapped and unmapped each time (page
  // faults were half the time of an evaluation at n = 500).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  g_interrupted = false;
  options.stop = [] { return g_interrupted.load(); };
  auto previous = std::signal(SIGINT, OnInterrupt);
  absl::StatusOr<train::Result> result =
      train::Train(**language, spec, options);
  std::signal(SIGINT, previous);
  bar.Finish();
  if (!result.ok()) return BadInput(kTrainSpec, result.status(), err);
  if (!result->finished) {
    err << absl::StrFormat(
        "satcirc train: interrupted at step %d; %s/checkpoint.pt written: the "
        "same command with --resume continues it\n",
        result->step, options.directory);
    return 130;
  }
  if (parsed->json()) {
    out << train::SummaryJson(spec, options, *result);
  } else {
    PrintSummary(spec, options, *result, out);
  }
  return kExitOk;
}

}  // namespace satcirc::cli
