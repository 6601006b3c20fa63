#include "lib/check.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "automata/enumerate.h"
#include "automata/lengths.h"
#include "automata/sample.h"
#include "lib/engine.h"
#include "lib/float_engine.h"

namespace satcirc {
namespace {

class ExactDecider : public Decider {
 public:
  explicit ExactDecider(ExactEngine engine) : engine_(std::move(engine)) {}
  bool Accept(const automata::Word& word) override {
    return engine_.Accept(word);
  }
  std::unique_ptr<Decider> Clone() const override {
    return std::make_unique<ExactDecider>(
        *ExactEngine::Create(engine_.model()));
  }
  std::string engine_name() const override { return "exact"; }
  const automata::Alphabet& alphabet() const override {
    return engine_.model().alphabet;
  }

 private:
  ExactEngine engine_;
};

// An engine whose runs can fail (fixed:p's range errors, float:c's NaNs) as a
// Decider: a failed word answers false and the smallest one is kept.
template <typename Engine>
class FailableDecider : public Decider {
 public:
  using Clone_ = std::function<Engine(const Engine&)>;
  FailableDecider(Engine engine, std::string name, Clone_ clone)
      : engine_(std::move(engine)), name_(std::move(name)), clone_(clone) {}
  bool Accept(const automata::Word& word) override {
    auto a = engine_.Run(word);
    if (a.ok()) return a->accept;
    if (!failure_ || word < failure_->word) {
      failure_ = Failure{word, a.status()};
    }
    return false;
  }
  std::unique_ptr<Decider> Clone() const override {
    return std::make_unique<FailableDecider>(clone_(engine_), name_, clone_);
  }
  std::string engine_name() const override { return name_; }
  const automata::Alphabet& alphabet() const override {
    return engine_.model().alphabet;
  }
  const std::optional<Failure>& failure() const override { return failure_; }

