#include "lib/compile/compile.h"

#include <gmpxx.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "circuits/builder.h"
#include "circuits/gadgets.h"
#include "circuits/passes.h"
#include "circuits/simulate.h"
#include "lib/engine/engine.h"

namespace satcirc {
namespace {

using circuits::CircuitBuilder;
using circuits::GateId;
using circuits::LinearForm;
using circuits::Number;
using circuits::Product;
using circuits::Term;

constexpr int kMaxCompileLength = 4096;

// ---- Exact integer scaling of rational weights ----

// The least common multiple of denominators, as an int64 or an error.
class Denominator {
 public:
  void Add(const mpq_class& q) {
    mpz_lcm(l_.get_mpz_t(), l_.get_mpz_t(), q.get_den().get_mpz_t());
  }
  absl::StatusOr<std::int64_t> Get(absl::string_view where) const {
    if (!l_.fits_slong_p()) {
      return absl::OutOfRangeError(absl::StrCat(
          where, ": the common denominator of the weights, ", l_.get_str(),
          ", does not fit in 64 bits; no circuit can be built (rounding the "
          "weights to a grid makes it small: satcirc quantize --round "
          "grid:K)"));
    }
    return l_.get_si();
  }

 private:
  mpz_class l_ = 1;
};

// q as an int64 (q must be an integer), or an error naming `where`.
absl::StatusOr<std::int64_t> ToInt64(const mpq_class& q,
                                     absl::string_view where) {
  if (q.get_den() != 1 || !q.get_num().fits_slong_p()) {
    return absl::OutOfRangeError(
        absl::StrCat(where, ": the scaled weight ", q.get_str(),
                     " does not fit in a 62-bit circuit number; no circuit "
                     "can be built (use fewer fractional bits)"));
  }
  return q.get_num().get_si();
}

mpq_class Pow2(int bits) {
  mpq_class r = 1;
  mpq_mul_2exp(r.get_mpq_t(), r.get_mpq_t(), bits);
  return r;
}

// ⌊q⌋ as an int64, or an error.
absl::StatusOr<std::int64_t> FloorInt64(const mpq_class& q,
                                        absl::string_view where) {
  mpz_class f;
  mpz_fdiv_q(f.get_mpz_t(), q.get_num_mpz_t(), q.get_den_mpz_t());
  if (!f.fits_slong_p() || f > (mpz_class(1) << 61) ||
      f < -(mpz_class(1) << 61)) {
    return absl::OutOfRangeError(absl::StrCat(
        where, ": the value ", q.get_str(),
        " scaled to fixed point does not fit in a 62-bit circuit number"));
  }
  return f.get_si();
}

// W_Q^T W_K, exactly (d × d).
std::vector<std::vector<mpq_class>> ScoreForm(const Head& head, int d) {
  std::vector<std::vector<mpq_class>> a(d, std::vector<mpq_class>(d, 0));
  for (int r = 0; r < head.w_q.rows; ++r) {
    for (int i = 0; i < d; ++i) {
      const Rational& qi = head.w_q.at(r, i);
      if (qi.IsZero()) continue;
      for (int j = 0; j < d; ++j) {
        const Rational& kj = head.w_k.at(r, j);
        if (!kj.IsZero()) a[i][j] += qi.gmp() * kj.gmp();
      }
    }
  }
  return a;
}

int ReadoutPositionOf(const Model& model, int total) {
  if (total == 0) return -1;
  switch (model.readout.position) {
    case ReadoutPosition::kFirst:
    case ReadoutPosition::kBos:
      return 0;
    case ReadoutPosition::kLast:
    case ReadoutPosition::kEos:
      return total - 1;
  }
  return -1;
}

std::string HeadLabel(int layer, int h, const Head& head) {
  return absl::StrCat("layer ", layer, "/head ", h + 1,
                      head.name.empty() ? "" : " ", head.name);
}

// ---- The compiler ----

class Compiler {
 public:
  Compiler(const Model& model, int n, int frac_bits,
           const CompileOptions& options)
      : model_(model),
        n_(n),
        p_(frac_bits),
        total_(model.SequenceLength(n)),
        d_(model.dim()),
        options_(options),
        b_(circuits::BuilderOptions{.max_wires = options.max_wires}) {}

  absl::StatusOr<circuits::Circuit> Run() {
    absl::StatusOr<circuits::Circuit> circuit = BuildCircuit();
    // The builder's wire budget, passed up unchanged by a gadget that
    // noticed it before Budget() could say where.
    if (!circuit.ok() && absl::IsResourceExhausted(b_.status()) &&
        circuit.status() == b_.status()) {
      return WireBudgetError("");
    }
    return circuit;
  }

