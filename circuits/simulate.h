// Simulation of threshold circuits.
//
// BitParallelSimulator evaluates 64 input assignments at once: lane ℓ of every
// uint64_t word is assignment ℓ. Gate values live in one flat array of words in
// topological (= id) order, one word per gate, and the fan-ins in one flat CSR
// array, as in ABC's giaSim.c. Gates are compiled into three classes:
//   - AND of literals ([Σ ±xᵢ ≥ #positive]) and OR of literals: one AND/OR per
//     fan-in over (possibly complemented) words;
//   - general threshold gates: a bit-sliced counter. Negative weights are
//     turned positive (w·x = |w|·(¬x) − |w|), each input word is added into a
//     vertical binary counter at the positions of the set bits of |w| (ripple
//     carry over the counter's words), and the counter is compared with θ' by a
//     branch-free bit-serial comparison. Cost per input: popcount(|w|) short
//     ripples, independent of the lane count.
// EvaluateScalar is a second, independent implementation (one assignment,
// direct Σwx ≥ θ over the Boost graph) for tests.
#ifndef SATCIRC_CIRCUITS_SIMULATE_H_
#define SATCIRC_CIRCUITS_SIMULATE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

class BitParallelSimulator {
 public:
  explicit BitParallelSimulator(const Circuit& circuit);

  std::size_t num_gates() const { return kinds_.size(); }
  std::size_t num_inputs() const { return input_gates_.size(); }
  std::size_t num_outputs() const { return output_gates_.size(); }

  // inputs: one word per circuit input (in Circuit::inputs() order);
  // values: one word per gate, overwritten. Lane ℓ is one assignment.
  void Run(std::span<const std::uint64_t> inputs,
           std::span<std::uint64_t> values) const;
  // One word per output, in Circuit::outputs() order.
  std::vector<std::uint64_t> RunOutputs(
      std::span<const std::uint64_t> inputs) const;
  // The gate each output reads.
  const std::vector<std::uint32_t>& output_gates() const {
    return output_gates_;
  }

 private:
  enum class Op : std::uint8_t { kInput, kZero, kOne, kAnd, kOr, kCounter };
  std::vector<Op> kinds_;
  // CSR fan-ins: gate g's fan-ins are [begin_[g], begin_[g+1]); complement_
  // marks literals (AND/OR) or negative weights (counter); weights are |w|.
  std::vector<std::uint32_t> begin_;
  std::vector<std::uint32_t> fanin_;
  std::vector<std::uint64_t> weight_;
  std::vector<std::uint8_t> complement_;
  std::vector<std::uint64_t> threshold_;  // θ' ≥ 1 for counter gates
  std::vector<std::uint8_t> counter_bits_;
  std::vector<std::uint32_t> input_gates_;
  std::vector<std::uint32_t> output_gates_;
};

// The outputs for one assignment (inputs[i] is input i), by a direct
// evaluation of Σwx ≥ θ over the graph.
std::vector<bool> EvaluateScalar(const Circuit& circuit,
                                 const std::vector<bool>& inputs);

// The same evaluation, with the value of every gate, by id.
std::vector<bool> EvaluateGates(const Circuit& circuit,
                                const std::vector<bool>& inputs);

// Truth tables of every output over all 2^k assignments of the k inputs:
// result[o] has 2^k bits packed 64 per word (at least one word), bit a is the
// output on the assignment where input i is bit i of a. k ≤ 26, else an error.
absl::StatusOr<std::vector<std::vector<std::uint64_t>>> ExhaustiveTruthTables(
    const Circuit& circuit);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_SIMULATE_H_
