// The experiments (issue #6): satcirc saturate, satcirc sharpness and
// satcirc precision. Each prints a table (or --json) and, with -o PREFIX,
// writes PREFIX.json, PREFIX.csv and PREFIX.svg (a plot, docs/plot-format.md).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "automata/enumerate.h"
#include "automata/lengths.h"
#include "automata/registry.h"
#include "automata/sensitivity.h"
#include "lib/engine/engine.h"
#include "lib/experiments/experiments.h"
#include "lib/experiments/plot.h"
#include "lib/experiments/precision.h"
#include "lib/experiments/saturate.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"
#include "tools/progress.h"

namespace satcirc::cli {
namespace {

const FlagSpec kModelsFlag{"model", true, "M[,M2...]",
                           "model files or zoo:NAME, comma-separated"};
const FlagSpec kLangFlag{
    "lang", true, "L",
    "the language of the model files (a zoo model brings its own; required "
    "for model files by sharpness)"};
const FlagSpec kLengthsFlag{"lengths", true, "R",
                            "lengths: A..B or a list 1,2,4"};
const FlagSpec kOutputFlag{
    "output", true, "PREFIX",
    "write PREFIX.json, PREFIX.csv and PREFIX.svg (-o PREFIX): all of them "
    "or none"};
const FlagSpec kLimitFlag{
    "exhaustive-limit", true, "X",
    "all of Σⁿ when |Σ|ⁿ ≤ X (default 65536), else a seeded sample"};
const FlagSpec kSamplesFlag{"samples", true, "K",
                            "strings per length beyond the limit (1000)"};
const FlagSpec kSeedFlag{"seed", true, "S", "the sampling seed (1)"};

const CommandSpec kSaturateSpec{
    .name = "saturate",
    .usage =
        "satcirc saturate --model M[,M2...] --lengths R [--lang L] "
        "[--scales C1,C2,...] [--metrics-length n] [--parameters] "
        "[--exhaustive-limit X] [--samples K] [--seed S] [-o PREFIX] [--json]",
    .summary =
        "For each model and length n, c*(n): the smallest logit scale at which "
        "the float engine (softmax(c·s) in every head) decides every string "
        "as the exact engine does — doubling from 1/1024, then bisection to "
        "1% — with the fitted growth c* ~ n^k. Then, at each of --scales, the "
        "saturation metrics at one length: per head the mean L1 distance "
        "between the softmax rows and the saturated rows of the same scores, "
        "per layer the mean cosine similarity between the hidden states and "
        "the exact c → ∞ limit. With a language (a zoo model's own, or "
        "--lang), the accuracy against it at each length and scale: the "
        "share of the strings float:c decides as the language does, beside "
        "the saturated limit's (docs/saturate.md).",
    .flags = {kModelsFlag,
              kLengthsFlag,
              {"lang", true, "L",
               "the language of the model files (a zoo model brings its "
               "own): the sampling and the accuracy"},
              {"scales", true, "C1,C2,...",
               "scales for the metrics and the accuracy (default "
               "1,4,16,64,256,1024)"},
              {"metrics-length", true, "n",
               "the length of the metrics (default: the largest of R, at most "
               "12)"},
              {"parameters", false, "",
               "with a language, also the accuracy of float:1 with every "
               "parameter multiplied by c, and of the parameter limit "
               "(--engine param-limit)"},
              kLimitFlag,
              kSamplesFlag,
              kSeedFlag,
              kOutputFlag},
};

const CommandSpec kSharpnessSpec{
    .name = "sharpness",
    .usage =
        "satcirc sharpness --model M[,M2...] --lengths R --sigma S "
        "[--draws R] [--scale C|auto] [--lang L] [--exhaustive-limit X] "
        "[--samples K] [--seed S] [-o PREFIX] [--json]",
    .summary =
        "Hahn & Rofin's sharpness proxy for each model and length: the mean "
        "increase of the logistic loss log(1 + e^(−t·y)) (t = ±1 the "
        "language's label, y the float engine's readout) under Gaussian noise "
        "N(0, σ²) on every weight and bias, over R seeded draws, and the "
        "fraction of decisions that flip; beside it the language's average "
        "sensitivity at n (docs/sharpness.md).",
    .flags = {kModelsFlag,
              kLengthsFlag,
              {"sigma", true, "S", "the noise's standard deviation (≥ 0)"},
              {"draws", true, "R", "noise draws (default 10)"},
              {"scale", true, "C|auto",
               "the float engine's logit scale; auto (the default): 2·c*(n)"},
              kLangFlag,
              kLimitFlag,
              kSamplesFlag,
              kSeedFlag,
              kOutputFlag},
};

const CommandSpec kPrecisionSpec{
    .name = "precision",
    .usage =
        "satcirc precision --model M[,M2...] --lengths R [--lang L] "
        "[-o PREFIX] [--json]",
    .summary =
        "p*(n) for each model and length: the smallest number of fractional "
        "bits P at which the fixed:P engine decides every string of length n "
        "as the exact engine does (all strings up to 2^20 of them, else the "
        "checker's sample), with the fitted law p* ≈ a·log₂ n + b "
        "(docs/precision.md).",
    .flags = {kModelsFlag, kLengthsFlag, kLangFlag, kOutputFlag},
};

// One --model entry with its language.
struct Subject {
  std::string arg;
  Model model;
  std::unique_ptr<automata::Language> language;
};

absl::StatusOr<std::vector<Subject>> LoadSubjects(const ParsedArgs& args,
                                                  bool need_language) {
  std::vector<Subject> out;
  absl::StatusOr<std::vector<std::string>> parts =
      SplitList("model", *args.Get("model"));
  if (!parts.ok()) return parts.status();
  for (const std::string& part : *parts) {
    Subject s;
    s.arg = std::string(part);
    absl::StatusOr<Model> m = LoadModelArg(s.arg);
    if (!m.ok()) return m.status();
    s.model = *std::move(m);
    // A zoo model brings its own language; --lang is for model files.
    std::optional<std::string> lang = ZooLanguageOf(s.arg);
    if (!lang) lang = args.Get("lang");
    if (lang) {
      absl::StatusOr<std::unique_ptr<automata::Language>> l =
          ParseLangArg(*lang);
      if (!l.ok()) return l.status();
      s.language = *std::move(l);
      if (!(s.language->alphabet() == s.model.alphabet)) {
        return absl::InvalidArgumentError(absl::StrCat(
            s.arg, ": the model's alphabet {", s.model.alphabet.symbols(),
            "} is not the language's {", s.language->alphabet().symbols(),
            "}"));
      }
    } else if (need_language) {
      return absl::InvalidArgumentError(
          absl::StrCat(s.arg, ": --lang is required for a model file"));
    }
    out.push_back(std::move(s));
  }
  if (out.empty()) return absl::InvalidArgumentError("--model: no model given");
  return out;
}

absl::StatusOr<StringSet> ParseStringSet(const ParsedArgs& args) {
  StringSet set;
  for (absl::Status st : {ParseIntegerFlag(args, "exhaustive-limit",
                                           &set.exhaustive_limit, false),
                          ParseIntegerFlag(args, "samples", &set.samples, true),
                          ParseIntegerFlag(args, "seed", &set.seed, false)}) {
    if (!st.ok()) return st;
  }
  return set;
}

absl::StatusOr<std::vector<double>> ParseScales(const std::string& text) {
  std::vector<double> out;
  absl::StatusOr<std::vector<std::string>> parts = SplitList("scales", text);
  if (!parts.ok()) return parts.status();
  for (const std::string& part : *parts) {
    double c = 0;
    if (!absl::SimpleAtod(part, &c) || !(c > 0) || !std::isfinite(c)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--scales ", text, ": '", part, "' is not a positive finite number"));
    }
    out.push_back(c);
  }
  return out;
}

std::string Num(double v) {
  if (std::isnan(v)) return "null";
  return absl::StrFormat("%.6g", v);
}

// The common end of the three commands: with --output PREFIX, the files that
// make_files() returns (suffix, contents: PREFIX.json, PREFIX.csv,
// PREFIX.svg, ...), all written or none; with --json, the JSON on stdout.
// The exit code when the command is done (a file not written, or --json),
// nullopt when its table follows.
template <typename MakeFiles>
std::optional<int> FinishOutputs(const CommandSpec& spec,
                                 const ParsedArgs& parsed,
                                 const std::string& json,
                                 const MakeFiles& make_files, std::ostream& out,
                                 std::ostream& err) {
  if (std::optional<std::string> prefix = parsed.Get("output")) {
    absl::StatusOr<OutputFiles> files = make_files();
    if (!files.ok()) return BadInput(spec, files.status(), err);
    for (auto& [suffix, contents] : *files) suffix = *prefix + suffix;
    if (absl::Status s = WriteAllOrNone(*files); !s.ok()) {
      return BadInput(spec, s, err);
    }
  }
  if (parsed.json()) {
    out << json;
    return kExitOk;
  }
  return std::nullopt;
}

// The strings of every model and length fit in memory (ExperimentStrings
// would refuse them one length at a time, after the earlier lengths ran).
// Lengths past the float engine's limit are refused first, by name.
absl::Status CheckStringMemory(const std::vector<Subject>& subjects,
                               const std::vector<int>& lengths,
                               const StringSet& set) {
  for (const Subject& s : subjects) {
    for (int n : lengths) {
      if (absl::Status st = CheckFloatExperimentLength(n); !st.ok()) {
        return absl::Status(st.code(), absl::StrCat(s.arg, ": ", st.message()));
      }
      const ExperimentCost cost = EstimateExperimentCost(s.model, n, set);
      if (cost.bytes <= kMaxExperimentBytes) continue;
      return absl::ResourceExhaustedError(absl::StrFormat(
          "%s at n = %d: %s %.4g strings would take %s in memory, over the "
          "limit of %s (%s)",
          s.arg, n, cost.exhaustive ? "all" : "a sample of", cost.strings,
          BytesText(cost.bytes), BytesText(kMaxExperimentBytes),
          cost.exhaustive ? "lower --exhaustive-limit to sample instead"
                          : "lower --samples"));
    }
  }
  return absl::OkStatus();
}

// The largest single cost of a run, named in a refusal: "zoo:parity at
// n = 40: 1.1e+12 strings".
struct CostLeader {
  double seconds = -1;
  std::string what;
  void Offer(double s, const Subject& subject, int n,
             const ExperimentCost& cost) {
    if (s <= seconds) return;
    seconds = s;
    what = absl::StrFormat("%s at n = %d, %.4g strings, %s", subject.arg, n,
                           cost.strings, DurationText(s));
  }
};

// Advances a progress bar (a no-op when stderr is not a terminal).
void Report(ProgressBar& bar, std::uint64_t done, std::uint64_t total) {
  if (auto cb = bar.callback()) cb(done, total);
}

// For a length at which no scale agrees: the string that the largest scale
// tried still decides otherwise than the exact engine, as a sentence.
std::string NoScaleText(const ScaleResult& c, const Model& model) {
  const std::string word = JsonQuote(model.alphabet.Format(*c.witness));
  const char* exact = c.witness_exact_accepts ? "accepts" : "rejects";
  if (!std::isfinite(c.witness_float_value)) {
    return absl::StrFormat(
        "n = %d: no scale agrees; at the largest tried, c = %.4g, float:c "
        "gives no finite readout on %s, which the exact engine %s",
        c.n, c.witness_scale, word, exact);
  }
  return absl::StrFormat(
      "n = %d: no scale agrees; at the largest tried, c = %.4g, float:c %s "
      "%s (y = %.6g), which the exact engine %s",
      c.n, c.witness_scale, c.witness_exact_accepts ? "rejects" : "accepts",
      word, c.witness_float_value, exact);
}

// The same as a JSON object (null when a scale was found).
std::string NoScaleJson(const ScaleResult& c, const Model& model) {
  if (c.scale || !c.witness) return "null";
  return absl::StrCat(
      "{\"string\": ", JsonQuote(model.alphabet.Format(*c.witness)),
      ", \"scale\": ", Num(c.witness_scale),
      ", \"exact_accepts\": ", c.witness_exact_accepts ? "true" : "false",
      ", \"float_value\": ",
      std::isfinite(c.witness_float_value) ? Num(c.witness_float_value)
                                           : "null",
      "}");
}

// The common start of the three commands: flags, the required ones, the
// lengths. On failure, prints and sets *code.
struct Common {
  ParsedArgs args;
  std::vector<int> lengths;
};
std::optional<Common> ParseCommon(const CommandSpec& spec, const Args& args,
                                  std::initializer_list<const char*> required,
                                  std::ostream& out, std::ostream& err,
                                  int* code) {
  std::optional<ParsedArgs> parsed = ParseOrExit(spec, args, out, err, code);
  if (!parsed) return std::nullopt;
  absl::Status s = RequireFlags(*parsed, required);
  absl::StatusOr<std::vector<int>> lengths =
      s.ok() ? automata::ParseLengths(*parsed->Get("lengths"))
             : absl::StatusOr<std::vector<int>>(s);
  if (!lengths.ok()) {
    *code = BadInput(spec, lengths.status(), err);
    return std::nullopt;
  }
  return Common{*std::move(parsed), *std::move(lengths)};
}

// ---- saturate

struct SaturateConfig {
  std::vector<Subject> subjects;
  std::vector<int> lengths;
  std::vector<double> scales;  // of the metrics and the accuracy
  StringSet set;
  int metrics_n = 0;
  bool parameters = false;  // --parameters
};

absl::StatusOr<SaturateConfig> ParseSaturate(const Common& common) {
  SaturateConfig config;
  config.lengths = common.lengths;
  absl::StatusOr<std::vector<double>> scales =
      ParseScales(common.args.GetOr("scales", "1,4,16,64,256,1024"));
  if (!scales.ok()) return scales.status();
  config.scales = *std::move(scales);
  config.parameters = common.args.Has("parameters");
  absl::StatusOr<StringSet> set = ParseStringSet(common.args);
  if (!set.ok()) return set.status();
  config.set = *set;
  config.metrics_n = std::min(
      12, *std::max_element(config.lengths.begin(), config.lengths.end()));
  if (absl::Status s = ParseIntegerFlag(common.args, "metrics-length",
                                        &config.metrics_n, false);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<Subject>> subjects =
      LoadSubjects(common.args, /*need_language=*/false);
  if (!subjects.ok()) return subjects.status();
  config.subjects = *std::move(subjects);
  return config;
}

// Float-engine passes over the strings of one length: the scale search and,
// with a language, one per scale for the accuracy and the exact limit's
// (about five); with --parameters, one more per scale and the parameter
// limit's (polynomial arithmetic: about fifty).
double SaturatePasses(const SaturateConfig& config, const Subject& s) {
  if (!s.language) return kTypicalScalePasses;
  const double scales = static_cast<double>(config.scales.size());
  return kTypicalScalePasses + scales + 5 +
         (config.parameters ? scales + 50 : 0);
}

// Refuses, before anything runs, a run whose strings do not fit in memory
// or whose estimated time (on one core) passes the limit.
absl::Status CheckSaturateCost(const SaturateConfig& config) {
  std::vector<int> all = config.lengths;
  all.push_back(config.metrics_n);
  if (absl::Status s = CheckStringMemory(config.subjects, all, config.set);
      !s.ok()) {
    return s;
  }
  double seconds = 0;
  CostLeader leader;
  for (const Subject& s : config.subjects) {
    for (int n : config.lengths) {
      const ExperimentCost cost =
          EstimateExperimentCost(s.model, n, config.set);
      const double t = cost.pass_seconds * SaturatePasses(config, s);
      leader.Offer(t, s, n, cost);
      seconds += t;
    }
    // The metrics: one float pass per scale, and the exact engine with its
    // trace (about ten float passes).
    const ExperimentCost cost =
        EstimateExperimentCost(s.model, config.metrics_n, config.set);
    seconds += cost.pass_seconds * (config.scales.size() + 10);
  }
  return CheckExperimentTime(
      seconds, "the scale search",
      absl::StrCat("about ", kTypicalScalePasses,
                   " float-engine passes over the strings of each length, "
                   "and one per scale for the accuracy; the longest: ",
                   leader.what),
      "lower --exhaustive-limit or --samples, or use fewer lengths");
}

// Every model's measurement (lib/experiments/saturate.h), with a progress
// bar on stderr.
absl::StatusOr<std::vector<SaturationReport>> SaturateAll(
    const SaturateConfig& config, std::ostream& err) {
  std::vector<SaturationReport> reports;
  ProgressBar bar(err, "saturating");
  std::uint64_t done = 0;
  const std::uint64_t steps =
      config.subjects.size() * (config.lengths.size() + 1);
  for (const Subject& s : config.subjects) {
    SaturateOptions options{.lengths = config.lengths,
                            .scales = config.scales,
                            .metrics_length = config.metrics_n,
                            .strings = config.set,
                            .parameters = config.parameters};
    options.strings.language = s.language.get();
    absl::StatusOr<SaturationReport> r =
        MeasureSaturate(s.model, options, [&] { Report(bar, ++done, steps); });
    if (!r.ok()) {
      return absl::Status(r.status().code(),
                          absl::StrCat(s.arg, ": ", r.status().message()));
    }
    reports.push_back(*std::move(r));
  }
  return reports;
}

std::string SaturateFitText(const SaturationReport& r) {
  if (r.fit) {
    std::string text =
        absl::StrFormat("c* ~ n^%.2f (R² %.3f over %d lengths", r.fit->exponent,
                        r.fit->r2, r.fit->points);
    if (r.at_floor > 0) {
      absl::StrAppend(&text, "; ", r.at_floor, " at the floor left out");
    }
    return text + ")";
  }
  if (r.at_floor == static_cast<int>(r.scales.size())) {
    return "c*: no growth: any scale works";
  }
  return "c*: too few points to fit";
}

std::string FitJson(const std::optional<PowerFit>& fit) {
  if (!fit) return "null";
  return absl::StrCat("{\"exponent\": ", Num(fit->exponent),
                      ", \"coefficient\": ", Num(fit->coefficient),
                      ", \"r2\": ", Num(fit->r2), ", \"points\": ", fit->points,
                      "}");
}

std::string OptionalNum(const std::optional<double>& v) {
  return v ? Num(*v) : "null";
}

// The metrics at each scale, with float:c's accuracy there (null without a
// language).
std::string MetricsJson(const SaturationReport& r) {
  std::vector<std::string> out;
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    const SaturationMetrics& m = r.metrics[i];
    std::vector<std::string> heads, layers;
    for (const std::vector<double>& layer : m.head_l1) {
      std::vector<std::string> row;
      for (double v : layer) row.push_back(Num(v));
      heads.push_back(absl::StrCat("[", absl::StrJoin(row, ", "), "]"));
    }
    for (double v : m.layer_cosine) layers.push_back(Num(v));
    const std::string acc = r.metrics_accuracy
                                ? Num(r.metrics_accuracy->float_accuracy[i])
                                : "null";
    out.push_back(absl::StrCat(
        "{\"scale\": ", Num(m.scale), ", \"head_l1\": [",
        absl::StrJoin(heads, ", "), "], \"layer_cosine\": [",
        absl::StrJoin(layers, ", "), "], \"accuracy\": ", acc, "}"));
  }
  return absl::StrCat("[", absl::StrJoin(out, ", "), "]");
}

// {"scales": [...], "float": [...], "limit": x}: float:c's accuracy at each
// scale and the limit's.
std::string AccuracyJson(const LanguageAccuracy& a) {
  auto list = [](const std::vector<double>& v) {
    std::vector<std::string> parts;
    for (double x : v) parts.push_back(Num(x));
    return absl::StrCat("[", absl::StrJoin(parts, ", "), "]");
  };
  const std::string parameters =
      a.param_limit_accuracy
          ? absl::StrCat("{\"float\": ", list(a.param_float_accuracy),
                         ", \"limit\": ", Num(*a.param_limit_accuracy), "}")
          : "null";
  return absl::StrCat("{\"scales\": ", list(a.scales),
                      ", \"float\": ", list(a.float_accuracy),
                      ", \"limit\": ", OptionalNum(a.limit_accuracy),
                      ", \"parameters\": ", parameters, "}");
}

// One model's lengths: c*(n), its witness and, with a language, the
// accuracy at that length.
std::string LengthsJson(const Subject& s, const SaturationReport& r) {
  std::ostringstream json;
  for (size_t j = 0; j < r.scales.size(); ++j) {
    const ScaleResult& c = r.scales[j];
    json << (j ? ", " : "") << "{\"n\": " << c.n
         << ", \"c_star\": " << (c.scale ? Num(*c.scale) : "null")
         << ", \"at_floor\": " << (c.at_floor ? "true" : "false")
         << ", \"exhaustive\": " << (c.exhaustive ? "true" : "false")
         << ", \"strings\": " << c.strings
         << ", \"no_scale_witness\": " << NoScaleJson(c, s.model)
         << ", \"accuracy\": "
         << (r.accuracy.empty() ? "null" : AccuracyJson(r.accuracy[j])) << "}";
  }
  return json.str();
}

std::string SaturateJson(const SaturateConfig& config,
                         const std::vector<SaturationReport>& reports) {
  std::ostringstream json;
  json << "{\"metrics_length\": " << config.metrics_n << ", \"models\": [";
  for (size_t i = 0; i < config.subjects.size(); ++i) {
    const Subject& s = config.subjects[i];
    const SaturationReport& r = reports[i];
    json << (i ? ",\n  " : "\n  ") << "{\"model\": " << JsonQuote(s.arg)
         << ", \"language\": "
         << (s.language ? JsonQuote(s.language->spec()) : "null")
         << ", \"lengths\": [" << LengthsJson(s, r)
         << "], \"fit\": " << FitJson(r.fit)
         << ", \"metrics\": " << MetricsJson(r) << ", \"limit_accuracy\": "
         << (r.metrics_accuracy
                 ? OptionalNum(r.metrics_accuracy->limit_accuracy)
                 : "null")
         << "}";
  }
  json << "\n]}\n";
  return json.str();
}

std::string SaturateCsv(const SaturateConfig& config,
                        const std::vector<SaturationReport>& reports) {
  std::ostringstream csv;
  csv << "model,n,c_star,at_floor,exhaustive,strings\n";
  for (size_t i = 0; i < config.subjects.size(); ++i) {
    for (const ScaleResult& c : reports[i].scales) {
      csv << config.subjects[i].arg << "," << c.n << ","
          << (c.scale ? Num(*c.scale) : "") << "," << c.at_floor << ","
          << c.exhaustive << "," << c.strings << "\n";
    }
  }
  return csv.str();
}

// The accuracy rows of the metrics CSV: at each length (and the metrics
// length), float:c's per scale, then the limit's (no scale).
void AccuracyCsvRows(const std::string& model, const SaturationReport& r,
                     std::ostream& csv) {
  std::vector<const LanguageAccuracy*> rows;
  for (const LanguageAccuracy& a : r.accuracy) rows.push_back(&a);
  if (r.metrics_accuracy &&
      std::none_of(rows.begin(), rows.end(), [&](const LanguageAccuracy* a) {
        return a->n == r.metrics_accuracy->n;
      })) {
    rows.push_back(&*r.metrics_accuracy);
  }
  for (const LanguageAccuracy* a : rows) {
    const std::string prefix = absl::StrCat(model, ",", a->n, ",");
    for (size_t k = 0; k < a->scales.size(); ++k) {
      csv << prefix << Num(a->scales[k]) << ",accuracy,,,"
          << Num(a->float_accuracy[k]) << "\n";
    }
    if (a->limit_accuracy) {
      csv << prefix << ",limit_accuracy,,," << Num(*a->limit_accuracy) << "\n";
    }
    for (size_t k = 0; k < a->param_float_accuracy.size(); ++k) {
      csv << prefix << Num(a->scales[k]) << ",param_accuracy,,,"
          << Num(a->param_float_accuracy[k]) << "\n";
    }
    if (a->param_limit_accuracy) {
      csv << prefix << ",param_limit_accuracy,,,"
          << Num(*a->param_limit_accuracy) << "\n";
    }
  }
}

std::string SaturateMetricsCsv(const SaturateConfig& config,
                               const std::vector<SaturationReport>& reports) {
  std::ostringstream csv;
  csv << "model,n,scale,kind,layer,head,value\n";
  for (size_t i = 0; i < config.subjects.size(); ++i) {
    const std::string prefix =
        absl::StrCat(config.subjects[i].arg, ",", config.metrics_n, ",");
    for (const SaturationMetrics& m : reports[i].metrics) {
      for (size_t l = 0; l < m.head_l1.size(); ++l) {
        for (size_t h = 0; h < m.head_l1[l].size(); ++h) {
          csv << prefix << Num(m.scale) << ",head_l1," << l + 1 << "," << h + 1
              << "," << Num(m.head_l1[l][h]) << "\n";
        }
      }
      for (size_t l = 0; l < m.layer_cosine.size(); ++l) {
        csv << prefix << Num(m.scale) << ",layer_cosine," << l + 1 << ",,"
            << Num(m.layer_cosine[l]) << "\n";
      }
    }
    AccuracyCsvRows(config.subjects[i].arg, reports[i], csv);
  }
  return csv.str();
}

// "2, 3" for a legend note.
std::string LengthList(const std::vector<int>& ns) {
  return absl::StrJoin(ns, ", ");
}

// c*(n) on log–log axes: the values above the floor with the fit the table
// prints; lengths at the floor as upper bounds (hollow, arrow down).
PlotSeries SaturateSeries(const Subject& s, const SaturationReport& r) {
  PlotSeries p{.label = s.arg, .lines = false, .fit = r.fit};
  std::vector<int> none;
  for (const ScaleResult& c : r.scales) {
    if (!c.scale) {
      none.push_back(c.n);
      continue;
    }
    p.x.push_back(c.n);
    p.y.push_back(*c.scale);
    p.upper_bound.push_back(c.at_floor);
  }
  std::vector<std::string> notes;
  if (r.at_floor == static_cast<int>(r.scales.size())) {
    notes.push_back("no growth: any scale works");
  }
  if (!none.empty()) {
    notes.push_back(absl::StrCat("no scale ≤ 10¹² at n = ", LengthList(none)));
  }
  if (!notes.empty())
    p.note = absl::StrCat("(", absl::StrJoin(notes, "; "), ")");
  return p;
}

// Per head, the mean L1 distance against the scale. A distance of 0 (the
// head is saturated already) has no place on the log axis: said in the
// legend.
std::vector<PlotSeries> MetricsSeries(
    const SaturateConfig& config,
    const std::vector<SaturationReport>& reports) {
  std::vector<PlotSeries> out;
  for (size_t i = 0; i < config.subjects.size(); ++i) {
    const std::vector<SaturationMetrics>& metrics = reports[i].metrics;
    if (metrics.empty()) continue;
    for (size_t l = 0; l < metrics[0].head_l1.size(); ++l) {
      for (size_t h = 0; h < metrics[0].head_l1[l].size(); ++h) {
        PlotSeries p{.label = absl::StrCat(config.subjects[i].arg, " layer ",
                                           l + 1, " head ", h + 1)};
        std::vector<std::string> zeros;
        for (const SaturationMetrics& m : metrics) {
          p.x.push_back(m.scale);
          p.y.push_back(m.head_l1[l][h]);
          if (m.head_l1[l][h] == 0)
            zeros.push_back(absl::StrFormat("%g", m.scale));
        }
        if (zeros.size() == metrics.size()) {
          p.note = "(0 at every scale: not on the log axis)";
        } else if (!zeros.empty()) {
          p.note = absl::StrCat("(0 at c = ", absl::StrJoin(zeros, ", "),
                                ": not on the log axis)");
        }
        out.push_back(std::move(p));
      }
    }
  }
  return out;
}

// The metrics plot: per head, the mean L1 distance against c.
absl::StatusOr<std::string> MetricsSvg(
    const SaturateConfig& config,
    const std::vector<SaturationReport>& reports) {
  const std::vector<PlotSeries> series = MetricsSeries(config, reports);
  const PlotOptions options{
      .title = absl::StrCat("Distance of softmax attention from saturated "
                            "attention (n = ",
                            config.metrics_n, ")"),
      .x_label = "logit scale c",
      .y_label = "mean L1 distance ‖softmax(c·s) − ζ(s)‖₁",
      .log_x = true,
      .log_y = true};
  // A model without heads has no series: an empty frame says so honestly.
  if (series.empty()) return RenderPlotSvg(options, series);
  return RenderPlotSvgChecked(options, series);
}

// A curve of accuracies against c and its limit as a dashed level line of
// the same colour (`style`).
void AddAccuracyPair(const std::string& label, const std::string& limit_label,
                     const std::vector<double>& scales,
                     const std::vector<double>& accuracy,
                     const std::optional<double>& limit_accuracy, int style,
                     std::vector<PlotSeries>& out) {
  out.push_back({.label = label, .x = scales, .y = accuracy, .style = style});
  PlotSeries limit{
      .label = limit_label, .markers = false, .dashed = true, .style = style};
  if (limit_accuracy) {
    limit.x = {scales.front(), scales.back()};
    limit.y = {*limit_accuracy, *limit_accuracy};
  } else {
    limit.note = "(no exact limit: layer norm)";
  }
  out.push_back(std::move(limit));
}

// Per model with a language, float:c's accuracy at the metrics length
// against c, and the limit's as a dashed level line of the same colour; with
// --parameters, float:1 on c·θ and the parameter limit in a colour of their
// own.
std::vector<PlotSeries> AccuracySeries(
    const SaturateConfig& config,
    const std::vector<SaturationReport>& reports) {
  std::vector<PlotSeries> out;
  for (size_t i = 0; i < config.subjects.size(); ++i) {
    const std::optional<LanguageAccuracy>& a = reports[i].metrics_accuracy;
    if (!a) continue;
    const std::string& arg = config.subjects[i].arg;
    AddAccuracyPair(absl::StrCat(arg, " float:c"),
                    absl::StrCat(arg, " limit (c → ∞)"), a->scales,
                    a->float_accuracy, a->limit_accuracy,
                    static_cast<int>(out.size() / 2), out);
    if (!a->param_limit_accuracy) continue;
    AddAccuracyPair(absl::StrCat(arg, " float:1 on c·θ"),
                    absl::StrCat(arg, " parameter limit"), a->scales,
                    a->param_float_accuracy, a->param_limit_accuracy,
                    static_cast<int>(out.size() / 2), out);
  }
  return out;
}

// The accuracy plot, when some model has a language.
absl::StatusOr<std::optional<std::string>> AccuracySvg(
    const SaturateConfig& config,
    const std::vector<SaturationReport>& reports) {
  const std::vector<PlotSeries> series = AccuracySeries(config, reports);
  if (series.empty()) return std::nullopt;
  const PlotOptions options{
      .title = absl::StrCat("Accuracy against the language as the scale "
                            "grows (n = ",
                            config.metrics_n, ")"),
      .x_label = config.parameters ? "scale c (of the logits; of every "
                                     "parameter for c·θ)"
                                   : "logit scale c",
      .y_label = "share of the strings decided as the language does",
      .log_x = true};
  absl::StatusOr<std::string> svg = RenderPlotSvgChecked(options, series);
  if (!svg.ok()) return svg.status();
  return std::optional<std::string>(*std::move(svg));
}

absl::StatusOr<OutputFiles> SaturateFiles(
    const SaturateConfig& config,
    const std::vector<SaturationReport>& reports) {
  std::vector<PlotSeries> series;
  for (size_t i = 0; i < config.subjects.size(); ++i) {
    series.push_back(SaturateSeries(config.subjects[i], reports[i]));
  }
  absl::StatusOr<std::string> svg =
      RenderPlotSvgChecked(SaturationPlotOptions(), series);
  if (!svg.ok()) return svg.status();
  absl::StatusOr<std::string> msvg = MetricsSvg(config, reports);
  if (!msvg.ok()) return msvg.status();
  absl::StatusOr<std::optional<std::string>> asvg =
      AccuracySvg(config, reports);
  if (!asvg.ok()) return asvg.status();
  OutputFiles files{{".json", SaturateJson(config, reports)},
                    {".csv", SaturateCsv(config, reports)},
                    {".svg", *svg},
                    {"-metrics.csv", SaturateMetricsCsv(config, reports)},
                    {"-metrics.svg", *msvg}};
  if (*asvg) files.push_back({"-accuracy.svg", **asvg});
  return files;
}

// An accuracy truncated (not rounded) to three decimals: 1.000 only when
// every string is right.
std::string AccuracyText(double a) {
  return absl::StrFormat("%.3f", std::floor(a * 1000 + 1e-7) / 1000);
}

// c*(n) at each length, the strings no scale gets right, and the fit.
void PrintScaleTable(const Subject& s, const SaturationReport& r,
                     std::ostream& out) {
  auto c_text = [](const ScaleResult& c) {
    if (!c.scale) return std::string("none ≤ 1e12");
    if (c.at_floor) return absl::StrFormat("≤ %g", *c.scale);
    return absl::StrFormat("%.4g", *c.scale);
  };
  // A softmax network is compared with its saturated limit (FindScale).
  out << "model " << s.arg << ": c*(n), the smallest scale at which "
      << "float:c decides as "
      << (CheckExactSemantics(s.model).ok() ? "exact" : "its exact limit")
      << "\n";
  out << absl::StrFormat("%6s %14s %10s %10s\n", "n", "c*", "strings", "mode");
  for (const ScaleResult& c : r.scales) {
    out << absl::StrFormat("%6d %s %10d %10s\n", c.n, PadLeft(c_text(c), 14),
                           c.strings, c.exhaustive ? "all" : "sampled");
  }
  for (const ScaleResult& c : r.scales) {
    if (!c.scale && c.witness) out << NoScaleText(c, s.model) << "\n";
  }
  out << SaturateFitText(r) << "\n";
}

// One grid: per length, a row of accuracies (one per scale) and the limit's.
void PrintAccuracyGrid(const SaturateConfig& config, const SaturationReport& r,
                       const std::function<std::pair<const std::vector<double>*,
                                                     std::optional<double>>(
                           const LanguageAccuracy&)>& row,
                       std::ostream& out) {
  std::vector<std::string> heads;
  for (double c : config.scales) heads.push_back(absl::StrFormat("c = %g", c));
  heads.push_back("limit");
  int width = 10;
  for (const std::string& h : heads) {
    width = std::max(width, static_cast<int>(h.size()));
  }
  out << absl::StrFormat("%6s", "n");
  for (const std::string& h : heads) out << " " << PadLeft(h, width);
  out << "\n";
  for (const LanguageAccuracy& a : r.accuracy) {
    const auto [values, limit] = row(a);
    out << absl::StrFormat("%6d", a.n);
    for (double v : *values) out << " " << PadLeft(AccuracyText(v), width);
    out << " " << PadLeft(limit ? AccuracyText(*limit) : "n/a", width) << "\n";
  }
}

// Per length, float:c's accuracy against the language at each scale, and
// the limit's; with --parameters, a second grid with every parameter scaled.
void PrintAccuracyTable(const SaturateConfig& config, const Subject& s,
                        const SaturationReport& r, std::ostream& out) {
  if (r.accuracy.empty()) return;
  out << "accuracy against " << s.language->spec()
      << " (share of the strings decided as the language does):\n";
  PrintAccuracyGrid(
      config, r,
      [](const LanguageAccuracy& a) {
        return std::make_pair(&a.float_accuracy, a.limit_accuracy);
      },
      out);
  if (!r.accuracy.front().param_limit_accuracy) return;
  out << "accuracy with every parameter scaled by c (float:1 on c·θ; limit: "
         "the parameter limit):\n";
  PrintAccuracyGrid(
      config, r,
      [](const LanguageAccuracy& a) {
        return std::make_pair(&a.param_float_accuracy, a.param_limit_accuracy);
      },
      out);
}

// The saturation metrics at each scale, with float:c's accuracy there, and
// the limit's accuracy on a line of its own.
void PrintMetrics(const SaturateConfig& config, const SaturationReport& r,
                  std::ostream& out) {
  const std::optional<LanguageAccuracy>& acc = r.metrics_accuracy;
  out << "saturation at n = " << config.metrics_n
      << " (mean L1 per head; mean cosine with the c → ∞ limit per layer"
      << (acc ? "; accuracy against the language" : "") << "):\n";
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    const SaturationMetrics& m = r.metrics[i];
    std::vector<std::string> heads, layers;
    for (const auto& row : m.head_l1) {
      for (double v : row) heads.push_back(absl::StrFormat("%.3g", v));
    }
    for (double v : m.layer_cosine) {
      layers.push_back(absl::StrFormat("%.6f", v));
    }
    out << absl::StrFormat("  c = %-8g L1 %s  cos %s", m.scale,
                           absl::StrJoin(heads, " "),
                           layers.empty() ? "n/a" : absl::StrJoin(layers, " "));
    if (acc) out << "  acc " << AccuracyText(acc->float_accuracy[i]);
    out << "\n";
  }
  if (acc) {
    out << "  c → ∞ (limit)  acc "
        << (acc->limit_accuracy ? AccuracyText(*acc->limit_accuracy) : "n/a")
        << "\n";
  }
}

void PrintSaturate(const SaturateConfig& config,
                   const std::vector<SaturationReport>& reports,
                   std::ostream& out) {
  for (size_t i = 0; i < config.subjects.size(); ++i) {
    PrintScaleTable(config.subjects[i], reports[i], out);
    PrintAccuracyTable(config, config.subjects[i], reports[i], out);
    PrintMetrics(config, reports[i], out);
  }
}

}  // namespace

