// The atlas (satcirc atlas) and p*(n) (satcirc precision) from Python.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "automata/lengths.h"
#include "lib/check/check.h"
#include "lib/experiments/atlas.h"
#include "lib/experiments/plot.h"
#include "lib/experiments/precision.h"
#include "python/src/bindings.h"
#include "tools/model_arg.h"

namespace satcirc::python {
namespace {

// One item of models=: a zoo name ("parity" or "zoo:parity"), or a Model
// checked against its `language` attribute (or lang=).
void AddAtlasModel(const py::handle& item, const py::object& lang,
                   AtlasOptions& options) {
  if (py::isinstance<py::str>(item)) {
    std::string name = item.cast<std::string>();
    if (name.rfind("zoo:", 0) == 0) name = name.substr(4);
    if (!cli::ZooLanguageOf("zoo:" + name)) {
      ThrowIfError(cli::LoadModelArg("zoo:" + name).status());
    }
    options.models.push_back(name);
    return;
  }
  const Model& model = item.cast<const Model&>();
  py::object spec = lang.is_none() ? item.attr("language") : lang;
  if (spec.is_none()) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        "atlas: model '", model.name,
        "' declares no language; give lang= to check it against")));
  }
  options.file_models.push_back({model.name, model, spec.cast<std::string>()});
}

py::dict AtlasRowDict(const AtlasRow& row) {
  py::dict d;
  d["model"] = row.model;
  d["language"] = row.language;
  d["relation"] = row.relation;
  d["attention"] = row.attention;
  d["layers"] = row.layers;
  d["language_class"] = row.language_class;
  d["holds"] = row.holds();
  d["max_exhaustive_n"] = row.max_exhaustive_n;
  const LengthReport* failure = row.report.first_failure();
  d["first_failure_n"] = failure ? py::cast(failure->n) : py::none();
  d["counterexample"] =
      failure && failure->counterexample
          ? py::cast(row.alphabet.Format(*failure->counterexample))
          : py::none();
  return d;
}

// Every construction holds and every negative control fails: the command's
// exit 0.
bool AsExpected(const Atlas& atlas) {
  for (const AtlasRow& row : atlas.rows) {
    if (row.relation == "own" && !row.holds()) return false;
    if (row.relation == "negative control" && row.holds()) return false;
  }
  return true;
}

Atlas RunAtlasPy(const py::object& models, const py::object& lang,
                 const py::object& sampled_lengths, int samples,
                 std::uint64_t seed, std::uint64_t exhaustive_words,
                 int threads) {
  AtlasOptions options;
  if (!models.is_none()) {
    for (const py::handle& item : models) AddAtlasModel(item, lang, options);
  }
  if (!sampled_lengths.is_none()) {
    options.sampled_lengths = LengthsArg(sampled_lengths);
  }
  if (samples <= 0 || exhaustive_words == 0 || threads < 0 ||
      threads > kMaxThreads) {
    throw StatusError(absl::InvalidArgumentError(
        "atlas: samples and exhaustive_words must be positive, threads in 0 "
        "(one per core) … 256"));
  }
  options.samples = samples;
  options.seed = seed;
  options.exhaustive_words = exhaustive_words;
  options.threads = threads;
  py::gil_scoped_release release;
  return Unwrap(BuildAtlas(options));
}

std::string AtlasText(const Atlas& atlas, bool json) {
  std::ostringstream out;
  if (json) {
    WriteAtlasJson(out, atlas);
  } else {
    WriteAtlasMarkdown(out, atlas);
  }
  return out.str();
}

void BindAtlas(py::module_& m) {
  py::class_<Atlas>(m, "AtlasResult",
                    "What satcirc atlas finds: one row a "
                    "(model, language) pair.")
      .def_property_readonly(
          "rows",
          [](const Atlas& a) {
            py::list rows;
            for (const AtlasRow& row : a.rows) rows.append(AtlasRowDict(row));
            return rows;
          },
          "Per pair: model, language, relation (own, neighbour, negative "
          "control), attention, layers, language_class, holds, "
          "max_exhaustive_n, first_failure_n, counterexample.")
      .def_property_readonly("as_expected", &AsExpected,
                             "Every construction holds on its own language "
                             "and every negative control fails.")
      .def(
          "to_markdown", [](const Atlas& a) { return AtlasText(a, false); },
          "The table `satcirc atlas` prints.")
      .def(
          "to_json", [](const Atlas& a) { return AtlasText(a, true); },
          "What `satcirc atlas --json` prints.")
      .def("_repr_markdown_",
           [](const Atlas& a) { return AtlasText(a, false); })
      .def("__repr__", [](const Atlas& a) {
        return absl::StrCat("<satcirc.AtlasResult: ", a.rows.size(), " pairs, ",
                            AsExpected(a) ? "as expected" : "NOT as expected",
                            ">");
      });
  m.def("atlas", &RunAtlasPy, py::arg("models") = py::none(),
        py::arg("lang") = py::none(), py::arg("sampled_lengths") = py::none(),
        py::arg("samples") = 1000, py::arg("seed") = 1,
        py::arg("exhaustive_words") = std::uint64_t{1} << 16,
        py::arg("threads") = 0, R"doc(
Every zoo model against its language and its neighbours (satcirc atlas).

models: zoo names and/or Models (a Model is checked against its `language`, or
  lang=); default: the whole zoo.
sampled_lengths: "32,64" or a list (default 32, 64, 128, 256, 512, 1000, 10000).
exhaustive_words: lengths with |alphabet|^n <= this are checked exhaustively.
Returns an AtlasResult (rows, as_expected, to_markdown(), to_json()).)doc");
}

