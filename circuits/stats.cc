#include "circuits/stats.h"

#include <algorithm>
#include <cstdlib>

namespace satcirc::circuits {

std::vector<int> GateDepths(const Circuit& circuit) {
  const Graph& g = circuit.graph();
  std::vector<int> depth(circuit.num_gates(), 0);
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const GateKind kind = g[id].kind;
    if (kind == GateKind::kInput || kind == GateKind::kConstant) continue;
    int d = 0;
    for (auto [it, end] = boost::in_edges(id, g); it != end; ++it) {
      d = std::max(d, depth[boost::source(*it, g)]);
    }
    depth[id] = d + 1;
  }
  return depth;
}

CircuitStats ComputeStats(const Circuit& circuit) {
  CircuitStats s;
  const Graph& g = circuit.graph();
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& gate = g[id];
    ++s.gates_by_kind[static_cast<int>(gate.kind)];
    if (gate.kind == GateKind::kInput || gate.kind == GateKind::kConstant) {
      continue;
    }
    ++s.num_logic_gates;
    s.max_fanin = std::max<std::int64_t>(s.max_fanin, boost::in_degree(id, g));
    s.max_abs_threshold =
        std::max(s.max_abs_threshold,
                 static_cast<std::int64_t>(std::llabs(gate.threshold)));
    for (auto [it, end] = boost::in_edges(id, g); it != end; ++it) {
      s.max_abs_weight =
          std::max(s.max_abs_weight,
                   static_cast<std::int64_t>(std::llabs(g[*it].weight)));
    }
  }
  s.num_inputs = static_cast<std::int64_t>(circuit.inputs().size());
  s.num_outputs = static_cast<std::int64_t>(circuit.outputs().size());
  s.num_wires = static_cast<std::int64_t>(circuit.num_wires());
  const std::vector<int> depth = GateDepths(circuit);
  for (const Output& o : circuit.outputs())
    s.depth = std::max(s.depth, depth[o.gate]);
  return s;
}

}  // namespace satcirc::circuits
