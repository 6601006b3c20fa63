// Seeded samplers of strings of one length: uniform over Σⁿ, uniform over the
// members and uniform over the non-members (exact; see
// Language::NewMemberSampler and NewNonMemberSampler), and near-miss
// non-members.
#ifndef SATCIRC_AUTOMATA_SAMPLE_H_
#define SATCIRC_AUTOMATA_SAMPLE_H_

#include <cstdint>
#include <random>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"

namespace satcirc::automata {

struct SampleOptions {
  std::uint64_t seed = 1;
  // Near misses: edits tried per requested string before giving up.
  int max_attempts = 1000;
};

// A uniformly random word of Σⁿ.
Word SampleUniformWord(const Alphabet& alphabet, int n, std::mt19937_64& rng);

// `count` words uniform over Σⁿ.
std::vector<Word> SampleUniformWords(const Alphabet& alphabet, int n, int count,
                                     const SampleOptions& options = {});

// `count` members of length n, independent and uniform over the members.
// NotFound when there are none.
absl::StatusOr<std::vector<Word>> SampleMembers(
    const Language& language, int n, int count,
    const SampleOptions& options = {});

// `count` non-members of length n, independent and uniform over the
// non-members (Language::NewNonMemberSampler). NotFound when there are none.
absl::StatusOr<std::vector<Word>> SampleNonMembers(
    const Language& language, int n, int count,
    const SampleOptions& options = {});

// `count` near misses of length n: a uniform member with one edit, either one
// position set to a different symbol or two adjacent different symbols
// swapped (each with probability 1/2), kept only when the result is not a
// member. NotFound when there are no members, or when max_attempts edits in a
// row all stay inside the language (e.g. for a language with no non-members).
// Samplers with a direct method (MemberSampler::SampleNearMiss, same law) skip
// the rejection loop.
absl::StatusOr<std::vector<Word>> SampleNearMisses(
    const Language& language, int n, int count,
    const SampleOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_SAMPLE_H_
