// A second, deliberately naive implementation of DESIGN.md's model semantics,
// for the tests only: dense matrices, GMP rationals through satcirc::Rational,
// every score computed, no sharing with lib/engine_core.h. The engines must
// agree with it.
#ifndef SATCIRC_TESTS_LIB_REFERENCE_ENGINE_H_
#define SATCIRC_TESTS_LIB_REFERENCE_ENGINE_H_

#include <vector>

#include "automata/alphabet.h"
#include "lib/model.h"

namespace satcirc::testing {

using RVec = std::vector<Rational>;

inline RVec Apply(const Matrix& m, const RVec& x) {
  RVec y(m.rows, Rational(0));
  for (int i = 0; i < m.rows; ++i) {
    for (int j = 0; j < m.cols; ++j) y[i] = y[i] + m.at(i, j) * x[j];
  }
  return y;
}

inline Rational Dot(const RVec& a, const RVec& b) {
  Rational s = 0;
  for (size_t i = 0; i < a.size(); ++i) s = s + a[i] * b[i];
  return s;
}

// Returns the readout y.
inline Rational ReferenceRun(const Model& model, const automata::Word& word) {
  std::vector<int> tokens;
  if (model.bos) tokens.push_back(model.bos_token());
  for (automata::Symbol s : word) tokens.push_back(s);
  if (model.eos) tokens.push_back(model.eos_token());
  const int n = static_cast<int>(tokens.size());
  const int d = model.dim();
  std::vector<RVec> x(n, RVec(d));
  for (int p = 0; p < n; ++p) {
    for (int f = 0; f < d; ++f)
      x[p][f] = model.token_embedding.at(tokens[p], f);
    for (const PositionalFeature& pf : model.positional) {
      x[p][pf.feature] =
          x[p][pf.feature] + EvaluatePositional(pf.function, p, n);
    }
  }
  for (const Layer& layer : model.layers) {
    std::vector<RVec> next = x;
    for (const Head& head : layer.heads) {
      for (int p = 0; p < n; ++p) {
        std::vector<int> allowed;
        for (int q = 0; q < n; ++q) {
          if (head.mask == Mask::kCausal && q > p) continue;
          if (head.mask == Mask::kStrict && q >= p) continue;
          allowed.push_back(q);
        }
        RVec avg(head.w_v.rows, Rational(0));
        if (!allowed.empty()) {
          const RVec query = Apply(head.w_q, x[p]);
          std::vector<Rational> scores;
          for (int q : allowed)
            scores.push_back(head.scale * Dot(query, Apply(head.w_k, x[q])));
          Rational best = scores[0];
          for (const Rational& s : scores) best = std::max(best, s);
          std::vector<int> argmax;
          for (size_t i = 0; i < allowed.size(); ++i) {
            if (scores[i] == best) argmax.push_back(allowed[i]);
          }
          if (head.mode == AttentionMode::kHardLeft) argmax = {argmax.front()};
          if (head.mode == AttentionMode::kHardRight) argmax = {argmax.back()};
          for (int q : argmax) {
            RVec v = Apply(head.w_v, x[q]);
            for (size_t i = 0; i < v.size(); ++i) {
              avg[i] =
                  avg[i] + v[i] / Rational(static_cast<long>(argmax.size()));
            }
          }
        }
        RVec out = Apply(head.w_o, avg);
        for (int f = 0; f < d; ++f) next[p][f] = next[p][f] + out[f];
      }
    }
    x = next;
    for (int p = 0; p < n; ++p) {
      RVec h = Apply(layer.mlp.w1, x[p]);
      for (size_t i = 0; i < h.size(); ++i) {
        h[i] = h[i] + layer.mlp.b1[i];
        if (h[i].Sign() < 0) h[i] = 0;
      }
      RVec out = layer.mlp.hidden() > 0 ? Apply(layer.mlp.w2, h)
                                        : RVec(d, Rational(0));
      for (int f = 0; f < d; ++f) {
        x[p][f] = x[p][f] + out[f] +
                  (layer.mlp.b2.empty() ? Rational(0) : layer.mlp.b2[f]);
      }
    }
  }
  if (n == 0) return model.readout.bias;
  int r = 0;
  if (model.readout.position == ReadoutPosition::kLast ||
      model.readout.position == ReadoutPosition::kEos) {
    r = n - 1;
  }
  return Dot(model.readout.weights, x[r]) + model.readout.bias;
}

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_REFERENCE_ENGINE_H_
