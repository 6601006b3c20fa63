#include "lib/experiments/precision.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "automata/lengths.h"
#include "automata/sample.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/experiments/experiments.h"
#include "lib/base/parallel.h"

namespace satcirc {
namespace {

using internal::ForChunks;

}  // namespace

absl::StatusOr<PrecisionResult> FindPrecision(const Model& model, int n,
                                              const PrecisionOptions& options) {
  if (n < 0 || n > automata::kMaxLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "length ", n, " is out of range (0 ... ", automata::kMaxLength, ")"));
  }
  std::vector<ExactEngine> exact;
  const int threads = internal::ThreadsFor(options.threads);
  for (int t = 0; t < threads; ++t) {
    absl::StatusOr<ExactEngine> e = ExactEngine::Create(model);
    if (!e.ok()) return e.status();
    exact.push_back(*std::move(e));
  }
  const int k = model.alphabet.size();
  PrecisionResult result;
  result.n = n;
  const std::optional<std::uint64_t> count = automata::NumWords(k, n);
  result.exhaustive = count && *count <= options.exhaustive_limit;
  std::vector<automata::Word> sample;
  if (!result.exhaustive) {
    // The experiments' sample: the checker's mix for a language, else
    // uniform strings.
    bool all = false;
    absl::StatusOr<std::vector<automata::Word>> words =
        ExperimentStrings(model, n,
                          {.exhaustive_limit = 0,
                           .samples = options.samples,
                           .seed = options.seed,
                           .language = options.language},
                          &all);
    if (!words.ok()) return words.status();
    sample = *std::move(words);
  }
  const std::uint64_t total = result.exhaustive ? *count : sample.size();
  result.strings = total;
  auto word_at = [&](std::uint64_t i) {
    return result.exhaustive ? automata::WordAt(k, n, i) : sample[i];
  };
  // The exact decisions, once.
  std::vector<std::uint8_t> truth(total);
  ForChunks(
      total, threads, [] { return UINT64_MAX; },
      [&](int w, std::uint64_t begin, std::uint64_t end) {
        automata::Word word = word_at(begin);
        for (std::uint64_t i = begin; i < end; ++i) {
          truth[i] = exact[w].Accept(word);
          if (result.exhaustive) {
            automata::NextWord(k, word);
          } else if (i + 1 < end) {
            word = sample[i + 1];
          }
        }
      });
  // The first string (index) on which fixed:p disagrees with `truth`, or
  // UINT64_MAX: the smallest such index, since chunks are taken in
  // increasing order and none below the best is skipped.
  std::string reason;
  auto first_disagreement =
      [&](int p, std::uint64_t count,
          const std::function<automata::Word(std::uint64_t)>& word_of,
          const std::vector<std::uint8_t>& expected,
          bool sequential) -> absl::StatusOr<std::uint64_t> {
    std::vector<FixedEngine> fixed;
    for (int t = 0; t < threads; ++t) {
      absl::StatusOr<FixedEngine> e = FixedEngine::Create(model, p);
      if (!e.ok()) return e.status();
      fixed.push_back(*std::move(e));
    }
    std::atomic<std::uint64_t> first_bad{UINT64_MAX};
    std::mutex mu;
    ForChunks(
        count, threads, [&] { return first_bad.load(); },
        [&](int w, std::uint64_t begin, std::uint64_t end) {
          automata::Word word = word_of(begin);
          for (std::uint64_t i = begin; i < end && i < first_bad.load(); ++i) {
            if (!sequential) word = word_of(i);
            absl::StatusOr<bool> a = fixed[w].Accept(word);
            if (!a.ok() || *a != static_cast<bool>(expected[i])) {
              std::lock_guard<std::mutex> lock(mu);
              if (i < first_bad.load()) {
                first_bad = i;
                reason = !a.ok() ? std::string(a.status().message())
                         : *a    ? "fixed accepts, exact rejects"
                                 : "fixed rejects, exact accepts";
              }
              break;
            }
            if (sequential) automata::NextWord(k, word);
          }
        });
    return first_bad.load();
  };
  // A screen of a few thousand strings rejects most precisions quickly; a
  // precision that passes it is then tried on every string. (Every string of
  // the screen is one of the strings tried, so a precision that fails the
  // screen fails.)
  std::vector<std::uint64_t> screen;
  if (result.exhaustive && total > 8192) {
    std::mt19937_64 rng(LengthSeed(options.seed, n, 5));
    for (int i = 0; i < 4096; ++i) screen.push_back(rng() % total);
    std::sort(screen.begin(), screen.end());
  }
  std::vector<std::uint8_t> screen_truth;
  for (std::uint64_t i : screen) screen_truth.push_back(truth[i]);
  const int max_bits =
      std::min(options.max_frac_bits, FixedEngine::kMaxFracBits);
  for (int p = 0; p <= max_bits; ++p) {
    if (!screen.empty()) {
      absl::StatusOr<std::uint64_t> bad = first_disagreement(
          p, screen.size(), [&](std::uint64_t i) { return word_at(screen[i]); },
          screen_truth, /*sequential=*/false);
      if (!bad.ok()) return bad.status();
      if (*bad != UINT64_MAX) {
        result.witness = word_at(screen[*bad]);
        result.witness_reason = reason;
        continue;
      }
    }
    absl::StatusOr<std::uint64_t> bad = first_disagreement(
        p, total, word_at, truth, /*sequential=*/result.exhaustive);
    if (!bad.ok()) return bad.status();
    if (*bad == UINT64_MAX) {
      result.frac_bits = p;
      return result;
    }
    result.witness = word_at(*bad);
    result.witness_reason = reason;
  }
  return absl::NotFoundError(absl::StrCat(
      "no precision up to ", options.max_frac_bits,
      " fractional bits makes fixed:p agree with the exact engine at n = ", n,
      " (last disagreement: '", model.alphabet.Format(*result.witness), "', ",
      result.witness_reason, ")"));
}

}  // namespace satcirc
