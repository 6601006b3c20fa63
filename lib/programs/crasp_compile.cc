// C-RASP to a satcirc model, exactly (docs/crasp.md, "Compilation"; the
// construction is summarized in crasp.h).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/model/builder.h"
#include "lib/programs/assembler.h"
#include "lib/programs/crasp.h"

namespace satcirc::programs {
namespace {

using internal::Assembler;

// A count C as the linear combination of features that holds C/(p + 1), and
// a bound on |C/(p + 1)| at every position.
struct Count {
  Linear terms;
  Rational bound = 0;
};

Rational Abs(const Rational& r) { return r.Sign() < 0 ? -r : r; }

Linear Scaled(const Linear& a, const Rational& k) {
  Linear out;
  for (const auto& [f, w] : a) out.push_back({f, w * k});
  return out;
}

class Compiler {
 public:
  Compiler(const CraspProgram& p, absl::string_view name)
      : p_(p), a_(std::string(name), p.alphabet) {}
  absl::StatusOr<Model> Run();

 private:
  absl::StatusOr<Feature> Boolean(const std::string& name, const CNode& n);
  absl::StatusOr<Count> CountOf(const std::string& name, const CNode& n);
  absl::StatusOr<Count> PrefixCount(const std::string& name, const CNode& n);
  absl::StatusOr<Count> Conditional(const std::string& name, const CNode& n);
  absl::StatusOr<Feature> Comparison(const std::string& name, const CNode& n);
  // [T > 0] for T = Σ terms, known never to be 0 at a word position.
  Feature Positive(const std::string& name, const Linear& t);
  // The Boolean nodes' leaves (symbols, Boolean vectors, comparisons) as
  // features, and the function of them.
  absl::StatusOr<Feature> BooleanFunction(const std::string& name,
                                          const CNode& n);

