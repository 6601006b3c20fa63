#include "lib/train/report.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "lib/base/files.h"
#include "lib/base/json.h"
#include "lib/model/model_io.h"

namespace satcirc::train {
namespace {

std::string Num(double v) { return absl::StrFormat("%.9g", v); }

// The growth of the norm since step 0 against the step: the points a power
// law is fitted to (steps ≥ 1 with a positive growth).
void NormGrowth(const Result& r, std::vector<double>* t,
                std::vector<double>* growth) {
  if (r.log.empty()) return;
  const double base = r.log.front().norm;
  for (const LogRow& row : r.log) {
    if (row.step == 0) continue;
    t->push_back(row.step);
    growth->push_back(row.norm - base);
  }
}

std::string Json(const PowerFit& f) {
  return absl::StrFormat(
      "{\"exponent\": %s, \"coefficient\": %s, \"r2\": %s, \"points\": %d}",
      Num(f.exponent), Num(f.coefficient), Num(f.r2), f.points);
}

std::string ArchitectureJson(const Architecture& a) {
  std::vector<std::string> positional;
  for (PositionalFunction f : a.positional) {
    positional.push_back(json::Quote(PositionalFunctionName(f)));
  }
  return absl::StrFormat(
      "{\"layers\": %d, \"heads\": %d, \"width\": %d, \"head_dim\": %d, "
      "\"mlp\": %d, \"positional\": [%s], \"mask\": \"%s\", \"layer_norm\": "
      "\"%s\", \"bos\": %s}",
      a.layers, a.heads, a.width, a.head_dim, a.mlp_width,
      absl::StrJoin(positional, ", "), MaskName(a.mask),
      LayerNormPlacementName(a.layer_norm), a.bos ? "true" : "false");
}

// The last evaluation's rows.
std::vector<TestRow> LastTests(const Result& r) {
  std::vector<TestRow> rows;
  for (const TestRow& t : r.tests) {
    if (t.step == r.tests.back().step) rows.push_back(t);
  }
  return rows;
}

}  // namespace

std::string LogCsv(const Result& r) {
  std::string out = "step,loss,train_accuracy,norm,seconds";
  for (const std::string& p : r.parameter_names)
    absl::StrAppend(&out, ",norm:", p);
  for (const std::string& h : r.head_names)
    absl::StrAppend(&out, ",saturation:", h);
  out += "\n";
  for (const LogRow& row : r.log) {
    absl::StrAppend(&out, row.step, ",", Num(row.loss), ",",
                    Num(row.train_accuracy), ",", Num(row.norm), ",",
                    absl::StrFormat("%.3f", row.seconds));
    for (double v : row.parameter_norms) absl::StrAppend(&out, ",", Num(v));
    for (double v : row.head_saturation) absl::StrAppend(&out, ",", Num(v));
    out += "\n";
  }
  return out;
}

std::string TestsCsv(const Result& r) {
  std::string out = "step,n,accuracy,strings\n";
  for (const TestRow& t : r.tests) {
    absl::StrAppend(&out, t.step, ",", t.n, ",", Num(t.accuracy), ",",
                    t.strings, "\n");
  }
  return out;
}

std::string SummaryJson(const std::string& language_spec, const Options& o,
                        const Result& r) {
  std::vector<std::string> tests;
  for (const TestRow& t : LastTests(r)) {
    tests.push_back(absl::StrCat("[", t.n, ", ", Num(t.accuracy), "]"));
  }
  std::vector<std::string> heads;
  for (size_t i = 0; i < r.head_names.size() && !r.log.empty(); ++i) {
    heads.push_back(absl::StrCat(json::Quote(r.head_names[i]), ": ",
                                 Num(r.log.back().head_saturation[i])));
  }
  const Protocol& p = o.protocol;
  std::string out =
      absl::StrCat("{\n  \"format\": \"satcirc-train/1\",\n  \"language\": ",
                   json::Quote(language_spec),
                   ",\n  \"architecture\": ", ArchitectureJson(o.architecture),
                   ",\n  \"train_lengths\": [", p.train_min, ", ", p.train_max,
                   "],\n  \"test_lengths\": [", p.test_min, ", ", p.test_max,
                   "],\n  \"test_samples\": ", p.test_samples);
  absl::StrAppend(&out, ",\n  \"steps\": ", r.step,
                  ",\n  \"finished\": ", r.finished ? "true" : "false",
                  ",\n  \"batch\": ", o.batch,
                  ",\n  \"lr\": ", Num(o.learning_rate),
                  ",\n  \"seed\": ", o.seed, ",\n  \"threads\": ", o.threads,
                  ",\n  \"score\": ", Num(r.score),
                  ",\n  \"train_accuracy\": ", Num(r.train_accuracy));
  absl::StrAppend(
      &out, ",\n  \"norm\": ", r.log.empty() ? "null" : Num(r.log.back().norm),
      ",\n  \"norm_growth_fit\": ", r.norm_fit ? Json(*r.norm_fit) : "null",
      ",\n  \"head_saturation\": {", absl::StrJoin(heads, ", "),
      "},\n  \"seconds\": ",
      r.log.empty() ? "0" : absl::StrFormat("%.3f", r.log.back().seconds),
      ",\n  \"test_accuracy\": [", absl::StrJoin(tests, ", "), "]\n}\n");
  return out;
}

std::optional<PowerFit> FitNormGrowth(const Result& r) {
  std::vector<double> t, growth;
  NormGrowth(r, &t, &growth);
  return FitPowerLaw(t, growth);
}

std::string NormPlotSvg(const std::string& language_spec, const Result& r) {
  PlotSeries data{.label = "‖θ_t‖₂ − ‖θ_0‖₂", .markers = false};
  NormGrowth(r, &data.x, &data.y);
  data.fit = r.norm_fit;
  std::vector<PlotSeries> series = {data};
  if (!data.x.empty() && data.y.back() > 0) {
    // √t through the last point: the law Merrill et al. report.
    PlotSeries sqrt_t{.label = "c·√t (Merrill et al.), through the last point",
                      .markers = false,
                      .dashed = true};
    const double c = data.y.back() / std::sqrt(data.x.back());
    for (double t : data.x) {
      sqrt_t.x.push_back(t);
      sqrt_t.y.push_back(c * std::sqrt(t));
    }
    series.push_back(sqrt_t);
  }
  PlotOptions plot{
      .title = absl::StrCat("Parameter norm growth: ", language_spec),
      .x_label = "training step t",
      .y_label = "growth of the ℓ2 norm of all parameters",
      .log_x = true,
      .log_y = true};
  return RenderPlotSvg(plot, series);
}

std::string CurvesPlotSvg(const std::string& language_spec, const Result& r) {
  PlotSeries loss{.label = "training loss (nats)", .markers = false};
  PlotSeries acc{.label = "training accuracy", .markers = false};
  for (const LogRow& row : r.log) {
    if (row.step == 0) continue;
    loss.x.push_back(row.step);
    loss.y.push_back(row.loss);
    acc.x.push_back(row.step);
    acc.y.push_back(row.train_accuracy);
  }
  PlotOptions plot{.title = absl::StrCat("Training: ", language_spec),
                   .x_label = "training step t",
                   .y_label = "loss (nats) and accuracy"};
  return RenderPlotSvg(plot, std::vector<PlotSeries>{loss, acc});
}

std::string TestsPlotSvg(const std::string& language_spec, const Result& r) {
  std::map<int, PlotSeries> by_step;
  for (const TestRow& t : r.tests) {
    PlotSeries& s = by_step[t.step];
    s.x.push_back(t.n);
    s.y.push_back(t.accuracy);
    s.markers = false;
  }
  std::vector<PlotSeries> series;
  for (auto& [step, s] : by_step) {
    double sum = 0;
    for (double y : s.y) sum += y;
    s.label = absl::StrFormat("step %d (mean %.3f)", step, sum / s.y.size());
    series.push_back(std::move(s));
  }
  // The last four evaluations: more lines would hide each other.
  if (series.size() > 4) series.erase(series.begin(), series.end() - 4);
  PlotOptions plot{
      .title = absl::StrCat("Test accuracy by length: ", language_spec),
      .x_label = "input length n",
      .y_label = "accuracy"};
  return RenderPlotSvg(plot, series);
}

absl::Status WriteOutputs(const std::string& directory,
                          const std::string& language_spec, const Options& o,
                          const Result& r) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"model.json", WriteModelToString(r.model)},
      {"log.csv", LogCsv(r)},
      {"tests.csv", TestsCsv(r)},
      {"summary.json", SummaryJson(language_spec, o, r)},
      {"norm.svg", NormPlotSvg(language_spec, r)},
      {"curves.svg", CurvesPlotSvg(language_spec, r)},
      {"tests.svg", TestsPlotSvg(language_spec, r)},
  };
  for (const auto& [name, contents] : files) {
    absl::Status s = WriteFileAtomically(
        (std::filesystem::path(directory) / name).string(), contents);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace satcirc::train
