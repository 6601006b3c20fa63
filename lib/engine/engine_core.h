// The engine, written once over an arithmetic policy (lib/engine/arith.h). It
// implements docs/semantics.md for saturated and hard heads;
// softmax heads are the float engine's. Internal to lib/: use
// lib/engine/engine.h.
#ifndef SATCIRC_LIB_ENGINE_ENGINE_CORE_H_
#define SATCIRC_LIB_ENGINE_ENGINE_CORE_H_

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "automata/alphabet.h"
#include "lib/engine/arith.h"
#include "lib/engine/residual_stream.h"
#include "lib/engine/trace.h"
#include "lib/model/model.h"

namespace satcirc::internal {

// The fixed:p semantics (docs/semantics.md): every value written to the
// residual stream and every attention average is rounded down to a multiple of
// 2^-frac_bits, and a residual value outside [−2^integer_bits, 2^integer_bits)
// is an error. frac_bits < 0: the exact semantics, no rounding.
struct FixedPointFormat {
  int frac_bits = -1;
  int integer_bits = 0;
  bool enabled() const { return frac_bits >= 0; }
};

// Thrown by a fixed-point EngineCore when a residual value leaves the declared
// range; the engine turns it into a status naming the input.
struct FixedRangeError {
  int layer = 0;  // 0: the embedding; layers count from 1
  int position = 0;
  int feature = 0;
  const char* stage = "";  // "embedding", "attention" or "mlp"
  Rational value;
};

struct RadixScratch {
  struct Rec {
    std::uint64_t key;
    std::int64_t q;
  };
  std::vector<Rec> a, b;
  std::vector<std::uint64_t> packed, packed_b;
  std::vector<std::uint32_t> count;
};

// One stable counting pass per 11-bit digit of key(r) >> shift, from `shift`
// up to the highest bit `bits`, skipping digits on which every record agrees.
template <typename R, typename Key>
void RadixPasses(std::vector<R>& a, std::vector<R>& b, int shift, int bits,
                 Key key, std::vector<std::uint32_t>& count) {
  constexpr int kBits = 11;
  constexpr std::uint64_t kMask = (std::uint64_t{1} << kBits) - 1;
  const size_t n = a.size();
  b.resize(n);
  for (; shift < bits; shift += kBits) {
    count.assign(kMask + 2, 0);
    for (size_t k = 0; k < n; ++k) ++count[((key(a[k]) >> shift) & kMask) + 1];
    if (count[((key(a[0]) >> shift) & kMask) + 1] == n) continue;
    for (size_t d = 1; d < count.size(); ++d) count[d] += count[d - 1];
    for (size_t k = 0; k < n; ++k)
      b[count[(key(a[k]) >> shift) & kMask]++] = a[k];
    a.swap(b);
  }
}

// Sorts idx = 0 … n − 1 by key_of (stable: least significant digit first).
// Keys are taken relative to the least; when the range and the position fit
// in 64 bits together (slopes within 2^43 of each other, 2^21 positions) a
// record is one word, else a key and a position.
template <typename KeyOf>
void RadixSortIndices(KeyOf key_of, std::vector<int>& idx, RadixScratch& s) {
  const size_t n = idx.size();
  if (n < 2) return;
  std::uint64_t least = ~std::uint64_t{0}, most = 0;
  for (size_t k = 0; k < n; ++k) {
    const std::uint64_t key = key_of(static_cast<int>(k));
    least = std::min(least, key);
    most = std::max(most, key);
  }
  const int key_bits = std::bit_width(most - least);
  const int idx_bits = std::bit_width(n - 1);
  if (key_bits + idx_bits <= 64) {
    s.packed.resize(n);
    for (size_t k = 0; k < n; ++k) {
      s.packed[k] = ((key_of(static_cast<int>(k)) - least) << idx_bits) | k;
    }
    RadixPasses(
        s.packed, s.packed_b, idx_bits, idx_bits + key_bits,
        [](std::uint64_t r) { return r; }, s.count);
    const std::uint64_t mask = (std::uint64_t{1} << idx_bits) - 1;
    for (size_t k = 0; k < n; ++k)
      idx[k] = static_cast<int>(s.packed[k] & mask);
    return;
  }
  s.a.resize(n);
  for (size_t k = 0; k < n; ++k)
    s.a[k] = {key_of(static_cast<int>(k)) - least,
              static_cast<std::int64_t>(k)};
  RadixPasses(
      s.a, s.b, 0, key_bits, [](const RadixScratch::Rec& r) { return r.key; },
      s.count);
  for (size_t k = 0; k < n; ++k) idx[k] = static_cast<int>(s.a[k].q);
}

template <typename Arith>
class EngineCore {
 public:
  using ArithType = Arith;
  using Vec = typename Arith::Vec;
  using Mat = typename Arith::Mat;
  using Block = typename Arith::Block;
  using Ops = StreamOps<Arith>;

