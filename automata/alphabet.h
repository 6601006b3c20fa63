// Alphabets and words. A symbol is one printable, non-space character; a word
// is stored as the indices of its symbols, so that engines and enumerators can
// use them directly as array offsets.
#ifndef SATCIRC_AUTOMATA_ALPHABET_H_
#define SATCIRC_AUTOMATA_ALPHABET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace satcirc::automata {

// Index of a symbol in its alphabet (0 ... size-1).
using Symbol = std::uint8_t;
// A word over an alphabet, as symbol indices.
using Word = std::vector<Symbol>;

class Alphabet {
 public:
  // At most this many symbols (indices must fit in a Symbol).
  static constexpr int kMaxSize = 64;

  Alphabet() = default;
  // Each character of `symbols` is one symbol, in order. Symbols must be
  // distinct, printable ASCII and not whitespace; there must be 1 ... kMaxSize
  // of them.
  static absl::StatusOr<Alphabet> FromSymbols(std::string_view symbols);

  int size() const { return static_cast<int>(symbols_.size()); }
  char symbol(Symbol s) const { return symbols_[s]; }
  // The symbols in order, e.g. "01" or "()[]".
  const std::string& symbols() const { return symbols_; }
  std::optional<Symbol> Find(char c) const;

  // Parses a word written as its characters. An unknown character is an error
  // that names its position (1-based) and the alphabet.
  absl::StatusOr<Word> Parse(std::string_view text) const;
  std::string Format(const Word& word) const;

  friend bool operator==(const Alphabet& a, const Alphabet& b) {
    return a.symbols_ == b.symbols_;
  }

 private:
  std::string symbols_;
  std::int16_t index_[128] = {};  // index_[c] = symbol index + 1, 0 when absent
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_ALPHABET_H_
