// check, generalization: does a model recognize a language, length by length
// (satcirc check, docs/check.md)? The reports print as the command's do
// (tools/check_report.h), so to_json() is the command's --json.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "automata/lengths.h"
#include "lib/check/check.h"
#include "python/src/bindings.h"
#include "tools/check_report.h"
#include "tools/model_arg.h"

namespace satcirc::python {
namespace {

// A check's report and what its text and JSON name.
struct CheckResult {
  CheckReport report;
  cli::CheckHeader header;
  automata::Alphabet alphabet;
};

struct GeneralizationResult {
  GeneralizationReport report;
  cli::CheckHeader header;
  automata::Alphabet alphabet;
  int test_samples = 512;
};

// What check and generalization share: the language, the decider, options.
struct CheckSetup {
  std::unique_ptr<automata::Language> language;
  std::unique_ptr<Decider> decider;
  CheckOptions options;
  cli::CheckHeader header;
};

void RequirePositive(const char* name, long long value, bool positive) {
  if (positive ? value > 0 : value >= 0) return;
  throw StatusError(absl::InvalidArgumentError(
      absl::StrCat(name, "=", value, ": expected a ",
                   positive ? "positive" : "non-negative", " integer")));
}

CheckSetup Setup(const py::object& model_obj, const py::object& lang,
                 const std::string& engine, int samples, long long seed,
                 long long exhaustive_limit, int threads) {
  const Model& model = model_obj.cast<const Model&>();
  py::object spec = lang.is_none() ? model_obj.attr("language") : lang;
  if (spec.is_none()) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        "model '", model.name,
        "' declares no language: give lang= (satcirc langs lists them)")));
  }
  RequirePositive("samples", samples, true);
  RequirePositive("seed", seed, false);
  RequirePositive("exhaustive_limit", exhaustive_limit, false);
  RequirePositive("threads", threads, false);
  if (threads > kMaxThreads) {
    throw StatusError(absl::InvalidArgumentError(absl::StrCat(
        "threads=", threads, ": at most ", kMaxThreads, " worker threads")));
  }
  CheckSetup s;
  s.language = Unwrap(cli::ParseLangArg(spec.cast<std::string>()));
  absl::StatusOr<std::unique_ptr<Decider>> decider = MakeDecider(model, engine);
  if (!decider.ok()) {
    throw StatusError(absl::Status(
        decider.status().code(),
        absl::StrCat(model.name, ": ", decider.status().message())));
  }
  s.decider = *std::move(decider);
  s.options.samples = samples;
  s.options.seed = static_cast<std::uint64_t>(seed);
  s.options.exhaustive_limit = static_cast<std::uint64_t>(exhaustive_limit);
  s.options.threads = threads;
  s.header = {model.name, s.language->spec(), s.decider->engine_name(),
              s.options.seed};
  return s;
}

// Ctrl-C stops a long check: the checker calls `progress` on the calling
// thread (the interpreter's, without the GIL); at most every 100 ms it takes
// the GIL and lets Python handle pending signals. On KeyboardInterrupt the
// check stops after its current chunk and Raise() raises it.
class Interruptible {
 public:
  explicit Interruptible(CheckOptions& options) {
    options.stop = &stop_;
    options.progress = [this](std::uint64_t, std::uint64_t) { Poll(); };
  }
  // With the GIL held, after the check returned.
  void RaiseIfStopped() const {
    if (stop_) throw py::error_already_set();
  }

 private:
  void Poll() {
    const auto now = std::chrono::steady_clock::now();
    if (stop_ || now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) stop_ = true;
  }
  std::atomic<bool> stop_{false};
  std::chrono::steady_clock::time_point last_ =
      std::chrono::steady_clock::now();
};

