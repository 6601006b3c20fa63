#include "lib/engine/float_engine.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/engine/trace.h"

namespace satcirc {
namespace {

// A NaN or infinity found: where.
struct NonFinite {
  int layer;
  const char* stage;
  int position;
  int feature;
  double value;
};

template <typename T>
struct Weights {
  struct Mat {
    int rows = 0, cols = 0;
    std::vector<T> a;  // row-major
    T at(int r, int c) const { return a[static_cast<size_t>(r) * cols + c]; }
  };
  static Mat Convert(const Matrix& m) {
    Mat out{m.rows, m.cols, {}};
    for (const Rational& r : m.data)
      out.a.push_back(static_cast<T>(r.ToDouble()));
    return out;
  }
  static std::vector<T> Convert(const Vector& v) {
    std::vector<T> out;
    for (const Rational& r : v) out.push_back(static_cast<T>(r.ToDouble()));
    return out;
  }
};

// The weights converted once per element type.
template <typename T>
struct Prepared {
  using Mat = typename Weights<T>::Mat;
  struct HeadW {
    Mat wq, wk, wv, wo;
    T scale;
  };
  struct LayerW {
    std::vector<HeadW> heads;
    Mat w1, w2;
    std::vector<T> b1, b2;
  };
  std::vector<LayerW> layers;
  explicit Prepared(const Model& m) {
    for (const Layer& layer : m.layers) {
      LayerW lw;
      for (const Head& h : layer.heads) {
        lw.heads.push_back(
            {Weights<T>::Convert(h.w_q), Weights<T>::Convert(h.w_k),
             Weights<T>::Convert(h.w_v), Weights<T>::Convert(h.w_o),
             static_cast<T>(h.scale.ToDouble())});
      }
      lw.w1 = Weights<T>::Convert(layer.mlp.w1);
      lw.w2 = Weights<T>::Convert(layer.mlp.w2);
      lw.b1 = Weights<T>::Convert(layer.mlp.b1);
      lw.b2 = Weights<T>::Convert(layer.mlp.b2);
      layers.push_back(std::move(lw));
    }
  }
};

}  // namespace

class FloatEngine::Impl {
 public:
  Impl(const Model& model, const FloatEngineOptions& options)
      : model_(model), options_(options), double_(model_), float_(model_) {}
  const Model& model() const { return model_; }
  const FloatEngineOptions& options() const { return options_; }

  absl::StatusOr<FloatDecision> Run(const automata::Word& word,
                                    FloatObserver* observer) {
    try {
      if (options_.single) return RunAs<float>(word, observer);
      return RunAs<double>(word, observer);
    } catch (const NonFinite& e) {
      const std::string where =
          e.layer == 0 ? std::string("the embedding")
                       : absl::StrCat("layer ", e.layer, " (", e.stage, ")");
      return absl::OutOfRangeError(absl::StrCat(
          "float:", absl::StrFormat("%g", options_.scale), " on input '",
          model_.alphabet.Format(word), "': in ", where, ", feature '",
          model_.features[e.feature], "' at position ", e.position, " is ",
          std::isnan(e.value) ? "NaN" : (e.value > 0 ? "+inf" : "-inf"), " (",
          options_.single ? "float" : "double",
          " overflowed: a smaller scale, or weights of a smaller magnitude)"));
    }
  }

 private:
  template <typename T>
  using Vec = std::vector<T>;

  template <typename T>
  static void MatVec(const typename Weights<T>::Mat& m, const Vec<T>& x,
                     Vec<T>& y) {
    y.assign(m.rows, T(0));
    for (int i = 0; i < m.rows; ++i) {
      T s = 0;
      for (int j = 0; j < m.cols; ++j) s += m.at(i, j) * x[j];
      y[i] = s;
    }
  }

