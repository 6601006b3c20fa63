// Berkeley Logic Interchange Format (BLIF, Berkeley 1992): one .names cover
// per gate. AND, OR, NOT and constants get their natural covers; a threshold
// or majority gate of fan-in ≤ max_cover_fanin gets its on-set (one row per
// satisfying assignment, ≤ 2^k rows); larger ones are first lowered to
// AND/OR/NOT (lower.h). Readable by ABC and Yosys (read_blif).
#ifndef SATCIRC_CIRCUITS_WRITE_BLIF_H_
#define SATCIRC_CIRCUITS_WRITE_BLIF_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

struct BlifOptions {
  std::string model_name = "circuit";
  int max_cover_fanin = 8;  // ≤ 20
};

// Errors only if lowering fails (it does not for a valid circuit).
absl::Status WriteBlif(std::ostream& out, const Circuit& circuit,
                       const BlifOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_BLIF_H_