int RunSaturate(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<Common> common =
      ParseCommon(kSaturateSpec, args, {"model", "lengths"}, out, err, &code);
  if (!common) return code;
  absl::StatusOr<SaturateConfig> config = ParseSaturate(*common);
  if (!config.ok()) return BadInput(kSaturateSpec, config.status(), err);
  if (absl::Status s = CheckSaturateCost(*config); !s.ok()) {
    return BadInput(kSaturateSpec, s, err);
  }
  absl::StatusOr<std::vector<SaturationReport>> reports =
      SaturateAll(*config, err);
  if (!reports.ok()) return BadInput(kSaturateSpec, reports.status(), err);
  if (std::optional<int> code = FinishOutputs(
          kSaturateSpec, common->args, SaturateJson(*config, *reports),
          [&] { return SaturateFiles(*config, *reports); }, out, err)) {
    return *code;
  }
  PrintSaturate(*config, *reports, out);
  return kExitOk;
}

namespace {

// ---- sharpness

struct SharpnessConfig {
  std::vector<Subject> subjects;
  std::vector<int> lengths;
  SharpnessOptions options;
  std::optional<double> fixed_scale;  // --scale C; nullopt: auto
  StringSet set;
};

absl::StatusOr<SharpnessConfig> ParseSharpness(const Common& common) {
  SharpnessConfig config;
  config.lengths = common.lengths;
  const ParsedArgs& parsed = common.args;
  const std::string sigma_text = *parsed.Get("sigma");
  if (!absl::SimpleAtod(sigma_text, &config.options.sigma) ||
      !std::isfinite(config.options.sigma) || config.options.sigma < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--sigma ", sigma_text, ": expected a finite number ≥ 0"));
  }
  if (absl::Status s =
          ParseIntegerFlag(parsed, "draws", &config.options.draws, true);
      !s.ok()) {
    return s;
  }
  const std::string scale_text = parsed.GetOr("scale", "auto");
  if (scale_text != "auto") {
    double c = 0;
    if (!absl::SimpleAtod(scale_text, &c) || !(c > 0) || !std::isfinite(c)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--scale ", scale_text,
                       ": expected auto or a positive finite number"));
    }
    config.fixed_scale = c;
  }
  absl::StatusOr<StringSet> set = ParseStringSet(parsed);
  if (!set.ok()) return set.status();
  config.set = *set;
  config.options.seed = set->seed;
  absl::StatusOr<std::vector<Subject>> subjects =
      LoadSubjects(parsed, /*need_language=*/true);
  if (!subjects.ok()) return subjects.status();
  config.subjects = *std::move(subjects);
  return config;
}

