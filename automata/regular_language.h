// A regular language, held as its minimal complete DFA.
#ifndef SATCIRC_AUTOMATA_REGULAR_LANGUAGE_H_
#define SATCIRC_AUTOMATA_REGULAR_LANGUAGE_H_

#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "automata/dfa.h"
#include "automata/language.h"

namespace satcirc::automata {

class RegularLanguage : public Language {
 public:
  // A direct near miss of length n (MemberSampler::SampleNearMiss: the law of
  // one success of SampleNearMisses), for languages whose near misses the
  // rejection loop can hardly find (FIRST, OR).
  using NearMissFn =
      std::function<std::optional<Word>(int n, std::mt19937_64& rng)>;
  // Minimizes `dfa`. `info.is_regular` is forced to true.
  RegularLanguage(std::string spec, const Dfa& dfa, LanguageInfo info,
                  NearMissFn near_miss = nullptr);

  const Alphabet& alphabet() const override { return dfa_.alphabet(); }
  std::string spec() const override { return spec_; }
  bool Contains(const Word& word) const override { return dfa_.Contains(word); }
  LanguageInfo info() const override { return info_; }
  // Path counting in the DFA: O(n · states · |Σ|) big-integer additions.
  mpz_class CountMembers(int n) const override;
  // Walks the DFA choosing each symbol with probability proportional to the
  // number of accepted completions after it: exact, with floating-point
  // approximations settling almost every step (DfaSampler, dfa_sampler.h).
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override;
  // The same walk in the complement DFA (the minimal DFA with its accepting
  // states flipped).
  absl::StatusOr<std::unique_ptr<WordSampler>> NewNonMemberSampler(
      int n) const override;
  // Depth-first walk of Σⁿ keeping the DFA state of every prefix: amortized
  // O(1) per word.
  void FillMembership(int n, std::uint8_t* out) const override;
  const Dfa* dfa() const override { return &dfa_; }

 private:
  std::string spec_;
  Dfa dfa_;
  Dfa complement_;
  LanguageInfo info_;
  NearMissFn near_miss_;
};

// completions[r][q] = number of words of length r accepted from state q, for
// r = 0 ... n.
std::vector<std::vector<mpz_class>> CountCompletions(const Dfa& dfa, int n);

// For tests: the sampler of RegularLanguage::NewMemberSampler with every step
// settled by exact big-integer comparisons (its rare slow path). `dfa` must
// outlive it and have members of length n.
std::unique_ptr<MemberSampler> NewExactStepDfaSampler(const Dfa& dfa, int n);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_REGULAR_LANGUAGE_H_
