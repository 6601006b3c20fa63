#include "automata/alphabet.h"

#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc::automata {

absl::StatusOr<Alphabet> Alphabet::FromSymbols(std::string_view symbols) {
  if (symbols.empty()) {
    return absl::InvalidArgumentError("alphabet: it has no symbols");
  }
  if (symbols.size() > kMaxSize) {
    return absl::InvalidArgumentError(absl::StrCat("alphabet: ", symbols.size(),
                                                   " symbols, at most ",
                                                   kMaxSize, " are supported"));
  }
  Alphabet alphabet;
  for (char c : symbols) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 128 || !std::isgraph(u)) {
      return absl::InvalidArgumentError(
          absl::StrCat("alphabet: symbol with code ", static_cast<int>(u),
                       " is not a printable, non-space ASCII character"));
    }
    if (alphabet.index_[u] != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "alphabet: symbol '", std::string(1, c), "' appears twice"));
    }
    alphabet.symbols_.push_back(c);
    alphabet.index_[u] = static_cast<std::int16_t>(alphabet.symbols_.size());
  }
  return alphabet;
}

std::optional<Symbol> Alphabet::Find(char c) const {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 128 || index_[u] == 0) return std::nullopt;
  return static_cast<Symbol>(index_[u] - 1);
}

absl::StatusOr<Word> Alphabet::Parse(std::string_view text) const {
  Word word;
  word.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    std::optional<Symbol> s = Find(text[i]);
    if (!s) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input: character ", i + 1, " ('", std::string(1, text[i]),
          "') is not in the alphabet {", symbols_, "}"));
    }
    word.push_back(*s);
  }
  return word;
}

std::string Alphabet::Format(const Word& word) const {
  std::string out;
  out.reserve(word.size());
  for (Symbol s : word) out.push_back(symbols_[s]);
  return out;
}

}  // namespace satcirc::automata