// Seconds of one noise draw besides its pass over the strings: the model
// perturbed (every weight through an exact rational) and a float engine
// made, about 1 µs per parameter, measured.
double DrawOverheadSeconds(const Model& model) {
  double params =
      model.token_embedding.data.size() + 1 + model.readout.weights.size();
  for (const Layer& l : model.layers) {
    for (const Head& h : l.heads) {
      params += h.w_q.data.size() + h.w_k.data.size() + h.w_v.data.size() +
                h.w_o.data.size();
    }
    params += l.mlp.w1.data.size() + l.mlp.b1.size() + l.mlp.w2.data.size() +
              model.dim();
  }
  return params * 1e-6;
}

// (draws + 1) float passes per model and length, the noise itself, and the
// scale search for --scale auto: refused before anything runs when the
// estimate passes the limit.
absl::Status CheckSharpnessCost(const SharpnessConfig& config) {
  if (absl::Status s =
          CheckStringMemory(config.subjects, config.lengths, config.set);
      !s.ok()) {
    return s;
  }
  double seconds = 0;
  CostLeader leader;
  const double draws = config.options.draws;
  for (const Subject& s : config.subjects) {
    for (int n : config.lengths) {
      const ExperimentCost cost =
          EstimateExperimentCost(s.model, n, config.set);
      const double t =
          (draws + 1) * cost.pass_seconds +
          draws * DrawOverheadSeconds(s.model) +
          (config.fixed_scale ? 0 : kTypicalScalePasses) * cost.pass_seconds;
      leader.Offer(t, s, n, cost);
      seconds += t;
    }
  }
  return CheckExperimentTime(
      seconds,
      absl::StrCat("the run of ", config.options.draws, " noise draws"),
      absl::StrCat("a float-engine pass over the strings per draw, model and "
                   "length; the longest: ",
                   leader.what),
      "lower --draws, --exhaustive-limit or --samples, or use fewer lengths");
}

