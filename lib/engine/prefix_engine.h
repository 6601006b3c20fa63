// Every word of one length, in lexicographic order, with the work its prefixes
// share done once: the exact engine of `satcirc check`'s exhaustive mode.
//
// Consecutive words of Σⁿ in lexicographic order share all but a few symbols
// at their end (two on average over a binary alphabet). Where a position's
// row of the residual stream depends only on the symbols up to it, the rows of
// the shared prefix are kept from the word before and only the rest are
// computed. What that covers (Create says why, for a model it does not):
//
//  - the exact semantics (docs/semantics.md: saturated and hard heads, no
//    layer norm);
//  - K leading *prefix layers*, whose heads all have a causal or strict mask:
//    position p's rows after them depend on the symbols up to p alone. Each
//    head's keys and values are kept per position; a head whose scores all tie
//    (W_Q or W_K zero) keeps prefix sums of its values instead, so that its
//    average at p costs one division;
//  - then the *suffix layers* (any masks but future), computed at the readout
//  position
//    only, provided each of their heads' keys and values reads only features
//    that no suffix layer writes: those too are functions of one position's
//    prefix, kept per position as the prefix grows. The query is computed at
//    the readout position and scored against the kept keys — or, when it is
//    the same for every word, scored as each position is computed.
//
// A model with a future mask (keys after the position) is refused: no row
// before the last symbol is known. That covers every construction of the zoo.
// The arithmetic is int64 fractions with checked operations, as in
// ExactEngine's fast path; a word whose values leave int64 is reported (Decide
// returns false) and the caller decides it with ExactEngine, which falls back
// to GMP. Decisions and readout values equal ExactEngine's on every word
// (tests/lib/prefix_engine_test.cc).
#ifndef SATCIRC_LIB_ENGINE_PREFIX_ENGINE_H_
#define SATCIRC_LIB_ENGINE_PREFIX_ENGINE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "lib/base/rational.h"
#include "lib/model/model.h"

namespace satcirc {

class PrefixEngine {
 public:
  // FailedPrecondition, saying why, for a model outside what it covers (the
  // exact engine runs those word by word); InvalidArgument for a model without
  // exact semantics.
  static absl::StatusOr<std::unique_ptr<PrefixEngine>> Create(
      const Model& model, int n);
  ~PrefixEngine();

  // Decides `word` (of the engine's length n), whose first `same` symbols are
  // those of the word this engine decided before (0: none are known). Sets
  // *accept (y > 0) and *abs_y (|y| rounded to the nearest double). False
  // when a value left int64: decide that word with ExactEngine.
  bool Decide(const automata::Word& word, int same, bool* accept,
              double* abs_y);
  // The readout y of the last word Decide returned true for, exactly.
  Rational last_y() const;
  int length() const;
  // How many suffix heads have a query that is the same for every word (it
  // reads only features on which every symbol's embedding agrees, and what
  // only those produce): they are scored as each position is computed, a
  // running argmax, instead of over every position at the readout.
  int running_heads() const;

 private:
  struct Impl;
  explicit PrefixEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace satcirc

#endif  // SATCIRC_LIB_ENGINE_PREFIX_ENGINE_H_
