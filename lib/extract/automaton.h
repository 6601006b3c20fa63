// The automaton of the function a model computes (docs/automaton.md): L*
// (automata/lstar.h) with the model answering membership queries, and as the
// equivalence oracle every string up to a length plus samples of longer
// lengths. The result is the minimal DFA that agrees with the model on all of
// that evidence — the model's automaton when its function is regular and the
// evidence reaches far enough, which the comparison with the target
// language's DFA and the sampled lengths speak to.
#ifndef SATCIRC_LIB_EXTRACT_AUTOMATON_H_
#define SATCIRC_LIB_EXTRACT_AUTOMATON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "automata/dfa.h"
#include "automata/language.h"
#include "automata/lstar.h"
#include "lib/check/check.h"

namespace satcirc::extract {

struct AutomatonOptions {
  // Every string of length 0 … exhaustive_length is evidence; -1: the
  // largest length with at most 2^16 strings in all.
  int exhaustive_length = -1;
  // Longer lengths, sampled: `samples` uniform strings each, and with a
  // target language as many from its checker's sample (members, near misses,
  // non-members).
  std::vector<int> test_lengths{};
  int samples = 200;
  std::uint64_t seed = 1;
  automata::LStarOptions lstar{};
  int threads = 0;  // running the model on the evidence; 0: one per core
  // How the caller's user writes these options (a command's flags, a Python
  // function's arguments), for the advice when L* stops.
  struct Names {
    std::string test_lengths = "--test-lengths";
    std::string exhaustive_length = "--exhaustive-length";
    std::string max_states = "--max-states";
  };
  Names names{};
};

struct ExtractedAutomaton {
  automata::LStarResult learned;
  int exhaustive_length = 0;
  std::uint64_t exhaustive_strings = 0;  // lengths 0 … exhaustive_length
  std::uint64_t sampled_strings = 0;     // the test lengths'
  // The syntactic monoid of the learned DFA (nullopt when over its limits).
  std::optional<std::int64_t> monoid_size;
  std::optional<bool> star_free;
  // With a regular target: whether the DFA recognizes it, and when not the
  // shortest word on which they differ.
  std::optional<bool> equals_language;
  std::optional<automata::Word> difference;
};

// Errors: L*'s limits (ResourceExhausted, naming states and queries, and what
// to change, in `options.names`), a
// decider's failure, alphabets that differ, an exhaustive length too large
// (more than 2^24 strings).
absl::StatusOr<ExtractedAutomaton> ExtractAutomaton(
    const Decider& decider, const automata::Language* target,
    const AutomatonOptions& options = {});

}  // namespace satcirc::extract

#endif  // SATCIRC_LIB_EXTRACT_AUTOMATON_H_
