// The measurement of `satcirc saturate` for one model (docs/saturate.md):
//
//  - c*(n) at every length (FindScale) and its fitted growth c* ≈ a·nᵏ;
//  - the saturation metrics at one length (MeasureSaturation);
//  - with a language: the accuracy against it as the logit scale grows — the
//    share of the strings that float:c decides as the language does, at each
//    scale, beside the share its saturated limit (the exact engine on the
//    model with every head saturated, SaturatedLimit) decides so.
//
// Every part takes the same strings of a length: ExperimentStrings (all of
// Σⁿ up to the exhaustive limit, else the checker's seeded sample).
#ifndef SATCIRC_LIB_EXPERIMENTS_SATURATE_H_
#define SATCIRC_LIB_EXPERIMENTS_SATURATE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/experiments/experiments.h"
#include "lib/experiments/plot.h"
#include "lib/model/model.h"

namespace satcirc {

// Accuracy against a language at one length.
struct LanguageAccuracy {
  int n = 0;
  bool exhaustive = false;
  std::uint64_t strings = 0;
  std::vector<double> scales{};
  // Per scale, the share of the strings float:c decides as the language
  // does; a run with a NaN or an infinity counts as wrong.
  std::vector<double> float_accuracy{};
  // The saturated limit's share; nullopt when the limit has no exact
  // semantics (a model with layer norm).
  std::optional<double> limit_accuracy{};
  // With every parameter scaled (MeasureLanguageAccuracy's `parameters`):
  // per scale, the share float:1 decides as the language does on the model
  // with every parameter multiplied by c (ScaleParameters), and the share of
  // the parameter limit (lib/engine/param_limit.h); empty and nullopt
  // otherwise, or when the model has layer norm (no parameter limit).
  std::vector<double> param_float_accuracy{};
  std::optional<double> param_limit_accuracy{};
};

// At each scale, and in the limit; with `parameters`, with every parameter
// scaled too. strings.language is required (its alphabet must be the
// model's); n is at most kMaxFloatExperimentLength.
absl::StatusOr<LanguageAccuracy> MeasureLanguageAccuracy(
    const Model& model, int n, const std::vector<double>& scales,
    const StringSet& strings, int threads = 0, bool parameters = false);

struct SaturateOptions {
  std::vector<int> lengths{};    // of c*(n) (and of the accuracy)
  std::vector<double> scales{};  // of the metrics and the accuracy
  int metrics_length = 0;        // the length of the metrics
  StringSet strings{};           // with a language: the accuracy too
  int threads = 0;               // 0: one per core
  bool parameters = false;       // the accuracy with every parameter scaled
};

struct SaturationReport {
  std::vector<ScaleResult> scales{};  // c*(n), one per length
  std::optional<PowerFit> fit{};  // over the lengths above the floor, n ≥ 2
  int at_floor = 0;               // lengths where any scale works
  std::vector<SaturationMetrics> metrics{};  // at metrics_length, per scale
  // Without a language: empty. With one: per length of `lengths`, in order,
  // and then at metrics_length (copied when it is one of them).
  std::vector<LanguageAccuracy> accuracy{};
  std::optional<LanguageAccuracy> metrics_accuracy{};
};

// Calls `step` after each length and after the metrics (for a progress
// bar): lengths.size() + 1 steps.
absl::StatusOr<SaturationReport> MeasureSaturate(
    const Model& model, const SaturateOptions& options,
    const std::function<void()>& step = [] {});

}  // namespace satcirc

#endif  // SATCIRC_LIB_EXPERIMENTS_SATURATE_H_
