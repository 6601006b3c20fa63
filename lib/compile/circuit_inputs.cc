#include "lib/compile/circuit_inputs.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace satcirc {
namespace {

// (i, s) from "x[i][s]" or "x_i__s_"; nullopt for any other name.
std::optional<std::pair<int, int>> ParseTokenName(absl::string_view name) {
  const bool brackets = absl::ConsumePrefix(&name, "x[");
  if (!brackets && !absl::ConsumePrefix(&name, "x_")) return std::nullopt;
  const absl::string_view close = brackets ? "]" : "_";
  const absl::string_view middle = brackets ? "][" : "__";
  const std::size_t m = name.find(middle);
  if (m == absl::string_view::npos || !absl::ConsumeSuffix(&name, close)) {
    return std::nullopt;
  }
  int i = 0, s = 0;
  const absl::string_view a = name.substr(0, m), b = name.substr(m + 2);
  auto digits = [](absl::string_view t) {
    return !t.empty() && t.size() <= 6 &&
           t.find_first_not_of("0123456789") == absl::string_view::npos;
  };
  if (!digits(a) || !digits(b) || !absl::SimpleAtoi(a, &i) ||
      !absl::SimpleAtoi(b, &s)) {
    return std::nullopt;
  }
  return std::pair{i, s};
}

}  // namespace

absl::StatusOr<TokenLayout> ReadTokenLayout(const circuits::Circuit& circuit) {
  const std::size_t count = circuit.inputs().size();
  if (count == 0) return TokenLayout{};
  // The symbols per position: one more than the largest s of position 0.
  TokenLayout layout;
  for (std::size_t j = 0; j < count; ++j) {
    const std::string& name = circuit.gate(circuit.inputs()[j]).name;
    const std::optional<std::pair<int, int>> t = ParseTokenName(name);
    if (!t) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input ", j, " is named '", name,
          "', not x[i][k]: simulate runs circuits compiled by satcirc "
          "compile, whose inputs are the one-hot token bits x[i][k]"));
    }
    if (t->first != 0) break;
    layout.symbols = t->second + 1;
  }
  if (count % layout.symbols != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        count, " inputs are not a whole number of positions of ",
        layout.symbols, " symbols x[i][0 … ", layout.symbols - 1, "]"));
  }
  layout.length = static_cast<int>(count / layout.symbols);
  for (std::size_t j = 0; j < count; ++j) {
    const std::string& name = circuit.gate(circuit.inputs()[j]).name;
    const std::optional<std::pair<int, int>> t = ParseTokenName(name);
    const std::pair<int, int> want{static_cast<int>(j) / layout.symbols,
                                   static_cast<int>(j) % layout.symbols};
    if (!t || *t != want) {
      return absl::InvalidArgumentError(absl::StrCat(
          "input ", j, " is named '", name, "'; expected x[", want.first, "][",
          want.second, "] (the inputs of a compiled circuit are x[i][k] ",
          "for i < n, k < |alphabet|, position by position)"));
    }
  }
  return layout;
}

std::vector<bool> EncodeTokens(const TokenLayout& layout,
                               const automata::Word& word) {
  std::vector<bool> bits(word.size() * layout.symbols, false);
  for (std::size_t i = 0; i < word.size(); ++i)
    bits[i * layout.symbols + word[i]] = true;
  return bits;
}

}  // namespace satcirc
