// The transformer IR: exactly the model of docs/semantics.md.
//
// A model has a residual stream of named features (dimensions). Tokens are the
// alphabet's symbols, then BOS, then EOS when the model uses them. All weights
// are exact rationals; the engines decide how to compute with them.
#ifndef SATCIRC_LIB_MODEL_MODEL_H_
#define SATCIRC_LIB_MODEL_MODEL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "automata/alphabet.h"
#include "lib/base/rational.h"

namespace satcirc {

// A dense matrix, row-major. rows x cols; rows == 0 is allowed (an empty map).
struct Matrix {
  int rows = 0;
  int cols = 0;
  std::vector<Rational> data;

  Matrix() = default;
  Matrix(int r, int c) : rows(r), cols(c), data(static_cast<size_t>(r) * c) {}
  Rational& at(int r, int c) { return data[static_cast<size_t>(r) * cols + c]; }
  const Rational& at(int r, int c) const {
    return data[static_cast<size_t>(r) * cols + c];
  }
  bool IsZero() const;
  friend bool operator==(const Matrix&, const Matrix&) = default;
};

// a·b (a.cols == b.rows), exactly; zero entries of a and b are skipped (a
// head's W_O·W_V is mostly zero in a construction).
Matrix MatrixProduct(const Matrix& a, const Matrix& b);

using Vector = std::vector<Rational>;

// The catalogue of positional features: rational functions of the position p
// (0-based, counting BOS/EOS) and the sequence length N (counting them too).
enum class PositionalFunction {
  kPosition,                 // p
  kPositionFraction,         // p / N
  kPositionFractionSquared,  // (p / N)^2
  kInversePosition,          // 1 / (p + 1)
  kAlternating,              // (-1)^p
  kIsFirst,                  // [p = 0]
  kIsLast,                   // [p = N - 1]
  kConstant,                 // 1
};
inline constexpr PositionalFunction kAllPositionalFunctions[] = {
    PositionalFunction::kPosition,
    PositionalFunction::kPositionFraction,
    PositionalFunction::kPositionFractionSquared,
    PositionalFunction::kInversePosition,
    PositionalFunction::kAlternating,
    PositionalFunction::kIsFirst,
    PositionalFunction::kIsLast,
    PositionalFunction::kConstant};
// File names: "position", "position_fraction", "position_fraction_squared",
// "inverse_position", "alternating", "is_first", "is_last", "constant".
absl::string_view PositionalFunctionName(PositionalFunction f);
std::optional<PositionalFunction> ParsePositionalFunction(
    absl::string_view name);
// P_f(p, N) exactly. Requires 0 <= p < N.
Rational EvaluatePositional(PositionalFunction f, int p, int n_total);

struct PositionalFeature {
  int feature = 0;  // residual dimension that receives P(p, N)
  PositionalFunction function = PositionalFunction::kConstant;
  friend bool operator==(const PositionalFeature&,
                         const PositionalFeature&) = default;
};

// Which keys q position p may read: every q (none), q <= p (causal), q < p
// (strict) or q > p (future).
enum class Mask { kNone, kCausal, kStrict, kFuture };
enum class AttentionMode { kSaturated, kHardLeft, kHardRight, kSoftmax };
absl::string_view MaskName(Mask m);  // "none", "causal", "strict", "future"
std::optional<Mask> ParseMask(absl::string_view name);
absl::string_view AttentionModeName(
    AttentionMode m);  // "saturated", "hard_left", ...
std::optional<AttentionMode> ParseAttentionMode(absl::string_view name);

// The keys [begin, end) that position p of a sequence of `total` positions
// reads under a mask; empty (the head reads the zero vector) at p = 0 for
// strict and at p = total - 1 for future.
struct KeyRange {
  int begin = 0;
  int end = 0;
  bool empty() const { return end <= begin; }
  int size() const { return end - begin; }
};
inline KeyRange MaskRange(Mask mask, int p, int total) {
  switch (mask) {
    case Mask::kCausal:
      return {0, p + 1};
    case Mask::kStrict:
      return {0, p};
    case Mask::kFuture:
      return {p + 1, total};
    case Mask::kNone:
      break;
  }
  return {0, total};
}
// Whether every position's keys are a prefix [0, end): not so for future.
inline bool IsPrefixMask(Mask mask) { return mask != Mask::kFuture; }

// One attention head: q = W_Q x, k = W_K x, v = W_V x, score = scale * (q . k),
// output W_O * (attention-weighted average of v).
struct Head {
  std::string name;
  Mask mask = Mask::kNone;
  AttentionMode mode = AttentionMode::kSaturated;
  Rational scale = 1;  // > 0; "no 1/sqrt(d) unless the model declares a scale"
  Matrix w_q;          // d_k x d
  Matrix w_k;          // d_k x d
  Matrix w_v;          // d_v x d
  Matrix w_o;          // d x d_v
  friend bool operator==(const Head&, const Head&) = default;
};

// x <- x + W2 ReLU(W1 x + b1) + b2. hidden == 0 (all empty) means no MLP.
struct Mlp {
  Matrix w1;  // h x d
  Vector b1;  // h
  Matrix w2;  // d x h
  Vector b2;  // d
  int hidden() const { return w1.rows; }
  friend bool operator==(const Mlp&, const Mlp&) = default;
};

struct Layer {
  std::vector<Head> heads;
  Mlp mlp;
  friend bool operator==(const Layer&, const Layer&) = default;
};

enum class ReadoutPosition { kFirst, kLast, kBos, kEos };
absl::string_view ReadoutPositionName(
    ReadoutPosition r);  // "first", "last", "bos", "eos"
std::optional<ReadoutPosition> ParseReadoutPosition(absl::string_view name);

// y = w . x_r + b; accept iff y > 0.
struct Readout {
  ReadoutPosition position = ReadoutPosition::kLast;
  Vector weights;  // d
  Rational bias;
  friend bool operator==(const Readout&, const Readout&) = default;
};

// Layer normalization, for the float engine only (the exact semantics has
// none): LN(x) = (x − mean x) / sqrt(var x + ε) over the d features
// (population variance, no gain or bias). Pre: every sublayer reads LN(x) and
// the readout reads LN(x_r); post: x ← LN(x + sublayer(x)).
enum class LayerNormPlacement { kNone, kPre, kPost };
absl::string_view LayerNormPlacementName(LayerNormPlacement p);  // "pre"...
struct LayerNormSpec {
  LayerNormPlacement placement = LayerNormPlacement::kNone;
  Rational epsilon = Rational(1, 100000);  // > 0
  friend bool operator==(const LayerNormSpec&, const LayerNormSpec&) = default;
};

inline constexpr absl::string_view kBosToken = "<bos>";
inline constexpr absl::string_view kEosToken = "<eos>";

struct Model {
  std::string name;
  std::string description;
  automata::Alphabet alphabet;
  bool bos = false;
  bool eos = false;
  std::vector<std::string>
      features;  // the residual stream, d = features.size()
  // One row per token: the alphabet's symbols in order, then BOS, then EOS
  // (when present). num_tokens() x d.
  Matrix token_embedding;
  std::vector<PositionalFeature> positional;
  std::vector<Layer> layers;
  Readout readout;
  // The declared integer range of the residual stream for fixed:p
  // (docs/semantics.md): every residual value must lie in [−2^integer_bits,
  // 2^integer_bits). 1 … 62; the file key "integer_bits", default 32.
  int integer_bits = kDefaultIntegerBits;
  // The file key "layer_norm": {"placement": "pre"|"post", "epsilon": ε}.
  LayerNormSpec layer_norm;
  static constexpr int kDefaultIntegerBits = 32;

  int dim() const { return static_cast<int>(features.size()); }
  int num_tokens() const {
    return alphabet.size() + (bos ? 1 : 0) + (eos ? 1 : 0);
  }
  int bos_token() const { return alphabet.size(); }
  int eos_token() const { return alphabet.size() + (bos ? 1 : 0); }
  std::string TokenName(int token) const;
  // Index of a feature by name, or -1.
  int FeatureIndex(absl::string_view name) const;
  // Sequence length N for an input of length n.
  int SequenceLength(int n) const { return n + (bos ? 1 : 0) + (eos ? 1 : 0); }
  // Uses any softmax head (no exact semantics).
  bool HasSoftmaxHead() const;
  friend bool operator==(const Model&, const Model&) = default;
};

// Checks every shape and name of the model; errors say where ("layer 2, head 1
// 'count': W_Q has 5 columns, the residual stream has 7") and what was
// expected.
absl::Status ValidateModel(const Model& model);

}  // namespace satcirc

#endif  // SATCIRC_LIB_MODEL_MODEL_H_
