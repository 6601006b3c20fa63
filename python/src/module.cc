// The extension module satcirc._satcirc: the exception type, the shared
// conversions, and the Bind functions of the other files (bindings.h).
#include <pybind11/pybind11.h>

#include "absl/strings/str_cat.h"
#include "automata/alphabet.h"
#include "automata/lengths.h"
#include "lib/model/model.h"
#include "python/src/bindings.h"
#include "tools/model_arg.h"

namespace satcirc::python {

py::object ToFraction(const Rational& r) {
  static py::object fraction =
      py::module_::import("fractions").attr("Fraction");
  const std::string text = r.ToString();
  return fraction(py::str(text));
}

Rational FromPython(const py::handle& value) {
  if (py::isinstance<py::bool_>(value)) {
    throw py::type_error("a weight is a number, not a bool");
  }
  if (py::isinstance<py::float_>(value)) {
    // The float's exact binary value (as fractions.Fraction(float) gives it).
    static py::object fraction =
        py::module_::import("fractions").attr("Fraction");
    return FromPython(fraction(value));
  }
  std::string text;
  if (py::isinstance<py::str>(value)) {
    text = value.cast<std::string>();
  } else if (py::hasattr(value, "numerator") &&
             py::hasattr(value, "denominator")) {  // int, Fraction
    text = py::str(value.attr("numerator")).cast<std::string>() + "/" +
           py::str(value.attr("denominator")).cast<std::string>();
  } else {
    throw py::type_error(
        "a weight is an int, a fractions.Fraction, a float or "
        "a string such as \"1/3\"; got " +
        py::str(py::type::of(value)).cast<std::string>());
  }
  return Unwrap(Rational::Parse(text));
}

std::vector<int> LengthsArg(const py::handle& lengths) {
  if (py::isinstance<py::str>(lengths)) {
    return Unwrap(automata::ParseLengths(lengths.cast<std::string>()));
  }
  if (py::isinstance<py::int_>(lengths)) return {lengths.cast<int>()};
  std::vector<int> out;
  for (const py::handle& n : lengths) out.push_back(n.cast<int>());
  return out;
}

automata::Word ParseWord(const automata::Alphabet& alphabet,
                         const std::string& text) {
  return Unwrap(alphabet.Parse(text));
}

std::string FormatWord(const automata::Alphabet& alphabet,
                       const automata::Word& word) {
  return alphabet.Format(word);
}

std::unique_ptr<automata::Language> LanguageOf(const py::object& model_obj,
                                               const py::object& lang) {
  py::object spec =
      lang.is_none() ? py::getattr(model_obj, "language", py::none()) : lang;
  if (spec.is_none()) return nullptr;
  std::unique_ptr<automata::Language> language =
      Unwrap(cli::ParseLangArg(spec.cast<std::string>()));
  const Model& model = model_obj.cast<const Model&>();
  if (language->alphabet().symbols() != model.alphabet.symbols()) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        model.name, ": the model's alphabet is '", model.alphabet.symbols(),
        "', ", language->spec(), "'s '", language->alphabet().symbols(), "'")));
  }
  return language;
}

}  // namespace satcirc::python

PYBIND11_MODULE(_satcirc, m) {
  namespace sp = satcirc::python;
  m.doc() = "satcirc's C++ core (the Python package satcirc wraps it).";
  m.attr("__version__") = SATCIRC_VERSION;
  static pybind11::exception<sp::StatusError> error(m, "Error",
                                                    PyExc_ValueError);
  error.attr("__doc__") =
      "A satcirc operation failed (a ValueError): the message is the "
      "command's, naming what is wrong and where; `code` is the status code "
      "(e.g. \"INVALID_ARGUMENT\").";
  pybind11::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const sp::StatusError& e) {
      pybind11::object type =
          pybind11::reinterpret_borrow<pybind11::object>(error);
      pybind11::object instance = type(pybind11::str(e.what()));
      instance.attr("code") =
          std::string(absl::StatusCodeToString(e.status().code()));
      PyErr_SetObject(error.ptr(), instance.ptr());
    }
  });
  sp::BindModel(m);
  sp::BindBuild(m);
  sp::BindLanguages(m);
  sp::BindRun(m);
  sp::BindCheck(m);
  sp::BindCompile(m);
  sp::BindAnalyze(m);
  sp::BindExperiments(m);
  sp::BindExtract(m);
}
