#include "circuits/lower.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <vector>

#include "circuits/builder.h"

namespace satcirc::circuits {
namespace {

// AND/OR/NOT only: the builder may fold constants and share gates, but must
// not turn NOTs into negative weights.
class Lowerer {
 public:
  Lowerer()
      : b_({.hash_cons = true, .fold_constants = true, .absorb_not = false}) {}

  CircuitBuilder& builder() { return b_; }

  GateId And(std::vector<GateId> in) { return b_.And(Unique(std::move(in))); }
  GateId Or(std::vector<GateId> in) { return b_.Or(Unique(std::move(in))); }
  GateId And(GateId a, GateId b) { return And(std::vector<GateId>{a, b}); }
  GateId Or(GateId a, GateId b) { return Or(std::vector<GateId>{a, b}); }
  GateId Not(GateId a) { return b_.Not(a); }
  GateId Xor(GateId a, GateId b) { return And(Or(a, b), Not(And(a, b))); }

  // Σ ℓᵢ·wᵢ ≥ theta for literals ℓ and weights w > 0.
  GateId Threshold(const std::vector<GateId>& literals,
                   const std::vector<std::int64_t>& weights,
                   std::int64_t theta) {
    std::vector<std::vector<GateId>> numbers;
    for (std::size_t i = 0; i < literals.size(); ++i) {
      std::vector<GateId> bits;
      const int width = std::bit_width(static_cast<std::uint64_t>(weights[i]));
      for (int j = 0; j < width; ++j) {
        bits.push_back((weights[i] >> j) & 1 ? literals[i]
                                             : b_.Constant(false));
      }
      numbers.push_back(std::move(bits));
    }
    // Balanced adder tree, pairing neighbours (deterministic).
    while (numbers.size() > 1) {
      std::vector<std::vector<GateId>> next;
      for (std::size_t i = 0; i + 1 < numbers.size(); i += 2) {
        next.push_back(AddNumbers(numbers[i], numbers[i + 1]));
      }
      if (numbers.size() % 2) next.push_back(numbers.back());
      numbers = std::move(next);
    }
    const std::vector<GateId>& sum = numbers[0];
    // θ < 2^|sum| because θ ≤ Σwᵢ (a constant gate was folded earlier).
    GateId ge = b_.Constant(true);
    for (std::size_t j = 0; j < sum.size(); ++j) {
      ge = (theta >> j) & 1 ? And(sum[j], ge) : Or(sum[j], ge);
    }
    return ge;
  }

 private:
  static std::vector<GateId> Unique(std::vector<GateId> in) {
    std::sort(in.begin(), in.end());
    in.erase(std::unique(in.begin(), in.end()), in.end());
    return in;
  }

  std::vector<GateId> AddNumbers(const std::vector<GateId>& x,
                                 const std::vector<GateId>& y) {
    const std::size_t n = std::max(x.size(), y.size());
    std::vector<GateId> out;
    GateId carry = b_.Constant(false);
    for (std::size_t j = 0; j < n; ++j) {
      GateId a = j < x.size() ? x[j] : b_.Constant(false);
      GateId c = j < y.size() ? y[j] : b_.Constant(false);
      GateId axc = Xor(a, c);
      out.push_back(Xor(axc, carry));
      carry = Or(And(a, c), And(axc, carry));
    }
    out.push_back(carry);
    return out;
  }

  CircuitBuilder b_;
};

}  // namespace

absl::StatusOr<Circuit> LowerThresholds(const Circuit& circuit,
                                        const LowerOptions& options) {
  Lowerer l;
  CircuitBuilder& b = l.builder();
  std::vector<GateId> map(circuit.num_gates());
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    b.SetBlock(g.block);
    if (g.kind == GateKind::kInput) {
      map[id] = b.Input(g.name);
      continue;
    }
    if (g.kind == GateKind::kConstant) {
      map[id] = b.Constant(g.value);
      continue;
    }
    std::vector<Fanin> in = circuit.fanins(id);
    if ((g.kind == GateKind::kThreshold || g.kind == GateKind::kMajority) &&
        static_cast<int>(in.size()) <= options.keep_threshold_fanin) {
      for (Fanin& f : in) f.gate = map[f.gate];
      map[id] = b.Threshold(in, g.threshold);
      continue;
    }
    std::vector<GateId> literals;
    std::vector<std::int64_t> weights;
    std::int64_t theta = g.threshold, total = 0;
    bool unit = true;
    for (const Fanin& f : in) {
      if (f.weight == 0) continue;
      if (f.weight < 0) {
        literals.push_back(l.Not(map[f.gate]));
        theta -= f.weight;
      } else {
        literals.push_back(map[f.gate]);
      }
      weights.push_back(std::llabs(f.weight));
      total += weights.back();
      unit &= weights.back() == 1;
    }
    if (theta <= 0) {
      map[id] = b.Constant(true);
    } else if (theta > total) {
      map[id] = b.Constant(false);
    } else if (unit && theta == total) {
      map[id] = l.And(literals);
    } else if (unit && theta == 1) {
      map[id] = l.Or(literals);
    } else {
      map[id] = l.Threshold(literals, weights, theta);
    }
  }
  for (const Output& o : circuit.outputs()) b.AddOutput(o.name, map[o.gate]);
  return b.Build();
}

}  // namespace satcirc::circuits