  // Converts the weights; SmallExactArith throws ArithOverflow when one does
  // not fit. fast_attention = false computes every score (for testing the fast
  // paths).
  explicit EngineCore(const Model& model, bool fast_attention = true,
                      FixedPointFormat fixed = {})
      : model_(&model),
        d_(model.dim()),
        fast_attention_(fast_attention),
        fixed_(fixed) {
    for (int t = 0; t < model.num_tokens(); ++t) {
      Vector row(
          model.token_embedding.data.begin() + static_cast<long>(t) * d_,
          model.token_embedding.data.begin() + static_cast<long>(t + 1) * d_);
      token_rows_.push_back(Arith::MakeVec(row));
    }
    for (const Layer& layer : model.layers) layers_.push_back(MakeLayer(layer));
    FindLifetimes(model);
    Matrix w(1, d_);
    for (int f = 0; f < d_; ++f) w.at(0, f) = model.readout.weights[f];
    readout_w_ = Arith::MakeMat(w);
    readout_b_ = Arith::MakeVec(Vector{model.readout.bias});
    one_ = Arith::MakeVec(Vector{Rational(1)});
  }

  // Runs one input; returns the readout y as a 1-vector. `trace` may be null.
  // The word's symbols must be in the model's alphabet (the caller checks).
  const Vec& Run(const automata::Word& word, Trace* trace) {
    const int total = model_->SequenceLength(static_cast<int>(word.size()));
    const int r = ReadoutIndex(total);
    // Long inputs: columns are made when first used and released after their
    // last use, unless every value is needed (a trace shows them all, fixed:p
    // checks them all).
    constexpr int kRecycleFrom = 1 << 12;  // positions
    const bool recycle =
        trace == nullptr && !fixed_.enabled() && total >= kRecycleFrom;
    for (size_t f = 0; f < live_.size(); ++f)
      live_[f] = !recycle || first_use_[f] == 0;
    Embed(word, total);
    if (trace != nullptr) StartTrace(word, total, trace);
    for (size_t l = 0; l < layers_.size(); ++l) {
      if (recycle) Recycle(static_cast<int>(l) + 1);
      LayerTrace* layer_trace = nullptr;
      if (trace != nullptr) {
        trace->layers.emplace_back();
        layer_trace = &trace->layers.back();
      }
      layer_ = static_cast<int>(l) + 1;
      const bool last = l + 1 == layers_.size();
      if (last && trace == nullptr && r >= 0) {
        RunLayer(layers_[l], total, nullptr, r, r + 1);
      } else {
        RunLayer(layers_[l], total, layer_trace, 0, total);
      }
      if (layer_trace != nullptr) layer_trace->residual = Snapshot(total);
    }
    if (recycle) Recycle(static_cast<int>(layers_.size()) + 1);  // readout
    if (r >= 0) {
      Ops::MatVecAt(readout_w_, x_, r, y_);
      Arith::AddInPlace(y_, readout_b_);
    } else {
      y_ = readout_b_;
    }
    if (trace != nullptr) {
      trace->readout_position = r;
      if constexpr (Arith::kExact) {
        trace->readout_value = Arith::ToRational(y_, 0);
        trace->accept = trace->readout_value.Sign() > 0;
      }
    }
    return y_;
  }

 private:
  struct HeadWeights {
    Mat w_q, w_k, w_v, w_o;
    Mat w_ov;                  // W_O W_V
    bool ov_disjoint = false;  // W_O writes no feature W_V reads
    bool uniform = false;
    AttentionMode mode = AttentionMode::kSaturated;
    Mask mask = Mask::kNone;
  };
  struct LayerWeights {
    std::vector<HeadWeights> heads;
    bool has_mlp = false, has_b1 = false, has_b2 = false;
    Mat w1, w2;
    Vec b1;
    Mat b2;  // a d x 1 matrix: x += b2 · (1) touches its nonzero rows only
    // The MLP may run a chunk of positions at a time (RunMlp).
    bool mlp_chunked = true;
  };
  // What one head of the layer running attended, per position: the average
  // (or the hard head's row) it read, before W_O. Kept until every head has
  // read the residual stream as it was before the layer.
  // How a head's output reaches the stream: means added after the layer's
  // heads have run, or added as it runs (the layer's last head, when hard):
  // W_O times the value row it reads, or W_O W_V x_q from the stream itself.
  enum class Output { kMeans, kValueRows, kStream };
  struct HeadOutput {
    Block means;
    bool shared = false;  // one mean for every position (shared_mean)
    Vec shared_mean;
    Output via = Output::kMeans;
  };