struct SharpnessRow {
  std::string model;
  int n;
  double scale;
  SharpnessResult r;
  std::optional<double> sensitivity;
};

// The scale for model s at length n: --scale C, or 2·c*(n).
absl::StatusOr<double> SharpnessScale(const SharpnessConfig& config,
                                      const Subject& s, int n,
                                      const StringSet& strings) {
  if (config.fixed_scale) return *config.fixed_scale;
  ScaleOptions so;
  so.strings = strings;
  absl::StatusOr<ScaleResult> found = FindScale(s.model, n, so);
  if (!found.ok()) return found.status();
  if (!found->scale) {
    // Name the string the largest scale tried still gets wrong ("n = 18: no
    // scale agrees; at the largest tried, c = …, float:c accepts …").
    const std::string why =
        found->witness ? absl::StrCat(" (", NoScaleText(*found, s.model), ")")
                       : "";
    return absl::InvalidArgumentError(absl::StrCat(
        s.arg, " at n = ", n,
        ": --scale auto found no scale at which the float engine decides as "
        "the exact engine",
        why, "; give --scale C"));
  }
  return 2 * *found->scale;
}

absl::StatusOr<SharpnessRow> MeasureSharpnessAt(const SharpnessConfig& config,
                                                const Subject& s, int n) {
  SharpnessOptions options = config.options;
  options.strings = config.set;
  options.strings.language = s.language.get();
  absl::StatusOr<double> c = SharpnessScale(config, s, n, options.strings);
  if (!c.ok()) return c.status();
  options.scale = *c;
  absl::StatusOr<SharpnessResult> r = MeasureSharpness(s.model, n, options);
  if (!r.ok()) {
    return absl::Status(r.status().code(),
                        absl::StrCat(s.arg, ": ", r.status().message()));
  }
  SharpnessRow row{s.arg, n, *c, *r, std::nullopt};
  if (std::optional<mpq_class> as =
          automata::AverageSensitivityUpTo(*s.language, n, 1 << 22)) {
    row.sensitivity = as->get_d();
  }
  return row;
}