CheckResult RunCheckPy(const py::object& model, const py::object& lang,
                       const py::object& lengths, const std::string& engine,
                       int samples, long long seed, long long exhaustive_limit,
                       int threads, const py::object& strings) {
  CheckSetup s =
      Setup(model, lang, engine, samples, seed, exhaustive_limit, threads);
  Interruptible interruptible(s.options);
  const automata::Alphabet& alphabet = s.language->alphabet();
  absl::StatusOr<CheckReport> report;
  if (!strings.is_none() && !lengths.is_none()) {
    throw StatusError(
        absl::InvalidArgumentError("give lengths= or strings=, not both "
                                   "(strings= checks the given words)"));
  }
  if (py::isinstance<py::str>(strings)) {
    throw py::type_error("strings= is a list of words, not one str");
  }
  if (!strings.is_none()) {
    std::vector<automata::Word> words;
    for (const py::handle& w : strings) {
      words.push_back(ParseWord(alphabet, w.cast<std::string>()));
    }
    py::gil_scoped_release release;
    report = CheckWords(*s.decider, *s.language, words, s.options);
  } else {
    const std::vector<int> ns =
        LengthsArg(lengths.is_none() ? py::str("0..10") : lengths);
    py::gil_scoped_release release;
    report = Check(*s.decider, *s.language, ns, s.options);
  }
  interruptible.RaiseIfStopped();
  return CheckResult{Unwrap(std::move(report)), s.header, alphabet};
}

GeneralizationResult RunGeneralization(
    const py::object& model, const py::object& lang, const py::object& lengths,
    const py::object& test_lengths, const std::string& engine,
    const py::object& samples, long long seed, long long exhaustive_limit,
    int threads) {
  const int k =
      samples.is_none() ? CheckOptions{}.samples : samples.cast<int>();
  CheckSetup s = Setup(model, lang, engine, k, seed, exhaustive_limit, threads);
  Interruptible interruptible(s.options);
  GeneralizationOptions gen;
  gen.verify = s.options;
  if (!samples.is_none()) gen.test_samples = k;
  const std::vector<int> verify = LengthsArg(lengths);
  const std::vector<int> test = LengthsArg(test_lengths);
  absl::StatusOr<GeneralizationReport> report;
  {
    py::gil_scoped_release release;
    report = CheckGeneralization(*s.decider, *s.language, verify, test, gen);
  }
  interruptible.RaiseIfStopped();
  return GeneralizationResult{Unwrap(std::move(report)), s.header,
                              s.language->alphabet(), gen.test_samples};
}

py::object Optional(bool known, py::object value) {
  return known ? value : py::none();
}

// One length as a dict: the command's JSON keys, accuracy and min_abs_y as
// full doubles.
py::dict Row(const LengthReport& r, const automata::Alphabet& alphabet) {
  py::dict row;
  row["n"] = r.n;
  row["mode"] = cli::LengthModeName(r.mode);
  row["checked"] = r.checked;
  row["members"] = r.members;
  row["non_members"] = r.non_members();
  row["false_accepts"] = r.false_accepts;
  row["false_rejects"] = r.false_rejects;
  row["accuracy"] = r.accuracy();
  if (r.mode != LengthMode::kGiven) {
    row["members_exist"] = r.members_exist;
    row["non_members_exist"] = r.non_members_exist;
  }
  row["min_abs_y"] =
      Optional(r.min_abs_y_known && r.checked > 0, py::float_(r.min_abs_y));
  const bool failed = r.counterexample.has_value();
  row["counterexample"] = Optional(
      failed, py::str(failed ? alphabet.Format(*r.counterexample) : ""));
  row["counterexample_is_member"] =
      Optional(failed, py::bool_(r.counterexample_is_member));
  return row;
}

py::list Rows(const CheckReport& report, const automata::Alphabet& alphabet) {
  py::list rows;
  for (const LengthReport& r : report.lengths) rows.append(Row(r, alphabet));
  return rows;
}

// The table as Markdown, with the command's columns.
std::string Markdown(const cli::CheckHeader& h, const CheckReport& report,
                     const automata::Alphabet& alphabet) {
  std::string text = absl::StrCat(
      "**", h.model_arg, "** against `", h.language, "` (engine ", h.engine,
      ", seed ", h.seed, "): **", report.holds() ? "holds" : "fails",
      "**\n\n| n | mode | checked | members | non-members | false+ | false- | "
      "min\\|y\\| | counterexample / note "
      "|\n|---:|---|---:|---:|---:|---:|---:|"
      "---:|---|\n");
  for (const LengthReport& r : report.lengths) {
    absl::StrAppend(&text, "| ", r.n, " | ", cli::LengthModeName(r.mode), " | ",
                    r.checked, " | ", r.members, " | ", r.non_members(), " | ",
                    r.false_accepts, " | ", r.false_rejects, " | ",
                    cli::MarginText(r), " | ", cli::RowNote(r, alphabet),
                    " |\n");
  }
  return text;
}

