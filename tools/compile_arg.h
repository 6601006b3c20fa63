// What `satcirc compile` resolves and writes — the precision (--precision
// P|auto, --lang), the statistics' JSON, the output formats — shared by the
// command and the Python module (satcirc.compile).
#ifndef SATCIRC_TOOLS_COMPILE_ARG_H_
#define SATCIRC_TOOLS_COMPILE_ARG_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"
#include "circuits/circuit.h"
#include "circuits/stats.h"
#include "lib/model/model.h"

namespace satcirc::cli {

// What resolving --precision needs, loaded once.
struct PrecisionChoice {
  std::optional<int> fixed;  // --precision P
  std::unique_ptr<automata::Language> language;
};

// `precision` is "auto" or P (0 … FixedEngine::kMaxFracBits); `lang`, else
// the zoo model's own language (model_arg zoo:NAME), is what p*(n) samples
// beyond the exhaustive limit.
absl::StatusOr<PrecisionChoice> ParsePrecisionChoice(
    const std::string& precision, std::optional<std::string> lang,
    const std::string& model_arg);

// The precision for length n and how it was found ("auto: ..." or
// "given"); sampled when p*(n) was found on a sample rather than on every
// string.
struct ResolvedPrecision {
  int bits = 0;
  std::string source;
  bool sampled = false;
};

absl::StatusOr<ResolvedPrecision> ResolvePrecision(
    const Model& model, int n, const PrecisionChoice& choice);

// The statistics as JSON members (no braces): "gates": …, "gates_by_kind":
// {…}.
std::string CircuitStatsJson(const circuits::CircuitStats& st);

// The format a file's extension names ("" for none).
std::string FormatFromPath(const std::string& path);

// The circuit in `format` (json, blif, verilog, aiger, dot, svg, png), as
// bytes. For diagrams, what the reader should know (the view drawn when it is
// a summary, Graphviz's warnings) goes to *notes; for AIGER, its header.
// AIGER is binary when `path` ends in .aig; `name` names the BLIF model and
// the Verilog module.
absl::StatusOr<std::string> SerializeCircuit(const circuits::Circuit& circuit,
                                             const std::string& format,
                                             const std::string& path,
                                             const std::string& name,
                                             bool summary,
                                             std::vector<std::string>* notes);

// A Verilog/BLIF identifier from a model name.
std::string CircuitModuleName(const Model& model);

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_COMPILE_ARG_H_