  template <typename T>
  Vec<T> LayerNorm(const Vec<T>& x) const {
    const T d = static_cast<T>(x.size());
    T mean = 0;
    for (T v : x) mean += v;
    mean /= d;
    T var = 0;
    for (T v : x) var += (v - mean) * (v - mean);
    var /= d;
    const T inv =
        T(1) /
        std::sqrt(var + static_cast<T>(model_.layer_norm.epsilon.ToDouble()));
    Vec<T> out(x.size());
    for (size_t i = 0; i < x.size(); ++i) out[i] = (x[i] - mean) * inv;
    return out;
  }

  template <typename T>
  static void Finite(const std::vector<Vec<T>>& x, int p_begin, int p_end,
                     int layer, const char* stage) {
    for (int p = p_begin; p < p_end; ++p) {
      for (size_t f = 0; f < x[p].size(); ++f) {
        if (!std::isfinite(x[p][f])) {
          throw NonFinite{layer, stage, p, static_cast<int>(f),
                          static_cast<double>(x[p][f])};
        }
      }
    }
  }

  template <typename T>
  const Prepared<T>& prepared() const {
    if constexpr (std::is_same_v<T, float>) {
      return float_;
    } else {
      return double_;
    }
  }

  // The residual stream after the embedding: token plus positional features.
  template <typename T>
  std::vector<Vec<T>> Embed(const automata::Word& word) const {
    const Model& m = model_;
    const int total = m.SequenceLength(static_cast<int>(word.size()));
    const int d = m.dim();
    std::vector<Vec<T>> x(total, Vec<T>(d));
    for (int p = 0; p < total; ++p) {
      int token;
      if (m.bos && p == 0) {
        token = m.bos_token();
      } else if (m.eos && p == total - 1) {
        token = m.eos_token();
      } else {
        token = word[p - (m.bos ? 1 : 0)];
      }
      for (int f = 0; f < d; ++f) {
        x[p][f] = static_cast<T>(m.token_embedding.at(token, f).ToDouble());
      }
      for (const PositionalFeature& pf : m.positional) {
        x[p][pf.feature] += static_cast<T>(
            EvaluatePositional(pf.function, p, total).ToDouble());
      }
    }
    Finite(x, 0, total, 0, "embedding");
    return x;
  }

  // What one head adds at position p, whose query sees positions [0, hi):
  // softmax(c·scale·q·k) over them, the average of the values, times W_O.
  template <typename T>
  void AttentionRow(const typename Prepared<T>::HeadW& hw,
                    const std::vector<Vec<T>>& a, const std::vector<Vec<T>>& k,
                    const std::vector<Vec<T>>& v, int p, KeyRange r, int ln,
                    int h, FloatObserver* observer, Vec<T>& out) const {
    const T c = static_cast<T>(options_.scale);
    Vec<T> query, s, avg, w;
    MatVec<T>(hw.wq, a[p], query);
    // s[i], w[i]: key r.begin + i.
    s.assign(r.size(), T(0));
    T best = -std::numeric_limits<T>::infinity();
    for (int i = 0; i < r.size(); ++i) {
      const Vec<T>& key = k[r.begin + i];
      T dot = 0;
      for (size_t j = 0; j < query.size(); ++j) dot += query[j] * key[j];
      s[i] = hw.scale * dot;
      best = std::max(best, s[i]);
    }
    // softmax(c·s), stably: exp(c·(s − max)).
    w.resize(r.size());
    T z = 0;
    for (int i = 0; i < r.size(); ++i) {
      w[i] = std::exp(c * (s[i] - best));
      z += w[i];
    }
    avg.assign(v[0].size(), T(0));
    for (int i = 0; i < r.size(); ++i) {
      w[i] /= z;
      const Vec<T>& value = v[r.begin + i];
      for (size_t j = 0; j < avg.size(); ++j) avg[j] += w[i] * value[j];
    }
    if (observer != nullptr) {
      std::vector<double> scores_d(s.begin(), s.end());
      std::vector<double> weights_d(w.begin(), w.end());
      observer->OnAttentionRow(ln, h, p, scores_d, weights_d);
    }
    MatVec<T>(hw.wo, avg, out);
  }

