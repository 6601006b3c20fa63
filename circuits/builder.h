// CircuitBuilder: the only sensible way to make a circuit. Every gate request
// is normalized, folded and hash-consed before a gate is appended, so that the
// circuit the compiler produces is small without a separate clean-up:
//
//  - normalization: fan-ins are sorted by id, duplicate inputs merged (weights
//    added), zero weights dropped, and the weights divided by their gcd g with
//    θ ← ⌈θ/g⌉ (Σwx is a multiple of g, so the function is unchanged);
//  - constant folding: a constant input c with weight w is removed and θ −=
//  w·c;
//    a gate whose minimum Σ (all negative weights on) reaches θ is constant 1,
//    one whose maximum Σ stays below θ is constant 0; a single-input gate is
//    its input, its negation or a constant;
//  - NOT absorption (BuilderOptions::absorb_not): w·NOT(y) = w − w·y, so an
//    input that is a NOT gate is replaced by its own input with weight −w and
//    θ −= w. This is why NOT(NOT x) = x, and why NOT never costs depth inside
//    a threshold circuit (negations are free in threshold logic; Siu,
//    Roychowdhury, Kailath 1995, ch. 1);
//  - hash-consing: two requests with the same (fan-ins, weights, threshold)
//    after normalization return the same gate (the kind is a function of
//    those). This is the structural hashing of AIG packages (ABC's strash).
//
// Errors (64-bit overflow of Σ|w|, duplicate input names, the wire budget) are
// sticky: the first
// one is kept in status(), later requests return constant 0, and Build()
// returns the error. Gadgets check their widths before asking for gates, so a
// builder driven only through gadgets.h does not overflow.
//
// Gates are never removed: a NOT gate whose consumers absorbed it, or a bit
// of a sum nobody reads, stays in the circuit unused. Run Simplify or
// RemoveDeadGates (passes.h) on the built circuit before writing or counting.
#ifndef SATCIRC_CIRCUITS_BUILDER_H_
#define SATCIRC_CIRCUITS_BUILDER_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

struct BuilderOptions {
  bool hash_cons = true;       // identical requests share one gate
  bool fold_constants = true;  // constant inputs and constant gates fold away
  bool absorb_not = true;      // NOT inputs become negative weights
  // A gate that would take the circuit past this many wires (gate inputs) is
  // not made: the builder fails with ResourceExhausted, as with any error.
  // 0: no limit.
  std::int64_t max_wires = 0;
};

class CircuitBuilder {
 public:
  explicit CircuitBuilder(BuilderOptions options = {});

  // A new primary input. Input names must be distinct.
  GateId Input(std::string name);
  GateId Constant(bool value);

  // [Σ wᵢxᵢ ≥ θ], normalized as described above.
  GateId Threshold(std::span<const Fanin> fanins, std::int64_t threshold);
  GateId And(std::span<const GateId> inputs);  // AND of none is 1
  GateId Or(std::span<const GateId> inputs);   // OR of none is 0
  GateId Not(GateId input);
  GateId And(GateId a, GateId b);
  GateId Or(GateId a, GateId b);
  // Strict majority: [Σxᵢ ≥ ⌊k/2⌋ + 1].
  GateId Majority(std::span<const GateId> inputs);
  // Composite helpers, built from the above (depth 2).
  GateId Xor(GateId a, GateId b);
  GateId Mux(GateId select, GateId if_true, GateId if_false);

  void AddOutput(std::string name, GateId gate);

  // The block label new gates get ('/'-separated path, see Gate::block).
  // A hash-consed gate keeps the block of its first request.
  void SetBlock(std::string block) { block_ = std::move(block); }
  const std::string& block() const { return block_; }

  // Whether `id` is a constant gate, and its value.
  bool IsConstant(GateId id) const;
  bool ConstantValue(GateId id) const { return circuit_.gate(id).value; }

  const Circuit& circuit() const { return circuit_; }
  const absl::Status& status() const { return status_; }
  // The circuit, or the first error. Leaves the builder empty.
  absl::StatusOr<Circuit> Build();

 private:
  struct Key {
    std::vector<Fanin> fanins;
    std::int64_t threshold;
    friend bool operator==(const Key&, const Key&) = default;
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      for (const Fanin& f : k.fanins)
        h = H::combine(std::move(h), f.gate, f.weight);
      return H::combine(std::move(h), k.fanins.size(), k.threshold);
    }
  };
  void Fail(absl::Status status);
  // Threshold()'s steps: the fan-ins with constants folded, NOTs absorbed
  // (both into *theta) and duplicates merged, sorted by gate; then the gate
  // for normalized terms (a constant or a wire where it folds, else a
  // hash-consed gate). *overflow is set when a sum leaves int64.
  std::vector<Fanin> MergedTerms(std::span<const Fanin> fanins,
                                 std::int64_t* theta, bool* overflow) const;
  GateId ThresholdOf(std::vector<Fanin> terms, std::int64_t theta,
                     std::size_t fanin_count);

  BuilderOptions options_;
  Circuit circuit_;
  std::string block_;
  absl::Status status_;
  GateId constants_[2];
  bool have_constant_[2] = {false, false};
  absl::flat_hash_map<Key, GateId> table_;
  absl::flat_hash_set<std::string> input_names_;
};

// Sets a builder's block for the lifetime of the object, then restores it.
//   { BlockScope scope(b, "layer 1/head 2"); ... }
class BlockScope {
 public:
  BlockScope(CircuitBuilder& builder, std::string block)
      : builder_(builder), saved_(builder.block()) {
    builder_.SetBlock(std::move(block));
  }
  ~BlockScope() { builder_.SetBlock(saved_); }
  BlockScope(const BlockScope&) = delete;
  BlockScope& operator=(const BlockScope&) = delete;

 private:
  CircuitBuilder& builder_;
  std::string saved_;
};

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_BUILDER_H_
