// compile, Circuit: a model at one length as a threshold circuit (satcirc
// compile, docs/compile.md); the precision, statistics and output formats are
// the command's own (tools/compile_arg.h).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "circuits/render.h"
#include "circuits/stats.h"
#include "circuits/write_dot.h"
#include "lib/base/files.h"
#include "lib/compile/compile.h"
#include "python/src/bindings.h"
#include "tools/compile_arg.h"

namespace satcirc::python {
namespace {

struct CompiledCircuit {
  circuits::Circuit circuit;
  Model model;
  int n = 0;
  cli::ResolvedPrecision precision;
};

// Errors of the compiler name the model, as the command's name its argument.
absl::Status Named(const Model& model, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat(model.name, ": ", s.message()));
}

CompiledCircuit CompilePy(const py::object& model_obj, int n,
                          std::optional<int> frac_bits, const py::object& lang,
                          std::int64_t max_gates) {
  const Model& model = model_obj.cast<const Model&>();
  if (max_gates < 0) {
    throw StatusError(absl::InvalidArgumentError(
        absl::StrCat("max_gates=", max_gates, ": expected 0 or more")));
  }
  if (n < 0) {
    throw StatusError(absl::InvalidArgumentError(
        absl::StrCat("n=", n, ": expected a non-negative integer")));
  }
  py::object spec = lang.is_none() ? model_obj.attr("language") : lang;
  std::optional<std::string> lang_spec;
  if (!spec.is_none()) lang_spec = spec.cast<std::string>();
  cli::PrecisionChoice choice = Unwrap(cli::ParsePrecisionChoice(
      frac_bits ? absl::StrCat(*frac_bits) : "auto", lang_spec, ""));
  if (absl::Status s = EstimateGates(model, n, 0).status(); !s.ok()) {
    throw StatusError(Named(model, s));
  }
  CompiledCircuit out{{}, model, n, {}};
  py::gil_scoped_release release;
  out.precision = Unwrap(cli::ResolvePrecision(model, n, choice));
  absl::StatusOr<circuits::Circuit> circuit =
      Compile(model, n, out.precision.bits, {.max_gates = max_gates});
  if (!circuit.ok()) throw StatusError(Named(model, circuit.status()));
  out.circuit = *std::move(circuit);
  return out;
}

py::dict Stats(const CompiledCircuit& c) {
  const std::string json = absl::StrCat(
      "{", cli::CircuitStatsJson(circuits::ComputeStats(c.circuit)), "}");
  return py::module_::import("json").attr("loads")(json);
}

std::string Dot(const CompiledCircuit& c, bool summary) {
  std::ostringstream out;
  circuits::DotOptions options;
  options.summary = summary;
  circuits::WriteDot(out, c.circuit, options);
  return out.str();
}

std::string Svg(const CompiledCircuit& c, bool summary) {
  const std::string dot = Dot(c, summary);
  py::gil_scoped_release release;
  return Unwrap(circuits::RenderDot(dot, circuits::ImageFormat::kSvg));
}

// Jupyter's picture: the diagram when dot lays it out within a second or so,
// otherwise None (Jupyter then shows the text repr).
py::object ReprSvg(const CompiledCircuit& c) {
  const circuits::DotPlan plan = circuits::PlanDot(c.circuit);
  if (plan.nodes > circuits::kMaxRenderNodes ||
      plan.edges > circuits::kMaxRenderEdges ||
      circuits::EstimateLayoutSeconds(static_cast<int>(plan.nodes),
                                      static_cast<int>(plan.edges)) > 1.0) {
    return py::none();
  }
  return py::str(Svg(c, false));
}

py::array_t<bool> Simulate(const CompiledCircuit& c,
                           const py::iterable& words) {
  std::vector<automata::Word> parsed;
  for (const py::handle& w : words) {
    const std::string text = w.cast<std::string>();
    automata::Word word = ParseWord(c.model.alphabet, text);
    if (static_cast<int>(word.size()) != c.n) {
      throw StatusError(absl::InvalidArgumentError(
          absl::StrCat("\"", text, "\" has length ", word.size(),
                       "; the circuit is for n = ", c.n)));
    }
    parsed.push_back(std::move(word));
  }
  std::vector<CircuitOutcome> outcomes;
  {
    py::gil_scoped_release release;
    outcomes = RunCircuit(c.circuit, c.model, parsed);
  }
  py::array_t<bool> out(static_cast<py::ssize_t>(outcomes.size()));
  auto view = out.mutable_unchecked<1>();
  for (size_t i = 0; i < outcomes.size(); ++i) view(i) = outcomes[i].accept;
  return out;
}

std::vector<std::string> Write(const CompiledCircuit& c,
                               const std::string& path,
                               std::optional<std::string> format,
                               bool summary) {
  if (!format) format = cli::FormatFromPath(path);
  if (format->empty()) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        "format= is required (the extension of '", path,
        "' does not name one): json, blif, verilog, aiger, dot, svg or png")));
  }
  static const char* kFormats[] = {"json", "blif", "verilog", "aiger",
                                   "dot",  "svg",  "png"};
  if (std::find(std::begin(kFormats), std::end(kFormats), *format) ==
      std::end(kFormats)) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        "format ", *format,
        ": expected json, blif, verilog, aiger, dot, svg or png")));
  }
  std::vector<std::string> notes;
  py::gil_scoped_release release;
  const std::string bytes = Unwrap(
      cli::SerializeCircuit(c.circuit, *format, path,
                            cli::CircuitModuleName(c.model), summary, &notes));
  ThrowIfError(WriteFileAtomically(path, bytes));
  return notes;
}

