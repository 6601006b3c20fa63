// The parameter limit of a model (docs/semantics.md, "Limits"): the decision
// that the model with every parameter multiplied by c takes for all large c —
// Merrill et al.'s saturated transformer, lim f(x; c·θ).
//
// With every weight scaled, each value the model computes is a polynomial in c
// with exact rational coefficients (positional features, which are not
// parameters, are its constant terms). Scores q·k carry c from W_Q and c from
// W_K, so two scores differ by a multiple of c², and softmax over them tends
// to the uniform average over the scores that are largest as c → ∞: the
// largest in the order of polynomials by their highest differing coefficient.
// ReLU keeps a polynomial that is positive for large c and zeroes one that is
// not, and the model accepts when y is positive for large c. So the limit is
// the exact semantics run on polynomials in c, ordered as c → ∞: this engine.
// Softmax heads become saturated; hard and saturated heads keep their mode.
#ifndef SATCIRC_LIB_ENGINE_PARAM_LIMIT_H_
#define SATCIRC_LIB_ENGINE_PARAM_LIMIT_H_

#include <gmpxx.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "lib/base/rational.h"
#include "lib/model/model.h"

namespace satcirc {

// A polynomial in the scale c, a₀ + a₁c + … + a_k c^k, with exact rational
// coefficients; compared as c → ∞ (the sign of the highest nonzero
// coefficient of the difference), which makes it an ordered ring.
class ScalePoly {
 public:
  ScalePoly() = default;  // 0
  // a·c^k.
  static ScalePoly Monomial(const Rational& a, int k = 0);
  // -1 for the zero polynomial.
  int degree() const { return static_cast<int>(coef_.size()) - 1; }
  // a_k (0 above the degree).
  Rational coefficient(int k) const;
  // The sign for all large c: of the highest nonzero coefficient; 0 for 0.
  int Sign() const;
  // The value at c (exact).
  Rational At(const Rational& c) const;
  // "3/2·c^2 - c + 1/4"; "0".
  std::string ToString() const;

  ScalePoly& operator+=(const ScalePoly& b);
  ScalePoly& operator-=(const ScalePoly& b);
  // this += a · c^shift · b.
  void AddScaled(const mpq_class& a, int shift, const ScalePoly& b);
  // this += a · b, without building a · b (a and b are not this).
  void AddProduct(const ScalePoly& a, const ScalePoly& b);
  // this /= n (n > 0).
  void DivideBy(long n);
  friend ScalePoly operator*(const ScalePoly& a, const ScalePoly& b);
  // Negative, zero or positive as a < b, a = b or a > b for all large c.
  friend int Compare(const ScalePoly& a, const ScalePoly& b);
  friend bool operator==(const ScalePoly&, const ScalePoly&) = default;

 private:
  void Trim();
  std::vector<mpq_class> coef_;  // coef_[k] of c^k; no trailing zero
};

struct ParamLimitDecision {
  bool accept = false;  // y > 0 for all large c
  ScalePoly value;      // y as a polynomial in c
};

namespace internal {
struct ParamLimitWeights;
}

class ParamLimitEngine {
 public:
  // FailedPrecondition for a model with layer normalization (the exact
  // semantics has none).
  static absl::StatusOr<ParamLimitEngine> Create(const Model& model);
  ParamLimitEngine(ParamLimitEngine&&) noexcept;
  ParamLimitEngine& operator=(ParamLimitEngine&&) noexcept;
  ~ParamLimitEngine();

  ParamLimitDecision Run(const automata::Word& word) const;
  const Model& model() const { return *model_; }

 private:
  ParamLimitEngine() = default;
  std::unique_ptr<Model> model_;
  std::unique_ptr<internal::ParamLimitWeights> weights_;
};

// Every parameter of the model multiplied by c: the token embedding, every
// head's W_Q, W_K, W_V, W_O, every MLP's W₁, b₁, W₂, b₂ and the readout's
// weights and bias. Positional features (functions of the position, not
// parameters) and head scales (fixed, not trained) stay. c > 0.
Model ScaleParameters(const Model& model, const Rational& c);

}  // namespace satcirc

#endif  // SATCIRC_LIB_ENGINE_PARAM_LIMIT_H_
