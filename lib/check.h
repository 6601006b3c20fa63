// The checker: does a model recognize a language, length by length?
// (DESIGN.md, "Checking".) Every string of Σⁿ when |Σ|ⁿ is within the
// exhaustive limit, otherwise a seeded sample: half members (uniform over the
// members), a quarter near misses of members and a quarter uniform non-members.
#ifndef SATCIRC_LIB_CHECK_H_
#define SATCIRC_LIB_CHECK_H_

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
#include "lib/float_engine.h"
#include "lib/model.h"

namespace satcirc {

// Something that decides words: an engine bound to a model. The checker clones
// one per worker thread.
class Decider {
 public:
  virtual ~Decider() = default;
  virtual bool Accept(const automata::Word& word) = 0;
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
absl::StatusOr<std::unique_ptr<Decider>> MakeExactDecider(const Model& model);
// The fixed:p engine as a Decider (FixedEngine).
absl::StatusOr<std::unique_ptr<Decider>> MakeFixedDecider(const Model& model,
                                                          int frac_bits);
// The float:c engine as a Decider (FloatEngine).
absl::StatusOr<std::unique_ptr<Decider>> MakeFloatDecider(
    const Model& model, const FloatEngineOptions& options);
// The engine a spec names ("exact", "fixed:P", "float:C").
absl::StatusOr<std::unique_ptr<Decider>> MakeDecider(const Model& model,
                                                     absl::string_view engine);

struct CheckOptions {
  // Exhaustive when |Σ|ⁿ is at most this.
  std::uint64_t exhaustive_limit = std::uint64_t{1} << 22;
  // Refuse (InvalidArgument) rather than sample beyond the exhaustive limit.
  bool require_exhaustive = false;
  // Strings per length when sampling.
  int samples = 1000;
  std::uint64_t seed = 1;
  // Worker threads; 0 means one per core.
  int threads = 0;
  // Called now and then with (strings done, strings in all), from one thread.
  std::function<void(std::uint64_t, std::uint64_t)> progress = {};
};

struct LengthReport {
  int n = 0;
  bool exhaustive = false;
  std::uint64_t checked = 0;
  std::uint64_t members = 0;  // among the checked strings
  std::uint64_t false_accepts = 0;
  std::uint64_t false_rejects = 0;
  // The lexicographically smallest disagreement among the checked strings.
  std::optional<automata::Word> counterexample;
  bool counterexample_is_member = false;

  std::uint64_t errors() const { return false_accepts + false_rejects; }
  double accuracy() const {
    return checked == 0 ? 1.0 : 1.0 - static_cast<double>(errors()) / checked;
  }
};

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

// The strings the checker tries at a length beyond the exhaustive limit:
// options.samples of them, half members (uniform over the members where the
// language can sample them), a quarter near misses, the rest uniform strings
// (non-members preferred). Seeded by LengthSeed(options.seed, n, ·).
absl::StatusOr<std::vector<automata::Word>> SampleCheckWords(
    const automata::Language& language, int n, const CheckOptions& options);

// The seed of the sample at length n: reports do not depend on which other
// lengths were checked in the same run.
std::uint64_t LengthSeed(std::uint64_t seed, int n, int stream);

}  // namespace satcirc

#endif  // SATCIRC_LIB_CHECK_H_
