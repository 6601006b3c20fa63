// satcirc compile: a model at one length → a threshold circuit in a file.
// satcirc circuit-stats: size and depth of the circuits over a range of
// lengths, with the fitted growth exponent of the size.
#include <cmath>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "automata/lengths.h"
#include "automata/registry.h"
#include "circuits/render.h"
#include "circuits/stats.h"
#include "circuits/write_aiger.h"
#include "circuits/write_blif.h"
#include "circuits/write_dot.h"
#include "circuits/write_json.h"
#include "circuits/write_verilog.h"
#include "lib/compile/compile.h"
#include "lib/engine/engine.h"
#include "lib/experiments/experiments.h"
#include "lib/experiments/precision.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/compile_arg.h"
#include "tools/model_arg.h"
#include "tools/progress.h"

namespace satcirc::cli {
namespace {

constexpr const char* kFormats[] = {"json", "blif", "verilog", "aiger",
                                    "dot",  "svg",  "png"};

const FlagSpec kPrecisionFlag{
    "precision", true, "P|auto",
    "fractional bits of fixed:P; auto (the default) takes p*(n), the "
    "smallest P at which fixed:P decides every string of length n as the "
    "exact engine does"};
const FlagSpec kLangFlag{
    "lang", true, "L",
    "for --precision auto beyond the exhaustive limit: sample this "
    "language's members and near misses (default: the zoo model's own "
    "language; uniform strings for a model file)"};
const FlagSpec kMaxGatesFlag{
    "max-gates", true, "G",
    "refuse, before building, a circuit estimated above G gates, and stop "
    "building one that passes G (default 20000000; 0: no budget)"};
const FlagSpec kMaxWiresFlag{
    "max-wires", true, "W",
    "stop building a circuit that passes W wires (gate inputs, about 100 "
    "bytes each: a dense trained network's gates have hundreds; default "
    "50000000; 0: no budget)"};

const CommandSpec kCompileSpec{
    .name = "compile",
    .usage =
        "satcirc compile --model M --length n [--precision P|auto] "
        "--format json|blif|verilog|aiger|dot|svg|png -o FILE "
        "[--summary] [--max-gates G] [--max-wires W] [--json]",
    .summary =
        "Compiles a model at input length n into a threshold circuit whose "
        "inputs are the one-hot token bits x[i][k] (position i holds the k-th "
        "symbol of the alphabet) and whose output 'accept' is the fixed:P "
        "engine's decision on every string of length n (docs/compile.md). "
        "Writes it in the chosen format (the file's extension when --format "
        "is not given; -o - writes text formats to standard output) and "
        "prints its statistics.",
    .flags = {{"model", true, "M", "model file, - or zoo:NAME"},
              {"length", true, "n", "the input length"},
              kPrecisionFlag,
              {"format", true, "F",
               "json (docs/circuit-format.md), blif, verilog, aiger (threshold "
               "gates lowered to AND/NOT), dot, svg or png (Graphviz)"},
              {"output", true, "FILE", "where to write it (-o FILE)"},
              {"summary", false, "",
               "dot/svg/png: a summary, one node per block (layer, head, "
               "position) with its gate count, coarser when that is too "
               "many; drawn anyway beyond 24 gates or 40 wires"},
              kLangFlag,
              kMaxGatesFlag,
              kMaxWiresFlag},
};

const CommandSpec kStatsSpec{
    .name = "circuit-stats",
    .usage =
        "satcirc circuit-stats --model M --lengths R [--precision P|auto] "
        "[--max-gates G] [--max-wires W] [--json]",
    .summary =
        "Compiles a model at each length of R and prints, per length, the "
        "precision P, the gates (by kind), wires, depth, largest fan-in and "
        "largest weight, then the growth of the size fitted as gates ~ a·n^k "
        "(least squares on log–log, over the lengths with a nonconstant "
        "circuit) and the depth range (docs/circuit-stats.md).",
    .flags = {{"model", true, "M", "model file, - or zoo:NAME"},
              {"lengths", true, "R", "lengths: A..B or a list 1,2,4"},
              kPrecisionFlag,
              kLangFlag,
              kMaxGatesFlag,
              kMaxWiresFlag},
};

absl::StatusOr<PrecisionChoice> ParsePrecisionFlags(
    const ParsedArgs& args, const std::string& model_arg) {
  return ParsePrecisionChoice(args.GetOr("precision", "auto"), args.Get("lang"),
                              model_arg);
}

// --max-gates and --max-wires.
absl::StatusOr<CompileOptions> Budgets(const ParsedArgs& args) {
  CompileOptions options;
  for (auto [flag, value] : {std::pair{"max-gates", &options.max_gates},
                             std::pair{"max-wires", &options.max_wires}}) {
    if (absl::Status s = ParseIntegerFlag(args, flag, value, false); !s.ok()) {
      return s;
    }
    if (*value < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, " ", *value, ": expected 0 or more"));
    }
  }
  return options;
}

