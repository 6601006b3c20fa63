// satcirc simulate: a compiled circuit (JSON or AIGER) on one input string,
// the value of its outputs, and with --trace the value of every gate.
#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "circuits/read_aiger.h"
#include "circuits/read_circuit.h"
#include "circuits/simulate.h"
#include "circuits/stats.h"
#include "lib/compile/circuit_inputs.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/input_arg.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "simulate",
    .usage =
        "satcirc simulate --circuit FILE (--input S | --input-file F) "
        "[--alphabet SYMBOLS | --model M] [--trace] [--json]",
    .summary =
        "Evaluates a circuit written by satcirc compile (the JSON netlist or "
        "AIGER, ASCII or binary, told apart by their content) on one input "
        "string and prints accept or reject: its output 'accept' (and "
        "'overflow', when it has one). The circuit's inputs x[i][k] fix the "
        "length n and the number of symbols; S is written in --alphabet, in "
        "the alphabet of --model M, or by default in the digits 0, 1, … for "
        "the symbols 0, 1, … (docs/simulate.md).",
    .flags = {{"circuit", true, "FILE",
               "the circuit file (JSON or AIGER), - for stdin"},
              {"input", true, "S", "the input string, or - for stdin"},
              {"input-file", true, "F",
               "a file holding the input string (- for stdin)"},
              {"alphabet", true, "SYMBOLS",
               "the symbols in order, one character each: the k-th is x[i][k]"},
              {"model", true, "M",
               "take the alphabet of this model (a file, - or zoo:NAME)"},
              {"trace", false, "",
               "print the value of every gate, by depth (circuits of at most "
               "5000 gates)"}},
};

// A trace lists every gate, one line each.
constexpr std::size_t kMaxTraceGates = 5000;

struct LoadedCircuit {
  std::string path;  // as given, "<stdin>" for -
  std::string format;
  circuits::Circuit circuit;
  TokenLayout layout;
};

absl::StatusOr<LoadedCircuit> LoadCircuit(const std::string& path) {
  LoadedCircuit c;
  c.path = path == "-" ? "<stdin>" : path;
  absl::StatusOr<std::string> data =
      ReadFileUpTo(path, circuits::kMaxAigerBytes);
  if (!data.ok()) return data.status();
  circuits::CircuitFileFormat format;
  absl::StatusOr<circuits::Circuit> circuit =
      circuits::ReadCircuit(*data, c.path, &format);
  if (!circuit.ok()) return circuit.status();
  c.format = format == circuits::CircuitFileFormat::kJson ? "json" : "aiger";
  c.circuit = *std::move(circuit);
  absl::StatusOr<TokenLayout> layout = ReadTokenLayout(c.circuit);
  if (!layout.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(c.path, ": ", layout.status().message()));
  }
  c.layout = *layout;
  return c;
}

// The alphabet the input is written in: --alphabet, --model's, or digits.
absl::StatusOr<automata::Alphabet> ResolveAlphabet(const ParsedArgs& args,
                                                   const LoadedCircuit& c) {
  const int k = c.layout.symbols;
  std::string symbols, what;
  if (args.Has("alphabet") && args.Has("model")) {
    return absl::InvalidArgumentError(
        "--alphabet and --model both given: give the alphabet once");
  }
  if (std::optional<std::string> a = args.Get("alphabet")) {
    symbols = *a;
    what = absl::StrCat("--alphabet '", *a, "'");
  } else if (std::optional<std::string> m = args.Get("model")) {
    absl::StatusOr<Model> model = LoadModelArg(*m);
    if (!model.ok()) return model.status();
    symbols = model->alphabet.symbols();
    what = absl::StrCat("--model ", *m, ": its alphabet '", symbols, "'");
  } else if (k > 10) {
    return absl::InvalidArgumentError(
        absl::StrCat(c.path, " has ", k,
                     " symbols per position, more than the digits: "
                     "give --alphabet or --model"));
  } else {
    symbols = std::string("0123456789").substr(0, std::max(k, 1));
    what = absl::StrCat("the default alphabet '", symbols, "'");
  }
  absl::StatusOr<automata::Alphabet> abc =
      automata::Alphabet::FromSymbols(symbols);
  if (!abc.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", abc.status().message()));
  }
  if (k > 0 && abc->size() != k) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, " has ", abc->size(), " symbols, but ", c.path, " has ", k,
        " per position (inputs x[i][0] … x[i][", k - 1, "])"));
  }
  return abc;
}

// Standard input is read by at most one of --circuit, --model and the input.
absl::Status CheckStdin(const ParsedArgs& args) {
  int readers = 0;
  for (const char* flag : {"circuit", "model", "input", "input-file"})
    readers += args.GetOr(flag, "") == "-";
  if (readers <= 1) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "standard input given (-) to more than one of --circuit, --model and "
      "the input: give all but one as files");
}

// The value of every gate, and where the outputs accept and overflow are.
struct Simulation {
  std::vector<bool> value;  // by gate id
  bool accept = false;
  std::optional<bool> overflow;
};

absl::StatusOr<Simulation> Simulate(const LoadedCircuit& c, const Input& in) {
  if (static_cast<int>(in.word.size()) != c.layout.length) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the input '", in.text, "' has length ", in.word.size(), ", but ",
        c.path, " is compiled for length ", c.layout.length,
        " (compile one for this length: satcirc compile --length ",
        in.word.size(), ")"));
  }
  Simulation s;
  s.value = circuits::EvaluateGates(c.circuit, EncodeTokens(c.layout, in.word));
  std::optional<bool> accept;
  std::string names;
  for (const circuits::Output& o : c.circuit.outputs()) {
    if (o.name == "accept") accept = s.value[o.gate];
    if (o.name == "overflow") s.overflow = s.value[o.gate];
    absl::StrAppend(&names, names.empty() ? "" : ", ", o.name);
  }
  if (!accept) {
    return absl::InvalidArgumentError(
        absl::StrCat(c.path, ": no output named 'accept' (its outputs: ",
                     names.empty() ? "none" : names, ")"));
  }
  s.accept = *accept;
  return s;
}

