// The C-RASP parser: a recursive descent over the grammar of docs/crasp.md
// that checks types (Boolean or count) as it builds each node.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/programs/crasp.h"
#include "lib/programs/parser_base.h"

namespace satcirc::programs {
namespace {

using internal::Token;

// Coefficients (times constants) beyond this are refused: every value of a
// count then fits in int64 for words of up to 10⁶ symbols.
constexpr std::int64_t kMaxMagnitude = 1'000'000'000'000;

CNode Node(CNode::Kind kind, std::vector<CNode> args = {}) {
  CNode n;
  n.kind = kind;
  n.args = std::move(args);
  return n;
}

class Parser : public internal::ParserBase {
 public:
  Parser(absl::string_view text, absl::string_view file)
      : ParserBase(text, file) {}
  absl::StatusOr<CraspProgram> Parse();

 private:
  absl::Status Let() override;
  absl::StatusOr<CNode> Or();
  absl::StatusOr<CNode> And();
  absl::StatusOr<CNode> Not();
  absl::StatusOr<CNode> Comparison();
  absl::StatusOr<CNode> Sum();
  absl::StatusOr<CNode> Product();
  absl::StatusOr<CNode> Primary();
  absl::StatusOr<CNode> Symbol();
  absl::StatusOr<CNode> Conditional();
  // A sub-expression parsed by `parse`, which must be a count (or not).
  absl::StatusOr<CNode> Typed(absl::StatusOr<CNode> (Parser::*parse)(),
                              bool count);
  // |coefficients| summed, times constants: the largest value per position.
  std::int64_t Magnitude(const CNode& n) const;

