// analyze: a language's Boolean-function profile per length (satcirc analyze,
// docs/analyze.md) — exact rationals as fractions.Fraction, spectra as NumPy
// arrays — computed and written as JSON by the command's own code
// (tools/analyze_report.h).
#include <gmpxx.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "automata/analyze.h"
#include "automata/enumerate.h"
#include "automata/lengths.h"
#include "automata/sensitivity.h"
#include "lib/experiments/experiments.h"
#include "lib/experiments/plot.h"
#include "lib/experiments/saturate.h"
#include "python/src/bindings.h"
#include "tools/analyze_report.h"
#include "tools/model_arg.h"

namespace satcirc::python {
namespace {

struct AnalyzeResult {
  std::shared_ptr<automata::Language> language;
  automata::AnalyzeOptions options;
  cli::MonoidReport monoid;
  std::vector<automata::LengthAnalysis> lengths;
};

py::object Fraction(const mpq_class& q) {
  static py::object fraction =
      py::module_::import("fractions").attr("Fraction");
  return fraction(py::str(q.get_str()));
}

py::object Int(const mpz_class& z) {
  return py::module_::import("builtins").attr("int")(py::str(z.get_str()));
}

// The doubles the command's JSON prints (mpq_class::get_d), exactly.
py::array_t<double> Doubles(const std::vector<mpq_class>& v) {
  py::array_t<double> out(static_cast<py::ssize_t>(v.size()));
  auto view = out.mutable_unchecked<1>();
  for (size_t i = 0; i < v.size(); ++i) view(i) = v[i].get_d();
  return out;
}

py::list Fractions(const std::vector<mpq_class>& v) {
  py::list out;
  for (const mpq_class& q : v) out.append(Fraction(q));
  return out;
}

AnalyzeResult Analyze(const std::string& spec, const py::object& lengths,
                      int samples, long long seed, bool monoid) {
  if (samples != 0 && (samples < 2 || samples > 100000000)) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        "samples=", samples, ": expected 0 or an integer in 2..100000000")));
  }
  if (seed < 0) {
    throw StatusError(absl::InvalidArgumentError(
        absl::StrCat("seed=", seed, ": expected a non-negative integer")));
  }
  AnalyzeResult r;
  r.language = Unwrap(cli::ParseLangArg(spec));
  r.options.samples = samples;
  r.options.seed = static_cast<std::uint64_t>(seed);
  r.options.syntactic_monoid = monoid;
  const std::vector<int> ns = LengthsArg(lengths);
  py::gil_scoped_release release;
  r.lengths = Unwrap(cli::AnalyzeLengths(*r.language, ns, r.options));
  r.monoid = cli::DescribeMonoid(*r.language, r.options);
  return r;
}

std::string Json(const AnalyzeResult& r) {
  std::ostringstream out;
  cli::PrintAnalyzeJson(*r.language, r.monoid, r.lengths, r.options.seed, out);
  return out.str();
}

std::string Markdown(const AnalyzeResult& r) {
  std::string text = absl::StrCat(
      "**", r.language->spec(), "** — ", r.monoid.text,
      "\n\n| n | members | words | sensitivity | total influence | "
      "symmetric energy |\n|---:|---:|---:|---:|---:|---:|\n");
  for (const automata::LengthAnalysis& a : r.lengths) {
    const std::string sens =
        a.exhaustive ? a.sensitivity.get_str()
                     : absl::StrCat("≈ ", a.sensitivity_estimate.mean, " ± ",
                                    a.sensitivity_estimate.standard_error);
    absl::StrAppend(
        &text, "| ", a.n, " | ", a.members.get_str(), " | ", a.words.get_str(),
        " | ", sens, " | ",
        a.exhaustive ? a.fourier.total_influence.get_str() : "", " | ",
        a.exhaustive ? a.symmetry.symmetric_energy.get_str() : "", " |\n");
  }
  return text;
}

template <typename F>
auto IfExhaustive(F f) {
  return [f](const automata::LengthAnalysis& a) -> py::object {
    if (!a.exhaustive) return py::none();
    return f(a);
  };
}

