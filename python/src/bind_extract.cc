// Extraction (docs/extraction.md) from Python: a model's weights rounded to a
// grid (satcirc quantize), its attention limit (satcirc limit), two models
// compared string by string, the argmax sets of its heads in the limit
// (satcirc heads) and the automaton of its function (satcirc automaton) — the
// library calls the commands make, with their defaults.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "automata/dfa_io.h"
#include "circuits/render.h"
#include "lib/base/files.h"
#include "lib/check/check.h"
#include "lib/extract/automaton.h"
#include "lib/extract/compare.h"
#include "lib/extract/heads.h"
#include "lib/extract/limit.h"
#include "lib/extract/quantize.h"
#include "python/src/bindings.h"

namespace satcirc::python {
namespace {

void RequireCount(const char* name, long long value, bool positive) {
  if (positive ? value > 0 : value >= 0) return;
  throw StatusError(absl::InvalidArgumentError(
      absl::StrCat(name, "=", value, ": expected a ",
                   positive ? "positive" : "non-negative", " integer")));
}

void RequireThreads(int threads) {
  if (threads >= 0 && threads <= kMaxThreads) return;
  throw StatusError(absl::InvalidArgumentError(absl::StrCat(
      "threads=", threads, ": expected 0 (one per core) … ", kMaxThreads)));
}

// engine= or, when None, the commands' default: exact, float:1 for a model
// with softmax heads (which the exact engines refuse).
std::string EngineOf(const Model& model, const py::object& engine) {
  if (!engine.is_none()) return engine.cast<std::string>();
  return model.HasSoftmaxHead() ? "float:1" : "exact";
}

std::unique_ptr<Decider> DeciderOf(const Model& model,
                                   const std::string& engine) {
  absl::StatusOr<std::unique_ptr<Decider>> decider = MakeDecider(model, engine);
  if (!decider.ok()) {
    throw StatusError(absl::Status(
        decider.status().code(),
        absl::StrCat(model.name, ": ", decider.status().message())));
  }
  return *std::move(decider);
}

// A changed copy of a model, as a Python Model that keeps the original's
// declared language.
py::object Changed(Model model, const py::object& original) {
  py::object out = py::cast(std::move(model));
  out.attr("language") = py::getattr(original, "language", py::none());
  return out;
}

py::object Int(const Rational& r) {
  return py::module_::import("builtins").attr("int")(py::str(r.ToString()));
}

py::tuple QuantizePy(const py::object& model_obj, const std::string& round) {
  absl::StatusOr<extract::Rounding> r = extract::ParseRounding(round);
  if (!r.ok()) {
    throw StatusError(absl::InvalidArgumentError(
        absl::StrCat("round=", r.status().message())));
  }
  extract::QuantizeStats s;
  Model rounded = extract::Quantize(model_obj.cast<const Model&>(), *r, &s);
  py::dict stats;
  stats["round"] = extract::RoundingName(*r);
  stats["weights"] = s.weights;
  stats["moved"] = s.changed;
  stats["largest_change"] = ToFraction(s.largest_change);
  stats["nonzero_before"] = s.nonzero_before;
  stats["nonzero_after"] = s.nonzero_after;
  stats["largest_denominator"] = Int(s.largest_denominator);
  return py::make_tuple(Changed(std::move(rounded), model_obj), stats);
}

py::tuple LimitPy(const py::object& model_obj) {
  extract::LimitStats s;
  Model limit =
      Unwrap(extract::AttentionLimit(model_obj.cast<const Model&>(), &s));
  py::dict stats;
  stats["softmax_heads"] = s.softmax_heads;
  stats["hard_heads"] = s.hard_heads;
  stats["saturated_heads"] = s.saturated_heads;
  return py::make_tuple(Changed(std::move(limit), model_obj), stats);
}

py::dict ComparisonDict(const extract::LengthComparison& l,
                        const automata::Alphabet& alphabet, bool language) {
  py::dict d;
  d["n"] = l.n;
  d["mode"] = l.exhaustive ? "exhaustive" : "sampled";
  d["strings"] = l.strings;
  d["changed"] = l.changed;
  d["before_right"] = language ? py::cast(l.right_before) : py::none();
  d["after_right"] = language ? py::cast(l.right_after) : py::none();
  d["first_changed"] = l.first_changed
                           ? py::cast(alphabet.Format(*l.first_changed))
                           : py::none();
  d["before_accepts"] = l.first_changed ? py::cast(l.first_before) : py::none();
  return d;
}

py::list ComparePy(const py::object& before_obj, const py::object& after_obj,
                   const py::object& lengths, const py::object& lang,
                   const py::object& engine, const py::object& after_engine,
                   int samples, long long seed, long long exhaustive_limit,
                   int threads) {
  RequireCount("samples", samples, true);
  RequireCount("seed", seed, false);
  RequireCount("exhaustive_limit", exhaustive_limit, false);
  RequireThreads(threads);
  const Model& before = before_obj.cast<const Model&>();
  const Model& after = after_obj.cast<const Model&>();
  const std::unique_ptr<automata::Language> language =
      LanguageOf(before_obj, lang);
  const std::unique_ptr<Decider> a =
      DeciderOf(before, EngineOf(before, engine));
  const std::unique_ptr<Decider> b =
      DeciderOf(after, EngineOf(after, after_engine));
  const extract::CompareOptions options{
      .exhaustive_limit = static_cast<std::uint64_t>(exhaustive_limit),
      .samples = samples,
      .seed = static_cast<std::uint64_t>(seed),
      .threads = threads};
  const std::vector<int> ns = LengthsArg(lengths);
  absl::StatusOr<std::vector<extract::LengthComparison>> rows;
  {
    py::gil_scoped_release release;
    rows = extract::CompareDecisions(*a, *b, language.get(), ns, options);
  }
  py::list out;
  for (const extract::LengthComparison& l : Unwrap(std::move(rows))) {
    out.append(ComparisonDict(l, before.alphabet, language != nullptr));
  }
  return out;
}

py::dict HeadDict(const extract::HeadReport& h) {
  py::list lengths;
  for (const extract::HeadLength& l : h.lengths) {
    py::dict d;
    d["n"] = l.n;
    d["strings"] = l.strings;
    d["rows"] = l.rows;
    d["mean_size"] = l.mean_size;
    d["max_size"] = l.max_size;
    d["single_share"] = l.single_share;
    d["mean_fraction"] = l.mean_fraction;
    lengths.append(d);
  }
  py::dict d;
  d["head"] = h.name;
  d["layer"] = h.layer;
  d["index"] = h.head;
  d["mask"] = std::string(MaskName(h.mask));
  d["kind"] = h.kind;
  d["growth"] = h.growth ? py::cast(*h.growth) : py::none();
  d["lengths"] = lengths;
  return d;
}

py::list HeadsPy(const py::object& model_obj, const py::object& lengths,
                 const py::object& lang, int samples, long long seed,
                 long long exhaustive_limit) {
  RequireCount("samples", samples, true);
  RequireCount("seed", seed, false);
  RequireCount("exhaustive_limit", exhaustive_limit, false);
  const Model& model = model_obj.cast<const Model&>();
  const std::unique_ptr<automata::Language> language =
      LanguageOf(model_obj, lang);
  const extract::HeadsOptions options{
      .exhaustive_limit = static_cast<std::uint64_t>(exhaustive_limit),
      .samples = samples,
      .seed = static_cast<std::uint64_t>(seed)};
  const std::vector<int> ns = LengthsArg(lengths);
  absl::StatusOr<std::vector<extract::HeadReport>> heads;
  {
    py::gil_scoped_release release;
    heads = extract::AnalyzeHeads(model, language.get(), ns, options);
  }
  py::list out;
  for (const extract::HeadReport& h : Unwrap(std::move(heads))) {
    out.append(HeadDict(h));
  }
  return out;
}

// ---- automaton

struct AutomatonResult {
  extract::ExtractedAutomaton r;
  std::string model;   // the model's name
  std::string engine;  // the engine that answered
  std::optional<std::string> language;

