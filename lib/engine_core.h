// The engine, written once over an arithmetic policy (lib/arith.h). It
// implements DESIGN.md's "Model semantics" for saturated and hard heads;
// softmax heads are the float engine's. Internal to lib/: use lib/engine.h.
#ifndef SATCIRC_LIB_ENGINE_CORE_H_
#define SATCIRC_LIB_ENGINE_CORE_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "automata/alphabet.h"
#include "lib/arith.h"
#include "lib/model.h"
#include "lib/trace.h"

namespace satcirc::internal {

// Positional feature values as an exact fraction num/den (den > 0) of int64s.
inline std::pair<std::int64_t, std::int64_t> PositionalFraction(
    PositionalFunction f, std::int64_t p, std::int64_t n) {
  switch (f) {
    case PositionalFunction::kPosition:
      return {p, 1};
    case PositionalFunction::kPositionFraction:
      return {p, n};
    case PositionalFunction::kPositionFractionSquared:
      return {CheckedMul(p, p), CheckedMul(n, n)};
    case PositionalFunction::kInversePosition:
      return {1, p + 1};
    case PositionalFunction::kAlternating:
      return {p % 2 == 0 ? 1 : -1, 1};
    case PositionalFunction::kIsFirst:
      return {p == 0 ? 1 : 0, 1};
    case PositionalFunction::kIsLast:
      return {p == n - 1 ? 1 : 0, 1};
    case PositionalFunction::kConstant:
      return {1, 1};
  }
  return {0, 1};
}

// The fixed:p semantics (DESIGN.md): every value written to the residual
// stream and every attention average is rounded down to a multiple of
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

template <typename Arith>
class EngineCore {
 public:
  using ArithType = Arith;
  using Vec = typename Arith::Vec;
  using Mat = typename Arith::Mat;
  using Block = typename Arith::Block;

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
    for (const Layer& layer : model.layers) {
      LayerWeights lw;
      for (const Head& head : layer.heads) {
        HeadWeights hw;
        hw.w_q = Arith::MakeMat(head.w_q);
        hw.w_k = Arith::MakeMat(head.w_k);
        hw.w_v = Arith::MakeMat(head.w_v);
        hw.w_o = Arith::MakeMat(head.w_o);
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
      }
      lw.has_b2 = !layer.mlp.b2.empty();
      if (lw.has_b2) lw.b2 = Arith::MakeVec(layer.mlp.b2);
      layers_.push_back(std::move(lw));
    }
    Matrix w(1, d_);
    for (int f = 0; f < d_; ++f) w.at(0, f) = model.readout.weights[f];
    readout_w_ = Arith::MakeMat(w);
    readout_b_ = Arith::MakeVec(Vector{model.readout.bias});
  }

