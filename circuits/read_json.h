// Reads the JSON netlist written by WriteJson (docs/circuit-format.md).
#ifndef SATCIRC_CIRCUITS_READ_JSON_H_
#define SATCIRC_CIRCUITS_READ_JSON_H_

#include <cstddef>
#include <istream>

#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

// Limits (docs/limits.md), checked before the document is parsed: the parsed
// document takes about ten times its size in memory, and a deeply nested one
// would be freed recursively.
inline constexpr std::size_t kMaxCircuitJsonBytes = std::size_t{64} << 20;
inline constexpr int kMaxCircuitJsonDepth = 64;

// Errors name the gate ("gates[4]: input 7 does not exist yet ...") and what
// was expected. A stream longer than kMaxCircuitJsonBytes is refused without
// being read to its end. The result passes Circuit::Validate().
absl::StatusOr<Circuit> ReadJson(std::istream& in);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_READ_JSON_H_
