// B-RASP to a satcirc model, exactly (docs/brasp.md, "Compilation").
//
// Every vector is a 0/1 feature. A Boolean function of m features is one ReLU
// layer: a unit ReLU(1 − |a| + Σ_{a_k=1} x_k − Σ_{a_k=0} x_k) is 1 exactly at
// the assignment a and 0 at every other 0/1 input, so the sum of the units of
// the assignments where f is 1 is f (or 1 minus the units where it is 0, when
// those are fewer). An attention P = ◀/▶ j [mask] S(i, j) ? V(j) : D(i) splits
// its score by the assignments a of the i-side inputs: S(i, j) =
// Σ_a [x_i = a]·S_a(y_j), a bilinear form, so a head with queries [x_i = a]
// and keys S_a(y_j) scores exactly S(i, j) ∈ {0, 1}; hard_left (hard_right)
// picks the leftmost (rightmost) maximum, and copies V(j) and every S_a(j).
// found = Σ_a ReLU([x_i = a] + S_a(j*) − 1) says whether j* satisfies S —
// when no j does, every score ties at 0 and j* satisfies nothing — and
// P = found ? V(j*) : D(i).
#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/model/builder.h"
#include "lib/programs/assembler.h"
#include "lib/programs/brasp.h"
#include "lib/programs/brasp_internal.h"

namespace satcirc::programs {
namespace {

constexpr int kMaxInputs = internal::Assembler::kMaxInputs;
// More i-side inputs than this in one score (2^m heads' query dimensions).
constexpr int kMaxScoreInputs = 6;

// A leaf's identity: (is a symbol, symbol or vector index, side).
using LeafKey = std::tuple<bool, int, Side>;
LeafKey KeyOf(const BExpr& leaf) {
  const bool symbol = leaf.kind == BExpr::Kind::kSymbol;
  return {symbol, symbol ? leaf.symbol : leaf.var, leaf.side};
}

// The distinct leaves of e, in reading order, keeping those whose side passes.
std::vector<LeafKey> Leaves(const BExpr& e, std::function<bool(Side)> keep) {
  std::vector<const BExpr*> all;
  CollectLeaves(e, all);
  std::vector<LeafKey> keys;
  for (const BExpr* l : all) {
    const LeafKey k = KeyOf(*l);
    if (keep(l->side) && std::find(keys.begin(), keys.end(), k) == keys.end())
      keys.push_back(k);
  }
  return keys;
}

int IndexOf(const std::vector<LeafKey>& keys, const LeafKey& k) {
  return static_cast<int>(std::find(keys.begin(), keys.end(), k) -
                          keys.begin());
}

class Compiler {
 public:
  Compiler(const BraspProgram& p, absl::string_view name)
      : p_(p), a_(std::string(name), p.alphabet) {}
  absl::StatusOr<Model> Run();

 private:
  LayerBuilder& Layer(int l) { return a_.Layer(l); }
  Feature Make(const std::string& name, int stage) {
    return a_.Make(name, stage);
  }
  int Stage(Feature f) const { return a_.Stage(f); }
  absl::StatusOr<Feature> Function(const std::string& name,
                                   const std::vector<Feature>& in,
                                   const internal::Table& f) {
    return a_.Function(name, in, f);
  }
  Feature LeafFeature(const LeafKey& k) const {
    return std::get<0>(k) ? q_[std::get<1>(k)] : def_[std::get<1>(k)];
  }
  absl::StatusOr<Feature> Expression(const std::string& name, const BExpr& e);
  absl::Status AttentionDef(int d);
  absl::Status ScoreSplit(const Definition& def, std::vector<Feature>& sel,
                          std::vector<Feature>& keys);
  absl::StatusOr<Feature> Found(const Definition& def,
                                const std::vector<Feature>& sel,
                                const std::vector<Feature>& copied);