std::string Repr(const CompiledCircuit& c) {
  const circuits::CircuitStats st = circuits::ComputeStats(c.circuit);
  return absl::StrCat("<satcirc.Circuit '", c.model.name, "' at n=", c.n,
                      ", fixed:", c.precision.bits, ": ", st.num_logic_gates,
                      " gates, depth ", st.depth, ", ", st.num_inputs,
                      " inputs>");
}

void BindCircuit(py::module_& m) {
  py::class_<CompiledCircuit>(m, "Circuit", R"doc(
A model compiled at one length n into a threshold circuit (satcirc.compile):
inputs are the one-hot token bits x[i][k]; the output 'accept' is the fixed:P
engine's decision on every string of length n.)doc")
      .def_readonly(
          "n", &CompiledCircuit::n,
          "The input length n: the circuit decides the strings of n symbols.")
      .def_property_readonly(
          "frac_bits",
          [](const CompiledCircuit& c) { return c.precision.bits; },
          "P of the fixed:P semantics it implements (residual values rounded "
          "down to multiples of 2^-P): as given, or p*(n).")
      .def_property_readonly(
          "precision_source",
          [](const CompiledCircuit& c) { return c.precision.source; },
          "\"given\", or how p*(n) was found (\"auto: p*(n) over all 64 "
          "strings\").")
      .def_property_readonly("stats", &Stats,
                             "The statistics of `satcirc compile --json`: "
                             "gates, inputs, outputs, wires, "
                             "depth, max_fanin, max_weight, gates_by_kind.")
      .def("dot", &Dot, py::arg("summary") = false,
           "Graphviz DOT text, as `satcirc compile -o FILE.dot` writes it.")
      .def(
          "svg", &Svg, py::arg("summary") = false,
          "The diagram as SVG (Graphviz in-process); refuses a graph too large "
          "to lay out, as the command does.")
      .def("_repr_svg_", &ReprSvg)
      .def("simulate", &Simulate, py::arg("words"),
           "The circuit's decisions on words of length n, as a NumPy bool "
           "array.")
      .def("write", &Write, py::arg("path"), py::arg("format") = py::none(),
           py::arg("summary") = false,
           "Writes the circuit (json, blif, verilog, aiger, dot, svg, png; "
           "default: "
           "the path's extension) through a temporary file and a rename. "
           "Returns "
           "the command's notes (a summary view, the AIGER header).")
      .def("__repr__", &Repr);
}

}  // namespace

void BindCompile(py::module_& m) {
  BindCircuit(m);
  m.def("compile", &CompilePy, py::arg("model"), py::arg("n"),
        py::arg("frac_bits") = py::none(), py::arg("lang") = py::none(),
        py::arg("max_gates") = CompileOptions{}.max_gates, R"doc(
Compiles `model` at input length n into a threshold circuit (satcirc compile).

frac_bits: the fixed:P precision; None (auto) takes p*(n), the smallest P at
  which fixed:P decides every string of length n as the exact engine does
  (sampled beyond the exhaustive limit from `lang`, default model.language).
max_gates: refuse a circuit estimated above this many gates (0: no budget).
Raises satcirc.Error with the command's message.)doc");
}

}  // namespace satcirc::python
