// --precision, the statistics' JSON and the output formats of `satcirc
// compile` (compile_arg.h).
#include "tools/compile_arg.h"

#include <cctype>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "circuits/render.h"
#include "circuits/write_aiger.h"
#include "circuits/write_blif.h"
#include "circuits/write_dot.h"
#include "circuits/write_json.h"
#include "circuits/write_verilog.h"
#include "lib/engine/engine.h"
#include "lib/experiments/precision.h"
#include "tools/cli.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

// AIGER (binary for a .aig file), and a note relating its header to the
// statistics: the header counts two-input ANDs after lowering, the statistics
// threshold gates.
absl::Status WriteAigerWithNote(std::ostream& out,
                                const circuits::Circuit& circuit, bool binary,
                                std::vector<std::string>* notes) {
  circuits::AigerHeader h;
  if (absl::Status s =
          circuits::WriteAiger(out, circuit, {.binary = binary}, &h);
      !s.ok()) {
    return s;
  }
  notes->push_back(absl::StrCat(
      "AIGER header '", binary ? "aig " : "aag ", h.max_var, " ", h.inputs, " ",
      h.latches, " ", h.outputs, " ", h.ands, "' (M I L O A): the ",
      circuits::ComputeStats(circuit).num_logic_gates,
      " logic gates above, lowered to ", h.ands,
      " two-input ANDs; M = I + A (docs/circuit-format.md)"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PrecisionChoice> ParsePrecisionChoice(
    const std::string& p, std::optional<std::string> lang,
    const std::string& model_arg) {
  PrecisionChoice choice;
  if (p != "auto") {
    int bits = 0;
    if (!absl::SimpleAtoi(p, &bits) || bits < 0 ||
        bits > FixedEngine::kMaxFracBits) {
      return absl::InvalidArgumentError(
          absl::StrCat("--precision ", p, ": expected auto or an integer 0 … ",
                       FixedEngine::kMaxFracBits));
    }
    choice.fixed = bits;
  }
  if (!lang) lang = ZooLanguageOf(model_arg);
  if (lang) {
    absl::StatusOr<std::unique_ptr<automata::Language>> l = ParseLangArg(*lang);
    if (!l.ok()) return l.status();
    choice.language = *std::move(l);
  }
  return choice;
}

absl::StatusOr<ResolvedPrecision> ResolvePrecision(
    const Model& model, int n, const PrecisionChoice& choice) {
  if (choice.fixed) return ResolvedPrecision{*choice.fixed, "given", false};
  PrecisionOptions options;
  options.language = choice.language.get();
  absl::StatusOr<PrecisionResult> r = FindPrecision(model, n, options);
  if (!r.ok()) return r.status();
  return ResolvedPrecision{r->frac_bits,
                           absl::StrCat("auto: p*(", n, ") over ",
                                        r->exhaustive ? "all " : "a sample of ",
                                        r->strings, " strings"),
                           !r->exhaustive};
}

std::string CircuitStatsJson(const circuits::CircuitStats& st) {
  std::vector<std::string> kinds;
  for (int k = 0; k < circuits::kNumGateKinds; ++k) {
    kinds.push_back(absl::StrCat(
        JsonQuote(circuits::GateKindName(static_cast<circuits::GateKind>(k))),
        ": ", st.gates_by_kind[k]));
  }
  return absl::StrCat(
      "\"gates\": ", st.num_logic_gates, ", \"inputs\": ", st.num_inputs,
      ", \"outputs\": ", st.num_outputs, ", \"wires\": ", st.num_wires,
      ", \"depth\": ", st.depth, ", \"max_fanin\": ", st.max_fanin,
      ", \"max_weight\": ", st.max_abs_weight, ", \"gates_by_kind\": {",
      absl::StrJoin(kinds, ", "), "}");
}

std::string FormatFromPath(const std::string& path) {
  static const std::pair<const char*, const char*> kExt[] = {
      {".json", "json"}, {".blif", "blif"}, {".v", "verilog"},
      {".aag", "aiger"}, {".aig", "aiger"}, {".dot", "dot"},
      {".gv", "dot"},    {".svg", "svg"},   {".png", "png"}};
  for (const auto& [ext, format] : kExt) {
    if (absl::EndsWith(path, ext)) return format;
  }
  return "";
}

absl::StatusOr<std::string> SerializeCircuit(const circuits::Circuit& circuit,
                                             const std::string& format,
                                             const std::string& path,
                                             const std::string& name,
                                             bool summary,
                                             std::vector<std::string>* notes) {
  const bool binary = absl::EndsWith(path, ".aig");
  std::ostringstream out;
  if (format == "json") {
    circuits::WriteJson(out, circuit);
  } else if (format == "blif") {
    if (absl::Status s =
            circuits::WriteBlif(out, circuit, {.model_name = name});
        !s.ok()) {
      return s;
    }
  } else if (format == "verilog") {
    if (absl::Status s =
            circuits::WriteVerilog(out, circuit, {.module_name = name});
        !s.ok()) {
      return s;
    }
  } else if (format == "aiger") {
    if (absl::Status s = WriteAigerWithNote(out, circuit, binary, notes);
        !s.ok()) {
      return s;
    }
  } else {
    circuits::DotOptions options;
    options.summary = summary;
    const circuits::DotPlan plan = circuits::PlanDot(circuit, options);
    if (!plan.note.empty()) notes->push_back(plan.note);
    circuits::WriteDot(out, circuit, options);
    if (format == "svg" || format == "png") {
      return circuits::RenderDot(out.str(),
                                 format == "svg" ? circuits::ImageFormat::kSvg
                                                 : circuits::ImageFormat::kPng,
                                 notes);
    }
  }
  return out.str();
}

std::string CircuitModuleName(const Model& model) {
  std::string s = model.name.empty() ? "circuit" : model.name;
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  if (std::isdigit(static_cast<unsigned char>(s[0]))) s = "m_" + s;
  return s;
}

}  // namespace satcirc::cli