 private:
  absl::StatusOr<circuits::Circuit> BuildCircuit() {
    const int k = model_.alphabet.size();
    onehot_.resize(n_);
    for (int i = 0; i < n_; ++i) {
      for (int s = 0; s < k; ++s) {
        onehot_[i].push_back(b_.Input(absl::StrCat("x[", i, "][", s, "]")));
      }
    }
    const int r = ReadoutPositionOf(model_, total_);
    if (absl::Status s = Embed(); !s.ok()) return s;
    for (size_t l = 0; l < model_.layers.size(); ++l) {
      const bool last = l + 1 == model_.layers.size();
      std::vector<int> targets;
      if (last) {
        if (r >= 0) targets.push_back(r);
      } else {
        for (int p = 0; p < total_; ++p) targets.push_back(p);
      }
      if (absl::Status s = Layer(static_cast<int>(l) + 1, targets); !s.ok()) {
        return s;
      }
    }
    absl::StatusOr<GateId> accept = Readout(r);
    if (!accept.ok()) return accept.status();
    b_.AddOutput("accept", *accept);
    {
      circuits::BlockScope scope(b_, "overflow");
      const GateId overflow = b_.Or(overflow_);
      if (!b_.IsConstant(overflow) || b_.ConstantValue(overflow)) {
        b_.AddOutput("overflow", overflow);
      }
    }
    absl::StatusOr<circuits::Circuit> circuit = b_.Build();
    if (!circuit.ok()) return circuit.status();
    if (options_.simplify) return circuits::Simplify(*circuit);
    return circuit;
  }

  absl::Status WireBudgetError(absl::string_view where) const {
    return absl::ResourceExhaustedError(absl::StrCat(
        b_.status().message(), where.empty() ? "" : " while building ", where,
        " (raise --max-wires)"));
  }
  absl::Status Budget(absl::string_view where) {
    if (absl::IsResourceExhausted(b_.status())) return WireBudgetError(where);
    if (!b_.status().ok()) return b_.status();
    if (options_.max_gates > 0 &&
        static_cast<std::int64_t>(b_.circuit().num_gates()) >
            options_.max_gates) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the circuit passed the budget of ", options_.max_gates,
          " gates while building ", where, " (raise --max-gates)"));
    }