  // Runs one input; returns the readout y as a 1-vector. `trace` may be null.
  // The word's symbols must be in the model's alphabet (the caller checks).
  const Vec& Run(const automata::Word& word, Trace* trace) {
    const Model& model = *model_;
    const int n = static_cast<int>(word.size());
    const int total = model.SequenceLength(n);
    int r = -1;  // the readout position
    if (total > 0) {
      switch (model.readout.position) {
        case ReadoutPosition::kFirst:
        case ReadoutPosition::kBos:
          r = 0;
          break;
        case ReadoutPosition::kLast:
        case ReadoutPosition::kEos:
          r = total - 1;
          break;
      }
    }
    Embed(word, total);
    if (trace != nullptr) StartTrace(word, total, trace);
    for (size_t l = 0; l < layers_.size(); ++l) {
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
    if (r >= 0) {
      Arith::MatVec(readout_w_, x_[r], y_);
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
    bool uniform = false;
    AttentionMode mode = AttentionMode::kSaturated;
    Mask mask = Mask::kNone;
  };
  struct LayerWeights {
    std::vector<HeadWeights> heads;
    bool has_mlp = false, has_b1 = false, has_b2 = false;
    Mat w1, w2;
    Vec b1, b2;
  };

  // x_p = E[token_p] + positional(p, N). The embedded rows depend only on
  // (token, p) at a fixed N, so for short sequences they are cached per N:
  // enumerating Σⁿ then embeds by copying.
  void Embed(const automata::Word& word, int total) {
    const Model& model = *model_;
    const int tokens = model.num_tokens();
    constexpr std::int64_t kMaxCachedRows = 1 << 14;
    const bool cached =
        static_cast<std::int64_t>(total) * tokens <= kMaxCachedRows;
    if (cached && embed_cache_n_ != total) {
      embed_cache_.resize(static_cast<size_t>(total) * tokens);
      for (int q = 0; q < total; ++q) {
        for (int t = 0; t < tokens; ++t) {
          Vec& row = embed_cache_[q * tokens + t];
          row = token_rows_[t];
          AddPositional(row, q, total);
          if (fixed_.enabled()) Arith::RoundDown(row, fixed_.frac_bits);
        }
      }
      embed_cache_n_ = total;
    }
    x_.resize(total);
    for (int q = 0; q < total; ++q) {
      int t;
      if (model.bos && q == 0) {
        t = model.bos_token();
      } else if (model.eos && q == total - 1) {
        t = model.eos_token();
      } else {
        t = word[q - (model.bos ? 1 : 0)];
      }
      if (cached) {
        x_[q] = embed_cache_[q * tokens + t];
      } else {
        x_[q] = token_rows_[t];
        AddPositional(x_[q], q, total);
        if (fixed_.enabled()) Arith::RoundDown(x_[q], fixed_.frac_bits);
      }
      if (fixed_.enabled()) CheckRange(q, 0, "embedding");
    }
  }
  // fixed:p: the residual at position p must lie in the declared range.
  void CheckRange(int p, int layer, const char* stage) const {
    for (int f = 0; f < d_; ++f) {
      if (Arith::InRange(x_[p], f, fixed_.integer_bits)) continue;
      FixedRangeError e{layer, p, f, stage, Rational(0)};
      if constexpr (Arith::kExact) e.value = Arith::ToRational(x_[p], f);
      throw e;
    }
  }
  // fixed:p: x_p ← ⌊x_p⌋ (rounded to the grid), then the range check.
  void RoundResidual(int p, const char* stage) {
    Arith::RoundDown(x_[p], fixed_.frac_bits);
    CheckRange(p, layer_, stage);
  }
  void AddPositional(Vec& row, int q, int total) const {
    for (const PositionalFeature& pf : model_->positional) {
      auto [num, den] = PositionalFraction(pf.function, q, total);
      Arith::AddFraction(row, pf.feature, num, den);
    }
  }

  // Runs one layer, producing its output at positions [p_begin, p_end) only
  // (the last layer is needed at the readout position alone).
  void RunLayer(const LayerWeights& lw, int total, LayerTrace* layer_trace,
                int p_begin, int p_end) {
    // Every head reads the residual stream as it was before the layer.
    delta_.resize(total);
    delta_fresh_.assign(total, 0);
    for (int p = p_begin; p < p_end; ++p) delta_fresh_[p] = 1;
    for (const HeadWeights& hw : lw.heads) {
      HeadTrace* head_trace = nullptr;
      if (layer_trace != nullptr) {
        layer_trace->heads.emplace_back();
        head_trace = &layer_trace->heads.back();
        head_trace->attended.resize(total);
      }
      RunHead(hw, total, head_trace, p_begin, p_end);
    }
    for (int p = p_begin; p < p_end; ++p) {
      if (!delta_fresh_[p]) {  // fresh: no head wrote
        Arith::AddInPlace(x_[p], delta_[p]);
        if (fixed_.enabled()) RoundResidual(p, "attention");
      }
    }
    if (lw.has_mlp) {
      for (int p = p_begin; p < p_end; ++p) {
        Arith::MatVec(lw.w1, x_[p], hidden_);
        if (lw.has_b1) Arith::AddInPlace(hidden_, lw.b1);
        Arith::Relu(hidden_);
        Arith::MatVec(lw.w2, hidden_, out_);
        Arith::AddInPlace(x_[p], out_);
      }
    }
    if (lw.has_b2) {
      for (int p = p_begin; p < p_end; ++p) Arith::AddInPlace(x_[p], lw.b2);
    }
    if (fixed_.enabled() && (lw.has_mlp || lw.has_b2)) {
      for (int p = p_begin; p < p_end; ++p) RoundResidual(p, "mlp");
    }
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
    if (hw.mode == AttentionMode::kHardLeft) {
      Arith::RowOf(values_, st.first, mean_);
    } else if (hw.mode == AttentionMode::kHardRight) {
      Arith::RowOf(values_, st.last, mean_);
    } else {
      Arith::MeanFromSum(st.sum, st.count, mean_);
    }
    AddToDelta(hw, p);
  }
  // delta_[p] += W_O mean_; the first head's output is moved in, not added.
  void AddToDelta(const HeadWeights& hw, int p) {
    if (fixed_.enabled()) Arith::RoundDown(mean_, fixed_.frac_bits);
    if (delta_fresh_[p]) {
      Arith::MatVec(hw.w_o, mean_, delta_[p]);
      delta_fresh_[p] = 0;
    } else {
      Arith::MatVec(hw.w_o, mean_, out_);
      Arith::AddInPlace(delta_[p], out_);
    }
  }
  void EmitRange(const HeadWeights& hw, int lo, int hi, int p) {
    if (hw.mode == AttentionMode::kHardLeft) {
      Arith::RowOf(values_, lo, mean_);
    } else if (hw.mode == AttentionMode::kHardRight) {
      Arith::RowOf(values_, hi - 1, mean_);
    } else {
      Arith::MeanOfRange(values_, lo, hi, mean_);
    }
    AddToDelta(hw, p);
  }
  static int MaskEnd(Mask mask, int p, int total) {
    return mask == Mask::kCausal ? p + 1 : (mask == Mask::kStrict ? p : total);
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
  //  prefix;
  //  - keys varying in one coordinate j: the sign of q_p[j] picks the running
  //  max
  //    or min of k_q[j];
  //  - queries varying in one coordinate, mask none: lines u_q + s·v_q, whose
  //  upper
  //    envelope answers each query s = q_p[i];
  // and otherwise every score (O(N²)), as with a trace.
  void RunHead(const HeadWeights& hw, int total, HeadTrace* head_trace,
               int p_begin, int p_end) {
    rows_.resize(total);
    for (int q = 0; q < total; ++q) Arith::MatVec(hw.w_v, x_[q], rows_[q]);
    const int dv = RowsOf(hw.w_v);
    Arith::MakeBlock(rows_, dv, values_);
    const bool saturated = hw.mode == AttentionMode::kSaturated;
    if (saturated) Arith::MakePrefix(values_);
    if (hw.uniform) {
      // Mask none: every position attends the same set, so one output serves
      // all.
      bool shared = false;
      for (int p = p_begin; p < p_end; ++p) {
        const int hi = MaskEnd(hw.mask, p, total);
        if (hi <= 0) continue;
        if (head_trace != nullptr) {
          for (int q = 0; q < hi; ++q) head_trace->attended[p].push_back(q);
        }
        if (hw.mask != Mask::kNone) {
          EmitRange(hw, 0, hi, p);
          continue;
        }
        if (!shared) {
          if (hw.mode == AttentionMode::kHardLeft) {
            Arith::RowOf(values_, 0, mean_);
          } else if (hw.mode == AttentionMode::kHardRight) {
            Arith::RowOf(values_, hi - 1, mean_);
          } else {
            Arith::MeanOfRange(values_, 0, hi, mean_);
          }
          if (fixed_.enabled()) Arith::RoundDown(mean_, fixed_.frac_bits);
          Arith::MatVec(hw.w_o, mean_, shared_out_);
          shared = true;
        }
        if (delta_fresh_[p]) {
          delta_[p] = shared_out_;
          delta_fresh_[p] = 0;
        } else {
          Arith::AddInPlace(delta_[p], shared_out_);
        }
      }
      return;
    }
    for (int q = 0; q < total; ++q) Arith::MatVec(hw.w_k, x_[q], rows_[q]);
    const int dk = RowsOf(hw.w_k);
    Arith::MakeBlock(rows_, dk, keys_, /*reduce=*/false);
    queries_.resize(total);
    for (int p = p_begin; p < p_end; ++p) {
      Arith::MatVec(hw.w_q, x_[p], queries_[p]);
      Arith::Reduce(queries_[p]);  // smaller numbers in every score
    }
    if (head_trace == nullptr && fast_attention_ && total > 0) {
      if (FastHead(hw, total, p_begin, p_end, dk, dv, saturated)) return;
    }
    for (int p = p_begin; p < p_end; ++p) {
      const int hi = MaskEnd(hw.mask, p, total);
      if (hi <= 0) continue;  // empty mask: the zero vector
      Arith::ArgmaxRow(queries_[p], keys_, 0, hi, argmax_);
      int pick = -1;
      if (hw.mode == AttentionMode::kHardLeft) pick = argmax_.front();
      if (hw.mode == AttentionMode::kHardRight) pick = argmax_.back();
      if (pick >= 0) {
        Arith::RowOf(values_, pick, mean_);
      } else if (static_cast<int>(argmax_.size()) == hi) {
        Arith::MeanOfRange(values_, 0, hi, mean_);
      } else {
        Arith::MeanOf(values_, argmax_, mean_);
      }
      AddToDelta(hw, p);
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
      for (int p = p_begin; p < p_end; ++p) {
        const int hi = MaskEnd(hw.mask, p, total);
        if (hi > 0) EmitRange(hw, 0, hi, p);
      }
      return true;
    }
    const std::vector<int>& varying_queries = VaryingCoords(
        dk, p_end - p_begin,
        [&](int q, int i) { return Arith::VecCoord(queries_[p_begin + q], i); },
        varying_queries_);
    // Scalars t_q with score(p, q) = sign_p · t_q + const_p.
    bool one_scalar = false;
    int coord = -1;
    if (varying_queries.empty()) {
      one_scalar = true;
      scalars_.resize(total);
      for (int q = 0; q < total; ++q)
        scalars_[q] = Arith::KeyDot(queries_[p_begin], keys_, q);
    } else if (varying_keys.size() == 1) {
      one_scalar = true;
      coord = varying_keys[0];
      scalars_.resize(total);
      for (int q = 0; q < total; ++q)
        scalars_[q] = Arith::KeyCoord(keys_, q, coord);
    }
    if (one_scalar) {
      auto sign_of = [&](int p) {
        return coord < 0 ? 1 : Arith::Sign(Arith::VecCoord(queries_[p], coord));
      };
      SetStats max_set, min_set;
      int fed = 0;  // positions [0, fed) offered to the running sets
      auto feed_to = [&](int hi) {
        for (; fed < hi; ++fed) {
          Offer(max_set, scalars_[fed], fed, +1, saturated, dv);
          if (coord >= 0) Offer(min_set, scalars_[fed], fed, -1, saturated, dv);
        }
      };
      for (int p = p_begin; p < p_end; ++p) {
        const int hi = MaskEnd(hw.mask, p, total);
        if (hi <= 0) continue;
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
      return true;
    }
    if (varying_queries.size() == 1 && hw.mask == Mask::kNone) {
      EnvelopeHead(hw, total, p_begin, p_end, varying_queries[0], saturated,
                   dv);
      return true;
    }
    return false;
  }

  // Queries q_p = b + s_p·e_i (mask none): score(p, q) = u_q + s_p·v_q with
  // u_q = b·k_q and v_q = k_q[i]. Identical lines are merged (their positions
  // summarized), and an upper envelope that keeps every line attaining the
  // maximum somewhere — even at a single point, where ties happen — answers
  // each s_p by binary search.
  void EnvelopeHead(const HeadWeights& hw, int total, int p_begin, int p_end,
                    int i, bool saturated, int dv) {
    base_ = queries_[p_begin];
    Arith::SetCoordZero(base_, i);
    typename Arith::LineScale scale;
    Arith::MakeLineCoefs(base_, keys_, i, total, coef_u_, coef_v_, scale);
    const auto& u = coef_u_;
    const auto& v = coef_v_;
    lines_.clear();
    order_.resize(total);
    for (int q = 0; q < total; ++q) order_[q] = q;
    // By slope, then intercept; stable, so positions stay ascending in a group.
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
      const int c = Arith::CmpCoef(v[a], v[b]);
      return c != 0 ? c < 0 : Arith::CmpCoef(u[a], u[b]) < 0;
    });
    for (int q : order_) {
      if (!lines_.empty() && Arith::CmpCoef(v[lines_.back().q], v[q]) == 0 &&
          Arith::CmpCoef(u[q], u[lines_.back().q]) > 0) {
        lines_.pop_back();  // same slope, higher: the lower line never wins
      }
      if (lines_.empty() || Arith::CmpCoef(v[lines_.back().q], v[q]) != 0) {
        // Pop lines strictly below the envelope of their neighbours; keep those
        // that touch it at a single point (ties happen there).
        while (lines_.size() >= 2) {
          const int a = lines_[lines_.size() - 2].q, b = lines_.back().q;
          if (Arith::HullSign(u[a], v[a], u[b], v[b], u[q], v[q]) >= 0) break;
          lines_.pop_back();
        }
        Line line{q, SetStats{}};
        if (saturated) Arith::ZeroAcc(line.st.sum, dv);
        lines_.push_back(std::move(line));
      }
      // Same line (equal slope and intercept): merged into the last one.
      SetStats& st = lines_.back().st;
      if (st.count == 0) st.first = q;
      st.first = std::min(st.first, q);
      st.last = std::max(st.last, q);
      ++st.count;
      if (saturated) Arith::Accumulate(values_, q, st.sum);
    }
    // Breakpoints: line m is at least line m + 1 exactly for s <= x_m, equal at
    // x_m (slopes increase along the envelope).
    breaks_.resize(lines_.empty() ? 0 : lines_.size() - 1);
    for (size_t m = 0; m + 1 < lines_.size(); ++m) {
      const int a = lines_[m].q, b = lines_[m + 1].q;
      breaks_[m] = Arith::MakeBreak(u[a], v[a], u[b], v[b], scale);
    }
    for (int p = p_begin; p < p_end; ++p) {
      const Vec& query = queries_[p];
      // The first line that is at least its successor at s: the leftmost
      // maximum.
      const size_t m =
          std::partition_point(breaks_.begin(), breaks_.end(),
                               [&](const typename Arith::Break& x) {
                                 return Arith::CmpBreakQuery(x, query, i,
                                                             scale) < 0;
                               }) -
          breaks_.begin();
      SetStats st = lines_[m].st;
      for (size_t j = m; j < breaks_.size() &&
                         Arith::CmpBreakQuery(breaks_[j], query, i, scale) == 0;
           ++j) {
        const SetStats& o = lines_[j + 1].st;  // ties with line j at s
        st.count += o.count;
        st.first = std::min(st.first, o.first);
        st.last = std::max(st.last, o.last);
        if (saturated) AddSums(st.sum, o.sum);
      }
      if (st.count == total) {
        EmitRange(hw, 0, total, p);
      } else {
        EmitStats(hw, st, p);
      }
    }
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
          out[p].push_back(Arith::ToRational(x_[p], f));
      }
    }
    return out;
  }

  struct Line {
    int q;  // a representative position (its coefficients are u[q], v[q])
    SetStats st;
  };

  const Model* model_;
  int d_;
  bool fast_attention_;
  FixedPointFormat fixed_;
  int layer_ = 0;  // the layer running (from 1), for range errors
  std::vector<Vec> token_rows_;
  std::vector<LayerWeights> layers_;
  Mat readout_w_;
  Vec readout_b_;
  // Workspace, reused across runs.
  std::vector<Vec> x_, delta_, rows_;
  Vec hidden_, out_, query_, mean_, y_;
  Block values_, keys_;
  std::vector<int> argmax_;
  std::vector<char> delta_fresh_;
  std::vector<Vec> embed_cache_;
  int embed_cache_n_ = -1;
  Vec shared_out_;
  std::vector<Vec> queries_;
  std::vector<typename Arith::Scalar> scalars_;
  std::vector<Line> lines_;
  std::vector<typename Arith::Break> breaks_;
  std::vector<typename Arith::Coef> coef_u_, coef_v_;
  std::vector<int> order_;
  std::vector<int> varying_keys_, varying_queries_;
  Vec base_;
};

}  // namespace satcirc::internal

#endif  // SATCIRC_LIB_ENGINE_CORE_H_
