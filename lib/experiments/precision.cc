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
#include "lib/base/parallel.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/experiments/experiments.h"

namespace satcirc {
namespace {

using internal::ForChunks;

// The strings of one length (all of Σⁿ, or the experiments' sample) with
// their exact decisions, and the search for the smallest precision whose
// fixed-point engine agrees on all of them.
class PrecisionSearch {
 public:
  PrecisionSearch(const Model& model, int n, const PrecisionOptions& options)
      : model_(model),
        n_(n),
        options_(options),
        threads_(internal::ThreadsFor(options.threads)),
        k_(model.alphabet.size()) {}

  absl::StatusOr<PrecisionResult> Run();

 private:
  absl::Status Prepare();
  absl::Status ComputeTruth();
  automata::Word WordAt(std::uint64_t i) const {
    return result_.exhaustive ? automata::WordAt(k_, n_, i) : sample_[i];
  }
  // The smallest index below `count` at which fixed:p disagrees with
  // `expected`, or UINT64_MAX; the reason goes to reason_. Chunks are taken
  // in increasing order and none below the best is skipped, so it is the
  // smallest whatever the threads.
  absl::StatusOr<std::uint64_t> FirstDisagreement(
      int p, std::uint64_t count,
      const std::function<automata::Word(std::uint64_t)>& word_of,
      const std::vector<std::uint8_t>& expected, bool sequential);
  // Does fixed:p pass the screen? (Its strings are among all of them, so a
  // precision that fails the screen fails.)
  absl::StatusOr<bool> PassesScreen(int p);

