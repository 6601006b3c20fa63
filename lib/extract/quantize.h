// Rounding a model's weights (docs/extraction.md): every weight of the token
// embedding, the heads (W_Q, W_K, W_V, W_O), the MLPs (matrices and biases)
// and the readout (weights and bias) to the nearest point of a grid, exactly.
// The structure stays: features, positional functions, masks, attention
// modes, head scales, layer norm.
//
// A trained network's weights are float64 values, exact rationals with
// denominators up to 2^1074; on a grid 2^-k they share the denominator 2^k,
// which the exact engine's int64 arithmetic and the compiler can carry.
#ifndef SATCIRC_LIB_EXTRACT_QUANTIZE_H_
#define SATCIRC_LIB_EXTRACT_QUANTIZE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/base/rational.h"
#include "lib/model/model.h"

namespace satcirc::extract {

// The grid a weight w is rounded to:
//   kGrid, k: the multiples of 2^-k (k = 0 … 62): absolute error ≤ 2^-(k+1);
//   kBits, k: k significant bits (k = 1 … 62), the multiples of 2^(e−k+1)
//             where 2^e ≤ |w| < 2^(e+1): relative error ≤ 2^-k.
// Ties are rounded away from zero; 0 stays 0.
struct Rounding {
  enum class Kind { kGrid, kBits };
  Kind kind = Kind::kGrid;
  int k = 8;
};

inline constexpr int kMaxRoundingBits = 62;

// "grid:K" or "bits:K"; InvalidArgument naming the spec otherwise.
absl::StatusOr<Rounding> ParseRounding(absl::string_view spec);
// "grid:8", "bits:6".
std::string RoundingName(const Rounding& r);
// A sentence for a description: "the grid 2^-8", "8 significant bits".
std::string RoundingPhrase(const Rounding& r);

// w rounded to the grid of r, exactly.
Rational Round(const Rational& w, const Rounding& r);

struct QuantizeStats {
  int weights = 0;         // weights rounded (every entry, zeros included)
  int changed = 0;         // weights that moved
  int nonzero_before = 0;  // nonzero weights before and after
  int nonzero_after = 0;
  Rational largest_change;  // max |round(w) − w|
  // The largest denominator among the rounded weights (2^k or less on a
  // grid; with significant bits, set by the smallest weight).
  Rational largest_denominator = 1;
};

// The model with every weight rounded; its name gets "-" + RoundingName and
// its description says how it was made. *stats (when set) says what moved.
Model Quantize(const Model& model, const Rounding& r,
               QuantizeStats* stats = nullptr);

}  // namespace satcirc::extract

#endif  // SATCIRC_LIB_EXTRACT_QUANTIZE_H_
