// satcirc run: one model, one input, the decision (and the trace).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "automata/lengths.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/engine/param_limit.h"
#include "lib/engine/trace.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/input_arg.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "run",
    .usage =
        "satcirc run --model M (--input S | --input-file F) "
        "[--engine exact|fixed:P|float:C|param-limit] [--trace] [--json]",
    .summary =
        "Runs a model on one input string and prints accept or reject with the "
        "readout value y (accept iff y > 0). M is a model file, - for stdin, "
        "or zoo:NAME. S is written in the model's alphabet ('' is the empty "
        "string, - reads it from stdin); F is a file holding it (a final "
        "newline is ignored). Inputs are at most 1048576 symbols.",
    .flags =
        {{"model", true, "M", "model file, - or zoo:NAME"},
         {"input", true, "S", "the input string, or - for stdin"},
         {"input-file", true, "F",
          "a file holding the input string (- for stdin)"},
         {"engine", true, "E",
          "exact (default), fixed:P: P fractional bits, every residual "
          "value and attention average rounded down (docs/semantics.md), or "
          "float:C: softmax at logit scale C, or param-limit: the limit of "
          "every parameter scaled by c → ∞, y a polynomial in c"},
         {"trace", false, "",
          "print the features at every position after every "
          "layer and what every head attended"}},
};

// A trace is built in memory with every score computed: refused, before the
// run, when it would be too large (lib/engine/trace.h).
absl::Status CheckTraceSize(const Model& model, int n) {
  const std::int64_t entries = EstimateTraceEntries(model, n);
  if (entries <= kMaxTraceEntries) return absl::OkStatus();
  return absl::OutOfRangeError(absl::StrCat(
      "--trace: the trace of this input (length ", n, ") would hold about ",
      entries,
      " entries (values, and scores or attended positions per head); "
      "the limit is ",
      kMaxTraceEntries, ": run without --trace, or trace a shorter input"));
}

// The float engine computes every score: a run that would take hours is
// refused before it starts (lib/engine/float_engine.h).
absl::Status CheckFloatRunSize(const Model& model, int n) {
  const std::int64_t scores = FloatRunScores(model, n);
  if (scores <= kMaxFloatRunScores) return absl::OkStatus();
  return absl::OutOfRangeError(absl::StrCat(
      "--engine float: this input (length ", n, ") needs about ", scores,
      " attention scores (every key of every head at every position); the "
      "limit is ",
      kMaxFloatRunScores,
      ": run the exact or fixed:P engine, or a shorter input"));
}

// What an engine gave: the decision and y, as text and as a JSON value (an
// exact rational is a string, "1/5"; a float a number with 17 significant
// digits).
struct Outcome {
  bool accept = false;
  std::string value, value_json;
};

absl::StatusOr<Outcome> RunEngine(const EngineSpec& spec, const Model& model,
                                  const automata::Word& word, Trace* trace) {
  Outcome outcome;
  if (spec.kind == EngineSpec::Kind::kFloat) {
    absl::StatusOr<FloatEngine> engine =
        FloatEngine::Create(model, {.scale = spec.scale});
    if (!engine.ok()) return engine.status();
    absl::StatusOr<FloatDecision> d = engine->Run(word);
    if (!d.ok()) return d.status();
    outcome.accept = d->accept;
    outcome.value = outcome.value_json = absl::StrFormat("%.17g", d->value);
    return outcome;
  }
  if (spec.kind == EngineSpec::Kind::kParamLimit) {
    absl::StatusOr<ParamLimitEngine> engine = ParamLimitEngine::Create(model);
    if (!engine.ok()) return engine.status();
    const ParamLimitDecision d = engine->Run(word);
    outcome.accept = d.accept;
    outcome.value = d.value.ToString();
    outcome.value_json = JsonQuote(outcome.value);
    return outcome;
  }
  absl::StatusOr<Decision> d = absl::InternalError("no engine");
  if (spec.kind == EngineSpec::Kind::kFixed) {
    absl::StatusOr<FixedEngine> engine =
        FixedEngine::Create(model, spec.frac_bits);
    d = engine.ok() ? engine->Run(word, trace)
                    : absl::StatusOr<Decision>(engine.status());
  } else {
    absl::StatusOr<ExactEngine> engine = ExactEngine::Create(model);
    d = engine.ok() ? absl::StatusOr<Decision>(engine->Run(word, trace))
                    : absl::StatusOr<Decision>(engine.status());
  }
  if (!d.ok()) return d.status();
  outcome.accept = d->accept;
  outcome.value = d->value.ToString();
  outcome.value_json = JsonQuote(outcome.value);
  return outcome;
}