  const BraspProgram& p_;
  internal::Assembler a_;
  std::vector<Feature> q_;    // per symbol
  std::vector<Feature> def_;  // per definition
};

// A non-score expression (every leaf at one side) as a feature.
absl::StatusOr<Feature> Compiler::Expression(const std::string& name,
                                             const BExpr& e) {
  const std::vector<LeafKey> keys = Leaves(e, [](Side) { return true; });
  std::vector<Feature> in;
  for (const LeafKey& k : keys) in.push_back(LeafFeature(k));
  return Function(name, in, [&](const std::vector<bool>& bits) {
    return EvalWith(
        e, [&](const BExpr& l) { return bits[IndexOf(keys, KeyOf(l))]; });
  });
}

absl::StatusOr<Feature> Compiler::Found(const Definition& def,
                                        const std::vector<Feature>& sel,
                                        const std::vector<Feature>& copied) {
  if (sel.size() == 1 && sel[0].index == a_.one().index) return copied[0];
  int stage = 0;
  for (size_t a = 0; a < sel.size(); ++a)
    stage = std::max({stage, Stage(sel[a]), Stage(copied[a])});
  const int l = internal::Assembler::MlpLayer(stage);
  Feature found = Make(def.name + "/found", 2 * l);
  for (size_t a = 0; a < sel.size(); ++a)
    Layer(l).Relu({{sel[a], 1}, {copied[a], 1}}, -1, {{found, 1}});
  return found;
}

// Whether an attention compiles: its mask and how much its score reads.
absl::Status Compilable(const Definition& def, size_t i_inputs,
                        size_t j_inputs) {
  if (static_cast<int>(i_inputs) > kMaxScoreInputs ||
      static_cast<int>(j_inputs) > kMaxInputs) {
    return absl::FailedPreconditionError(absl::StrCat(
        "'", def.name, "': its score reads ", i_inputs, " vectors at i and ",
        j_inputs, " at j; at most ", kMaxScoreInputs, " and ", kMaxInputs));
  }
  return absl::OkStatus();
}

// For each assignment a of the score's i-side inputs under which some j can
// satisfy it: the query [x_i = a] and the key S_a(y_j).
absl::Status Compiler::ScoreSplit(const Definition& def,
                                  std::vector<Feature>& sel,
                                  std::vector<Feature>& keys) {
  const Attention& at = def.attention;
  const auto ikeys = Leaves(at.score, [](Side s) { return s == Side::kI; });
  const auto jkeys = Leaves(at.score, [](Side s) { return s == Side::kJ; });
  if (absl::Status s = Compilable(def, ikeys.size(), jkeys.size()); !s.ok())
    return s;
  std::vector<Feature> iin, jin;
  for (const LeafKey& k : ikeys) iin.push_back(LeafFeature(k));
  for (const LeafKey& k : jkeys) jin.push_back(LeafFeature(k));
  for (int a = 0; a < (1 << ikeys.size()); ++a) {
    auto s_a = [&](const std::vector<bool>& jbits) {
      return EvalWith(at.score, [&](const BExpr& l) {
        return l.side == Side::kI ? ((a >> IndexOf(ikeys, KeyOf(l))) & 1) != 0
                                  : jbits[IndexOf(jkeys, KeyOf(l))];
      });
    };
    bool ever = false;  // S_a is 0 for every j: this assignment never scores
    for (int b = 0; b < (1 << jkeys.size()) && !ever; ++b) {
      std::vector<bool> jbits(jkeys.size());
      for (size_t k = 0; k < jkeys.size(); ++k) jbits[k] = (b >> k) & 1;
      ever = s_a(jbits);
    }
    if (!ever) continue;
    const std::string tag = absl::StrCat(def.name, "/", a);
    absl::StatusOr<Feature> key = Function(tag + "/key", jin, s_a);
    if (!key.ok()) return key.status();
    absl::StatusOr<Feature> query =
        Function(tag + "/query", iin, [&](const std::vector<bool>& ibits) {
          for (size_t k = 0; k < ibits.size(); ++k)
            if (ibits[k] != (((a >> k) & 1) != 0)) return false;
          return true;
        });
    if (!query.ok()) return query.status();
    sel.push_back(*query);
    keys.push_back(*key);
  }
  return absl::OkStatus();
}

absl::Status Compiler::AttentionDef(int d) {
  const Definition& def = p_.defs[d];
  const Attention& at = def.attention;
  std::vector<Feature> sel, keys;
  if (absl::Status s = ScoreSplit(def, sel, keys); !s.ok()) return s;
  absl::StatusOr<Feature> value = Expression(def.name + "/value", at.value);
  if (!value.ok()) return value.status();
  absl::StatusOr<Feature> fallback =
      Expression(def.name + "/default", at.fallback);
  if (!fallback.ok()) return fallback.status();
  int stage = Stage(*value);
  for (size_t a = 0; a < sel.size(); ++a)
    stage = std::max({stage, Stage(sel[a]), Stage(keys[a])});
  const int l = internal::Assembler::HeadLayer(stage);
  HeadBuilder& head = Layer(l).AddHead(
      def.name,
      at.leftmost ? AttentionMode::kHardLeft : AttentionMode::kHardRight,
      at.mask == Attention::Mask::kBefore  ? Mask::kStrict
      : at.mask == Attention::Mask::kAfter ? Mask::kFuture
                                           : Mask::kNone);
  Feature copied_value = Make(def.name + "/picked", 2 * l - 1);
  head.Average(*value, copied_value);
  std::vector<Feature> copied;
  for (size_t a = 0; a < sel.size(); ++a) {
    head.ScoreTerm(sel[a], keys[a], 1);
    copied.push_back(
        Make(absl::StrCat(def.name, "/", a, "/picked"), 2 * l - 1));
    head.Average(keys[a], copied.back());
  }
  absl::StatusOr<Feature> found = Found(def, sel, copied);
  if (!found.ok()) return found.status();
  absl::StatusOr<Feature> result =
      Function(def.name, {*found, copied_value, *fallback},
               [](const std::vector<bool>& x) { return x[0] ? x[1] : x[2]; });
  if (!result.ok()) return result.status();
  def_.push_back(*result);
  return absl::OkStatus();
}

absl::StatusOr<Model> Compiler::Run() {
  ModelBuilder& b = a_.builder();
  b.Describe(
      p_.language.empty()
          ? std::string("compiled from a B-RASP program")
          : absl::StrCat("compiled from a B-RASP program for ", p_.language));
  for (int k = 0; k < p_.alphabet.size(); ++k) {
    const char c = p_.alphabet.symbol(static_cast<automata::Symbol>(k));
    q_.push_back(a_.Input(
        b.TokenIndicator(absl::StrCat("Q(", std::string(1, c), ")"), c)));
  }
  for (size_t d = 0; d < p_.defs.size(); ++d) {
    const Definition& def = p_.defs[d];
    if (def.is_attention) {
      if (absl::Status s = AttentionDef(static_cast<int>(d)); !s.ok()) return s;
      continue;
    }
    absl::StatusOr<Feature> f = Expression(def.name, def.expr);
    if (!f.ok()) return f.status();
    def_.push_back(*f);
  }
  const Feature out = def_[p_.output];
  if (p_.accept_empty) {
    b.SetReadout(ReadoutPosition::kLast, {{out, 1}, {a_.one(), -1}},
                 Rational(1, 2));
  } else {
    b.SetReadout(ReadoutPosition::kLast, {{out, 1}}, Rational(-1, 2));
  }
  return b.Build();
}

}  // namespace

absl::StatusOr<Model> CompileBrasp(const BraspProgram& program,
                                   absl::string_view name) {
  return Compiler(program, name).Run();
}

}  // namespace satcirc::programs
