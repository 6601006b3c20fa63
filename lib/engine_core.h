// The engine, written once over an arithmetic policy (lib/arith.h). It implements
// DESIGN.md's "Model semantics" for saturated and hard heads; softmax heads are the
// float engine's. Internal to lib/: use lib/engine.h.
#ifndef SATCIRC_LIB_ENGINE_CORE_H_
#define SATCIRC_LIB_ENGINE_CORE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "automata/alphabet.h"
#include "lib/arith.h"
#include "lib/model.h"
#include "lib/trace.h"

namespace satcirc::internal {

// Positional feature values as an exact fraction num/den (den > 0) of int64s.
inline std::pair<std::int64_t, std::int64_t> PositionalFraction(PositionalFunction f,
                                                                std::int64_t p,
                                                                std::int64_t n) {
  switch (f) {
    case PositionalFunction::kPosition: return {p, 1};
    case PositionalFunction::kPositionFraction: return {p, n};
    case PositionalFunction::kPositionFractionSquared:
      return {CheckedMul(p, p), CheckedMul(n, n)};
    case PositionalFunction::kInversePosition: return {1, p + 1};
    case PositionalFunction::kAlternating: return {p % 2 == 0 ? 1 : -1, 1};
    case PositionalFunction::kIsFirst: return {p == 0 ? 1 : 0, 1};
    case PositionalFunction::kIsLast: return {p == n - 1 ? 1 : 0, 1};
    case PositionalFunction::kConstant: return {1, 1};
  }
  return {0, 1};
}

template <typename Arith>
class EngineCore {
 public:
  using Vec = typename Arith::Vec;
  using Mat = typename Arith::Mat;
  using Block = typename Arith::Block;

