#include "automata/dfa.h"

#include <deque>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc::automata {

absl::StatusOr<Dfa> Dfa::Create(Alphabet alphabet, int num_states, int start,
                                std::vector<std::int32_t> delta,
                                std::vector<bool> accepting) {
  const int k = alphabet.size();
  if (num_states < 1) {
    return absl::InvalidArgumentError("dfa: it has no states");
  }
  if (start < 0 || start >= num_states) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dfa: start state ", start, " is not in 0..", num_states - 1));
  }
  if (delta.size() != static_cast<std::size_t>(num_states) * k) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dfa: transition table has ", delta.size(),
        " entries, expected states x symbols = ", num_states, " x ", k));
  }
  if (accepting.size() != static_cast<std::size_t>(num_states)) {
    return absl::InvalidArgumentError(absl::StrCat("dfa: ", accepting.size(),
                                                   " accepting flags for ",
                                                   num_states, " states"));
  }
  for (std::size_t i = 0; i < delta.size(); ++i) {
    if (delta[i] < 0 || delta[i] >= num_states) {
      return absl::InvalidArgumentError(absl::StrCat(
          "dfa: transition from state ", i / k, " on '",
          std::string(1, alphabet.symbol(static_cast<Symbol>(i % k))),
          "' goes to ", delta[i], ", not in 0..", num_states - 1));
    }
  }
  Dfa dfa;
  dfa.alphabet_ = std::move(alphabet);
  dfa.alphabet_size_ = k;
  dfa.num_states_ = num_states;
  dfa.start_ = start;
  dfa.delta_ = std::move(delta);
  dfa.accepting_.assign(accepting.begin(), accepting.end());
  return dfa;
}

std::optional<Word> ShortestDifference(const Dfa& a, const Dfa& b) {
  const int k = a.alphabet().size(), nb = b.num_states();
  std::vector<char> seen(static_cast<size_t>(a.num_states()) * nb, 0);
  std::vector<std::pair<int, Symbol>> parent(seen.size());
  const int start = a.start() * nb + b.start();
  std::deque<int> queue = {start};
  seen[start] = 1;
  while (!queue.empty()) {
    const int s = queue.front();
    queue.pop_front();
    if (a.accepting(s / nb) != b.accepting(s % nb)) {
      Word w;
      for (int t = s; t != start; t = parent[t].first) {
        w.insert(w.begin(), parent[t].second);
      }
      return w;
    }
    for (int c = 0; c < k; ++c) {
      const auto sym = static_cast<Symbol>(c);
      const int t = a.Next(s / nb, sym) * nb + b.Next(s % nb, sym);
      if (seen[t]) continue;
      seen[t] = 1;
      parent[t] = {s, sym};
      queue.push_back(t);
    }
  }
  return std::nullopt;
}

}  // namespace satcirc::automata
