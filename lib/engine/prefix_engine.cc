#include "lib/engine/prefix_engine.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/engine/arith.h"
#include "lib/engine/engine.h"
#include "lib/engine/trace.h"

namespace satcirc {
namespace {

using internal::ArithOverflow;
using internal::CheckedAdd;
using internal::CheckedMul;
using A = internal::SmallExactArith;
using Vec = A::Vec;
using Mat = A::Mat;
using Scalar = A::Scalar;

// One row of a fixed width per position: row q is num[q·w, q·w + w) / den[q].
struct Rows {
  int w = 0;
  std::vector<std::int64_t> num, den;
  void Resize(int positions, int width) {
    w = width;
    num.assign(static_cast<size_t>(positions) * width, 0);
    den.assign(positions, 1);
  }
  const std::int64_t* at(int q) const {
    return num.data() + static_cast<size_t>(q) * w;
  }
  void Set(int q, const Vec& v) {
    std::copy(v.num.begin(), v.num.end(),
              num.begin() + static_cast<long>(q) * w);
    den[q] = v.den;
  }
  void Get(int q, Vec& v) const {
    v.num.assign(at(q), at(q) + w);
    v.den = den[q];
  }
};

bool IsZeroMatrix(const Matrix& m) {
  return std::all_of(m.data.begin(), m.data.end(),
                     [](const Rational& r) { return r.IsZero(); });
}

// The features a matrix reads (columns with a nonzero entry).
std::vector<int> ReadColumns(const Matrix& m) {
  std::vector<int> cols;
  for (int c = 0; c < m.cols; ++c) {
    for (int r = 0; r < m.rows; ++r) {
      if (!m.at(r, c).IsZero()) {
        cols.push_back(c);
        break;
      }
    }
  }
  return cols;
}

// Marks the features a matrix writes (rows with a nonzero entry).
void MarkWritten(const Matrix& m, std::vector<bool>& written) {
  for (int r = 0; r < m.rows; ++r) {
    for (int c = 0; c < m.cols; ++c) {
      if (!m.at(r, c).IsZero()) written[r] = true;
    }
  }
}

std::string HeadName(int layer, int head, const Head& h) {
  return absl::StrCat("layer ", layer + 1, ", head ", head + 1,
                      h.name.empty() ? "" : absl::StrCat(" '", h.name, "'"));
}

// The leading layers whose heads all have causal or strict masks.
int PrefixLayers(const Model& model) {
  int k = 0;
  for (const Layer& layer : model.layers) {
    for (const Head& h : layer.heads) {
      if (h.mask == Mask::kNone) return k;
    }
    ++k;
  }
  return k;
}

// Every mask must be a prefix of the positions: a future head's keys change
// with every symbol after its position.
absl::Status CheckPrefixMasks(const Model& model) {
  for (size_t l = 0; l < model.layers.size(); ++l) {
    const Layer& layer = model.layers[l];
    for (size_t h = 0; h < layer.heads.size(); ++h) {
      if (IsPrefixMask(layer.heads[h].mask)) continue;
      return absl::FailedPreconditionError(absl::StrCat(
          HeadName(static_cast<int>(l), static_cast<int>(h), layer.heads[h]),
          " has a future mask"));
    }
  }
  return absl::OkStatus();
}

// Every head of a suffix layer (from `k` on) must read its keys and values
// from features that no suffix layer before it writes.
absl::Status CheckSuffixReads(const Model& model, int k) {
  std::vector<bool> written(model.dim(), false);
  for (int l = k; l < static_cast<int>(model.layers.size()); ++l) {
    const Layer& layer = model.layers[l];
    for (size_t h = 0; h < layer.heads.size(); ++h) {
      const Head& head = layer.heads[h];
      const bool uniform = IsZeroMatrix(head.w_q) || IsZeroMatrix(head.w_k);
      std::vector<int> reads = ReadColumns(head.w_v);
      if (!uniform) {
        for (int c : ReadColumns(head.w_k)) reads.push_back(c);
      }
      for (int c : reads) {
        if (!written[c]) continue;
        return absl::FailedPreconditionError(absl::StrCat(
            HeadName(l, static_cast<int>(h), head),
            " reads its keys or values from feature '", model.features[c],
            "', which a layer after the last all-causal one writes"));
      }
    }
    for (const Head& head : layer.heads) MarkWritten(head.w_o, written);
    MarkWritten(layer.mlp.w2, written);
    for (int f = 0; f < static_cast<int>(layer.mlp.b2.size()); ++f) {
      if (!layer.mlp.b2[f].IsZero()) written[f] = true;
    }
  }
  return absl::OkStatus();
}

// Which features hold the same value at each position for every word of a
// length, before each layer (static[l][f]; l = 0 is the embedding): a column
// on which every symbol's embedding agrees, and what only such columns
// produce. A head's output is static when everything it reads is (its values,
// and its queries and keys unless every score ties); an MLP's when its
// hidden units read only static features.
std::vector<std::vector<bool>> StaticFeatures(const Model& model) {
  const int d = model.dim();
  std::vector<bool> now(d, true);
  for (int f = 0; f < d; ++f) {
    for (int t = 1; t < model.alphabet.size(); ++t) {
      if (model.token_embedding.at(t, f) != model.token_embedding.at(0, f))
        now[f] = false;
    }
  }
  auto all_static = [&](const std::vector<bool>& st, const Matrix& m) {
    for (int c : ReadColumns(m)) {
      if (!st[c]) return false;
    }
    return true;
  };
  std::vector<std::vector<bool>> stages = {now};
  for (const Layer& layer : model.layers) {
    const std::vector<bool> before = now;
    for (const Head& h : layer.heads) {
      const bool uniform = IsZeroMatrix(h.w_q) || IsZeroMatrix(h.w_k);
      const bool fixed =
          all_static(before, h.w_v) &&
          (uniform || (all_static(before, h.w_q) && all_static(before, h.w_k)));
      if (fixed) continue;
      std::vector<bool> written(d, false);
      MarkWritten(h.w_o, written);
      for (int f = 0; f < d; ++f) now[f] = now[f] && !written[f];
    }
    if (!all_static(now, layer.mlp.w1)) {
      std::vector<bool> written(d, false);
      MarkWritten(layer.mlp.w2, written);
      for (int f = 0; f < d; ++f) now[f] = now[f] && !written[f];
    }
    stages.push_back(now);
  }
  return stages;
}

// A running argmax over positions 0 … q for a head whose query is the same
// for every word: the best score, how many positions attain it, the first
// and the last.
struct RunningMax {
  Scalar best;
  std::int64_t count = 0;
  int first = 0, last = 0;
};

struct HeadPlan {
  Mat q, k, v, o;
  Mask mask = Mask::kNone;
  AttentionMode mode = AttentionMode::kSaturated;
  bool uniform = false;  // every score ties (W_Q or W_K zero)
  // A suffix head whose query at the readout position is the same for every
  // word: fixed_query, scored as each position is computed (running).
  bool fixed = false;
  Vec fixed_query;
  // Per position: keys (scored heads), values, the prefix sums of the values
  // (uniform heads) or of the values in the running argmax set (fixed ones),
  // and the running argmax.
  Rows keys, values, sums;
  std::vector<RunningMax> running;
};

struct LayerPlan {
  std::vector<HeadPlan> heads;
  bool has_mlp = false, has_b1 = false, has_b2 = false;
  Mat w1, w2;
  Vec b1, b2;
};

Vec VecOf(const Vector& v, int dim) {
  Vector padded = v;
  padded.resize(dim, Rational(0));
  return A::MakeVec(padded);
}

LayerPlan MakeLayerPlan(const Layer& layer, int d, int total) {
  LayerPlan lp;
  for (const Head& head : layer.heads) {
    HeadPlan hp;
    hp.q = A::MakeMat(head.w_q);
    hp.k = A::MakeMat(head.w_k);
    hp.v = A::MakeMat(head.w_v);
    hp.o = A::MakeMat(head.w_o);
    hp.mask = head.mask;
    hp.mode = head.mode;
    hp.uniform = IsZeroMatrix(head.w_q) || IsZeroMatrix(head.w_k);
    hp.values.Resize(total, head.w_v.rows);
    hp.sums.Resize(total, head.w_v.rows);
    hp.keys.Resize(total, head.w_k.rows);
    hp.running.resize(total);
    lp.heads.push_back(std::move(hp));
  }
  const Mlp& mlp = layer.mlp;
  lp.has_mlp = mlp.hidden() > 0;
  if (lp.has_mlp) {
    lp.w1 = A::MakeMat(mlp.w1);
    lp.w2 = A::MakeMat(mlp.w2);
    lp.has_b1 = std::any_of(mlp.b1.begin(), mlp.b1.end(),
                            [](const Rational& r) { return !r.IsZero(); });
    if (lp.has_b1) lp.b1 = VecOf(mlp.b1, mlp.hidden());
  }
  lp.has_b2 = std::any_of(mlp.b2.begin(), mlp.b2.end(),
                          [](const Rational& r) { return !r.IsZero(); });
  if (lp.has_b2) lp.b2 = VecOf(mlp.b2, d);
  return lp;
}

}  // namespace

struct PrefixEngine::Impl {
  int n = 0, total = 0, readout = 0, d = 0, tokens = 0, prefix_layers = 0;
  bool bos = false, eos = false;
  std::vector<LayerPlan> layers;
  std::vector<Rows> stage;  // rows after the embedding and each prefix layer
  std::vector<Vec> embed;   // [q · tokens + token]
  Mat readout_w;
  Vec readout_b;
  int valid = 0;  // leading positions computed for the word before
  std::vector<int> token_at;
  Vec x, xin, query, out, tmp, acc, hidden, y;
  std::vector<Scalar> scores;

