#include "circuits/builder.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <limits>
#include <numeric>

#include "absl/strings/str_cat.h"

namespace satcirc::circuits {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// ⌈a/b⌉ for b > 0.
std::int64_t CeilDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if (a % b != 0 && a > 0) ++q;
  return q;
}

}  // namespace

CircuitBuilder::CircuitBuilder(BuilderOptions options) : options_(options) {}

void CircuitBuilder::Fail(absl::Status status) {
  if (status_.ok()) status_ = std::move(status);
}

bool CircuitBuilder::IsConstant(GateId id) const {
  return circuit_.gate(id).kind == GateKind::kConstant;
}

GateId CircuitBuilder::Input(std::string name) {
  if (!input_names_.insert(name).second) {
    Fail(absl::InvalidArgumentError(
        absl::StrCat("input name '", name, "' is used twice")));
  }
  return circuit_.AddInput(std::move(name), block_);
}

GateId CircuitBuilder::Constant(bool value) {
  if (!options_.hash_cons) return circuit_.AddConstant(value, block_);
  if (!have_constant_[value]) {
    constants_[value] = circuit_.AddConstant(value, block_);
    have_constant_[value] = true;
  }
  return constants_[value];
}

std::vector<Fanin> CircuitBuilder::MergedTerms(std::span<const Fanin> fanins,
                                               std::int64_t* theta,
                                               bool* overflow) const {
  std::vector<Fanin> terms;
  terms.reserve(fanins.size());
  for (const Fanin& f : fanins) {
    assert(f.gate < circuit_.num_gates());
    if (f.weight == 0) continue;
    if (f.weight == kMin) *overflow = true;
    const Gate& g = circuit_.gate(f.gate);
    if (options_.fold_constants && g.kind == GateKind::kConstant) {
      if (g.value) *overflow |= __builtin_sub_overflow(*theta, f.weight, theta);
      continue;
    }
    if (options_.absorb_not && g.kind == GateKind::kNot) {
      // w·(1 − y) = w − w·y.
      GateId y = boost::source(*boost::in_edges(f.gate, circuit_.graph()).first,
                               circuit_.graph());
      *overflow |= __builtin_sub_overflow(*theta, f.weight, theta);
      terms.push_back({y, -f.weight});
      continue;
    }
    terms.push_back(f);
  }
  std::sort(terms.begin(), terms.end(),
            [](const Fanin& a, const Fanin& b) { return a.gate < b.gate; });
  // Merge duplicate inputs, drop zero weights.
  std::size_t out = 0;
  for (std::size_t i = 0; i < terms.size();) {
    Fanin merged = terms[i];
    for (++i; i < terms.size() && terms[i].gate == merged.gate; ++i) {
      *overflow |= __builtin_add_overflow(merged.weight, terms[i].weight,
                                          &merged.weight);
    }
    if (merged.weight != 0) terms[out++] = merged;
  }
  terms.resize(out);
  return terms;
}

GateId CircuitBuilder::Threshold(std::span<const Fanin> fanins,
                                 std::int64_t threshold) {
  if (!status_.ok()) return Constant(false);
  std::int64_t theta = threshold;
  bool overflow = false;
  std::vector<Fanin> terms = MergedTerms(fanins, &theta, &overflow);
  return overflow ? ThresholdOf({}, kMin, fanins.size())
                  : ThresholdOf(std::move(terms), theta, fanins.size());
}