    return absl::OkStatus();
  }

  // A number that takes values[s] when the one-hot input selects symbol s:
  // bit j is the OR of the symbols whose value has bit j set. Depth 1.
  Number OneHotNumber(const std::vector<GateId>& onehot,
                      const std::vector<std::int64_t>& values) {
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (*lo == *hi) return circuits::ConstantNumber(b_, *lo);
    Number x{{}, *lo, *hi};
    const int w = circuits::WidthFor(*lo, *hi);
    for (int j = 0; j < w; ++j) {
      std::vector<GateId> set;
      for (size_t s = 0; s < values.size(); ++s) {
        if ((values[s] >> j) & 1) set.push_back(onehot[s]);
      }
      x.bits.push_back(b_.Or(set));
    }
    return x;
  }

  // fixed:p's range check, as gates: 1 iff x leaves [−2^I, 2^I) (scaled).
  void CheckRange(const Number& x) {
    const int bits = model_.integer_bits + p_;
    if (bits >= 61) return;  // 62-bit numbers cannot leave it
    const std::int64_t bound = std::int64_t{1} << bits;
    if (x.hi >= bound) {
      overflow_.push_back(circuits::GreaterEqualConstant(b_, x, bound));
    }
    if (x.lo < -bound) {
      overflow_.push_back(
          b_.Not(circuits::GreaterEqualConstant(b_, x, -bound)));
    }
  }

  absl::Status Embed() {
    const int k = model_.alphabet.size();
    x_.assign(total_, std::vector<Number>(d_));
    const mpq_class scale = Pow2(p_);
    for (int q = 0; q < total_; ++q) {
      circuits::BlockScope scope(b_, absl::StrCat("embed/pos ", q));
      int fixed_token = -1;
      if (model_.bos && q == 0) fixed_token = model_.bos_token();
      if (model_.eos && q == total_ - 1) fixed_token = model_.eos_token();
      for (int f = 0; f < d_; ++f) {
        mpq_class pos = 0;
        for (const PositionalFeature& pf : model_.positional) {
          if (pf.feature == f) {
            pos += EvaluatePositional(pf.function, q, total_).gmp();
          }
        }
        std::vector<std::int64_t> values;
        for (int t = 0; t < (fixed_token >= 0 ? 1 : k); ++t) {
          const int token = fixed_token >= 0 ? fixed_token : t;
          absl::StatusOr<std::int64_t> v = FloorInt64(
              (model_.token_embedding.at(token, f).gmp() + pos) * scale,
              absl::StrCat("the embedding of feature '", model_.features[f],
                           "' at position ", q));
          if (!v.ok()) return v.status();
          values.push_back(*v);
        }
        if (fixed_token >= 0) {
          x_[q][f] = circuits::ConstantNumber(b_, values[0]);
        } else {
          x_[q][f] = OneHotNumber(onehot_[q - (model_.bos ? 1 : 0)], values);
        }
        CheckRange(x_[q][f]);
      }
    }
    return Budget("the embedding");
  }

  // A head in integers: its values (row j of W_V times its denominator
  // dj[j]) and its scores x_pᵀ A x_q (A = W_Qᵀ W_K times one denominator).
  struct HeadPlan {
    const Head* head = nullptr;
    std::string label;
    int dv = 0;
    std::vector<std::int64_t> dj;
    std::vector<std::vector<std::int64_t>> vcoef;  // [j][feature]
    struct Entry {
      int a, b;
      std::int64_t c;
    };
    std::vector<Entry> entries;
    bool uniform = true;  // A = 0: every position in the mask ties
  };

  absl::Status PlanValues(HeadPlan& plan) {
    const Head& head = *plan.head;
    plan.dj.assign(plan.dv, 0);
    plan.vcoef.assign(plan.dv, std::vector<std::int64_t>(d_));
    for (int j = 0; j < plan.dv; ++j) {
      Denominator den;
      for (int f = 0; f < d_; ++f) den.Add(head.w_v.at(j, f).gmp());
      absl::StatusOr<std::int64_t> dd =
          den.Get(absl::StrCat(plan.label, ": W_V"));
      if (!dd.ok()) return dd.status();
      plan.dj[j] = *dd;
      for (int f = 0; f < d_; ++f) {
        absl::StatusOr<std::int64_t> c = ToInt64(
            head.w_v.at(j, f).gmp() * *dd, absl::StrCat(plan.label, ": W_V"));
        if (!c.ok()) return c.status();
        plan.vcoef[j][f] = *c;
      }
    }
    return absl::OkStatus();
  }

  absl::Status PlanScores(HeadPlan& plan) {
    const std::vector<std::vector<mpq_class>> a = ScoreForm(*plan.head, d_);
    Denominator aden;
    for (const auto& row : a) {
      for (const mpq_class& v : row) {
        aden.Add(v);
        plan.uniform = plan.uniform && v == 0;
      }
    }
    absl::StatusOr<std::int64_t> da =
        aden.Get(absl::StrCat(plan.label, ": scores"));
    if (!da.ok()) return da.status();
    for (int i = 0; i < d_; ++i) {
      for (int j = 0; j < d_; ++j) {
        if (a[i][j] == 0) continue;
        absl::StatusOr<std::int64_t> c =
            ToInt64(a[i][j] * *da, absl::StrCat(plan.label, ": scores"));
        if (!c.ok()) return c.status();
        plan.entries.push_back({i, j, *c});
      }
    }
    return absl::OkStatus();
  }

  // Value coordinate j at position q, as terms over the stream.
  std::vector<Term> ValueTerms(const HeadPlan& plan, int q, int j) const {
    std::vector<Term> terms;
    for (int f = 0; f < d_; ++f) {
      if (plan.vcoef[j][f] != 0) {
        terms.push_back(Term{x_[q][f], plan.vcoef[j][f]});
      }
    }
    return terms;
  }

  // Materialized values V'_qj, for heads that select.
  absl::StatusOr<std::vector<std::vector<Number>>> MaterializeValues(
      const HeadPlan& plan) {
    circuits::BlockScope scope(b_, absl::StrCat(plan.label, "/values"));
    std::vector<std::vector<Number>> values(total_,
                                            std::vector<Number>(plan.dv));
    for (int q = 0; q < total_; ++q) {
      for (int j = 0; j < plan.dv; ++j) {
        absl::StatusOr<Number> v =
            circuits::WeightedSum(b_, ValueTerms(plan, q, j));
        if (!v.ok()) return v.status();
        values[q][j] = *std::move(v);
      }
    }
    return values;
  }

  // A uniform head at a position whose mask is r: the floor of the average
  // (saturated) or the one end it picks (hard).
  absl::StatusOr<std::vector<Number>> UniformAttention(const HeadPlan& plan,
                                                       KeyRange r) {
    const AttentionMode mode = plan.head->mode;
    std::vector<Number> att;
    for (int j = 0; j < plan.dv; ++j) {
      std::vector<Term> terms;
      std::int64_t divisor = plan.dj[j];
      if (mode == AttentionMode::kSaturated) {
        for (int q = r.begin; q < r.end; ++q) {
          for (Term& t : ValueTerms(plan, q, j)) terms.push_back(std::move(t));
        }
        divisor *= r.size();
      } else {
        terms = ValueTerms(
            plan, mode == AttentionMode::kHardLeft ? r.begin : r.end - 1, j);
      }
      absl::StatusOr<Number> v =
          circuits::WeightedSumDivideFloor(b_, terms, 0, divisor);
      if (!v.ok()) return v.status();
      att.push_back(*std::move(v));
    }
    return att;
  }

  // A head that selects, at position p: the argmax of its scores over the
  // mask r, then the selected values' average (saturated) or the one value.
  absl::StatusOr<std::vector<Number>> SelectingAttention(
      const HeadPlan& plan, int p, KeyRange r,
      const std::vector<std::vector<Number>>& values) {
    const AttentionMode mode = plan.head->mode;
    const circuits::Ties ties =
        mode == AttentionMode::kHardLeft    ? circuits::Ties::kLeftmost
        : mode == AttentionMode::kHardRight ? circuits::Ties::kRightmost
                                            : circuits::Ties::kAll;
    std::vector<LinearForm> scores;
    for (int q = r.begin; q < r.end; ++q) {
      std::vector<Product> products;
      for (const HeadPlan::Entry& e : plan.entries) {
        products.push_back(Product{x_[p][e.a], x_[q][e.b], e.c});
      }
      absl::StatusOr<LinearForm> s =
          circuits::SumOfProductsForm(b_, products, {});
      if (!s.ok()) return s.status();
      scores.push_back(*std::move(s));
    }
    absl::StatusOr<std::vector<GateId>> selected =
        circuits::ArgmaxIndicators(b_, scores, ties);
    if (!selected.ok()) return selected.status();
    std::vector<Number> att;
    for (int j = 0; j < plan.dv; ++j) {
      std::vector<Number> column;
      for (int q = r.begin; q < r.end; ++q) column.push_back(values[q][j]);
      absl::StatusOr<Number> v =
          mode == AttentionMode::kSaturated
              ? circuits::SelectedAverageFloor(b_, *selected, column)
              : circuits::SelectOneHot(b_, *selected, column);
      if (!v.ok()) return v.status();
      if (plan.dj[j] > 1) v = circuits::DivideFloor(b_, *v, plan.dj[j]);
      if (!v.ok()) return v.status();
      att.push_back(*std::move(v));
    }
    return att;
  }

  // The head's output at each target position: one number per value
  // coordinate (2^p times the rounded average), or empty (an empty mask).
  absl::StatusOr<std::vector<std::vector<Number>>> RunHead(
      int layer, int h, const std::vector<int>& targets) {
    HeadPlan plan;
    plan.head = &model_.layers[layer - 1].heads[h];
    plan.label = HeadLabel(layer, h, *plan.head);
    plan.dv = plan.head->w_v.rows;
    if (absl::Status s = PlanValues(plan); !s.ok()) return s;
    if (absl::Status s = PlanScores(plan); !s.ok()) return s;
    std::vector<std::vector<Number>> values;
    if (!plan.uniform) {
      absl::StatusOr<std::vector<std::vector<Number>>> v =
          MaterializeValues(plan);
      if (!v.ok()) return v.status();
      values = *std::move(v);
    }
    std::vector<std::vector<Number>> out;
    for (int p : targets) {
      circuits::BlockScope scope(b_, absl::StrCat(plan.label, "/pos ", p));
      const KeyRange r = MaskRange(plan.head->mask, p, total_);
      if (r.empty()) {
        out.emplace_back();
        continue;
      }
      absl::StatusOr<std::vector<Number>> att =
          plan.uniform ? UniformAttention(plan, r)
                       : SelectingAttention(plan, p, r, values);
      if (!att.ok()) return att.status();
      out.push_back(*std::move(att));
      if (!plan.uniform) {
        if (absl::Status s = Budget(plan.label); !s.ok()) return s;
      }
    }
    return out;
  }

  // Feature f at target t after the heads: x + Σ_h W_O·att_h, floored, or
  // nothing when no head writes to f.
  absl::StatusOr<std::optional<Number>> ResidualFeature(
      const struct Layer& lw,
      const std::vector<std::vector<std::vector<Number>>>& att, size_t t, int p,
      int f, const std::string& where) {
    Denominator den;
    bool any = false;
    for (size_t h = 0; h < att.size(); ++h) {
      if (att[h][t].empty()) continue;
      for (int j = 0; j < lw.heads[h].w_o.cols; ++j) {
        den.Add(lw.heads[h].w_o.at(f, j).gmp());
        any = any || !lw.heads[h].w_o.at(f, j).IsZero();
      }
    }
    if (!any) return std::nullopt;
    absl::StatusOr<std::int64_t> l = den.Get(absl::StrCat(where, ": W_O"));
    if (!l.ok()) return l.status();
    std::vector<Term> terms{Term{x_[p][f], *l}};
    for (size_t h = 0; h < att.size(); ++h) {
      if (att[h][t].empty()) continue;
      for (int j = 0; j < lw.heads[h].w_o.cols; ++j) {
        const Rational& w = lw.heads[h].w_o.at(f, j);
        if (w.IsZero()) continue;
        absl::StatusOr<std::int64_t> c =
            ToInt64(w.gmp() * *l, absl::StrCat(where, ": W_O"));
        if (!c.ok()) return c.status();
        terms.push_back(Term{att[h][t][j], *c});
      }
    }
    absl::StatusOr<Number> v =
        circuits::WeightedSumDivideFloor(b_, terms, 0, *l);
    if (!v.ok()) return v.status();
    return *std::move(v);
  }

  // The heads of a layer, added to the stream at the targets.
  absl::Status Attention(int layer, const std::vector<int>& targets) {
    const struct Layer& lw = model_.layers[layer - 1];
    const std::string where = absl::StrCat("layer ", layer);
    // Every head reads the stream as it was before the layer.
    std::vector<std::vector<std::vector<Number>>> att;  // [h][target][j]
    for (size_t h = 0; h < lw.heads.size(); ++h) {
      absl::StatusOr<std::vector<std::vector<Number>>> o =
          RunHead(layer, static_cast<int>(h), targets);
      if (!o.ok()) return o.status();
      att.push_back(*std::move(o));
    }
    std::vector<std::vector<Number>> next(targets.size());
    for (size_t t = 0; t < targets.size(); ++t) {
      const int p = targets[t];
      circuits::BlockScope scope(b_, absl::StrCat(where, "/residual/pos ", p));
      next[t] = x_[p];
      bool wrote = false;
      for (size_t h = 0; h < att.size(); ++h) wrote |= !att[h][t].empty();
      if (!wrote) continue;
      for (int f = 0; f < d_; ++f) {
        absl::StatusOr<std::optional<Number>> v =
            ResidualFeature(lw, att, t, p, f, where);
        if (!v.ok()) return v.status();
        if (!v->has_value()) continue;
        next[t][f] = **std::move(v);
        CheckRange(next[t][f]);
      }
    }
    for (size_t t = 0; t < targets.size(); ++t) x_[targets[t]] = next[t];
    return Budget(where);
  }

  // Hidden unit i at position p: H'_i = ReLU(D_i·(W1 x + b1)_i·2^p), an
  // integer; its D_i goes to *den_i.
  absl::StatusOr<Number> HiddenUnit(const Mlp& mlp, int p, int i,
                                    const std::string& where,
                                    std::int64_t* den_i) {
    Denominator den;
    for (int f = 0; f < d_; ++f) den.Add(mlp.w1.at(i, f).gmp());
    const mpq_class bias = mlp.b1[i].gmp() * Pow2(p_);
    den.Add(bias);
    absl::StatusOr<std::int64_t> di = den.Get(absl::StrCat(where, ": W1"));
    if (!di.ok()) return di.status();
    std::vector<Term> terms;
    for (int f = 0; f < d_; ++f) {
      if (mlp.w1.at(i, f).IsZero()) continue;
      absl::StatusOr<std::int64_t> c =
          ToInt64(mlp.w1.at(i, f).gmp() * *di, absl::StrCat(where, ": W1"));
      if (!c.ok()) return c.status();
      terms.push_back(Term{x_[p][f], *c});
    }
    absl::StatusOr<std::int64_t> c0 =
        ToInt64(bias * *di, absl::StrCat(where, ": b1"));
    if (!c0.ok()) return c0.status();
    absl::StatusOr<Number> pre = circuits::WeightedSum(b_, terms, *c0);
    if (!pre.ok()) return pre.status();
    *den_i = *di;
    return circuits::Relu(b_, *pre);
  }

  // Feature f at position p after the MLP: x + W2·H/D + b2, floored, or
  // nothing when the MLP does not write to f.
  absl::StatusOr<std::optional<Number>> MlpFeature(
      const Mlp& mlp, int p, int f, const std::vector<Number>& hidden,
      const std::vector<std::int64_t>& hden, const std::string& where) {
    const mpq_class bias =
        mlp.b2.empty() ? mpq_class(0) : mpq_class(mlp.b2[f].gmp() * Pow2(p_));
    Denominator den;
    den.Add(bias);
    bool any = bias != 0;
    for (int i = 0; i < mlp.hidden(); ++i) {
      const mpq_class w = mlp.w2.at(f, i).gmp() / hden[i];
      den.Add(w);
      any = any || w != 0;
    }
    if (!any) return std::nullopt;
    absl::StatusOr<std::int64_t> l = den.Get(absl::StrCat(where, ": W2"));
    if (!l.ok()) return l.status();
    std::vector<Term> terms{Term{x_[p][f], *l}};
    for (int i = 0; i < mlp.hidden(); ++i) {
      if (mlp.w2.at(f, i).IsZero()) continue;
      absl::StatusOr<std::int64_t> c = ToInt64(
          mlp.w2.at(f, i).gmp() / hden[i] * *l, absl::StrCat(where, ": W2"));
      if (!c.ok()) return c.status();
      terms.push_back(Term{hidden[i], *c});
    }
    absl::StatusOr<std::int64_t> c0 =
        ToInt64(bias * *l, absl::StrCat(where, ": b2"));
    if (!c0.ok()) return c0.status();
    absl::StatusOr<Number> v =
        circuits::WeightedSumDivideFloor(b_, terms, *c0, *l);
    if (!v.ok()) return v.status();
    return *std::move(v);
  }

  // The layer's MLP at the targets.
  absl::Status MlpAt(int layer, const std::vector<int>& targets) {
    const Mlp& mlp = model_.layers[layer - 1].mlp;
    if (mlp.hidden() == 0 && mlp.b2.empty()) return absl::OkStatus();
    const std::string where = absl::StrCat("layer ", layer);
    for (int p : targets) {
      circuits::BlockScope scope(b_, absl::StrCat(where, "/mlp/pos ", p));
      std::vector<Number> hidden;
      std::vector<std::int64_t> hden(mlp.hidden());
      for (int i = 0; i < mlp.hidden(); ++i) {
        absl::StatusOr<Number> h = HiddenUnit(mlp, p, i, where, &hden[i]);
        if (!h.ok()) return h.status();
        hidden.push_back(*std::move(h));
      }
      for (int f = 0; f < d_; ++f) {
        absl::StatusOr<std::optional<Number>> v =
            MlpFeature(mlp, p, f, hidden, hden, where);
        if (!v.ok()) return v.status();
        if (!v->has_value()) continue;
        x_[p][f] = **std::move(v);
        CheckRange(x_[p][f]);
      }
    }
    return Budget(absl::StrCat(where, " (MLP)"));
  }

  absl::Status Layer(int layer, const std::vector<int>& targets) {
    if (absl::Status s = Attention(layer, targets); !s.ok()) return s;
    return MlpAt(layer, targets);
  }

  // [w·x_r + b > 0].
  absl::StatusOr<GateId> Readout(int r) {
    circuits::BlockScope scope(b_, "readout");
    const mpq_class bias = model_.readout.bias.gmp() * Pow2(p_);
    if (r < 0) return b_.Constant(model_.readout.bias.Sign() > 0);
    Denominator den;
    den.Add(bias);
    for (const Rational& w : model_.readout.weights) den.Add(w.gmp());
    absl::StatusOr<std::int64_t> l = den.Get("readout");
    if (!l.ok()) return l.status();
    std::vector<Term> terms;
    for (int f = 0; f < d_; ++f) {
      const Rational& w = model_.readout.weights[f];
      if (w.IsZero()) continue;
      absl::StatusOr<std::int64_t> c = ToInt64(w.gmp() * *l, "readout");
      if (!c.ok()) return c.status();
      terms.push_back(Term{x_[r][f], *c});
    }
    absl::StatusOr<std::int64_t> c0 = ToInt64(bias * *l, "readout: bias");
    if (!c0.ok()) return c0.status();
    absl::StatusOr<LinearForm> y = circuits::WeightedSumForm(b_, terms, *c0);
    if (!y.ok()) return y.status();
    return circuits::GreaterThan(b_, *y, LinearForm{});
  }

  const Model& model_;
  const int n_, p_, total_, d_;
  const CompileOptions& options_;
  CircuitBuilder b_;
  std::vector<std::vector<GateId>> onehot_;  // [i][symbol]
  std::vector<std::vector<Number>> x_;       // [position][feature]
  std::vector<GateId> overflow_;
};

