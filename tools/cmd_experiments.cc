// The experiments (issue #6): satcirc saturate, satcirc sharpness and
// satcirc precision. Each prints a table (or --json) and, with -o PREFIX,
// writes PREFIX.json, PREFIX.csv and PREFIX.svg (a plot, docs/plot-format.md).
#include <cmath>
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
#include "lib/experiments.h"
#include "lib/plot.h"
#include "lib/precision.h"
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
    "write PREFIX.json, PREFIX.csv and PREFIX.svg (-o PREFIX)"};
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
        "[--scales C1,C2,...] [--metrics-length n] [--exhaustive-limit X] "
        "[--samples K] [--seed S] [-o PREFIX] [--json]",
    .summary =
        "For each model and length n, c*(n): the smallest logit scale at which "
        "the float engine (softmax(c·s) in every head) decides every string "
        "as the exact engine does — doubling from 1/1024, then bisection to "
        "1% — with the fitted growth c* ~ n^k. Then, at each of --scales, the "
        "saturation metrics at one length: per head the mean L1 distance "
        "between the softmax rows and the saturated rows of the same scores, "
        "per layer the mean cosine similarity between the hidden states and "
        "the exact c → ∞ limit (docs/saturate.md).",
    .flags = {kModelsFlag,
              kLengthsFlag,
              kLangFlag,
              {"scales", true, "C1,C2,...",
               "scales for the metrics (default 1,4,16,64,256,1024)"},
              {"metrics-length", true, "n",
               "the length of the metrics (default: the largest of R, at most "
               "12)"},
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
  for (absl::string_view part :
       absl::StrSplit(*args.Get("model"), ',', absl::SkipEmpty())) {
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
          automata::ParseLanguage(*lang);
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
  for (absl::string_view part : absl::StrSplit(text, ',')) {
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

using OutputFiles = std::vector<std::pair<std::string, std::string>>;

// The common end of the three commands: with --output PREFIX, the files that
// make_files() returns (suffix, contents: PREFIX.json, PREFIX.csv,
// PREFIX.svg, ...), each written atomically; with --json, the JSON on stdout.
// The exit code when the command is done (a file not written, or --json),
// nullopt when its table follows.
template <typename MakeFiles>
std::optional<int> FinishOutputs(const CommandSpec& spec,
                                 const ParsedArgs& parsed,
                                 const std::string& json,
                                 const MakeFiles& make_files, std::ostream& out,
                                 std::ostream& err) {
  if (std::optional<std::string> prefix = parsed.Get("output")) {
    for (const auto& [suffix, contents] : make_files()) {
      if (absl::Status s = WriteFileAtomically(*prefix + suffix, contents, out);
          !s.ok()) {
        return BadInput(spec, s, err);
      }
    }
  }
  if (parsed.json()) {
    out << json;
    return kExitOk;
  }
  return std::nullopt;
}

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

std::string FitText(const std::optional<PowerFit>& fit, const char* what) {
  if (!fit) return absl::StrCat(what, ": too few points to fit");
  return absl::StrFormat("%s ~ n^%.2f (R² %.3f over %d lengths)", what,
                         fit->exponent, fit->r2, fit->points);
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

}  // namespace

int RunSaturate(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<Common> common =
      ParseCommon(kSaturateSpec, args, {"model", "lengths"}, out, err, &code);
  if (!common) return code;
  const ParsedArgs* parsed = &common->args;
  const std::vector<int>* lengths = &common->lengths;
  absl::StatusOr<std::vector<double>> scales =
      ParseScales(parsed->GetOr("scales", "1,4,16,64,256,1024"));
  if (!scales.ok()) return BadInput(kSaturateSpec, scales.status(), err);
  absl::StatusOr<StringSet> set = ParseStringSet(*parsed);
  if (!set.ok()) return BadInput(kSaturateSpec, set.status(), err);
  int metrics_n =
      std::min(12, *std::max_element(lengths->begin(), lengths->end()));
  if (absl::Status s =
          ParseIntegerFlag(*parsed, "metrics-length", &metrics_n, false);
      !s.ok()) {
    return BadInput(kSaturateSpec, s, err);
  }
  absl::StatusOr<std::vector<Subject>> subjects =
      LoadSubjects(*parsed, /*need_language=*/false);
  if (!subjects.ok()) return BadInput(kSaturateSpec, subjects.status(), err);

  struct ModelReport {
    std::vector<ScaleResult> scales;
    std::optional<PowerFit> fit;
    std::vector<SaturationMetrics> metrics;
  };
  std::vector<ModelReport> reports;
  ProgressBar bar(err, "saturating");
  std::uint64_t done = 0;
  const std::uint64_t steps = subjects->size() * (lengths->size() + 1);
  for (const Subject& s : *subjects) {
    ModelReport r;
    ScaleOptions options;
    options.strings = *set;
    options.strings.language = s.language.get();
    std::vector<double> xs, ys;
    for (int n : *lengths) {
      absl::StatusOr<ScaleResult> c = FindScale(s.model, n, options);
      if (!c.ok()) {
        bar.Finish();
        return BadInput(
            kSaturateSpec,
            absl::Status(c.status().code(),
                         absl::StrCat(s.arg, ": ", c.status().message())),
            err);
      }
      if (c->scale && !c->at_floor && n >= 2) {
        xs.push_back(n);
        ys.push_back(*c->scale);
      }
      r.scales.push_back(*std::move(c));
      Report(bar, ++done, steps);
    }
    r.fit = FitPowerLaw(xs, ys);
    StringSet mset = *set;
    mset.language = s.language.get();
    absl::StatusOr<std::vector<SaturationMetrics>> m =
        MeasureSaturation(s.model, metrics_n, *scales, mset);
    if (!m.ok()) {
      bar.Finish();
      return BadInput(
          kSaturateSpec,
          absl::Status(m.status().code(),
                       absl::StrCat(s.arg, ": ", m.status().message())),
          err);
    }
    r.metrics = *std::move(m);
    Report(bar, ++done, steps);
    reports.push_back(std::move(r));
  }
  bar.Finish();

  auto c_text = [](const ScaleResult& c) {
    if (!c.scale) return std::string("none ≤ 1e12");
    if (c.at_floor) return absl::StrFormat("≤ %g", *c.scale);
    return absl::StrFormat("%.4g", *c.scale);
  };
  // JSON and CSV.
  std::ostringstream json, csv, mcsv;
  csv << "model,n,c_star,at_floor,exhaustive,strings\n";
  mcsv << "model,n,scale,kind,layer,head,value\n";
  json << "{\"metrics_length\": " << metrics_n << ", \"models\": [";
  for (size_t i = 0; i < subjects->size(); ++i) {
    const Subject& s = (*subjects)[i];
    const ModelReport& r = reports[i];
    json << (i ? ",\n  " : "\n  ") << "{\"model\": " << JsonQuote(s.arg)
         << ", \"lengths\": [";
    for (size_t j = 0; j < r.scales.size(); ++j) {
      const ScaleResult& c = r.scales[j];
      json << (j ? ", " : "") << "{\"n\": " << c.n
           << ", \"c_star\": " << (c.scale ? Num(*c.scale) : "null")
           << ", \"at_floor\": " << (c.at_floor ? "true" : "false")
           << ", \"exhaustive\": " << (c.exhaustive ? "true" : "false")
           << ", \"strings\": " << c.strings
           << ", \"no_scale_witness\": " << NoScaleJson(c, s.model) << "}";
      csv << s.arg << "," << c.n << "," << (c.scale ? Num(*c.scale) : "") << ","
          << c.at_floor << "," << c.exhaustive << "," << c.strings << "\n";
    }
    json << "], \"fit\": ";
    if (r.fit) {
      json << "{\"exponent\": " << Num(r.fit->exponent)
           << ", \"coefficient\": " << Num(r.fit->coefficient)
           << ", \"r2\": " << Num(r.fit->r2)
           << ", \"points\": " << r.fit->points << "}";
    } else {
      json << "null";
    }
    json << ", \"metrics\": [";
    for (size_t j = 0; j < r.metrics.size(); ++j) {
      const SaturationMetrics& m = r.metrics[j];
      std::vector<std::string> heads, layers;
      for (size_t l = 0; l < m.head_l1.size(); ++l) {
        std::vector<std::string> row;
        for (size_t h = 0; h < m.head_l1[l].size(); ++h) {
          row.push_back(Num(m.head_l1[l][h]));
          mcsv << s.arg << "," << metrics_n << "," << Num(m.scale)
               << ",head_l1," << l + 1 << "," << h + 1 << ","
               << Num(m.head_l1[l][h]) << "\n";
        }
        heads.push_back(absl::StrCat("[", absl::StrJoin(row, ", "), "]"));
      }
      for (size_t l = 0; l < m.layer_cosine.size(); ++l) {
        layers.push_back(Num(m.layer_cosine[l]));
        mcsv << s.arg << "," << metrics_n << "," << Num(m.scale)
             << ",layer_cosine," << l + 1 << ",," << Num(m.layer_cosine[l])
             << "\n";
      }
      json << (j ? ", " : "") << "{\"scale\": " << Num(m.scale)
           << ", \"head_l1\": [" << absl::StrJoin(heads, ", ")
           << "], \"layer_cosine\": [" << absl::StrJoin(layers, ", ") << "]}";
    }
    json << "]}";
  }
  json << "\n]}\n";

  // With --output: the plot beside the JSON and CSV.
  auto files = [&] {
    std::vector<PlotSeries> series;
    for (size_t i = 0; i < subjects->size(); ++i) {
      PlotSeries p;
      p.label = (*subjects)[i].arg;
      bool all_floor = true;
      for (const ScaleResult& c : reports[i].scales) all_floor &= c.at_floor;
      // Short: a legend wider than the longest model name covers the data
      // in every corner the plot may put it.
      if (all_floor) p.label += " (any scale works)";
      for (const ScaleResult& c : reports[i].scales) {
        if (!c.scale) continue;
        p.x.push_back(c.n);
        p.y.push_back(*c.scale);
      }
      p.show_fit = reports[i].fit.has_value();
      series.push_back(std::move(p));
    }
    const std::string svg = RenderPlotSvg(
        {.title = "Smallest logit scale c* at which softmax(c·s) decides as "
                  "saturated attention",
         .x_label = "input length n",
         .y_label = "logit scale c* (dimensionless)",
         .log_x = true,
         .log_y = true},
        series);
    std::vector<PlotSeries> mseries;
    for (size_t i = 0; i < subjects->size(); ++i) {
      const ModelReport& r = reports[i];
      if (r.metrics.empty()) continue;
      for (size_t l = 0; l < r.metrics[0].head_l1.size(); ++l) {
        for (size_t h = 0; h < r.metrics[0].head_l1[l].size(); ++h) {
          PlotSeries p;
          p.label = absl::StrCat((*subjects)[i].arg, " layer ", l + 1, " head ",
                                 h + 1);
          for (const SaturationMetrics& m : r.metrics) {
            p.x.push_back(m.scale);
            p.y.push_back(m.head_l1[l][h]);
          }
          mseries.push_back(std::move(p));
        }
      }
    }
    const std::string msvg = RenderPlotSvg(
        {.title = absl::StrCat("Distance of softmax attention from saturated "
                               "attention (n = ",
                               metrics_n, ")"),
         .x_label = "logit scale c",
         .y_label = "mean L1 distance ‖softmax(c·s) − ζ(s)‖₁",
         .log_x = true,
         .log_y = true},
        mseries);
    return OutputFiles{{".json", json.str()},
                       {".csv", csv.str()},
                       {".svg", svg},
                       {"-metrics.csv", mcsv.str()},
                       {"-metrics.svg", msvg}};
  };
  if (std::optional<int> code =
          FinishOutputs(kSaturateSpec, *parsed, json.str(), files, out, err)) {
    return *code;
  }
  for (size_t i = 0; i < subjects->size(); ++i) {
    const Subject& s = (*subjects)[i];
    const ModelReport& r = reports[i];
    out << "model " << s.arg << ": c*(n), the smallest scale at which "
        << "float:c decides as exact\n";
    out << absl::StrFormat("%6s %14s %10s %10s\n", "n", "c*", "strings",
                           "mode");
    for (const ScaleResult& c : r.scales) {
      out << absl::StrFormat("%6d %14s %10d %10s\n", c.n, c_text(c), c.strings,
                             c.exhaustive ? "all" : "sampled");
    }
    for (const ScaleResult& c : r.scales) {
      if (!c.scale && c.witness) out << NoScaleText(c, s.model) << "\n";
    }
    out << FitText(r.fit, "c*") << "\n";
    out << "saturation at n = " << metrics_n
        << " (mean L1 per head; mean cosine with the c → ∞ limit per layer):\n";
    for (const SaturationMetrics& m : r.metrics) {
      std::vector<std::string> heads, layers;
      for (const auto& row : m.head_l1) {
        for (double v : row) heads.push_back(absl::StrFormat("%.3g", v));
      }
      for (double v : m.layer_cosine) {
        layers.push_back(absl::StrFormat("%.6f", v));
      }
      out << absl::StrFormat(
          "  c = %-8g L1 %s  cos %s\n", m.scale, absl::StrJoin(heads, " "),
          layers.empty() ? "n/a" : absl::StrJoin(layers, " "));
    }
  }
  return kExitOk;
}

int RunSharpness(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<Common> common = ParseCommon(
      kSharpnessSpec, args, {"model", "lengths", "sigma"}, out, err, &code);
  if (!common) return code;
  const ParsedArgs* parsed = &common->args;
  const std::vector<int>* lengths = &common->lengths;
  SharpnessOptions options;
  const std::string sigma_text = *parsed->Get("sigma");
  if (!absl::SimpleAtod(sigma_text, &options.sigma) ||
      !std::isfinite(options.sigma) || options.sigma < 0) {
    return BadInput(
        kSharpnessSpec,
        absl::InvalidArgumentError(absl::StrCat(
            "--sigma ", sigma_text, ": expected a finite number ≥ 0")),
        err);
  }
  if (absl::Status s = ParseIntegerFlag(*parsed, "draws", &options.draws, true);
      !s.ok()) {
    return BadInput(kSharpnessSpec, s, err);
  }
  std::optional<double> fixed_scale;
  const std::string scale_text = parsed->GetOr("scale", "auto");
  if (scale_text != "auto") {
    double c = 0;
    if (!absl::SimpleAtod(scale_text, &c) || !(c > 0) || !std::isfinite(c)) {
      return BadInput(kSharpnessSpec,
                      absl::InvalidArgumentError(absl::StrCat(
                          "--scale ", scale_text,
                          ": expected auto or a positive finite number")),
                      err);
    }
    fixed_scale = c;
  }
  absl::StatusOr<StringSet> set = ParseStringSet(*parsed);
  if (!set.ok()) return BadInput(kSharpnessSpec, set.status(), err);
  options.seed = set->seed;
  absl::StatusOr<std::vector<Subject>> subjects =
      LoadSubjects(*parsed, /*need_language=*/true);
  if (!subjects.ok()) return BadInput(kSharpnessSpec, subjects.status(), err);

  struct Row {
    std::string model;
    int n;
    double scale;
    SharpnessResult r;
    std::optional<double> sensitivity;
  };
  std::vector<Row> rows;
  ProgressBar bar(err, "sharpness");
  std::uint64_t done = 0;
  for (const Subject& s : *subjects) {
    for (int n : *lengths) {
      options.strings = *set;
      options.strings.language = s.language.get();
      double c = fixed_scale.value_or(0);
      if (!fixed_scale) {
        ScaleOptions so;
        so.strings = options.strings;
        absl::StatusOr<ScaleResult> found = FindScale(s.model, n, so);
        if (!found.ok() || !found->scale) {
          bar.Finish();
          return BadInput(
              kSharpnessSpec,
              absl::InvalidArgumentError(absl::StrCat(
                  s.arg, " at n = ", n,
                  ": --scale auto found no scale at which the float engine "
                  "decides as the exact engine; give --scale C")),
              err);
        }
        c = 2 * *found->scale;
      }
      options.scale = c;
      absl::StatusOr<SharpnessResult> r = MeasureSharpness(s.model, n, options);
      if (!r.ok()) {
        bar.Finish();
        return BadInput(
            kSharpnessSpec,
            absl::Status(r.status().code(),
                         absl::StrCat(s.arg, ": ", r.status().message())),
            err);
      }
      Row row{s.arg, n, c, *r, std::nullopt};
      absl::StatusOr<std::vector<std::uint8_t>> table =
          automata::MembershipTable(*s.language, n, {.limit = 1 << 22});
      if (table.ok()) {
        row.sensitivity =
            automata::AverageSensitivity(*table, s.model.alphabet.size(), n)
                .get_d();
      }
      rows.push_back(std::move(row));
      Report(bar, ++done, subjects->size() * lengths->size());
    }
  }
  bar.Finish();
  std::ostringstream json, csv;
  csv << "model,n,scale,sigma,draws,base_loss,mean_increase,stderr,"
         "flip_fraction,base_accuracy,sensitivity,strings,exhaustive\n";
  json << "{\"sigma\": " << Num(options.sigma)
       << ", \"draws\": " << options.draws << ", \"seed\": " << options.seed
       << ", \"rows\": [";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
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
    csv << r.model << "," << r.n << "," << Num(r.scale) << ","
        << Num(options.sigma) << "," << options.draws << ","
        << Num(r.r.base_loss) << "," << Num(r.r.mean_increase) << ","
        << Num(r.r.increase_stderr) << "," << Num(r.r.flip_fraction) << ","
        << Num(r.r.base_accuracy) << ","
        << (r.sensitivity ? Num(*r.sensitivity) : "") << "," << r.r.strings
        << "," << r.r.exhaustive << "\n";
  }
  json << "\n]}\n";
  // With --output: the plot beside the JSON and CSV.
  auto files = [&] {
    std::vector<PlotSeries> series;
    for (const Subject& s : *subjects) {
      PlotSeries p;
      p.label = s.arg;
      for (const Row& r : rows) {
        if (r.model != s.arg) continue;
        p.x.push_back(r.n);
        p.y.push_back(r.r.mean_increase);
      }
      series.push_back(std::move(p));
    }
    const std::string svg = RenderPlotSvg(
        {.title = absl::StrFormat("Sharpness: mean loss increase under "
                                  "N(0, %g²) weight noise",
                                  options.sigma),
         .x_label = "input length n",
         .y_label = "mean increase of the logistic loss (nats)"},
        series);
    return OutputFiles{
        {".json", json.str()}, {".csv", csv.str()}, {".svg", svg}};
  };
  if (std::optional<int> code =
          FinishOutputs(kSharpnessSpec, *parsed, json.str(), files, out, err)) {
    return *code;
  }
  out << absl::StrFormat("sigma %g, %d draws, seed %d\n", options.sigma,
                         options.draws, options.seed);
  out << absl::StrFormat("%-14s %4s %10s %10s %18s %8s %8s %8s\n", "model", "n",
                         "scale", "loss", "increase ± se", "flips", "acc",
                         "as(f)");
  for (const Row& r : rows) {
    out << absl::StrFormat(
        "%-14s %4d %10.4g %10.4g %10.4g ± %-6.2g %8.4f %8.4f %8s\n", r.model,
        r.n, r.scale, r.r.base_loss, r.r.mean_increase, r.r.increase_stderr,
        r.r.flip_fraction, r.r.base_accuracy,
        r.sensitivity ? absl::StrFormat("%.4f", *r.sensitivity) : "n/a");
  }
  return kExitOk;
}

int RunPrecision(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<Common> common =
      ParseCommon(kPrecisionSpec, args, {"model", "lengths"}, out, err, &code);
  if (!common) return code;
  const ParsedArgs* parsed = &common->args;
  const std::vector<int>* lengths = &common->lengths;
  absl::StatusOr<std::vector<Subject>> subjects =
      LoadSubjects(*parsed, /*need_language=*/false);
  if (!subjects.ok()) return BadInput(kPrecisionSpec, subjects.status(), err);
  struct Row {
    std::string model;
    PrecisionResult r;
  };
  std::vector<Row> rows;
  // p* ≈ a·log₂ n + b per model, least squares over n ≥ 2.
  struct Fit {
    double a = 0, b = 0;
    int points = 0;
  };
  std::vector<Fit> fits;
  ProgressBar bar(err, "precision");
  std::uint64_t done = 0;
  for (const Subject& s : *subjects) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int m = 0;
    for (int n : *lengths) {
      PrecisionOptions options;
      options.language = s.language.get();
      absl::StatusOr<PrecisionResult> r = FindPrecision(s.model, n, options);
      if (!r.ok()) {
        bar.Finish();
        return BadInput(
            kPrecisionSpec,
            absl::Status(r.status().code(),
                         absl::StrCat(s.arg, ": ", r.status().message())),
            err);
      }
      // Lengths with p* = 0 (no fractions needed: e.g. odd lengths of
      // Dyck-1, rejected outright) say nothing about the growth.
      if (n >= 2 && r->frac_bits > 0) {
        const double x = std::log2(n), y = r->frac_bits;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        ++m;
      }
      rows.push_back({s.arg, *r});
      Report(bar, ++done, subjects->size() * lengths->size());
    }
    Fit f;
    f.points = m;
    if (m >= 2 && m * sxx - sx * sx > 1e-12) {
      f.a = (m * sxy - sx * sy) / (m * sxx - sx * sx);
      f.b = (sy - f.a * sx) / m;
    } else {
      f.points = 0;
    }
    fits.push_back(f);
  }
  bar.Finish();
  std::ostringstream json, csv;
  csv << "model,n,p_star,exhaustive,strings\n";
  json << "{\"models\": [";
  for (size_t i = 0; i < subjects->size(); ++i) {
    const std::string& arg = (*subjects)[i].arg;
    json << (i ? ",\n  " : "\n  ") << "{\"model\": " << JsonQuote(arg)
         << ", \"lengths\": [";
    bool first = true;
    for (const Row& r : rows) {
      if (r.model != arg) continue;
      json << (first ? "" : ", ") << "{\"n\": " << r.r.n
           << ", \"p_star\": " << r.r.frac_bits
           << ", \"exhaustive\": " << (r.r.exhaustive ? "true" : "false")
           << ", \"strings\": " << r.r.strings << "}";
      csv << arg << "," << r.r.n << "," << r.r.frac_bits << ","
          << r.r.exhaustive << "," << r.r.strings << "\n";
      first = false;
    }
    json << "], \"fit\": ";
    if (fits[i].points > 0) {
      json << "{\"log2_slope\": " << Num(fits[i].a)
           << ", \"intercept\": " << Num(fits[i].b)
           << ", \"points\": " << fits[i].points << "}";
    } else {
      json << "null";
    }
    json << "}";
  }
  json << "\n]}\n";
  // With --output: the plot beside the JSON and CSV.
  auto files = [&] {
    std::vector<PlotSeries> series;
    for (size_t i = 0; i < subjects->size(); ++i) {
      PlotSeries p;
      p.label = (*subjects)[i].arg;
      if (fits[i].points > 0) {
        p.label +=
            absl::StrFormat(" (p* ≈ %.2f·log₂ n %+.2f)", fits[i].a, fits[i].b);
      }
      for (const Row& r : rows) {
        if (r.model != (*subjects)[i].arg) continue;
        p.x.push_back(r.r.n);
        p.y.push_back(r.r.frac_bits);
      }
      series.push_back(std::move(p));
    }
    const std::string svg = RenderPlotSvg(
        {.title = "Fractional bits p* at which fixed:p decides as exact",
         .x_label = "input length n (log scale)",
         .y_label = "precision p* (fractional bits)",
         .log_x = true},
        series);
    return OutputFiles{
        {".json", json.str()}, {".csv", csv.str()}, {".svg", svg}};
  };
  if (std::optional<int> code =
          FinishOutputs(kPrecisionSpec, *parsed, json.str(), files, out, err)) {
    return *code;
  }
  for (size_t i = 0; i < subjects->size(); ++i) {
    const std::string& arg = (*subjects)[i].arg;
    out << "model " << arg << ": p*(n), fractional bits at which fixed:p "
        << "decides as exact\n";
    out << absl::StrFormat("%6s %6s %10s %8s\n", "n", "p*", "strings", "mode");
    for (const Row& r : rows) {
      if (r.model != arg) continue;
      out << absl::StrFormat("%6d %6d %10d %8s\n", r.r.n, r.r.frac_bits,
                             r.r.strings, r.r.exhaustive ? "all" : "sampled");
    }
    if (fits[i].points > 0) {
      out << absl::StrFormat(
          "p* ≈ %.2f·log₂ n %+.2f (least squares over %d lengths)\n", fits[i].a,
          fits[i].b, fits[i].points);
    }
  }
  return kExitOk;
}

}  // namespace satcirc::cli