  // Head h of layer l (from 0) added into `next` at positions [p_begin,
  // p_end), reading the (normalized) stream `a`.
  template <typename T>
  void AddHead(size_t l, size_t h, const std::vector<Vec<T>>& a, int p_begin,
               int p_end, FloatObserver* observer,
               std::vector<Vec<T>>& next) const {
    const Head& head = model_.layers[l].heads[h];
    const auto& hw = prepared<T>().layers[l].heads[h];
    const int total = static_cast<int>(a.size());
    const int d = model_.dim();
    std::vector<Vec<T>> k(total), v(total);
    for (int q = 0; q < total; ++q) {
      MatVec<T>(hw.wk, a[q], k[q]);
      MatVec<T>(hw.wv, a[q], v[q]);
    }
    // A uniform head (zero W_Q or W_K) with mask none: every row is the
    // same, computed once (the same operations, so the same bits).
    const bool shared = head.mask == Mask::kNone && observer == nullptr &&
                        (head.w_q.IsZero() || head.w_k.IsZero());
    bool have_shared = false;
    Vec<T> out;
    for (int p = p_begin; p < p_end; ++p) {
      const KeyRange r = MaskRange(head.mask, p, total);
      if (r.empty()) continue;
      if (!(shared && have_shared)) {
        AttentionRow<T>(hw, a, k, v, p, r, static_cast<int>(l) + 1,
                        static_cast<int>(h), observer, out);
        have_shared = shared;
      }
      for (int f = 0; f < d; ++f) next[p][f] += out[f];
    }
  }

  // Layer l's MLP (if any) added into x at positions [p_begin, p_end).
  template <typename T>
  void AddMlp(size_t l, int p_begin, int p_end, std::vector<Vec<T>>& x) const {
    const Layer& layer = model_.layers[l];
    if (layer.mlp.hidden() == 0 && layer.mlp.b2.empty()) return;
    const bool pre = model_.layer_norm.placement == LayerNormPlacement::kPre;
    const bool post = model_.layer_norm.placement == LayerNormPlacement::kPost;
    const auto& lw = prepared<T>().layers[l];
    Vec<T> hidden, out;
    for (int p = p_begin; p < p_end; ++p) {
      const Vec<T> in = pre ? LayerNorm(x[p]) : x[p];
      MatVec<T>(lw.w1, in, hidden);
      for (size_t i = 0; i < hidden.size(); ++i) {
        hidden[i] = std::max(T(0), hidden[i] + lw.b1[i]);
      }
      MatVec<T>(lw.w2, hidden, out);
      for (int f = 0; f < model_.dim(); ++f) {
        x[p][f] += (layer.mlp.hidden() > 0 ? out[f] : T(0)) +
                   (lw.b2.empty() ? T(0) : lw.b2[f]);
      }
    }
    if (post) {
      for (int p = p_begin; p < p_end; ++p) x[p] = LayerNorm(x[p]);
    }
    Finite(x, p_begin, p_end, static_cast<int>(l) + 1, "mlp");
  }

  // Layer l (from 0): its heads, then its MLP, at [p_begin, p_end).
  template <typename T>
  void RunLayer(size_t l, int p_begin, int p_end, FloatObserver* observer,
                std::vector<Vec<T>>& x) const {
    const int ln = static_cast<int>(l) + 1;
    std::vector<Vec<T>> a = x;
    if (model_.layer_norm.placement == LayerNormPlacement::kPre) {
      for (Vec<T>& v : a) v = LayerNorm(v);
    }
    std::vector<Vec<T>> next = x;
    for (size_t h = 0; h < model_.layers[l].heads.size(); ++h) {
      AddHead<T>(l, h, a, p_begin, p_end, observer, next);
    }
    x = std::move(next);
    if (model_.layer_norm.placement == LayerNormPlacement::kPost) {
      for (int p = p_begin; p < p_end; ++p) x[p] = LayerNorm(x[p]);
    }
    Finite(x, p_begin, p_end, ln, "attention");
    AddMlp<T>(l, p_begin, p_end, x);
    if (observer != nullptr) {
      std::vector<std::vector<double>> xd(x.size());
      for (size_t p = 0; p < x.size(); ++p)
        xd[p].assign(x[p].begin(), x[p].end());
      observer->OnLayerOutput(ln, xd);
    }
  }