  const CraspProgram& p_;
  Assembler a_;
  Feature bos_, inv_;
  std::vector<Feature> q_;      // per symbol
  std::vector<Feature> bools_;  // per definition (Boolean ones)
  std::vector<Count> counts_;   // per definition (count ones)
  int serial_ = 0;              // for the names of helper features
};

// The leaves of a Boolean expression: each symbol, Boolean vector or
// comparison, with the feature that holds it.
struct Leaves {
  std::vector<const CNode*> nodes;
  std::vector<Feature> features;
};

void CollectBooleanLeaves(const CNode& n, std::vector<const CNode*>& out) {
  switch (n.kind) {
    case CNode::Kind::kNot:
    case CNode::Kind::kAnd:
    case CNode::Kind::kOr:
      for (const CNode& a : n.args) CollectBooleanLeaves(a, out);
      return;
    case CNode::Kind::kConstBool:
      return;
    default:
      out.push_back(&n);
  }
}

bool EvalBoolean(const CNode& n, const std::vector<const CNode*>& leaves,
                 const std::vector<bool>& bits) {
  switch (n.kind) {
    case CNode::Kind::kConstBool:
      return n.truth;
    case CNode::Kind::kNot:
      return !EvalBoolean(n.args[0], leaves, bits);
    case CNode::Kind::kAnd:
      return EvalBoolean(n.args[0], leaves, bits) &&
             EvalBoolean(n.args[1], leaves, bits);
    case CNode::Kind::kOr:
      return EvalBoolean(n.args[0], leaves, bits) ||
             EvalBoolean(n.args[1], leaves, bits);
    default:
      return bits[std::find(leaves.begin(), leaves.end(), &n) - leaves.begin()];
  }
}

absl::StatusOr<Feature> Compiler::BooleanFunction(const std::string& name,
                                                  const CNode& n) {
  std::vector<const CNode*> leaves;
  CollectBooleanLeaves(n, leaves);
  std::vector<Feature> in;
  for (const CNode* leaf : leaves) {
    absl::StatusOr<Feature> f =
        Boolean(absl::StrCat(name, "/", serial_++), *leaf);
    if (!f.ok()) return f.status();
    in.push_back(*f);
  }
  return a_.Function(name, in, [&](const std::vector<bool>& bits) {
    return EvalBoolean(n, leaves, bits);
  });
}

absl::StatusOr<Feature> Compiler::Boolean(const std::string& name,
                                          const CNode& n) {
  switch (n.kind) {
    case CNode::Kind::kSymbol:
      return q_[n.symbol];
    case CNode::Kind::kBoolVar:
      return bools_[n.var];
    case CNode::Kind::kCompare:
      return Comparison(name, n);
    default:
      return BooleanFunction(name, n);
  }
}

Feature Compiler::Positive(const std::string& name, const Linear& t) {
  const int l = Assembler::HeadLayer(a_.Stage(t));
  HeadBuilder& head =
      a_.Layer(l).AddHead(name, AttentionMode::kSaturated, Mask::kCausal);
  for (const auto& [f, w] : t) head.ScoreTerm(f, bos_, w);
  Feature out = a_.Make(name, 2 * l - 1);
  head.Average(bos_, out);
  return out;
}

// C op C' as one or two sign heads: C − C' > 0 iff C − C' − 1/2 > 0, since
// both are integers; = is ≥ and not >.
absl::StatusOr<Feature> Compiler::Comparison(const std::string& name,
                                             const CNode& n) {
  absl::StatusOr<Count> left = CountOf(name + "/l", n.args[0]);
  if (!left.ok()) return left.status();
  absl::StatusOr<Count> right = CountOf(name + "/r", n.args[1]);
  if (!right.ok()) return right.status();
  Linear diff = left->terms;  // C − C'
  for (const auto& [f, w] : right->terms) diff.push_back({f, -w});
  const Linear neg = Scaled(diff, -1);
  auto with = [&](Linear t, Rational half) {
    t.push_back({inv_, half});
    return t;
  };
  const Rational h(1, 2);
  switch (n.compare) {
    case Compare::kGreater:
      return Positive(name, with(diff, -h));
    case Compare::kGreaterEq:
      return Positive(name, with(diff, h));
    case Compare::kLess:
      return Positive(name, with(neg, -h));
    case Compare::kLessEq:
      return Positive(name, with(neg, h));
    case Compare::kEqual:
    case Compare::kNotEqual:
      break;
  }
  const Feature ge = Positive(name + "/ge", with(diff, h));
  const Feature le = Positive(name + "/le", with(neg, h));
  const bool equal = n.compare == Compare::kEqual;
  return a_.Function(name, {ge, le}, [equal](const std::vector<bool>& x) {
    return (x[0] && x[1]) == equal;
  });
}

absl::StatusOr<Count> Compiler::CountOf(const std::string& name,
                                        const CNode& n) {
  switch (n.kind) {
    case CNode::Kind::kNumber:
      return Count{{{inv_, n.number}}, Abs(Rational(n.number))};
    case CNode::Kind::kCountVar:
      return counts_[n.var];
    case CNode::Kind::kCount:
      return PrefixCount(name, n);
    case CNode::Kind::kSum: {
      absl::StatusOr<Count> a = CountOf(name + "/a", n.args[0]);
      if (!a.ok()) return a;
      absl::StatusOr<Count> b = CountOf(name + "/b", n.args[1]);
      if (!b.ok()) return b;
      Count c = *a;
      c.terms.insert(c.terms.end(), b->terms.begin(), b->terms.end());
      c.bound = a->bound + b->bound;
      return c;
    }
    case CNode::Kind::kScale: {
      absl::StatusOr<Count> a = CountOf(name, n.args[0]);
      if (!a.ok()) return a;
      return Count{Scaled(a->terms, n.number),
                   a->bound * Abs(Rational(n.number))};
    }
    case CNode::Kind::kIf:
      return Conditional(name, n);
    default:
      return absl::InternalError("a Boolean where a count was expected");
  }
}

// #_{j ≤ p}[P(j)]/(p + 1): a causal uniform head's average of [P ∧ ¬BOS].
absl::StatusOr<Count> Compiler::PrefixCount(const std::string& name,
                                            const CNode& n) {
  absl::StatusOr<Feature> pred = Boolean(name + "/pred", n.args[0]);
  if (!pred.ok()) return pred.status();
  absl::StatusOr<Feature> word =
      a_.Function(name + "/in_word", {*pred, bos_},
                  [](const std::vector<bool>& x) { return x[0] && !x[1]; });
  if (!word.ok()) return word.status();
  const int l = Assembler::HeadLayer(a_.Stage(*word));
  HeadBuilder& head =
      a_.Layer(l).AddHead(name, AttentionMode::kSaturated, Mask::kCausal);
  Feature out = a_.Make(name, 2 * l - 1);
  head.Average(*word, out);
  return Count{{{out, 1}}, 1};
}

// B ? C : C' with |C|, |C'| ≤ K: ReLU(C + K·B − K) − ReLU(−C + K·B − K) is C
// when B = 1 and 0 when B = 0, and ReLU(C' − K·B) − ReLU(−C' − K·B) the other
// way round.
absl::StatusOr<Count> Compiler::Conditional(const std::string& name,
                                            const CNode& n) {
  absl::StatusOr<Feature> cond = Boolean(name + "/if", n.args[0]);
  if (!cond.ok()) return cond.status();
  absl::StatusOr<Count> yes = CountOf(name + "/then", n.args[1]);
  if (!yes.ok()) return yes;
  absl::StatusOr<Count> no = CountOf(name + "/else", n.args[2]);
  if (!no.ok()) return no;
  const Rational k = std::max(yes->bound, no->bound);
  const int l = Assembler::MlpLayer(
      std::max({a_.Stage(*cond), a_.Stage(yes->terms), a_.Stage(no->terms)}));
  Feature out = a_.Make(name, 2 * l);
  for (const bool then : {true, false}) {
    const Linear& terms = then ? yes->terms : no->terms;
    for (const Rational& sign : {Rational(1), Rational(-1)}) {
      Linear in = Scaled(terms, sign);
      in.push_back({*cond, then ? k : -k});
      a_.Layer(l).Relu(in, then ? -k : Rational(0), {{out, sign}});
    }
  }
  return Count{{{out, 1}}, k};
}

absl::StatusOr<Model> Compiler::Run() {
  ModelBuilder& b = a_.builder();
  b.WithBos();
  b.Describe(
      p_.language.empty()
          ? std::string("compiled from a C-RASP program")
          : absl::StrCat("compiled from a C-RASP program for ", p_.language));
  bos_ = a_.Input(b.BosIndicator("(bos)"));
  inv_ = a_.Input(b.Positional("(inv)", PositionalFunction::kInversePosition));
  for (int k = 0; k < p_.alphabet.size(); ++k) {
    const char c = p_.alphabet.symbol(static_cast<automata::Symbol>(k));
    q_.push_back(a_.Input(
        b.TokenIndicator(absl::StrCat("Q(", std::string(1, c), ")"), c)));
  }
  for (const CDefinition& d : p_.defs) {
    if (d.expr.is_count()) {
      absl::StatusOr<Count> c = CountOf(d.name, d.expr);
      if (!c.ok()) return c.status();
      counts_.push_back(*c);
      bools_.push_back(Feature{});
    } else {
      absl::StatusOr<Feature> f = Boolean(d.name, d.expr);
      if (!f.ok()) return f.status();
      bools_.push_back(*f);
      counts_.push_back(Count{});
    }
  }
  // The output, 0 at the BOS: the empty word (the BOS alone) gets y = ±1/2
  // from the BOS indicator.
  absl::StatusOr<Feature> out =
      a_.Function("(output)", {bools_[p_.output], bos_},
                  [](const std::vector<bool>& x) { return x[0] && !x[1]; });
  if (!out.ok()) return out.status();
  b.SetReadout(ReadoutPosition::kLast,
               {{*out, 1}, {bos_, p_.accept_empty ? 1 : 0}}, Rational(-1, 2));
  return b.Build();
}

}  // namespace

absl::StatusOr<Model> CompileCrasp(const CraspProgram& program,
                                   absl::string_view name) {
  return Compiler(program, name).Run();
}

}  // namespace satcirc::programs