py::dict PrecisionRowDict(const PrecisionResult& r, const Model& model) {
  py::dict d;
  d["n"] = r.n;
  d["p_star"] = r.frac_bits;
  d["exhaustive"] = r.exhaustive;
  d["strings"] = r.strings;
  d["witness"] =
      r.witness ? py::cast(model.alphabet.Format(*r.witness)) : py::none();
  d["witness_reason"] = r.witness_reason;
  return d;
}

py::list RunPrecision(const Model& model, const py::object& lengths,
                      const py::object& lang, std::uint64_t exhaustive_limit,
                      int samples, std::uint64_t seed, int max_frac_bits,
                      int threads) {
  std::unique_ptr<automata::Language> language;
  if (!lang.is_none()) {
    language = Unwrap(cli::ParseLangArg(lang.cast<std::string>()));
  }
  PrecisionOptions options{.exhaustive_limit = exhaustive_limit,
                           .samples = samples,
                           .seed = seed,
                           .language = language.get(),
                           .max_frac_bits = max_frac_bits,
                           .threads = threads};
  py::list rows;
  for (int n : LengthsArg(lengths)) {
    absl::StatusOr<PrecisionResult> r;
    {
      py::gil_scoped_release release;
      r = FindPrecision(model, n, options);
    }
    rows.append(PrecisionRowDict(Unwrap(std::move(r)), model));
  }
  return rows;
}

// One series of plot_svg from its dict: label, x, y (required), y_err,
// lines, markers, dashed, style, show_fit.
PlotSeries SeriesFromDict(const py::dict& d) {
  PlotSeries s;
  for (auto item : d) {
    const std::string key = py::str(item.first);
    const py::handle v = item.second;
    if (key == "label")
      s.label = py::cast<std::string>(v);
    else if (key == "x")
      s.x = py::cast<std::vector<double>>(v);
    else if (key == "y")
      s.y = py::cast<std::vector<double>>(v);
    else if (key == "y_err")
      s.y_err = py::cast<std::vector<double>>(v);
    else if (key == "lines")
      s.lines = py::cast<bool>(v);
    else if (key == "markers")
      s.markers = py::cast<bool>(v);
    else if (key == "dashed")
      s.dashed = py::cast<bool>(v);
    else if (key == "style")
      s.style = py::cast<int>(v);
    else if (key == "show_fit")
      s.show_fit = py::cast<bool>(v);
    else
      throw StatusError(absl::InvalidArgumentError(absl::StrCat(
          "plot_svg: unknown series key '", key,
          "' (label, x, y, y_err, lines, markers, dashed, style, show_fit)")));
  }
  return s;
}

std::string PlotSvg(const py::list& series, const std::string& title,
                    const std::string& x_label, const std::string& y_label,
                    bool log_x, bool log_y, int width, int height) {
  std::vector<PlotSeries> all;
  for (py::handle h : series)
    all.push_back(SeriesFromDict(py::cast<py::dict>(h)));
  const PlotOptions options{.title = title,
                            .x_label = x_label,
                            .y_label = y_label,
                            .log_x = log_x,
                            .log_y = log_y,
                            .width = width,
                            .height = height};
  return Unwrap(RenderPlotSvgChecked(options, all));
}

}  // namespace

void BindExperiments(py::module_& m) {
  m.def("plot_svg", &PlotSvg, py::arg("series"), py::arg("title") = "",
        py::arg("x_label") = "", py::arg("y_label") = "",
        py::arg("log_x") = false, py::arg("log_y") = false,
        py::arg("width") = 720, py::arg("height") = 480, R"doc(
An SVG plot drawn as satcirc's commands draw theirs (axes, legend placed off
the data, a fitted power law with show_fit=True), from a list of series, each
a dict: label, x, y (required); y_err, lines, markers, dashed, style (palette
index), show_fit (optional). Errors name the series.)doc");
  BindAtlas(m);
  m.def("precision", &RunPrecision, py::arg("model"), py::arg("lengths"),
        py::arg("lang") = py::none(),
        py::arg("exhaustive_limit") = std::uint64_t{1} << 20,
        py::arg("samples") = 2000, py::arg("seed") = 1,
        py::arg("max_frac_bits") = 40, py::arg("threads") = 0, R"doc(
p*(n): the fewest fractional bits at which fixed:p decides every string of
length n as the exact engine (satcirc precision), one dict a length: n,
p_star, exhaustive, strings, and a witness string on which fixed:(p*-1)
disagrees, with the reason. lang= samples the checker's mix of that language
where n is too long to enumerate.)doc");
}

}  // namespace satcirc::python
