// The checker: does a model recognize a language, length by length?
// Every string of Σⁿ when |Σ|ⁿ is within the exhaustive limit, otherwise a
// seeded sample: half members (uniform over the members), a quarter near misses
// of members and a quarter non-members (uniform over the non-members). A
// sampled length draws at least one word of each class that exists at it, so
// a model that errs on a whole class cannot pass (docs/check.md); a length at
// which a class does not exist is reported as one-sided.
#ifndef SATCIRC_LIB_CHECK_CHECK_H_
#define SATCIRC_LIB_CHECK_CHECK_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "automata/language.h"
#include "lib/engine/float_engine.h"
#include "lib/model/model.h"

namespace satcirc {

// Something that decides words: an engine bound to a model. The checker clones
// one per worker thread.
class Decider {
 public:
  virtual ~Decider() = default;
  virtual bool Accept(const automata::Word& word) = 0;
  // The decision, and |y| (the readout's distance from the threshold 0) in
  // *abs_y: exactly rounded for the exact and fixed engines. The default
  // leaves *abs_y NaN (not known).
  virtual bool AcceptWithMargin(const automata::Word& word, double* abs_y);
  // The same for the next word of an enumeration of one length in
  // lexicographic order: its first `same` symbols are those of the word given
  // to the call before (0 at the start of an enumeration, or when unknown).
  // The exact decider shares the work of those prefixes (PrefixEngine); the
  // default ignores `same`.
  virtual bool AcceptNext(const automata::Word& word, int /*same*/,
                          double* abs_y) {
    return AcceptWithMargin(word, abs_y);
  }
  virtual std::unique_ptr<Decider> Clone() const = 0;
  // e.g. "exact"
  virtual std::string engine_name() const = 0;
  // The model's alphabet; the language's must be the same.
  virtual const automata::Alphabet& alphabet() const = 0;
  // A decider that can fail on a word (fixed:p leaving its declared range)
  // answers false there and keeps the failure of the lexicographically
  // smallest such word it met; Check then returns that status.
  struct Failure {
    automata::Word word;
    absl::Status status;
  };
  virtual const std::optional<Failure>& failure() const {
    static const std::optional<Failure> kNone;
    return kNone;
  }
};

// The exact engine as a Decider. Fails as ExactEngine::Create does.
// share_prefixes = false decides every word on its own (ExactEngine alone),
// for comparison.
absl::StatusOr<std::unique_ptr<Decider>> MakeExactDecider(
    const Model& model, bool share_prefixes = true);
// The fixed:p engine as a Decider (FixedEngine).
absl::StatusOr<std::unique_ptr<Decider>> MakeFixedDecider(const Model& model,
                                                          int frac_bits);
// The float:c engine as a Decider (FloatEngine).
absl::StatusOr<std::unique_ptr<Decider>> MakeFloatDecider(
    const Model& model, const FloatEngineOptions& options);
// The parameter limit (ParamLimitEngine, lib/engine/param_limit.h).
absl::StatusOr<std::unique_ptr<Decider>> MakeParamLimitDecider(
    const Model& model);
// The engine a spec names ("exact", "fixed:P", "float:C", "param-limit").
absl::StatusOr<std::unique_ptr<Decider>> MakeDecider(const Model& model,
                                                     absl::string_view engine);

// Limits of a sampled length (docs/limits.md): strings per length, and the
// memory its sample takes (about n + 32 bytes a string).
inline constexpr int kMaxSamples = 1 << 24;
inline constexpr std::uint64_t kMaxSampleBytes = std::uint64_t{1} << 30;
// Worker threads a check may ask for; more are used as this many.
inline constexpr int kMaxThreads = 256;

class ShardStore;
class Collective;

// Words per shard of an exhaustive length when CheckOptions::shard_words is
// 0: 2^22, or more when a length would have more than 4096 shards.
inline constexpr std::uint64_t kDefaultShardWords = std::uint64_t{1} << 22;
inline constexpr std::uint64_t kMaxShardsPerLength = 4096;

struct CheckOptions {
  // Exhaustive when |Σ|ⁿ is at most this.
  std::uint64_t exhaustive_limit = std::uint64_t{1} << 22;
  // Refuse (InvalidArgument) rather than sample beyond the exhaustive limit.
  bool require_exhaustive = false;
  // Strings per length when sampling.
  int samples = 1000;
  std::uint64_t seed = 1;
  // Worker threads; 0 means one per core; at most kMaxThreads. Where the
  // system cannot make as many, the check runs on those it could make.
  int threads = 0;
  // Called now and then with (work done, work in all), from one thread; a
  // sampled string counts twice, once drawn and once checked.
  std::function<void(std::uint64_t, std::uint64_t)> progress = {};
  // When set and true (set by another thread, or by `progress`), the check
  // stops after the chunk of strings each worker is on and returns
  // absl::CancelledError; a shard it did not finish is not recorded.
  const std::atomic<bool>* stop = nullptr;
  // Words per shard of an exhaustive length (0: kDefaultShardWords). Shards
  // are the units that `shards` records; the report does not depend on them.
  std::uint64_t shard_words = 0;
  // Where finished shards are recorded and found again (a resumed check
  // skips those it finds), or null.
  ShardStore* shards = nullptr;
  // The processes of a distributed run (MPI ranks), or null for one: each
  // process decides the shards whose index (in order over all lengths) is its
  // rank modulo their number, records them in `shards`, and every process
  // receives every shard and returns the same report as one process would.
  Collective* collective = nullptr;
};

// How the strings of a length were chosen.
enum class LengthMode {
  kExhaustive,  // every word of Σⁿ
  kSampled,     // a seeded sample (SampleLength)
  kGiven,       // the strings a caller gave (CheckWords)
};

struct LengthReport {
  int n = 0;
  LengthMode mode = LengthMode::kSampled;
  bool exhaustive = false;  // mode == kExhaustive
  std::uint64_t checked = 0;
  std::uint64_t members = 0;  // among the checked strings
  // Whether Σⁿ holds members / non-members at all (for exhaustive and sampled
  // lengths; a given list says nothing about the others). When a class
  // exists, the checked strings include at least one of it.
  bool members_exist = true;
  bool non_members_exist = true;
  // The smallest |y| over the checked strings (NaN when the engine does not
  // report it; then min_abs_y_known is false).
  double min_abs_y = 0;
  bool min_abs_y_known = false;
  std::uint64_t false_accepts = 0;
  std::uint64_t false_rejects = 0;
  // The lexicographically smallest disagreement among the checked strings.
  std::optional<automata::Word> counterexample;
  bool counterexample_is_member = false;