  static LayerWeights MakeLayer(const Layer& layer) {
    LayerWeights lw;
    for (const Head& head : layer.heads) {
      HeadWeights hw;
      hw.w_q = Arith::MakeMat(head.w_q);
      hw.w_k = Arith::MakeMat(head.w_k);
      hw.w_v = Arith::MakeMat(head.w_v);
      hw.w_o = Arith::MakeMat(head.w_o);
      hw.w_ov = Arith::MakeMat(MatrixProduct(head.w_o, head.w_v));
      hw.ov_disjoint = true;
      for (int f = 0; f < head.w_o.rows; ++f) {
        for (int j = 0; j < head.w_o.cols; ++j) {
          if (head.w_o.at(f, j).IsZero()) continue;
          for (int i = 0; i < head.w_v.rows; ++i) {
            if (!head.w_v.at(i, f).IsZero()) hw.ov_disjoint = false;
          }
        }
      }
      // A zero query or key map makes every score 0: the argmax set is the
      // whole mask, so no score needs computing (the uniform head of Merrill
      // et al.).
      hw.uniform = head.w_q.IsZero() || head.w_k.IsZero();
      hw.mode = head.mode;
      hw.mask = head.mask;
      lw.heads.push_back(std::move(hw));
    }
    lw.has_mlp = layer.mlp.hidden() > 0;
    if (lw.has_mlp) {
      lw.w1 = Arith::MakeMat(layer.mlp.w1);
      lw.b1 = Arith::MakeVec(layer.mlp.b1);
      for (const Rational& b : layer.mlp.b1)
        lw.has_b1 = lw.has_b1 || !b.IsZero();
      lw.w2 = Arith::MakeMat(layer.mlp.w2);
      lw.mlp_chunked = MlpChunkable(layer.mlp);
    }
    lw.has_b2 = !layer.mlp.b2.empty();
    if (lw.has_b2) {
      Matrix b2(static_cast<int>(layer.mlp.b2.size()), 1);
      for (size_t f = 0; f < layer.mlp.b2.size(); ++f)
        b2.at(static_cast<int>(f), 0) = layer.mlp.b2[f];
      lw.b2 = Arith::MakeMat(b2);
    }
    return lw;
  }

  // Per feature, the first and the last stage that reads or writes it: 0 the
  // embedding, l the layer l, L + 1 the readout; -1 for none.
  void FindLifetimes(const Model& model) {
    first_use_.assign(d_, -1);
    last_use_.assign(d_, -1);
    live_.assign(d_, 0);
    auto use = [&](int f, int stage) {
      if (first_use_[f] < 0) first_use_[f] = stage;
      last_use_[f] = stage;
    };
    auto use_columns = [&](const Matrix& m, int stage) {
      for (int i = 0; i < m.rows; ++i) {
        for (int f = 0; f < m.cols; ++f) {
          if (!m.at(i, f).IsZero()) use(f, stage);
        }
      }
    };
    auto use_rows = [&](const Matrix& m, int stage) {
      for (int f = 0; f < m.rows; ++f) {
        for (int j = 0; j < m.cols; ++j) {
          if (!m.at(f, j).IsZero()) use(f, stage);
        }
      }
    };
    use_columns(model.token_embedding, 0);
    for (const PositionalFeature& pf : model.positional) use(pf.feature, 0);
    for (size_t l = 0; l < model.layers.size(); ++l) {
      const Layer& layer = model.layers[l];
      const int stage = static_cast<int>(l) + 1;
      for (const Head& head : layer.heads) {
        use_columns(head.w_q, stage);
        use_columns(head.w_k, stage);
        use_columns(head.w_v, stage);
        use_rows(head.w_o, stage);
      }
      use_columns(layer.mlp.w1, stage);
      use_rows(layer.mlp.w2, stage);
      for (size_t f = 0; f < layer.mlp.b2.size(); ++f) {
        if (!layer.mlp.b2[f].IsZero()) use(static_cast<int>(f), stage);
      }
    }
    const int readout = static_cast<int>(model.layers.size()) + 1;
    for (int f = 0; f < d_; ++f) {
      if (!model.readout.weights[f].IsZero()) use(f, readout);
    }
  }
  // Before layer l: columns last used before it are released, those first
  // used in it made (zero).
  void Recycle(int l) {
    for (int f = 0; f < d_; ++f) {
      if (live_[f] && last_use_[f] < l) {
        Ops::Release(x_, f);
        live_[f] = 0;
      }
    }
    for (int f = 0; f < d_; ++f) {
      if (first_use_[f] == l) {
        Ops::Materialize(x_, f);
        live_[f] = 1;
      }
    }
  }

  // A chunk's writes fix the denominators of the columns they write, and the
  // next chunk reads those columns with them: when W2 writes a feature W1
  // reads, fractional weights would multiply that denominator by the weights'
  // at every chunk. Then the layer runs in one chunk.
  static bool MlpChunkable(const Mlp& mlp) {
    bool integer = true;
    for (const Rational& w : mlp.w1.data) integer = integer && w.IsInteger();
    for (const Rational& w : mlp.w2.data) integer = integer && w.IsInteger();
    if (integer) return true;
    for (int f = 0; f < mlp.w2.rows; ++f) {
      bool written = false;
      for (int j = 0; j < mlp.w2.cols; ++j)
        written = written || !mlp.w2.at(f, j).IsZero();
      for (int i = 0; written && i < mlp.w1.rows; ++i) {
        if (!mlp.w1.at(i, f).IsZero()) return false;
      }
    }
    return true;
  }

  // The readout position of a sequence of `total` positions; -1 when empty.
  int ReadoutIndex(int total) const {
    if (total == 0) return -1;
    switch (model_->readout.position) {
      case ReadoutPosition::kFirst:
      case ReadoutPosition::kBos:
        return 0;
      case ReadoutPosition::kLast:
      case ReadoutPosition::kEos:
        return total - 1;
    }
    return -1;
  }

