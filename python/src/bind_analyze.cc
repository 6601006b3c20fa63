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
#include "automata/analyze.h"
#include "automata/lengths.h"
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

std::vector<int> ToLengths(const py::handle& lengths) {
  if (py::isinstance<py::str>(lengths)) {
    return Unwrap(automata::ParseLengths(lengths.cast<std::string>()));
  }
  if (py::isinstance<py::int_>(lengths)) return {lengths.cast<int>()};
  std::vector<int> out;
  for (const py::handle& n : lengths) out.push_back(n.cast<int>());
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
  const std::vector<int> ns = ToLengths(lengths);
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

void BindLengthAnalysis(py::module_& m) {
  using automata::LengthAnalysis;
  py::class_<LengthAnalysis>(m, "LengthAnalysis", R"doc(
One length of satcirc.analyze. Exhaustive lengths have the exact profile
(Fractions; NumPy arrays of the same values as doubles, as --json prints them);
sampled ones a seeded estimate of the sensitivity. Fields a mode lacks are None.)doc")
      .def_readonly("n", &LengthAnalysis::n)
      .def_property_readonly(
          "members", [](const LengthAnalysis& a) { return Int(a.members); })
      .def_property_readonly(
          "words", [](const LengthAnalysis& a) { return Int(a.words); })
      .def_readonly("exhaustive", &LengthAnalysis::exhaustive)
      .def_property_readonly("sensitivity",
                             IfExhaustive([](const LengthAnalysis& a) {
                               return Fraction(a.sensitivity);
                             }),
                             "Average sensitivity (exact).")
      .def_property_readonly("total_influence",
                             IfExhaustive([](const LengthAnalysis& a) {
                               return Fraction(a.fourier.total_influence);
                             }))
      .def_property_readonly(
          "weight_by_degree", IfExhaustive([](const LengthAnalysis& a) {
            return py::object(Doubles(a.fourier.weight_by_degree));
          }),
          "Fourier (Walsh; Efron-Stein beyond two symbols) weight by degree "
          "0..n.")
      .def_property_readonly(
          "weight_by_degree_exact", IfExhaustive([](const LengthAnalysis& a) {
            return py::object(Fractions(a.fourier.weight_by_degree));
          }))
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
                             }))
      .def_property_readonly(
          "isotypic_energy",
          [](const LengthAnalysis& a) -> py::object {
            if (!a.exhaustive || a.symmetry.isotypic.empty()) return py::none();
            return Doubles(a.symmetry.isotypic);
          },
          "Binary alphabets: the energy in the isotypic components (n-k,k), k "
          "= 0, 1, ...")
      .def_property_readonly("isotypic_energy_exact",
                             [](const LengthAnalysis& a) -> py::object {
                               if (!a.exhaustive || a.symmetry.isotypic.empty())
                                 return py::none();
                               return Fractions(a.symmetry.isotypic);
                             })
      .def_property_readonly("sensitivity_estimate",
                             [](const LengthAnalysis& a) -> py::object {
                               if (a.exhaustive) return py::none();
                               return py::float_(a.sensitivity_estimate.mean);
                             })
      .def_property_readonly(
          "standard_error",
          [](const LengthAnalysis& a) -> py::object {
            if (a.exhaustive) return py::none();
            return py::float_(a.sensitivity_estimate.standard_error);
          })
      .def_property_readonly("samples",
                             [](const LengthAnalysis& a) -> py::object {
                               if (a.exhaustive) return py::none();
                               return py::int_(a.sensitivity_estimate.samples);
                             })
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
          "language", [](const AnalyzeResult& r) { return r.language->spec(); })
      .def_property_readonly("alphabet",
                             [](const AnalyzeResult& r) {
                               return r.language->alphabet().symbols();
                             })
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
          [](const AnalyzeResult& r) { return r.language->info().known_class; })
      .def_property_readonly(
          "syntactic_monoid",
          [](const AnalyzeResult& r) {
            return py::module_::import("json").attr("loads")(r.monoid.json);
          },
          "size, aperiodic, star_free (and periodic_word) as --json; None when "
          "not regular.")
      .def_property_readonly(
          "monoid_text", [](const AnalyzeResult& r) { return r.monoid.text; })
      .def_readonly("lengths", &AnalyzeResult::lengths)
      .def("to_json", &Json, "The text of `satcirc analyze --json`.")
      .def("as_dict",
           [](const AnalyzeResult& r) {
             return py::module_::import("json").attr("loads")(Json(r));
           })
      .def("_repr_markdown_", &Markdown)
      .def("__repr__", [](const AnalyzeResult& r) {
        return absl::StrCat("<satcirc.AnalyzeResult ", r.language->spec(), ", ",
                            r.lengths.size(), " lengths>");
      });
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
}

}  // namespace satcirc::python