std::string KindsText(const circuits::CircuitStats& st) {
  std::vector<std::string> parts;
  for (int k = 0; k < circuits::kNumGateKinds; ++k) {
    const auto kind = static_cast<circuits::GateKind>(k);
    if (kind == circuits::GateKind::kInput ||
        kind == circuits::GateKind::kConstant || st.gates_by_kind[k] == 0) {
      continue;
    }
    parts.push_back(
        absl::StrCat(st.gates_by_kind[k], " ", circuits::GateKindName(kind)));
  }
  return parts.empty() ? "none" : absl::StrJoin(parts, ", ");
}

}  // namespace

namespace {

struct CompileConfig {
  std::string model_arg, path, format;
  int n = 0;
  CompileOptions budgets;  // --max-gates, --max-wires
  Model model;
  PrecisionChoice choice;
};

// The output format: --format, else the file's extension.
absl::StatusOr<std::string> ResolveFormat(const ParsedArgs& parsed,
                                          const std::string& path) {
  std::string format = parsed.GetOr("format", FormatFromPath(path));
  if (format.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--format is required (the extension of '", path,
                     "' does not name one): json, blif, verilog, aiger, "
                     "dot, svg or png"));
  }
  if (std::find(std::begin(kFormats), std::end(kFormats), format) ==
      std::end(kFormats)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--format ", format,
                     ": expected json, blif, verilog, aiger, dot, svg or png"));
  }
  if (path == "-" && format == "png") {
    return absl::InvalidArgumentError(
        "-o -: a PNG is not written to standard output; name a file");
  }
  return format;
}

absl::StatusOr<CompileConfig> ParseCompile(const ParsedArgs& parsed) {
  CompileConfig config;
  config.model_arg = *parsed.Get("model");
  config.path = *parsed.Get("output");
  absl::StatusOr<std::string> format = ResolveFormat(parsed, config.path);
  if (!format.ok()) return format.status();
  config.format = *format;
  if (absl::Status s = ParseIntegerFlag(parsed, "length", &config.n, false);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<CompileOptions> budgets = Budgets(parsed);
  if (!budgets.ok()) return budgets.status();
  config.budgets = *budgets;
  absl::StatusOr<Model> model = LoadModelArg(config.model_arg);
  if (!model.ok()) return model.status();
  config.model = *std::move(model);
  absl::StatusOr<PrecisionChoice> choice =
      ParsePrecisionFlags(parsed, config.model_arg);
  if (!choice.ok()) return choice.status();
  config.choice = *std::move(choice);
  if (absl::Status s = EstimateGates(config.model, config.n, 0).status();
      !s.ok()) {
    return absl::Status(s.code(),
                        absl::StrCat(config.model_arg, ": ", s.message()));
  }
  return config;
}

void PrintCompiled(const CompileConfig& config, const ParsedArgs& parsed,
                   const ResolvedPrecision& p, const circuits::CircuitStats& st,
                   const std::vector<std::string>& notes, std::ostream& info) {
  if (parsed.json()) {
    info << "{\"model\": " << JsonQuote(config.model_arg)
         << ", \"n\": " << config.n << ", \"precision\": " << p.bits
         << ", \"precision_source\": " << JsonQuote(p.source)
         << ", \"format\": " << JsonQuote(config.format)
         << ", \"output\": " << JsonQuote(config.path) << ", "
         << CircuitStatsJson(st) << ", \"notes\": [";
    for (std::size_t i = 0; i < notes.size(); ++i) {
      info << (i ? ", " : "") << JsonQuote(notes[i]);
    }
    info << "]}\n";
    return;
  }
  info << config.model_arg << " at n = " << config.n << ", fixed:" << p.bits
       << " (" << p.source << "): " << st.num_logic_gates
       << (st.num_logic_gates == 1 ? " gate (" : " gates (") << KindsText(st)
       << "), " << st.num_wires << " wires, depth " << st.depth
       << ", largest fan-in " << st.max_fanin << ", largest weight "
       << st.max_abs_weight << "; " << st.num_inputs << " inputs, "
       << st.num_outputs << " output" << (st.num_outputs == 1 ? "" : "s")
       << "\n"
       << "wrote " << config.format << " to " << config.path << "\n";
  for (const std::string& note : notes) info << "note: " << note << "\n";
}

}  // namespace