  // x_p = E[token_p] + positional(p, N), then in fixed:p rounded and checked.
  void Embed(const automata::Word& word, int total) {
    const Model& model = *model_;
    tokens_.resize(total);
    for (int q = 0; q < total; ++q) {
      if (model.bos && q == 0) {
        tokens_[q] = model.bos_token();
      } else if (model.eos && q == total - 1) {
        tokens_[q] = model.eos_token();
      } else {
        tokens_[q] = word[q - (model.bos ? 1 : 0)];
      }
    }
    Ops::Embed(x_, token_rows_, tokens_, model.positional, live_);
    if (fixed_.enabled()) RoundRange(0, total, 0, "embedding");
  }
  // fixed:p: x_p ← ⌊x_p⌋ (rounded to the grid) at positions [lo, hi), and
  // each must lie in the declared range; the first that does not (by position,
  // then feature) is the error.
  void RoundRange(int lo, int hi, int layer, const char* stage) {
    Ops::Round(x_, lo, hi, fixed_.frac_bits);
    const auto [p, f] = Ops::FirstOutOfRange(x_, lo, hi, fixed_.integer_bits);
    if (p < 0) return;
    FixedRangeError e{layer, p, f, stage, Rational(0)};
    if constexpr (Arith::kExact) e.value = Ops::ToRational(x_, p, f);
    throw e;
  }

  // Runs one layer, producing its output at positions [p_begin, p_end) only
  // (the last layer is needed at the readout position alone).
  void RunLayer(const LayerWeights& lw, int total, LayerTrace* layer_trace,
                int p_begin, int p_end) {
    // Every head reads the residual stream as it was before the layer; their
    // outputs are added after the last one has read it.
    if (outs_.size() < lw.heads.size()) outs_.resize(lw.heads.size());
    for (size_t h = 0; h < lw.heads.size(); ++h) {
      HeadTrace* head_trace = nullptr;
      if (layer_trace != nullptr) {
        layer_trace->heads.emplace_back();
        head_trace = &layer_trace->heads.back();
        head_trace->attended.resize(total);
      }
      out_now_ = &outs_[h];
      last_head_ = h + 1 == lw.heads.size();
      RunHead(lw.heads[h], total, head_trace, p_begin, p_end);
    }
    if (!lw.heads.empty()) {
      for (size_t h = 0; h < lw.heads.size(); ++h) {
        const HeadOutput& o = outs_[h];
        if (o.via != Output::kMeans) continue;
        if (o.shared) {
          Ops::AddMatVecShared(lw.heads[h].w_o, o.shared_mean, p_begin, p_end,
                               x_);
        } else {
          Ops::AddMatVecRows(lw.heads[h].w_o, o.means, p_begin, p_end, x_);
        }
      }
      if (fixed_.enabled()) RoundRange(p_begin, p_end, layer_, "attention");
    }
    if (lw.has_mlp || lw.has_b2) RunMlp(lw, p_begin, p_end);
  }
  // x_p += W2 ReLU(W1 x_p + b1) + b2 at positions [lo, hi). Positions are
  // independent here: the hidden units are computed a chunk at a time, which
  // stays in cache.
  void RunMlp(const LayerWeights& lw, int lo, int hi) {
    const int kChunk = lw.mlp_chunked ? 1024 : std::max(1, hi - lo);
    for (int c0 = lo; c0 < hi; c0 += kChunk) {
      const int c1 = std::min(hi, c0 + kChunk);
      if (lw.has_mlp) {
        Ops::HiddenRows(lw.w1, lw.has_b1 ? &lw.b1 : nullptr, x_, c0, c1,
                        hidden_);
        Ops::AddMatVecRows(lw.w2, hidden_, c0, c1, x_, /*first=*/c0);
      }
      if (lw.has_b2) Ops::AddMatVecShared(lw.b2, one_, c0, c1, x_);
    }
    if (fixed_.enabled()) RoundRange(lo, hi, layer_, "mlp");
  }

