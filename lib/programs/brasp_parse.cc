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

namespace satcirc::programs {
namespace {

struct Token {
  enum class Kind { kWord, kString, kPunct, kNewline, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  int line = 1, column = 1;
};

// Punctuation: ! & | ( ) [ ] < > =, one character each.
bool IsPunct(char c) {
  return std::string_view("!&|()[]<>=,").find(c) != std::string_view::npos;
}
BExpr Node(BExpr::Kind kind) {
  BExpr e;
  e.kind = kind;
  return e;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

class Parser {
 public:
  Parser(absl::string_view text, absl::string_view file)
      : text_(text), file_(file) {}
  absl::StatusOr<BraspProgram> Parse();

 private:
  absl::Status Tokenize();
  absl::Status Error(const Token& at, absl::string_view message) const {
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ":", at.line, ":", at.column, ": ", message));
  }
  const Token& Peek() const { return tokens_[pos_]; }
  Token Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool Accept(absl::string_view text) {
    if (Peek().kind != Token::Kind::kWord && Peek().kind != Token::Kind::kPunct)
      return false;
    if (Peek().text != text) return false;
    ++pos_;
    return true;
  }
  absl::Status Expect(absl::string_view text, absl::string_view what) {
    if (Accept(text)) return absl::OkStatus();
    return Error(Peek(),
                 absl::StrCat("expected ", what, ", found ", Describe(Peek())));
  }
  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case Token::Kind::kNewline:
        return "the end of the line";
      case Token::Kind::kEnd:
        return "the end of the program";
      case Token::Kind::kString:
        return absl::StrCat("\"", t.text, "\"");
      default:
        return absl::StrCat("'", t.text, "'");
    }
  }
  absl::Status EndOfStatement() {
    if (Peek().kind == Token::Kind::kNewline ||
        Peek().kind == Token::Kind::kEnd) {
      Next();
      return absl::OkStatus();
    }
    return Error(Peek(), absl::StrCat("expected the end of the line, found ",
                                      Describe(Peek())));
  }
  absl::Status Statement();
  absl::Status Alphabet();
  absl::Status Language(const Token& head);
  absl::Status Let();
  absl::Status AttentionDef(Definition& def);
  // Expressions. `in_score`: names must say [i] or [j]; otherwise they are
  // read at `side`.
  absl::StatusOr<BExpr> Or(bool in_score, Side side);
  absl::StatusOr<BExpr> And(bool in_score, Side side);
  absl::StatusOr<BExpr> Unary(bool in_score, Side side);
  absl::StatusOr<BExpr> Atom(bool in_score, Side side);
  absl::StatusOr<BExpr> Symbol(bool in_score, Side side);
  absl::StatusOr<Side> Index(bool in_score, Side side, const Token& name);

  absl::string_view text_;
  std::string file_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  BraspProgram program_;
  bool has_alphabet_ = false;
  std::map<std::string, int> names_;
  std::optional<Token> output_;
};

absl::Status Parser::Tokenize() {
  int line = 1, column = 1;
  size_t k = 0;
  auto push = [&](Token::Kind kind, std::string text, int col) {
    tokens_.push_back(Token{kind, std::move(text), line, col});
  };
  while (k < text_.size()) {
    const char c = text_[k];
    if (c == '#') {
      while (k < text_.size() && text_[k] != '\n') ++k;
    } else if (c == '\n') {
      push(Token::Kind::kNewline, "", column);
      ++line, ++k, column = 1;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++k, ++column;
    } else if (IsWordChar(c)) {
      const int start = column;
      std::string word;
      while (k < text_.size() && IsWordChar(text_[k])) word += text_[k++];
      column += static_cast<int>(word.size());
      push(Token::Kind::kWord, word, start);
    } else if (c == '"' || c == '\'') {
      const int start = column;
      std::string s;
      ++k, ++column;
      while (k < text_.size() && text_[k] != c && text_[k] != '\n') {
        s += text_[k++];
        ++column;
      }
      if (k >= text_.size() || text_[k] != c) {
        return Error(Token{Token::Kind::kString, s, line, start},
                     "unterminated quoted string");
      }
      ++k, ++column;
      push(Token::Kind::kString, s, start);
    } else if (IsPunct(c)) {
      push(Token::Kind::kPunct, std::string(1, c), column);
      ++k, ++column;
    } else {
      return Error(
          Token{Token::Kind::kPunct, "", line, column},
          absl::StrCat("unexpected character '", std::string(1, c), "'"));
    }
  }
  push(Token::Kind::kEnd, "", column);
  return absl::OkStatus();
}