  const automata::Dfa& dfa() const { return r.learned.dfa; }
};

AutomatonResult AutomatonPy(const py::object& model_obj, const py::object& lang,
                            const py::object& engine,
                            std::optional<int> exhaustive_length,
                            const py::object& test_lengths, int samples,
                            long long seed, int max_states, int threads) {
  RequireCount("samples", samples, true);
  RequireCount("seed", seed, false);
  RequireCount("max_states", max_states, true);
  if (exhaustive_length) {
    RequireCount("exhaustive_length", *exhaustive_length, false);
  }
  RequireThreads(threads);
  const Model& model = model_obj.cast<const Model&>();
  const std::unique_ptr<automata::Language> language =
      LanguageOf(model_obj, lang);
  AutomatonResult out{{}, model.name, EngineOf(model, engine), std::nullopt};
  if (language) out.language = language->spec();
  extract::AutomatonOptions options;
  options.exhaustive_length = exhaustive_length.value_or(-1);
  if (!test_lengths.is_none()) options.test_lengths = LengthsArg(test_lengths);
  options.samples = samples;
  options.seed = static_cast<std::uint64_t>(seed);
  options.lstar.max_states = max_states;
  options.threads = threads;
  options.names = {.test_lengths = "test_lengths",
                   .exhaustive_length = "exhaustive_length",
                   .max_states = "max_states"};
  const std::unique_ptr<Decider> decider = DeciderOf(model, out.engine);
  absl::StatusOr<extract::ExtractedAutomaton> r;
  {
    py::gil_scoped_release release;
    r = extract::ExtractAutomaton(*decider, language.get(), options);
  }
  out.r = Unwrap(std::move(r));
  return out;
}

std::string Att(const AutomatonResult& a) {
  std::ostringstream out;
  automata::WriteAttDfa(out, a.dfa());
  return out.str();
}

std::string Dot(const AutomatonResult& a) {
  return automata::DfaToDot(a.dfa(),
                            absl::StrCat("the automaton of ", a.model));
}

std::string Svg(const AutomatonResult& a) {
  return Unwrap(circuits::RenderDot(Dot(a), circuits::ImageFormat::kSvg));
}

template <typename T>
py::object OrNone(const std::optional<T>& v) {
  return v ? py::cast(*v) : py::none();
}

py::object Difference(const AutomatonResult& a) {
  if (!a.r.difference) return py::none();
  return py::str(a.dfa().alphabet().Format(*a.r.difference));
}

// The keys of `satcirc automaton --json` ("model": the model's name).
py::dict AutomatonDict(const AutomatonResult& a) {
  py::dict d;
  d["model"] = a.model;
  d["engine"] = a.engine;
  d["states"] = a.dfa().num_states();
  d["exhaustive_length"] = a.r.exhaustive_length;
  d["exhaustive_strings"] = a.r.exhaustive_strings;
  d["sampled_strings"] = a.r.sampled_strings;
  d["membership_queries"] = a.r.learned.membership;
  d["hypotheses"] = a.r.learned.equivalence;
  d["monoid_size"] = OrNone(a.r.monoid_size);
  d["star_free"] = OrNone(a.r.star_free);
  d["language"] = OrNone(a.language);
  d["equals_language"] = OrNone(a.r.equals_language);
  d["difference"] = Difference(a);
  return d;
}

std::string AutomatonRepr(const AutomatonResult& a) {
  std::string text =
      absl::StrCat("<satcirc.Automaton of '", a.model, "' (", a.engine,
                   "): ", a.dfa().num_states(), " states");
  if (a.r.star_free) {
    absl::StrAppend(&text, *a.r.star_free ? ", star-free" : ", not star-free");
  }
  if (a.r.equals_language) {
    absl::StrAppend(&text,
                    *a.r.equals_language ? ", = " : ", != ", *a.language);
  }
  return text + ">";
}

void BindAutomatonFields(py::class_<AutomatonResult>& c) {
  using A = AutomatonResult;
  c.def_property_readonly(
       "states", [](const A& a) { return a.dfa().num_states(); },
       "The number of states of the learned minimal DFA (complete).")
      .def_readonly("model", &A::model, "The model's name.")
      .def_readonly("engine", &A::engine, "The engine that answered L*.")
      .def_readonly("language", &A::language,
                    "The spec of the language compared with, or None.")
      .def_property_readonly(
          "alphabet", [](const A& a) { return a.dfa().alphabet().symbols(); },
          "The DFA's symbols, as one str.")
      .def_property_readonly(
          "exhaustive_length", [](const A& a) { return a.r.exhaustive_length; },
          "Every string of length 0 … this was evidence.")
      .def_property_readonly(
          "exhaustive_strings",
          [](const A& a) { return a.r.exhaustive_strings; },
          "How many strings those lengths hold.")
      .def_property_readonly(
          "sampled_strings", [](const A& a) { return a.r.sampled_strings; },
          "How many sampled strings of the test lengths were evidence.")
      .def_property_readonly(
          "membership_queries",
          [](const A& a) { return a.r.learned.membership; },
          "Distinct strings L* asked the model about.")
      .def_property_readonly(
          "hypotheses", [](const A& a) { return a.r.learned.equivalence; },
          "Hypotheses L* checked (the last one passed).")
      .def_property_readonly(
          "longest_counterexample",
          [](const A& a) { return a.r.learned.longest_counterexample; },
          "The longest counterexample L* was given.")
      .def_property_readonly(
          "monoid_size", [](const A& a) { return OrNone(a.r.monoid_size); },
          "The size of the DFA's syntactic monoid (None beyond its limits).")
      .def_property_readonly(
          "star_free", [](const A& a) { return OrNone(a.r.star_free); },
          "Whether the monoid is aperiodic: the DFA's language is star-free "
          "(None beyond the monoid's limits).")
      .def_property_readonly(
          "equals_language",
          [](const A& a) { return OrNone(a.r.equals_language); },
          "With a regular language: whether the DFA recognizes exactly it "
          "(then it is its minimal DFA); None otherwise.")
      .def_property_readonly("difference", &Difference,
                             "When not equal: the shortest string on which "
                             "the DFA and the language differ; else None.");
}

void BindAutomaton(py::module_& m) {
  py::class_<AutomatonResult> c(m, "Automaton", R"doc(
The minimal DFA of the function a model computes, learned by L* (satcirc
automaton): its size, star-freeness, whether it is the language's minimal DFA
(else the shortest difference); att() is the AT&T file `-o` writes, dot() and
svg() its drawing (a notebook shows it), as_dict() the keys of --json.)doc");
  BindAutomatonFields(c);
  c.def("att", &Att, "The DFA as an AT&T text file (docs/dfa-format.md).")
      .def(
          "save",
          [](const AutomatonResult& a, const std::string& path) {
            ThrowIfError(WriteFileAtomically(path, Att(a)));
          },
          py::arg("path"), "Writes att() (a temporary file renamed).")
      .def("dot", &Dot, "The DFA's Graphviz drawing (DOT text).")
      .def("svg", &Svg, "The drawing rendered to SVG.")
      .def("_repr_svg_", &Svg)
      .def(
          "accepts",
          [](const AutomatonResult& a, const std::string& word) {
            return a.dfa().Contains(ParseWord(a.dfa().alphabet(), word));
          },
          py::arg("word"), "Whether the DFA accepts `word`.")
      .def("__contains__",
           [](const AutomatonResult& a, const std::string& word) {
             return a.dfa().Contains(ParseWord(a.dfa().alphabet(), word));
           })
      .def("as_dict", &AutomatonDict,
           "The keys of `satcirc automaton --json` (model: the model's name).")
      .def("__repr__", &AutomatonRepr);
}

}  // namespace

void BindExtract(py::module_& m) {
  m.def("quantize", &QuantizePy, py::arg("model"), py::arg("round"), R"doc(
Rounds every weight of `model` (token embedding, W_Q, W_K, W_V, W_O, MLP
matrices and biases, readout) to a grid, exactly, ties away from zero
(satcirc quantize): round="grid:K" (the multiples of 2^-K) or "bits:K" (K
significant bits). Returns (rounded Model, stats): the model named
NAME-grid:K, with model.language kept; stats with the keys of --json: round,
weights, moved, largest_change (a Fraction), nonzero_before, nonzero_after,
largest_denominator (an int). satcirc.compare runs both on the same strings.)doc");
  m.def("limit", &LimitPy, py::arg("model"), R"doc(
The attention limit of `model` (satcirc limit): every head saturated, the exact
model softmax(c·s) tends to as c grows. Returns (limit Model named NAME-limit,
stats: softmax_heads, hard_heads, saturated_heads made or found saturated).
Raises satcirc.Error (FAILED_PRECONDITION) for a model with layer norm.)doc");
  m.def("compare", &ComparePy, py::arg("before"), py::arg("after"),
        py::arg("lengths"), py::arg("lang") = py::none(),
        py::arg("engine") = py::none(), py::arg("after_engine") = py::none(),
        py::arg("samples") = 1000, py::arg("seed") = 1,
        py::arg("exhaustive_limit") = 65536, py::arg("threads") = 0, R"doc(
Two models on the same strings, length by length (the table of satcirc quantize
and satcirc limit with --lengths): every string of a length with at most
exhaustive_limit of them, else `samples` strings of the checker's sample of
lang (default: before.language; without one such a length is an error).
engine, after_engine: each model's engine; None is the commands' default
(exact, float:1 for a model with softmax heads).
Returns one dict a length: n, mode, strings, changed, before_right and
after_right (strings each decides as lang; None without one), first_changed
(the first string decided differently, or None) and before_accepts (before's
decision on it).)doc");
  m.def("heads", &HeadsPy, py::arg("model"), py::arg("lengths"),
        py::arg("lang") = py::none(), py::arg("samples") = 100,
        py::arg("seed") = 1, py::arg("exhaustive_limit") = 256, R"doc(
Every head of `model` in its saturated limit (satcirc heads): the sizes of its
argmax sets over the strings of each length (lengths >= 1; all of them up to
exhaustive_limit, else `samples` uniform ones and, with lang — default
model.language — as many from its checker's mix). One dict a head: head (its
name, "L1H1 (name)"), layer and index (from 1), mask, kind ("local",
"averaging" or "mixed"), growth (the power-law exponent of the mean size in n,
or None), lengths (dicts: n, strings, rows, mean_size, max_size,
single_share, mean_fraction).)doc");
  BindAutomaton(m);
  m.def("automaton", &AutomatonPy, py::arg("model"),
        py::arg("lang") = py::none(), py::arg("engine") = py::none(),
        py::arg("exhaustive_length") = py::none(),
        py::arg("test_lengths") = py::none(), py::arg("samples") = 200,
        py::arg("seed") = 1, py::arg("max_states") = 1000,
        py::arg("threads") = 0, R"doc(
The minimal DFA of the function `model` computes, learned by L* (satcirc
automaton): the model answers membership queries; a hypothesis passes when it
agrees with the model on every string up to exhaustive_length (None: the
largest with at most 65,536 strings in all) and on `samples` sampled strings
of each of test_lengths (and as many from lang's checker). lang (default
model.language): compare with its minimal DFA. engine: None is exact, float:1
for a model with softmax heads. Returns an Automaton; raises satcirc.Error
(RESOURCE_EXHAUSTED) beyond max_states states.)doc");
}

}  // namespace satcirc::python
