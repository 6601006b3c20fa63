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
  if (spec->kind == EngineSpec::Kind::kFloat) {
    if (want_trace) {
      return BadInput(kSpec,
                      absl::InvalidArgumentError(
                          "--trace: the float engine has no trace (run the "
                          "exact or fixed:P engine for one)"),
                      err);
    }
    absl::StatusOr<FloatEngine> engine =
        FloatEngine::Create(*model, {.scale = spec->scale});
    absl::StatusOr<FloatDecision> d =
        engine.ok() ? engine->Run(*word)
                    : absl::StatusOr<FloatDecision>(engine.status());
    if (!d.ok()) {
      return BadInput(
          kSpec,
          absl::Status(d.status().code(),
                       absl::StrCat(*model_arg, ": ", d.status().message())),
          err);
    }
    const std::string value = absl::StrFormat("%.17g", d->value);
    if (parsed->json()) {
      out << "{\"model\": " << JsonQuote(model->name)
          << ", \"input\": " << JsonQuote(*input)
          << ", \"length\": " << word->size()
          << ", \"engine\": " << JsonQuote(spec->text)
          << ", \"accept\": " << (d->accept ? "true" : "false")
          << ", \"value\": " << value << "}\n";
    } else {
      out << (d->accept ? "accept" : "reject") << "  y = " << value << "\n";
    }
    return kExitOk;
  }
  Trace trace;
  Trace* trace_ptr = want_trace ? &trace : nullptr;
  absl::StatusOr<Decision> decision = absl::InternalError("no engine");
  if (spec->kind == EngineSpec::Kind::kFixed) {
    absl::StatusOr<FixedEngine> engine =
        FixedEngine::Create(*model, spec->frac_bits);
    decision = engine.ok() ? engine->Run(*word, trace_ptr)
                           : absl::StatusOr<Decision>(engine.status());
  } else {
    absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*model);
    decision = engine.ok()
                   ? absl::StatusOr<Decision>(engine->Run(*word, trace_ptr))
                   : absl::StatusOr<Decision>(engine.status());
  }
  if (!decision.ok()) {
    return BadInput(kSpec,
                    absl::Status(decision.status().code(),
                                 absl::StrCat(*model_arg, ": ",
                                              decision.status().message())),
                    err);
  }
  if (parsed->json()) {
    out << "{\"model\": " << JsonQuote(model->name)
        << ", \"input\": " << JsonQuote(*input)
        << ", \"length\": " << word->size()
        << ", \"engine\": " << JsonQuote(spec->text)
        << ", \"accept\": " << (decision->accept ? "true" : "false")
        << ", \"value\": " << JsonQuote(decision->value.ToString());
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
  out << (decision->accept ? "accept" : "reject")
      << "  y = " << decision->value.ToString() << "\n";
  return kExitOk;
}

}  // namespace satcirc::cli
