// The Language interface: exact membership plus counting and uniform sampling
// of the members of one length. Every claim satcirc makes is checked against
// Contains(), so it must be exact and fast (it is called millions of times).
#ifndef SATCIRC_AUTOMATA_LANGUAGE_H_
#define SATCIRC_AUTOMATA_LANGUAGE_H_

#include <gmpxx.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"

namespace satcirc::automata {

class Dfa;

struct LanguageInfo {
  // True when the language is regular (then Language::dfa() is its minimal
  // DFA).
  bool is_regular = false;
  // What is known about it, e.g. "context-free; TC0, not AC0". Empty when
  // nothing is known beyond is_regular (regex:, dfa:; `analyze` decides
  // star-freeness for those).
  std::string known_class;
  // One line, e.g. "balanced brackets of 2 kinds".
  std::string description;
};

// Draws members of one length n uniformly at random. Made by
// Language::NewMemberSampler; the counts it needs are computed once.
class MemberSampler {
 public:
  virtual ~MemberSampler() = default;
  // Number of members of length n; always > 0 (there is no sampler otherwise).
  virtual const mpz_class& count() const = 0;
  virtual Word Sample(std::mt19937_64& rng) const = 0;
  // A near miss drawn directly, with exactly the law of one success of
  // SampleNearMisses (sample.h: a uniform member, one uniform edit, kept when
  // it leaves the language), for languages where that rejection loop is
  // hopeless at long lengths (MAJORITY: only members with the fewest ones can
  // be pushed out). nullopt, without touching rng, when there is no direct
  // method.
  virtual std::optional<Word> SampleNearMiss(std::mt19937_64& /*rng*/) const {
    return std::nullopt;
  }
};

class Language {
 public:
  virtual ~Language() = default;

  virtual const Alphabet& alphabet() const = 0;
  // The canonical spec that ParseLanguage() accepts, e.g. "dyck:k=2,depth=3".
  virtual std::string spec() const = 0;
  // Exact membership. Symbols outside the alphabet are a caller bug.
  virtual bool Contains(const Word& word) const = 0;
  virtual LanguageInfo info() const = 0;
  // Exact number of members of length n (n >= 0).
  virtual mpz_class CountMembers(int n) const = 0;
  // A uniform sampler over the members of length n; NotFoundError when there
  // are none.
  virtual absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const = 0;
  // Writes [w in L] for every w in Σⁿ, in lexicographic order (the first symbol
  // most significant), to out[0 .. |Σ|ⁿ). The default walks Σⁿ with Contains();
  // regular languages override it with a DFA walk that costs O(1) per word.
  virtual void FillMembership(int n, std::uint8_t* out) const;
  // The minimal, complete DFA of a regular language; nullptr otherwise.
  virtual const Dfa* dfa() const { return nullptr; }
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_LANGUAGE_H_
