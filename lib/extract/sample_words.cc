#include "lib/extract/sample_words.h"

#include <random>
#include <utility>

#include "lib/check/check.h"

namespace satcirc::extract {

absl::StatusOr<std::vector<automata::Word>> UniformAndCheckerWords(
    const automata::Language* language, int alphabet_size, int n, int count,
    std::uint64_t seed, int stream) {
  std::mt19937_64 rng(LengthSeed(seed, n, stream));
  std::uniform_int_distribution<int> symbol(0, alphabet_size - 1);
  std::vector<automata::Word> words;
  for (int i = 0; i < count; ++i) {
    automata::Word w(n);
    for (auto& s : w) s = static_cast<automata::Symbol>(symbol(rng));
    words.push_back(std::move(w));
  }
  if (language) {
    CheckOptions co;
    co.samples = count;
    co.seed = seed;
    absl::StatusOr<std::vector<automata::Word>> more =
        SampleCheckWords(*language, n, co);
    if (!more.ok()) return more.status();
    words.insert(words.end(), more->begin(), more->end());
  }
  return words;
}

}  // namespace satcirc::extract
