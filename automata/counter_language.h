// Languages recognized by a deterministic machine with a few integer counters
// (MAJORITY, Shuffle-Dyck, aⁿbⁿ, aⁿbⁿcⁿ). Counting and uniform sampling come
// from the machine: the states reachable after i symbols are enumerated layer
// by layer (only polynomially many at length n), and the number of accepted
// completions of every such state is computed backwards, without recursion.
// That is polynomial but slow at long lengths (O(n^k) states for k counters),
// so the built-in languages override counting and sampling with closed forms
// and direct exact samplers (languages.cc); the machine count stays as
// CountByLayers, which the tests compare with them.
#ifndef SATCIRC_AUTOMATA_COUNTER_LANGUAGE_H_
#define SATCIRC_AUTOMATA_COUNTER_LANGUAGE_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "automata/language.h"

namespace satcirc::automata {

class CounterLanguage : public Language {
 public:
  // Up to four counters; unused ones stay 0.
  using State = std::array<std::int32_t, 4>;
  // completions[i][s] = number of accepted completions of n − i symbols from
  // state s, for the viable states s reachable after i symbols.
  using CompletionTable = std::vector<std::map<State, mpz_class>>;

  bool Contains(const Word& word) const override {
    State s = Start();
    for (Symbol a : word) {
      if (!Step(s, a)) return false;
    }
    return Accepts(s);
  }
  // CountByLayers(n). Subclasses with a closed form override it.
  mpz_class CountMembers(int n) const override { return CountByLayers(n); }
  // The default sampler walks the completion table (memory: every layer's
  // states); subclasses with a direct exact sampler override it.
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override;

  // The machine. Step returns false when no extension of the word can be a
  // member (a dead end).
  virtual State Start() const = 0;
  virtual bool Step(State& state, Symbol symbol) const = 0;
  virtual bool Accepts(const State& state) const = 0;
  // False only when no `remaining` symbols can lead to acceptance; prunes the
  // layers. The default never prunes.
  virtual bool Viable(const State& /*state*/, int /*remaining*/) const {
    return true;
  }

  // Forward counts over the reachable states of each layer: O(n · states per
  // layer · |Σ|) big-integer additions, memory for two layers. Kept as the
  // machine's own count, which the tests compare with the closed forms.
  mpz_class CountByLayers(int n) const;
  // The completion table for length n (memory: all layers).
  CompletionTable Completions(int n) const;
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_COUNTER_LANGUAGE_H_
