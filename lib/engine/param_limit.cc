#include "lib/engine/param_limit.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace satcirc {

// ---- ScalePoly

ScalePoly ScalePoly::Monomial(const Rational& a, int k) {
  ScalePoly p;
  if (a.Sign() == 0) return p;
  p.coef_.assign(k + 1, mpq_class(0));
  p.coef_[k] = a.gmp();
  return p;
}

Rational ScalePoly::coefficient(int k) const {
  return k >= 0 && k <= degree() ? Rational(coef_[k]) : Rational(0);
}

int ScalePoly::Sign() const { return coef_.empty() ? 0 : sgn(coef_.back()); }

Rational ScalePoly::At(const Rational& c) const {
  mpq_class v = 0;
  for (int k = degree(); k >= 0; --k) v = v * c.gmp() + coef_[k];
  return Rational(v);
}

std::string ScalePoly::ToString() const {
  if (coef_.empty()) return "0";
  std::string out;
  for (int k = degree(); k >= 0; --k) {
    if (sgn(coef_[k]) == 0) continue;
    const mpq_class mag = abs(coef_[k]);
    if (out.empty()) {
      if (sgn(coef_[k]) < 0) out = "-";
    } else {
      absl::StrAppend(&out, sgn(coef_[k]) < 0 ? " - " : " + ");
    }
    const bool unit = mag == 1 && k > 0;
    if (!unit) absl::StrAppend(&out, mag.get_str());
    if (k > 0) absl::StrAppend(&out, unit ? "" : "·", "c");
    if (k > 1) absl::StrAppend(&out, "^", k);
  }
  return out;
}

void ScalePoly::Trim() {
  while (!coef_.empty() && sgn(coef_.back()) == 0) coef_.pop_back();
}

ScalePoly& ScalePoly::operator+=(const ScalePoly& b) {
  AddScaled(mpq_class(1), 0, b);
  return *this;
}

ScalePoly& ScalePoly::operator-=(const ScalePoly& b) {
  AddScaled(mpq_class(-1), 0, b);
  return *this;
}

void ScalePoly::AddScaled(const mpq_class& a, int shift, const ScalePoly& b) {
  if (b.coef_.empty() || sgn(a) == 0) return;
  const size_t size = b.coef_.size() + shift;
  if (coef_.size() < size) coef_.resize(size, mpq_class(0));
  thread_local mpq_class product;
  for (size_t k = 0; k < b.coef_.size(); ++k) {
    if (sgn(b.coef_[k]) == 0) continue;
    mpq_mul(product.get_mpq_t(), a.get_mpq_t(), b.coef_[k].get_mpq_t());
    coef_[k + shift] += product;
  }
  Trim();
}

void ScalePoly::AddProduct(const ScalePoly& a, const ScalePoly& b) {
  if (a.coef_.empty() || b.coef_.empty()) return;
  const size_t size = a.coef_.size() + b.coef_.size() - 1;
  if (coef_.size() < size) coef_.resize(size, mpq_class(0));
  thread_local mpq_class product;
  for (size_t j = 0; j < a.coef_.size(); ++j) {
    if (sgn(a.coef_[j]) == 0) continue;
    for (size_t k = 0; k < b.coef_.size(); ++k) {
      if (sgn(b.coef_[k]) == 0) continue;
      mpq_mul(product.get_mpq_t(), a.coef_[j].get_mpq_t(),
              b.coef_[k].get_mpq_t());
      coef_[j + k] += product;
    }
  }
  Trim();
}

void ScalePoly::DivideBy(long n) {
  if (n == 1) return;
  for (mpq_class& a : coef_) a /= n;
}

ScalePoly operator*(const ScalePoly& a, const ScalePoly& b) {
  ScalePoly out;
  out.AddProduct(a, b);
  return out;
}

