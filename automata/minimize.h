// DFA minimization. The result is canonical: two DFAs accept the same language
// iff their minimized forms compare equal with ==.
#ifndef SATCIRC_AUTOMATA_MINIMIZE_H_
#define SATCIRC_AUTOMATA_MINIMIZE_H_

#include "automata/dfa.h"

namespace satcirc::automata {

// Removes unreachable states and merges equivalent ones by Hopcroft's
// partition refinement (Hopcroft 1971; as in Knuutila 2001), then numbers the
// classes in breadth-first order from the start state, symbols in alphabet
// order, so that the result is canonical. O(|Σ| · states · log states) time,
// O(|Σ| · states) memory.
Dfa Minimize(const Dfa& dfa);

// Whether two DFAs over the same alphabet accept the same language.
bool Equivalent(const Dfa& a, const Dfa& b);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_MINIMIZE_H_
