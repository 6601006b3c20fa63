// The C-RASP interpreter and printer.
#include "lib/programs/crasp.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace satcirc::programs {
namespace {

// The value of n at position p; vals[d] holds definition d at every position
// and counts[k] the running counts of the kCount nodes met so far (in order).
class Evaluator {
 public:
  Evaluator(const std::vector<std::vector<std::int64_t>>& vals,
            const automata::Word& word)
      : vals_(vals), word_(word) {}
  // Evaluates n at every position, counts included.
  std::vector<std::int64_t> All(const CNode& n) {
    std::vector<std::int64_t> out(word_.size());
    for (size_t p = 0; p < word_.size(); ++p)
      out[p] = At(n, static_cast<int>(p));
    return out;
  }

 private:
  std::int64_t At(const CNode& n, int p) {
    switch (n.kind) {
      case CNode::Kind::kConstBool:
        return n.truth;
      case CNode::Kind::kSymbol:
        return word_[p] == n.symbol;
      case CNode::Kind::kBoolVar:
      case CNode::Kind::kCountVar:
        return vals_[n.var][p];
      case CNode::Kind::kNot:
        return !At(n.args[0], p);
      case CNode::Kind::kAnd:
        return At(n.args[0], p) && At(n.args[1], p);
      case CNode::Kind::kOr:
        return At(n.args[0], p) || At(n.args[1], p);
      case CNode::Kind::kCompare:
        return Holds(n.compare, At(n.args[0], p), At(n.args[1], p));
      case CNode::Kind::kNumber:
        return n.number;
      case CNode::Kind::kCount: {
        std::int64_t c = 0;
        for (int j = 0; j <= p; ++j) c += At(n.args[0], j) != 0;
        return c;
      }
      case CNode::Kind::kSum:
        return At(n.args[0], p) + At(n.args[1], p);
      case CNode::Kind::kScale:
        return n.number * At(n.args[0], p);
      case CNode::Kind::kIf:
        return At(n.args[0], p) ? At(n.args[1], p) : At(n.args[2], p);
    }
    return 0;
  }
  static bool Holds(Compare c, std::int64_t a, std::int64_t b) {
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

  const std::vector<std::vector<std::int64_t>>& vals_;
  const automata::Word& word_;
};

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
  for (const CDefinition& d : program.defs) {
    Evaluator eval(run.values, word);
    run.values.push_back(eval.All(d.expr));
  }
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
