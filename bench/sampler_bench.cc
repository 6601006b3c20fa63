// The samplers behind sampled checks, at long lengths: per registry language,
// one uniform member, one uniform non-member and one near miss at n = 10^4,
// 10^5, 10^6 (each timed from scratch: building the sampler and one draw), and
// the sample of the length-generalization protocol (lengths 41 ... 500, 512
// strings each) for a regular expression.
//   build/bench/sampler_bench --benchmark_filter=Member/majority
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "automata/registry.h"
#include "automata/sample.h"
#include "lib/check/check.h"

namespace satcirc {
namespace {

// Every family of the registry, and the larger Dyck variants.
const std::vector<std::string>& Specs() {
  static const std::vector<std::string> kSpecs = {"parity",
                                                  "majority",
                                                  "first",
                                                  "and",
                                                  "or",
                                                  "count-mod:m=3,r=1",
                                                  "tomita:3",
                                                  "tomita:7",
                                                  "dyck:k=1",
                                                  "dyck:k=4",
                                                  "dyck:k=2,depth=3",
                                                  "shuffle-dyck:k=2",
                                                  "shuffle-dyck:k=4",
                                                  "anbn",
                                                  "anbncn",
                                                  "regex:(0|1)*11(0|1)*"};
  return kSpecs;
}

enum class Class { kMember, kNonMember, kNearMiss };

void BM_Draw(benchmark::State& state, std::string spec, Class what) {
  const auto language = *automata::ParseLanguage(spec);
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    absl::StatusOr<std::vector<automata::Word>> words =
        what == Class::kMember ? automata::SampleMembers(*language, n, 1)
        : what == Class::kNonMember
            ? automata::SampleNonMembers(*language, n, 1)
            : automata::SampleNearMisses(*language, n, 1);
    if (!words.ok()) {
      state.SkipWithError(std::string(words.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(words->data());
  }
}

// Odd lengths for anbn-like languages would have no members: use multiples of
// 12 near the powers of ten.
void RegisterDraws() {
  const struct {
    const char* name;
    Class what;
  } kClasses[] = {{"Member", Class::kMember},
                  {"NonMember", Class::kNonMember},
                  {"NearMiss", Class::kNearMiss}};
  for (const auto& c : kClasses) {
    for (const std::string& spec : Specs()) {
      benchmark::RegisterBenchmark((std::string(c.name) + "/" + spec).c_str(),
                                   [spec, what = c.what](benchmark::State& s) {
                                     BM_Draw(s, spec, what);
                                   })
          ->Arg(10008)
          ->Arg(100008)
          ->Arg(1000008)
          ->Unit(benchmark::kMillisecond)
          ->Iterations(1);
    }
  }
}

// What `check --test-lengths 41..500` draws for a regular expression: 512
// strings at each of the 460 lengths (members, near misses, non-members).
void BM_ProtocolSample(benchmark::State& state) {
  const auto language = *automata::ParseLanguage("regex:(0|1)*11(0|1)*");
  CheckOptions options;
  options.samples = 512;
  for (auto _ : state) {
    for (int n = 41; n <= 500; ++n) {
      benchmark::DoNotOptimize(SampleLength(*language, n, options)->words);
    }
  }
}
BENCHMARK(BM_ProtocolSample)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace satcirc

int main(int argc, char** argv) {
  satcirc::RegisterDraws();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
