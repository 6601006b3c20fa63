// Threshold circuits: the data structure only. Algorithms live beside it, one
// per file (builder.h, gadgets.h, simulate.h, stats.h, passes.h, lower.h and
// the writers write_*.h / read_json.h / render.h).
//
// A circuit is a DAG of gates stored in a Boost.Graph adjacency list. Every
// gate that is not an input or a constant is a threshold gate
//
//     g(x) = [ Σᵢ wᵢ·xᵢ ≥ θ ]        (integer wᵢ on the in-edges, integer θ)
//
// (Merrill, Sabharwal, Smith 2022, §2; Siu, Roychowdhury, Kailath 1995, ch. 1).
// AND, OR, NOT and MAJORITY are typed special cases of it, for readability in
// the writers; their weights and threshold are stored too, so every algorithm
// can treat all of them uniformly.
//
// Invariant (checked by Validate): gate ids are a topological order, i.e.
// every in-edge of gate g comes from a gate with a smaller id. Gates are only
// ever appended, so ids are stable; passes return new circuits.
#ifndef SATCIRC_CIRCUITS_CIRCUIT_H_
#define SATCIRC_CIRCUITS_CIRCUIT_H_

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace satcirc::circuits {

enum class GateKind : std::uint8_t {
  kInput,      // a named primary input
  kConstant,   // constant 0 or 1 (Gate::value)
  kThreshold,  // [Σ wᵢxᵢ ≥ θ], the general case
  kAnd,        // all weights 1, θ = fan-in (fan-in ≥ 2)
  kOr,         // all weights 1, θ = 1 (fan-in ≥ 2)
  kNot,        // one input, weight −1, θ = 0
  kMajority,  // all weights 1, θ = ⌊k/2⌋ + 1 (strict majority), fan-in k ≥ 3
};
inline constexpr int kNumGateKinds = 7;

// "input", "const", "threshold", "and", "or", "not", "majority".
absl::string_view GateKindName(GateKind kind);
// The inverse of GateKindName; false if `name` is not a kind.
bool ParseGateKind(absl::string_view name, GateKind* kind);

// The kind a threshold gate with these weights and threshold is typed as
// (kThreshold unless one of the special cases above matches exactly).
GateKind ClassifyThreshold(std::span<const std::int64_t> weights,
                           std::int64_t threshold);

struct Gate {
  GateKind kind = GateKind::kThreshold;
  std::int64_t threshold = 0;  // θ; unused for inputs and constants
  bool value = false;          // constants only
  std::string name;            // inputs only, e.g. "x[3][1]"
  // Where the gate comes from, a '/'-separated path such as
  // "layer 1/head 2/pos 3" or "embed/pos 0"; may be empty. Diagrams draw one
  // nested cluster per path prefix; the summary view one node per block.
  std::string block;
};

struct Edge {
  std::int64_t weight = 1;
};

// vecS/vecS: vertex descriptors are 0…n−1 and in-edges keep insertion order,
// which makes every traversal (and so every writer) deterministic. The global
// edge list is a vector too (the default, a std::list, costs one allocation
// per wire; circuits have millions of wires and never lose one).
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Gate,
                          Edge, boost::no_property, boost::vecS>;
using GateId = Graph::vertex_descriptor;

// One weighted in-edge.
struct Fanin {
  GateId gate;
  std::int64_t weight;
  friend bool operator==(const Fanin&, const Fanin&) = default;
};

struct Output {
  std::string name;
  GateId gate;
  friend bool operator==(const Output&, const Output&) = default;
};

class Circuit {
 public:
  Circuit() : graph_(std::make_unique<Graph>()) {}
  // Copies are deep; moves are O(1) (Boost 1.74's adjacency_list copies even
  // when moved, so the graph lives behind a pointer).
  Circuit(const Circuit& other)
      : graph_(std::make_unique<Graph>(*other.graph_)),
        inputs_(other.inputs_),
        outputs_(other.outputs_) {}
  Circuit& operator=(const Circuit& other) {
    if (this != &other) *this = Circuit(other);
    return *this;
  }
  Circuit(Circuit&&) noexcept = default;
  Circuit& operator=(Circuit&&) noexcept = default;

  const Graph& graph() const { return *graph_; }
  std::size_t num_gates() const { return boost::num_vertices(*graph_); }
  std::size_t num_wires() const { return boost::num_edges(*graph_); }
  const Gate& gate(GateId id) const { return (*graph_)[id]; }
  // In-edges in insertion order.
  std::vector<Fanin> fanins(GateId id) const;
  std::size_t fanin_size(GateId id) const {
    return boost::in_degree(id, *graph_);
  }

  // Input gates in the order they were added (their position is the input's
  // index in simulation: input i is bit i of an assignment).
  const std::vector<GateId>& inputs() const { return inputs_; }
  const std::vector<Output>& outputs() const { return outputs_; }

  // Raw construction: no normalization, no hashing (see CircuitBuilder for
  // that). Fan-ins must already exist; asserted, since ids are a topological
  // order by construction.
  GateId AddInput(std::string name, std::string block = "");
  GateId AddConstant(bool value, std::string block = "");
  GateId AddGate(GateKind kind, std::span<const Fanin> fanins,
                 std::int64_t threshold, std::string block = "");
  void AddOutput(std::string name, GateId gate);

  // Checks the invariants a reader cannot trust: topological ids, typed kinds
  // that match their weights and threshold, Σ|wᵢ| and |θ| within int64,
  // distinct input and output names. Errors name the gate.
  absl::Status Validate() const;

  // Structural equality: same gates (kind, threshold, value, name, block) with
  // the same fan-ins in the same order, same inputs and outputs.
  friend bool operator==(const Circuit& a, const Circuit& b);

 private:
  std::unique_ptr<Graph> graph_;
  std::vector<GateId> inputs_;
  std::vector<Output> outputs_;
};

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_CIRCUIT_H_