absl::Status CheckCompilable(const Model& model, int n, int frac_bits) {
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  for (size_t l = 0; l < model.layers.size(); ++l) {
    for (size_t h = 0; h < model.layers[l].heads.size(); ++h) {
      const Head& head = model.layers[l].heads[h];
      if (head.mode != AttentionMode::kSoftmax) continue;
      return absl::InvalidArgumentError(absl::StrCat(
          "layer ", l + 1, ", head ", h + 1,
          head.name.empty() ? "" : absl::StrCat(" '", head.name, "'"),
          ": mode softmax has no circuit semantics (a circuit implements "
          "fixed:p, whose heads are saturated, hard_left or hard_right)"));
    }
  }
  if (frac_bits < 0 || frac_bits > FixedEngine::kMaxFracBits) {
    return absl::InvalidArgumentError(
        absl::StrCat("precision ", frac_bits, ": expected 0 … ",
                     FixedEngine::kMaxFracBits, " fractional bits"));
  }
  if (n < 0 || n > kMaxCompileLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("length ", n, ": expected 0 … ", kMaxCompileLength));
  }
  return absl::OkStatus();
}

// ---- The size estimate ----
// Interval analysis over features (all positions together, in units of
// 2^-p), and which features depend on the input at all (the others are
// constants at a fixed n and fold away). Costs follow the gadgets' size
// bounds (circuits/gadgets.h) with the widths of those intervals.
struct Range {
  double lo = 0, hi = 0;
  bool varying = false;
  double width() const {
    const double m = std::max(std::fabs(lo), std::fabs(hi));
    return std::ceil(std::log2(m + 1)) + 1;
  }
  double bits() const { return varying ? width() : 0; }
};