absl::StatusOr<std::vector<SharpnessRow>> MeasureSharpnessRows(
    const SharpnessConfig& config, std::ostream& err) {
  std::vector<SharpnessRow> rows;
  ProgressBar bar(err, "sharpness");
  std::uint64_t done = 0;
  for (const Subject& s : config.subjects) {
    for (int n : config.lengths) {
      absl::StatusOr<SharpnessRow> row = MeasureSharpnessAt(config, s, n);
      if (!row.ok()) return row.status();
      rows.push_back(*std::move(row));
      Report(bar, ++done, config.subjects.size() * config.lengths.size());
    }
  }
  return rows;
}

std::string SharpnessJson(const SharpnessConfig& config,
                          const std::vector<SharpnessRow>& rows) {
  std::ostringstream json;
  json << "{\"sigma\": " << Num(config.options.sigma)
       << ", \"draws\": " << config.options.draws
       << ", \"seed\": " << config.options.seed << ", \"rows\": [";
  for (size_t i = 0; i < rows.size(); ++i) {
    const SharpnessRow& r = rows[i];
    json << (i ? ",\n  " : "\n  ") << "{\"model\": " << JsonQuote(r.model)
         << ", \"n\": " << r.n << ", \"scale\": " << Num(r.scale)
         << ", \"base_loss\": " << Num(r.r.base_loss)
         << ", \"mean_increase\": " << Num(r.r.mean_increase)
         << ", \"stderr\": " << Num(r.r.increase_stderr)
         << ", \"flip_fraction\": " << Num(r.r.flip_fraction)
         << ", \"base_accuracy\": " << Num(r.r.base_accuracy)
         << ", \"sensitivity\": "
         << (r.sensitivity ? Num(*r.sensitivity) : "null")
         << ", \"strings\": " << r.r.strings
         << ", \"exhaustive\": " << (r.r.exhaustive ? "true" : "false") << "}";
  }
  json << "\n]}\n";
  return json.str();
}

