// The syntactic monoid of a regular language and its aperiodicity.
//
// The syntactic monoid of L is the transition monoid of L's minimal DFA: the
// maps state → state induced by words (Pin 1986, ch. 1; Straubing 1994, §V).
// L is star-free iff this monoid is aperiodic, i.e. mᵏ = mᵏ⁺¹ for every element
// m and some k (Schützenberger 1965); for a map on finitely many states that
// means every cycle of its functional graph is a fixed point.
#ifndef SATCIRC_AUTOMATA_SYNTACTIC_MONOID_H_
#define SATCIRC_AUTOMATA_SYNTACTIC_MONOID_H_

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "automata/dfa.h"

namespace satcirc::automata {

struct MonoidOptions {
  // Stop (ResourceExhausted) beyond this many elements.
  std::int64_t max_elements = 1'000'000;
  // Stop (ResourceExhausted) when the elements would take more memory than
  // this: each is a map on the states (4 bytes per state) plus
  // kMonoidBytesPerElement of bookkeeping. The monoid has at least one
  // element per reachable state, so a DFA too large for even that many is
  // refused before anything is computed (docs/limits.md).
  std::int64_t max_bytes = std::int64_t{1} << 30;
};

// Bookkeeping per element beyond its map: hash-set node and bucket, hash,
// parent and last symbol (for the witness), vector growth.
inline constexpr std::int64_t kMonoidBytesPerElement = 96;

struct SyntacticMonoid {
  std::int64_t size = 0;   // the identity (empty word) included
  bool aperiodic = false;  // i.e. the language is star-free
  // When not aperiodic: a shortest word w, first in length-lexicographic
  // order, whose map is periodic (wᵏ ≠ wᵏ⁺¹ for all k).
  std::optional<Word> periodic_witness;
};

// `dfa` must be minimal (Minimize()) for the size to be the syntactic monoid's;
// aperiodicity holds for the transition monoid of any DFA of L only when it is
// minimal, so pass the minimal one. Breadth-first over words, symbols in
// order: O(size · states · |Σ|) time, O(size · states) memory, bounded by
// `options`.
absl::StatusOr<SyntacticMonoid> ComputeSyntacticMonoid(
    const Dfa& dfa, const MonoidOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_SYNTACTIC_MONOID_H_