// The sampled mode's estimate (None for an exhaustive length).
template <typename Class>
void BindSampledFields(Class& c) {
  using automata::LengthAnalysis;
  c.def_property_readonly(
       "sensitivity_estimate",
       [](const LengthAnalysis& a) -> py::object {
         if (a.exhaustive) return py::none();
         return py::float_(a.sensitivity_estimate.mean);
       },
       "Sampled lengths: the estimated average sensitivity "
       "(a float); None when exhaustive.")
      .def_property_readonly(
          "standard_error",
          [](const LengthAnalysis& a) -> py::object {
            if (a.exhaustive) return py::none();
            return py::float_(a.sensitivity_estimate.standard_error);
          },
          "Sampled lengths: the estimate's standard error; None when "
          "exhaustive.")
      .def_property_readonly(
          "samples",
          [](const LengthAnalysis& a) -> py::object {
            if (a.exhaustive) return py::none();
            return py::int_(a.sensitivity_estimate.samples);
          },
          "Sampled lengths: how many seeded uniform words "
          "the estimate used; None when exhaustive.");
}

// The exhaustive mode's exact profile (None for a sampled length).
template <typename Class>
void BindExhaustiveFields(Class& c) {
  using automata::LengthAnalysis;
  c.def_property_readonly("sensitivity",
                          IfExhaustive([](const LengthAnalysis& a) {
                            return Fraction(a.sensitivity);
                          }),
                          "Average sensitivity (exact).")
      .def_property_readonly("total_influence",
                             IfExhaustive([](const LengthAnalysis& a) {
                               return Fraction(a.fourier.total_influence);
                             }),
                             "Sum over k of k * weight_by_degree[k] (a "
                             "Fraction); None when sampled.")
      .def_property_readonly(
          "weight_by_degree", IfExhaustive([](const LengthAnalysis& a) {
            return py::object(Doubles(a.fourier.weight_by_degree));
          }),
          "Fourier (Walsh; Efron-Stein beyond two symbols) weight by degree "
          "0..n.")
      .def_property_readonly(
          "weight_by_degree_exact", IfExhaustive([](const LengthAnalysis& a) {
            return py::object(Fractions(a.fourier.weight_by_degree));
          }),
          "weight_by_degree as a list of n+1 Fractions (exact when "
          "fourier_exact); None when sampled.")
      .def_property_readonly(
          "fourier_exact", IfExhaustive([](const LengthAnalysis& a) {
            return py::bool_(a.fourier.exact);
          }),
          "Whether the Fourier weights are exact; otherwise they were computed "
          "in "
          "double precision (the Fractions hold those doubles exactly).")
      .def_property_readonly("symmetric_energy",
                             IfExhaustive([](const LengthAnalysis& a) {
                               return Fraction(a.symmetry.symmetric_energy);
                             }),
                             "||Pf||^2/||f||^2 for P the average over all "
                             "permutations of positions (exact Fraction); "
                             "None when sampled.")
      .def_property_readonly(
          "isotypic_energy",
          [](const LengthAnalysis& a) -> py::object {
            if (!a.exhaustive || a.symmetry.isotypic.empty()) return py::none();
            return Doubles(a.symmetry.isotypic);
          },
          "Binary alphabets: the energy in the isotypic components (n-k,k), k "
          "= 0, 1, ...")
      .def_property_readonly(
          "isotypic_energy_exact",
          [](const LengthAnalysis& a) -> py::object {
            if (!a.exhaustive || a.symmetry.isotypic.empty()) return py::none();
            return Fractions(a.symmetry.isotypic);
          },
          "isotypic_energy as a list of Fractions (summing "
          "to 1); None when sampled or not binary.");
}

