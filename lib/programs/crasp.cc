// The C-RASP interpreter and printer.
#include "lib/programs/crasp.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace satcirc::programs {
namespace {

using Vector = std::vector<std::int64_t>;

bool Holds(Compare c, std::int64_t a, std::int64_t b) {
  switch (c) {
    case Compare::kLess:
      return a < b;
    case Compare::kLessEq:
      return a <= b;
    case Compare::kGreater:
      return a > b;
    case Compare::kGreaterEq:
      return a >= b;
    case Compare::kEqual:
      return a == b;
    case Compare::kNotEqual:
      return a != b;
  }
  return false;
}

// n at every position of `word`, vals[d] holding definition d: O(n) per node
// (a prefix count is a running sum).
Vector Evaluate(const CNode& n, const std::vector<Vector>& vals,
                const automata::Word& word) {
  const size_t len = word.size();
  auto each = [&](auto f) {
    Vector out(len);
    for (size_t p = 0; p < len; ++p) out[p] = f(p);
    return out;
  };
  std::vector<Vector> a;
  for (const CNode& arg : n.args) a.push_back(Evaluate(arg, vals, word));
  switch (n.kind) {
    case CNode::Kind::kConstBool:
      return Vector(len, n.truth);
    case CNode::Kind::kNumber:
      return Vector(len, n.number);
    case CNode::Kind::kSymbol:
      return each([&](size_t p) { return word[p] == n.symbol; });
    case CNode::Kind::kBoolVar:
    case CNode::Kind::kCountVar:
      return vals[n.var];
    case CNode::Kind::kNot:
      return each([&](size_t p) { return !a[0][p]; });
    case CNode::Kind::kAnd:
      return each([&](size_t p) { return a[0][p] && a[1][p]; });
    case CNode::Kind::kOr:
      return each([&](size_t p) { return a[0][p] || a[1][p]; });
    case CNode::Kind::kCompare:
      return each([&](size_t p) { return Holds(n.compare, a[0][p], a[1][p]); });
    case CNode::Kind::kCount: {
      Vector out(len);
      std::int64_t c = 0;
      for (size_t p = 0; p < len; ++p) out[p] = c += a[0][p] != 0;
      return out;
    }
    case CNode::Kind::kSum:
      return each([&](size_t p) { return a[0][p] + a[1][p]; });
    case CNode::Kind::kScale:
      return each([&](size_t p) { return n.number * a[0][p]; });
    case CNode::Kind::kIf:
      return each([&](size_t p) { return a[0][p] ? a[1][p] : a[2][p]; });
  }
  return Vector(len, 0);
}

std::string Quote(const std::string& s) {
  const char q = s.find('"') == std::string::npos ? '"' : '\'';
  return absl::StrCat(std::string(1, q), s, std::string(1, q));
}

std::string Format(const CNode& n, const CraspProgram& p) {
  static const char* const kOps[] = {"<", "<=", ">", ">=", "==", "!="};
  switch (n.kind) {
    case CNode::Kind::kConstBool:
      return n.truth ? "true" : "false";
    case CNode::Kind::kSymbol:
      return absl::StrCat(
          "Q(", Quote(std::string(1, p.alphabet.symbol(n.symbol))), ")");
    case CNode::Kind::kBoolVar:
    case CNode::Kind::kCountVar:
      return p.defs[n.var].name;
    case CNode::Kind::kNot:
      return absl::StrCat("!", Format(n.args[0], p));
    case CNode::Kind::kAnd:
    case CNode::Kind::kOr:
      return absl::StrCat("(", Format(n.args[0], p),
                          n.kind == CNode::Kind::kAnd ? " & " : " | ",
                          Format(n.args[1], p), ")");
    case CNode::Kind::kCompare:
      return absl::StrCat("(", Format(n.args[0], p), " ",
                          kOps[static_cast<int>(n.compare)], " ",
                          Format(n.args[1], p), ")");
    case CNode::Kind::kNumber:  // a negative one in parentheses: "2 * (-1)"
      return n.number < 0 ? absl::StrCat("(-", -n.number, ")")
                          : absl::StrCat(n.number);
    case CNode::Kind::kCount:
      return absl::StrCat("count(", Format(n.args[0], p), ")");
    case CNode::Kind::kSum:
      return absl::StrCat("(", Format(n.args[0], p), " + ",
                          Format(n.args[1], p), ")");
    case CNode::Kind::kScale:
      return n.number < 0 ? absl::StrCat("(-", -n.number, " * ",
                                         Format(n.args[0], p), ")")
                          : absl::StrCat("(", n.number, " * ",
                                         Format(n.args[0], p), ")");
    case CNode::Kind::kIf:
      return absl::StrCat("(if ", Format(n.args[0], p), " then ",
                          Format(n.args[1], p), " else ", Format(n.args[2], p),
                          ")");
  }
  return "";
}

}  // namespace

CraspRun RunCrasp(const CraspProgram& program, const automata::Word& word) {
  CraspRun run;
  for (const CDefinition& d : program.defs)
    run.values.push_back(Evaluate(d.expr, run.values, word));
  run.accept = word.empty() ? program.accept_empty
                            : run.values[program.output].back() != 0;
  return run;
}

std::string FormatCrasp(const CraspProgram& p) {
  std::string out =
      absl::StrCat("alphabet ", Quote(p.alphabet.symbols()), "\n");
  if (!p.language.empty())
    absl::StrAppend(&out, "language ", Quote(p.language), "\n");
  if (p.accept_empty) out += "empty accept\n";
  for (const CDefinition& d : p.defs)
    absl::StrAppend(&out, "let ", d.name, " = ", Format(d.expr, p), "\n");
  absl::StrAppend(&out, "output ", p.defs[p.output].name, "\n");
  return out;
}

}  // namespace satcirc::programs
