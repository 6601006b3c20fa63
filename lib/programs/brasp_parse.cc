// The B-RASP parser: a tokenizer that keeps line and column, and a recursive
// descent over the grammar of docs/brasp.md.
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/registry.h"
#include "lib/programs/brasp.h"
#include "lib/programs/parser_base.h"

namespace satcirc::programs {
namespace {

BExpr Node(BExpr::Kind kind) {
  BExpr e;
  e.kind = kind;
  return e;
}

using internal::Token;

class Parser : public internal::ParserBase {
 public:
  Parser(absl::string_view text, absl::string_view file)
      : ParserBase(text, file) {}
  absl::StatusOr<BraspProgram> Parse();

 private:
  absl::Status Let() override;
  absl::Status AttentionDef(Definition& def);
  // Expressions. `in_score`: names must say [i] or [j]; otherwise they are
  // read at `side`.
  absl::StatusOr<BExpr> Or(bool in_score, Side side);
  absl::StatusOr<BExpr> And(bool in_score, Side side);
  absl::StatusOr<BExpr> Unary(bool in_score, Side side);
  absl::StatusOr<BExpr> Atom(bool in_score, Side side);
  absl::StatusOr<BExpr> Symbol(bool in_score, Side side);
  absl::StatusOr<Side> Index(bool in_score, Side side, const Token& name);