Range Combine(const std::vector<std::pair<double, Range>>& terms,
              double constant) {
  Range r{constant, constant, false};
  for (const auto& [w, x] : terms) {
    if (w == 0) continue;
    r.lo += std::min(w * x.lo, w * x.hi);
    r.hi += std::max(w * x.lo, w * x.hi);
    r.varying = r.varying || x.varying;
  }
  return r;
}

// The estimate adds into `gates` in the order the compiler builds: the
// embedding, then per layer its heads, the residual sums and the MLP.
std::vector<Range> EstimateEmbedding(const Model& model, int n, double scale,
                                     double& gates) {
  const int total = model.SequenceLength(n);
  const int d = model.dim();
  std::vector<Range> x(d);
  for (int f = 0; f < d; ++f) {
    bool first = true;
    for (int q = 0; q < total; ++q) {
      double pos = 0;
      for (const PositionalFeature& pf : model.positional) {
        if (pf.feature == f) {
          pos += EvaluatePositional(pf.function, q, total).ToDouble();
        }
      }
      for (int t = 0; t < model.num_tokens(); ++t) {
        const double v =
            (model.token_embedding.at(t, f).ToDouble() + pos) * scale;
        x[f].lo = first ? v : std::min(x[f].lo, v);
        x[f].hi = first ? v : std::max(x[f].hi, v);
        first = false;
      }
    }
    for (int t = 1; t < model.alphabet.size(); ++t) {
      x[f].varying = x[f].varying || model.token_embedding.at(t, f) !=
                                         model.token_embedding.at(0, f);
    }
    x[f].varying = x[f].varying && n > 0;
    gates += static_cast<double>(total) * x[f].bits();
  }
  return x;
}