  void Init(const Model& model);
  void ComputePosition(int q);
  void KeepRows(HeadPlan& h, int q, const Vec& row);
  void Run(HeadPlan& h, int q);
  void FixedOutput(const HeadPlan& h, int hi);
  // query · k_j, unreduced (compared by cross-multiplication).
  static Scalar Score(const Vec& query, const HeadPlan& h, int j) {
    const std::int64_t* k = h.keys.at(j);
    std::int64_t s = 0;
    for (int i = 0; i < h.keys.w; ++i)
      s = CheckedAdd(s, CheckedMul(query.num[i], k[i]));
    return Scalar{s, CheckedMul(query.den, h.keys.den[j])};
  }
  void FixQueries(const Model& model);
  bool HeadOutput(const HeadPlan& h, int hi, const Vec& row);
  void ScoredOutput(const HeadPlan& h, int hi);
  void AddHead(const HeadPlan& h) {
    A::MatVec(h.o, out, tmp);
    A::AddInPlace(x, tmp);
  }
  void RunMlp(const LayerPlan& lp);
  void Leaf();
  int MaskEnd(Mask mask, int q) const {
    switch (mask) {
      case Mask::kNone:
        return total;
      case Mask::kCausal:
        return q + 1;
      case Mask::kStrict:
        return q;
      case Mask::kFuture:  // refused by Create
        break;
    }
    return q;
  }
};

void PrefixEngine::Impl::Init(const Model& model) {
  total = model.SequenceLength(n);
  bos = model.bos;
  eos = model.eos;
  d = model.dim();
  tokens = model.num_tokens();
  const bool first = model.readout.position == ReadoutPosition::kFirst ||
                     model.readout.position == ReadoutPosition::kBos;
  readout = total == 0 ? -1 : first ? 0 : total - 1;  // -1: y = b
  for (const Layer& layer : model.layers)
    layers.push_back(MakeLayerPlan(layer, d, total));
  stage.resize(prefix_layers + 1);
  for (Rows& rows : stage) rows.Resize(total, d);
  for (int q = 0; q < total; ++q) {
    for (int t = 0; t < tokens; ++t) {
      Vector row(d);
      for (int f = 0; f < d; ++f) row[f] = model.token_embedding.at(t, f);
      for (const PositionalFeature& pf : model.positional)
        row[pf.feature] += EvaluatePositional(pf.function, q, total);
      embed.push_back(A::MakeVec(row));
    }
  }
  Matrix w(1, d);
  for (int f = 0; f < d; ++f) w.at(0, f) = model.readout.weights[f];
  readout_w = A::MakeMat(w);
  readout_b = A::MakeVec(Vector{model.readout.bias});
  token_at.assign(total, 0);
  if (bos) token_at[0] = model.bos_token();
  if (eos) token_at[total - 1] = model.eos_token();
}

// Keeps position q's value row (and its prefix sum, or its key) for head h,
// from the row the head reads there.
void PrefixEngine::Impl::KeepRows(HeadPlan& h, int q, const Vec& row) {
  A::MatVec(h.v, row, tmp);
  h.values.Set(q, tmp);
  if (h.uniform) {
    if (q > 0) {
      h.sums.Get(q - 1, acc);
      A::AddInPlace(acc, tmp);
      h.sums.Set(q, acc);
    } else {
      h.sums.Set(q, tmp);
    }
  } else {
    A::MatVec(h.k, row, tmp);
    h.keys.Set(q, tmp);
    if (h.fixed) Run(h, q);
  }
}

// Adds position q (its key and value kept) to head h's running argmax.
void PrefixEngine::Impl::Run(HeadPlan& h, int q) {
  const Scalar s = Score(h.fixed_query, h, q);
  RunningMax& now = h.running[q];
  const int c = q == 0 ? 1 : A::Cmp(s, h.running[q - 1].best);
  if (c < 0) {
    now = h.running[q - 1];
    std::copy_n(h.sums.at(q - 1), h.sums.w,
                h.sums.num.begin() + static_cast<long>(q) * h.sums.w);
    h.sums.den[q] = h.sums.den[q - 1];
    return;
  }
  h.values.Get(q, tmp);
  if (c > 0) {
    now = RunningMax{s, 1, q, q};
    h.sums.Set(q, tmp);
    return;
  }
  now = h.running[q - 1];
  ++now.count;
  now.last = q;
  h.sums.Get(q - 1, acc);
  A::AddInPlace(acc, tmp);
  h.sums.Set(q, acc);
}

// Head h at a position whose mask is [0, hi) and whose row is `row`: its
// output in `out`, or false for an empty mask (the zero vector).
bool PrefixEngine::Impl::HeadOutput(const HeadPlan& h, int hi, const Vec& row) {
  if (hi <= 0) return false;
  if (h.fixed) {
    FixedOutput(h, hi);
    return true;
  }
  if (!h.uniform) {
    A::MatVec(h.q, row, query);
    ScoredOutput(h, hi);
    return true;
  }
  switch (h.mode) {
    case AttentionMode::kHardLeft:
      h.values.Get(0, out);
      break;
    case AttentionMode::kHardRight:
      h.values.Get(hi - 1, out);
      break;
    default:  // saturated: the average over the whole mask
      h.sums.Get(hi - 1, out);
      out.den = CheckedMul(out.den, hi);
      A::Normalize(out);
  }
  return true;
}

// The argmax set of query · k_j over j < hi, exactly (scores compared by
// cross-multiplication, in any terms), and what the mode makes of it.
void PrefixEngine::Impl::ScoredOutput(const HeadPlan& h, int hi) {
  scores.resize(hi);
  int best = 0;
  for (int j = 0; j < hi; ++j) {
    scores[j] = Score(query, h, j);
    if (j > 0 && A::Cmp(scores[j], scores[best]) > 0) best = j;
  }
  if (h.mode == AttentionMode::kHardLeft) {
    h.values.Get(best, out);
    return;
  }
  int last = best;
  std::int64_t count = 0;
  A::Zero(acc, h.values.w);
  for (int j = best; j < hi; ++j) {
    if (A::Cmp(scores[j], scores[best]) != 0) continue;
    last = j;
    ++count;
    if (h.mode == AttentionMode::kSaturated) {
      h.values.Get(j, tmp);
      A::AddInPlace(acc, tmp);
    }
  }
  if (h.mode == AttentionMode::kHardRight) {
    h.values.Get(last, out);
    return;
  }
  out = acc;
  out.den = CheckedMul(out.den, count);
  A::Normalize(out);
}

// A fixed-query head over [0, hi): its running argmax at hi − 1.
void PrefixEngine::Impl::FixedOutput(const HeadPlan& h, int hi) {
  const RunningMax& m = h.running[hi - 1];
  switch (h.mode) {
    case AttentionMode::kHardLeft:
      h.values.Get(m.first, out);
      return;
    case AttentionMode::kHardRight:
      h.values.Get(m.last, out);
      return;
    default:
      h.sums.Get(hi - 1, out);
      out.den = CheckedMul(out.den, m.count);
      A::Normalize(out);
  }
}

void PrefixEngine::Impl::RunMlp(const LayerPlan& lp) {
  if (lp.has_mlp) {
    A::MatVec(lp.w1, x, hidden);
    if (lp.has_b1) A::AddInPlace(hidden, lp.b1);
    A::Relu(hidden);
    A::MatVec(lp.w2, hidden, tmp);
    A::AddInPlace(x, tmp);
  }
  if (lp.has_b2) A::AddInPlace(x, lp.b2);
}

// Position q's rows through the prefix layers, and what the suffix layers'
// heads keep of it.
void PrefixEngine::Impl::ComputePosition(int q) {
  x = embed[static_cast<size_t>(q) * tokens + token_at[q]];
  stage[0].Set(q, x);
  for (int l = 0; l < prefix_layers; ++l) {
    xin = x;
    for (HeadPlan& h : layers[l].heads) KeepRows(h, q, xin);
    for (const HeadPlan& h : layers[l].heads) {
      if (HeadOutput(h, MaskEnd(h.mask, q), xin)) AddHead(h);
    }
    RunMlp(layers[l]);
    stage[l + 1].Set(q, x);
  }
  for (size_t l = prefix_layers; l < layers.size(); ++l) {
    for (HeadPlan& h : layers[l].heads) KeepRows(h, q, x);
  }
}

// The suffix layers at the readout position, and y.
void PrefixEngine::Impl::Leaf() {
  if (readout < 0) {
    y = readout_b;
    return;
  }
  stage[prefix_layers].Get(readout, x);
  for (size_t l = prefix_layers; l < layers.size(); ++l) {
    xin = x;
    for (const HeadPlan& h : layers[l].heads) {
      if (HeadOutput(h, MaskEnd(h.mask, readout), xin)) AddHead(h);
    }
    RunMlp(layers[l]);
  }
  A::MatVec(readout_w, x, y);
  A::AddInPlace(y, readout_b);
}

// The suffix heads whose query at the readout position reads only static
// features get it from one run of ExactEngine (any word gives the same).
void PrefixEngine::Impl::FixQueries(const Model& model) {
  if (readout < 0) return;
  const std::vector<std::vector<bool>> statics = StaticFeatures(model);
  std::optional<Trace> trace;
  for (size_t l = prefix_layers; l < layers.size(); ++l) {
    for (size_t i = 0; i < layers[l].heads.size(); ++i) {
      HeadPlan& h = layers[l].heads[i];
      const Head& head = model.layers[l].heads[i];
      if (h.uniform) continue;
      bool fixed = true;
      for (int c : ReadColumns(head.w_q)) fixed = fixed && statics[l][c];
      if (!fixed) continue;
      if (!trace) {
        absl::StatusOr<ExactEngine> engine = ExactEngine::Create(model);
        if (!engine.ok()) return;  // then every head is scored at the readout
        trace.emplace();
        engine->Run(automata::Word(n, 0), &*trace);
      }
      const std::vector<Rational>& row =
          l == 0 ? trace->embedding[readout]
                 : trace->layers[l - 1].residual[readout];
      Vector query(head.w_q.rows);
      for (int r = 0; r < head.w_q.rows; ++r) {
        for (int c = 0; c < head.w_q.cols; ++c)
          query[r] += head.w_q.at(r, c) * row[c];
      }
      h.fixed = true;
      h.fixed_query = A::MakeVec(query);
    }
  }
}

PrefixEngine::PrefixEngine(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
PrefixEngine::~PrefixEngine() = default;

absl::StatusOr<std::unique_ptr<PrefixEngine>> PrefixEngine::Create(
    const Model& model, int n) {
  if (absl::Status s = CheckExactSemantics(model); !s.ok()) return s;
  if (absl::Status s = CheckPrefixMasks(model); !s.ok()) return s;
  auto impl = std::make_unique<Impl>();
  impl->n = n;
  impl->prefix_layers = PrefixLayers(model);
  if (absl::Status s = CheckSuffixReads(model, impl->prefix_layers); !s.ok())
    return s;
  try {
    impl->Init(model);
    impl->FixQueries(model);
  } catch (const ArithOverflow&) {
    return absl::FailedPreconditionError(
        "a weight or an embedding does not fit in int64");
  }
  return std::unique_ptr<PrefixEngine>(new PrefixEngine(std::move(impl)));
}

bool PrefixEngine::Decide(const automata::Word& word, int same, bool* accept,
                          double* abs_y) {
  Impl& m = *impl_;
  const int offset = m.bos ? 1 : 0;
  const int start = std::min(m.valid, offset + same);
  for (int q = std::max(start, offset); q < offset + m.n; ++q)
    m.token_at[q] = word[q - offset];
  try {
    for (int q = start; q < m.total; ++q) m.ComputePosition(q);
    m.Leaf();
  } catch (const ArithOverflow&) {
    m.valid = 0;
    return false;
  }
  m.valid = m.total;
  // Both int64s are exact in long double; one rounding, then one more (as
  // ExactEngine::Accept).
  *abs_y = static_cast<double>(
      std::fabs(static_cast<long double>(m.y.num[0]) / m.y.den));
  *accept = m.y.num[0] > 0;
  return true;
}

Rational PrefixEngine::last_y() const {
  return Rational(impl_->y.num[0], impl_->y.den);
}

int PrefixEngine::length() const { return impl_->n; }

int PrefixEngine::running_heads() const {
  int count = 0;
  for (const LayerPlan& lp : impl_->layers) {
    for (const HeadPlan& h : lp.heads) count += h.fixed;
  }
  return count;
}

}  // namespace satcirc
