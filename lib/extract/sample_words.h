// The sampled strings of a length that extraction runs a model on: `count`
// uniform strings of Σⁿ (seeded by LengthSeed(seed, n, stream)) and, with a
// language, `count` more from its checker's mix (SampleCheckWords: members,
// near misses, non-members).
#ifndef SATCIRC_LIB_EXTRACT_SAMPLE_WORDS_H_
#define SATCIRC_LIB_EXTRACT_SAMPLE_WORDS_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"

namespace satcirc::extract {

absl::StatusOr<std::vector<automata::Word>> UniformAndCheckerWords(
    const automata::Language* language, int alphabet_size, int n, int count,
    std::uint64_t seed, int stream);

}  // namespace satcirc::extract

#endif  // SATCIRC_LIB_EXTRACT_SAMPLE_WORDS_H_