  const Model& model_;
  const int n_;
  const PrecisionOptions& options_;
  const int threads_;
  const int k_;
  PrecisionResult result_;
  std::vector<automata::Word> sample_;
  std::uint64_t total_ = 0;
  std::vector<std::uint8_t> truth_;
  std::vector<std::uint64_t> screen_;
  std::vector<std::uint8_t> screen_truth_;
  std::string reason_;
};

absl::Status PrecisionSearch::Prepare() {
  result_.n = n_;
  const std::optional<std::uint64_t> count = automata::NumWords(k_, n_);
  result_.exhaustive = count && *count <= options_.exhaustive_limit;
  if (!result_.exhaustive) {
    // The experiments' sample: the checker's mix for a language, else
    // uniform strings.
    bool all = false;
    absl::StatusOr<std::vector<automata::Word>> words =
        ExperimentStrings(model_, n_,
                          {.exhaustive_limit = 0,
                           .samples = options_.samples,
                           .seed = options_.seed,
                           .language = options_.language},
                          &all);
    if (!words.ok()) return words.status();
    sample_ = *std::move(words);
  }
  total_ = result_.exhaustive ? *count : sample_.size();
  result_.strings = total_;
  if (absl::Status s = ComputeTruth(); !s.ok()) return s;
  // A screen of a few thousand strings rejects most precisions quickly.
  if (result_.exhaustive && total_ > 8192) {
    std::mt19937_64 rng(LengthSeed(options_.seed, n_, 5));
    for (int i = 0; i < 4096; ++i) screen_.push_back(rng() % total_);
    std::sort(screen_.begin(), screen_.end());
  }
  for (std::uint64_t i : screen_) screen_truth_.push_back(truth_[i]);
  return absl::OkStatus();
}

// The exact decisions, once.
absl::Status PrecisionSearch::ComputeTruth() {
  std::vector<ExactEngine> exact;
  for (int t = 0; t < threads_; ++t) {
    absl::StatusOr<ExactEngine> e = ExactEngine::Create(model_);
    if (!e.ok()) return e.status();
    exact.push_back(*std::move(e));
  }
  truth_.assign(total_, 0);
  ForChunks(
      total_, threads_, [] { return UINT64_MAX; },
      [&](int w, std::uint64_t begin, std::uint64_t end) {
        automata::Word word = WordAt(begin);
        for (std::uint64_t i = begin; i < end; ++i) {
          truth_[i] = exact[w].Accept(word);
          if (result_.exhaustive) {
            automata::NextWord(k_, word);
          } else if (i + 1 < end) {
            word = sample_[i + 1];
          }
        }
      });
  return absl::OkStatus();
}

absl::StatusOr<std::uint64_t> PrecisionSearch::FirstDisagreement(
    int p, std::uint64_t count,
    const std::function<automata::Word(std::uint64_t)>& word_of,
    const std::vector<std::uint8_t>& expected, bool sequential) {
  std::vector<FixedEngine> fixed;
  for (int t = 0; t < threads_; ++t) {
    absl::StatusOr<FixedEngine> e = FixedEngine::Create(model_, p);
    if (!e.ok()) return e.status();
    fixed.push_back(*std::move(e));
  }
  std::atomic<std::uint64_t> first_bad{UINT64_MAX};
  std::mutex mu;
  ForChunks(
      count, threads_, [&] { return first_bad.load(); },
      [&](int w, std::uint64_t begin, std::uint64_t end) {
        automata::Word word = word_of(begin);
        for (std::uint64_t i = begin; i < end && i < first_bad.load(); ++i) {
          if (!sequential) word = word_of(i);
          absl::StatusOr<bool> a = fixed[w].Accept(word);
          if (!a.ok() || *a != static_cast<bool>(expected[i])) {
            std::lock_guard<std::mutex> lock(mu);
            if (i < first_bad.load()) {
              first_bad = i;
              reason_ = !a.ok() ? std::string(a.status().message())
                        : *a    ? "fixed accepts, exact rejects"
                                : "fixed rejects, exact accepts";
            }
            break;
          }
          if (sequential) automata::NextWord(k_, word);
        }
      });
  return first_bad.load();
}

absl::StatusOr<bool> PrecisionSearch::PassesScreen(int p) {
  if (screen_.empty()) return true;
  absl::StatusOr<std::uint64_t> bad = FirstDisagreement(
      p, screen_.size(), [&](std::uint64_t i) { return WordAt(screen_[i]); },
      screen_truth_, /*sequential=*/false);
  if (!bad.ok()) return bad.status();
  if (*bad == UINT64_MAX) return true;
  result_.witness = WordAt(screen_[*bad]);
  result_.witness_reason = reason_;
  return false;
}

absl::StatusOr<PrecisionResult> PrecisionSearch::Run() {
  if (absl::Status s = Prepare(); !s.ok()) return s;
  const int max_bits =
      std::min(options_.max_frac_bits, FixedEngine::kMaxFracBits);
  for (int p = 0; p <= max_bits; ++p) {
    absl::StatusOr<bool> passes = PassesScreen(p);
    if (!passes.ok()) return passes.status();
    if (!*passes) continue;
    absl::StatusOr<std::uint64_t> bad = FirstDisagreement(
        p, total_, [&](std::uint64_t i) { return WordAt(i); }, truth_,
        /*sequential=*/result_.exhaustive);
    if (!bad.ok()) return bad.status();
    if (*bad == UINT64_MAX) {
      result_.frac_bits = p;
      return result_;
    }
    result_.witness = WordAt(*bad);
    result_.witness_reason = reason_;
  }
  return absl::NotFoundError(absl::StrCat(
      "no precision up to ", options_.max_frac_bits,
      " fractional bits makes fixed:p agree with the exact engine at n = ", n_,
      " (last disagreement: '", model_.alphabet.Format(*result_.witness), "', ",
      result_.witness_reason, ")"));
}

}  // namespace

absl::StatusOr<PrecisionResult> FindPrecision(const Model& model, int n,
                                              const PrecisionOptions& options) {
  if (n < 0 || n > automata::kMaxLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "length ", n, " is out of range (0 ... ", automata::kMaxLength, ")"));
  }
  return PrecisionSearch(model, n, options).Run();
}

}  // namespace satcirc