std::string SharpnessCsv(const SharpnessConfig& config,
                         const std::vector<SharpnessRow>& rows) {
  std::ostringstream csv;
  csv << "model,n,scale,sigma,draws,base_loss,mean_increase,stderr,"
         "flip_fraction,base_accuracy,sensitivity,strings,exhaustive\n";
  for (const SharpnessRow& r : rows) {
    csv << r.model << "," << r.n << "," << Num(r.scale) << ","
        << Num(config.options.sigma) << "," << config.options.draws << ","
        << Num(r.r.base_loss) << "," << Num(r.r.mean_increase) << ","
        << Num(r.r.increase_stderr) << "," << Num(r.r.flip_fraction) << ","
        << Num(r.r.base_accuracy) << ","
        << (r.sensitivity ? Num(*r.sensitivity) : "") << "," << r.r.strings
        << "," << r.r.exhaustive << "\n";
  }
  return csv.str();
}

// The mean loss increase against n with ± one standard error, as the table.
absl::StatusOr<OutputFiles> SharpnessFiles(
    const SharpnessConfig& config, const std::vector<SharpnessRow>& rows) {
  std::vector<PlotSeries> series;
  for (const Subject& s : config.subjects) {
    PlotSeries p{.label = s.arg};
    for (const SharpnessRow& r : rows) {
      if (r.model != s.arg) continue;
      p.x.push_back(r.n);
      p.y.push_back(r.r.mean_increase);
      p.y_err.push_back(r.r.increase_stderr);
    }
    series.push_back(std::move(p));
  }
  absl::StatusOr<std::string> svg = RenderPlotSvgChecked(
      SharpnessPlotOptions(config.options.sigma, config.options.draws), series);
  if (!svg.ok()) return svg.status();
  return OutputFiles{{".json", SharpnessJson(config, rows)},
                     {".csv", SharpnessCsv(config, rows)},
                     {".svg", *svg}};
}

