// Benchmarks of automata/: the fast Walsh–Hadamard transform at n = 24 against
// a streaming pass over the same array (the memory-bandwidth bound), and the
// analyses of a regular language at n = 24. Figures: docs/performance.md.
//
//   build/bench/automata_bench --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "automata/analyze.h"
#include "automata/enumerate.h"
#include "automata/fourier.h"
#include "automata/registry.h"
#include "automata/sample.h"
#include "automata/sensitivity.h"
#include "automata/symmetry.h"

namespace satcirc::automata {
namespace {

// ±1 values at an address `offset` bytes past a 64-byte boundary: 0 as
// ComputeFourierProfile allocates, 16 as malloc gives for large arrays (then
// every 64-byte vector load of the transform spans two cache lines).
class SignArray {
 public:
  SignArray(int bits, std::size_t offset) : size_(std::size_t{1} << bits) {
    storage_.reset(static_cast<std::int32_t*>(
        std::aligned_alloc(64, size_ * sizeof(std::int32_t) + 64)));
    data_ = storage_.get() + offset / sizeof(std::int32_t);
    std::mt19937_64 rng(1);
    for (std::size_t i = 0; i < size_; ++i) data_[i] = (rng() & 1) ? 1 : -1;
  }
  std::int32_t* data() { return data_; }
  std::size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(void* p) const { std::free(p); }
  };
  std::unique_ptr<std::int32_t[], Free> storage_;
  std::int32_t* data_;
  std::size_t size_;
};

// Runs work(begin, end) over [0, size) split between `threads` threads (the
// calling one included), as WalshHadamardTransform splits its passes, so that
// the baselines below pay the same thread start-up.
template <typename Work>
void Split(int threads, std::size_t size, const Work& work) {
  std::vector<std::thread> helpers;
  for (int t = 0; t + 1 < threads; ++t)
    helpers.emplace_back(work, size * t / threads, size * (t + 1) / threads);
  work(size * (threads - 1) / threads, size);
  for (std::thread& t : helpers) t.join();
}

// A baseline pass over a SignArray: pass(p, begin, end) on the pieces Split
// gives each thread; `bytes` moved to or from memory per value. Args: log2
// size, threads, byte offset from a 64-byte boundary (SignArray).
template <typename Pass>
void RunBaseline(benchmark::State& state, int bytes, const Pass& pass) {
  SignArray v(static_cast<int>(state.range(0)), state.range(2));
  const int threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    Split(
        threads, v.size(),
        [&pass, p = v.data()](std::size_t b, std::size_t e) { pass(p, b, e); });
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * v.size() * bytes);
}

// The bound: a streaming pass that reads and writes every element once
// (a[i] = −a[i]), the least any in-place transform must do.
void BM_StreamingPass(benchmark::State& state) {
  RunBaseline(state, 8, [](std::int32_t* p, std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) p[i] = -p[i];
  });
}
BENCHMARK(BM_StreamingPass)
    ->Args({24, 1, 0})
    ->Args({24, 2, 0})
    ->Args({24, 1, 16})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A read-only pass (a sum) over the same array, for comparison.