int RunCompile(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kCompileSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status s = RequireFlags(*parsed, {"model", "length", "output"});
      !s.ok()) {
    return BadInput(kCompileSpec, s, err);
  }
  absl::StatusOr<CompileConfig> config = ParseCompile(*parsed);
  if (!config.ok()) return BadInput(kCompileSpec, config.status(), err);
  absl::StatusOr<ResolvedPrecision> precision =
      ResolvePrecision(config->model, config->n, config->choice);
  if (!precision.ok()) return BadInput(kCompileSpec, precision.status(), err);
  absl::StatusOr<circuits::Circuit> circuit =
      Compile(config->model, config->n, precision->bits, config->budgets);
  if (!circuit.ok()) {
    return BadInput(kCompileSpec,
                    absl::Status(circuit.status().code(),
                                 absl::StrCat(config->model_arg, ": ",
                                              circuit.status().message())),
                    err);
  }
  std::vector<std::string> notes;
  absl::StatusOr<std::string> bytes = SerializeCircuit(
      *circuit, config->format, config->path, CircuitModuleName(config->model),
      parsed->Has("summary"), &notes);
  if (!bytes.ok()) return BadInput(kCompileSpec, bytes.status(), err);
  if (absl::Status s = WriteFileAtomically(config->path, *bytes, out);
      !s.ok()) {
    return BadInput(kCompileSpec, s, err);
  }
  // With -o -, the circuit is the output and the statistics go to stderr.
  PrintCompiled(*config, *parsed, *precision, circuits::ComputeStats(*circuit),
                notes, config->path == "-" ? err : out);
  return kExitOk;
}