int Compare(const ScalePoly& a, const ScalePoly& b) {
  static const mpq_class kZero(0);
  for (int k = std::max(a.degree(), b.degree()); k >= 0; --k) {
    const mpq_class& x = k <= a.degree() ? a.coef_[k] : kZero;
    const mpq_class& y = k <= b.degree() ? b.coef_[k] : kZero;
    if (const int c = cmp(x, y); c != 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

// ---- The engine

namespace internal {

// A matrix as its nonzero entries; applied, every entry carries c (a scaled
// parameter) or c² (W_O·W_V, two of them).
struct SparseWeights {
  struct Entry {
    int row = 0;
    int col = 0;
    mpq_class w;
  };
  int rows = 0;
  int shift = 1;
  std::vector<Entry> entries{};
};

struct HeadWeights {
  Mask mask = Mask::kNone;
  AttentionMode mode = AttentionMode::kSaturated;
  SparseWeights q, k, ov;  // W_Q, W_K; W_O·W_V
};

struct LayerWeights {
  std::vector<HeadWeights> heads;
  SparseWeights w1, w2;
  std::vector<mpq_class> b1, b2;  // b₂ empty: none
};

struct ParamLimitWeights {
  std::vector<std::vector<mpq_class>> embedding;  // per token
  std::vector<LayerWeights> layers;
  std::vector<mpq_class> readout;
  mpq_class bias;
};

}  // namespace internal

namespace {

using internal::HeadWeights;
using internal::LayerWeights;
using internal::ParamLimitWeights;
using internal::SparseWeights;
using PolyVec = std::vector<ScalePoly>;

std::vector<mpq_class> Gmp(const Vector& v) {
  std::vector<mpq_class> out;
  out.reserve(v.size());
  for (const Rational& r : v) out.push_back(r.gmp());
  return out;
}

SparseWeights Sparse(const Matrix& m, int shift = 1) {
  SparseWeights s{.rows = m.rows, .shift = shift};
  for (int i = 0; i < m.rows; ++i) {
    for (int j = 0; j < m.cols; ++j) {
      if (m.at(i, j).Sign() != 0) s.entries.push_back({i, j, m.at(i, j).gmp()});
    }
  }
  return s;
}

ParamLimitWeights Convert(const Model& model) {
  ParamLimitWeights w;
  for (int t = 0; t < model.num_tokens(); ++t) {
    Vector row(model.dim());
    for (int f = 0; f < model.dim(); ++f)
      row[f] = model.token_embedding.at(t, f);
    w.embedding.push_back(Gmp(row));
  }
  for (const Layer& layer : model.layers) {
    LayerWeights lw;
    for (const Head& h : layer.heads) {
      lw.heads.push_back({.mask = h.mask,
                          .mode = h.mode,
                          .q = Sparse(h.w_q),
                          .k = Sparse(h.w_k),
                          .ov = Sparse(MatrixProduct(h.w_o, h.w_v), 2)});
    }
    lw.w1 = Sparse(layer.mlp.w1);
    lw.w2 = Sparse(layer.mlp.w2);
    lw.b1 = Gmp(layer.mlp.b1);
    lw.b2 = Gmp(layer.mlp.b2);
    w.layers.push_back(std::move(lw));
  }
  w.readout = Gmp(model.readout.weights);
  w.bias = model.readout.bias.gmp();
  return w;
}

PolyVec Apply(const SparseWeights& m, const PolyVec& x) {
  PolyVec y(m.rows);
  for (const SparseWeights::Entry& e : m.entries) {
    y[e.row].AddScaled(e.w, m.shift, x[e.col]);
  }
  return y;
}

ScalePoly Dot(const PolyVec& a, const PolyVec& b) {
  ScalePoly s;
  for (size_t i = 0; i < a.size(); ++i) s.AddProduct(a[i], b[i]);
  return s;
}

// The keys of largest score in the order as c → ∞, narrowed to one by a hard
// head. (A head's scale is positive and fixed: it orders scores as they are.)
std::vector<int> Argmax(const HeadWeights& h, const PolyVec& query,
                        const std::vector<PolyVec>& keys, KeyRange range) {
  std::vector<int> best;
  ScalePoly top;
  for (int q = range.begin; q < range.end; ++q) {
    const ScalePoly s = Dot(query, keys[q]);
    const int c = best.empty() ? 1 : Compare(s, top);
    if (c > 0) {
      best.assign(1, q);
      top = s;
    } else if (c == 0) {
      best.push_back(q);
    }
  }
  if (h.mode == AttentionMode::kHardLeft) best.resize(1);
  if (h.mode == AttentionMode::kHardRight)
    best.erase(best.begin(), best.end() - 1);
  return best;
}

// Adds head h's output to `next` at every position.
void RunHead(const HeadWeights& h, const std::vector<PolyVec>& x,
             std::vector<PolyVec>& next) {
  const int total = static_cast<int>(x.size());
  std::vector<PolyVec> keys, queries;
  for (const PolyVec& row : x) {
    keys.push_back(Apply(h.k, row));
    queries.push_back(Apply(h.q, row));
  }
  for (int p = 0; p < total; ++p) {
    const KeyRange range = MaskRange(h.mask, p, total);
    if (range.empty()) continue;
    const std::vector<int> argmax = Argmax(h, queries[p], keys, range);
    PolyVec mean = x[argmax[0]];
    for (size_t i = 1; i < argmax.size(); ++i) {
      for (size_t f = 0; f < mean.size(); ++f) mean[f] += x[argmax[i]][f];
    }
    for (ScalePoly& m : mean) m.DivideBy(static_cast<long>(argmax.size()));
    const PolyVec out = Apply(h.ov, mean);
    for (size_t f = 0; f < out.size(); ++f) next[p][f] += out[f];
  }
}

void RunMlp(const LayerWeights& lw, PolyVec& x) {
  PolyVec hidden = Apply(lw.w1, x);
  for (size_t i = 0; i < hidden.size(); ++i) {
    hidden[i].AddScaled(lw.b1[i], 1, ScalePoly::Monomial(1));
    if (hidden[i].Sign() <= 0) hidden[i] = ScalePoly();
  }
  const PolyVec out = Apply(lw.w2, hidden);  // empty: no MLP
  for (size_t f = 0; f < x.size(); ++f) {
    if (!out.empty()) x[f] += out[f];
    if (!lw.b2.empty()) x[f].AddScaled(lw.b2[f], 1, ScalePoly::Monomial(1));
  }
}

}  // namespace

absl::StatusOr<ParamLimitEngine> ParamLimitEngine::Create(const Model& model) {
  if (model.layer_norm.placement != LayerNormPlacement::kNone) {
    return absl::FailedPreconditionError(absl::StrCat(
        model.name,
        " has layer normalization, which the exact semantics does not have: "
        "its parameter limit has no exact engine"));
  }
  ParamLimitEngine engine;
  engine.model_ = std::make_unique<Model>(model);
  engine.weights_ = std::make_unique<ParamLimitWeights>(Convert(model));
  return engine;
}

ParamLimitEngine::ParamLimitEngine(ParamLimitEngine&&) noexcept = default;
ParamLimitEngine& ParamLimitEngine::operator=(ParamLimitEngine&&) noexcept =
    default;
ParamLimitEngine::~ParamLimitEngine() = default;

ParamLimitDecision ParamLimitEngine::Run(const automata::Word& word) const {
  const Model& m = *model_;
  const ParamLimitWeights& w = *weights_;
  std::vector<int> tokens;
  if (m.bos) tokens.push_back(m.bos_token());
  for (automata::Symbol s : word) tokens.push_back(s);
  if (m.eos) tokens.push_back(m.eos_token());
  const int total = static_cast<int>(tokens.size());
  std::vector<PolyVec> x(total, PolyVec(m.dim()));
  for (int p = 0; p < total; ++p) {
    for (int f = 0; f < m.dim(); ++f) {
      x[p][f] = ScalePoly::Monomial(Rational(w.embedding[tokens[p]][f]), 1);
    }
    for (const PositionalFeature& pf : m.positional) {
      x[p][pf.feature] +=
          ScalePoly::Monomial(EvaluatePositional(pf.function, p, total));
    }
  }
  for (const LayerWeights& lw : w.layers) {
    std::vector<PolyVec> next = x;
    for (const HeadWeights& h : lw.heads) RunHead(h, x, next);
    x = std::move(next);
    for (PolyVec& row : x) RunMlp(lw, row);
  }
  ParamLimitDecision d;
  d.value = ScalePoly::Monomial(Rational(w.bias), 1);
  if (total > 0) {
    const bool first = m.readout.position == ReadoutPosition::kFirst ||
                       m.readout.position == ReadoutPosition::kBos;
    const PolyVec& xr = x[first ? 0 : total - 1];
    for (size_t f = 0; f < xr.size(); ++f) {
      d.value.AddScaled(w.readout[f], 1, xr[f]);
    }
  }
  d.accept = d.value.Sign() > 0;
  return d;
}

Model ScaleParameters(const Model& model, const Rational& c) {
  Model out = model;
  auto scale = [&](Matrix& m) {
    for (Rational& v : m.data) v = v * c;
  };
  auto scale_vec = [&](Vector& v) {
    for (Rational& e : v) e = e * c;
  };
  scale(out.token_embedding);
  for (Layer& layer : out.layers) {
    for (Head& h : layer.heads) {
      scale(h.w_q);
      scale(h.w_k);
      scale(h.w_v);
      scale(h.w_o);
    }
    scale(layer.mlp.w1);
    scale(layer.mlp.w2);
    scale_vec(layer.mlp.b1);
    scale_vec(layer.mlp.b2);
  }
  scale_vec(out.readout.weights);
  out.readout.bias = out.readout.bias * c;
  return out;
}

}  // namespace satcirc
