// Regular expressions to DFAs.
//
// Syntax (loosest binding first): union `a|b`, concatenation `ab`, postfix
// `*` (zero or more), `+` (one or more), `?` (optional), parentheses. Every
// other printable, non-space character is a symbol; the alphabet is the set of
// symbols written, sorted by character code. An empty operand, as in `(|a)` or
// `()`, is the empty word.
#ifndef SATCIRC_AUTOMATA_REGEX_H_
#define SATCIRC_AUTOMATA_REGEX_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "automata/dfa.h"

namespace satcirc::automata {

// Limits of RegexToDfa (docs/limits.md). A short expression can describe a
// DFA of exponential size ((a|b)*a(a|b)(a|b)... needs 2^k states), so the
// subset construction is bounded in states, transitions, memory and steps,
// and refused (ResourceExhausted, naming the limit) beyond them.
inline constexpr int kMaxRegexLength = 4096;   // characters
inline constexpr int kMaxRegexNesting = 256;   // parentheses inside each other
// Together these keep a refusal (or a success) under about a second.
inline constexpr int kMaxRegexDfaStates = 1 << 18;
inline constexpr std::int64_t kMaxRegexTransitions = std::int64_t{1} << 24;
// NFA states summed over the distinct state sets kept (4 bytes each: 64 MiB).
inline constexpr std::int64_t kMaxRegexSetEntries = std::int64_t{1} << 24;
// NFA states visited by the subset construction, a measure of its time.
inline constexpr std::int64_t kMaxRegexSteps = std::int64_t{1} << 28;

// Thompson's construction (Thompson 1968) and the subset construction (Rabin &
// Scott 1959), then Minimize(): the result is the minimal DFA. Errors name the
// 1-based position, e.g. "regex:(ab: position 4: expected ')'".
absl::StatusOr<Dfa> RegexToDfa(std::string_view expression);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_REGEX_H_