GateId CircuitBuilder::ThresholdOf(std::vector<Fanin> terms, std::int64_t theta,
                                   std::size_t fanin_count) {
  bool overflow = false;
  std::int64_t min_sum = 0, max_sum = 0, g = 0;
  for (const Fanin& f : terms) {
    if (f.weight == kMin) overflow = true;
    if (f.weight < 0) {
      overflow |= __builtin_add_overflow(min_sum, f.weight, &min_sum);
    } else {
      overflow |= __builtin_add_overflow(max_sum, f.weight, &max_sum);
    }
    g = std::gcd(g, f.weight);
  }
  if (overflow || theta == kMin || max_sum - min_sum < 0) {
    Fail(absl::OutOfRangeError(
        absl::StrCat("threshold gate with ", fanin_count,
                     " inputs: the sum of |weights| or the threshold exceeds "
                     "64-bit integers")));
    return Constant(false);
  }
  if (options_.fold_constants) {
    if (min_sum >= theta) return Constant(true);
    if (max_sum < theta) return Constant(false);
  }
  if (terms.empty()) return Constant(0 >= theta);
  if (g > 1) {
    for (Fanin& f : terms) f.weight /= g;
    theta = CeilDiv(theta, g);
  }
  if (terms.size() == 1 && options_.fold_constants) {
    // f(0) = [0 ≥ θ], f(1) = [w ≥ θ], and after folding f is not constant,
    // so with w = ±1 it is x (w = 1, θ = 1) or NOT x (w = −1, θ = 0).
    if (terms[0].weight == 1) return terms[0].gate;
    assert(terms[0].weight == -1 && theta == 0);
    if (circuit_.gate(terms[0].gate).kind == GateKind::kNot) {
      // NOT(NOT y) = y; only reachable when absorb_not is off.
      return boost::source(
          *boost::in_edges(terms[0].gate, circuit_.graph()).first,
          circuit_.graph());
    }
  }
  Key key{std::move(terms), theta};
  if (options_.hash_cons) {
    auto it = table_.find(key);
    if (it != table_.end()) return it->second;
  }
  if (options_.max_wires > 0 &&
      static_cast<std::int64_t>(circuit_.num_wires() + key.fanins.size()) >
          options_.max_wires) {
    Fail(absl::ResourceExhaustedError(
        absl::StrCat("the circuit passed the budget of ", options_.max_wires,
                     " wires (gate inputs, about 100 bytes each)")));
    return Constant(false);
  }
  std::vector<std::int64_t> weights;
  weights.reserve(key.fanins.size());
  for (const Fanin& f : key.fanins) weights.push_back(f.weight);
  GateKind kind = ClassifyThreshold(weights, theta);
  GateId id = circuit_.AddGate(kind, key.fanins, theta, block_);
  if (options_.hash_cons) table_.emplace(std::move(key), id);
  return id;
}

GateId CircuitBuilder::And(std::span<const GateId> inputs) {
  std::vector<Fanin> f;
  f.reserve(inputs.size());
  for (GateId x : inputs) f.push_back({x, 1});
  return Threshold(f, static_cast<std::int64_t>(inputs.size()));
}

GateId CircuitBuilder::Or(std::span<const GateId> inputs) {
  std::vector<Fanin> f;
  f.reserve(inputs.size());
  for (GateId x : inputs) f.push_back({x, 1});
  return Threshold(f, 1);
}

GateId CircuitBuilder::Not(GateId input) {
  Fanin f{input, -1};
  return Threshold({&f, 1}, 0);
}

GateId CircuitBuilder::And(GateId a, GateId b) {
  GateId in[2] = {a, b};
  return And(in);
}

GateId CircuitBuilder::Or(GateId a, GateId b) {
  GateId in[2] = {a, b};
  return Or(in);
}

GateId CircuitBuilder::Majority(std::span<const GateId> inputs) {
  std::vector<Fanin> f;
  f.reserve(inputs.size());
  for (GateId x : inputs) f.push_back({x, 1});
  return Threshold(f, static_cast<std::int64_t>(inputs.size()) / 2 + 1);
}

GateId CircuitBuilder::Xor(GateId a, GateId b) {
  // [a + b − 2·AND(a, b) ≥ 1]: depth 2 with a single gate on top.
  GateId both = And(a, b);
  Fanin f[3] = {{a, 1}, {b, 1}, {both, -2}};
  return Threshold(f, 1);
}

GateId CircuitBuilder::Mux(GateId select, GateId if_true, GateId if_false) {
  GateId t = And(select, if_true);
  // AND(NOT s, f) as [f − s ≥ 1], so no NOT gate is left behind unused.
  Fanin e_in[2] = {{if_false, 1}, {select, -1}};
  GateId e =
      options_.absorb_not ? Threshold(e_in, 1) : And(Not(select), if_false);
  return Or(t, e);
}

void CircuitBuilder::AddOutput(std::string name, GateId gate) {
  circuit_.AddOutput(std::move(name), gate);
}

absl::StatusOr<Circuit> CircuitBuilder::Build() {
  if (!status_.ok()) return status_;
  Circuit result = std::move(circuit_);
  circuit_ = Circuit();
  table_.clear();
  input_names_.clear();
  have_constant_[0] = have_constant_[1] = false;
  return result;
}

}  // namespace satcirc::circuits