void BindLengthAnalysis(py::module_& m) {
  using automata::LengthAnalysis;
  py::class_<LengthAnalysis> c(m, "LengthAnalysis", R"doc(
One length of satcirc.analyze. Exhaustive lengths have the exact profile
(Fractions; NumPy arrays of the same values as doubles, as --json prints them);
sampled ones a seeded estimate of the sensitivity. Fields a mode lacks are None.)doc");
  BindSampledFields(c);
  BindExhaustiveFields(c);
  c.def_readonly("n", &LengthAnalysis::n, "The word length n.")
      .def_property_readonly(
          "members", [](const LengthAnalysis& a) { return Int(a.members); },
          "The number of members of length n (an exact int, in both modes).")
      .def_property_readonly(
          "words", [](const LengthAnalysis& a) { return Int(a.words); },
          "The number of words of length n, |alphabet|^n (an exact int).")
      .def_readonly("exhaustive", &LengthAnalysis::exhaustive,
                    "True when every word was enumerated (the exact profile); "
                    "False when sampled.")
      .def("__repr__", [](const LengthAnalysis& a) {
        return absl::StrCat("<satcirc.LengthAnalysis n=", a.n, ", ",
                            a.exhaustive ? "exhaustive" : "sampled", ">");
      });
}

void BindAnalyzeResult(py::module_& m) {
  py::class_<AnalyzeResult>(m, "AnalyzeResult", R"doc(
What satcirc.analyze found: `lengths` (LengthAnalysis, one per length), the
language's class and syntactic monoid. to_json() is `satcirc analyze --json`.)doc")
      .def_property_readonly(
          "language", [](const AnalyzeResult& r) { return r.language->spec(); },
          "The language's spec (as satcirc langs names it).")
      .def_property_readonly(
          "alphabet",
          [](const AnalyzeResult& r) {
            return r.language->alphabet().symbols();
          },
          "The language's symbols, as one str.")
      .def_property_readonly(
          "regular",
          [](const AnalyzeResult& r) -> py::object {
            const automata::LanguageInfo& info = r.language->info();
            if (info.is_regular) return py::bool_(true);
            if (info.known_not_regular) return py::bool_(false);
            return py::none();
          },
          "True, False, or None when not decided.")
      .def_property_readonly(
          "known_class",
          [](const AnalyzeResult& r) { return r.language->info().known_class; },
          "What is known of the language's class, e.g. \"context-free; TC0, "
          "not AC0\"; '' when nothing beyond regularity.")
      .def_property_readonly(
          "syntactic_monoid",
          [](const AnalyzeResult& r) {
            return py::module_::import("json").attr("loads")(r.monoid.json);
          },
          "size, aperiodic, star_free (and periodic_word) as --json; None when "
          "not regular.")
      .def_property_readonly(
          "monoid_text", [](const AnalyzeResult& r) { return r.monoid.text; },
          "The command's syntactic-monoid line (size, aperiodicity, "
          "star-freeness, or why not computed).")
      .def_readonly("lengths", &AnalyzeResult::lengths,
                    "One LengthAnalysis per length, in the order given.")
      .def("to_json", &Json, "The text of `satcirc analyze --json`.")
      .def(
          "as_dict",
          [](const AnalyzeResult& r) {
            return py::module_::import("json").attr("loads")(Json(r));
          },
          "to_json() parsed.")
      .def("_repr_markdown_", &Markdown)
      .def("__repr__", [](const AnalyzeResult& r) {
        return absl::StrCat("<satcirc.AnalyzeResult ", r.language->spec(), ", ",
                            r.lengths.size(), " lengths>");
      });
}

// ---- experiments (satcirc sharpness, satcirc saturate: docs/sharpness.md,
// docs/saturate.md), the library's measurements at the command's defaults.

// The strings of an experiment: all of Σⁿ up to exhaustive_limit, else a
// seeded sample, labelled by `language` (the model's own by default).
struct Subject {
  Model model;
  std::shared_ptr<automata::Language> language;  // null: unlabelled
  StringSet set;
};

Subject MakeSubject(const py::object& model_obj, const py::object& lang,
                    bool need_language, long long exhaustive_limit, int samples,
                    long long seed) {
  Subject s{model_obj.cast<const Model&>(), nullptr, {}};
  if (exhaustive_limit < 0 || samples <= 0 || seed < 0) {
    throw StatusError(absl::InvalidArgumentError(
        "exhaustive_limit and seed are non-negative integers, samples a "
        "positive one"));
  }
  s.set.exhaustive_limit = static_cast<std::uint64_t>(exhaustive_limit);
  s.set.samples = samples;
  s.set.seed = static_cast<std::uint64_t>(seed);
  s.language = LanguageOf(model_obj, lang);
  if (s.language == nullptr) {
    if (!need_language) return s;
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        s.model.name, ": lang= is required (the model declares no language)")));
  }
  s.set.language = s.language.get();
  return s;
}