  // The positions of one argmax set, summarized: what every mode needs from it.
  struct SetStats {
    typename Arith::Scalar best{};
    std::int64_t count = 0;
    int first = -1, last = -1;
    Vec sum;  // saturated heads only
  };
  // Adds position q with score t to the running max (sign = +1) or min (-1)
  // set.
  void Offer(SetStats& st, const typename Arith::Scalar& t, int q, int sign,
             bool saturated, int dv) {
    const int c = st.count == 0 ? 1 : sign * Arith::Cmp(t, st.best);
    if (c < 0) return;
    if (c > 0) {
      st.best = t;
      st.count = 0;
      st.first = q;
      if (saturated) Arith::ZeroAcc(st.sum, dv);
    }
    ++st.count;
    st.last = q;
    if (saturated) Arith::Accumulate(values_, q, st.sum);
  }
  void EmitStats(const HeadWeights& hw, const SetStats& st, int p) {
    EmitSet(hw, st.first, st.last, st.count, st.sum, p);
  }
  // The head at p attends a set of `count` positions from first to last whose
  // value rows add up to sum (saturated heads only).
  void EmitSet(const HeadWeights& hw, int first, int last, std::int64_t count,
               const Vec& sum, int p) {
    if (hw.mode == AttentionMode::kHardLeft) {
      EmitRow(first, p);
    } else if (hw.mode == AttentionMode::kHardRight) {
      EmitRow(last, p);
    } else {
      Arith::MeanFromSum(sum, count, mean_);
      StoreMean(p);
    }
  }
  // A hard head at p reads the value row of position q.
  void EmitRow(int q, int p) {
    if (out_now_->via == Output::kStream) {
      Ops::AddFromStream(*w_now_, q, p, x_);
    } else if (out_now_->via == Output::kValueRows) {
      Ops::AddRow(*w_now_, values_, q, p, x_);
    } else if (fixed_.enabled()) {
      Arith::RowOf(values_, q, mean_);
      StoreMean(p);
    } else {
      Arith::CopyRow(values_, q, out_now_->means, p);
    }
  }
  // The head's output at p is mean_ (rounded in fixed:p); W_O is applied when
  // every head of the layer has run.
  void StoreMean(int p) {
    if (fixed_.enabled()) Arith::RoundDown(mean_, fixed_.frac_bits);
    Arith::SetRow(out_now_->means, p, mean_);
  }
  void EmitRange(const HeadWeights& hw, int lo, int hi, int p) {
    if (hw.mode == AttentionMode::kHardLeft) {
      EmitRow(lo, p);
    } else if (hw.mode == AttentionMode::kHardRight) {
      EmitRow(hi - 1, p);
    } else {
      Arith::MeanOfRange(values_, lo, hi, mean_);
      StoreMean(p);
    }
  }
  // An empty mask: the head reads the zero vector.
  void EmitEmpty(int dv, int p) {
    if (out_now_->via != Output::kMeans) return;  // adds nothing
    Arith::Zero(mean_, dv);
    StoreMean(p);
  }

  // Which coordinates of the rows vary across positions (exactly).
  template <typename CoordOf>
  static const std::vector<int>& VaryingCoords(int dim, int count,
                                               CoordOf coord,
                                               std::vector<int>& out) {
    out.clear();
    for (int i = 0; i < dim; ++i) {
      for (int q = 1; q < count; ++q) {
        if (Arith::Cmp(coord(q, i), coord(0, i)) != 0) {
          out.push_back(i);
          break;
        }
      }
    }
    return out;
  }

  // One head at the positions in [p_begin, p_end). Scores are avoided or
  // computed in O(N) or O(N log N) where their form allows it, exactly
  // (docs/run.md):
  //  - zero query or key map, or all keys equal: every position ties;
  //  - all queries equal: one score per key, running argmax over the mask's
  //    prefix;
  //  - keys varying in one coordinate j: the sign of q_p[j] picks the running
  //    max or min of k_q[j];
  //  - queries varying in one coordinate, mask none: lines u_q + s·v_q, whose
  //    upper envelope answers each query s = q_p[i];
  // and otherwise every score (O(N²)), as with a trace.
  void RunHead(const HeadWeights& hw, int total, HeadTrace* head_trace,
               int p_begin, int p_end) {
    const int dv = RowsOf(hw.w_v);
    const bool saturated = hw.mode == AttentionMode::kSaturated;
    PlanOutput(hw, total, dv);
    if (hw.uniform) {
      UniformHead(hw, total, head_trace, p_begin, p_end, dv);
      return;
    }
    Ops::MatVecRows(hw.w_k, x_, 0, total, keys_, /*reduce=*/false);
    const int dk = RowsOf(hw.w_k);
    // Queries in lowest terms: smaller numbers in every score.
    Ops::MatVecRows(hw.w_q, x_, p_begin, p_end, queries_, /*reduce=*/true);
    if (head_trace == nullptr && fast_attention_ && total > 0) {
      if (FastHead(hw, total, p_begin, p_end, dk, dv, saturated)) return;
    }
    AllScoresHead(hw, total, head_trace, p_begin, p_end, dv);
  }

  // The values and how the head's output reaches the stream. The layer's last
  // head has nothing left to wait for: every head has read the stream. A hard
  // one adds what it picks as it runs — W_O W_V x_q straight from the stream
  // when W_O writes none of the features W_V reads (then no value rows are
  // made), else W_O times the value row — when the denominators involved are
  // shared, so that the columns' factors can be fixed before.
  void PlanOutput(const HeadWeights& hw, int total, int dv) {
    const bool saturated = hw.mode == AttentionMode::kSaturated;
    HeadOutput& out = *out_now_;
    out.shared = false;
    out.via = Output::kMeans;
    const bool direct = last_head_ && !saturated && !fixed_.enabled() &&
                        total > 0 && !(hw.uniform && hw.mask == Mask::kNone);
    if (direct && hw.ov_disjoint && Ops::PrepareAddFromStream(hw.w_ov, x_)) {
      out.via = Output::kStream;
      w_now_ = &hw.w_ov;
      return;
    }
    Ops::MatVecRows(hw.w_v, x_, 0, total, values_, /*reduce=*/true);
    if (saturated) Arith::MakePrefix(values_);
    if (direct && Ops::RowsShareDen(values_)) {
      out.via = Output::kValueRows;
      w_now_ = &hw.w_o;
      Ops::PrepareAddRows(hw.w_o, Ops::RowDen(values_), x_);
    } else {
      Arith::ResizeRows(out.means, total, dv);
    }
  }

