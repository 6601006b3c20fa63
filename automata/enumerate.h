// Enumeration of Σⁿ in lexicographic order (symbols in alphabet order, the
// first position most significant), and the membership table of a language at
// length n.
#ifndef SATCIRC_AUTOMATA_ENUMERATE_H_
#define SATCIRC_AUTOMATA_ENUMERATE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"

namespace satcirc::automata {

// Advances `word` to the next word of the same length; false after the last.
inline bool NextWord(int alphabet_size, Word& word) {
  for (int i = static_cast<int>(word.size()) - 1; i >= 0; --i) {
    if (++word[i] < alphabet_size) return true;
    word[i] = 0;
  }
  return false;
}

// The word with index `index` (0-based) in the lexicographic order of Σⁿ.
Word WordAt(int alphabet_size, int n, std::uint64_t index);

// |Σ|ⁿ, or std::nullopt when it exceeds 2⁶².
std::optional<std::uint64_t> NumWords(int alphabet_size, int n);

struct EnumerateOptions {
  // Refuse tables with more entries than this (one byte each).
  std::uint64_t limit = std::uint64_t{1} << 24;
};

// table[i] = [WordAt(|Σ|, n, i) ∈ L]. ResourceExhausted beyond options.limit.
absl::StatusOr<std::vector<std::uint8_t>> MembershipTable(
    const Language& language, int n, const EnumerateOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_ENUMERATE_H_