void RequireFloatLength(const Model& model, int n) {
  if (absl::Status st = CheckFloatExperimentLength(n); !st.ok()) {
    throw StatusError(
        absl::Status(st.code(), absl::StrCat(model.name, ": ", st.message())));
  }
}

template <typename T>
py::array_t<T> Array(const std::vector<T>& v) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

struct SharpnessRow {
  int n = 0;
  double scale = 0;
  SharpnessResult r;
  double sensitivity = std::nan("");  // NaN: Σⁿ too large to enumerate
};

struct SharpnessReport {
  std::string model;
  SharpnessOptions options;
  std::vector<SharpnessRow> rows;
};

// 2·c*(n), as --scale auto takes it.
double AutoScale(const Subject& s, int n) {
  ScaleOptions so;
  so.strings = s.set;
  const ScaleResult found = Unwrap(FindScale(s.model, n, so));
  if (!found.scale) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        s.model.name, " at n = ", n,
        ": scale=None found no scale at which the float engine decides as the "
        "exact engine; give scale=C")));
  }
  return 2 * *found.scale;
}

SharpnessRow SharpnessAt(const Subject& s, const SharpnessOptions& base,
                         std::optional<double> scale, int n) {
  RequireFloatLength(s.model, n);
  SharpnessOptions options = base;
  options.strings = s.set;
  options.scale = scale ? *scale : AutoScale(s, n);
  SharpnessRow row{n, options.scale, {}, std::nan("")};
  absl::StatusOr<SharpnessResult> r = MeasureSharpness(s.model, n, options);
  if (!r.ok()) {
    throw StatusError(
        absl::Status(r.status().code(),
                     absl::StrCat(s.model.name, ": ", r.status().message())));
  }
  row.r = *r;
  if (std::optional<mpq_class> as =
          automata::AverageSensitivityUpTo(*s.language, n, 1 << 22)) {
    row.sensitivity = as->get_d();
  }
  return row;
}

SharpnessReport Sharpness(const py::object& model, const py::object& lengths,
                          double sigma, int draws, std::optional<double> scale,
                          const py::object& lang, long long exhaustive_limit,
                          int samples, long long seed) {
  if (!std::isfinite(sigma) || sigma < 0) {
    throw StatusError(absl::InvalidArgumentError(
        absl::StrCat("sigma=", sigma, ": expected a finite number ≥ 0")));
  }
  if (draws <= 0 || (scale && !(*scale > 0 && std::isfinite(*scale)))) {
    throw StatusError(absl::InvalidArgumentError(
        "draws is a positive integer; scale None (auto) or a positive finite "
        "number"));
  }
  const Subject s =
      MakeSubject(model, lang, true, exhaustive_limit, samples, seed);
  SharpnessReport report{s.model.name, {}, {}};
  report.options.sigma = sigma;
  report.options.draws = draws;
  report.options.seed = s.set.seed;
  const std::vector<int> ns = LengthsArg(lengths);
  py::gil_scoped_release release;
  for (int n : ns)
    report.rows.push_back(SharpnessAt(s, report.options, scale, n));
  return report;
}

template <typename F>
py::array_t<double> Column(const std::vector<SharpnessRow>& rows, F f) {
  std::vector<double> v;
  for (const SharpnessRow& r : rows) v.push_back(f(r));
  return Array(v);
}

