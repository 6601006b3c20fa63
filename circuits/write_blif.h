// Berkeley Logic Interchange Format (BLIF, Berkeley 1992): one .names cover
// per gate. NOT and constants get their natural covers; AND and OR of k inputs
// one cube (AND) or k cubes (OR), split into a tree of .names of at most
// kMaxBlifNamesInputs inputs when wider; a threshold or majority gate of
// fan-in ≤ max_cover_fanin gets its on-set (one row per satisfying
// assignment, ≤ 2^k rows); larger ones are first lowered to AND/OR/NOT
// (lower.h). So no .names has more than 12 inputs or 2^max_cover_fanin rows.
// Readable by ABC and Yosys (read_blif; Yosys 0.23 refuses a .names of 13 or
// more inputs).
#ifndef SATCIRC_CIRCUITS_WRITE_BLIF_H_
#define SATCIRC_CIRCUITS_WRITE_BLIF_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

// The widest .names written: Yosys's read_blif takes at most 12 inputs.
inline constexpr int kMaxBlifNamesInputs = 12;

struct BlifOptions {
  std::string model_name = "circuit";
  int max_cover_fanin = 8;  // clamped to 0 … kMaxBlifNamesInputs
};

// Errors only if lowering fails (it does not for a valid circuit).
absl::Status WriteBlif(std::ostream& out, const Circuit& circuit,
                       const BlifOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_BLIF_H_
