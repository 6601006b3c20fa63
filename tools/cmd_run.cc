// satcirc run: one model, one input, the decision (and the trace).
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/engine.h"
#include "lib/float_engine.h"
#include "lib/trace.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "run",
    .usage =
        "satcirc run --model M --input S [--engine exact|fixed:P] [--trace] "
        "[--json]",
    .summary =
        "Runs a model on one input string and prints accept or reject with the "
        "readout value y (accept iff y > 0). M is a model file, - for stdin, "
        "or "
        "zoo:NAME. S is written in the model's alphabet ('' is the empty "
        "string).",
    .flags = {{"model", true, "M", "model file, - or zoo:NAME"},
              {"input", true, "S", "the input string"},
              {"engine", true, "E",
               "exact (default), or fixed:P: P fractional bits, every residual "
               "value and attention average rounded down (DESIGN.md)"},
              {"trace", false, "",
               "print the features at every position after every "
               "layer and what every head attended"}},
};

}  // namespace

int RunRun(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status st = RequireFlags(*parsed, {"model", "input"}); !st.ok()) {
    return BadInput(kSpec, st, err);
  }
  absl::StatusOr<EngineSpec> spec =
      ParseEngineSpec(parsed->GetOr("engine", "exact"));
  if (!spec.ok()) return BadInput(kSpec, spec.status(), err);
  const std::optional<std::string> model_arg = parsed->Get("model");
  const std::optional<std::string> input = parsed->Get("input");
  absl::StatusOr<Model> model = LoadModelArg(*model_arg);
  if (!model.ok()) return BadInput(kSpec, model.status(), err);
  absl::StatusOr<automata::Word> word = model->alphabet.Parse(*input);
  if (!word.ok()) return BadInput(kSpec, word.status(), err);
  const bool want_trace = parsed->Has("trace");
  if (want_trace && spec->kind == EngineSpec::Kind::kFloat) {
    return BadInput(kSpec,
                    absl::InvalidArgumentError(
                        "--trace: the float engine has no trace (run the "
                        "exact or fixed:P engine for one)"),
                    err);
  }
  // The decision and y, as text and as a JSON value: an exact rational is a
  // string ("1/5"), a float a number with 17 significant digits.
  bool accept = false;
  std::string value, value_json;
  Trace trace;
  Trace* trace_ptr = want_trace ? &trace : nullptr;
  absl::Status status;
  if (spec->kind == EngineSpec::Kind::kFloat) {
    absl::StatusOr<FloatEngine> engine =
        FloatEngine::Create(*model, {.scale = spec->scale});
    absl::StatusOr<FloatDecision> d =
        engine.ok() ? engine->Run(*word)
                    : absl::StatusOr<FloatDecision>(engine.status());
    status = d.status();
    if (d.ok()) {
      accept = d->accept;
      value = value_json = absl::StrFormat("%.17g", d->value);
    }
  } else {
    absl::StatusOr<Decision> d = absl::InternalError("no engine");
    if (spec->kind == EngineSpec::Kind::kFixed) {
      absl::StatusOr<FixedEngine> engine =
          FixedEngine::Create(*model, spec->frac_bits);
      d = engine.ok() ? engine->Run(*word, trace_ptr)
                      : absl::StatusOr<Decision>(engine.status());
    } else {
      absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*model);
      d = engine.ok() ? absl::StatusOr<Decision>(engine->Run(*word, trace_ptr))
                      : absl::StatusOr<Decision>(engine.status());
    }
    status = d.status();
    if (d.ok()) {
      accept = d->accept;
      value = d->value.ToString();
      value_json = JsonQuote(value);
    }
  }
  if (!status.ok()) {
    return BadInput(kSpec,
                    absl::Status(status.code(), absl::StrCat(*model_arg, ": ",
                                                             status.message())),
                    err);
  }
  if (parsed->json()) {
    out << "{\"model\": " << JsonQuote(model->name)
        << ", \"input\": " << JsonQuote(*input)
        << ", \"length\": " << word->size()
        << ", \"engine\": " << JsonQuote(spec->text)
        << ", \"accept\": " << (accept ? "true" : "false")
        << ", \"value\": " << value_json;
    if (want_trace) {
      std::ostringstream t;
      WriteTrace(t, *model, trace, {.format = TraceFormat::kJson});
      std::string text = t.str();
      while (!text.empty() && text.back() == '\n') text.pop_back();
      out << ",\n \"trace\": " << text;
    }
    out << "}\n";
    return kExitOk;
  }
  if (want_trace) WriteTrace(out, *model, trace);
  out << (accept ? "accept" : "reject") << "  y = " << value << "\n";
  return kExitOk;
}

}  // namespace satcirc::cli