  // Every score tied: the argmax set is the whole mask. With mask none every
  // position attends the same set, so one output serves all.
  void UniformHead(const HeadWeights& hw, int total, HeadTrace* head_trace,
                   int p_begin, int p_end, int dv) {
    for (int p = p_begin; p < p_end && head_trace != nullptr; ++p) {
      const KeyRange r = MaskRange(hw.mask, p, total);
      std::vector<int>& attended = head_trace->attended[p];
      if (r.empty()) continue;
      // A hard head reads one end of the tie; a saturated one all of it.
      if (hw.mode == AttentionMode::kHardLeft) {
        attended = {r.begin};
      } else if (hw.mode == AttentionMode::kHardRight) {
        attended = {r.end - 1};
      } else {
        for (int q = r.begin; q < r.end; ++q) attended.push_back(q);
      }
    }
    if (hw.mask == Mask::kNone && total > 0) {
      EmitRange(hw, 0, total, p_begin);  // the same mean at every position
      Arith::RowOf(out_now_->means, p_begin, out_now_->shared_mean);
      out_now_->shared = true;
      return;
    }
    for (int p = p_begin; p < p_end; ++p) EmitMask(hw, total, dv, p);
  }
  // The whole mask of p, every score tied.
  void EmitMask(const HeadWeights& hw, int total, int dv, int p) {
    const KeyRange r = MaskRange(hw.mask, p, total);
    if (r.empty()) {
      EmitEmpty(dv, p);
    } else {
      EmitRange(hw, r.begin, r.end, p);
    }
  }

  // Every score of every position: the reference, and the trace's path.
  void AllScoresHead(const HeadWeights& hw, int total, HeadTrace* head_trace,
                     int p_begin, int p_end, int dv) {
    for (int p = p_begin; p < p_end; ++p) {
      const KeyRange r = MaskRange(hw.mask, p, total);
      if (r.empty()) {  // empty mask: the zero vector
        EmitEmpty(dv, p);
        continue;
      }
      Arith::RowOf(queries_, p, query_);
      Arith::Reduce(query_);  // smaller numbers in every score
      Arith::ArgmaxRow(query_, keys_, r.begin, r.end, argmax_);
      int pick = -1;
      if (hw.mode == AttentionMode::kHardLeft) pick = argmax_.front();
      if (hw.mode == AttentionMode::kHardRight) pick = argmax_.back();
      if (pick >= 0) {
        EmitRow(pick, p);
      } else {
        if (static_cast<int>(argmax_.size()) == r.size()) {
          Arith::MeanOfRange(values_, r.begin, r.end, mean_);
        } else {
          Arith::MeanOf(values_, argmax_, mean_);
        }
        StoreMean(p);
      }
      if (head_trace != nullptr) {
        if (pick >= 0) {
          head_trace->attended[p] = {pick};
        } else {
          head_trace->attended[p] = argmax_;
        }
      }
    }
  }

  // The fast paths; false when none applies.
  bool FastHead(const HeadWeights& hw, int total, int p_begin, int p_end,
                int dk, int dv, bool saturated) {
    const std::vector<int>& varying_keys = VaryingCoords(
        dk, total, [&](int q, int i) { return Arith::KeyCoord(keys_, q, i); },
        varying_keys_);
    if (varying_keys.empty()) {  // all keys equal: every score ties
      for (int p = p_begin; p < p_end; ++p) EmitMask(hw, total, dv, p);
      return true;
    }
    // The running sets below grow with a prefix mask.
    if (!IsPrefixMask(hw.mask)) return false;
    const std::vector<int>& varying_queries = VaryingCoords(
        dk, p_end - p_begin,
        [&](int q, int i) { return Arith::KeyCoord(queries_, p_begin + q, i); },
        varying_queries_);
    // Scalars t_q with score(p, q) = sign_p · t_q + const_p: the score
    // itself (all queries equal), or the key's one varying coordinate.
    int coord = -1;
    if (varying_queries.empty()) {
      Arith::RowOf(queries_, p_begin, query_);
      Arith::Reduce(query_);
    } else if (varying_keys.size() == 1) {
      coord = varying_keys[0];
    } else if (varying_queries.size() == 1 && hw.mask == Mask::kNone) {
      EnvelopeHead(hw, total, p_begin, p_end, varying_queries[0], saturated,
                   dv);
      return true;
    } else {
      return false;
    }
    ScalarHead(hw, total, p_begin, p_end, coord, saturated, dv);
    return true;
  }

