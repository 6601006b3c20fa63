#include "automata/syntactic_monoid.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc::automata {
namespace {

// A map on states, stored as the bytes of its int32 images (a cheap hash key).
using Transformation = std::vector<std::int32_t>;

std::string Key(const Transformation& t) {
  return std::string(reinterpret_cast<const char*>(t.data()),
                     t.size() * sizeof(std::int32_t));
}

// True when every cycle of the functional graph of t is a fixed point.
bool IsAperiodic(const Transformation& t) {
  const int n = static_cast<int>(t.size());
  // color: 0 unvisited, 1 on the current path, 2 done.
  std::vector<std::uint8_t> color(n, 0);
  std::vector<int> path;
  for (int s = 0; s < n; ++s) {
    if (color[s]) continue;
    path.clear();
    int v = s;
    while (color[v] == 0) {
      color[v] = 1;
      path.push_back(v);
      v = t[v];
    }
    // v closes a new cycle iff it is on the current path; the cycle is
    // v → t[v] → … → v, of length 1 iff t[v] == v.
    if (color[v] == 1 && t[v] != v) return false;
    for (int p : path) color[p] = 2;
  }
  return true;
}

}  // namespace

absl::StatusOr<SyntacticMonoid> ComputeSyntacticMonoid(
    const Dfa& dfa, const MonoidOptions& options) {
  const int states = dfa.num_states();
  const int k = dfa.alphabet().size();
  std::vector<Transformation> elements;
  std::vector<Word> words;
  std::unordered_map<std::string, std::int64_t> index;
  Transformation identity(states);
  for (int s = 0; s < states; ++s) identity[s] = s;
  index.emplace(Key(identity), 0);
  elements.push_back(identity);
  words.push_back({});
  SyntacticMonoid monoid;
  monoid.aperiodic = true;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    for (int a = 0; a < k; ++a) {
      // The map of word·a: first the word, then a.
      Transformation next(states);
      for (int s = 0; s < states; ++s) {
        next[s] = dfa.Next(elements[i][s], static_cast<Symbol>(a));
      }
      auto [it, inserted] =
          index.emplace(Key(next), static_cast<std::int64_t>(elements.size()));
      if (!inserted) continue;
      if (static_cast<std::int64_t>(elements.size()) >= options.max_elements) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "syntactic monoid: more than ", options.max_elements,
            " elements (the minimal DFA has ", states, " states)"));
      }
      Word w = words[i];
      w.push_back(static_cast<Symbol>(a));
      if (monoid.aperiodic && !IsAperiodic(next)) {
        monoid.aperiodic = false;
        monoid.periodic_witness = w;
      }
      elements.push_back(std::move(next));
      words.push_back(std::move(w));
    }
  }
  monoid.size = static_cast<std::int64_t>(elements.size());
  return monoid;
}

}  // namespace satcirc::automata
