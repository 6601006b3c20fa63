// The compiler and the compiled circuits (issue #5):
//   - compile time and circuit size of zoo:parity at n = 16, 32, 64, at
//     p*(n) (found once, before timing; n = 64 on the checker's sample);
//   - the fixed-point engine's p*(n) search;
//   - bit-parallel simulation of the compiled circuits, in gate evaluations
//     per second (one evaluation = one gate on one input string).
//   build/bench/compile_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <map>
#include <random>

#include "automata/registry.h"
#include "circuits/simulate.h"
#include "circuits/stats.h"
#include "lib/compile/compile.h"
#include "lib/experiments/precision.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

const Model& Parity() {
  static const Model* m = new Model(*zoo::Build("parity"));
  return *m;
}

int PrecisionFor(int n) {
  static std::map<int, int> cache;
  if (!cache.count(n)) {
    static const auto language = *automata::ParseLanguage("parity");
    PrecisionOptions options;
    options.language = language.get();
    cache[n] = FindPrecision(Parity(), n, options)->frac_bits;
  }
  return cache[n];
}

void BM_CompileParity(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int p = PrecisionFor(n);
  circuits::CircuitStats st;
  for (auto _ : state) {
    absl::StatusOr<circuits::Circuit> c = Compile(Parity(), n, p);
    st = circuits::ComputeStats(*c);
    benchmark::DoNotOptimize(st);
  }
  state.counters["p"] = p;
  state.counters["gates"] = static_cast<double>(st.num_logic_gates);
  state.counters["wires"] = static_cast<double>(st.num_wires);
  state.counters["depth"] = st.depth;
}
BENCHMARK(BM_CompileParity)
    ->Arg(16)
    ->Arg(32)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond);

void BM_FindPrecisionParity(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  int p = 0;
  for (auto _ : state) {
    p = FindPrecision(Parity(), n)->frac_bits;
    benchmark::DoNotOptimize(p);
  }
  state.counters["p"] = p;
  state.counters["strings"] = static_cast<double>(std::uint64_t{1} << n);
}
BENCHMARK(BM_FindPrecisionParity)
    ->Arg(12)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond);

// 64 random input strings per run (one word per input bit).
void BM_SimulateParity(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const circuits::Circuit c = *Compile(Parity(), n, PrecisionFor(n));
  circuits::BitParallelSimulator sim(c);
  std::mt19937_64 rng(1);
  std::vector<std::uint64_t> inputs(sim.num_inputs());
  for (int i = 0; i < n;
       ++i) {  // one-hot: x[i][1] random, x[i][0] its negation
    const std::uint64_t ones = rng();
    inputs[2 * i] = ~ones;
    inputs[2 * i + 1] = ones;
  }
  std::vector<std::uint64_t> values(sim.num_gates());
  for (auto _ : state) {
    sim.Run(inputs, values);
    benchmark::DoNotOptimize(values.data());
  }
  const double logic =
      static_cast<double>(circuits::ComputeStats(c).num_logic_gates);
  state.counters["gates"] = logic;
  state.counters["gate_evals/s"] = benchmark::Counter(
      logic * 64 * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["wire_evals/s"] = benchmark::Counter(
      static_cast<double>(c.num_wires()) * 64 * state.iterations(),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SimulateParity)->Arg(16)->Arg(32)->Arg(64);

}  // namespace
}  // namespace satcirc

BENCHMARK_MAIN();