// The command's plot: the mean loss increase against n, ± one standard error.
std::string SharpnessSvg(const SharpnessReport& r) {
  PlotSeries p{.label = r.model};
  for (const SharpnessRow& row : r.rows) {
    p.x.push_back(row.n);
    p.y.push_back(row.r.mean_increase);
    p.y_err.push_back(row.r.increase_stderr);
  }
  return RenderPlotSvg(SharpnessPlotOptions(r.options.sigma, r.options.draws),
                       std::vector<PlotSeries>{p});
}

// The per-length numbers of a sharpness run: a NumPy array each, and the
// keys of `satcirc sharpness --json`.
struct SharpnessColumn {
  const char* name;
  double (*get)(const SharpnessRow&);
  const char* doc;
};
constexpr SharpnessColumn kSharpnessColumns[] = {
    {"scale", [](const SharpnessRow& x) { return x.scale; },
     "Per length: the float engine's logit scale c (given, or 2*c*(n))."},
    {"base_loss", [](const SharpnessRow& x) { return x.r.base_loss; },
     "Per length: the unperturbed mean logistic loss log(1 + e^(-t*y)), in "
     "nats."},
    {"mean_increase", [](const SharpnessRow& x) { return x.r.mean_increase; },
     "Per length: the mean over the draws of L(theta + eps) - L(theta), in "
     "nats."},
    {"stderr", [](const SharpnessRow& x) { return x.r.increase_stderr; },
     "Per length: the standard error of mean_increase over the draws (nats)."},
    {"flip_fraction", [](const SharpnessRow& x) { return x.r.flip_fraction; },
     "Per length: the fraction of decisions, over strings and draws, that "
     "differ from the unperturbed model's."},
    {"base_accuracy", [](const SharpnessRow& x) { return x.r.base_accuracy; },
     "Per length: the unperturbed model's accuracy against the language, in "
     "[0, 1]."},
    {"sensitivity", [](const SharpnessRow& x) { return x.sensitivity; },
     "Per length: the language's exact average sensitivity as a float; NaN "
     "beyond 2^22 words."},
};

py::list SharpnessRows(const SharpnessReport& r) {
  py::list rows;
  for (const SharpnessRow& x : r.rows) {
    py::dict d;
    d["n"] = x.n;
    for (const SharpnessColumn& col : kSharpnessColumns) {
      const double v = col.get(x);
      d[col.name] = std::isnan(v) ? py::object(py::none()) : py::float_(v);
    }
    d["strings"] = x.r.strings;
    d["exhaustive"] = x.r.exhaustive;
    rows.append(d);
  }
  return rows;
}

void BindSharpness(py::module_& m) {
  using R = SharpnessReport;
  py::class_<R> c(m, "SharpnessResult", R"doc(
What satcirc.sharpness measured, one entry per length: NumPy arrays n, scale,
base_loss, mean_increase, stderr, flip_fraction, base_accuracy, sensitivity
(NaN beyond 2^22 words), strings, exhaustive; rows as dicts with the keys of
`satcirc sharpness --json` (None for NaN); _repr_svg_ its plot.)doc");
  for (const SharpnessColumn& col : kSharpnessColumns) {
    c.def_property_readonly(
        col.name, [get = col.get](const R& r) { return Column(r.rows, get); },
        col.doc);
  }
  c.def_property_readonly(
       "sigma", [](const R& r) { return r.options.sigma; },
       "The noise's standard deviation: eps ~ N(0, sigma^2) on every weight "
       "and bias.")
      .def_property_readonly(
          "draws", [](const R& r) { return r.options.draws; },
          "The number of seeded noise draws per length.")
      .def_property_readonly(
          "seed", [](const R& r) { return r.options.seed; },
          "The seed of the noise draws and of any sampled strings.")
      .def_property_readonly(
          "n",
          [](const R& r) {
            std::vector<int> v;
            for (const SharpnessRow& x : r.rows) v.push_back(x.n);
            return Array(v);
          },
          "The input lengths measured (an int array).")
      .def_property_readonly(
          "strings",
          [](const R& r) {
            std::vector<std::uint64_t> v;
            for (const SharpnessRow& x : r.rows) v.push_back(x.r.strings);
            return Array(v);
          },
          "Per length: how many strings the loss averages "
          "over.")
      .def_property_readonly(
          "exhaustive",
          [](const R& r) {
            std::vector<bool> v;
            for (const SharpnessRow& x : r.rows) v.push_back(x.r.exhaustive);
            return v;
          },
          "Per length: True when the strings are all of "
          "the length's words, False when sampled.")
      .def_property_readonly("rows", &SharpnessRows,
                             "One dict per length with the keys of `satcirc "
                             "sharpness --json` (None for NaN).")
      .def("_repr_svg_", &SharpnessSvg);
}

