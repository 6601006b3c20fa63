// Threshold-circuit simulation throughput (gate evaluations per second: one
// gate on one input assignment; a Run evaluates every gate on 64 assignments)
// and construction cost of the TC0 gadgets.
//
//   build/bench/circuits_bench --benchmark_min_time=0.5
//
// BM_SimulateAttention: a saturated-attention-shaped circuit at n positions
// (per position a 4-bit value from the one-hot token bits, the argmax set of
// the values, the floor average of the values over it, a threshold readout).
// BM_SimulateRandom/<fan-in>/<max weight>: random layered circuits.
// BM_Counter*: the inner kernel of a unit-weight threshold gate of fan-in k
// over 64 lanes — the early-exit ripple counter the simulator uses, a
// fixed-length (branch-free) ripple, and a carry-save (3:2 compressor) tree.
#include <bit>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "circuits/builder.h"
#include "circuits/circuit.h"
#include "circuits/gadgets.h"
#include "circuits/passes.h"
#include "circuits/simulate.h"
#include "circuits/stats.h"

namespace satcirc::circuits {
namespace {

Circuit AttentionCircuit(int n) {
  CircuitBuilder b;
  std::vector<Number> values;
  for (int p = 0; p < n; ++p) {
    b.SetBlock(absl::StrCat("embed/pos ", p));
    std::vector<Term> terms;
    for (int s = 0; s < 3; ++s) {
      GateId bit = b.Input(absl::StrCat("x[", p, "][", s, "]"));
      terms.push_back({BitNumber(bit), 1 + 4 * s + p % 3});
    }
    values.push_back(*WeightedSum(b, terms));
  }
  b.SetBlock("layer 1/head 1");
  std::vector<GateId> argmax = ArgmaxIndicators(b, values);
  Number avg = *SelectedAverageFloor(b, argmax, values);
  b.SetBlock("readout");
  b.AddOutput("accept", GreaterEqualConstant(b, avg, 6));
  return *Simplify(*b.Build());
}

Circuit RandomLayered(int gates, int fanin, std::int64_t max_weight) {
  std::mt19937_64 rng(7);
  Circuit c;
  for (int i = 0; i < 64; ++i) c.AddInput(absl::StrCat("x", i));
  std::vector<Fanin> in;
  std::vector<std::int64_t> w;
  for (int g = 0; g < gates; ++g) {
    in.clear();
    w.clear();
    std::int64_t total = 0;
    for (int k = 0; k < fanin; ++k) {
      const GateId src = rng() % c.num_gates();
      const std::int64_t weight = max_weight == 1 ? 1 : 1 + rng() % max_weight;
      in.push_back({src, weight});
      w.push_back(weight);
      total += weight;
    }
    const std::int64_t theta = 1 + static_cast<std::int64_t>(rng() % total);
    c.AddGate(ClassifyThreshold(w, theta), in, theta);
  }
  c.AddOutput("y", c.num_gates() - 1);
  return c;
}

void Simulate(benchmark::State& state, const Circuit& c) {
  BitParallelSimulator sim(c);
  std::mt19937_64 rng(1);
  std::vector<std::uint64_t> in(c.inputs().size()), values(c.num_gates());
  for (auto& x : in) x = rng();
  for (auto _ : state) {
    sim.Run(in, values);
    benchmark::DoNotOptimize(values.data());
  }
  const CircuitStats s = ComputeStats(c);
  state.SetItemsProcessed(state.iterations() * s.num_logic_gates * 64);
  state.counters["gates"] = static_cast<double>(s.num_logic_gates);
  state.counters["wires"] = static_cast<double>(s.num_wires);
  state.counters["depth"] = s.depth;
  state.counters["wire_evals/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * s.num_wires * 64,
      benchmark::Counter::kIsRate);
}

void BM_SimulateAttention(benchmark::State& state) {
  Simulate(state, AttentionCircuit(static_cast<int>(state.range(0))));
}
BENCHMARK(BM_SimulateAttention)->Arg(8)->Arg(16)->Arg(32)->Arg(64);

void BM_SimulateRandom(benchmark::State& state) {
  Simulate(state, RandomLayered(20000, static_cast<int>(state.range(0)),
                                state.range(1)));
}
BENCHMARK(BM_SimulateRandom)
    ->Args({2, 1})
    ->Args({8, 1})
    ->Args({8, 15})
    ->Args({64, 1})
    ->Args({64, 1000});

void BM_BuildAttention(benchmark::State& state) {
  for (auto _ : state) {
    Circuit c = AttentionCircuit(static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(c.num_gates());
  }
}
BENCHMARK(BM_BuildAttention)
    ->Arg(8)
    ->Arg(16)
    ->Arg(32)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond);

// --- The counter kernel: Σ of k lane-words ≥ θ, unit weights. ---

std::vector<std::uint64_t> Words(int k) {
  std::mt19937_64 rng(3);
  std::vector<std::uint64_t> w(k);
  for (auto& x : w) x = rng();
  return w;
}

std::uint64_t CompareGe(const std::uint64_t* c, int nbits,
                        std::uint64_t theta) {
  std::uint64_t ge = ~std::uint64_t{0};
  for (int k = 0; k < nbits; ++k) {
    const std::uint64_t tb = -((theta >> k) & 1);
    ge = (tb & c[k] & ge) | (~tb & (c[k] | ge));
  }
  return ge;
}

void BM_CounterEarlyExit(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const auto words = Words(k);
  const int nbits = std::bit_width(static_cast<unsigned>(k));
  for (auto _ : state) {
    std::uint64_t c[64] = {};
    for (std::uint64_t x : words) {
      std::uint64_t carry = x;
      for (int b = 0; carry != 0; ++b) {
        const std::uint64_t t = c[b] & carry;
        c[b] ^= carry;
        carry = t;
      }
    }
    benchmark::DoNotOptimize(CompareGe(c, nbits, k / 2));
  }
  state.SetItemsProcessed(state.iterations() * k * 64);
}

void BM_CounterFixedRipple(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const auto words = Words(k);
  const int nbits = std::bit_width(static_cast<unsigned>(k));
  for (auto _ : state) {
    std::uint64_t c[64] = {};
    for (std::uint64_t x : words) {
      std::uint64_t carry = x;
      for (int b = 0; b < nbits; ++b) {
        const std::uint64_t t = c[b] & carry;
        c[b] ^= carry;
        carry = t;
      }
    }
    benchmark::DoNotOptimize(CompareGe(c, nbits, k / 2));
  }
  state.SetItemsProcessed(state.iterations() * k * 64);
}

// Carry-save: a full adder folds three words of weight 2^b into one of weight
// 2^b and one of weight 2^(b+1); per column repeatedly until one word is left.
void BM_CounterCarrySave(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const auto words = Words(k);
  const int nbits = std::bit_width(static_cast<unsigned>(k));
  std::vector<std::vector<std::uint64_t>> columns(nbits + 1);
  for (auto _ : state) {
    for (auto& col : columns) col.clear();
    columns[0] = words;
    std::uint64_t c[64] = {};
    for (int b = 0; b < nbits; ++b) {
      auto& col = columns[b];
      std::size_t i = 0;
      for (; i + 3 <= col.size(); i += 3) {
        const std::uint64_t x = col[i], y = col[i + 1], z = col[i + 2];
        const std::uint64_t u = x ^ y;
        col.push_back(u ^ z);
        columns[b + 1].push_back((x & y) | (u & z));
      }
      if (i + 2 == col.size()) {
        const std::uint64_t x = col[i], y = col[i + 1];
        c[b] = x ^ y;
        columns[b + 1].push_back(x & y);
      } else if (i + 1 == col.size()) {
        c[b] = col[i];
      }
    }
    benchmark::DoNotOptimize(CompareGe(c, nbits, k / 2));
  }
  state.SetItemsProcessed(state.iterations() * k * 64);
}

BENCHMARK(BM_CounterEarlyExit)->Arg(3)->Arg(16)->Arg(256);
BENCHMARK(BM_CounterFixedRipple)->Arg(3)->Arg(16)->Arg(256);
BENCHMARK(BM_CounterCarrySave)->Arg(3)->Arg(16)->Arg(256);

}  // namespace
}  // namespace satcirc::circuits

BENCHMARK_MAIN();