namespace {

struct StatsConfig {
  std::string model_arg;
  Model model;
  std::vector<int> lengths;
  CompileOptions budgets;  // --max-gates, --max-wires
  PrecisionChoice choice;
};

absl::StatusOr<StatsConfig> ParseStats(const ParsedArgs& parsed) {
  StatsConfig config;
  config.model_arg = *parsed.Get("model");
  absl::StatusOr<std::vector<int>> lengths =
      automata::ParseLengths(*parsed.Get("lengths"));
  if (!lengths.ok()) return lengths.status();
  config.lengths = *std::move(lengths);
  absl::StatusOr<CompileOptions> budgets = Budgets(parsed);
  if (!budgets.ok()) return budgets.status();
  config.budgets = *budgets;
  absl::StatusOr<Model> model = LoadModelArg(config.model_arg);
  if (!model.ok()) return model.status();
  config.model = *std::move(model);
  if (absl::Status s = EstimateGates(config.model, 0, 0).status(); !s.ok()) {
    return absl::Status(s.code(),
                        absl::StrCat(config.model_arg, ": ", s.message()));
  }
  absl::StatusOr<PrecisionChoice> choice =
      ParsePrecisionFlags(parsed, config.model_arg);
  if (!choice.ok()) return choice.status();
  config.choice = *std::move(choice);
  return config;
}

// Seconds per estimated gate of Compile on one core, measured (zoo:parity
// and dyck2-depth3 at n = 64 … 128: 1–4 µs; the estimate of the gates is
// itself 10–30 times the simplified size). A p* search costs 0.1–2 float-
// engine passes over its strings (measured on six zoo models, n = 8 … 128):
// counted as two.
constexpr double kCompileSecondsPerEstimatedGate = 4e-6;
constexpr double kPrecisionSearchPasses = 2;

// Refuses, before anything is compiled, a length whose circuit is over the
// gate budget even at 0 fractional bits, and a run whose estimated time (p*
// searches and compiles) passes the experiments' limit.
absl::Status CheckStatsCost(const StatsConfig& config) {
  double seconds = 0, longest = -1;
  int longest_n = 0;
  // The longest first: the size grows with n, so a refusal comes at once.
  std::vector<int> lengths = config.lengths;
  std::sort(lengths.rbegin(), lengths.rend());
  for (int n : lengths) {
    absl::StatusOr<std::int64_t> least = EstimateGates(config.model, n, 0);
    if (!least.ok()) {
      return absl::Status(least.status().code(),
                          absl::StrCat(config.model_arg, " at n = ", n, ": ",
                                       least.status().message()));
    }
    if (config.budgets.max_gates > 0 && *least > config.budgets.max_gates) {
      return absl::ResourceExhaustedError(absl::StrCat(
          config.model_arg, " at n = ", n, ": the circuit is estimated at ",
          *least, " gates even at 0 fractional bits, over the budget of ",
          config.budgets.max_gates,
          " (raise --max-gates, or use smaller lengths)"));
    }
    // The precision auto finds grows like log n for the zoo.
    const int p = config.choice.fixed.value_or(
        std::min(FixedEngine::kMaxFracBits,
                 2 * static_cast<int>(std::ceil(std::log2(n + 1))) + 2));
    absl::StatusOr<std::int64_t> gates = EstimateGates(config.model, n, p);
    double t = (gates.ok() ? *gates : *least) * kCompileSecondsPerEstimatedGate;
    if (!config.choice.fixed) {
      const StringSet strings{
          .exhaustive_limit = PrecisionOptions{}.exhaustive_limit,
          .samples = PrecisionOptions{}.samples};
      t += kPrecisionSearchPasses *
           EstimateExperimentCost(config.model, n, strings).pass_seconds;
    }
    if (t > longest) {
      longest = t;
      longest_n = n;
    }
    seconds += t;
  }
  return CheckExperimentTime(
      seconds,
      absl::StrCat("compiling ", config.model_arg, " at ",
                   config.lengths.size(), " lengths"),
      absl::StrCat(config.choice.fixed ? "" : "the p* searches and ",
                   "the compiles; the longest: n = ", longest_n, ", ",
                   DurationText(longest)),
      "use fewer or shorter lengths, or a fixed --precision");
}

struct StatsRow {
  int n = 0;
  ResolvedPrecision p;
  circuits::CircuitStats st;
};

absl::StatusOr<std::vector<StatsRow>> MeasureStats(const StatsConfig& config,
                                                   std::ostream& err) {
  std::vector<StatsRow> rows;
  ProgressBar bar(err, "circuit-stats");
  for (int n : config.lengths) {
    absl::StatusOr<ResolvedPrecision> precision =
        ResolvePrecision(config.model, n, config.choice);
    if (!precision.ok()) return precision.status();
    absl::StatusOr<circuits::Circuit> circuit =
        Compile(config.model, n, precision->bits, config.budgets);
    if (!circuit.ok()) {
      return absl::Status(circuit.status().code(),
                          absl::StrCat(config.model_arg, " at n = ", n, ": ",
                                       circuit.status().message()));
    }
    rows.push_back({n, *precision, circuits::ComputeStats(*circuit)});
    if (auto cb = bar.callback()) cb(rows.size(), config.lengths.size());
  }
  return rows;
}

// gates ≈ a·n^k: least squares of log gates on log n, over the lengths
// n ≥ 2 whose circuit computes something; the depth over the same lengths.
struct StatsFit {
  bool fitted = false;
  double k = 0;
  int points = 0, min_depth = -1, max_depth = 0;
};

StatsFit FitStats(const std::vector<StatsRow>& rows) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  StatsFit f;
  for (const StatsRow& r : rows) {
    if (r.n < 2 || r.st.num_logic_gates == 0) continue;
    const double x = std::log(r.n), y = std::log(r.st.num_logic_gates);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    ++f.points;
    f.min_depth =
        f.min_depth < 0 ? r.st.depth : std::min(f.min_depth, r.st.depth);
    f.max_depth = std::max(f.max_depth, r.st.depth);
  }
  const int m = f.points;
  f.fitted = m >= 2 && m * sxx - sx * sx > 1e-12;
  if (f.fitted) f.k = (m * sxy - sx * sy) / (m * sxx - sx * sx);
  return f;
}