void BM_StreamingRead(benchmark::State& state) {
  RunBaseline(state, 4, [](std::int32_t* p, std::size_t b, std::size_t e) {
    std::int64_t s = 0;
    for (std::size_t i = b; i < e; ++i) s += p[i];
    benchmark::DoNotOptimize(s);
  });
}
BENCHMARK(BM_StreamingRead)
    ->Args({24, 1, 0})
    ->Args({24, 2, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A write-only pass (std::fill, which glibc's memset does with non-temporal
// stores at this size): the least any transform that writes its 2^24 results
// to memory once must do.
void BM_StreamingWrite(benchmark::State& state) {
  RunBaseline(state, 4, [](std::int32_t* p, std::size_t b, std::size_t e) {
    std::fill(p + b, p + e, 1);
  });
}
BENCHMARK(BM_StreamingWrite)
    ->Args({24, 1, 0})
    ->Args({24, 2, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Args: log2 size, threads, byte offset from a 64-byte boundary.
void BM_WalshHadamard(benchmark::State& state) {
  SignArray v(static_cast<int>(state.range(0)), state.range(2));
  const WalshHadamardOptions options{.threads =
                                         static_cast<int>(state.range(1))};
  for (auto _ : state) {
    // Values grow by 2× per level; transforming repeatedly stays exact mod 2³²
    // and costs the same, so no reset is needed between iterations.
    WalshHadamardTransform(v.data(), v.size(), options);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * v.size() * sizeof(std::int32_t) *
                          2);
}
// The shapes both transforms are measured at beside the baselines: 2^24
// values on one and two threads, and 16 bytes past a 64-byte boundary.
void At2To24(benchmark::internal::Benchmark* b) {
  b->Args({24, 1, 0})
      ->Args({24, 2, 0})
      ->Args({24, 1, 16})
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_WalshHadamard)->Args({14, 1, 0})->Args({20, 1, 0})->Apply(At2To24);

// The transform of a ±1 function from its membership bytes into an int32
// array (WalshHadamardTransformSigns): the same 2^24 output values as above,
// so the streaming pass over that array is its bound too. Args as above (the
// offset is the output array's).
void BM_WalshHadamardSigns(benchmark::State& state) {
  SignArray out(static_cast<int>(state.range(0)), state.range(2));
  std::vector<std::uint8_t> members(out.size());
  std::mt19937_64 rng(2);
  for (auto& m : members) m = rng() & 1;
  const WalshHadamardOptions options{.threads =
                                         static_cast<int>(state.range(1))};
  for (auto _ : state) {
    WalshHadamardTransformSigns(members.data(), out.data(), out.size(),
                                options);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * out.size() *
                          sizeof(std::int32_t) * 2);
}
BENCHMARK(BM_WalshHadamardSigns)->Args({20, 1, 0})->Apply(At2To24);

void BM_WalshHadamardSimple(benchmark::State& state) {
  SignArray v(static_cast<int>(state.range(0)), state.range(2));
  for (auto _ : state) {
    WalshHadamardTransformSimple(v.data(), v.size());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * v.size() * sizeof(std::int32_t) *
                          2);
}
BENCHMARK(BM_WalshHadamardSimple)
    ->Args({24, 1, 0})
    ->Unit(benchmark::kMillisecond);

const Language& Tomita3() {
  static const Language* language = ParseLanguage("tomita:3")->release();
  return *language;
}

void BM_MembershipTable(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<std::uint8_t> table(std::size_t{1} << n);
  for (auto _ : state) {
    Tomita3().FillMembership(n, table.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * table.size());
}
BENCHMARK(BM_MembershipTable)->Arg(24)->Unit(benchmark::kMillisecond);

void BM_CountMembers(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(Tomita3().CountMembers(n));
}
BENCHMARK(BM_CountMembers)->Arg(24)->Arg(1000)->Unit(benchmark::kMicrosecond);

void BM_Sensitivity(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<std::uint8_t> table = *MembershipTable(Tomita3(), n);
  for (auto _ : state)
    benchmark::DoNotOptimize(AverageSensitivity(table, 2, n));
}
BENCHMARK(BM_Sensitivity)->Arg(24)->Unit(benchmark::kMillisecond);

void BM_FourierProfile(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<std::uint8_t> table = *MembershipTable(Tomita3(), n);
  for (auto _ : state)
    benchmark::DoNotOptimize(ComputeFourierProfile(table, 2, n));
}
BENCHMARK(BM_FourierProfile)->Arg(24)->Unit(benchmark::kMillisecond);

void BM_SymmetryProfile(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::vector<std::uint8_t> table = *MembershipTable(Tomita3(), n);
  SymmetryOptions options{.isotypic_limit = std::uint64_t{1} << 24};
  for (auto _ : state) {
    benchmark::DoNotOptimize(ComputeSymmetryProfile(table, 2, n, options));
  }
}
BENCHMARK(BM_SymmetryProfile)
    ->Arg(16)
    ->Arg(20)
    ->Arg(24)
    ->Unit(benchmark::kMillisecond);

// Everything `satcirc analyze --lang tomita:3 --lengths 24` computes per
// length.
void BM_AnalyzeLength(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(AnalyzeLength(Tomita3(), n));
}
BENCHMARK(BM_AnalyzeLength)->Arg(24)->Unit(benchmark::kMillisecond);

void BM_ContainsDfa(benchmark::State& state) {
  std::vector<Word> words = SampleUniformWords(
      Tomita3().alphabet(), static_cast<int>(state.range(0)), 1024);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Tomita3().Contains(words[i++ & 1023]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ContainsDfa)->Arg(24)->Arg(256);

void BM_ContainsDyck2(benchmark::State& state) {
  static const Language* dyck = ParseLanguage("dyck:k=2")->release();
  absl::StatusOr<std::vector<Word>> words =
      SampleMembers(*dyck, static_cast<int>(state.range(0)), 1024);
  std::size_t i = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(dyck->Contains((*words)[i++ & 1023]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ContainsDyck2)->Arg(24)->Arg(256);

}  // namespace
}  // namespace satcirc::automata

BENCHMARK_MAIN();