// The library's report (lib/experiments/saturate.h) with the model's name and
// the metrics length.
struct SaturateReport : SaturationReport {
  std::string model;
  int metrics_n = 0;
};

SaturateReport Saturate(const py::object& model, const py::object& lengths,
                        const py::object& lang, std::vector<double> scales,
                        std::optional<int> metrics_length,
                        long long exhaustive_limit, int samples, long long seed,
                        bool parameters) {
  const Subject s =
      MakeSubject(model, lang, false, exhaustive_limit, samples, seed);
  const std::vector<int> ns = LengthsArg(lengths);
  if (ns.empty()) throw StatusError(absl::InvalidArgumentError("no lengths"));
  for (double c : scales) {
    if (!(c > 0) || !std::isfinite(c)) {
      throw StatusError(absl::InvalidArgumentError(
          absl::StrCat("scales: ", c, " is not a positive finite number")));
    }
  }
  for (int n : ns) RequireFloatLength(s.model, n);
  SaturateReport r;
  r.model = s.model.name;
  r.metrics_n = metrics_length
                    ? *metrics_length
                    : std::min(12, *std::max_element(ns.begin(), ns.end()));
  const SaturateOptions options{.lengths = ns,
                                .scales = scales,
                                .metrics_length = r.metrics_n,
                                .strings = s.set,
                                .parameters = parameters};
  py::gil_scoped_release release;
  static_cast<SaturationReport&>(r) = Unwrap(MeasureSaturate(s.model, options));
  return r;
}

// One length's accuracy against the language as a dict: n, scales, float
// (float:c's per scale), limit, and param_float / param_limit (None without
// parameters=True).
py::dict AccuracyDict(const LanguageAccuracy& a) {
  py::dict d;
  d["n"] = a.n;
  d["exhaustive"] = a.exhaustive;
  d["strings"] = a.strings;
  d["scales"] = a.scales;
  d["float"] = a.float_accuracy;
  d["limit"] =
      a.limit_accuracy ? py::object(py::float_(*a.limit_accuracy)) : py::none();
  d["param_float"] = a.param_limit_accuracy
                         ? py::object(py::cast(a.param_float_accuracy))
                         : py::none();
  d["param_limit"] = a.param_limit_accuracy
                         ? py::object(py::float_(*a.param_limit_accuracy))
                         : py::none();
  return d;
}

py::object FitDict(const std::optional<PowerFit>& fit) {
  if (!fit) return py::none();
  py::dict d;
  d["exponent"] = fit->exponent;
  d["coefficient"] = fit->coefficient;
  d["r2"] = fit->r2;
  d["points"] = fit->points;
  return d;
}

// The command's c*(n) plot: log–log, lengths at the floor as upper bounds.
std::string SaturateSvg(const SaturateReport& r) {
  PlotSeries p{.label = r.model, .lines = false, .fit = r.fit};
  for (const ScaleResult& c : r.scales) {
    if (!c.scale) continue;
    p.x.push_back(c.n);
    p.y.push_back(*c.scale);
    p.upper_bound.push_back(c.at_floor);
  }
  return RenderPlotSvg(SaturationPlotOptions(), std::vector<PlotSeries>{p});
}

