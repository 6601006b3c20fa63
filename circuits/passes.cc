#include "circuits/passes.h"

#include <vector>

namespace satcirc::circuits {

absl::StatusOr<Circuit> Rebuild(const Circuit& circuit,
                                const BuilderOptions& options) {
  CircuitBuilder b(options);
  std::vector<GateId> map(circuit.num_gates());
  std::vector<Fanin> fanins;
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    b.SetBlock(g.block);
    switch (g.kind) {
      case GateKind::kInput:
        map[id] = b.Input(g.name);
        break;
      case GateKind::kConstant:
        map[id] = b.Constant(g.value);
        break;
      default:
        fanins = circuit.fanins(id);
        for (Fanin& f : fanins) f.gate = map[f.gate];
        map[id] = b.Threshold(fanins, g.threshold);
    }
  }
  for (const Output& o : circuit.outputs()) b.AddOutput(o.name, map[o.gate]);
  return b.Build();
}

absl::StatusOr<Circuit> PropagateConstants(const Circuit& circuit) {
  return Rebuild(
      circuit,
      {.hash_cons = false, .fold_constants = true, .absorb_not = false});
}

absl::StatusOr<Circuit> Deduplicate(const Circuit& circuit) {
  return Rebuild(
      circuit,
      {.hash_cons = true, .fold_constants = false, .absorb_not = false});
}

Circuit RemoveDeadGates(const Circuit& circuit) {
  const Graph& graph = circuit.graph();
  std::vector<char> live(circuit.num_gates(), 0);
  for (const Output& o : circuit.outputs()) live[o.gate] = 1;
  // Reverse id order is a reverse topological order.
  for (GateId id = circuit.num_gates(); id-- > 0;) {
    if (!live[id]) continue;
    for (auto [it, end] = boost::in_edges(id, graph); it != end; ++it) {
      live[boost::source(*it, graph)] = 1;
    }
  }
  Circuit out;
  std::vector<GateId> map(circuit.num_gates());
  std::vector<Fanin> fanins;
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    if (g.kind == GateKind::kInput) {
      map[id] = out.AddInput(g.name, g.block);
    } else if (!live[id]) {
      continue;
    } else if (g.kind == GateKind::kConstant) {
      map[id] = out.AddConstant(g.value, g.block);
    } else {
      fanins = circuit.fanins(id);
      for (Fanin& f : fanins) f.gate = map[f.gate];
      map[id] = out.AddGate(g.kind, fanins, g.threshold, g.block);
    }
  }
  for (const Output& o : circuit.outputs()) out.AddOutput(o.name, map[o.gate]);
  return out;
}

absl::StatusOr<Circuit> Simplify(const Circuit& circuit) {
  auto rebuilt = Rebuild(circuit, BuilderOptions{});
  if (!rebuilt.ok()) return rebuilt.status();
  return RemoveDeadGates(*rebuilt);
}

}  // namespace satcirc::circuits