void PrintSharpness(const SharpnessConfig& config,
                    const std::vector<SharpnessRow>& rows, std::ostream& out) {
  out << absl::StrFormat("sigma %g, %d draws, seed %d\n", config.options.sigma,
                         config.options.draws, config.options.seed);
  out << absl::StrFormat("%-14s %4s %10s %10s %18s %8s %8s %8s\n", "model", "n",
                         "scale", "loss", "increase ± se", "flips", "acc",
                         "as(f)");
  for (const SharpnessRow& r : rows) {
    out << absl::StrFormat(
        "%-14s %4d %10.4g %10.4g %10.4g ± %-6.2g %8.4f %8.4f %8s\n", r.model,
        r.n, r.scale, r.r.base_loss, r.r.mean_increase, r.r.increase_stderr,
        r.r.flip_fraction, r.r.base_accuracy,
        r.sensitivity ? absl::StrFormat("%.4f", *r.sensitivity) : "n/a");
  }
}

}  // namespace

int RunSharpness(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<Common> common = ParseCommon(
      kSharpnessSpec, args, {"model", "lengths", "sigma"}, out, err, &code);
  if (!common) return code;
  absl::StatusOr<SharpnessConfig> config = ParseSharpness(*common);
  if (!config.ok()) return BadInput(kSharpnessSpec, config.status(), err);
  if (absl::Status s = CheckSharpnessCost(*config); !s.ok()) {
    return BadInput(kSharpnessSpec, s, err);
  }
  absl::StatusOr<std::vector<SharpnessRow>> rows =
      MeasureSharpnessRows(*config, err);
  if (!rows.ok()) return BadInput(kSharpnessSpec, rows.status(), err);
  if (std::optional<int> code = FinishOutputs(
          kSharpnessSpec, common->args, SharpnessJson(*config, *rows),
          [&] { return SharpnessFiles(*config, *rows); }, out, err)) {
    return *code;
  }
  PrintSharpness(*config, *rows, out);
  return kExitOk;
}

namespace {

// ---- precision

struct PrecisionRow {
  std::string model;
  int n = 0;
  // nullopt: the language has no members of length n, so every string is
  // rejected and p* says nothing (skipped).
  std::optional<PrecisionResult> r;
};

// p* ≈ a·log₂ n + b, least squares over the lengths n ≥ 2 with members and
// p* > 0 (a length where no fraction is needed says nothing about the
// growth).
struct LogFit {
  double a = 0, b = 0;
  int points = 0;  // 0: no fit
  int n_min = 0, n_max = 0;
};

LogFit FitLog2(const std::vector<PrecisionRow>& rows, const std::string& arg) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  LogFit f;
  for (const PrecisionRow& row : rows) {
    if (row.model != arg || !row.r || row.n < 2 || row.r->frac_bits <= 0) {
      continue;
    }
    const double x = std::log2(row.n), y = row.r->frac_bits;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    f.n_min = f.points == 0 ? row.n : std::min(f.n_min, row.n);
    f.n_max = std::max(f.n_max, row.n);
    ++f.points;
  }
  const int m = f.points;
  if (m >= 2 && m * sxx - sx * sx > 1e-12) {
    f.a = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    f.b = (sy - f.a * sx) / m;
  } else {
    f.points = 0;
  }
  return f;
}