void PrintJson(const Model& model, const Input& input, const EngineSpec& spec,
               const Outcome& outcome, const Trace* trace, std::ostream& out) {
  out << "{\"model\": " << JsonQuote(model.name)
      << ", \"input\": " << JsonQuote(input.text)
      << ", \"length\": " << input.word.size()
      << ", \"engine\": " << JsonQuote(spec.text)
      << ", \"accept\": " << (outcome.accept ? "true" : "false")
      << ", \"value\": " << outcome.value_json;
  if (trace != nullptr) {
    std::ostringstream t;
    WriteTrace(t, model, *trace, {.format = TraceFormat::kJson});
    std::string text = t.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    out << ",\n \"trace\": " << text;
  }
  out << "}\n";
}

}  // namespace

int RunRun(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status st = RequireFlags(*parsed, {"model"}); !st.ok()) {
    return BadInput(kSpec, st, err);
  }
  if (absl::Status st = CheckInputFlags(*parsed, "model"); !st.ok()) {
    return BadInput(kSpec, st, err);
  }
  absl::StatusOr<EngineSpec> spec =
      ParseEngineSpec(parsed->GetOr("engine", "exact"));
  if (!spec.ok()) return BadInput(kSpec, spec.status(), err);
  const std::string model_arg = *parsed->Get("model");
  absl::StatusOr<Model> model = LoadModelArg(model_arg);
  if (!model.ok()) return BadInput(kSpec, model.status(), err);
  absl::StatusOr<Input> input = ReadInput(*parsed, model->alphabet);
  if (!input.ok()) return BadInput(kSpec, input.status(), err);
  const bool want_trace = parsed->Has("trace");
  if (want_trace && (spec->kind == EngineSpec::Kind::kFloat ||
                     spec->kind == EngineSpec::Kind::kParamLimit)) {
    return BadInput(
        kSpec,
        absl::InvalidArgumentError(absl::StrCat(
            "--trace: the ",
            spec->kind == EngineSpec::Kind::kFloat ? "float" : spec->text,
            " engine has no trace (run the exact or fixed:P "
            "engine for one)")),
        err);
  }
  const int n = static_cast<int>(input->word.size());
  absl::Status size = want_trace ? CheckTraceSize(*model, n)
                      : spec->kind == EngineSpec::Kind::kFloat
                          ? CheckFloatRunSize(*model, n)
                          : absl::OkStatus();
  if (!size.ok()) return BadInput(kSpec, size, err);
  Trace trace;
  absl::StatusOr<Outcome> outcome =
      RunEngine(*spec, *model, input->word, want_trace ? &trace : nullptr);
  if (!outcome.ok()) {
    return BadInput(
        kSpec,
        absl::Status(outcome.status().code(),
                     absl::StrCat(model_arg, ": ", outcome.status().message())),
        err);
  }
  if (parsed->json()) {
    PrintJson(*model, *input, *spec, *outcome, want_trace ? &trace : nullptr,
              out);
    return kExitOk;
  }
  if (want_trace) WriteTrace(out, *model, trace);
  out << (outcome->accept ? "accept" : "reject") << "  y = " << outcome->value
      << "\n";
  return kExitOk;
}

}  // namespace satcirc::cli
