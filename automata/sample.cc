#include "automata/sample.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/random.h"

namespace satcirc::automata {

Word SampleUniformWord(const Alphabet& alphabet, int n, std::mt19937_64& rng) {
  Word word(n);
  UniformSymbols(alphabet.size(), n, rng, word.data());
  return word;
}

std::vector<Word> SampleUniformWords(const Alphabet& alphabet, int n, int count,
                                     const SampleOptions& options) {
  std::mt19937_64 rng(options.seed);
  std::vector<Word> words;
  words.reserve(count);
  for (int i = 0; i < count; ++i)
    words.push_back(SampleUniformWord(alphabet, n, rng));
  return words;
}

absl::StatusOr<std::vector<Word>> SampleMembers(const Language& language, int n,
                                                int count,
                                                const SampleOptions& options) {
  absl::StatusOr<std::unique_ptr<MemberSampler>> sampler =
      language.NewMemberSampler(n);
  if (!sampler.ok()) return sampler.status();
  std::mt19937_64 rng(options.seed);
  std::vector<Word> words;
  words.reserve(count);
  for (int i = 0; i < count; ++i) words.push_back((*sampler)->Sample(rng));
  return words;
}

absl::StatusOr<std::vector<Word>> SampleNonMembers(
    const Language& language, int n, int count, const SampleOptions& options) {
  absl::StatusOr<std::unique_ptr<WordSampler>> sampler =
      language.NewNonMemberSampler(n);
  if (!sampler.ok()) return sampler.status();
  std::mt19937_64 rng(options.seed);
  std::vector<Word> words;
  words.reserve(count);
  for (int i = 0; i < count; ++i) words.push_back((*sampler)->Sample(rng));
  return words;
}

absl::StatusOr<std::vector<Word>> SampleNearMisses(
    const Language& language, int n, int count, const SampleOptions& options) {
  absl::StatusOr<std::unique_ptr<MemberSampler>> sampler =
      language.NewMemberSampler(n);
  if (!sampler.ok()) return sampler.status();
  const int q = language.alphabet().size();
  std::mt19937_64 rng(options.seed);
  std::vector<Word> words;
  words.reserve(count);
  int failures = 0;
  while (static_cast<int>(words.size()) < count) {
    if (std::optional<Word> direct = (*sampler)->SampleNearMiss(rng)) {
      words.push_back(*std::move(direct));
      continue;
    }
    Word w = (*sampler)->Sample(rng);
    bool edited = false;
    if (n >= 1 && q >= 2 && (n < 2 || (rng() & 1))) {
      const int i = static_cast<int>(UniformBelow(n, rng));
      // A different symbol: shift by 1 ... q-1.
      w[i] = static_cast<Symbol>((w[i] + 1 + UniformBelow(q - 1, rng)) % q);
      edited = true;
    } else if (n >= 2) {
      const int i = static_cast<int>(UniformBelow(n - 1, rng));
      if (w[i] != w[i + 1]) {
        std::swap(w[i], w[i + 1]);
        edited = true;
      }
    }
    if (edited && !language.Contains(w)) {
      words.push_back(std::move(w));
      failures = 0;
    } else if (++failures >= options.max_attempts) {
      return absl::NotFoundError(absl::StrCat(
          language.spec(), " at length ", n, ": ", options.max_attempts,
          " edits of members in a row were all members; no near misses found"));
    }
  }
  return words;
}

}  // namespace satcirc::automata
