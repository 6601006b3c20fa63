#include "automata/language.h"

#include <cstdlib>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "automata/random.h"

namespace satcirc::automata {
namespace {

// Rejection from uniform Σⁿ: conditioned on leaving the language, a uniform
// word is uniform over the non-members. The share of non-members is proven to
// be at least 1/16 (Language::NewNonMemberSampler), so a draw takes at most 16
// tries on average and more than 2^20 tries with probability below 2^-97000.
class RejectionNonMemberSampler : public WordSampler {
 public:
  RejectionNonMemberSampler(const Language& language, int n)
      : language_(language), n_(n) {}
  Word Sample(std::mt19937_64& rng) const override {
    Word word(n_);
    for (int attempt = 0; attempt < (1 << 20); ++attempt) {
      UniformSymbols(language_.alphabet().size(), n_, rng, word.data());
      if (!language_.Contains(word)) return word;
    }
    // An invariant, not an input error: the language's proven share is wrong.
    std::abort();
  }

 private:
  const Language& language_;
  int n_;
};

// Every non-member of a small Σⁿ, by index; a draw picks one uniformly.
class ListedNonMemberSampler : public WordSampler {
 public:
  ListedNonMemberSampler(int alphabet_size, int n,
                         std::vector<std::uint64_t> indices)
      : alphabet_size_(alphabet_size), n_(n), indices_(std::move(indices)) {}
  Word Sample(std::mt19937_64& rng) const override {
    return WordAt(alphabet_size_, n_,
                  indices_[UniformBelow(indices_.size(), rng)]);
  }

 private:
  int alphabet_size_;
  int n_;
  std::vector<std::uint64_t> indices_;
};

constexpr double kRejectionShare = 1.0 / 16;
constexpr std::uint64_t kListedWords = std::uint64_t{1} << 20;

}  // namespace

void Language::FillMembership(int n, std::uint8_t* out) const {
  const int q = alphabet().size();
  Word word(n, 0);
  std::size_t index = 0;
  while (true) {
    out[index++] = Contains(word) ? 1 : 0;
    // Odometer step: the last position is the least significant.
    int i = n - 1;
    while (i >= 0 && word[i] == q - 1) word[i--] = 0;
    if (i < 0) break;
    ++word[i];
  }
}

double Language::NonMemberShareAtLeast(int n) const {
  mpz_class total;
  mpz_ui_pow_ui(total.get_mpz_t(), alphabet().size(), n);
  // mpq_get_d truncates towards zero: a lower bound.
  return mpq_class(total - CountMembers(n), total).get_d();
}

absl::StatusOr<std::unique_ptr<WordSampler>> Language::NewNonMemberSampler(
    int n) const {
  const int k = alphabet().size();
  if (NonMemberShareAtLeast(n) >= kRejectionShare) {
    return std::make_unique<RejectionNonMemberSampler>(*this, n);
  }
  const std::optional<std::uint64_t> words = NumWords(k, n);
  if (!words || *words > kListedWords) {
    mpz_class total;
    mpz_ui_pow_ui(total.get_mpz_t(), k, n);
    if (CountMembers(n) == total) {
      return absl::NotFoundError(
          absl::StrCat(spec(), " has no non-members of length ", n));
    }
    return absl::UnimplementedError(absl::StrCat(
        spec(), " at length ", n,
        ": non-members are too rare to draw by rejection and too many to "
        "list; no uniform non-member sampler"));
  }
  std::vector<std::uint8_t> table(*words);
  FillMembership(n, table.data());
  std::vector<std::uint64_t> indices;
  for (std::uint64_t i = 0; i < *words; ++i) {
    if (!table[i]) indices.push_back(i);
  }
  if (indices.empty()) {
    return absl::NotFoundError(
        absl::StrCat(spec(), " has no non-members of length ", n));
  }
  return std::make_unique<ListedNonMemberSampler>(k, n, std::move(indices));
}

}  // namespace satcirc::automata
