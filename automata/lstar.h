// Angluin's L* (Angluin 1987), in the variant of Maler and Pnueli (1995): a
// counterexample adds all its suffixes to the experiments, which keeps the
// observation table consistent, so only closedness is restored. Learns the
// minimal DFA of a language known only through a membership oracle and an
// equivalence oracle (a counterexample to a hypothesis, or none).
//
// Every hypothesis is the minimal DFA consistent with the membership answers
// so far: when the equivalence oracle finds no counterexample, the result is
// minimal for what the oracle checked.
#ifndef SATCIRC_AUTOMATA_LSTAR_H_
#define SATCIRC_AUTOMATA_LSTAR_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "automata/dfa.h"

namespace satcirc::automata {

struct LStarOptions {
  // Stop (ResourceExhausted) when a hypothesis would have more states: the
  // language is not regular, or its DFA is larger than this.
  int max_states = 1000;
  // Stop (ResourceExhausted) after this many distinct membership queries.
  std::int64_t max_queries = 20'000'000;
};

struct LStarResult {
  Dfa dfa;                      // minimal, complete
  std::int64_t membership = 0;  // distinct strings asked
  int equivalence = 0;          // hypotheses checked (the last one passed)
  int longest_counterexample = 0;
};

// The largest hypothesis reached before a limit stopped the run, for the
// message: ResourceExhausted names the limit, the states and the queries.
using MembershipOracle = std::function<bool(const Word&)>;
using EquivalenceOracle =
    std::function<absl::StatusOr<std::optional<Word>>(const Dfa&)>;

// Errors: the limits above (ResourceExhausted), and whatever the equivalence
// oracle returns.
absl::StatusOr<LStarResult> LearnDfa(const Alphabet& alphabet,
                                     const MembershipOracle& member,
                                     const EquivalenceOracle& equivalent,
                                     const LStarOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_LSTAR_H_
