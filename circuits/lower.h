// Lowering threshold gates to AND/OR/NOT networks, for the formats that have no
// threshold gate (AIGER, and BLIF/Verilog for large fan-in).
//
// A gate [Σ wᵢxᵢ ≥ θ] is first made positive (w·x = |w|·¬x − |w| for w < 0,
// so θ' = θ + Σ|negative wᵢ|). AND and OR of literals (unit weights, θ' = k or
// θ' = 1) become one AND or OR gate. Otherwise the sum Σ|wᵢ|·ℓᵢ is computed in
// binary by a balanced tree of ripple-carry adders (each literal contributes
// itself at the positions of the set bits of |wᵢ|; a full adder is
// t = a ⊕ b, sum = t ⊕ c, carry = (a ∧ b) ∨ (t ∧ c), with x ⊕ y written as
// (x ∨ y) ∧ ¬(x ∧ y)), and the sum is compared with the constant θ'
// bit-serially from the least significant bit:
// ge₀ = θ'₀ ? s₀ : 1, geⱼ = θ'ⱼ ? sⱼ ∧ geⱼ₋₁ : sⱼ ∨ geⱼ₋₁ (ge is "the low
// bits of the sum are ≥ the low bits of θ'"). For a gate of fan-in k with
// weights below 2^B this costs O(k·B) full adders and depth
// O((B + log k)·log k): a threshold function as an adder and a comparator,
// the textbook reduction (Wegener, The Complexity of Boolean Functions, 1987,
// ch. 3). The result is exact but not depth-optimal: it exists to feed AIG
// tools, which restructure anyway. Constant folding and structural hashing
// (the builder) remove the adders' constant-0 bits and shared pieces.
#ifndef SATCIRC_CIRCUITS_LOWER_H_
#define SATCIRC_CIRCUITS_LOWER_H_

#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

struct LowerOptions {
  // Threshold and majority gates with at most this many inputs are kept as
  // they are (0: lower them all). AND, OR, NOT are always kept.
  int keep_threshold_fanin = 0;
};

// A circuit with the same inputs and outputs in which every logic gate is an
// AND, OR or NOT (or a kept threshold gate, see LowerOptions).
absl::StatusOr<Circuit> LowerThresholds(const Circuit& circuit,
                                        const LowerOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_LOWER_H_