  // Scores sign_p · t_q + const_p (t_q = query_ · k_q when coord < 0, else
  // k_q[coord]; sign_p = +1 when coord < 0, else the sign of q_p[coord]):
  // running max and min sets over the mask's prefix.
  void ScalarHead(const HeadWeights& hw, int total, int p_begin, int p_end,
                  int coord, bool saturated, int dv) {
    auto sign_of = [&](int p) {
      return coord < 0 ? 1 : Arith::Sign(Arith::KeyCoord(queries_, p, coord));
    };
    SetStats max_set, min_set;
    int fed = 0;  // positions [0, fed) offered to the running sets
    auto feed_to = [&](int hi) {
      for (; fed < hi; ++fed) {
        const typename Arith::Scalar t =
            coord < 0 ? Arith::KeyDotUnreduced(query_, keys_, fed)
                      : Arith::KeyCoord(keys_, fed, coord);
        Offer(max_set, t, fed, +1, saturated, dv);
        if (coord >= 0) Offer(min_set, t, fed, -1, saturated, dv);
      }
    };
    for (int p = p_begin; p < p_end; ++p) {
      const int hi = MaskRange(hw.mask, p, total).end;
      if (hi <= 0) {
        EmitEmpty(dv, p);
        continue;
      }
      const int sign = sign_of(p);
      if (sign == 0) {
        EmitRange(hw, 0, hi, p);
        continue;
      }
      feed_to(hi);
      const SetStats& st = sign > 0 ? max_set : min_set;
      if (st.count == hi) {
        EmitRange(hw, 0, hi, p);  // prefix sums: the set is the whole range
      } else {
        EmitStats(hw, st, p);
      }
    }
  }

  // Queries q_p = b + s_p·e_i (mask none): score(p, q) = u_q + s_p·v_q with
  // u_q = b·k_q and v_q = k_q[i]. Identical lines are merged (their positions
  // summarized), and an upper envelope that keeps every line attaining the
  // maximum somewhere — even at a single point, where ties happen — answers
  // each s_p by binary search.
  void EnvelopeHead(const HeadWeights& hw, int total, int p_begin, int p_end,
                    int i, bool saturated, int dv) {
    Arith::RowOf(queries_, p_begin, base_);
    Arith::SetCoordZero(base_, i);
    Arith::Reduce(base_);
    typename Arith::LineScale scale;
    Arith::MakeLineCoefs(base_, keys_, i, total, coef_u_, coef_v_, scale);
    BuildEnvelope(total, saturated, dv);
    const auto& u = coef_u_;
    const auto& v = coef_v_;
    // Breakpoints: line m is at least line m + 1 exactly for s <= x_m, equal at
    // x_m (slopes increase along the envelope). Computed when compared.
    const size_t breaks = lines_.empty() ? 0 : lines_.size() - 1;
    auto cmp_break = [&](size_t m, const typename Arith::Scalar& s) {
      const int a = lines_[m].q, b = lines_[m + 1].q;
      return Arith::CmpBreakQuery(
          Arith::MakeBreak(u[a], v[a], u[b], v[b], scale), s, scale);
    };
    size_t m = 0;
    for (int p = p_begin; p < p_end; ++p) {
      const typename Arith::Scalar s = Arith::KeyCoord(queries_, p, i);
      // The first line that is at least its successor at s: the leftmost
      // maximum. Queries often grow with p (s = p/N): then a sweep from the
      // previous answer finds it, else a binary search.
      if (p > p_begin &&
          Arith::Cmp(s, Arith::KeyCoord(queries_, p - 1, i)) >= 0) {
        while (m < breaks && cmp_break(m, s) < 0) ++m;
      } else {
        size_t lo = 0, hi = breaks;
        while (lo < hi) {
          const size_t mid = lo + (hi - lo) / 2;
          if (cmp_break(mid, s) < 0) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        m = lo;
      }
      const Line* line = &lines_[m];
      const Vec* sum = saturated ? &line_sums_[m] : &mean_;  // mean_: unused
      if (m < breaks && cmp_break(m, s) == 0) {
        tied_ = *line;  // lines m + 1, ... meet line m at s: their sets join
        if (saturated) tied_sum_ = *sum;
        for (size_t j = m; j < breaks && cmp_break(j, s) == 0; ++j) {
          const Line& o = lines_[j + 1];
          tied_.count += o.count;
          tied_.first = std::min(tied_.first, o.first);
          tied_.last = std::max(tied_.last, o.last);
          if (saturated) AddSums(tied_sum_, line_sums_[j + 1]);
        }
        line = &tied_;
        sum = &tied_sum_;
      }
      if (line->count == total) {
        EmitRange(hw, 0, total, p);
      } else {
        EmitSet(hw, line->first, line->last, line->count, *sum, p);
      }
    }
  }
  // lines_: the upper envelope of the lines (coef_u_[q], coef_v_[q]), by
  // increasing slope, each with the positions on it summarized. Of the lines
  // of one slope only the highest can win; its positions (equal lines) are
  // merged.
  void BuildEnvelope(int total, bool saturated, int dv) {
    const auto& u = coef_u_;
    const auto& v = coef_v_;
    SortBySlope(total);
    lines_.clear();
    line_sums_.clear();
    for (int g = 0; g < total;) {
      int end = g + 1;  // [g, end): one slope
      typename Arith::Coef top = u[order_[g]];
      for (; end < total && Arith::CmpCoef(v[order_[end]], v[order_[g]]) == 0;
           ++end) {
        if (Arith::CmpCoef(u[order_[end]], top) > 0) top = u[order_[end]];
      }
      Line line;
      if (saturated) Arith::ZeroAcc(sum_, dv);
      for (int k = g; k < end; ++k) {  // positions ascending
        const int q = order_[k];
        if (Arith::CmpCoef(u[q], top) != 0) continue;
        if (line.q < 0) line.q = line.first = q;
        line.last = q;
        ++line.count;
        if (saturated) Arith::Accumulate(values_, q, sum_);
      }
      g = end;
      // Pop lines strictly below the envelope of their neighbours; keep those
      // that touch it at a single point (ties happen there).
      const int c = line.q;
      while (lines_.size() >= 2) {
        const int a = lines_[lines_.size() - 2].q, b = lines_.back().q;
        if (Arith::HullSign(u[a], v[a], u[b], v[b], u[c], v[c]) >= 0) break;
        lines_.pop_back();
        if (saturated) line_sums_.pop_back();
      }
      lines_.push_back(line);
      if (saturated) line_sums_.push_back(sum_);
    }
  }
  // order_: the positions by increasing slope coef_v_, ascending within one.
  // Slopes that fit in int64 (over a shared denominator they are key
  // numerators) are radix-sorted: O(N) instead of O(N log N) comparisons of
  // 128-bit numbers through an index.
  void SortBySlope(int total) {
    order_.resize(total);
    for (int q = 0; q < total; ++q) order_[q] = q;
    const auto& v = coef_v_;
    if constexpr (std::is_same_v<typename Arith::Coef, __int128>) {
      bool fits = true;
      for (int q = 0; q < total && fits; ++q)
        fits = v[q] >= INT64_MIN && v[q] <= INT64_MAX;
      if (fits) {
        RadixSortIndices(
            [&](int q) {  // order-preserving as unsigned
              return static_cast<std::uint64_t>(
                         static_cast<std::int64_t>(v[q])) ^
                     (std::uint64_t{1} << 63);
            },
            order_, radix_scratch_);
        return;
      }
    }
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
      return Arith::CmpCoef(v[a], v[b]) < 0;
    });
  }
  static void AddSums(Vec& a, const Vec& b) { Arith::AddInPlace(a, b); }

