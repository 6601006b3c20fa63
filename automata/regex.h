// Regular expressions to DFAs.
//
// Syntax (loosest binding first): union `a|b`, concatenation `ab`, postfix
// `*` (zero or more), `+` (one or more), `?` (optional), parentheses. Every
// other printable, non-space character is a symbol; the alphabet is the set of
// symbols written, sorted by character code. An empty operand, as in `(|a)` or
// `()`, is the empty word.
#ifndef SATCIRC_AUTOMATA_REGEX_H_
#define SATCIRC_AUTOMATA_REGEX_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "automata/dfa.h"

namespace satcirc::automata {

// Thompson's construction (Thompson 1968) and the subset construction (Rabin &
// Scott 1959), then Minimize(): the result is the minimal DFA. Errors name the
// 1-based position, e.g. "regex:(ab: position 4: expected ')'".
absl::StatusOr<Dfa> RegexToDfa(std::string_view expression);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_REGEX_H_
