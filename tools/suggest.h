// "Did you mean" suggestions for misspelt flags, commands and names.
#ifndef SATCIRC_TOOLS_SUGGEST_H_
#define SATCIRC_TOOLS_SUGGEST_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace satcirc::cli {

// The optimal-string-alignment (restricted Damerau–Levenshtein) distance:
// insertions, deletions, substitutions and swaps of two adjacent characters,
// each costing 1.
int EditDistance(absl::string_view a, absl::string_view b);

// The candidate nearest to `word`: the one at the smallest edit distance when
// that is at most 2 (at most 1 for words of up to 3 characters), else the
// only candidate that `word` is a prefix of (words of 3+ characters). Ties go
// to the first candidate. nullopt when none is close.
std::optional<std::string> Closest(absl::string_view word,
                                   const std::vector<std::string>& candidates);

// "; did you mean PREFIX+X?" for the closest candidate X, or "".
std::string DidYouMean(absl::string_view word,
                       const std::vector<std::string>& candidates,
                       absl::string_view prefix = "");

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_SUGGEST_H_