py::list HeadL1(const SaturateReport& r) {
  py::list layers;  // per layer: [scales × heads]
  if (r.metrics.empty()) return layers;
  for (size_t l = 0; l < r.metrics[0].head_l1.size(); ++l) {
    const size_t heads = r.metrics[0].head_l1[l].size();
    py::array_t<double> a({static_cast<py::ssize_t>(r.metrics.size()),
                           static_cast<py::ssize_t>(heads)});
    auto v = a.mutable_unchecked<2>();
    for (size_t i = 0; i < r.metrics.size(); ++i) {
      for (size_t h = 0; h < heads; ++h) v(i, h) = r.metrics[i].head_l1[l][h];
    }
    layers.append(a);
  }
  return layers;
}

py::array_t<double> LayerCosine(const SaturateReport& r) {
  const size_t layers =
      r.metrics.empty() ? 0 : r.metrics[0].layer_cosine.size();
  py::array_t<double> a({static_cast<py::ssize_t>(r.metrics.size()),
                         static_cast<py::ssize_t>(layers)});
  auto v = a.mutable_unchecked<2>();
  for (size_t i = 0; i < r.metrics.size(); ++i) {
    for (size_t l = 0; l < layers; ++l) v(i, l) = r.metrics[i].layer_cosine[l];
  }
  return a;
}

// Per length: the search for c*(n) and the fit over the lengths.
void BindScaleFields(py::class_<SaturateReport>& cls) {
  using R = SaturateReport;
  cls.def_property_readonly(
         "n",
         [](const R& r) {
           std::vector<int> v;
           for (const ScaleResult& c : r.scales) v.push_back(c.n);
           return Array(v);
         },
         "The input lengths searched (an int array).")
      .def_property_readonly(
          "c_star",
          [](const R& r) {
            std::vector<double> v;
            for (const ScaleResult& c : r.scales)
              v.push_back(c.scale ? *c.scale : std::nan(""));
            return Array(v);
          },
          "Per length: c*(n), the smallest logit scale at which float:c "
          "decides as exact (within 1%); NaN when none up to 1e12 does.")
      .def_property_readonly(
          "at_floor",
          [](const R& r) {
            std::vector<bool> v;
            for (const ScaleResult& c : r.scales) v.push_back(c.at_floor);
            return v;
          },
          "Per length: True when the engines agree already at the search's "
          "floor 1/1024 (c* is then only an upper bound).")
      .def_property_readonly(
          "exhaustive",
          [](const R& r) {
            std::vector<bool> v;
            for (const ScaleResult& c : r.scales) v.push_back(c.exhaustive);
            return v;
          },
          "Per length: True when the search used all of the length's words, "
          "False when sampled.")
      .def_property_readonly(
          "strings",
          [](const R& r) {
            std::vector<std::uint64_t> v;
            for (const ScaleResult& c : r.scales) v.push_back(c.strings);
            return v;
          },
          "Per length: how many strings the search compared the engines on.")
      .def_property_readonly(
          "fit", [](const R& r) { return FitDict(r.fit); },
          "c* ~ coefficient*n^exponent over the lengths n >= 2 above the "
          "floor: a "
          "dict (exponent, coefficient, r2 in log-log space, points), or None "
          "with fewer than two such lengths.");
}

// At metrics_length and each scale: the distance from saturated attention.
void BindMetricsFields(py::class_<SaturateReport>& cls) {
  using R = SaturateReport;
  cls.def_readonly("metrics_length", &R::metrics_n,
                   "The input length n of the saturation metrics.")
      .def_property_readonly(
          "scales",
          [](const R& r) {
            std::vector<double> v;
            for (const SaturationMetrics& s : r.metrics) v.push_back(s.scale);
            return Array(v);
          },
          "The logit scales c at which the metrics were measured (a float "
          "array).")
      .def_property_readonly(
          "head_l1", &HeadL1,
          "Per layer, a [scales x heads] array: the mean over strings and "
          "positions of ||softmax(c*s) - saturated row||_1.")
      .def_property_readonly(
          "accuracy",
          [](const R& r) {
            py::list rows;
            for (const LanguageAccuracy& a : r.accuracy) {
              rows.append(AccuracyDict(a));
            }
            return rows;
          },
          "With a language, per length a dict: n, exhaustive, strings, "
          "scales, float (float:c's accuracy against the language per scale), "
          "limit (the saturated limit's), param_float and param_limit (with "
          "parameters=True: float:1 on c·θ per scale, the parameter limit's; "
          "else None). Empty without a language.")
      .def_property_readonly(
          "metrics_accuracy",
          [](const R& r) {
            return r.metrics_accuracy
                       ? py::object(AccuracyDict(*r.metrics_accuracy))
                       : py::none();
          },
          "The same dict at metrics_length, or None without a language.")
      .def_property_readonly(
          "layer_cosine", &LayerCosine,
          "A [scales x layers] array: the mean cosine between the hidden state "
          "at scale c and at c -> infinity (no columns with layer norm).");
}

