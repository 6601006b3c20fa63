// AIGER, ASCII variant (.aag; Biere, "The AIGER And-Inverter Graph (AIG)
// Format", version 1.9): a combinational AIG with no latches. Threshold and
// majority gates are lowered first (LowerThresholds, lower.h); AND and OR of k
// inputs become balanced trees of two-input ANDs (OR by De Morgan), NOT is a
// complemented literal. Variables are numbered inputs first, then ANDs in
// topological order, so every AND's left-hand side exceeds its operands (as
// the binary format requires). A symbol table names inputs and outputs.
#ifndef SATCIRC_CIRCUITS_WRITE_AIGER_H_
#define SATCIRC_CIRCUITS_WRITE_AIGER_H_

#include <istream>
#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

struct AigerOptions {
  bool symbols = true;  // write the i/o symbol table
  bool comment = true;  // write a "c" comment section
};

absl::Status WriteAiger(std::ostream& out, const Circuit& circuit,
                        const AigerOptions& options = {});

// Reads a combinational .aag (no latches; ANDs defined before use) into a
// circuit of AND and NOT gates. Symbols name inputs and outputs (default
// "i<k>", "o<k>").
absl::StatusOr<Circuit> ReadAiger(std::istream& in);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_AIGER_H_
