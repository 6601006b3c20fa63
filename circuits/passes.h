// Circuit-to-circuit passes. Each returns a new circuit computing the same
// outputs on every input (same inputs in the same order, same output names).
// Gate ids of the result are again a topological order; gates keep their
// block labels.
#ifndef SATCIRC_CIRCUITS_PASSES_H_
#define SATCIRC_CIRCUITS_PASSES_H_

#include "absl/status/statusor.h"
#include "circuits/builder.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

// Rebuilds `circuit` gate by gate through a CircuitBuilder with `options`:
// the general form of the passes below.
absl::StatusOr<Circuit> Rebuild(const Circuit& circuit,
                                const BuilderOptions& options);

// Folds constant inputs into thresholds and replaces gates that are constant
// for every input by constants (no hashing, NOTs kept as they are).
absl::StatusOr<Circuit> PropagateConstants(const Circuit& circuit);

// Structural hashing: gates with the same normalized (fan-ins, weights,
// threshold) are merged (no constant folding, NOTs kept).
absl::StatusOr<Circuit> Deduplicate(const Circuit& circuit);

// Drops every gate from which no output can be reached. Inputs are always
// kept (they are the interface), constants only when used.
Circuit RemoveDeadGates(const Circuit& circuit);

// All of them: fold, absorb NOTs, hash, then remove dead gates.
absl::StatusOr<Circuit> Simplify(const Circuit& circuit);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_PASSES_H_