void BindSaturate(py::module_& m) {
  py::class_<SaturateReport> c(m, "SaturateResult", R"doc(
What satcirc.saturate measured: per length c*(n) (NaN when no scale up to
1e12 agrees), at_floor, exhaustive, strings; the fit c* ~ coefficient·n^exponent
(a dict, or None); at metrics_length and each of `scales`, head_l1 (per layer a
[scales × heads] array of mean L1 distances from saturated attention) and
layer_cosine ([scales × layers]). _repr_svg_ is the command's c*(n) plot.)doc");
  BindScaleFields(c);
  BindMetricsFields(c);
  c.def("_repr_svg_", &SaturateSvg);
}

}  // namespace

void BindAnalyze(py::module_& m) {
  BindLengthAnalysis(m);
  BindAnalyzeResult(m);
  m.def("analyze", &Analyze, py::arg("lang"), py::arg("lengths"),
        py::arg("samples") = 0, py::arg("seed") = 1, py::arg("monoid") = true,
        R"doc(
A language's profile per length (satcirc analyze): members, average
sensitivity, Fourier weight by degree and total influence, permutation-
symmetric energy and (binary alphabets) the isotypic split; for regular
languages the syntactic monoid and star-freeness.

lengths: an int, "A..B", "1,2,4", or a list/range of ints.
samples: beyond 2^24 words, estimate the sensitivity from this many seeded
  uniform words (0: refuse such a length).
monoid: False skips the syntactic monoid.
Returns an AnalyzeResult; raises satcirc.Error with the command's message.)doc");
  BindSharpness(m);
  BindSaturate(m);
  m.def("sharpness", &Sharpness, py::arg("model"), py::arg("lengths"),
        py::arg("sigma"), py::arg("draws") = 10, py::arg("scale") = py::none(),
        py::arg("lang") = py::none(), py::arg("exhaustive_limit") = 65536,
        py::arg("samples") = 1000, py::arg("seed") = 1, R"doc(
Hahn & Rofin's sharpness proxy (satcirc sharpness): per length, the mean
increase of the logistic loss under N(0, sigma²) noise on every weight and
bias over `draws` seeded draws, and the fraction of decisions that flip, with
the language's average sensitivity beside it. scale: the float engine's logit
scale; None takes 2·c*(n). lang: default model.language (required). All of
Σⁿ up to exhaustive_limit strings, else `samples` seeded ones.)doc");
  m.def("saturate", &Saturate, py::arg("model"), py::arg("lengths"),
        py::arg("lang") = py::none(),
        py::arg("scales") = std::vector<double>{1, 4, 16, 64, 256, 1024},
        py::arg("metrics_length") = py::none(),
        py::arg("exhaustive_limit") = 65536, py::arg("samples") = 1000,
        py::arg("seed") = 1, py::arg("parameters") = false, R"doc(
Saturation (satcirc saturate): per length c*(n), the smallest logit scale at
which the float engine decides every string as the exact engine (doubling from
1/1024, then bisection to 1%), with the fit c* ~ n^k; then at metrics_length
(default: the largest length, at most 12) and each of `scales`, how far
softmax attention is from saturated attention. With a language (lang, or
the model's own), the accuracy against it per length and scale beside the
saturated limit's; parameters=True adds float:1 with every parameter scaled
by c and the parameter limit (docs/saturate.md).)doc");
}

}  // namespace satcirc::python
