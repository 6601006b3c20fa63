// ModelBuilder (lib/model/builder.h) with its fluent calls in snake_case, and
// B-RASP / C-RASP programs (lib/programs): parsed, run by the interpreter,
// compiled exactly to a Model, and (B-RASP looking one way) compared with the
// DFA of a regular language.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "automata/dfa.h"
#include "automata/minimize.h"
#include "lib/model/builder.h"
#include "lib/model/model.h"
#include "lib/programs/brasp.h"
#include "lib/programs/crasp.h"
#include "python/src/bindings.h"
#include "tools/cli.h"
#include "tools/model_arg.h"

namespace satcirc::python {
namespace {

// A feature handle: the builder's Feature and the name it was made with.
struct PyFeature {
  Feature feature;
  std::string name;
};

absl::Status BadName(absl::string_view what, const std::string& name,
                     absl::string_view expected) {
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown ", what, " '", name, "' (expected ", expected, ")"));
}

AttentionMode ModeOf(const std::string& name) {
  if (auto m = ParseAttentionMode(name)) return *m;
  throw StatusError(BadName("attention mode", name,
                            "saturated, hard_left, hard_right or softmax"));
}

Mask MaskOf(const std::string& name) {
  if (auto m = ParseMask(name)) return *m;
  throw StatusError(BadName("mask", name, "none, causal, strict or future"));
}

char SymbolOf(const std::string& symbol) {
  if (symbol.size() != 1) {
    throw StatusError(absl::InvalidArgumentError(
        absl::StrCat("a symbol is one character; got '", symbol, "'")));
  }
  return symbol[0];
}

// [(feature, weight), ...] or {feature: weight}.
Linear LinearOf(const py::handle& terms) {
  Linear out;
  py::object items = py::isinstance<py::dict>(terms)
                         ? py::object(terms.attr("items")())
                         : py::reinterpret_borrow<py::object>(terms);
  for (const py::handle item : items) {
    auto pair = item.cast<py::tuple>();
    if (pair.size() != 2) {
      throw py::type_error(
          "a linear combination is [(feature, weight), ...] "
          "or {feature: weight}");
    }
    out.emplace_back(pair[0].cast<PyFeature>().feature, FromPython(pair[1]));
  }
  return out;
}

Model BuildModel(const ModelBuilder& b) { return Unwrap(b.Build()); }

void BindFeatureClass(py::module_& m) {
  py::class_<PyFeature>(m, "Feature",
                        "A residual-stream feature of a ModelBuilder.")
      .def_readonly("name", &PyFeature::name, "The name it was made with.")
      .def_property_readonly(
          "index", [](const PyFeature& f) { return f.feature.index; },
          "Its residual dimension (features count from 0 in order of "
          "creation).")
      .def("__eq__",
           [](const PyFeature& a, const PyFeature& b) {
             return a.feature.index == b.feature.index && a.name == b.name;
           })
      .def("__hash__", [](const PyFeature& f) { return f.feature.index; })
      .def("__repr__", [](const PyFeature& f) {
        return absl::StrCat("<satcirc.Feature #", f.feature.index, " '", f.name,
                            "'>");
      });
}

void BindHeadAndLayer(py::module_& m) {
  const auto self = py::return_value_policy::reference_internal;
  py::class_<HeadBuilder>(m, "HeadBuilder",
                          "One attention head of a LayerBuilder.")
      .def(
          "score_term",
          [](HeadBuilder& h, const PyFeature& q, const PyFeature& k,
             const py::object& w) -> HeadBuilder& {
            return h.ScoreTerm(q.feature, k.feature, FromPython(w));
          },
          py::arg("query"), py::arg("key"), py::arg("weight") = 1, self,
          "score += weight * x_p[query] * x_q[key]; no terms: uniform over "
          "the mask.")
      .def(
          "average",
          [](HeadBuilder& h, const PyFeature& s, const PyFeature& t,
             const py::object& c) -> HeadBuilder& {
            return h.Average(s.feature, t.feature, FromPython(c));
          },
          py::arg("source"), py::arg("target"), py::arg("coefficient") = 1,
          self, "target += coefficient * (attention average of source).")
      .def(
          "scale",
          [](HeadBuilder& h, const py::object& s) -> HeadBuilder& {
            return h.Scale(FromPython(s));
          },
          py::arg("scale"), self,
          "Score scale (only float:C's softmax sees it).");
  py::class_<LayerBuilder>(m, "LayerBuilder", "One layer of a ModelBuilder.")
      .def(
          "add_head",
          [](LayerBuilder& l, std::string name, const std::string& mode,
             const std::string& mask) -> HeadBuilder& {
            return l.AddHead(std::move(name), ModeOf(mode), MaskOf(mask));
          },
          py::arg("name"), py::arg("mode") = "saturated",
          py::arg("mask") = "none", self,
          "A head: mode saturated|hard_left|hard_right|softmax, mask "
          "none|causal|strict|future.")
      .def(
          "relu",
          [](LayerBuilder& l, const py::object& in, const py::object& bias,
             const py::object& out) -> LayerBuilder& {
            return l.Relu(LinearOf(in), FromPython(bias), LinearOf(out));
          },
          py::arg("input"), py::arg("bias"), py::arg("output"), self,
          "One ReLU unit h = ReLU(sum input + bias); each output feature += "
          "coefficient * h.")
      .def(
          "add_constant",
          [](LayerBuilder& l, const PyFeature& f,
             const py::object& v) -> LayerBuilder& {
            return l.AddConstant(f.feature, FromPython(v));
          },
          py::arg("target"), py::arg("value"), self,
          "x[target] += value at every position, after the MLP.");
}

// The calls that make features: each returns a Feature handle.
void BindFeatureCalls(py::class_<ModelBuilder>& builder) {
  builder
      .def(
          "add_feature",
          [](ModelBuilder& b, const std::string& name) {
            return PyFeature{b.AddFeature(name), name};
          },
          py::arg("name"), "A feature that starts at 0 everywhere.")
      .def(
          "token_indicator",
          [](ModelBuilder& b, const std::string& name, const std::string& s) {
            return PyFeature{b.TokenIndicator(name, SymbolOf(s)), name};
          },
          py::arg("name"), py::arg("symbol"),
          "1 at positions holding `symbol`.")
      .def(
          "bos_indicator",
          [](ModelBuilder& b, const std::string& name) {
            return PyFeature{b.BosIndicator(name), name};
          },
          py::arg("name"), "1 at the BOS position (adds BOS).")
      .def(
          "eos_indicator",
          [](ModelBuilder& b, const std::string& name) {
            return PyFeature{b.EosIndicator(name), name};
          },
          py::arg("name"), "1 at the EOS position (adds EOS).")
      .def(
          "positional",
          [](ModelBuilder& b, const std::string& name, const std::string& fn) {
            auto f = ParsePositionalFunction(fn);
            if (!f) {
              throw StatusError(BadName(
                  "positional function", fn,
                  "position, position_fraction, position_fraction_squared, "
                  "inverse_position, alternating, is_first, is_last or "
                  "constant"));
            }
            return PyFeature{b.Positional(name, *f), name};
          },
          py::arg("name"), py::arg("function"),
          "A positional function of (p, N), e.g. \"position_fraction\".");
}

void BindModelBuilder(py::module_& m) {
  const auto self = py::return_value_policy::reference_internal;
  py::class_<ModelBuilder> builder(m, "ModelBuilder", R"doc(
Writes a construction with named features (lib/model/builder.h):

    b = satcirc.ModelBuilder("majority", "01")
    is_one = b.token_indicator("is_one", "1")
    frac = b.add_feature("frac_ones")
    b.add_layer().add_head("mean").average(is_one, frac)
    b.set_readout("last", [(frac, 1)], "-1/2")
    model = b.build()

Weights are ints, fractions.Fraction or strings such as "1/3"; features are
Feature handles; build() raises satcirc.Error naming what is wrong.)doc");
  BindFeatureCalls(builder);
  builder
      .def(py::init<std::string, std::string>(), py::arg("name"),
           py::arg("alphabet"))
      .def("describe", &ModelBuilder::Describe, py::arg("description"), self,
           "Sets the model's one-line description.")
      .def("with_bos", &ModelBuilder::WithBos, self, "Adds a BOS position.")
      .def("with_eos", &ModelBuilder::WithEos, self, "Adds an EOS position.")
      .def(
          "embed",
          [](ModelBuilder& b, const std::string& s, const PyFeature& f,
             const py::object& v) -> ModelBuilder& {
            return b.Embed(SymbolOf(s), f.feature, FromPython(v));
          },
          py::arg("symbol"), py::arg("feature"), py::arg("value"), self,
          "Adds `value` to the embedding of `symbol` in `feature`.")
      .def("add_layer", &ModelBuilder::AddLayer, self,
           "A new layer (a LayerBuilder).")
      .def(
          "set_readout",
          [](ModelBuilder& b, const std::string& position, const py::object& w,
             const py::object& bias) -> ModelBuilder& {
            auto p = ParseReadoutPosition(position);
            if (!p) {
              throw StatusError(BadName("readout position", position,
                                        "first, last, bos or eos"));
            }
            return b.SetReadout(*p, LinearOf(w), FromPython(bias));
          },
          py::arg("position"), py::arg("weights"), py::arg("bias") = 0, self,
          "y = sum weights + bias at `position` (first|last|bos|eos); accept "
          "iff y > 0.")
      .def(
          "build",
          [](const ModelBuilder& b) {
            py::object model = py::cast(BuildModel(b));
            model.attr("language") = py::none();
            return model;
          },
          "The Model; raises satcirc.Error naming what is wrong.");
}

// A parsed program, B-RASP or C-RASP, and the model name it compiles to.
struct Program {
  std::variant<programs::BraspProgram, programs::CraspProgram> p;
  std::string name;
  bool is_brasp() const { return p.index() == 0; }
  const programs::BraspProgram& brasp() const { return std::get<0>(p); }
  const programs::CraspProgram& crasp() const { return std::get<1>(p); }
  const std::string& language() const {
    return is_brasp() ? brasp().language : crasp().language;
  }
  const automata::Alphabet& alphabet() const {
    return is_brasp() ? brasp().alphabet : crasp().alphabet;
  }
};

Program ParseProgram(bool brasp, const std::string& text,
                     const std::string& source, const std::string& name) {
  if (brasp) return Program{Unwrap(programs::ParseBrasp(text, source)), name};
  return Program{Unwrap(programs::ParseCrasp(text, source)), name};
}

// A program file, parsed as `satcirc program` parses it (errors name the path).
Program LoadProgram(const std::string& path) {
  if (!cli::IsProgramFile(path)) {
    ThrowIfError(absl::InvalidArgumentError(absl::StrCat(
        path,
        ": not a program file (*.brasp for B-RASP, *.crasp for C-RASP)")));
  }
  const std::string text =
      Unwrap(cli::ReadFileUpTo(path, cli::kMaxProgramBytes));
  return ParseProgram(absl::EndsWith(path, ".brasp"), text,
                      path == "-" ? "<stdin>" : path, cli::ProgramName(path));
}

py::object CompileProgram(const Program& p) {
  py::object model = py::cast(
      p.is_brasp() ? Unwrap(programs::CompileBrasp(p.brasp(), p.name))
                   : Unwrap(programs::CompileCrasp(p.crasp(), p.name)));
  model.attr("language") = p.language().empty()
                               ? py::object(py::none())
                               : py::object(py::str(p.language()));
  return model;
}

// The interpreter: {"accept": bool, "vectors": {name: per-position values}}
// (B-RASP values bool, C-RASP int), as `satcirc program run --json --trace`.
py::dict RunProgram(const Program& p, const std::string& text) {
  const automata::Word word = ParseWord(p.alphabet(), text);
  py::dict vectors, out;
  if (p.is_brasp()) {
    const programs::BraspRun run = programs::RunBrasp(p.brasp(), word);
    for (size_t d = 0; d < p.brasp().defs.size(); ++d)
      vectors[py::str(p.brasp().defs[d].name)] = py::cast(run.values[d]);
    out["accept"] = run.accept;
  } else {
    const programs::CraspRun run = programs::RunCrasp(p.crasp(), word);
    for (size_t d = 0; d < p.crasp().defs.size(); ++d)
      vectors[py::str(p.crasp().defs[d].name)] = py::cast(run.values[d]);
    out["accept"] = run.accept;
  }
  out["vectors"] = vectors;
  return out;
}

py::dict Equiv(const Program& p, const std::optional<std::string>& lang_arg) {
  const std::string spec = lang_arg.value_or(p.language());
  auto fail = [](std::string message) {
    throw StatusError(absl::InvalidArgumentError(std::move(message)));
  };
  if (!p.is_brasp())
    fail(
        "equiv is for B-RASP programs that look one way; a "
        "C-RASP program counts (use satcirc check)");
  if (spec.empty()) fail("equiv: give lang (the program declares no language)");
  auto lang = Unwrap(cli::ParseLangArg(spec));
  if (lang->dfa() == nullptr) {
    fail(absl::StrCat("equiv: ", spec,
                      ": not a regular language, so there is "
                      "no DFA to compare with (use satcirc check)"));
  }
  if (lang->dfa()->alphabet().symbols() != p.alphabet().symbols()) {
    fail(absl::StrCat("the program's alphabet '", p.alphabet().symbols(),
                      "' is not the language's '",
                      lang->dfa()->alphabet().symbols(), "'"));
  }
  const automata::Dfa mine = Unwrap(programs::BraspDfa(p.brasp()));
  const automata::Dfa theirs = automata::Minimize(*lang->dfa());
  const std::optional<automata::Word> diff =
      automata::ShortestDifference(mine, theirs);
  py::dict out;
  out["program_states"] = mine.num_states();
  out["language_states"] = theirs.num_states();
  out["equal"] = !diff.has_value();
  out["counterexample"] = diff ? py::object(py::str(p.alphabet().Format(*diff)))
                               : py::object(py::none());
  return out;
}

void BindPrograms(py::module_& m) {  // the Program class
  py::class_<Program>(m, "Program", R"doc(
A B-RASP (docs/brasp.md) or C-RASP (docs/crasp.md) program: satcirc.brasp(text),
satcirc.crasp(text) or satcirc.load_program(path). run(word) interprets it;
model() compiles it exactly; equiv() compares a one-way B-RASP program with its
declared regular language for every length.)doc")
      .def_property_readonly(
          "kind",
          [](const Program& p) { return p.is_brasp() ? "brasp" : "crasp"; },
          "\"brasp\" or \"crasp\".")
      .def_readonly("name", &Program::name,
                    "The compiled model's name (a file's stem, as satcirc.load "
                    "names it).")
      .def_property_readonly(
          "alphabet", [](const Program& p) { return p.alphabet().symbols(); },
          "The declared alphabet's symbols.")
      .def_property_readonly(
          "language",
          [](const Program& p) -> py::object {
            if (p.language().empty()) return py::none();
            return py::str(p.language());
          },
          "The declared language spec, or None.")
      .def_property_readonly(
          "text",
          [](const Program& p) {
            return p.is_brasp() ? programs::FormatBrasp(p.brasp())
                                : programs::FormatCrasp(p.crasp());
          },
          "The program formatted (fully parenthesized); it parses back to "
          "itself.")
      .def("model", &CompileProgram,
           "The exact satcirc Model of the program (language set to the "
           "declared one).")
      .def("run", &RunProgram, py::arg("word"),
           "The interpreter on `word`: {\"accept\": bool, \"vectors\": {name: "
           "per-position values}} (B-RASP bools, C-RASP ints).")
      .def("equiv", &Equiv, py::arg("lang") = py::none(), R"doc(
B-RASP looking one way: its minimal DFA against the regular language `lang`
(default: the declared one), as `satcirc program equiv`. Returns {"equal",
"counterexample" (the shortest word they differ on, or None), "program_states",
"language_states"}.)doc")
      .def_property_readonly(
          "dfa_equal",
          [](const Program& p) {
            return Equiv(p, std::nullopt)["equal"].cast<bool>();
          },
          "equiv()[\"equal\"] against the declared language.")
      .def("__repr__", [](const Program& p) {
        return absl::StrCat("<satcirc.Program '", p.name, "' (",
                            p.is_brasp() ? "B-RASP" : "C-RASP", ") over '",
                            p.alphabet().symbols(), "'>");
      });
}

void BindProgramFunctions(py::module_& m) {
  m.def(
      "brasp",
      [](const std::string& text, const std::string& source,
         const std::string& name) {
        return ParseProgram(true, text, source, name);
      },
      py::arg("text"), py::arg("source") = "<string>",
      py::arg("name") = "program",
      "A B-RASP program from its text; errors are \"SOURCE:LINE:COLUMN: "
      "message\".");
  m.def(
      "crasp",
      [](const std::string& text, const std::string& source,
         const std::string& name) {
        return ParseProgram(false, text, source, name);
      },
      py::arg("text"), py::arg("source") = "<string>",
      py::arg("name") = "program",
      "A C-RASP program from its text; errors are \"SOURCE:LINE:COLUMN: "
      "message\".");
  m.def("load_program", &LoadProgram, py::arg("path"),
        "A program file (*.brasp, *.crasp), named after the file as "
        "satcirc.load names its model.");
}

}  // namespace

void BindBuild(py::module_& m) {
  BindFeatureClass(m);
  BindHeadAndLayer(m);
  BindModelBuilder(m);
  BindPrograms(m);
  BindProgramFunctions(m);
}

}  // namespace satcirc::python
