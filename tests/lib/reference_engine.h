// A second, deliberately naive implementation of docs/semantics.md,
// for the tests only: dense matrices, GMP rationals through satcirc::Rational,
// every score computed, no sharing with lib/engine/engine_core.h. The engines
// must agree with it.
#ifndef SATCIRC_TESTS_LIB_REFERENCE_ENGINE_H_
#define SATCIRC_TESTS_LIB_REFERENCE_ENGINE_H_

#include <vector>

#include "automata/alphabet.h"
#include "lib/model/model.h"

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

// ⌊x·2^bits⌋ / 2^bits.
inline Rational RoundDown(const Rational& x, int bits) {
  mpz_class scaled = x.gmp().get_num();
  mpz_mul_2exp(scaled.get_mpz_t(), scaled.get_mpz_t(), bits);
  mpz_fdiv_q(scaled.get_mpz_t(), scaled.get_mpz_t(),
             x.gmp().get_den().get_mpz_t());
  mpq_class q(scaled);
  mpq_div_2exp(q.get_mpq_t(), q.get_mpq_t(), bits);
  return Rational(q);
}

struct ReferenceOutcome {
  Rational y;                // the readout
  bool range_error = false;  // fixed:p only: a residual value left the range
};

// docs/semantics.md; with frac_bits ≥ 0, fixed:p: residual values and
// attention averages rounded down to multiples of 2^-frac_bits, and a range
// error when a residual value the engines compute (every position before the
// last layer, the readout position in it) leaves [−2^I, 2^I).
inline ReferenceOutcome ReferenceRunImpl(const Model& model,
                                         const automata::Word& word,
                                         int frac_bits) {
  const bool fixed = frac_bits >= 0;
  ReferenceOutcome outcome;
  const Rational bound(mpq_class(mpz_class(1) << model.integer_bits));
  std::vector<int> tokens;
  if (model.bos) tokens.push_back(model.bos_token());
  for (automata::Symbol s : word) tokens.push_back(s);
  if (model.eos) tokens.push_back(model.eos_token());
  const int n = static_cast<int>(tokens.size());
  const int d = model.dim();
  int r = 0;
  if (model.readout.position == ReadoutPosition::kLast ||
      model.readout.position == ReadoutPosition::kEos) {
    r = n - 1;
  }
  std::vector<RVec> x(n, RVec(d));
  // Rounds and range-checks x[p] (fixed only); `checked` says whether the
  // engines compute this value.
  auto settle = [&](RVec& v, bool checked) {
    if (!fixed) return;
    for (Rational& e : v) {
      e = RoundDown(e, frac_bits);
      if (checked && (e < -bound || !(e < bound))) outcome.range_error = true;
    }
  };
  for (int p = 0; p < n; ++p) {
    for (int f = 0; f < d; ++f)
      x[p][f] = model.token_embedding.at(tokens[p], f);
    for (const PositionalFeature& pf : model.positional) {
      x[p][pf.feature] =
          x[p][pf.feature] + EvaluatePositional(pf.function, p, n);
    }
    settle(x[p], true);
  }
  for (size_t l = 0; l < model.layers.size(); ++l) {
    const Layer& layer = model.layers[l];
    const bool last = l + 1 == model.layers.size();
    std::vector<RVec> next = x;
    for (const Head& head : layer.heads) {
      for (int p = 0; p < n; ++p) {
        std::vector<int> allowed;
        for (int q = 0; q < n; ++q) {
          if (head.mask == Mask::kCausal && q > p) continue;
          if (head.mask == Mask::kStrict && q >= p) continue;
          if (head.mask == Mask::kFuture && q <= p) continue;
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
          if (fixed) {
            for (Rational& a : avg) a = RoundDown(a, frac_bits);
          }
        }
        RVec out = Apply(head.w_o, avg);
        for (int f = 0; f < d; ++f) next[p][f] = next[p][f] + out[f];
      }
    }
    x = next;
    for (int p = 0; p < n; ++p) settle(x[p], !last || p == r);
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
      settle(x[p], !last || p == r);
    }
  }
  if (n == 0) {
    outcome.y = model.readout.bias;
  } else {
    outcome.y = Dot(model.readout.weights, x[r]) + model.readout.bias;
  }
  return outcome;
}

// Returns the readout y (exact semantics).
inline Rational ReferenceRun(const Model& model, const automata::Word& word) {
  return ReferenceRunImpl(model, word, -1).y;
}

// fixed:frac_bits.
inline ReferenceOutcome ReferenceRunFixed(const Model& model,
                                          const automata::Word& word,
                                          int frac_bits) {
  return ReferenceRunImpl(model, word, frac_bits);
}

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_REFERENCE_ENGINE_H_
