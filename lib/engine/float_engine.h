// The floating-point reference network: docs/semantics.md's float:c semantics.
// Every head — saturated, hard or softmax — is run as softmax(c · s) over its
// mask, with s = scale · (q · k), in IEEE double (or float). As c → ∞ a
// saturated head tends to its saturated semantics; a hard head becomes
// saturated, not hard (ties share the weight). Models may declare layer
// normalization (Model::layer_norm), which only this engine runs.
//
// A NaN or an infinity anywhere in the residual stream is an error naming the
// input, the layer, the position and the feature; it is never passed on.
#ifndef SATCIRC_LIB_ENGINE_FLOAT_ENGINE_H_
#define SATCIRC_LIB_ENGINE_FLOAT_ENGINE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "lib/model/model.h"

namespace satcirc {

struct FloatEngineOptions {
  double scale = 1;     // c > 0, finite
  bool single = false;  // IEEE float instead of double
};

struct FloatDecision {
  bool accept = false;  // y > 0
  double value = 0;     // the readout y
};

// Sees the inside of one run (for the saturation experiments). Layers count
// from 1.
class FloatObserver {
 public:
  virtual ~FloatObserver() = default;
  // One attention row: the scores s_pq (without c) and the softmax weights of
  // position p over the keys of its mask, in key order.
  virtual void OnAttentionRow(int /*layer*/, int /*head*/, int /*p*/,
                              std::span<const double> /*scores*/,
                              std::span<const double> /*weights*/) {}
  // The residual stream after a layer: x[p][f].
  virtual void OnLayerOutput(int /*layer*/,
                             const std::vector<std::vector<double>>& /*x*/) {}
};

class FloatEngine {
 public:
  // Errors: a scale that is not positive and finite; a malformed model.
  static absl::StatusOr<FloatEngine> Create(const Model& model,
                                            const FloatEngineOptions& options);
  FloatEngine(FloatEngine&&) noexcept;
  FloatEngine& operator=(FloatEngine&&) noexcept;
  ~FloatEngine();

  // OutOfRange (naming input, layer, position, feature) on a NaN or infinity.
  absl::StatusOr<FloatDecision> Run(const automata::Word& word,
                                    FloatObserver* observer = nullptr);
  const Model& model() const;
  const FloatEngineOptions& options() const;

  class Impl;

 private:
  FloatEngine() = default;
  std::unique_ptr<Impl> impl_;
};

// The model whose exact semantics is the c → ∞ limit of float:c: hard heads
// made saturated, softmax heads saturated too.
Model SaturatedLimit(const Model& model);

// At most the attention scores one run on n symbols computes: every key of
// every head's mask at every position, O(n²) per head (softmax gives every
// key a weight). For refusing runs that would take hours.
std::int64_t FloatRunScores(const Model& model, int n);
// The most satcirc run computes: about 10-40 s on the project's machine.
inline constexpr std::int64_t kMaxFloatRunScores = 4'000'000'000;

}  // namespace satcirc

#endif  // SATCIRC_LIB_ENGINE_FLOAT_ENGINE_H_
