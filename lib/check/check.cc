#include "lib/check/check.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "automata/dfa.h"
#include "automata/enumerate.h"
#include "automata/lengths.h"
#include "automata/sample.h"
#include "lib/base/parallel.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/engine/param_limit.h"
#include "lib/engine/prefix_engine.h"

namespace satcirc {
namespace {

class ExactDecider : public Decider {
 public:
  ExactDecider(ExactEngine engine, bool share_prefixes)
      : engine_(std::move(engine)), share_prefixes_(share_prefixes) {}
  bool Accept(const automata::Word& word) override {
    return engine_.Accept(word);
  }
  bool AcceptWithMargin(const automata::Word& word, double* abs_y) override {
    return engine_.Accept(word, abs_y);
  }
  // Through the PrefixEngine of the word's length where it covers the model;
  // a word whose values leave int64 there goes to ExactEngine (and GMP).
  bool AcceptNext(const automata::Word& word, int same,
                  double* abs_y) override {
    const int n = static_cast<int>(word.size());
    if (n != prefix_n_) {
      prefix_n_ = n;
      prefix_.reset();
      if (share_prefixes_) {
        auto engine = PrefixEngine::Create(engine_.model(), n);
        if (engine.ok()) prefix_ = *std::move(engine);
      }
      same = 0;
    }
    bool accept;
    if (prefix_ != nullptr && prefix_->Decide(word, same, &accept, abs_y))
      return accept;
    return engine_.Accept(word, abs_y);
  }
  std::unique_ptr<Decider> Clone() const override {
    return std::make_unique<ExactDecider>(*ExactEngine::Create(engine_.model()),
                                          share_prefixes_);
  }
  std::string engine_name() const override { return "exact"; }
  const automata::Alphabet& alphabet() const override {
    return engine_.model().alphabet;
  }