py::object JsonLoads(const std::string& text) {
  return py::module_::import("json").attr("loads")(text);
}

// The outcome's fields, read-only.
void BindCheckResultFields(py::class_<CheckResult>& c) {
  c.def_property_readonly(
       "holds", [](const CheckResult& r) { return r.report.holds(); },
       "True when the model agreed with the language on every checked "
       "string.")
      .def_property_readonly(
          "engine", [](const CheckResult& r) { return r.header.engine; },
          "The engine that decided (\"exact\", \"fixed:P\" or \"float:C\").")
      .def_property_readonly(
          "language", [](const CheckResult& r) { return r.header.language; },
          "The spec of the language checked against.")
      .def_property_readonly(
          "seed", [](const CheckResult& r) { return r.header.seed; },
          "The seed of the sampled lengths' strings (each length draws its own "
          "stream from it).")
      .def_property_readonly(
          "rows",
          [](const CheckResult& r) { return Rows(r.report, r.alphabet); },
          "One dict per length checked, with the keys of `satcirc check "
          "--json` (see the class).")
      .def_property_readonly(
          "counterexample",
          [](const CheckResult& r) -> py::object {
            const LengthReport* f = r.report.first_failure();
            if (f == nullptr) return py::none();
            return py::str(r.alphabet.Format(*f->counterexample));
          },
          "The first failing length's counterexample, or None.");
}