// False beyond the language's counting limits: its sampler then refuses.
bool HasNoMembers(const Subject& s, int n) {
  return s.language != nullptr && s.language->CheckCountingLimits(n).ok() &&
         s.language->CountMembers(n) == 0;
}

absl::StatusOr<std::vector<PrecisionRow>> MeasurePrecision(
    const std::vector<Subject>& subjects, const std::vector<int>& lengths,
    std::ostream& err) {
  std::vector<PrecisionRow> rows;
  ProgressBar bar(err, "precision");
  std::uint64_t done = 0;
  for (const Subject& s : subjects) {
    for (int n : lengths) {
      PrecisionRow row{s.arg, n, std::nullopt};
      if (!HasNoMembers(s, n)) {
        PrecisionOptions options;
        options.language = s.language.get();
        absl::StatusOr<PrecisionResult> r = FindPrecision(s.model, n, options);
        if (!r.ok()) {
          return absl::Status(r.status().code(),
                              absl::StrCat(s.arg, ": ", r.status().message()));
        }
        row.r = *std::move(r);
      }
      rows.push_back(std::move(row));
      Report(bar, ++done, subjects.size() * lengths.size());
    }
  }
  return rows;
}

std::string PrecisionJson(const std::vector<Subject>& subjects,
                          const std::vector<PrecisionRow>& rows) {
  std::ostringstream json;
  json << "{\"models\": [";
  for (size_t i = 0; i < subjects.size(); ++i) {
    const std::string& arg = subjects[i].arg;
    json << (i ? ",\n  " : "\n  ") << "{\"model\": " << JsonQuote(arg)
         << ", \"lengths\": [";
    bool first = true;
    for (const PrecisionRow& row : rows) {
      if (row.model != arg) continue;
      json << (first ? "" : ", ") << "{\"n\": " << row.n;
      if (row.r) {
        json << ", \"p_star\": " << row.r->frac_bits
             << ", \"exhaustive\": " << (row.r->exhaustive ? "true" : "false")
             << ", \"strings\": " << row.r->strings << "}";
      } else {
        json << ", \"p_star\": null, \"no_members\": true}";
      }
      first = false;
    }
    const LogFit fit = FitLog2(rows, arg);
    json << "], \"fit\": ";
    if (fit.points > 0) {
      json << "{\"log2_slope\": " << Num(fit.a)
           << ", \"intercept\": " << Num(fit.b)
           << ", \"points\": " << fit.points << "}";
    } else {
      json << "null";
    }
    json << "}";
  }
  json << "\n]}\n";
  return json.str();
}

std::string PrecisionCsv(const std::vector<PrecisionRow>& rows) {
  std::ostringstream csv;
  csv << "model,n,p_star,exhaustive,strings\n";
  for (const PrecisionRow& row : rows) {
    csv << row.model << "," << row.n << ",";
    if (row.r) {
      csv << row.r->frac_bits << "," << row.r->exhaustive << ","
          << row.r->strings << "\n";
    } else {
      csv << ",,0\n";  // no members: skipped
    }
  }
  return csv.str();
}

std::string LogFitText(const LogFit& fit) {
  return absl::StrFormat("p* ≈ %.2f·log₂ n %s %.2f", fit.a,
                         fit.b < 0 ? "−" : "+", std::abs(fit.b));
}

// p* against n on a log axis, each model with its fit as a dashed line in
// its colour (a straight line on this axis); lengths without members are
// not drawn.
absl::StatusOr<OutputFiles> PrecisionFiles(
    const std::vector<Subject>& subjects,
    const std::vector<PrecisionRow>& rows) {
  std::vector<PlotSeries> series;
  for (size_t i = 0; i < subjects.size(); ++i) {
    const LogFit fit = FitLog2(rows, subjects[i].arg);
    PlotSeries p{.label = subjects[i].arg,
                 .lines = fit.points == 0,
                 .style = static_cast<int>(i)};
    std::vector<int> skipped;
    for (const PrecisionRow& row : rows) {
      if (row.model != subjects[i].arg) continue;
      if (!row.r) {
        skipped.push_back(row.n);
        continue;
      }
      p.x.push_back(row.n);
      p.y.push_back(row.r->frac_bits);
    }
    if (!skipped.empty()) {
      p.note = absl::StrCat("(", skipped.size(),
                            skipped.size() == 1 ? " length" : " lengths",
                            " without members skipped)");
    }
    series.push_back(std::move(p));
    if (fit.points > 0) {
      series.push_back({.label = absl::StrCat("fit: ", LogFitText(fit)),
                        .x = {double(fit.n_min), double(fit.n_max)},
                        .y = {fit.a * std::log2(fit.n_min) + fit.b,
                              fit.a * std::log2(fit.n_max) + fit.b},
                        .markers = false,
                        .dashed = true,
                        .style = static_cast<int>(i)});
    }
  }
  absl::StatusOr<std::string> svg = RenderPlotSvgChecked(
      {.title = "Fractional bits p* at which fixed:p decides as exact",
       .x_label = "input length n (log scale)",
       .y_label = "precision p* (fractional bits)",
       .log_x = true},
      series);
  if (!svg.ok()) return svg.status();
  return OutputFiles{{".json", PrecisionJson(subjects, rows)},
                     {".csv", PrecisionCsv(rows)},
                     {".svg", *svg}};
}

void PrintPrecision(const std::vector<Subject>& subjects,
                    const std::vector<PrecisionRow>& rows, std::ostream& out) {
  for (const Subject& s : subjects) {
    out << "model " << s.arg << ": p*(n), fractional bits at which fixed:p "
        << "decides as exact\n";
    out << absl::StrFormat("%6s %6s %10s %8s\n", "n", "p*", "strings", "mode");
    for (const PrecisionRow& row : rows) {
      if (row.model != s.arg) continue;
      if (!row.r) {
        out << absl::StrFormat("%6d %6s %10s %8s\n", row.n, "-", "-",
                               "skipped: no members");
        continue;
      }
      out << absl::StrFormat("%6d %6d %10d %8s\n", row.n, row.r->frac_bits,
                             row.r->strings,
                             row.r->exhaustive ? "all" : "sampled");
    }
    const LogFit fit = FitLog2(rows, s.arg);
    if (fit.points > 0) {
      out << LogFitText(fit) << " (least squares over " << fit.points
          << " lengths)\n";
    }
  }
}

}  // namespace

int RunPrecision(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<Common> common =
      ParseCommon(kPrecisionSpec, args, {"model", "lengths"}, out, err, &code);
  if (!common) return code;
  absl::StatusOr<std::vector<Subject>> subjects =
      LoadSubjects(common->args, /*need_language=*/false);
  if (!subjects.ok()) return BadInput(kPrecisionSpec, subjects.status(), err);
  absl::StatusOr<std::vector<PrecisionRow>> rows =
      MeasurePrecision(*subjects, common->lengths, err);
  if (!rows.ok()) return BadInput(kPrecisionSpec, rows.status(), err);
  if (std::optional<int> code = FinishOutputs(
          kPrecisionSpec, common->args, PrecisionJson(*subjects, *rows),
          [&] { return PrecisionFiles(*subjects, *rows); }, out, err)) {
    return *code;
  }
  PrintPrecision(*subjects, *rows, out);
  return kExitOk;
}

}  // namespace satcirc::cli
