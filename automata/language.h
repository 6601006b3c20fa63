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

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "automata/alphabet.h"

namespace satcirc::automata {

class Dfa;

struct LanguageInfo {
  // True when the language is regular (then Language::dfa() is its minimal
  // DFA).
  bool is_regular = false;
  // With is_regular false: whether the language is known not to be regular.
  // Every built-in non-regular family is; a counts: formula may be neither
  // proven regular nor proven non-regular, or regular with a DFA too large to
  // build (known_class says which).
  bool known_not_regular = true;
  // What is known about it, e.g. "context-free; TC0, not AC0". Empty when
  // nothing is known beyond is_regular (regex:, dfa:; `analyze` decides
  // star-freeness for those).
  std::string known_class;
  // One line, e.g. "balanced brackets of 2 kinds".
  std::string description;
};

// Draws words of one length n from one class (the members of a language, or
// its non-members) uniformly at random.
class WordSampler {
 public:
  virtual ~WordSampler() = default;
  virtual Word Sample(std::mt19937_64& rng) const = 0;
};

// Draws members of one length n uniformly at random. Made by
// Language::NewMemberSampler.
class MemberSampler : public WordSampler {
 public:
  // Number of members of length n; always > 0 (there is no sampler otherwise).
  // Exact; samplers that do not need it to sample compute it on first use.
  virtual const mpz_class& count() const = 0;
  // A near miss drawn directly, with exactly the law of one success of
  // SampleNearMisses (sample.h: a uniform member, one uniform edit, kept when
  // it leaves the language), for languages where that rejection loop is
  // hopeless at long lengths (MAJORITY: only members with the fewest ones can
  // be pushed out; FIRST: only an edit of the first symbol). nullopt, without
  // touching rng, when there is no direct method.
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
  // OK when CountMembers(n) and the samplers of length n are within the
  // language's work limits; otherwise ResourceExhausted, naming the limit.
  // Callers that take n from a user check it before CountMembers, which has
  // no error channel (beyond the limits it still answers exactly, in hours).
  // Only counts: has limits (docs/limits.md); its samplers check them too.
  virtual absl::Status CheckCountingLimits(int /*n*/) const {
    return absl::OkStatus();
  }
  // A uniform sampler over the members of length n; NotFoundError when there
  // are none.
  virtual absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const = 0;
  // A uniform sampler over the non-members of length n (Σⁿ minus the
  // language); NotFoundError when every word of length n is a member. The
  // default decides by NonMemberShareAtLeast(n), a proven lower bound s on the
  // share of non-members: when s >= 1/16, rejection from uniform Σⁿ (exactly
  // uniform over the non-members; at most 16 draws per word on average);
  // otherwise, when |Σ|ⁿ <= 2^20, a list of every non-member; otherwise
  // Unimplemented (no registry language gets there: regular languages
  // override this with their complement DFA, and every other one proves
  // s >= 1/2 for n >= 1).
  virtual absl::StatusOr<std::unique_ptr<WordSampler>> NewNonMemberSampler(
      int n) const;
  // A lower bound, proven for the language, on |Σⁿ \ L| / |Σ|ⁿ. The default
  // computes it from CountMembers(n), rounded down; languages override it
  // with an argument that needs no counting (e.g. Dyck: every word that opens
  // with a closing bracket is a non-member, so s >= 1/2 for n >= 1).
  virtual double NonMemberShareAtLeast(int n) const;
  // Writes [w in L] for every w in Σⁿ, in lexicographic order (the first symbol
  // most significant), to out[0 .. |Σ|ⁿ). The default walks Σⁿ with Contains();
  // regular languages override it with a DFA walk that costs O(1) per word.
  virtual void FillMembership(int n, std::uint8_t* out) const;
  // The minimal, complete DFA of a regular language; nullptr otherwise.
  virtual const Dfa* dfa() const { return nullptr; }
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_LANGUAGE_H_
