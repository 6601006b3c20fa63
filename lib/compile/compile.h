// The compiler from (model, n, p) to a threshold circuit (docs/semantics.md,
// "Threshold circuits"; Merrill, Sabharwal, Smith 2022, §5).
//
// Compile(model, n, p) returns a circuit whose inputs are the one-hot token
// bits x[i][k] (input position i < n holds the alphabet's k-th symbol), and
// whose output "accept" equals the fixed:p engine's decision (FixedEngine) on
// every string of length n. Every residual value is a binary number of p
// fractional bits whose width comes from its exact static range (circuits/
// gadgets.h), so nothing can wrap; positional features are constants at a
// fixed n and fold away with everything that depends on them alone. When some
// residual value can leave the model's declared range [−2^integer_bits,
// 2^integer_bits) — where fixed:p reports an error — a second output
// "overflow" is 1 exactly on those strings; when no string can, there is no
// such output.
//
// Per layer (ℓ) and position (p), as gates labelled "layer ℓ/head h/pos p":
//  - scores q_p·k_q = x_pᵀ(W_Qᵀ W_K)x_q as unmaterialized sums of partial
//    products (depth 1), the argmax set by one comparison gate per pair and
//    an AND (depth 2; hard heads keep its leftmost or rightmost member),
//  - the average of the values over the set rounded down to p fractional
//    bits (SelectedAverageFloor), or the one selected value,
//  - the residual x + W_O·att rounded down ("layer ℓ/residual/pos p"), the MLP
//    ("layer ℓ/mlp/pos p"), and the readout comparison ("readout").
// The depth is a constant per model (it does not grow with n); the size is
// polynomial in n.
#ifndef SATCIRC_LIB_COMPILE_COMPILE_H_
#define SATCIRC_LIB_COMPILE_COMPILE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "circuits/circuit.h"
#include "lib/model/model.h"

namespace satcirc {

struct CompileOptions {
  // Refuse (ResourceExhausted) when the estimate, or the circuit while it is
  // built, passes this many gates. 0: no budget.
  std::int64_t max_gates = 20'000'000;
  // The same for wires (gate inputs), checked while building: a dense trained
  // network's gates have hundreds of inputs each, and a wire costs about 100
  // bytes, so the gate budget alone does not bound memory. 0: no budget.
  std::int64_t max_wires = 50'000'000;
  // Run circuits::Simplify (constant propagation, deduplication, dead gates).
  bool simplify = true;
};

// The size of Compile(model, n, p) estimated from the static ranges of the
// residual features, without building anything: an upper-bound-minded guess,
// typically within a small factor (docs/compile.md).
absl::StatusOr<std::int64_t> EstimateGates(const Model& model, int n,
                                           int frac_bits);

// Errors: a softmax head (no circuit semantics), frac_bits outside
// 0 … FixedEngine::kMaxFracBits, a length outside 0 … 4096, weights or ranges
// too large for 62-bit numbers (OutOfRange, naming the layer), the gate
// budget (ResourceExhausted, with the estimate).
absl::StatusOr<circuits::Circuit> Compile(const Model& model, int n,
                                          int frac_bits,
                                          const CompileOptions& options = {});

// The circuit's input assignment for a word: bit i·|Σ| + k is [w_i = k].
std::vector<bool> EncodeWord(const Model& model, const automata::Word& word);

// The circuit's decisions on many words of its length, 64 at a time.
struct CircuitOutcome {
  bool accept = false;
  bool overflow = false;  // the "overflow" output, when the circuit has one
};
std::vector<CircuitOutcome> RunCircuit(const circuits::Circuit& circuit,
                                       const Model& model,
                                       std::span<const automata::Word> words);

}  // namespace satcirc

#endif  // SATCIRC_LIB_COMPILE_COMPILE_H_