  CraspProgram program_;
};

absl::StatusOr<CraspProgram> Parser::Parse() {
  if (absl::Status s = ParseStatements(&program_.output); !s.ok()) return s;
  if (program_.defs[program_.output].expr.is_count()) {
    return Error(*output_, absl::StrCat("output '", output_->text,
                                        "' is a count; the output must be "
                                        "Boolean (e.g. output ",
                                        output_->text, " > 0 as a let)"));
  }
  CopyHeader(program_);
  return std::move(program_);
}

absl::Status Parser::Let() {
  const Token name = Next();
  static const std::vector<std::string> kKeywords = {
      "let",  "alphabet", "output", "empty", "language", "count", "if", "then",
      "else", "true",     "false",  "Q",     "and",      "or",    "not"};
  if (absl::Status s = CheckNewName(name, kKeywords); !s.ok()) return s;
  if (absl::Status s = Expect("=", "'=' after the vector's name"); !s.ok())
    return s;
  absl::StatusOr<CNode> e = Or();
  if (!e.ok()) return e.status();
  if (Magnitude(*e) > kMaxMagnitude) {
    return Error(name, absl::StrCat("'", name.text,
                                    "': its coefficients and constants add "
                                    "up to more than ",
                                    kMaxMagnitude));
  }
  names_[name.text] = static_cast<int>(program_.defs.size());
  program_.defs.push_back(CDefinition{name.text, name.line, *std::move(e)});
  return EndOfStatement();
}

absl::StatusOr<CNode> Parser::Typed(absl::StatusOr<CNode> (Parser::*parse)(),
                                    bool count) {
  const Token start = Peek();
  absl::StatusOr<CNode> n = (this->*parse)();
  if (n.ok() && n->is_count() != count) {
    return Error(start, count ? "expected a count here, found a Boolean"
                              : "expected a Boolean here, found a count");
  }
  return n;
}

absl::StatusOr<CNode> Parser::Or() {
  const Token start = Peek();
  absl::StatusOr<CNode> left = And();
  while (left.ok() && (Accept("|") || Accept("or"))) {
    if (left->is_count())
      return Error(start, "expected a Boolean before '|', found a count");
    absl::StatusOr<CNode> right = Typed(&Parser::And, false);
    if (!right.ok()) return right;
    left = Node(CNode::Kind::kOr, {*std::move(left), *std::move(right)});
  }
  return left;
}

absl::StatusOr<CNode> Parser::And() {
  const Token start = Peek();
  absl::StatusOr<CNode> left = Not();
  while (left.ok() && (Accept("&") || Accept("and"))) {
    if (left->is_count())
      return Error(start, "expected a Boolean before '&', found a count");
    absl::StatusOr<CNode> right = Typed(&Parser::Not, false);
    if (!right.ok()) return right;
    left = Node(CNode::Kind::kAnd, {*std::move(left), *std::move(right)});
  }
  return left;
}

absl::StatusOr<CNode> Parser::Not() {
  if (Accept("!") || Accept("not")) {
    absl::StatusOr<CNode> arg = Typed(&Parser::Not, false);
    if (!arg.ok()) return arg;
    return Node(CNode::Kind::kNot, {*std::move(arg)});
  }
  return Comparison();
}

absl::StatusOr<CNode> Parser::Comparison() {
  const Token start = Peek();
  absl::StatusOr<CNode> left = Sum();
  if (!left.ok()) return left;
  static const std::pair<const char*, Compare> kOps[] = {
      {"<", Compare::kLess},     {"<=", Compare::kLessEq},
      {">", Compare::kGreater},  {">=", Compare::kGreaterEq},
      {"==", Compare::kEqual},   {"=", Compare::kEqual},
      {"!=", Compare::kNotEqual}};
  for (const auto& [text, op] : kOps) {
    if (!Accept(text)) continue;
    if (!left->is_count())
      return Error(start, absl::StrCat("expected a count before '", text,
                                       "', found a Boolean"));
    absl::StatusOr<CNode> right = Typed(&Parser::Sum, true);
    if (!right.ok()) return right;
    CNode n =
        Node(CNode::Kind::kCompare, {*std::move(left), *std::move(right)});
    n.compare = op;
    return n;
  }
  return left;
}

absl::StatusOr<CNode> Parser::Sum() {
  const Token start = Peek();
  const bool negate = Accept("-");
  absl::StatusOr<CNode> left =
      negate ? Typed(&Parser::Product, true) : Product();
  if (!left.ok()) return left;
  if (negate) {
    CNode n = Node(CNode::Kind::kScale, {*std::move(left)});
    n.number = -1;
    left = std::move(n);
  }
  while (Peek().text == "+" || Peek().text == "-") {
    if (!left->is_count()) {
      return Error(start, absl::StrCat("expected a count before '", Peek().text,
                                       "', found a Boolean"));
    }
    const bool minus = Next().text == "-";
    absl::StatusOr<CNode> right = Typed(&Parser::Product, true);
    if (!right.ok()) return right;
    if (minus) {
      CNode n = Node(CNode::Kind::kScale, {*std::move(right)});
      n.number = -1;
      right = std::move(n);
    }
    left = Node(CNode::Kind::kSum, {*std::move(left), *std::move(right)});
  }
  return left;
}

// NUMBER, NUMBER [*] primary, or primary.
absl::StatusOr<CNode> Parser::Product() {
  if (Peek().kind != Token::Kind::kNumber) return Primary();
  const Token t = Next();
  std::int64_t k;
  if (!absl::SimpleAtoi(t.text, &k) || k > kMaxMagnitude) {
    return Error(t, absl::StrCat("the number ", t.text, " is larger than ",
                                 kMaxMagnitude));
  }
  const bool times = Accept("*");
  const Token& next = Peek();
  const bool operand =
      next.text == "(" ||
      (next.kind == Token::Kind::kWord && next.text != "then" &&
       next.text != "else" && next.text != "and" && next.text != "or");
  if (!times && !operand) {
    CNode n = Node(CNode::Kind::kNumber);
    n.number = k;
    return n;
  }
  // k * m: a product of two numbers.
  absl::StatusOr<CNode> arg = times && next.kind == Token::Kind::kNumber
                                  ? Product()
                                  : Typed(&Parser::Primary, true);
  if (!arg.ok()) return arg;
  CNode n = Node(CNode::Kind::kScale, {*std::move(arg)});
  n.number = k;
  return n;
}

absl::StatusOr<CNode> Parser::Primary() {
  const Token t = Peek();
  if (Accept("(")) {
    absl::StatusOr<CNode> e = Or();
    if (!e.ok()) return e;
    if (absl::Status s = Expect(")", "')'"); !s.ok()) return s;
    return e;
  }
  if (Accept("true") || Accept("false")) {
    CNode n = Node(CNode::Kind::kConstBool);
    n.truth = t.text == "true";
    return n;
  }
  if (Accept("Q")) return Symbol();
  if (Accept("if")) return Conditional();
  if (Accept("count")) {
    if (absl::Status s = Expect("(", "'(' after count"); !s.ok()) return s;
    absl::StatusOr<CNode> arg = Typed(&Parser::Or, false);
    if (!arg.ok()) return arg;
    if (absl::Status s = Expect(")", "')' after count's predicate"); !s.ok())
      return s;
    return Node(CNode::Kind::kCount, {*std::move(arg)});
  }
  if (t.kind != Token::Kind::kWord) {
    return Error(t, absl::StrCat("expected a vector, a number, count(...), "
                                 "if, Q(a), true, false, ! or '(', found ",
                                 Describe(t)));
  }
  auto it = names_.find(t.text);
  if (it == names_.end()) {
    return Error(t, absl::StrCat("'", t.text, "' is not defined before here"));
  }
  Next();
  const bool count = program_.defs[it->second].expr.is_count();
  CNode n = Node(count ? CNode::Kind::kCountVar : CNode::Kind::kBoolVar);
  n.var = it->second;
  return n;
}

absl::StatusOr<CNode> Parser::Symbol() {
  if (absl::Status s = Expect("(", "'(' after Q"); !s.ok()) return s;
  const Token sym = Next();
  if (sym.kind == Token::Kind::kNewline || sym.kind == Token::Kind::kEnd ||
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
  CNode n = Node(CNode::Kind::kSymbol);
  n.symbol = *s;
  return n;
}

// if B then C else C
absl::StatusOr<CNode> Parser::Conditional() {
  absl::StatusOr<CNode> cond = Typed(&Parser::Or, false);
  if (!cond.ok()) return cond;
  if (absl::Status s = Expect("then", "then after the condition"); !s.ok())
    return s;
  absl::StatusOr<CNode> then = Typed(&Parser::Sum, true);
  if (!then.ok()) return then;
  if (absl::Status s = Expect("else", "else after the first count"); !s.ok())
    return s;
  absl::StatusOr<CNode> other = Typed(&Parser::Sum, true);
  if (!other.ok()) return other;
  return Node(CNode::Kind::kIf,
              {*std::move(cond), *std::move(then), *std::move(other)});
}

std::int64_t Parser::Magnitude(const CNode& n) const {
  auto sat = [](__int128 v) {
    return static_cast<std::int64_t>(std::min<__int128>(v, kMaxMagnitude + 1));
  };
  switch (n.kind) {
    case CNode::Kind::kNumber:
      return sat(n.number < 0 ? -static_cast<__int128>(n.number) : n.number);
    case CNode::Kind::kCount:
      return 1;
    case CNode::Kind::kCountVar:
      return Magnitude(program_.defs[n.var].expr);
    case CNode::Kind::kSum:
      return sat(static_cast<__int128>(Magnitude(n.args[0])) +
                 Magnitude(n.args[1]));
    case CNode::Kind::kScale:
      return sat(static_cast<__int128>(n.number < 0 ? -n.number : n.number) *
                 Magnitude(n.args[0]));
    case CNode::Kind::kIf:
      return std::max(Magnitude(n.args[1]), Magnitude(n.args[2]));
    default:
      return 0;  // Booleans
  }
}

}  // namespace

absl::StatusOr<CraspProgram> ParseCrasp(absl::string_view text,
                                        absl::string_view file) {
  return Parser(text, file).Parse();
}

}  // namespace satcirc::programs