void PrintStatsJson(const StatsConfig& config, const ParsedArgs& parsed,
                    const std::vector<StatsRow>& rows, const StatsFit& fit,
                    std::ostream& out) {
  out << "{\"model\": " << JsonQuote(config.model_arg)
      << ", \"precision\": " << JsonQuote(parsed.GetOr("precision", "auto"))
      << ",\n  \"lengths\": [";
  for (size_t i = 0; i < rows.size(); ++i) {
    out << (i ? ",\n    " : "\n    ") << "{\"n\": " << rows[i].n
        << ", \"precision\": " << rows[i].p.bits
        << ", \"precision_source\": " << JsonQuote(rows[i].p.source) << ", "
        << CircuitStatsJson(rows[i].st) << "}";
  }
  out << "\n  ],\n  \"size_exponent\": "
      << (fit.fitted ? absl::StrFormat("%.3f", fit.k) : std::string("null"))
      << ", \"fitted_lengths\": " << fit.points
      << ", \"depth_min\": " << std::max(fit.min_depth, 0)
      << ", \"depth_max\": " << fit.max_depth << "}\n";
}

void PrintStatsTable(const StatsConfig& config, const ParsedArgs& parsed,
                     const std::vector<StatsRow>& rows, const StatsFit& fit,
                     std::ostream& out) {
  out << "model " << config.model_arg << ", precision "
      << parsed.GetOr("precision", "auto") << "\n";
  out << absl::StrFormat("%6s %4s %10s %11s %6s %7s %12s\n", "n", "p", "gates",
                         "wires", "depth", "fan-in", "max weight");
  bool any_sampled = false;
  for (const StatsRow& r : rows) {
    // A p found on a sample is marked: it is a sampled claim, not a proof.
    any_sampled = any_sampled || r.p.sampled;
    out << absl::StrFormat("%6d %4d%s%10d %11d %6d %7d %12d\n", r.n, r.p.bits,
                           r.p.sampled ? "*" : " ", r.st.num_logic_gates,
                           r.st.num_wires, r.st.depth, r.st.max_fanin,
                           r.st.max_abs_weight);
  }
  if (any_sampled) {
    out << "* p*(n) found on a sample of " << PrecisionOptions{}.samples
        << " strings, not on every string\n";
  }
  if (fit.fitted) {
    out << absl::StrFormat(
        "size: gates ~ n^%.2f (least squares on log-log over %d lengths)\n",
        fit.k, fit.points);
  } else {
    out << "size: too few lengths with a nonconstant circuit to fit a growth "
           "exponent\n";
  }
  if (fit.points > 0) {
    out << "depth: " << fit.min_depth << " … " << fit.max_depth
        << " over those lengths\n";
  }
}

}  // namespace

int RunCircuitStats(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kStatsSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status s = RequireFlags(*parsed, {"model", "lengths"}); !s.ok()) {
    return BadInput(kStatsSpec, s, err);
  }
  absl::StatusOr<StatsConfig> config = ParseStats(*parsed);
  if (!config.ok()) return BadInput(kStatsSpec, config.status(), err);
  if (absl::Status s = CheckStatsCost(*config); !s.ok()) {
    return BadInput(kStatsSpec, s, err);
  }
  absl::StatusOr<std::vector<StatsRow>> rows = MeasureStats(*config, err);
  if (!rows.ok()) return BadInput(kStatsSpec, rows.status(), err);
  const StatsFit fit = FitStats(*rows);
  if (parsed->json()) {
    PrintStatsJson(*config, *parsed, *rows, fit, out);
  } else {
    PrintStatsTable(*config, *parsed, *rows, fit, out);
  }
  return kExitOk;
}

}  // namespace satcirc::cli