// One head's output ranges, and its gates at `targets` positions.
std::vector<Range> EstimateHead(const Head& head, const std::vector<Range>& x,
                                double targets, double big_n, double& gates) {
  const int d = static_cast<int>(x.size());
  const std::vector<std::vector<mpq_class>> a = ScoreForm(head, d);
  bool uniform = true, scores_vary = false;
  double products = 0;
  for (int i = 0; i < d; ++i) {
    for (int j = 0; j < d; ++j) {
      if (a[i][j] == 0) continue;
      uniform = false;
      scores_vary = scores_vary || x[i].varying || x[j].varying;
      products += std::max(x[i].bits(), 1.0) * std::max(x[j].bits(), 1.0);
    }
  }
  std::vector<Range> out;
  for (int j = 0; j < head.w_v.rows; ++j) {
    std::vector<std::pair<double, Range>> terms;
    double in_bits = 0;
    for (int f = 0; f < d; ++f) {
      terms.push_back({head.w_v.at(j, f).ToDouble(), x[f]});
      if (!head.w_v.at(j, f).IsZero()) in_bits += x[f].bits();
    }
    Range v = Combine(terms, 0);
    v.varying = v.varying || (!uniform && scores_vary);
    const double w = v.width();
    if (v.varying) {
      if (uniform) {
        gates += targets * w * (big_n * in_bits + 2);
      } else {
        gates += big_n * w * (in_bits + 2);  // the values
        gates += targets *
                 (big_n * w + std::min(std::ldexp(1.0, w), big_n * big_n * w));
      }
    }
    out.push_back(v);
  }
  if (!uniform && scores_vary) {
    gates += targets * big_n * (products + big_n + 1);
  }
  return out;
}

