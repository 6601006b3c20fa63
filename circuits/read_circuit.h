// Reads a circuit file of either format satcirc reads: the JSON netlist
// (docs/circuit-format.md, read_json.h) or AIGER, ASCII or binary
// (read_aiger.h). The content decides, not the file name: JSON starts with
// '{' (after white space), AIGER with "aag " or "aig ".
#ifndef SATCIRC_CIRCUITS_READ_CIRCUIT_H_
#define SATCIRC_CIRCUITS_READ_CIRCUIT_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

enum class CircuitFileFormat { kJson, kAiger };

// Errors start with `source` (e.g. "c.json: circuit JSON: gates[4]: ...").
absl::StatusOr<Circuit> ReadCircuit(std::string_view data,
                                    std::string_view source,
                                    CircuitFileFormat* format = nullptr);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_READ_CIRCUIT_H_
