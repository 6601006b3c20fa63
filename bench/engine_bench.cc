// Exact engine throughput (strings per second) beside the same engine
// instantiated on double, on the 2-layer zoo:dyck1 model (a causal uniform
// head, then a max head whose scores need the full n x n comparison) at n = 16,
// 256, 4096.
//
//   build/bench/engine_bench --benchmark_min_time=1
//
// The ratio Exact/Double is what exactness costs; ExactGmp shows the cost of
// the arbitrary-precision fallback alone. Fixed runs fixed:8 (the circuits'
// semantics) and Float the floating-point softmax reference float:1000 (every
// score computed: O(N²) per head) on the same model and words.
//
// BM_Trained* run a trained two-layer network (examples/trained/
// tomita4-L2-grid8.json: satcirc train --lang tomita:4 --layers 2, weights
// rounded to 2^-8) on 32 seeded strings of length n = 14, 64, 256: Float is
// the network on float:1, Limit its attention limit on the exact engine —
// whose values leave int64 (denominators 2^40 after the first layer) and run
// on 128-bit integers — and LimitGmp the same in GMP rationals. The ratio
// Limit/Float is the target of docs/limit.md ("Timing"). Alone:
//
//   build/bench/engine_bench --benchmark_filter=Trained
//
// BM_LongInput/MODEL runs one seeded random string of length 10^6 (in the
// model's alphabet) through every zoo model with the exact engine, as
// `satcirc run --input-file` does: seconds per string (docs/performance.md,
// "Long inputs"). Alone:
//
//   build/bench/engine_bench --benchmark_filter=LongInput
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/extract/limit.h"
#include "lib/model/model_io.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

// Seeded random words; half are made balanced-looking so both branches are
// taken.
std::vector<automata::Word> Inputs(int n, int count) {
  std::mt19937_64 rng(42 + n);
  std::vector<automata::Word> words(count, automata::Word(n));
  for (auto& w : words) {
    for (auto& s : w) s = static_cast<automata::Symbol>(rng() & 1);
  }
  return words;
}

constexpr int kBatch = 32;

// Runs `engine` over a batch of seeded words of length state.range(0).
template <typename Engine>
void RunBatch(benchmark::State& state, Engine& engine) {
  const auto words = Inputs(static_cast<int>(state.range(0)), kBatch);
  size_t i = 0, accepted = 0;
  for (auto _ : state) {
    auto d = engine.Run(words[i++ % kBatch]);
    if constexpr (requires { d.ok(); }) {
      accepted += d->accept;
    } else {
      accepted += d.accept;
    }
  }
  benchmark::DoNotOptimize(accepted);
  state.SetItemsProcessed(state.iterations());
}

void BM_Exact(benchmark::State& state) {
  ExactEngine engine = *ExactEngine::Create(*zoo::Build("dyck1"));
  RunBatch(state, engine);
  state.counters["gmp_runs"] = static_cast<double>(engine.stats().big_runs);
}

void BM_ExactGmp(benchmark::State& state) {
  ExactEngine engine =
      *ExactEngine::Create(*zoo::Build("dyck1"), {.force_big = true});
  RunBatch(state, engine);
}

void BM_Double(benchmark::State& state) {
  DoubleEngine engine = *DoubleEngine::Create(*zoo::Build("dyck1"));
  RunBatch(state, engine);
}

void BM_Fixed(benchmark::State& state) {
  FixedEngine engine = *FixedEngine::Create(*zoo::Build("dyck1"), 8);
  RunBatch(state, engine);
}

void BM_Float(benchmark::State& state) {
  FloatEngine engine =
      *FloatEngine::Create(*zoo::Build("dyck1"), {.scale = 1000});
  RunBatch(state, engine);
}

const Model& TrainedTwoLayer() {
  static const Model* model = [] {
    const std::string path = std::string(SATCIRC_SOURCE_DIR) +
                             "/examples/trained/tomita4-L2-grid8.json";
    std::ifstream in(path);
    absl::StatusOr<Model> m = ReadModel(in, path);
    if (!m.ok()) {
      std::fprintf(stderr, "%s\n", std::string(m.status().message()).c_str());
      std::exit(2);
    }
    return new Model(*std::move(m));
  }();
  return *model;
}

void BM_TrainedFloat(benchmark::State& state) {
  FloatEngine engine = *FloatEngine::Create(TrainedTwoLayer(), {.scale = 1});
  RunBatch(state, engine);
}

void BM_TrainedLimit(benchmark::State& state, bool gmp) {
  const Model limit = *extract::AttentionLimit(TrainedTwoLayer());
  ExactEngine engine = *ExactEngine::Create(limit, {.force_big = gmp});
  RunBatch(state, engine);
  const double runs = static_cast<double>(engine.stats().runs);
  state.counters["wide_share"] = engine.stats().wide_runs / runs;
  state.counters["gmp_share"] = engine.stats().big_runs / runs;
}

constexpr int kLongLength = 1000000;

// One run of a 10^6-symbol string through a zoo model, exact.
void BM_LongInput(benchmark::State& state, const std::string& name) {
  const Model model = *zoo::Build(name);
  ExactEngine engine = *ExactEngine::Create(model);
  std::mt19937_64 rng(7);
  automata::Word word(kLongLength);
  for (auto& s : word) {
    s = static_cast<automata::Symbol>(rng() % model.alphabet.size());
  }
  bool accept = false;
  for (auto _ : state) accept = engine.Run(word).accept;
  state.counters["accept"] = accept;
  state.counters["gmp_runs"] = static_cast<double>(engine.stats().big_runs);
}

// Registered per zoo entry, so the list follows the zoo.
[[maybe_unused]] const bool kLongInputsRegistered = [] {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    benchmark::RegisterBenchmark(("BM_LongInput/" + e.name).c_str(),
                                 BM_LongInput, e.name)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  }
  return true;
}();

BENCHMARK(BM_TrainedFloat)
    ->Arg(14)
    ->Arg(64)
    ->Arg(256)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TrainedLimit, int, false)
    ->Arg(14)
    ->Arg(64)
    ->Arg(256)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TrainedLimit, gmp, true)
    ->Arg(14)
    ->Arg(64)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Exact)->Arg(16)->Arg(256)->Arg(4096)->Unit(
    benchmark::kMicrosecond);
BENCHMARK(BM_Double)->Arg(16)->Arg(256)->Arg(4096)->Unit(
    benchmark::kMicrosecond);
BENCHMARK(BM_ExactGmp)->Arg(16)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Fixed)->Arg(16)->Arg(256)->Arg(4096)->Unit(
    benchmark::kMicrosecond);
BENCHMARK(BM_Float)->Arg(16)->Arg(256)->Arg(4096)->Unit(
    benchmark::kMicrosecond);

}  // namespace
}  // namespace satcirc

BENCHMARK_MAIN();