// The stream after the heads: x + Σ_h W_O·att_h per feature.
std::vector<Range> EstimateResidual(const struct Layer& layer,
                                    const std::vector<Range>& x,
                                    const std::vector<std::vector<Range>>& att,
                                    double targets, double& gates) {
  std::vector<Range> next = x;
  for (size_t f = 0; f < x.size(); ++f) {
    std::vector<std::pair<double, Range>> terms{{1.0, x[f]}};
    double in_bits = x[f].bits();
    bool any = false;
    for (size_t h = 0; h < layer.heads.size(); ++h) {
      for (int j = 0; j < layer.heads[h].w_o.cols; ++j) {
        const double w = layer.heads[h].w_o.at(f, j).ToDouble();
        if (w == 0) continue;
        any = true;
        terms.push_back({w, att[h][j]});
        in_bits += att[h][j].bits();
      }
    }
    if (!any) continue;
    next[f] = Combine(terms, 0);
    if (next[f].varying) gates += targets * next[f].width() * (in_bits + 2);
  }
  return next;
}

// The MLP's hidden units and output features, in place.
void EstimateMlp(const Mlp& mlp, double scale, double targets,
                 std::vector<Range>& x, double& gates) {
  const int d = static_cast<int>(x.size());
  std::vector<Range> hidden;
  for (int i = 0; i < mlp.hidden(); ++i) {
    std::vector<std::pair<double, Range>> terms;
    double in_bits = 0;
    for (int f = 0; f < d; ++f) {
      terms.push_back({mlp.w1.at(i, f).ToDouble(), x[f]});
      if (!mlp.w1.at(i, f).IsZero()) in_bits += x[f].bits();
    }
    Range h = Combine(terms, mlp.b1[i].ToDouble() * scale);
    h.lo = std::max(h.lo, 0.0);
    h.hi = std::max(h.hi, 0.0);
    if (h.varying) gates += targets * (h.width() * (in_bits + 3));
    hidden.push_back(h);
  }
  for (int f = 0; f < d && (mlp.hidden() > 0 || !mlp.b2.empty()); ++f) {
    std::vector<std::pair<double, Range>> terms{{1.0, x[f]}};
    double in_bits = x[f].bits();
    for (int i = 0; i < mlp.hidden(); ++i) {
      const double w = mlp.w2.at(f, i).ToDouble();
      if (w == 0) continue;
      terms.push_back({w, hidden[i]});
      in_bits += hidden[i].bits();
    }
    const double b = mlp.b2.empty() ? 0 : mlp.b2[f].ToDouble() * scale;
    x[f] = Combine(terms, b);
    if (x[f].varying) gates += targets * x[f].width() * (in_bits + 2);
  }
}

