// Size, depth, fan-in and weight statistics of a circuit.
#ifndef SATCIRC_CIRCUITS_STATS_H_
#define SATCIRC_CIRCUITS_STATS_H_

#include <array>
#include <cstdint>
#include <vector>

#include "circuits/circuit.h"

namespace satcirc::circuits {

struct CircuitStats {
  std::array<std::int64_t, kNumGateKinds> gates_by_kind{};  // by GateKind
  std::int64_t num_inputs = 0;
  std::int64_t num_outputs = 0;
  // Gates that compute something: every gate but inputs and constants.
  std::int64_t num_logic_gates = 0;
  // Longest input → output path in logic gates (inputs and constants have
  // depth 0; NOT gates count as a level, as they are gates of their own).
  int depth = 0;
  std::int64_t max_fanin = 0;
  std::int64_t max_abs_weight = 0;  // over all edges
  std::int64_t max_abs_threshold = 0;
  std::int64_t num_wires = 0;  // edges
};

CircuitStats ComputeStats(const Circuit& circuit);

// Depth of every gate (inputs and constants 0, a logic gate 1 + the deepest
// fan-in). Linear time: ids are a topological order.
std::vector<int> GateDepths(const Circuit& circuit);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_STATS_H_
