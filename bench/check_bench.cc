// Exhaustive checking throughput and long single strings.
//
//   build/bench/check_bench --benchmark_min_time=1
//
// BM_ExhaustiveCheck/MODEL/n: satcirc check's exhaustive mode (every string of
// length n, model and language, all cores): strings per second, with the
// prefixes' work shared (PrefixEngine) and, for MODEL_word_by_word, each word
// through ExactEngine on its own.
// BM_LongString/MODEL: one string of length 100,000 (a member) through the
// exact engine: seconds per string.
#include <random>
#include <string>
#include <thread>

#include "automata/registry.h"
#include "benchmark/benchmark.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

struct Case {
  const char* model;
  const char* language;
  bool share_prefixes = true;  // false: ExactEngine word by word (before)
};

void BM_ExhaustiveCheck(benchmark::State& state, Case c) {
  const int n = static_cast<int>(state.range(0));
  auto decider = *MakeExactDecider(*zoo::Build(c.model), c.share_prefixes);
  auto language = *automata::ParseLanguage(c.language);
  CheckOptions options;  // all cores
  options.exhaustive_limit = std::uint64_t{1} << 24;
  std::uint64_t strings = 0;
  for (auto _ : state) {
    CheckReport report = *Check(*decider, *language, {n}, options);
    strings += report.lengths[0].checked;
    if (!report.holds()) state.SkipWithError("the check failed");
  }
  state.counters["strings_per_second"] = benchmark::Counter(
      static_cast<double>(strings), benchmark::Counter::kIsRate);
  state.counters["threads"] = std::thread::hardware_concurrency();
}

BENCHMARK_CAPTURE(BM_ExhaustiveCheck, parity, Case{"parity", "parity", true})
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ExhaustiveCheck, parity_word_by_word,
                  Case{"parity", "parity", false})
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ExhaustiveCheck, dyck1, Case{"dyck1", "dyck:k=1", true})
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ExhaustiveCheck, dyck1_word_by_word,
                  Case{"dyck1", "dyck:k=1", false})
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ExhaustiveCheck, majority,
                  Case{"majority", "majority", true})
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_ExhaustiveCheck, majority_word_by_word,
                  Case{"majority", "majority", false})
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A member of length about n for each zoo construction.
std::string LongMember(const std::string& model, int n) {
  std::mt19937_64 rng(5);
  auto bits = [&](int len) {
    std::string s;
    for (int i = 0; i < len; ++i) s += (rng() & 1) ? '1' : '0';
    return s;
  };
  if (model == "majority")
    return std::string(n / 2 + 1, '1') + std::string(n / 2 - 1, '0');
  if (model == "parity" || model == "parity-hard") return bits(n - 1) + "1";
  if (model == "first") return "1" + bits(n - 1);
  if (model == "dyck1")
    return std::string(n / 2, '(') + std::string(n / 2, ')');
  if (model == "anbn") return std::string(n / 2, 'a') + std::string(n / 2, 'b');
  if (model == "anbncn") {
    return std::string(n / 3, 'a') + std::string(n / 3, 'b') +
           std::string(n / 3, 'c');
  }
  if (model == "dyck2-depth3") {
    std::string s;
    while (static_cast<int>(s.size()) + 6 <= n) s += "([()])";
    return s;
  }
  if (model == "tomita1") return std::string(n, '1');
  if (model == "tomita2") {
    std::string s;
    while (static_cast<int>(s.size()) < n) s += "10";
    return s;
  }
  if (model == "tomita4") {
    std::string s;
    while (static_cast<int>(s.size()) < n) s += "001";
    return s;
  }
  if (model == "tomita7")
    return std::string(n / 4, '0') + std::string(n / 4, '1') +
           std::string(n / 4, '0') + std::string(n / 4, '1');
  return bits(n);
}

void BM_LongString(benchmark::State& state, std::string name) {
  Model model = *zoo::Build(name);
  ExactEngine engine = *ExactEngine::Create(model);
  const automata::Word word = *model.alphabet.Parse(LongMember(name, 100000));
  for (auto _ : state) benchmark::DoNotOptimize(engine.Run(word).accept);
  state.counters["length"] = static_cast<double>(word.size());
  state.counters["gmp_runs"] = static_cast<double>(engine.stats().big_runs);
}

void RegisterLongStrings() {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    benchmark::RegisterBenchmark(("BM_LongString/" + e.name).c_str(),
                                 BM_LongString, e.name)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3);
  }
}

}  // namespace
}  // namespace satcirc

int main(int argc, char** argv) {
  satcirc::RegisterLongStrings();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