  static int RowsOf(const Mat& m) {
    if constexpr (requires { m.m.rows; }) {
      return m.m.rows;
    } else {
      return m.rows;
    }
  }

  void StartTrace(const automata::Word& word, int total, Trace* trace) {
    const Model& model = *model_;
    *trace = Trace{};
    if (model.bos) trace->tokens.push_back(std::string(kBosToken));
    for (automata::Symbol s : word)
      trace->tokens.push_back(std::string(1, model.alphabet.symbol(s)));
    if (model.eos) trace->tokens.push_back(std::string(kEosToken));
    trace->embedding = Snapshot(total);
  }

  std::vector<std::vector<Rational>> Snapshot(int total) const {
    std::vector<std::vector<Rational>> out(total);
    if constexpr (Arith::kExact) {
      for (int p = 0; p < total; ++p) {
        for (int f = 0; f < d_; ++f)
          out[p].push_back(Ops::ToRational(x_, p, f));
      }
    }
    return out;
  }

  // One line of an envelope and the positions on it (their value rows' sum
  // in line_sums_, saturated heads only).
  struct Line {
    int q = -1;  // a representative position (its coefficients are u[q], v[q])
    int first = -1, last = -1;
    std::int64_t count = 0;
  };

  const Model* model_;
  int d_;
  bool fast_attention_;
  FixedPointFormat fixed_;
  int layer_ = 0;  // the layer running (from 1), for range errors
  std::vector<Vec> token_rows_;
  std::vector<LayerWeights> layers_;
  Mat readout_w_;
  Vec readout_b_, one_;
  // Workspace, reused across runs.
  typename Ops::Stream x_;                 // the residual stream
  std::vector<int> first_use_, last_use_;  // per feature (FindLifetimes)
  std::vector<char> live_;                 // the columns of x_ that exist
  std::vector<int> tokens_;
  std::vector<HeadOutput> outs_;
  HeadOutput* out_now_ = nullptr;  // the head running's
  const Mat* w_now_ = nullptr;     // its W_O or W_O W_V (Output)
  bool last_head_ = false;         // it is the layer's last
  Vec query_, mean_, y_;
  Block values_, keys_, queries_, hidden_;
  std::vector<int> argmax_;
  std::vector<Line> lines_;
  std::vector<Vec> line_sums_;
  Vec sum_, tied_sum_;
  std::vector<typename Arith::Coef> coef_u_, coef_v_;
  std::vector<int> order_;
  RadixScratch radix_scratch_;
  Line tied_;
  std::vector<int> varying_keys_, varying_queries_;
  Vec base_;
};

}  // namespace satcirc::internal

#endif  // SATCIRC_LIB_ENGINE_ENGINE_CORE_H_