 private:
  ExactEngine engine_;
  bool share_prefixes_ = true;
  std::unique_ptr<PrefixEngine> prefix_;
  int prefix_n_ = -1;
};

double AsDouble(const Rational& r) { return r.ToDouble(); }
double AsDouble(double d) { return d; }

// An engine whose runs can fail (fixed:p's range errors, float:c's NaNs) as a
// Decider: a failed word answers false and the smallest one is kept.
template <typename Engine>
class FailableDecider : public Decider {
 public:
  using Clone_ = std::function<Engine(const Engine&)>;
  FailableDecider(Engine engine, std::string name, Clone_ clone)
      : engine_(std::move(engine)), name_(std::move(name)), clone_(clone) {}
  bool Accept(const automata::Word& word) override {
    double unused;
    return AcceptWithMargin(word, &unused);
  }
  bool AcceptWithMargin(const automata::Word& word, double* abs_y) override {
    auto a = engine_.Run(word);
    if (a.ok()) {
      *abs_y = std::fabs(AsDouble(a->value));
      return a->accept;
    }
    *abs_y = std::nan("");
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

// The parameter limit: exact, never fails; its margin is a polynomial in c, so
// *abs_y stays NaN (not known).
class ParamLimitDecider : public Decider {
 public:
  explicit ParamLimitDecider(ParamLimitEngine engine)
      : engine_(std::move(engine)) {}
  bool Accept(const automata::Word& word) override {
    return engine_.Run(word).accept;
  }
  std::unique_ptr<Decider> Clone() const override {
    return std::make_unique<ParamLimitDecider>(
        *ParamLimitEngine::Create(engine_.model()));
  }
  std::string engine_name() const override { return "param-limit"; }
  const automata::Alphabet& alphabet() const override {
    return engine_.model().alphabet;
  }

 private:
  ParamLimitEngine engine_;
};

// Keeps the failure of the smaller word.
void MergeFailure(const std::optional<Decider::Failure>& part,
                  std::optional<Decider::Failure>& into) {
  if (part && (!into || part->word < into->word)) into = part;
}

int ThreadCount(const CheckOptions& options) {
  if (options.threads > 0) return std::min(options.threads, kMaxThreads);
  return std::max(1u, std::thread::hardware_concurrency());
}

// The smaller of two margins; NaN (unknown) wins.
double MinMargin(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::nan("");
  return std::min(a, b);
}

// Tallies one decided string into a report; counterexample = smallest
// failing word.
void TallyDecision(const automata::Word& w, bool member, bool accepted,
                   double abs_y, LengthReport& r) {
  r.min_abs_y = r.checked == 0 ? abs_y : MinMargin(r.min_abs_y, abs_y);
  ++r.checked;
  r.members += member;
  if (member == accepted) return;
  (accepted ? r.false_accepts : r.false_rejects) += 1;
  if (!r.counterexample || w < *r.counterexample) {
    r.counterexample = w;
    r.counterexample_is_member = member;
  }
}

// Runs the decider on one string and tallies it into a report.
void Tally(const automata::Word& w, bool member, Decider& decider,
           LengthReport& r) {
  double abs_y;
  const bool accepted = decider.AcceptWithMargin(w, &abs_y);
  TallyDecision(w, member, accepted, abs_y, r);
}

// Advances `word` to the next word of Σⁿ in lexicographic order and returns
// how many of its first symbols did not change.
int AdvanceWord(int alphabet_size, automata::Word& word) {
  int i = static_cast<int>(word.size()) - 1;
  for (; i >= 0; --i) {
    if (++word[i] < alphabet_size) break;
    word[i] = 0;
  }
  return std::max(i, 0);
}

// Membership of consecutive words sharing prefixes: through the language's
// DFA, one state per prefix length, when it has one.
class PrefixMembership {
 public:
  explicit PrefixMembership(const automata::Language& language)
      : language_(language), dfa_(language.dfa()) {}
  bool Contains(const automata::Word& w, int same) {
    if (dfa_ == nullptr) return language_.Contains(w);
    const int n = static_cast<int>(w.size());
    if (states_.size() != static_cast<size_t>(n) + 1) {
      states_.assign(n + 1, dfa_->start());
      valid_ = 0;
    }
    for (int i = std::min(valid_, same); i < n; ++i)
      states_[i + 1] = dfa_->Next(states_[i], w[i]);
    valid_ = n;
    return dfa_->accepting(states_[n]);
  }

 private:
  const automata::Language& language_;
  const automata::Dfa* dfa_;
  std::vector<int> states_;
  int valid_ = 0;
};

void Merge(const LengthReport& part, LengthReport& into) {
  if (part.checked > 0) {
    into.min_abs_y = into.checked == 0
                         ? part.min_abs_y
                         : MinMargin(into.min_abs_y, part.min_abs_y);
  }
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

bool Stopped(const CheckOptions& options) {
  return options.stop != nullptr && options.stop->load();
}

absl::Status Interrupted() {
  return absl::CancelledError("the check was interrupted (CheckOptions::stop)");
}

// Runs `work(decider, begin, end, report)` over [0, total) strings of length
// n in chunks on the workers. Threads and chunks are sized by symbols, not
// strings: a thousand strings of length 10^4 are worth both cores (they were
// one chunk on one core). The report does not depend on either.
template <typename Work>
void Parallel(const Decider& decider, std::uint64_t total, int n,
              const CheckOptions& options, std::uint64_t done_before,
              std::uint64_t grand_total, Work work, LengthReport& report,
              std::optional<Decider::Failure>& failure) {
  constexpr std::uint64_t kSymbolsPerChunk = 16384;
  const std::uint64_t per_string = std::max(n, 1);
  const std::uint64_t symbols = total * per_string;
  const int threads = static_cast<int>(std::min<std::uint64_t>(
      ThreadCount(options), std::max<std::uint64_t>(1, symbols / 65536)));
  const std::uint64_t chunk =
      std::max<std::uint64_t>((kSymbolsPerChunk + per_string - 1) / per_string,
                              total / (64 * threads) + 1);
  std::atomic<std::uint64_t> next{0}, done{0};
  std::mutex mu;
  auto worker = [&](Decider* d, bool reports_progress) {
    LengthReport local;
    while (true) {
      const std::uint64_t begin = next.fetch_add(chunk);
      if (begin >= total || Stopped(options)) break;
      const std::uint64_t end = std::min(total, begin + chunk);
      work(*d, begin, end, local);
      done += end - begin;
      if (reports_progress && options.progress)
        options.progress(done_before + done, grand_total);
    }
    std::lock_guard<std::mutex> lock(mu);
    Merge(local, report);
  };
  // One decider per worker; worker 0 (this thread) reports progress.
  std::vector<std::unique_ptr<Decider>> clones;
  for (int t = 0; t < threads; ++t) clones.push_back(decider.Clone());
  internal::RunWorkers(threads,
                       [&](int w) { worker(clones[w].get(), w == 0); });
  for (const auto& clone : clones) MergeFailure(clone->failure(), failure);
}

// `count` words from `sampler`, seeded, reporting each.
std::vector<automata::Word> Draw(
    const automata::WordSampler& sampler, int count, std::uint64_t seed,
    const std::function<void(std::uint64_t)>& drawn) {
  std::mt19937_64 rng(seed);
  std::vector<automata::Word> words;
  words.reserve(count);
  for (int i = 0; i < count; ++i) {
    words.push_back(sampler.Sample(rng));
    if (drawn) drawn(1);
  }
  return words;
}

// The sampler of one class at length n, or nullptr when the class is empty.
template <typename Sampler>
absl::StatusOr<std::unique_ptr<Sampler>> ClassSampler(
    absl::StatusOr<std::unique_ptr<Sampler>> sampler) {
  if (!sampler.ok() && absl::IsNotFound(sampler.status())) {
    return std::unique_ptr<Sampler>();
  }
  return sampler;
}

// Edits in a row that all stay in the language before the near misses of a
// length are given up (their place goes to uniform non-members). Near misses
// are the informative non-members, but the rejection loop that finds them
// costs O(n) per edit, and where fewer than about 1 in 100 edits leave the
// language (regex:(0|1)*11(0|1)* beyond n = 40) it mostly burns time.
constexpr int kNearMissTries = 100;

// Near misses (NotFound: none could be found; the non-members fill in).
absl::StatusOr<std::vector<automata::Word>> NearMisses(
    const automata::Language& language, int n, int count, std::uint64_t seed,
    const std::function<void(std::uint64_t)>& drawn) {
  if (count == 0) return std::vector<automata::Word>();
  absl::StatusOr<std::vector<automata::Word>> near = automata::SampleNearMisses(
      language, n, count, {.seed = seed, .max_attempts = kNearMissTries});
  if (!near.ok() && absl::IsNotFound(near.status())) {
    return std::vector<automata::Word>();
  }
  if (near.ok() && drawn) drawn(near->size());
  return near;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Decider>> MakeExactDecider(const Model& model,
                                                          bool share_prefixes) {
  absl::StatusOr<ExactEngine> engine = ExactEngine::Create(model);
  if (!engine.ok()) return engine.status();
  return std::make_unique<ExactDecider>(*std::move(engine), share_prefixes);
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

absl::StatusOr<std::unique_ptr<Decider>> MakeParamLimitDecider(
    const Model& model) {
  absl::StatusOr<ParamLimitEngine> engine = ParamLimitEngine::Create(model);
  if (!engine.ok()) return engine.status();
  return std::make_unique<ParamLimitDecider>(*std::move(engine));
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
    case EngineSpec::Kind::kParamLimit:
      return MakeParamLimitDecider(model);
  }
  return absl::InternalError("unknown engine kind");
}

absl::StatusOr<LengthSample> SampleLength(
    const automata::Language& language, int n, const CheckOptions& options,
    const std::function<void(std::uint64_t)>& drawn) {
  auto members = ClassSampler(language.NewMemberSampler(n));
  if (!members.ok()) return members.status();
  auto others = ClassSampler(language.NewNonMemberSampler(n));
  if (!others.ok()) return others.status();
  LengthSample sample;
  sample.members_exist = *members != nullptr;
  sample.non_members_exist = *others != nullptr;
  const int k = options.samples;
  const bool both = sample.members_exist && sample.non_members_exist;
  const int want_members = !sample.members_exist ? 0
                           : both                ? std::max(1, k / 2)
                                                 : k;
  if (want_members > 0) {
    sample.words =
        Draw(**members, want_members, LengthSeed(options.seed, n, 1), drawn);
  }
  if (!sample.non_members_exist) return sample;
  absl::StatusOr<std::vector<automata::Word>> near = NearMisses(
      language, n, both ? k / 4 : 0, LengthSeed(options.seed, n, 2), drawn);
  if (!near.ok()) return near.status();
  sample.words.insert(sample.words.end(), near->begin(), near->end());
  const int rest = std::max<int>(1, k - static_cast<int>(sample.words.size()));
  std::vector<automata::Word> non_members =
      Draw(**others, rest, LengthSeed(options.seed, n, 3), drawn);
  sample.words.insert(sample.words.end(), non_members.begin(),
                      non_members.end());
  return sample;
}

absl::StatusOr<std::vector<automata::Word>> SampleCheckWords(
    const automata::Language& language, int n, const CheckOptions& options) {
  absl::StatusOr<LengthSample> sample = SampleLength(language, n, options);
  if (!sample.ok()) return sample.status();
  return std::move(sample->words);
}

std::vector<ShardKey> ExhaustiveShards(int k, int n,
                                       const CheckOptions& options) {
  const std::uint64_t total = *automata::NumWords(k, n);
  std::uint64_t size =
      options.shard_words > 0 ? options.shard_words : kDefaultShardWords;
  size =
      std::max(size, (total + kMaxShardsPerLength - 1) / kMaxShardsPerLength);
  std::vector<ShardKey> shards;
  for (std::uint64_t begin = 0, end; begin < total; begin = end) {
    end = total - begin <= size ? total : begin + size;
    shards.push_back(
        {.n = n, .mode = LengthMode::kExhaustive, .begin = begin, .end = end});
  }
  return shards;
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

bool Decider::AcceptWithMargin(const automata::Word& word, double* abs_y) {
  *abs_y = std::nan("");
  return Accept(word);
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

namespace {

absl::Status CheckCompatible(const Decider& decider,
                             const automata::Language& language,
                             const CheckOptions& options) {
  if (!(decider.alphabet() == language.alphabet())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the model's alphabet {", decider.alphabet().symbols(),
        "} is not the language's {", language.alphabet().symbols(), "}"));
  }
  if (options.samples <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "samples: ", options.samples, " is not a positive number"));
  }
  if (options.samples > kMaxSamples) {
    return absl::InvalidArgumentError(
        absl::StrCat("samples: ", options.samples,
                     " strings per length is more than the "
                     "limit of ",
                     kMaxSamples));
  }
  return absl::OkStatus();
}

// Which lengths are exhaustive, and the work in all (for progress). Errors: a
// length out of range, an exhaustive requirement beyond the limit.
absl::StatusOr<std::uint64_t> PlanLengths(const std::vector<int>& lengths,
                                          int k, const CheckOptions& options,
                                          std::vector<bool>& exhaustive) {
  exhaustive.assign(lengths.size(), false);
  std::uint64_t grand_total = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    const int n = lengths[i];
    if (n < 0 || n > automata::kMaxLength) {
      return absl::InvalidArgumentError(absl::StrCat(
          "length ", n, " is out of range (0 ... ", automata::kMaxLength, ")"));
    }
    std::optional<std::uint64_t> count = automata::NumWords(k, n);
    exhaustive[i] = count && *count <= options.exhaustive_limit;
    const std::uint64_t sample_bytes =
        static_cast<std::uint64_t>(options.samples + 1) * (n + 32);
    if (!exhaustive[i] && sample_bytes > kMaxSampleBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "length ", n, ": ", options.samples, " sampled strings would take ",
          sample_bytes >> 20, " MiB, more than the limit of ",
          kMaxSampleBytes >> 20, " MiB (lower --samples)"));
    }
    if (!exhaustive[i] && options.require_exhaustive) {
      return absl::InvalidArgumentError(absl::StrCat(
          "length ", n, ": ", k, "^", n,
          " strings exceed the exhaustive limit of ", options.exhaustive_limit,
          " (raise --exhaustive-limit, or drop --exhaustive to "
          "check a seeded sample)"));
    }
    grand_total += exhaustive[i] ? *count : 2 * (options.samples + 1);
  }
  return grand_total;
}

// Work done so far and in all, for CheckOptions::progress; and, in a
// distributed run, which shards this process decides: shard i (counted over
// all lengths, in order) when i mod `ranks` is `rank`.
struct Progress {
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  int rank = 0;
  int ranks = 1;
  std::uint64_t next_shard = 0;
  // Whether this process decides the next shard.
  bool Mine() { return static_cast<int>(next_shard++ % ranks) == rank; }
};

// The words of one exhaustive shard, tallied into `r`.
void CheckShard(const Decider& decider, const automata::Language& language,
                const CheckOptions& options, const ShardKey& key,
                Progress& progress, LengthReport& r,
                std::optional<Decider::Failure>& failure) {
  const int k = language.alphabet().size();
  const int n = key.n;
  Parallel(
      decider, key.end - key.begin, n, options, progress.done, progress.total,
      [&](Decider& d, std::uint64_t begin, std::uint64_t end,
          LengthReport& local) {
        automata::Word w = automata::WordAt(k, n, key.begin + begin);
        PrefixMembership membership(language);
        int same = 0;
        for (std::uint64_t index = begin; index < end; ++index) {
          double abs_y;
          const bool accepted = d.AcceptNext(w, same, &abs_y);
          TallyDecision(w, membership.Contains(w, same), accepted, abs_y,
                        local);
          same = AdvanceWord(k, w);
        }
      },
      r, failure);
  progress.done += key.end - key.begin;
}

// Every word of Σⁿ, shard by shard; shards the store holds are not redone.
absl::Status CheckEveryWord(const Decider& decider,
                            const automata::Language& language,
                            const CheckOptions& options, Progress& progress,
                            LengthReport& r,
                            std::optional<Decider::Failure>& failure) {
  for (const ShardKey& key :
       ExhaustiveShards(language.alphabet().size(), r.n, options)) {
    if (!progress.Mine()) continue;
    const LengthReport* found =
        options.shards != nullptr ? options.shards->Find(key) : nullptr;
    if (found != nullptr) {
      Merge(*found, r);
      progress.done += key.end - key.begin;
      continue;
    }
    LengthReport part;
    part.n = r.n;
    CheckShard(decider, language, options, key, progress, part, failure);
    if (failure) return failure->status;
    if (Stopped(options)) return Interrupted();
    if (options.shards != nullptr) {
      if (absl::Status s = options.shards->Record(key, part); !s.ok()) return s;
    }
    Merge(part, r);
  }
  r.members_exist = r.members > 0;
  r.non_members_exist = r.members < r.checked;
  return absl::OkStatus();
}

void CheckList(const Decider& decider, const automata::Language& language,
               const std::vector<automata::Word>& words,
               const CheckOptions& options, Progress& progress, LengthReport& r,
               std::optional<Decider::Failure>& failure) {
  Parallel(
      decider, words.size(), r.n, options, progress.done, progress.total,
      [&](Decider& d, std::uint64_t begin, std::uint64_t end,
          LengthReport& local) {
        for (std::uint64_t j = begin; j < end; ++j) {
          Tally(words[j], language.Contains(words[j]), d, local);
        }
      },
      r, failure);
  progress.done += words.size();
}

absl::Status SampleAndCheck(const Decider& decider,
                            const automata::Language& language,
                            const CheckOptions& options, Progress& progress,
                            LengthReport& r,
                            std::optional<Decider::Failure>& failure) {
  std::uint64_t drawn = 0;
  const auto on_drawn = [&](std::uint64_t more) {
    drawn += more;
    if (options.progress)
      options.progress(progress.done + drawn, progress.total);
  };
  absl::StatusOr<LengthSample> sample =
      SampleLength(language, r.n, options, on_drawn);
  if (!sample.ok()) return sample.status();
  progress.done += drawn;
  r.members_exist = sample->members_exist;
  r.non_members_exist = sample->non_members_exist;
  CheckList(decider, language, sample->words, options, progress, r, failure);
  // PlanLengths counted 2·(K + 1) for the length.
  progress.done += 2 * (options.samples + 1) - 2 * sample->words.size();
  return absl::OkStatus();
}

// A sampled length, as one shard.
absl::Status CheckSampled(const Decider& decider,
                          const automata::Language& language,
                          const CheckOptions& options, Progress& progress,
                          LengthReport& r,
                          std::optional<Decider::Failure>& failure) {
  const ShardKey key{.n = r.n,
                     .mode = LengthMode::kSampled,
                     .begin = 0,
                     .end = static_cast<std::uint64_t>(options.samples)};
  if (!progress.Mine()) return absl::OkStatus();
  const LengthReport* found =
      options.shards != nullptr ? options.shards->Find(key) : nullptr;
  if (found != nullptr) {
    r = *found;
    r.n = key.n;
    r.mode = LengthMode::kSampled;
    r.exhaustive = false;
    progress.done += 2 * (options.samples + 1);
    return absl::OkStatus();
  }
  if (absl::Status s =
          SampleAndCheck(decider, language, options, progress, r, failure);
      !s.ok() || failure) {
    return failure ? failure->status : s;
  }
  if (Stopped(options)) return Interrupted();
  return options.shards != nullptr ? options.shards->Record(key, r)
                                   : absl::OkStatus();
}

// Shards kept in memory, in the order recorded; Find also looks in `also`.
class MemoryStore : public ShardStore {
 public:
  explicit MemoryStore(ShardStore* also = nullptr) : also_(also) {}
  const LengthReport* Find(const ShardKey& key) const override {
    for (const auto& [k, r] : shards_) {
      if (k == key) return &r;
    }
    const LengthReport* r = also_ != nullptr ? also_->Find(key) : nullptr;
    if (r != nullptr) shards_.emplace_back(key, *r);
    return r;
  }
  absl::Status Record(const ShardKey& key, const LengthReport& part) override {
    shards_.emplace_back(key, part);
    return also_ != nullptr ? also_->Record(key, part) : absl::OkStatus();
  }
  // Every shard found or recorded, one record a line.
  std::string Records() const {
    std::string text;
    for (const auto& [k, r] : shards_)
      absl::StrAppend(&text, FormatShardRecord(k, r), "\n");
    return text;
  }
  // Adds the records of Records(); false for a malformed one.
  bool AddRecords(absl::string_view text) {
    for (absl::string_view line :
         absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      ShardKey k;
      LengthReport r;
      if (!ParseShardRecord(line, &k, &r)) return false;
      shards_.emplace_back(k, r);
    }
    return true;
  }

