// AIGER, ASCII (.aag) or binary (.aig) (Biere, "The AIGER And-Inverter Graph
// (AIG) Format", version 1.9): a combinational AIG with no latches. Threshold
// and majority gates are lowered first (LowerThresholds, lower.h); AND and OR
// of k inputs become balanced trees of two-input ANDs (OR by De Morgan), NOT is
// a complemented literal. Variables are numbered inputs first, then ANDs in
// topological order, so every AND's left-hand side exceeds its operands (as
// the binary format requires). A symbol table names inputs and outputs.
// circuits/read_aiger.h reads AIGER back (ParseAiger).
#ifndef SATCIRC_CIRCUITS_WRITE_AIGER_H_
#define SATCIRC_CIRCUITS_WRITE_AIGER_H_

#include <cstdint>
#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

struct AigerOptions {
  bool symbols = true;  // write the i/o symbol table
  bool comment = true;  // write a "c" comment section
  bool binary = false;  // the binary format (.aig) instead of ASCII (.aag)
};

// The header "aag M I L O A" of the file WriteAiger writes: I = the circuit's
// inputs, O = its outputs, L = 0, A = the two-input ANDs the logic gates
// become once lowered (threshold gates to adders and a comparator, AND and OR
// of k inputs to at most k − 1 ANDs each, NOTs to complemented literals,
// constants folded), M = I + A. A is not the circuit's gate count
// (circuit-stats counts threshold gates); `satcirc compile` prints both.
struct AigerHeader {
  std::uint64_t max_var = 0, inputs = 0, latches = 0, outputs = 0, ands = 0;
};

// Symbols (options.symbols) are the port names of names.h, as in BLIF and
// Verilog: "x[3][1]" is written "x_3__1_". *header, when given, receives the
// header's counts.
absl::Status WriteAiger(std::ostream& out, const Circuit& circuit,
                        const AigerOptions& options = {},
                        AigerHeader* header = nullptr);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_AIGER_H_