double EstimateFor(const Model& model, int n, int frac_bits) {
  const double scale = std::ldexp(1.0, frac_bits);
  const double big_n = model.SequenceLength(n);
  double gates = 0;
  std::vector<Range> x = EstimateEmbedding(model, n, scale, gates);
  for (size_t l = 0; l < model.layers.size(); ++l) {
    const struct Layer& layer = model.layers[l];
    const double targets = l + 1 == model.layers.size() ? 1 : big_n;
    std::vector<std::vector<Range>> att;
    for (const Head& head : layer.heads) {
      att.push_back(EstimateHead(head, x, targets, big_n, gates));
    }
    x = EstimateResidual(layer, x, att, targets, gates);
    EstimateMlp(layer.mlp, scale, targets, x, gates);
  }
  return gates + 1;
}

}  // namespace

absl::StatusOr<std::int64_t> EstimateGates(const Model& model, int n,
                                           int frac_bits) {
  if (absl::Status s = CheckCompilable(model, n, frac_bits); !s.ok()) return s;
  const double g = EstimateFor(model, n, frac_bits);
  return g >= 9e18 ? std::int64_t{9'000'000'000'000'000'000}
                   : static_cast<std::int64_t>(std::ceil(g));
}

absl::StatusOr<circuits::Circuit> Compile(const Model& model, int n,
                                          int frac_bits,
                                          const CompileOptions& options) {
  if (absl::Status s = CheckCompilable(model, n, frac_bits); !s.ok()) return s;
  if (options.max_gates > 0) {
    absl::StatusOr<std::int64_t> estimate = EstimateGates(model, n, frac_bits);
    if (!estimate.ok()) return estimate.status();
    if (*estimate > options.max_gates) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "the circuit for n = ", n, " at ", frac_bits,
          " fractional bits is estimated at ", *estimate,
          " gates, over the budget of ", options.max_gates,
          " (raise --max-gates, or use a smaller length or precision)"));
    }
  }
  Compiler compiler(model, n, frac_bits, options);
  return compiler.Run();
}

std::vector<bool> EncodeWord(const Model& model, const automata::Word& word) {
  const int k = model.alphabet.size();
  std::vector<bool> bits(word.size() * k, false);
  for (size_t i = 0; i < word.size(); ++i) bits[i * k + word[i]] = true;
  return bits;
}

std::vector<CircuitOutcome> RunCircuit(const circuits::Circuit& circuit,
                                       const Model& model,
                                       std::span<const automata::Word> words) {
  circuits::BitParallelSimulator sim(circuit);
  const int k = model.alphabet.size();
  int accept_out = -1, overflow_out = -1;
  for (size_t o = 0; o < circuit.outputs().size(); ++o) {
    if (circuit.outputs()[o].name == "accept") accept_out = static_cast<int>(o);
    if (circuit.outputs()[o].name == "overflow") {
      overflow_out = static_cast<int>(o);
    }
  }
  std::vector<CircuitOutcome> out(words.size());
  std::vector<std::uint64_t> inputs(sim.num_inputs());
  for (size_t start = 0; start < words.size(); start += 64) {
    const size_t count = std::min<size_t>(64, words.size() - start);
    std::fill(inputs.begin(), inputs.end(), 0);
    for (size_t lane = 0; lane < count; ++lane) {
      const automata::Word& w = words[start + lane];
      for (size_t i = 0; i < w.size(); ++i) {
        const size_t bit = i * k + w[i];
        if (bit < inputs.size()) inputs[bit] |= std::uint64_t{1} << lane;
      }
    }
    const std::vector<std::uint64_t> outputs = sim.RunOutputs(inputs);
    for (size_t lane = 0; lane < count; ++lane) {
      CircuitOutcome& o = out[start + lane];
      if (accept_out >= 0) o.accept = (outputs[accept_out] >> lane) & 1;
      if (overflow_out >= 0) o.overflow = (outputs[overflow_out] >> lane) & 1;
    }
  }
  return out;
}

}  // namespace satcirc
