// Shared helpers for the circuits tests.
#ifndef SATCIRC_TESTS_CIRCUITS_TEST_UTIL_H_
#define SATCIRC_TESTS_CIRCUITS_TEST_UTIL_H_

#include <cstdint>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "circuits/circuit.h"
#include "circuits/simulate.h"

namespace satcirc::circuits::testing {

// A random circuit of `num_gates` logic gates over `num_inputs` inputs, built
// raw (no normalization): fan-in 0…max_fanin, weights in [−max_weight,
// max_weight] (zero included), thresholds around the middle, typed kinds where
// they match, a few constants, and `num_outputs` outputs at random gates.
inline Circuit RandomCircuit(std::mt19937_64& rng, int num_inputs,
                             int num_gates, int num_outputs, int max_fanin,
                             std::int64_t max_weight) {
  Circuit c;
  for (int i = 0; i < num_inputs; ++i) c.AddInput(absl::StrCat("x", i));
  c.AddConstant(false);
  c.AddConstant(true);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  for (int g = 0; g < num_gates; ++g) {
    const std::int64_t existing = static_cast<std::int64_t>(c.num_gates());
    const int fanin = static_cast<int>(uniform(0, max_fanin));
    std::vector<Fanin> in;
    std::vector<std::int64_t> weights;
    std::int64_t lo = 0, hi = 0;
    for (int k = 0; k < fanin; ++k) {
      const GateId src = static_cast<GateId>(uniform(0, existing - 1));
      std::int64_t w = uniform(-max_weight, max_weight);
      if (uniform(0, 3) == 0) w = uniform(0, 1) ? 1 : -1;
      in.push_back({src, w});
      weights.push_back(w);
      (w < 0 ? lo : hi) += w;
    }
    const std::int64_t theta = uniform(lo, hi + 1);
    c.AddGate(ClassifyThreshold(weights, theta), in, theta);
  }
  for (int o = 0; o < num_outputs; ++o) {
    c.AddOutput(absl::StrCat("y", o),
                static_cast<GateId>(uniform(num_inputs, c.num_gates() - 1)));
  }
  return c;
}

// Exhaustive truth tables by the scalar evaluator, in the layout of
// ExhaustiveTruthTables.
inline std::vector<std::vector<std::uint64_t>> ScalarTruthTables(
    const Circuit& c) {
  const std::size_t k = c.inputs().size();
  const std::uint64_t n = std::uint64_t{1} << k;
  std::vector<std::vector<std::uint64_t>> t(
      c.outputs().size(),
      std::vector<std::uint64_t>(std::max<std::uint64_t>(1, n / 64)));
  std::vector<bool> in(k);
  for (std::uint64_t a = 0; a < n; ++a) {
    for (std::size_t i = 0; i < k; ++i) in[i] = (a >> i) & 1;
    std::vector<bool> out = EvaluateScalar(c, in);
    for (std::size_t o = 0; o < out.size(); ++o) {
      if (out[o]) t[o][a / 64] |= std::uint64_t{1} << (a % 64);
    }
  }
  return t;
}

}  // namespace satcirc::circuits::testing

#endif  // SATCIRC_TESTS_CIRCUITS_TEST_UTIL_H_