// Gate ids in trace order: by depth, then by id; inputs and constants first.
std::vector<circuits::GateId> TraceOrder(const circuits::Circuit& c,
                                         const std::vector<int>& depth) {
  std::vector<circuits::GateId> order(c.num_gates());
  for (circuits::GateId id = 0; id < c.num_gates(); ++id) order[id] = id;
  std::stable_sort(order.begin(), order.end(),
                   [&](circuits::GateId a, circuits::GateId b) {
                     return depth[a] < depth[b];
                   });
  return order;
}

std::string GateLabel(const circuits::Circuit& c, circuits::GateId id) {
  const circuits::Gate& g = c.gate(id);
  return g.kind == circuits::GateKind::kInput ? g.name : absl::StrCat("g", id);
}

void PrintTrace(const LoadedCircuit& c, const Simulation& s,
                std::ostream& out) {
  const std::vector<int> depth = circuits::GateDepths(c.circuit);
  int current = -1;
  for (circuits::GateId id : TraceOrder(c.circuit, depth)) {
    const circuits::Gate& g = c.circuit.gate(id);
    if (depth[id] != current) {
      current = depth[id];
      out << "depth " << current
          << (current == 0 ? " (inputs and constants):" : ":") << "\n";
    }
    out << "  " << GateLabel(c.circuit, id) << " "
        << circuits::GateKindName(g.kind) << " = " << s.value[id];
    if (!g.block.empty()) out << "  " << g.block;
    out << "\n";
  }
  for (const circuits::Output& o : c.circuit.outputs()) {
    out << "output " << o.name << " = " << GateLabel(c.circuit, o.gate) << " = "
        << s.value[o.gate] << "\n";
  }
}

void PrintJson(const LoadedCircuit& c, const Input& in, const Simulation& s,
               bool trace, std::ostream& out) {
  out << "{\"circuit\": " << JsonQuote(c.path)
      << ", \"format\": " << JsonQuote(c.format)
      << ", \"input\": " << JsonQuote(in.text)
      << ", \"length\": " << in.word.size()
      << ", \"accept\": " << (s.accept ? "true" : "false") << ", \"overflow\": "
      << (!s.overflow   ? "null"
          : *s.overflow ? "true"
                        : "false");
  if (trace) {
    const std::vector<int> depth = circuits::GateDepths(c.circuit);
    out << ",\n \"trace\": [";
    bool first = true;
    for (circuits::GateId id : TraceOrder(c.circuit, depth)) {
      const circuits::Gate& g = c.circuit.gate(id);
      out << (first ? "\n  " : ",\n  ") << "{\"gate\": " << id
          << ", \"label\": " << JsonQuote(GateLabel(c.circuit, id))
          << ", \"kind\": " << JsonQuote(circuits::GateKindName(g.kind))
          << ", \"depth\": " << depth[id] << ", \"value\": " << s.value[id]
          << ", \"block\": " << JsonQuote(g.block) << "}";
      first = false;
    }
    out << "\n ]";
  }
  out << "}\n";
}

// Everything that can fail before the evaluation, in the order a user reads
// the command line.
absl::Status LoadAll(const ParsedArgs& args, LoadedCircuit* c, Input* in) {
  if (absl::Status s = RequireFlags(args, {"circuit"}); !s.ok()) return s;
  if (absl::Status s = CheckInputFlags(args, "circuit"); !s.ok()) return s;
  if (absl::Status s = CheckStdin(args); !s.ok()) return s;
  absl::StatusOr<LoadedCircuit> loaded = LoadCircuit(*args.Get("circuit"));
  if (!loaded.ok()) return loaded.status();
  *c = *std::move(loaded);
  if (args.Has("trace") && c->circuit.num_gates() > kMaxTraceGates) {
    return absl::OutOfRangeError(
        absl::StrCat("--trace: ", c->path, " has ", c->circuit.num_gates(),
                     " gates; a trace lists at most ", kMaxTraceGates,
                     " (run without --trace)"));
  }
  absl::StatusOr<automata::Alphabet> abc = ResolveAlphabet(args, *c);
  if (!abc.ok()) return abc.status();
  absl::StatusOr<Input> input = ReadInput(args, *abc);
  if (!input.ok()) return input.status();
  *in = *std::move(input);
  return absl::OkStatus();
}

}  // namespace

int RunSimulate(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  LoadedCircuit circuit;
  Input input;
  if (absl::Status s = LoadAll(*parsed, &circuit, &input); !s.ok()) {
    return BadInput(kSpec, s, err);
  }
  absl::StatusOr<Simulation> sim = Simulate(circuit, input);
  if (!sim.ok()) return BadInput(kSpec, sim.status(), err);
  const bool trace = parsed->Has("trace");
  if (parsed->json()) {
    PrintJson(circuit, input, *sim, trace, out);
    return kExitOk;
  }
  if (trace) PrintTrace(circuit, *sim, out);
  out << (sim->accept ? "accept" : "reject");
  if (sim->overflow.value_or(false)) {
    out << "  (overflow = 1: a residual value leaves the model's declared "
           "range on this input, where fixed:P reports an error)";
  }
  out << "\n";
  return kExitOk;
}

}  // namespace satcirc::cli