void BindCheckResult(py::module_& m) {
  py::class_<CheckResult> c(m, "CheckResult", R"doc(
What satcirc.check found: one row per length (dicts with the keys of
`satcirc check --json`: n, mode "exhaustive"/"sampled"/"given", checked,
members, non_members, false_accepts, false_rejects, accuracy, members_exist and
non_members_exist (not for given strings), min_abs_y (None when the engine does
not report it), counterexample and counterexample_is_member (None without
one)). True when it holds; str() is the command's text, to_json() its --json.)doc");
  BindCheckResultFields(c);
  c.def("__bool__", [](const CheckResult& r) { return r.report.holds(); })
      .def(
          "to_json",
          [](const CheckResult& r, const std::optional<std::string>& model) {
            cli::CheckHeader h = r.header;
            if (model) h.model_arg = *model;
            return cli::CheckJson(h, r.report, r.alphabet);
          },
          py::arg("model") = py::none(),
          "The text of `satcirc check --json`; `model` is what it names as "
          "the model (default: the model's name).")
      .def(
          "as_dict",
          [](const CheckResult& r) {
            return JsonLoads(cli::CheckJson(r.header, r.report, r.alphabet));
          },
          "to_json() parsed.")
      .def("__str__",
           [](const CheckResult& r) {
             std::ostringstream out;
             cli::PrintCheckText(r.header, r.report, r.alphabet, out);
             return std::string(absl::StripSuffix(out.str(), "\n"));
           })
      .def("__repr__",
           [](const CheckResult& r) {
             return absl::StrCat("<satcirc.CheckResult ", r.header.model_arg,
                                 " against ", r.header.language, ": ",
                                 r.report.holds() ? "holds" : "fails", ", ",
                                 r.report.lengths.size(), " lengths>");
           })
      .def("_repr_markdown_", [](const CheckResult& r) {
        return Markdown(r.header, r.report, r.alphabet);
      });
}

// The outcome's fields, read-only.
void BindGeneralizationResultFields(py::class_<GeneralizationResult>& c) {
  c.def_property_readonly(
       "holds",
       [](const GeneralizationResult& r) {
         return r.report.verified.holds() && r.report.tested.holds();
       },
       "True when every checked string of both ranges agrees.")
      .def_property_readonly(
          "engine",
          [](const GeneralizationResult& r) { return r.header.engine; },
          "The engine that decided (\"exact\", \"fixed:P\" or \"float:C\").")
      .def_property_readonly(
          "verified",
          [](const GeneralizationResult& r) {
            return Rows(r.report.verified, r.alphabet);
          },
          "The rows of `lengths` (as CheckResult.rows), checked as "
          "satcirc.check does.")
      .def_property_readonly(
          "tested",
          [](const GeneralizationResult& r) {
            return Rows(r.report.tested, r.alphabet);
          },
          "The rows of `test_lengths` (as CheckResult.rows), on seeded "
          "samples.")
      .def_property_readonly(
          "mean_test_accuracy",
          [](const GeneralizationResult& r) {
            return r.report.mean_test_accuracy();
          },
          "The mean of the test lengths' accuracies, a float in [0, 1] (1.0 "
          "when there are none).");
}

void BindGeneralizationResult(py::module_& m) {
  py::class_<GeneralizationResult> c(m, "GeneralizationResult", R"doc(
What satcirc.generalization found: `verified` and `tested` rows (as
CheckResult.rows), the mean accuracy over the test range; true when both
ranges hold. str() is the command's text, to_json() its --json.)doc");
  BindGeneralizationResultFields(c);
  c.def("__bool__",
        [](const GeneralizationResult& r) {
          return r.report.verified.holds() && r.report.tested.holds();
        })
      .def(
          "to_json",
          [](const GeneralizationResult& r,
             const std::optional<std::string>& model) {
            cli::CheckHeader h = r.header;
            if (model) h.model_arg = *model;
            return cli::GeneralizationJson(h, r.report, r.alphabet);
          },
          py::arg("model") = py::none(),
          "The text of `satcirc check --test-lengths ... --json`.")
      .def(
          "as_dict",
          [](const GeneralizationResult& r) {
            return JsonLoads(
                cli::GeneralizationJson(r.header, r.report, r.alphabet));
          },
          "to_json() parsed.")
      .def("__str__", [](const GeneralizationResult& r) {
        std::ostringstream out;
        cli::PrintGeneralizationText(r.header, r.test_samples, r.report,
                                     r.alphabet, out);
        return std::string(absl::StripSuffix(out.str(), "\n"));
      });
}

}  // namespace

void BindCheck(py::module_& m) {
  BindCheckResult(m);
  BindGeneralizationResult(m);
  m.def("check", &RunCheckPy, py::arg("model"), py::arg("lang") = py::none(),
        py::arg("lengths") = py::none(), py::arg("engine") = "exact",
        py::arg("samples") = 1000, py::arg("seed") = 1,
        py::arg("exhaustive_limit") = std::int64_t{1} << 22,
        py::arg("threads") = 0, py::arg("strings") = py::none(), R"doc(
Checks that `model` accepts exactly the members of `lang` (satcirc check).

lang: a language spec (satcirc langs); default: model.language (the zoo
  entry's or the program's declared language).
lengths: "A..B", "1,2,4", or a list/range of ints (default "0..10"). Each length is checked
  exhaustively when |alphabet|^n <= exhaustive_limit, otherwise on `samples`
  seeded strings (half members, a quarter near misses, a quarter non-members).
engine: "exact", "fixed:P" or "float:C".
strings: check these words instead of lengths (one row per length, "given");
  not together with lengths.
threads: worker threads, 0 for one per core.
Returns a CheckResult (true when every checked string agrees). Raises
satcirc.Error with the command's message on a bad language, length or engine.)doc");
  m.def("generalization", &RunGeneralization, py::arg("model"),
        py::arg("lang") = py::none(), py::arg("lengths") = "0..10",
        py::arg("test_lengths") = "11..20", py::arg("engine") = "exact",
        py::arg("samples") = py::none(), py::arg("seed") = 1,
        py::arg("exhaustive_limit") = std::int64_t{1} << 22,
        py::arg("threads") = 0, R"doc(
Length generalization (satcirc check --test-lengths; the Chomsky-hierarchy
protocol): `lengths` checked as satcirc.check does, then every length of
`test_lengths` on seeded samples (512 each; `samples`, when given, for both
ranges). Returns a GeneralizationResult.)doc");
}

}  // namespace satcirc::python
