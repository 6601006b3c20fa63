// The pieces of the extension module satcirc._satcirc (python/CMakeLists.txt),
// one Bind function a file, and the conversions they share.
#ifndef SATCIRC_PYTHON_SRC_BINDINGS_H_
#define SATCIRC_PYTHON_SRC_BINDINGS_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "automata/language.h"
#include "lib/base/rational.h"

namespace satcirc::python {

namespace py = pybind11;

// A failed absl::Status as a C++ exception; module.cc translates it into
// satcirc.Error (a ValueError) carrying the tool's message and the status
// code's name in its `code` attribute ("INVALID_ARGUMENT", "NOT_FOUND", ...).
class StatusError : public std::runtime_error {
 public:
  explicit StatusError(absl::Status status)
      : std::runtime_error(std::string(status.message())),
        status_(std::move(status)) {}
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

inline void ThrowIfError(const absl::Status& status) {
  if (!status.ok()) throw StatusError(status);
}

template <typename T>
T Unwrap(absl::StatusOr<T> value) {
  if (!value.ok()) throw StatusError(value.status());
  return *std::move(value);
}

// An exact rational as a fractions.Fraction, and back (from an int, a Fraction,
// or a string "1/3", "0.1" = 1/10; a float is taken at its exact binary value).
py::object ToFraction(const Rational& r);
Rational FromPython(const py::handle& value);

// A Python str over an alphabet as a word; an unknown symbol is an error naming
// it and its position.
automata::Word ParseWord(const automata::Alphabet& alphabet,
                         const std::string& text);
std::string FormatWord(const automata::Alphabet& alphabet,
                       const automata::Word& word);

// Lengths as the command's --lengths takes them ("0..10", "4,8,16") or as
// Python gives them: one int, or an iterable of ints.
std::vector<int> LengthsArg(const py::handle& lengths);

// lang= or, when None, the model's declared language (its `language`
// attribute: a zoo entry's, a program's), parsed and checked against the
// model's alphabet (the error names both); null when neither names one.
std::unique_ptr<automata::Language> LanguageOf(const py::object& model_obj,
                                               const py::object& lang);

void BindModel(py::module_& m);        // bind_model.cc: Model, load, save, zoo
void BindBuild(py::module_& m);        // bind_build.cc: ModelBuilder, programs
void BindLanguages(py::module_& m);    // bind_languages.cc: Language, families
void BindRun(py::module_& m);          // bind_run.cc: run, decide
void BindCheck(py::module_& m);        // bind_check.cc: check
void BindCompile(py::module_& m);      // bind_compile.cc: compile, Circuit
void BindAnalyze(py::module_& m);      // bind_analyze.cc: analyze, experiments
void BindExperiments(py::module_& m);  // bind_experiments.cc: atlas, precision
void BindExtract(py::module_& m);      // bind_extract.cc: quantize, limit, ...

}  // namespace satcirc::python

#endif  // SATCIRC_PYTHON_SRC_BINDINGS_H_
