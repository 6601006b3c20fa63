// Reads the JSON netlist written by WriteJson (docs/circuit-format.md).
#ifndef SATCIRC_CIRCUITS_READ_JSON_H_
#define SATCIRC_CIRCUITS_READ_JSON_H_

#include <istream>

#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

// Errors name the gate ("gates[4]: input 7 does not exist yet ...") and what
// was expected. The result passes Circuit::Validate().
absl::StatusOr<Circuit> ReadJson(std::istream& in);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_READ_JSON_H_
