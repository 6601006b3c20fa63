// Two deciders on the same strings, length by length: a model before and
// after a change (its weights rounded, its limit taken), with the strings
// whose decision changed, and each one's accuracy against a language.
#ifndef SATCIRC_LIB_EXTRACT_COMPARE_H_
#define SATCIRC_LIB_EXTRACT_COMPARE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"
#include "lib/check/check.h"

namespace satcirc::extract {

struct CompareOptions {
  // Every string of a length with |Σ|ⁿ at most this; beyond, the checker's
  // sample of the language (SampleCheckWords: members, near misses and
  // non-members), which needs a language.
  std::uint64_t exhaustive_limit = std::uint64_t{1} << 16;
  int samples = 1000;  // strings per sampled length
  std::uint64_t seed = 1;
  int threads = 0;  // 0: one per core
};

struct LengthComparison {
  int n = 0;
  bool exhaustive = false;
  std::uint64_t strings = 0;
  std::uint64_t changed = 0;  // strings the two decide differently
  // The first of them (lexicographically on an exhaustive length, in sample
  // order otherwise), with the decision of `before` on it.
  std::optional<automata::Word> first_changed;
  bool first_before = false;
  // With a language: the strings each decides as the language does.
  std::uint64_t right_before = 0;
  std::uint64_t right_after = 0;
};

// InvalidArgument when the deciders' alphabets (or the language's) differ,
// for a negative length, and for a length beyond the exhaustive limit when
// `language` is null; a decider's failure (Decider::failure) as it is.
absl::StatusOr<std::vector<LengthComparison>> CompareDecisions(
    const Decider& before, const Decider& after,
    const automata::Language* language, const std::vector<int>& lengths,
    const CompareOptions& options = {});

}  // namespace satcirc::extract

#endif  // SATCIRC_LIB_EXTRACT_COMPARE_H_