  // y = w·x[r] + b (after the final layer norm of a pre-norm model).
  template <typename T>
  FloatDecision Readout(const std::vector<Vec<T>>& x, int r) const {
    const Model& m = model_;
    FloatDecision decision;
    if (x.empty()) {
      decision.value = m.readout.bias.ToDouble();
    } else {
      const bool pre = m.layer_norm.placement == LayerNormPlacement::kPre;
      const Vec<T> xr = pre ? LayerNorm(x[r]) : x[r];
      T y = static_cast<T>(m.readout.bias.ToDouble());
      for (int f = 0; f < m.dim(); ++f) {
        y += static_cast<T>(m.readout.weights[f].ToDouble()) * xr[f];
      }
      if (!std::isfinite(y)) {
        throw NonFinite{static_cast<int>(m.layers.size()), "readout", r, 0,
                        static_cast<double>(y)};
      }
      decision.value = static_cast<double>(y);
    }
    decision.accept = decision.value > 0;
    return decision;
  }

  template <typename T>
  absl::StatusOr<FloatDecision> RunAs(const automata::Word& word,
                                      FloatObserver* observer) {
    std::vector<Vec<T>> x = Embed<T>(word);
    const int total = static_cast<int>(x.size());
    int r = total - 1;  // the readout position
    if (model_.readout.position == ReadoutPosition::kFirst ||
        model_.readout.position == ReadoutPosition::kBos) {
      r = 0;
    }
    for (size_t l = 0; l < model_.layers.size(); ++l) {
      // The last layer is needed at the readout position only (unless an
      // observer wants every position): O(N) instead of O(N²) there.
      int p_begin = 0, p_end = total;
      if (l + 1 == model_.layers.size() && observer == nullptr && total > 0) {
        p_begin = r;
        p_end = r + 1;
      }
      RunLayer<T>(l, p_begin, p_end, observer, x);
    }
    return Readout<T>(x, r);
  }

  const Model model_;
  const FloatEngineOptions options_;
  const Prepared<double> double_;
  const Prepared<float> float_;
};

absl::StatusOr<FloatEngine> FloatEngine::Create(
    const Model& model, const FloatEngineOptions& options) {
  if (!(options.scale > 0) || !std::isfinite(options.scale)) {
    return absl::InvalidArgumentError(
        absl::StrCat("float:", absl::StrFormat("%g", options.scale),
                     ": the logit scale must be a positive finite number"));
  }
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  FloatEngine engine;
  engine.impl_ = std::make_unique<Impl>(model, options);
  return engine;
}

FloatEngine::FloatEngine(FloatEngine&&) noexcept = default;
FloatEngine& FloatEngine::operator=(FloatEngine&&) noexcept = default;
FloatEngine::~FloatEngine() = default;

absl::StatusOr<FloatDecision> FloatEngine::Run(const automata::Word& word,
                                               FloatObserver* observer) {
  return impl_->Run(word, observer);
}
const Model& FloatEngine::model() const { return impl_->model(); }
const FloatEngineOptions& FloatEngine::options() const {
  return impl_->options();
}

std::int64_t FloatRunScores(const Model& model, int n) {
  std::int64_t scores = 0;
  for (const Layer& layer : model.layers) {
    for (const Head& head : layer.heads)
      scores += KeysInMasks(head.mask, model.SequenceLength(n));
  }
  return scores;
}

Model SaturatedLimit(const Model& model) {
  Model out = model;
  for (Layer& layer : out.layers) {
    for (Head& head : layer.heads) head.mode = AttentionMode::kSaturated;
  }
  return out;
}

}  // namespace satcirc
