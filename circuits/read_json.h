// Reads the JSON netlist written by WriteJson (docs/circuit-format.md).
#ifndef SATCIRC_CIRCUITS_READ_JSON_H_
#define SATCIRC_CIRCUITS_READ_JSON_H_

#include <cstddef>
#include <istream>

#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

// Limits (docs/limits.md). The reader builds the circuit gate by gate from
// the parser's events, never a document tree, so its memory is the text and
// the circuit, and a document of the wrong shape is refused at its first
// wrong token.
inline constexpr std::size_t kMaxCircuitJsonBytes = std::size_t{64} << 20;
inline constexpr int kMaxCircuitJsonDepth = 64;  // nesting, unknown keys too

// Errors name the gate ("gates[4]: input 7 does not exist yet ...") and what
// was expected. A stream longer than kMaxCircuitJsonBytes is refused without
// being read to its end. The result passes Circuit::Validate().
absl::StatusOr<Circuit> ReadJson(std::istream& in);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_READ_JSON_H_
