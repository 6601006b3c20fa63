// Deterministic finite automata: the data structure only. Algorithms live
// beside it (minimize.h, regex.h, dfa_io.h, syntactic_monoid.h).
#ifndef SATCIRC_AUTOMATA_DFA_H_
#define SATCIRC_AUTOMATA_DFA_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"

namespace satcirc::automata {

// A complete DFA: every state has one transition on every symbol (a rejecting
// sink stands for "no transition"). States are 0 ... num_states-1. The
// transition table is flat, delta[state * |Σ| + symbol], so that membership is
// a tight table walk.
class Dfa {
 public:
  Dfa() = default;
  // Checks sizes and ranges; errors say which entry is wrong.
  static absl::StatusOr<Dfa> Create(Alphabet alphabet, int num_states,
                                    int start, std::vector<std::int32_t> delta,
                                    std::vector<bool> accepting);

  const Alphabet& alphabet() const { return alphabet_; }
  int num_states() const { return num_states_; }
  int start() const { return start_; }
  int Next(int state, Symbol symbol) const {
    return delta_[state * alphabet_size_ + symbol];
  }
  bool accepting(int state) const { return accepting_[state] != 0; }
  const std::vector<std::int32_t>& delta() const { return delta_; }

  // The state reached from `state` by reading `word`.
  int Run(int state, const Word& word) const {
    const std::int32_t* delta = delta_.data();
    for (Symbol s : word) state = delta[state * alphabet_size_ + s];
    return state;
  }
  bool Contains(const Word& word) const {
    return accepting_[Run(start_, word)];
  }

  friend bool operator==(const Dfa& a, const Dfa& b) {
    return a.alphabet_ == b.alphabet_ && a.num_states_ == b.num_states_ &&
           a.start_ == b.start_ && a.delta_ == b.delta_ &&
           a.accepting_ == b.accepting_;
  }

 private:
  Alphabet alphabet_;
  int alphabet_size_ = 0;
  int num_states_ = 0;
  int start_ = 0;
  std::vector<std::int32_t> delta_;
  std::vector<std::uint8_t> accepting_;
};

// The shortest word (then the smallest in alphabet order) on which two DFAs
// over one alphabet disagree, by breadth-first search over their product;
// nullopt when they recognize the same language.
std::optional<Word> ShortestDifference(const Dfa& a, const Dfa& b);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_DFA_H_
