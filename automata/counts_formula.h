// The formulas of counts:PHI (docs/language-specs.md): Boolean combinations of
// linear comparisons and congruences over the symbol counts #a of a word and
// its length n. Parsing, evaluation and printing only; the language built on
// them (counting, sampling, the DFA of the regular ones) is
// counting_language.h.
//
// Grammar (loosest binding first; spaces are allowed between tokens):
//   formula := and { '|' and }            also '||', '∨'
//   and     := not { '&' not }            also '&&', '∧'
//   not     := '!' not | primary          also '¬'
//   primary := '(' formula ')' | atom
//   atom    := term REL term [MOD]
//   REL     := '=' | '!=' | '<' | '<=' | '>' | '>='
//              also '==', '≠', '≤', '≥'; '≡' and '≢' (which need MOD)
//   MOD     := 'mod' INT | '(' 'mod' INT ')'     only after = != ≡ ≢
//   term    := ['+' | '-'] product { ('+' | '-') product }   also '−'
//   product := factor { ['*'] factor }    also '·', '⋅', '×'; a factor may
//              follow an integer without '*' (2#a, 3n)
//   factor  := INT | '#' SYMBOL | 'n'
// At most one factor of a product is #x or n: terms are linear. SYMBOL is one
// printable, non-space ASCII character. `A = B mod M` means M divides A − B.
#ifndef SATCIRC_AUTOMATA_COUNTS_FORMULA_H_
#define SATCIRC_AUTOMATA_COUNTS_FORMULA_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace satcirc::automata {

// Limits of the parser (docs/limits.md): integers written, and every
// coefficient and constant that sums of them make, are at most kMaxCountsValue
// in absolute value, so that a comparison evaluated on counts below 2^63 never
// leaves __int128 (64 symbols · 2^30 · 2^63 < 2^100).
inline constexpr std::int64_t kMaxCountsValue = 1'000'000'000;
inline constexpr int kMaxCountsLength = 4096;  // bytes of the formula
inline constexpr int kMaxCountsNesting = 256;  // '(' and '!' inside each other

// Σ_x coef[x]·#x + n_coef·n + constant.
struct LinearForm {
  std::array<std::int64_t, 128> coef = {};  // by ASCII code
  std::int64_t n_coef = 0;
  std::int64_t constant = 0;
  std::string order;  // the symbols as first written, for printing
};

enum class CountsRelation { kEq, kNe, kLt, kLe, kGt, kGe };

// left REL right, or, when modulus > 0, left ≡ right (mod modulus) (kEq) or
// its negation (kNe).
struct CountsAtom {
  LinearForm left;
  LinearForm right;
  LinearForm diff;  // left − right, compared with 0
  CountsRelation relation = CountsRelation::kEq;
  std::int64_t modulus = 0;
  int column = 0;  // of its first character in the spec, from 1
};

class CountsFormula {
 public:
  enum class Kind { kAtom, kNot, kAnd, kOr };
  struct Node {
    Kind kind;
    int atom = -1;              // kAtom
    std::vector<int> children;  // kNot: one; kAnd, kOr: two or more
  };

  // Parses spec[begin, end). Errors (InvalidArgument) quote the spec and
  // name the column, counted in characters of the whole spec from 1:
  // "language 'counts:#a=': column 11: expected a term (#x, n or an integer)
  // after '=', found the end of the formula".
  static absl::StatusOr<CountsFormula> Parse(std::string_view spec,
                                             std::size_t begin,
                                             std::size_t end);

  const std::vector<CountsAtom>& atoms() const { return atoms_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  // The symbols written (#x), sorted by character code.
  std::string Symbols() const;
  // The column of the first #x of `symbol`.
  int ColumnOf(char symbol) const;
  // The formula, given the truth of every atom (atom_true[i] for atoms()[i]),
  // with `scratch` holding nodes().size() bytes (callers keep one buffer for
  // millions of evaluations). Children precede their parents in nodes(), so
  // one pass in order suffices: no recursion.
  bool Evaluate(const char* atom_true, char* scratch) const;
  // The formula in ASCII with the coefficients of each side summed, as in
  // "#a = #b & !(2*#0 + 1 > n)".
  std::string ToString() const;

 private:
  std::string NodeString(int node, int parent_precedence) const;

  std::vector<CountsAtom> atoms_;
  std::vector<Node> nodes_;  // the root is the last
  std::array<int, 128> first_column_ = {};
};

// Whether `value` REL 0.
inline bool Compare(__int128 value, CountsRelation relation) {
  switch (relation) {
    case CountsRelation::kEq:
      return value == 0;
    case CountsRelation::kNe:
      return value != 0;
    case CountsRelation::kLt:
      return value < 0;
    case CountsRelation::kLe:
      return value <= 0;
    case CountsRelation::kGt:
      return value > 0;
    case CountsRelation::kGe:
      return value >= 0;
  }
  return false;
}

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_COUNTS_FORMULA_H_
