// Moore's partition refinement (Hopcroft & Ullman 1979, §3.4), the minimizer
// satcirc used before Hopcroft's algorithm: quadratic in the worst case, but
// simple enough to trust. Minimize() must return exactly what this returns
// (the same canonical numbering); the tests and the DFA fuzzer compare them.
#ifndef SATCIRC_TESTS_AUTOMATA_REFERENCE_MINIMIZE_H_
#define SATCIRC_TESTS_AUTOMATA_REFERENCE_MINIMIZE_H_

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "automata/dfa.h"

namespace satcirc::automata::testing {

inline Dfa MooreMinimize(const Dfa& dfa) {
  const int k = dfa.alphabet().size();
  std::vector<int> order = {dfa.start()};
  std::vector<int> seen(dfa.num_states(), 0);
  seen[dfa.start()] = 1;
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (int a = 0; a < k; ++a) {
      const int t = dfa.Next(order[i], static_cast<Symbol>(a));
      if (!seen[t]) {
        seen[t] = 1;
        order.push_back(t);
      }
    }
  }
  // A state's new class is its old class and its successors' old classes.
  std::vector<int> cls(dfa.num_states(), -1);
  for (int s : order) cls[s] = dfa.accepting(s) ? 1 : 0;
  int num_classes = -1;
  while (true) {
    std::map<std::vector<int>, int> ids;
    std::vector<int> next(dfa.num_states(), -1);
    std::vector<int> signature(k + 1);
    for (int s : order) {
      signature[0] = cls[s];
      for (int a = 0; a < k; ++a) {
        signature[a + 1] = cls[dfa.Next(s, static_cast<Symbol>(a))];
      }
      next[s] =
          ids.emplace(signature, static_cast<int>(ids.size())).first->second;
    }
    const int count = static_cast<int>(ids.size());
    cls = std::move(next);
    if (count == num_classes) break;
    num_classes = count;
  }
  std::vector<int> representative(num_classes, -1);
  for (int s : order) {
    if (representative[cls[s]] < 0) representative[cls[s]] = s;
  }
  std::vector<int> number(num_classes, -1);
  std::vector<int> queue = {cls[dfa.start()]};
  number[cls[dfa.start()]] = 0;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const int rep = representative[queue[i]];
    for (int a = 0; a < k; ++a) {
      const int c = cls[dfa.Next(rep, static_cast<Symbol>(a))];
      if (number[c] < 0) {
        number[c] = static_cast<int>(queue.size());
        queue.push_back(c);
      }
    }
  }
  std::vector<std::int32_t> delta(static_cast<std::size_t>(num_classes) * k);
  std::vector<bool> accepting(num_classes);
  for (int c = 0; c < num_classes; ++c) {
    const int rep = representative[c];
    accepting[number[c]] = dfa.accepting(rep);
    for (int a = 0; a < k; ++a) {
      delta[static_cast<std::size_t>(number[c]) * k + a] =
          number[cls[dfa.Next(rep, static_cast<Symbol>(a))]];
    }
  }
  return *Dfa::Create(dfa.alphabet(), num_classes, 0, std::move(delta),
                      std::move(accepting));
}

}  // namespace satcirc::automata::testing

#endif  // SATCIRC_TESTS_AUTOMATA_REFERENCE_MINIMIZE_H_