  // Converts the weights; SmallExactArith throws ArithOverflow when one does not fit.
  explicit EngineCore(const Model& model) : model_(&model), d_(model.dim()) {
    for (int t = 0; t < model.num_tokens(); ++t) {
      Vector row(model.token_embedding.data.begin() + static_cast<long>(t) * d_,
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
        // A zero query or key map makes every score 0: the argmax set is the whole
        // mask, so no score needs computing (the uniform head of Merrill et al.).
        hw.uniform = head.w_q.IsZero() || head.w_k.IsZero();
        hw.mode = head.mode;
        hw.mask = head.mask;
        lw.heads.push_back(std::move(hw));
      }
      lw.has_mlp = layer.mlp.hidden() > 0;
      if (lw.has_mlp) {
        lw.w1 = Arith::MakeMat(layer.mlp.w1);
        lw.b1 = Arith::MakeVec(layer.mlp.b1);
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
    Embed(word, total);
    if (trace != nullptr) StartTrace(word, total, trace);
    for (size_t l = 0; l < layers_.size(); ++l) {
      LayerTrace* layer_trace = nullptr;
      if (trace != nullptr) {
        trace->layers.emplace_back();
        layer_trace = &trace->layers.back();
      }
      RunLayer(layers_[l], total, layer_trace);
      if (layer_trace != nullptr) layer_trace->residual = Snapshot(total);
    }
    // Readout.
    int r = -1;
    if (total > 0) {
      switch (model.readout.position) {
        case ReadoutPosition::kFirst:
        case ReadoutPosition::kBos: r = 0; break;
        case ReadoutPosition::kLast:
        case ReadoutPosition::kEos: r = total - 1; break;
      }
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
    bool has_mlp = false, has_b2 = false;
    Mat w1, w2;
    Vec b1, b2;
  };

  void Embed(const automata::Word& word, int total) {
    const Model& model = *model_;
    x_.resize(total);
    int p = 0;
    if (model.bos) x_[p++] = token_rows_[model.bos_token()];
    for (automata::Symbol s : word) x_[p++] = token_rows_[s];
    if (model.eos) x_[p++] = token_rows_[model.eos_token()];
    for (const PositionalFeature& pf : model.positional) {
      for (int q = 0; q < total; ++q) {
        auto [num, den] = PositionalFraction(pf.function, q, total);
        Arith::AddFraction(x_[q], pf.feature, num, den);
      }
    }
  }

  void RunLayer(const LayerWeights& lw, int total, LayerTrace* layer_trace) {
    // Every head reads the residual stream as it was before the layer.
    delta_.resize(total);
    for (int p = 0; p < total; ++p) Arith::Zero(delta_[p], d_);
    for (const HeadWeights& hw : lw.heads) {
      HeadTrace* head_trace = nullptr;
      if (layer_trace != nullptr) {
        layer_trace->heads.emplace_back();
        head_trace = &layer_trace->heads.back();
        head_trace->attended.resize(total);
      }
      RunHead(hw, total, head_trace);
    }
    for (int p = 0; p < total; ++p) Arith::AddInPlace(x_[p], delta_[p]);
    if (lw.has_mlp) {
      for (int p = 0; p < total; ++p) {
        Arith::MatVec(lw.w1, x_[p], hidden_);
        Arith::AddInPlace(hidden_, lw.b1);
        Arith::Relu(hidden_);
        Arith::MatVec(lw.w2, hidden_, out_);
        Arith::AddInPlace(x_[p], out_);
      }
    }
    if (lw.has_b2) {
      for (int p = 0; p < total; ++p) Arith::AddInPlace(x_[p], lw.b2);
    }
  }

  void RunHead(const HeadWeights& hw, int total, HeadTrace* head_trace) {
    rows_.resize(total);
    // Values (and their prefix sums for averages over whole ranges).
    for (int q = 0; q < total; ++q) Arith::MatVec(hw.w_v, x_[q], rows_[q]);
    Arith::MakeBlock(rows_, RowsOf(hw.w_v), values_);
    const bool saturated = hw.mode == AttentionMode::kSaturated;
    if (saturated) Arith::MakePrefix(values_);
    if (!hw.uniform) {
      for (int q = 0; q < total; ++q) Arith::MatVec(hw.w_k, x_[q], rows_[q]);
      Arith::MakeBlock(rows_, RowsOf(hw.w_k), keys_);
    }
    for (int p = 0; p < total; ++p) {
      int lo = 0, hi = total;
      if (hw.mask == Mask::kCausal) hi = p + 1;
      if (hw.mask == Mask::kStrict) hi = p;
      if (hi <= lo) continue;  // empty mask: the zero vector
      bool whole_range = hw.uniform;
      if (!whole_range) {
        Arith::MatVec(hw.w_q, x_[p], query_);
        if (Arith::IsZero(query_)) {
          whole_range = true;
        } else {
          Arith::ArgmaxRow(query_, keys_, lo, hi, argmax_);
          whole_range = static_cast<int>(argmax_.size()) == hi - lo;
        }
      }
      int pick = -1;
      if (hw.mode == AttentionMode::kHardLeft) {
        pick = whole_range ? lo : argmax_.front();
      } else if (hw.mode == AttentionMode::kHardRight) {
        pick = whole_range ? hi - 1 : argmax_.back();
      }
      if (pick >= 0) {
        Arith::RowOf(values_, pick, mean_);
      } else if (whole_range) {
        Arith::MeanOfRange(values_, lo, hi, mean_);
      } else {
        Arith::MeanOf(values_, argmax_, mean_);
      }
      Arith::MatVec(hw.w_o, mean_, out_);
      Arith::AddInPlace(delta_[p], out_);
      if (head_trace != nullptr) {
        std::vector<int>& att = head_trace->attended[p];
        if (pick >= 0) {
          att = {pick};
        } else if (whole_range) {
          for (int q = lo; q < hi; ++q) att.push_back(q);
        } else {
          att = argmax_;
        }
      }
    }
  }

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
    for (automata::Symbol s : word) trace->tokens.push_back(std::string(1, model.alphabet.symbol(s)));
    if (model.eos) trace->tokens.push_back(std::string(kEosToken));
    trace->embedding = Snapshot(total);
  }

  std::vector<std::vector<Rational>> Snapshot(int total) const {
    std::vector<std::vector<Rational>> out(total);
    if constexpr (Arith::kExact) {
      for (int p = 0; p < total; ++p) {
        for (int f = 0; f < d_; ++f) out[p].push_back(Arith::ToRational(x_[p], f));
      }
    }
    return out;
  }

  const Model* model_;
  int d_;
  std::vector<Vec> token_rows_;
  std::vector<LayerWeights> layers_;
  Mat readout_w_;
  Vec readout_b_;
  // Workspace, reused across runs.
  std::vector<Vec> x_, delta_, rows_;
  Vec hidden_, out_, query_, mean_, y_;
  Block values_, keys_;
  std::vector<int> argmax_;
};

}  // namespace satcirc::internal

#endif  // SATCIRC_LIB_ENGINE_CORE_H_