  BraspProgram program_;
};

absl::StatusOr<BraspProgram> Parser::Parse() {
  if (absl::Status s = ParseStatements(&program_.output); !s.ok()) return s;
  CopyHeader(program_);
  return std::move(program_);
}

absl::Status Parser::Let() {
  const Token name = Next();
  static const std::vector<std::string> kKeywords = {
      "let",       "alphabet", "output", "empty", "language", "leftmost",
      "rightmost", "where",    "of",     "else",  "true",     "false",
      "i",         "j",        "Q",      "and",   "or",       "not"};
  if (absl::Status s = CheckNewName(name, kKeywords); !s.ok()) return s;
  if (absl::Status s = Expect("=", "'=' after the vector's name"); !s.ok())
    return s;
  Definition def;
  def.name = name.text;
  def.line = name.line;
  if (Peek().text == "leftmost" || Peek().text == "rightmost") {
    if (absl::Status s = AttentionDef(def); !s.ok()) return s;
  } else {
    absl::StatusOr<BExpr> e = Or(false, Side::kI);
    if (!e.ok()) return e.status();
    def.expr = *std::move(e);
  }
  names_[def.name] = static_cast<int>(program_.defs.size());
  program_.defs.push_back(std::move(def));
  return EndOfStatement();
}

// leftmost|rightmost j [< i | > i] where S of V else D
absl::Status Parser::AttentionDef(Definition& def) {
  def.is_attention = true;
  Attention& a = def.attention;
  a.leftmost = Next().text == "leftmost";
  if (absl::Status s = Expect("j", "'j' after leftmost/rightmost"); !s.ok())
    return s;
  a.mask = Attention::Mask::kAll;
  if (Accept("<") || Accept(">")) {
    a.mask = tokens_[pos_ - 1].text == "<" ? Attention::Mask::kBefore
                                           : Attention::Mask::kAfter;
    if (absl::Status s = Expect("i", "'i' in the mask (j < i or j > i)");
        !s.ok())
      return s;
  }
  if (absl::Status s = Expect("where", "where (or a mask j < i, j > i)");
      !s.ok())
    return s;
  absl::StatusOr<BExpr> score = Or(true, Side::kI);
  if (!score.ok()) return score.status();
  if (absl::Status s = Expect("of", "of after the score predicate"); !s.ok())
    return s;
  absl::StatusOr<BExpr> value = Or(false, Side::kJ);
  if (!value.ok()) return value.status();
  if (absl::Status s = Expect("else", "else after the value"); !s.ok())
    return s;
  absl::StatusOr<BExpr> fallback = Or(false, Side::kI);
  if (!fallback.ok()) return fallback.status();
  a.score = *std::move(score);
  a.value = *std::move(value);
  a.fallback = *std::move(fallback);
  return absl::OkStatus();
}

absl::StatusOr<BExpr> Parser::Or(bool in_score, Side side) {
  absl::StatusOr<BExpr> left = And(in_score, side);
  while (left.ok() && (Accept("|") || Accept("or"))) {
    absl::StatusOr<BExpr> right = And(in_score, side);
    if (!right.ok()) return right;
    BExpr e = Node(BExpr::Kind::kOr);
    e.args = {*std::move(left), *std::move(right)};
    left = std::move(e);
  }
  return left;
}

absl::StatusOr<BExpr> Parser::And(bool in_score, Side side) {
  absl::StatusOr<BExpr> left = Unary(in_score, side);
  while (left.ok() && (Accept("&") || Accept("and"))) {
    absl::StatusOr<BExpr> right = Unary(in_score, side);
    if (!right.ok()) return right;
    BExpr e = Node(BExpr::Kind::kAnd);
    e.args = {*std::move(left), *std::move(right)};
    left = std::move(e);
  }
  return left;
}

absl::StatusOr<BExpr> Parser::Unary(bool in_score, Side side) {
  if (Accept("!") || Accept("not")) {
    absl::StatusOr<BExpr> arg = Unary(in_score, side);
    if (!arg.ok()) return arg;
    BExpr e = Node(BExpr::Kind::kNot);
    e.args = {*std::move(arg)};
    return e;
  }
  return Atom(in_score, side);
}

absl::StatusOr<BExpr> Parser::Atom(bool in_score, Side side) {
  const Token t = Peek();
  if (Accept("(")) {
    absl::StatusOr<BExpr> e = Or(in_score, side);
    if (!e.ok()) return e;
    if (absl::Status s = Expect(")", "')'"); !s.ok()) return s;
    return e;
  }
  if (Accept("true") || Accept("false")) {
    BExpr e = Node(BExpr::Kind::kConst);
    e.value = t.text == "true";
    return e;
  }
  if (Accept("Q")) return Symbol(in_score, side);
  if (t.kind != Token::Kind::kWord || t.text == "i" || t.text == "j") {
    return Error(t, absl::StrCat("expected a vector, Q(a), true, false, ! or "
                                 "'(', found ",
                                 Describe(t)));
  }
  auto it = names_.find(t.text);
  if (it == names_.end()) {
    return Error(t, absl::StrCat("'", t.text, "' is not defined before here"));
  }
  Next();
  BExpr e = Node(BExpr::Kind::kVar);
  e.var = it->second;
  absl::StatusOr<Side> s = Index(in_score, side, t);
  if (!s.ok()) return s.status();
  e.side = *s;
  return e;
}

// Q(a) or Q("a"), then an index where one is needed.
absl::StatusOr<BExpr> Parser::Symbol(bool in_score, Side side) {
  const Token q = tokens_[pos_ - 1];
  if (absl::Status s = Expect("(", "'(' after Q"); !s.ok()) return s;
  const Token sym = Next();
  if ((sym.kind != Token::Kind::kWord && sym.kind != Token::Kind::kString &&
       sym.kind != Token::Kind::kNumber) ||
      sym.text.size() != 1) {
    return Error(sym, absl::StrCat("expected one symbol in Q(...), found ",
                                   Describe(sym)));
  }
  std::optional<automata::Symbol> s = alphabet_.Find(sym.text[0]);
  if (!s) {
    return Error(
        sym, absl::StrCat("'", sym.text, "' is not in the program's alphabet"));
  }
  if (absl::Status st = Expect(")", "')' after the symbol"); !st.ok())
    return st;
  BExpr e = Node(BExpr::Kind::kSymbol);
  e.symbol = *s;
  absl::StatusOr<Side> side_of = Index(in_score, side, q);
  if (!side_of.ok()) return side_of.status();
  e.side = *side_of;
  return e;
}

// [i] or [j]: required in a score predicate; elsewhere optional and equal to
// the side the expression is read at.
absl::StatusOr<Side> Parser::Index(bool in_score, Side side,
                                   const Token& name) {
  if (!Accept("[")) {
    if (in_score) {
      return Error(name, absl::StrCat("'", name.text,
                                      "' needs [i] or [j] in a "
                                      "score predicate"));
    }
    return side;
  }
  const Token idx = Next();
  if (idx.text != "i" && idx.text != "j") {
    return Error(
        idx, absl::StrCat("expected i or j in [...], found ", Describe(idx)));
  }
  if (absl::Status s = Expect("]", "']'"); !s.ok()) return s;
  const Side read = idx.text == "i" ? Side::kI : Side::kJ;
  if (!in_score && read != side) {
    return Error(idx, side == Side::kJ
                          ? "the value of an attention is read at j"
                          : "outside a score predicate vectors are read at i");
  }
  return read;
}

}  // namespace

absl::StatusOr<BraspProgram> ParseBrasp(absl::string_view text,
                                        absl::string_view file) {
  return Parser(text, file).Parse();
}

}  // namespace satcirc::programs