absl::StatusOr<BraspProgram> Parser::Parse() {
  if (absl::Status s = Tokenize(); !s.ok()) return s;
  while (Peek().kind != Token::Kind::kEnd) {
    if (Peek().kind == Token::Kind::kNewline) {
      Next();
      continue;
    }
    if (absl::Status s = Statement(); !s.ok()) return s;
  }
  if (!has_alphabet_) {
    return Error(Peek(), "the program names no alphabet (alphabet \"01\")");
  }
  if (!output_) {
    return Error(Peek(), "the program names no output vector (output NAME)");
  }
  auto it = names_.find(output_->text);
  if (it == names_.end()) {
    return Error(*output_,
                 absl::StrCat("output '", output_->text, "' is not defined"));
  }
  program_.output = it->second;
  return std::move(program_);
}

absl::Status Parser::Statement() {
  const Token head = Peek();
  if (Accept("alphabet")) return Alphabet();
  if (Accept("let")) return Let();
  if (Accept("output")) {
    if (output_) return Error(head, "a second output statement");
    if (Peek().kind != Token::Kind::kWord) {
      return Error(Peek(), absl::StrCat("expected a vector name after output, "
                                        "found ",
                                        Describe(Peek())));
    }
    output_ = Next();
    return EndOfStatement();
  }
  if (Accept("language")) return Language(head);
  if (Accept("empty")) {
    if (Accept("accept")) {
      program_.accept_empty = true;
    } else if (!Accept("reject")) {
      return Error(Peek(), absl::StrCat("expected accept or reject after "
                                        "empty, found ",
                                        Describe(Peek())));
    }
    return EndOfStatement();
  }
  return Error(head, absl::StrCat("expected alphabet, let, output, empty or "
                                  "language, found ",
                                  Describe(head)));
}

// language "SPEC": a registry language with the program's alphabet.
absl::Status Parser::Language(const Token& head) {
  const Token t = Next();
  if (!program_.language.empty())
    return Error(head, "a second language statement");
  if (t.kind != Token::Kind::kString && t.kind != Token::Kind::kWord) {
    return Error(t, absl::StrCat("expected a language spec, e.g. language "
                                 "\"tomita:7\", found ",
                                 Describe(t)));
  }
  if (!has_alphabet_)
    return Error(head, "the alphabet must come before the language");
  absl::StatusOr<std::unique_ptr<automata::Language>> lang =
      automata::ParseLanguage(t.text);
  if (!lang.ok()) return Error(t, lang.status().message());
  if ((*lang)->alphabet().symbols() != program_.alphabet.symbols()) {
    return Error(t, absl::StrCat("the language's alphabet '",
                                 (*lang)->alphabet().symbols(),
                                 "' is not the program's '",
                                 program_.alphabet.symbols(), "'"));
  }
  program_.language = t.text;
  return EndOfStatement();
}

absl::Status Parser::Alphabet() {
  const Token t = Next();
  if (has_alphabet_) return Error(t, "a second alphabet statement");
  if (t.kind != Token::Kind::kString && t.kind != Token::Kind::kWord) {
    return Error(t, absl::StrCat("expected the alphabet's symbols, e.g. "
                                 "alphabet \"01\", found ",
                                 Describe(t)));
  }
  absl::StatusOr<automata::Alphabet> a =
      automata::Alphabet::FromSymbols(t.text);
  if (!a.ok()) return Error(t, a.status().message());
  program_.alphabet = *a;
  has_alphabet_ = true;
  return EndOfStatement();
}

absl::Status Parser::Let() {
  const Token name = Next();
  if (name.kind != Token::Kind::kWord ||
      !std::isalpha(static_cast<unsigned char>(name.text[0]))) {
    return Error(name, absl::StrCat("expected a vector name after let, found ",
                                    Describe(name)));
  }
  static const char* const kReserved[] = {
      "let",   "alphabet", "output", "empty", "leftmost", "rightmost",
      "where", "of",       "else",   "true",  "false",    "i",
      "j",     "Q",        "and",    "or",    "not"};
  for (const char* r : kReserved) {
    if (name.text == r) {
      return Error(name, absl::StrCat("'", name.text,
                                      "' is a keyword, not a vector name"));
    }
  }
  if (names_.count(name.text)) {
    return Error(name, absl::StrCat("'", name.text, "' is already defined"));
  }
  if (!has_alphabet_) {
    return Error(name, "the alphabet must come before the first let");
  }
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
  if ((sym.kind != Token::Kind::kWord && sym.kind != Token::Kind::kString) ||
      sym.text.size() != 1) {
    return Error(sym, absl::StrCat("expected one symbol in Q(...), found ",
                                   Describe(sym)));
  }
  std::optional<automata::Symbol> s = program_.alphabet.Find(sym.text[0]);
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