  std::uint64_t non_members() const { return checked - members; }
  // Σⁿ has members only or non-members only.
  bool one_sided() const { return !members_exist || !non_members_exist; }
  std::uint64_t errors() const { return false_accepts + false_rejects; }
  double accuracy() const {
    return checked == 0 ? 1.0 : 1.0 - static_cast<double>(errors()) / checked;
  }
};

// A check's unit of work: the words of Σⁿ with index in [begin, end) in
// lexicographic order (exhaustive), or a sampled length whole (begin 0, end
// the samples asked for).
struct ShardKey {
  int n = 0;
  LengthMode mode = LengthMode::kExhaustive;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  friend bool operator==(const ShardKey&, const ShardKey&) = default;
};

// Finished shards: a shard's partial report (its counts, smallest |y|,
// smallest counterexample, and for a sampled length which classes exist),
// recorded when it finishes. lib/check/journal.h keeps them in a file.
class ShardStore {
 public:
  virtual ~ShardStore() = default;
  virtual const LengthReport* Find(const ShardKey& key) const = 0;
  virtual absl::Status Record(const ShardKey& key,
                              const LengthReport& part) = 0;
};

// The processes of a distributed run. lib/distributed/ has the MPI one; a
// test can simulate several in threads.
class Collective {
 public:
  virtual ~Collective() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every process's `mine`, in rank order, on every process (a collective
  // call: every process makes it, in the same order).
  virtual absl::StatusOr<std::vector<std::string>> AllGather(
      const std::string& mine) = 0;
  // Progress over the processes: each adds the work it did since its last
  // call (from the thread that calls Check); JobProgress is the sum of every
  // process's additions that have reached this one — on process 0, all of
  // them but those still on their way.
  virtual void AddProgress(std::uint64_t /*work*/) {}
  virtual std::uint64_t JobProgress() { return 0; }
};

// One shard record as a line of text (no newline) and back: how shards travel
// between processes and are kept in journals (lib/check/journal.h gives the
// format). ParseShardRecord returns false for a malformed line.
std::string FormatShardRecord(const ShardKey& key, const LengthReport& part);
bool ParseShardRecord(absl::string_view line, ShardKey* key,
                      LengthReport* part);

// The exhaustive shards of length n over k symbols, in order.
std::vector<ShardKey> ExhaustiveShards(int k, int n,
                                       const CheckOptions& options);

struct CheckReport {
  std::string engine;
  std::vector<LengthReport> lengths;
  bool holds() const;
  // The first length (in the order checked) with a disagreement, or nullptr.
  const LengthReport* first_failure() const;
};

// Checks `decider` against `language` at each length. Errors: alphabets differ,
// a negative or too large length, an exhaustive requirement beyond the limit,
// a decider's failure (Decider::failure).
absl::StatusOr<CheckReport> Check(const Decider& decider,
                                  const automata::Language& language,
                                  const std::vector<int>& lengths,
                                  const CheckOptions& options = {});

// Length generalization (Delétang et al. 2023, the Chomsky-hierarchy protocol):
// a verified range checked as above, and a test range of longer lengths on
// samples.
struct GeneralizationOptions {
  CheckOptions verify = {};
  // Samples per test length (the protocol uses 512).
  int test_samples = 512;
};

struct GeneralizationReport {
  CheckReport verified;
  CheckReport tested;
  // Mean accuracy over the test lengths.
  double mean_test_accuracy() const;
};

absl::StatusOr<GeneralizationReport> CheckGeneralization(
    const Decider& decider, const automata::Language& language,
    const std::vector<int>& verify_lengths,
    const std::vector<int>& test_lengths,
    const GeneralizationOptions& options = {});

// Checks `decider` against `language` on the given strings, one row per length
// (in increasing order, mode kGiven). Errors as Check.
absl::StatusOr<CheckReport> CheckWords(const Decider& decider,
                                       const automata::Language& language,
                                       const std::vector<automata::Word>& words,
                                       const CheckOptions& options = {});

// The strings the checker tries at a length beyond the exhaustive limit, and
// which classes exist there.
struct LengthSample {
  std::vector<automata::Word> words;
  bool members_exist = false;
  bool non_members_exist = false;
};

// options.samples strings of length n: when Σⁿ holds both classes, max(1, K/2)
// members (uniform over the members), K/4 near misses (fewer when the
// language's near misses cannot be found) and the rest, at least one,
// non-members (uniform over the non-members); when it holds one class only, K
// words of that class. So every class that exists is drawn, whatever K is
// (the sample has K + 1 words when K = 1 and both exist). Errors: a language
// with no uniform sampler of a class at n (Unimplemented; none in the
// registry). `drawn`, when set, is called after every word drawn. Seeded by
// LengthSeed(options.seed, n, ·): stream 1 members, 2 near misses, 3
// non-members.
absl::StatusOr<LengthSample> SampleLength(
    const automata::Language& language, int n, const CheckOptions& options,
    const std::function<void(std::uint64_t)>& drawn = {});

// SampleLength's words alone.
absl::StatusOr<std::vector<automata::Word>> SampleCheckWords(
    const automata::Language& language, int n, const CheckOptions& options);

// The seed of the sample at length n: reports do not depend on which other
// lengths were checked in the same run.
std::uint64_t LengthSeed(std::uint64_t seed, int n, int stream);

}  // namespace satcirc

#endif  // SATCIRC_LIB_CHECK_CHECK_H_