 private:
  Engine engine_;
  std::string name_;
  Clone_ clone_;
  std::optional<Failure> failure_;
};

// Keeps the failure of the smaller word.
void MergeFailure(const std::optional<Decider::Failure>& part,
                  std::optional<Decider::Failure>& into) {
  if (part && (!into || part->word < into->word)) into = part;
}

int ThreadCount(const CheckOptions& options) {
  if (options.threads > 0) return options.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Tallies one string into a report; counterexample = smallest failing word.
void Tally(const automata::Word& w, bool member, bool accepted,
           LengthReport& r) {
  ++r.checked;
  r.members += member;
  if (member == accepted) return;
  (accepted ? r.false_accepts : r.false_rejects) += 1;
  if (!r.counterexample || w < *r.counterexample) {
    r.counterexample = w;
    r.counterexample_is_member = member;
  }
}

void Merge(const LengthReport& part, LengthReport& into) {
  into.checked += part.checked;
  into.members += part.members;
  into.false_accepts += part.false_accepts;
  into.false_rejects += part.false_rejects;
  if (part.counterexample &&
      (!into.counterexample || *part.counterexample < *into.counterexample)) {
    into.counterexample = part.counterexample;
    into.counterexample_is_member = part.counterexample_is_member;
  }
}

// Runs `work(decider, begin, end, report)` over [0, total) in chunks on the
// workers.
template <typename Work>
void Parallel(const Decider& decider, std::uint64_t total,
              const CheckOptions& options, std::uint64_t done_before,
              std::uint64_t grand_total, Work work, LengthReport& report,
              std::optional<Decider::Failure>& failure) {
  const int threads = static_cast<int>(std::min<std::uint64_t>(
      ThreadCount(options), std::max<std::uint64_t>(1, total / 4096)));
  const std::uint64_t chunk =
      std::max<std::uint64_t>(1024, total / (64 * threads) + 1);
  std::atomic<std::uint64_t> next{0}, done{0};
  std::mutex mu;
  auto worker = [&](Decider* d, bool reports_progress) {
    LengthReport local;
    while (true) {
      const std::uint64_t begin = next.fetch_add(chunk);
      if (begin >= total) break;
      const std::uint64_t end = std::min(total, begin + chunk);
      work(*d, begin, end, local);
      done += end - begin;
      if (reports_progress && options.progress)
        options.progress(done_before + done, grand_total);
    }
    std::lock_guard<std::mutex> lock(mu);
    Merge(local, report);
  };
  std::vector<std::unique_ptr<Decider>> clones;
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) clones.push_back(decider.Clone());
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(worker, clones[t - 1].get(), false);
  std::unique_ptr<Decider> mine = decider.Clone();
  worker(mine.get(), true);
  for (std::thread& t : pool) t.join();
  MergeFailure(mine->failure(), failure);
  for (const auto& clone : clones) MergeFailure(clone->failure(), failure);
}

absl::StatusOr<std::vector<automata::Word>> SampleLengthImpl(
    const automata::Language& language, int n, const CheckOptions& options) {
  const int k = options.samples;
  std::vector<automata::Word> words;
  const int want_members = k / 2, want_near = k / 4;
  std::mt19937_64 rng(LengthSeed(options.seed, n, 3));
  absl::StatusOr<std::vector<automata::Word>> members = automata::SampleMembers(
      language, n, want_members, {.seed = LengthSeed(options.seed, n, 1)});
  if (members.ok()) {
    words = *std::move(members);
  } else if (!absl::IsNotFound(members.status())) {
    return members.status();
  }
  absl::StatusOr<std::vector<automata::Word>> near = automata::SampleNearMisses(
      language, n, want_near, {.seed = LengthSeed(options.seed, n, 2)});
  if (near.ok()) {
    words.insert(words.end(), near->begin(), near->end());
  } else if (!absl::IsNotFound(near.status())) {
    return near.status();
  }
  // The rest: uniform strings, preferring non-members (a bounded number of
  // tries, then whatever comes: some lengths have no non-members at all).
  while (static_cast<int>(words.size()) < k) {
    automata::Word w = automata::SampleUniformWord(language.alphabet(), n, rng);
    for (int attempt = 0; attempt < 64 && language.Contains(w); ++attempt) {
      w = automata::SampleUniformWord(language.alphabet(), n, rng);
    }
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Decider>> MakeExactDecider(const Model& model) {
  absl::StatusOr<ExactEngine> engine = ExactEngine::Create(model);
  if (!engine.ok()) return engine.status();
  return std::make_unique<ExactDecider>(*std::move(engine));
}

absl::StatusOr<std::unique_ptr<Decider>> MakeFixedDecider(const Model& model,
                                                          int frac_bits) {
  absl::StatusOr<FixedEngine> engine = FixedEngine::Create(model, frac_bits);
  if (!engine.ok()) return engine.status();
  return std::make_unique<FailableDecider<FixedEngine>>(
      *std::move(engine), absl::StrCat("fixed:", frac_bits),
      [](const FixedEngine& e) {
        return *FixedEngine::Create(e.model(), e.frac_bits());
      });
}

absl::StatusOr<std::unique_ptr<Decider>> MakeFloatDecider(
    const Model& model, const FloatEngineOptions& options) {
  absl::StatusOr<FloatEngine> engine = FloatEngine::Create(model, options);
  if (!engine.ok()) return engine.status();
  return std::make_unique<FailableDecider<FloatEngine>>(
      *std::move(engine),
      absl::StrCat("float:", absl::StrFormat("%g", options.scale),
                   options.single ? " (float)" : ""),
      [](const FloatEngine& e) {
        return *FloatEngine::Create(e.model(), e.options());
      });
}

absl::StatusOr<std::unique_ptr<Decider>> MakeDecider(const Model& model,
                                                     absl::string_view engine) {
  absl::StatusOr<EngineSpec> spec = ParseEngineSpec(engine);
  if (!spec.ok()) return spec.status();
  switch (spec->kind) {
    case EngineSpec::Kind::kExact:
      return MakeExactDecider(model);
    case EngineSpec::Kind::kFixed:
      return MakeFixedDecider(model, spec->frac_bits);
    case EngineSpec::Kind::kFloat:
      return MakeFloatDecider(model, {.scale = spec->scale});
  }
  return absl::InternalError("unknown engine kind");
}

absl::StatusOr<std::vector<automata::Word>> SampleCheckWords(
    const automata::Language& language, int n, const CheckOptions& options) {
  return SampleLengthImpl(language, n, options);
}

std::uint64_t LengthSeed(std::uint64_t seed, int n, int stream) {
  // splitmix64 of the three, so nearby inputs give unrelated seeds.
  std::uint64_t z = seed * 0x9E3779B97F4A7C15ull +
                    static_cast<std::uint64_t>(n) * 0xBF58476D1CE4E5B9ull +
                    static_cast<std::uint64_t>(stream) * 0x94D049BB133111EBull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

bool CheckReport::holds() const { return first_failure() == nullptr; }

const LengthReport* CheckReport::first_failure() const {
  for (const LengthReport& r : lengths) {
    if (r.errors() > 0) return &r;
  }
  return nullptr;
}

double GeneralizationReport::mean_test_accuracy() const {
  if (tested.lengths.empty()) return 1.0;
  double sum = 0;
  for (const LengthReport& r : tested.lengths) sum += r.accuracy();
  return sum / tested.lengths.size();
}

absl::StatusOr<CheckReport> Check(const Decider& decider,
                                  const automata::Language& language,
                                  const std::vector<int>& lengths,
                                  const CheckOptions& options) {
  std::unique_ptr<Decider> probe = decider.Clone();
  CheckReport report;
  report.engine = probe->engine_name();
  if (!(probe->alphabet() == language.alphabet())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the model's alphabet {", probe->alphabet().symbols(),
        "} is not the language's {", language.alphabet().symbols(), "}"));
  }
  if (options.samples <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "samples: ", options.samples, " is not a positive number"));
  }
  // Plan: exhaustive or sampled, and the total for progress.
  std::vector<bool> exhaustive(lengths.size());
  std::uint64_t grand_total = 0;
  const int k = language.alphabet().size();
  for (size_t i = 0; i < lengths.size(); ++i) {
    const int n = lengths[i];
    if (n < 0 || n > automata::kMaxLength) {
      return absl::InvalidArgumentError(absl::StrCat(
          "length ", n, " is out of range (0 ... ", automata::kMaxLength, ")"));
    }
    std::optional<std::uint64_t> count = automata::NumWords(k, n);
    exhaustive[i] = count && *count <= options.exhaustive_limit;
    if (!exhaustive[i] && options.require_exhaustive) {
      return absl::InvalidArgumentError(absl::StrCat(
          "length ", n, ": ", k, "^", n,
          " strings exceed the exhaustive limit of ", options.exhaustive_limit,
          " (raise --exhaustive-limit, or drop --exhaustive to "
          "check a seeded sample)"));
    }
    grand_total += exhaustive[i] ? *count : options.samples;
  }
  std::uint64_t done = 0;
  std::optional<Decider::Failure> failure;
  for (size_t i = 0; i < lengths.size(); ++i) {
    const int n = lengths[i];
    LengthReport r;
    r.n = n;
    r.exhaustive = exhaustive[i];
    if (exhaustive[i]) {
      const std::uint64_t total = *automata::NumWords(k, n);
      Parallel(
          decider, total, options, done, grand_total,
          [&](Decider& d, std::uint64_t begin, std::uint64_t end,
              LengthReport& local) {
            automata::Word w = automata::WordAt(k, n, begin);
            for (std::uint64_t index = begin; index < end; ++index) {
              Tally(w, language.Contains(w), d.Accept(w), local);
              automata::NextWord(k, w);
            }
          },
          r, failure);
      done += total;
    } else {
      absl::StatusOr<std::vector<automata::Word>> words =
          SampleLengthImpl(language, n, options);
      if (!words.ok()) return words.status();
      Parallel(
          decider, words->size(), options, done, grand_total,
          [&](Decider& d, std::uint64_t begin, std::uint64_t end,
              LengthReport& local) {
            for (std::uint64_t j = begin; j < end; ++j) {
              const automata::Word& w = (*words)[j];
              Tally(w, language.Contains(w), d.Accept(w), local);
            }
          },
          r, failure);
      done += words->size();
    }
    if (failure) return failure->status;
    report.lengths.push_back(std::move(r));
  }
  return report;
}

absl::StatusOr<GeneralizationReport> CheckGeneralization(
    const Decider& decider, const automata::Language& language,
    const std::vector<int>& verify_lengths,
    const std::vector<int>& test_lengths,
    const GeneralizationOptions& options) {
  GeneralizationReport report;
  absl::StatusOr<CheckReport> verified =
      Check(decider, language, verify_lengths, options.verify);
  if (!verified.ok()) return verified.status();
  report.verified = *std::move(verified);
  CheckOptions test = options.verify;
  test.samples = options.test_samples;
  test.exhaustive_limit = 0;  // the protocol samples every test length
  test.require_exhaustive = false;
  absl::StatusOr<CheckReport> tested =
      Check(decider, language, test_lengths, test);
  if (!tested.ok()) return tested.status();
  report.tested = *std::move(tested);
  return report;
}

}  // namespace satcirc