 private:
  ShardStore* also_;
  mutable std::vector<std::pair<ShardKey, LengthReport>> shards_;
};

absl::StatusOr<CheckReport> CheckShare(const Decider& decider,
                                       const automata::Language& language,
                                       const std::vector<int>& lengths,
                                       const CheckOptions& options, int rank,
                                       int ranks);

// Every process decides its shards (finding those of a journal), the shards
// are exchanged, and each process merges all of them into the report one
// process makes. The first error, in rank order, is every process's.
absl::StatusOr<CheckReport> CheckDistributed(const Decider& decider,
                                             const automata::Language& language,
                                             const std::vector<int>& lengths,
                                             const CheckOptions& options) {
  Collective& c = *options.collective;
  MemoryStore mine(options.shards);
  CheckOptions share = options;
  share.shards = &mine;
  // Every process reports its work; process 0 shows the job's.
  std::uint64_t reported = 0;
  share.progress = [&](std::uint64_t done, std::uint64_t total) {
    if (done < reported) return;
    c.AddProgress(done - reported);
    reported = done;
    if (c.rank() == 0 && options.progress)
      options.progress(std::min(total, c.JobProgress()), total);
  };
  absl::StatusOr<CheckReport> partial =
      CheckShare(decider, language, lengths, share, c.rank(), c.size());
  const std::string payload =
      partial.ok()
          ? absl::StrCat("ok\n", mine.Records())
          : absl::StrCat("error ", static_cast<int>(partial.status().code()),
                         "\n", partial.status().message());
  absl::StatusOr<std::vector<std::string>> all = c.AllGather(payload);
  if (!all.ok()) return all.status();
  MemoryStore every;
  for (const std::string& p : *all) {
    std::vector<absl::string_view> head =
        absl::StrSplit(p, absl::MaxSplits('\n', 1));
    if (absl::ConsumePrefix(&head[0], "error ")) {
      int code = 0;
      (void)absl::SimpleAtoi(head[0], &code);
      return absl::Status(static_cast<absl::StatusCode>(code),
                          head.size() > 1 ? head[1] : "");
    }
    if (head[0] != "ok" || (head.size() > 1 && !every.AddRecords(head[1])))
      return absl::InternalError("a malformed shard record from a process");
  }
  CheckOptions merge = options;
  merge.shards = &every;
  merge.collective = nullptr;
  return CheckShare(decider, language, lengths, merge, 0, 1);
}

}  // namespace

absl::StatusOr<CheckReport> Check(const Decider& decider,
                                  const automata::Language& language,
                                  const std::vector<int>& lengths,
                                  const CheckOptions& options) {
  if (options.collective != nullptr && options.collective->size() > 1)
    return CheckDistributed(decider, language, lengths, options);
  return CheckShare(decider, language, lengths, options, 0, 1);
}

namespace {

// The shards of process `rank` of `ranks` (every shard when ranks = 1).
absl::StatusOr<CheckReport> CheckShare(const Decider& decider,
                                       const automata::Language& language,
                                       const std::vector<int>& lengths,
                                       const CheckOptions& options, int rank,
                                       int ranks) {
  CheckReport report;
  report.engine = decider.engine_name();
  if (absl::Status st = CheckCompatible(decider, language, options); !st.ok())
    return st;
  std::vector<bool> exhaustive;
  absl::StatusOr<std::uint64_t> grand_total =
      PlanLengths(lengths, language.alphabet().size(), options, exhaustive);
  if (!grand_total.ok()) return grand_total.status();
  Progress progress{
      .done = 0, .total = *grand_total, .rank = rank, .ranks = ranks};
  std::optional<Decider::Failure> failure;
  for (size_t i = 0; i < lengths.size(); ++i) {
    LengthReport r;
    r.n = lengths[i];
    r.exhaustive = exhaustive[i];
    r.mode = exhaustive[i] ? LengthMode::kExhaustive : LengthMode::kSampled;
    absl::Status st =
        exhaustive[i]
            ? CheckEveryWord(decider, language, options, progress, r, failure)
            : CheckSampled(decider, language, options, progress, r, failure);
    if (failure) return failure->status;
    if (!st.ok()) return st;
    r.min_abs_y_known = !std::isnan(r.min_abs_y);
    report.lengths.push_back(std::move(r));
  }
  return report;
}

}  // namespace

absl::StatusOr<CheckReport> CheckWords(const Decider& decider,
                                       const automata::Language& language,
                                       const std::vector<automata::Word>& words,
                                       const CheckOptions& options) {
  CheckReport report;
  report.engine = decider.engine_name();
  if (absl::Status st = CheckCompatible(decider, language, options); !st.ok())
    return st;
  std::map<int, std::vector<automata::Word>> by_length;
  for (const automata::Word& w : words)
    by_length[static_cast<int>(w.size())].push_back(w);
  Progress progress{.done = 0, .total = words.size()};
  std::optional<Decider::Failure> failure;
  for (const auto& [n, list] : by_length) {
    LengthReport r;
    r.n = n;
    r.mode = LengthMode::kGiven;
    CheckList(decider, language, list, options, progress, r, failure);
    if (failure) return failure->status;
    if (Stopped(options)) return Interrupted();
    r.min_abs_y_known = !std::isnan(r.min_abs_y);
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
