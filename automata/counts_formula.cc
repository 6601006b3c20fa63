#include "automata/counts_formula.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "automata/spec_error.h"

namespace satcirc::automata {
namespace {

using internal::Quoted;

// The column of byte `offset`: characters (UTF-8 lead bytes) before it, + 1,
// so that ∧ and ≤ count once, as a terminal shows them.
int ColumnAt(absl::string_view spec, std::size_t offset) {
  int column = 1;
  for (std::size_t i = 0; i < offset && i < spec.size(); ++i) {
    if ((static_cast<unsigned char>(spec[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

// Bytes in the UTF-8 character that starts with `lead` (1 for a stray byte).
std::size_t CharLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

enum class Tok {
  kEnd,
  kInt,
  kSymbol,  // #x
  kN,
  kMod,
  kLParen,
  kRParen,
  kPlus,
  kMinus,
  kTimes,
  kRel,
  kAnd,
  kOr,
  kNot
};

struct Token {
  Tok kind = Tok::kEnd;
  std::size_t offset = 0;  // in the spec
  std::size_t length = 0;
  std::int64_t value = 0;                         // kInt
  char symbol = 0;                                // kSymbol
  CountsRelation relation = CountsRelation::kEq;  // kRel
  bool congruence = false;                        // kRel: ≡ or ≢
};

// Operators spelled with more than one byte: ASCII pairs and UTF-8.
struct Spelling {
  absl::string_view text;
  Tok kind;
  CountsRelation relation = CountsRelation::kEq;
  bool congruence = false;
};
constexpr Spelling kSpellings[] = {
    {"==", Tok::kRel, CountsRelation::kEq},
    {"!=", Tok::kRel, CountsRelation::kNe},
    {"<=", Tok::kRel, CountsRelation::kLe},
    {">=", Tok::kRel, CountsRelation::kGe},
    {"&&", Tok::kAnd},
    {"||", Tok::kOr},
    {"\u2227", Tok::kAnd},                             // ∧
    {"\u2228", Tok::kOr},                              // ∨
    {"\u00AC", Tok::kNot},                             // ¬
    {"\u2261", Tok::kRel, CountsRelation::kEq, true},  // ≡
    {"\u2262", Tok::kRel, CountsRelation::kNe, true},  // ≢
    {"\u2260", Tok::kRel, CountsRelation::kNe},        // ≠
    {"\u2264", Tok::kRel, CountsRelation::kLe},        // ≤
    {"\u2265", Tok::kRel, CountsRelation::kGe},        // ≥
    {"\u00B7", Tok::kTimes},                           // ·
    {"\u22C5", Tok::kTimes},                           // ⋅
    {"\u00D7", Tok::kTimes},                           // ×
    {"\u2212", Tok::kMinus},                           // −
    {"=", Tok::kRel, CountsRelation::kEq},
    {"<", Tok::kRel, CountsRelation::kLt},
    {">", Tok::kRel, CountsRelation::kGt},
    {"&", Tok::kAnd},
    {"|", Tok::kOr},
    {"!", Tok::kNot},
    {"(", Tok::kLParen},
    {")", Tok::kRParen},
    {"+", Tok::kPlus},
    {"-", Tok::kMinus},
    {"*", Tok::kTimes},
};

class Lexer {
 public:
  Lexer(absl::string_view spec, std::size_t begin, std::size_t end)
      : spec_(spec), pos_(begin), end_(end) {}

  absl::StatusOr<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < end_ &&
             std::isspace(static_cast<unsigned char>(spec_[pos_]))) {
        ++pos_;
      }
      if (pos_ == end_) break;
      absl::StatusOr<Token> token = Next();
      if (!token.ok()) return token.status();
      tokens.push_back(*token);
    }
    tokens.push_back(Token{.kind = Tok::kEnd, .offset = end_});
    return tokens;
  }

 private:
  absl::Status Error(std::size_t offset, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("language '", Quoted(spec_), "': column ",
                     ColumnAt(spec_, offset), ": ", what));
  }

  absl::StatusOr<Token> Next() {
    const std::size_t start = pos_;
    const unsigned char c = static_cast<unsigned char>(spec_[pos_]);
    if (std::isdigit(c)) return Integer();
    if (c == '#') {
      const unsigned char s =
          pos_ + 1 < end_ ? static_cast<unsigned char>(spec_[pos_ + 1]) : 0;
      if (s >= 128 || !std::isgraph(s)) {
        return Error(start,
                     "expected a symbol right after '#' (one printable, "
                     "non-space ASCII character, as in #a)");
      }
      pos_ += 2;
      return Token{.kind = Tok::kSymbol,
                   .offset = start,
                   .length = 2,
                   .symbol = static_cast<char>(s)};
    }
    if (std::isalpha(c)) return Word();
    for (const Spelling& s : kSpellings) {
      if (spec_.substr(pos_, std::min(s.text.size(), end_ - pos_)) == s.text) {
        pos_ += s.text.size();
        return Token{.kind = s.kind,
                     .offset = start,
                     .length = s.text.size(),
                     .relation = s.relation,
                     .congruence = s.congruence};
      }
    }
    return Error(start, absl::StrCat("unexpected '",
                                     spec_.substr(start, CharLength(c)), "'"));
  }

  absl::StatusOr<Token> Integer() {
    const std::size_t start = pos_;
    std::int64_t value = 0;
    bool too_large = false;
    while (pos_ < end_ &&
           std::isdigit(static_cast<unsigned char>(spec_[pos_]))) {
      value = value * 10 + (spec_[pos_++] - '0');
      if (value > kMaxCountsValue) {
        too_large = true;
        value = 0;  // keeps the loop free of overflow
      }
    }
    if (too_large) {
      return Error(start,
                   absl::StrCat("the integer ",
                                Quoted(spec_.substr(start, pos_ - start)),
                                " is beyond the limit of ", kMaxCountsValue));
    }
    return Token{.kind = Tok::kInt,
                 .offset = start,
                 .length = pos_ - start,
                 .value = value};
  }

  absl::StatusOr<Token> Word() {
    const std::size_t start = pos_;
    while (pos_ < end_ &&
           std::isalpha(static_cast<unsigned char>(spec_[pos_]))) {
      ++pos_;
    }
    const absl::string_view word = spec_.substr(start, pos_ - start);
    if (word == "n")
      return Token{.kind = Tok::kN, .offset = start, .length = 1};
    if (word == "mod")
      return Token{.kind = Tok::kMod, .offset = start, .length = 3};
    std::string hint =
        "expected #x (the count of symbol x), n, mod or an "
        "operator";
    if (word.size() == 1) {
      hint = absl::StrCat("the count of symbol ", word, " is written #", word);
    } else if (word == "and" || word == "or" || word == "not") {
      hint = "write & for and, | for or, ! for not";
    }
    return Error(start,
                 absl::StrCat("unexpected '", Quoted(word), "' (", hint, ")"));
  }

  absl::string_view spec_;
  std::size_t pos_;
  std::size_t end_;
};

// Recursive descent over the tokens; recursion is bounded by
// kMaxCountsNesting ('(' and '!'), since & and | chains are built in loops.
class CountsParser {
 public:
  CountsParser(absl::string_view spec, std::vector<Token> tokens)
      : spec_(spec), tokens_(std::move(tokens)) {}

  // The parts of the formula, for CountsFormula::Parse to take.
  std::vector<CountsAtom> atoms;
  std::vector<CountsFormula::Node> nodes;
  std::array<int, 128> first_column = {};

  absl::Status Run() {
    absl::StatusOr<int> root = ParseOr(0);
    if (!root.ok()) return root.status();
    if (Peek().kind == Tok::kRParen)
      return Error(Peek().offset, "unexpected ')' with no matching '('");
    if (Peek().kind != Tok::kEnd)
      return Expected("'&', '|' or the end of the formula");
    return absl::OkStatus();
  }

 private:
  const Token& Peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  absl::string_view Text(const Token& t) const {
    return spec_.substr(t.offset, t.length);
  }

  absl::Status Error(std::size_t offset, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("language '", Quoted(spec_), "': column ",
                     ColumnAt(spec_, offset), ": ", what));
  }
  // "expected WHAT, found 'TOKEN'" at the current token.
  absl::Status Expected(absl::string_view what) const {
    const Token& t = Peek();
    return Error(t.offset, absl::StrCat("expected ", what, ", found ",
                                        t.kind == Tok::kEnd
                                            ? "the end of the formula"
                                            : absl::StrCat("'", Text(t), "'")));
  }

  int AddNode(CountsFormula::Node node) {
    nodes.push_back(std::move(node));
    return static_cast<int>(nodes.size()) - 1;
  }

  // and { '|' and }, or and { '&' not } (kind kOr / kAnd): one n-ary node.
  absl::StatusOr<int> ParseChain(int depth, Tok op, CountsFormula::Kind kind) {
    std::vector<int> children;
    while (true) {
      absl::StatusOr<int> child =
          op == Tok::kOr
              ? ParseChain(depth, Tok::kAnd, CountsFormula::Kind::kAnd)
              : ParseNot(depth);
      if (!child.ok()) return child;
      children.push_back(*child);
      if (Peek().kind != op) break;
      ++pos_;
    }
    if (children.size() == 1) return children[0];
    return AddNode({.kind = kind, .atom = -1, .children = std::move(children)});
  }
  absl::StatusOr<int> ParseOr(int depth) {
    return ParseChain(depth, Tok::kOr, CountsFormula::Kind::kOr);
  }

  absl::Status CheckDepth(int depth) const {
    if (depth <= kMaxCountsNesting) return absl::OkStatus();
    return Error(Peek().offset,
                 absl::StrCat("'(' and '!' nested deeper than ",
                              kMaxCountsNesting, " (the limit)"));
  }

  absl::StatusOr<int> ParseNot(int depth) {
    if (Peek().kind != Tok::kNot) return ParsePrimary(depth);
    if (absl::Status s = CheckDepth(depth + 1); !s.ok()) return s;
    ++pos_;
    absl::StatusOr<int> child = ParseNot(depth + 1);
    if (!child.ok()) return child;
    return AddNode(
        {.kind = CountsFormula::Kind::kNot, .atom = -1, .children = {*child}});
  }

  absl::StatusOr<int> ParsePrimary(int depth) {
    if (Peek().kind != Tok::kLParen) return ParseAtom();
    if (absl::Status s = CheckDepth(depth + 1); !s.ok()) return s;
    const std::size_t open = Peek().offset;
    ++pos_;
    absl::StatusOr<int> inner = ParseOr(depth + 1);
    if (!inner.ok()) return inner;
    if (Peek().kind != Tok::kRParen) {
      return Expected(absl::StrCat("')' to close the '(' at column ",
                                   ColumnAt(spec_, open)));
    }
    ++pos_;
    return inner;
  }

  static bool StartsTerm(Tok kind) {
    return kind == Tok::kInt || kind == Tok::kSymbol || kind == Tok::kN ||
           kind == Tok::kPlus || kind == Tok::kMinus;
  }

  absl::StatusOr<int> ParseAtom();
  absl::Status ParseModulus(CountsAtom* atom, const Token& rel);
  absl::Status ParseTerm(LinearForm* form);
  absl::Status ParseProduct(int sign, LinearForm* form);
  absl::Status AddTo(std::int64_t* slot, std::int64_t value, const Token& at,
                     absl::string_view what);

  absl::string_view spec_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

// term REL term [mod M]; a second REL (a chain) is an error.
absl::StatusOr<int> CountsParser::ParseAtom() {
  if (!StartsTerm(Peek().kind))
    return Expected("a comparison (such as #a = #b), '(' or '!'");
  CountsAtom atom;
  atom.column = ColumnAt(spec_, Peek().offset);
  if (absl::Status s = ParseTerm(&atom.left); !s.ok()) return s;
  if (Peek().kind != Tok::kRel) {
    const bool paren =
        Peek().kind == Tok::kLParen || Peek().kind == Tok::kRParen;
    absl::Status s =
        Expected("a comparison (=, !=, <, <=, >, >=) after the term");
    if (!paren) return s;
    return absl::InvalidArgumentError(
        absl::StrCat(s.message(),
                     " (parentheses group formulas, not terms: write "
                     "2#a + 2#b for 2(#a + #b))"));
  }
  const Token rel = Peek();
  atom.relation = rel.relation;
  ++pos_;
  if (!StartsTerm(Peek().kind)) {
    return Expected(
        absl::StrCat("a term (#x, n or an integer) after '", Text(rel), "'"));
  }
  if (absl::Status s = ParseTerm(&atom.right); !s.ok()) return s;
  if (absl::Status s = ParseModulus(&atom, rel); !s.ok()) return s;
  if (Peek().kind == Tok::kRel) {
    return Error(Peek().offset,
                 "comparisons do not chain: join them with &, as in "
                 "#a < #b & #b < #c");
  }
  // diff = left − right, each entry within the limit.
  atom.diff = atom.left;
  const Token at{.offset = rel.offset};
  for (char x : atom.right.order) {
    const std::string what = absl::StrCat(
        "the coefficient of #", std::string(1, x), " in left - right");
    if (atom.diff.order.find(x) == std::string::npos) atom.diff.order += x;
    if (absl::Status s =
            AddTo(&atom.diff.coef[static_cast<unsigned char>(x)],
                  -atom.right.coef[static_cast<unsigned char>(x)], at, what);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = AddTo(&atom.diff.n_coef, -atom.right.n_coef, at,
                             "the coefficient of n in left - right");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = AddTo(&atom.diff.constant, -atom.right.constant, at,
                             "the constant of left - right");
      !s.ok()) {
    return s;
  }
  atoms.push_back(std::move(atom));
  return AddNode({.kind = CountsFormula::Kind::kAtom,
                  .atom = static_cast<int>(atoms.size()) - 1,
                  .children = {}});
}

// "mod M" or "(mod M)" after a comparison: only = != ≡ ≢ take one, and ≡ ≢
// need one.
absl::Status CountsParser::ParseModulus(CountsAtom* atom, const Token& rel) {
  const bool parenthesized =
      Peek().kind == Tok::kLParen && Peek(1).kind == Tok::kMod;
  if (Peek().kind != Tok::kMod && !parenthesized) {
    if (rel.congruence) {
      return Expected(
          absl::StrCat("'mod M' after the congruence '", Text(rel), "'"));
    }
    return absl::OkStatus();
  }
  if (parenthesized) ++pos_;
  const Token mod = Peek();
  if (rel.relation != CountsRelation::kEq &&
      rel.relation != CountsRelation::kNe) {
    return Error(mod.offset,
                 "'mod' follows only = or != (a congruence is written "
                 "A = B mod M)");
  }
  ++pos_;
  if (Peek().kind != Tok::kInt)
    return Expected("an integer modulus after 'mod'");
  if (Peek().value < 1)
    return Error(Peek().offset, "the modulus must be at least 1");
  atom->modulus = Peek().value;
  ++pos_;
  if (parenthesized) {
    if (Peek().kind != Tok::kRParen) return Expected("')' after the modulus");
    ++pos_;
  }
  return absl::OkStatus();
}

absl::Status CountsParser::ParseTerm(LinearForm* form) {
  int sign = 1;
  if (Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus) {
    sign = Peek().kind == Tok::kMinus ? -1 : 1;
    ++pos_;
  }
  while (true) {
    if (absl::Status s = ParseProduct(sign, form); !s.ok()) return s;
    if (Peek().kind != Tok::kPlus && Peek().kind != Tok::kMinus)
      return absl::OkStatus();
    sign = Peek().kind == Tok::kMinus ? -1 : 1;
    ++pos_;
  }
}

// factor { ['*'] factor }: an integer coefficient times at most one of #x, n.
absl::Status CountsParser::ParseProduct(int sign, LinearForm* form) {
  const Token start = Peek();
  std::int64_t coefficient = sign;
  std::optional<Token> variable;
  while (true) {
    const Token& t = Peek();
    if (t.kind == Tok::kInt) {
      coefficient *= t.value;  // both within 10^9: no overflow
      if (coefficient > kMaxCountsValue || coefficient < -kMaxCountsValue) {
        return Error(start.offset,
                     absl::StrCat("the product is beyond the limit of ",
                                  kMaxCountsValue));
      }
    } else if (t.kind == Tok::kSymbol || t.kind == Tok::kN) {
      if (variable) {
        return Error(t.offset,
                     absl::StrCat("'", Text(*variable), "' times '", Text(t),
                                  "' is not linear (a coefficient is an "
                                  "integer)"));
      }
      variable = t;
    } else {
      const Token* before = pos_ > 0 ? &tokens_[pos_ - 1] : nullptr;
      return Expected(absl::StrCat(
          "a term (#x, n or an integer)",
          before && (before->kind == Tok::kTimes ||
                     before->kind == Tok::kPlus || before->kind == Tok::kMinus)
              ? absl::StrCat(" after '", Text(*before), "'")
              : ""));
    }
    const bool after_integer = t.kind == Tok::kInt;
    ++pos_;
    if (Peek().kind == Tok::kTimes) {
      ++pos_;
    } else if (!(after_integer &&
                 (Peek().kind == Tok::kSymbol || Peek().kind == Tok::kN))) {
      break;
    }
  }
  if (!variable) {
    return AddTo(&form->constant, coefficient, start, "the constant term");
  }
  if (variable->kind == Tok::kN) {
    return AddTo(&form->n_coef, coefficient, start, "the coefficient of n");
  }
  const char x = variable->symbol;
  const auto u = static_cast<unsigned char>(x);
  if (first_column[u] == 0) first_column[u] = ColumnAt(spec_, variable->offset);
  if (form->order.find(x) == std::string::npos) form->order.push_back(x);
  return AddTo(&form->coef[u], coefficient, start,
               absl::StrCat("the coefficient of #", std::string(1, x)));
}

absl::Status CountsParser::AddTo(std::int64_t* slot, std::int64_t value,
                                 const Token& at, absl::string_view what) {
  const std::int64_t sum = *slot + value;  // both within 10^9
  if (sum > kMaxCountsValue || sum < -kMaxCountsValue) {
    return Error(at.offset,
                 absl::StrCat(what, " adds up to ", sum,
                              ", beyond the limit of ", kMaxCountsValue));
  }
  *slot = sum;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CountsFormula> CountsFormula::Parse(std::string_view spec_in,
                                                   std::size_t begin,
                                                   std::size_t end) {
  const absl::string_view spec(spec_in.data(), spec_in.size());
  if (end - begin > static_cast<std::size_t>(kMaxCountsLength)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "language '", Quoted(spec), "': the formula is longer than ",
        kMaxCountsLength, " bytes (the limit)"));
  }
  absl::StatusOr<std::vector<Token>> tokens = Lexer(spec, begin, end).Run();
  if (!tokens.ok()) return tokens.status();
  CountsParser parser(spec, *std::move(tokens));
  if (absl::Status s = parser.Run(); !s.ok()) return s;
  CountsFormula formula;
  formula.atoms_ = std::move(parser.atoms);
  formula.nodes_ = std::move(parser.nodes);
  formula.first_column_ = parser.first_column;
  return formula;
}

std::string CountsFormula::Symbols() const {
  std::string symbols;
  for (int c = 0; c < 128; ++c) {
    if (first_column_[c] != 0) symbols.push_back(static_cast<char>(c));
  }
  return symbols;
}

int CountsFormula::ColumnOf(char symbol) const {
  return first_column_[static_cast<unsigned char>(symbol) & 0x7F];
}

bool CountsFormula::Evaluate(const char* atom_true, char* scratch) const {
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& node = nodes_[i];
    switch (node.kind) {
      case Kind::kAtom:
        scratch[i] = atom_true[node.atom];
        break;
      case Kind::kNot:
        scratch[i] = !scratch[node.children[0]];
        break;
      case Kind::kAnd:
      case Kind::kOr: {
        const bool is_and = node.kind == Kind::kAnd;
        bool value = is_and;
        for (int c : node.children) {
          if (static_cast<bool>(scratch[c]) != is_and) {
            value = !is_and;
            break;
          }
        }
        scratch[i] = value;
        break;
      }
    }
  }
  return scratch[nodes_.size() - 1];
}

namespace {

std::string FormString(const LinearForm& form) {
  std::string out;
  auto add = [&out](std::int64_t c, const std::string& what) {
    if (c == 0) return;
    const std::int64_t a = std::llabs(c);
    if (out.empty()) {
      if (c < 0) out.push_back('-');
    } else {
      absl::StrAppend(&out, c < 0 ? " - " : " + ");
    }
    if (what.empty()) {
      absl::StrAppend(&out, a);
    } else {
      absl::StrAppend(&out, a == 1 ? "" : absl::StrCat(a, "*"), what);
    }
  };
  for (char x : form.order)
    add(form.coef[static_cast<unsigned char>(x)],
        absl::StrCat("#", std::string(1, x)));
  add(form.n_coef, "n");
  add(form.constant, "");
  return out.empty() ? "0" : out;
}

const char* RelationString(CountsRelation r) {
  switch (r) {
    case CountsRelation::kEq:
      return "=";
    case CountsRelation::kNe:
      return "!=";
    case CountsRelation::kLt:
      return "<";
    case CountsRelation::kLe:
      return "<=";
    case CountsRelation::kGt:
      return ">";
    case CountsRelation::kGe:
      return ">=";
  }
  return "?";
}

}  // namespace

std::string CountsFormula::NodeString(int index, int parent_precedence) const {
  const Node& node = nodes_[index];
  std::string text;
  int precedence = 4;
  switch (node.kind) {
    case Kind::kAtom: {
      const CountsAtom& a = atoms_[node.atom];
      text = absl::StrCat(FormString(a.left), " ", RelationString(a.relation),
                          " ", FormString(a.right));
      if (a.modulus > 0) absl::StrAppend(&text, " mod ", a.modulus);
      break;
    }
    case Kind::kNot:
      precedence = 3;
      // !(#a = #b), not !#a = #b, which reads as if ! applied to #a.
      text = absl::StrCat("!", NodeString(node.children[0], 5));
      break;
    case Kind::kAnd:
    case Kind::kOr: {
      precedence = node.kind == Kind::kAnd ? 2 : 1;
      std::vector<std::string> parts;
      for (int c : node.children)
        parts.push_back(NodeString(c, precedence + 1));
      text = absl::StrJoin(parts, node.kind == Kind::kAnd ? " & " : " | ");
      break;
    }
  }
  return precedence < parent_precedence ? absl::StrCat("(", text, ")") : text;
}

std::string CountsFormula::ToString() const {
  return NodeString(static_cast<int>(nodes_.size()) - 1, 0);
}

}  // namespace satcirc::automata
