// Languages recognized by a deterministic machine with a few integer counters
// (MAJORITY, Shuffle-Dyck, aⁿbⁿ, aⁿbⁿcⁿ). Counting and uniform sampling come
// for free from the machine: the number of accepted completions of `remaining`
// symbols from a machine state is memoized, and only polynomially many states
// are reachable at length n.
#ifndef SATCIRC_AUTOMATA_COUNTER_LANGUAGE_H_
#define SATCIRC_AUTOMATA_COUNTER_LANGUAGE_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "automata/language.h"

namespace satcirc::automata {

class CounterLanguage : public Language {
 public:
  // Up to four counters; unused ones stay 0.
  using State = std::array<std::int32_t, 4>;

  bool Contains(const Word& word) const override {
    State s = Start();
    for (Symbol a : word) {
      if (!Step(s, a)) return false;
    }
    return Accepts(s);
  }
  mpz_class CountMembers(int n) const override;
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override;

  // The machine. Step returns false when no extension of the word can be a
  // member (a dead end).
  virtual State Start() const = 0;
  virtual bool Step(State& state, Symbol symbol) const = 0;
  virtual bool Accepts(const State& state) const = 0;
  // False only when no `remaining` symbols can lead to acceptance; prunes the
  // counting. The default never prunes.
  virtual bool Viable(const State& state, int remaining) const { return true; }

  // Number of accepted completions of length `remaining` from `state`.
  // Memoized; thread-safe.
  mpz_class Completions(const State& state, int remaining) const;

 private:
  mpz_class CompletionsLocked(const State& state, int remaining) const;

  mutable std::mutex mutex_;
  mutable std::map<std::pair<State, int>, mpz_class> memo_;
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_COUNTER_LANGUAGE_H_
