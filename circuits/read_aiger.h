// Reads combinational AIGER files, ASCII (.aag) and binary (.aig) (Biere,
// "The AIGER And-Inverter Graph (AIG) Format", version 1.9): what WriteAiger
// (write_aiger.h) writes, and what Yosys's write_aiger writes, with or without
// -ascii and -symbols.
#ifndef SATCIRC_CIRCUITS_READ_AIGER_H_
#define SATCIRC_CIRCUITS_READ_AIGER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

// Limits (docs/limits.md). The header's counts are checked against them and
// against the bytes that follow before anything is allocated, so a short file
// cannot ask for billions of gates.
inline constexpr std::size_t kMaxAigerBytes = std::size_t{256} << 20;
// The maximal variable index M. A variable costs up to about 400 bytes of
// circuit (an AND gate, its negation, their wires), and the binary format
// declares its inputs in the header alone, so this bounds the memory of any
// file (to about 400 MiB).
inline constexpr std::uint64_t kMaxAigerVariables = std::uint64_t{1} << 20;

// Parses `data` (the whole file; `source` names it in errors, e.g.
// "m.aag: line 7: AND 2: left-hand side 7 is odd"). Latches and the 1.9
// header extensions (bad states, constraints, justice, fairness) are refused:
// the circuits of satcirc are combinational. ANDs may come in any order in
// ASCII; an AND that depends on itself is an error. Symbols name inputs and
// outputs ("i<k>" and "o<k>" by default); comments are skipped. The result is
// a circuit of inputs, 2-input AND gates, NOT gates (one per complemented
// variable used) and constants, with the inputs in file order; it passes
// Circuit::Validate().
absl::StatusOr<Circuit> ParseAiger(std::string_view data,
                                   std::string_view source);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_READ_AIGER_H_
