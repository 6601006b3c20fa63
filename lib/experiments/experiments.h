// The experiments of the theory (issue #6), on the float reference network:
//
//  - FindScale: c*(n), the smallest logit scale at which float:c decides every
//    string of length n as the exact engine does (Merrill et al.: saturated
//    attention is the c → ∞ limit of softmax(c·s));
//  - MeasureSaturation: at a scale c, per head the mean L1 distance between
//    the softmax rows and the saturated rows of the same scores
//    (docs/saturate.md: ‖softmax(c·a) − ζ(a)‖₁), and per layer the mean cosine
//    similarity between the hidden states at c and in the limit (Merrill et
//    al. 2021's saturation metric, with the limit computed exactly);
//  - MeasureSharpness: Hahn & Rofin's proxy, the mean increase of the loss
//    under Gaussian parameter noise, and the fraction of decisions that flip.
//
// Strings: all of Σⁿ up to an exhaustive limit, else the checker's seeded
// sample (SampleCheckWords).
#ifndef SATCIRC_LIB_EXPERIMENTS_EXPERIMENTS_H_
#define SATCIRC_LIB_EXPERIMENTS_EXPERIMENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"
#include "lib/model/model.h"

namespace satcirc {

// The float engine computes every score (O(N²) per head and string), and the
// experiments run it on hundreds of strings per scale: longer inputs are
// refused (InvalidArgument) rather than left to run for hours.
inline constexpr int kMaxFloatExperimentLength = 4096;
absl::Status CheckFloatExperimentLength(int n);

struct StringSet {
  std::uint64_t exhaustive_limit = std::uint64_t{1} << 16;
  int samples = 1000;
  std::uint64_t seed = 1;
  // Sampling beyond the limit (members, near misses, uniform strings) and the
  // labels of the sharpness loss; may be null for FindScale (uniform strings).
  const automata::Language* language = nullptr;
};

// The strings of length n the experiments use, and whether that is all of Σⁿ.
// ResourceExhausted, with the size, when holding them would pass
// kMaxExperimentBytes.
absl::StatusOr<std::vector<automata::Word>> ExperimentStrings(
    const Model& model, int n, const StringSet& set, bool* exhaustive);

// The limits of one experiment command, checked before anything runs: the
// strings of one length held in memory, and the estimated time of the whole
// run (docs/saturate.md, "Limitations").
inline constexpr double kMaxExperimentBytes = double{1 << 30};  // 1 GiB
inline constexpr double kMaxExperimentSeconds = 3600;           // 1 hour

// What the strings of one length cost, estimated without building them.
struct ExperimentCost {
  double strings = 0;  // all of Σⁿ, or the sample
  bool exhaustive = false;
  double bytes = 0;  // holding them in memory
  // One float-engine pass over them on one core (a scale tried, a noise
  // draw), from the model's shape: scores, value sums and matrix products.
  double pass_seconds = 0;
};
ExperimentCost EstimateExperimentCost(const Model& model, int n,
                                      const StringSet& set);

// Passes a scale search typically makes (doubling from 1/1024 to c* ≈ 10³,
// then bisection to 1 %); the estimate of FindScale's time.
inline constexpr int kTypicalScalePasses = 25;

// "3.2 s", "14 min", "2.5 h", "9.1 days": a duration for a message.
std::string DurationText(double seconds);
// "512 MiB", "64 TiB".
std::string BytesText(double bytes);

// OK, or ResourceExhausted "<what> is estimated at <time> on one core
// (<detail>), over the limit of 1 h: <advice>".
absl::Status CheckExperimentTime(double seconds, const std::string& what,
                                 const std::string& detail,
                                 const std::string& advice);

struct ScaleOptions {
  StringSet strings;
  double min_scale = 1.0 / 1024;  // the search starts here
  double max_scale = 1e12;        // and gives up above this
  double tolerance = 0.01;        // bisection until hi/lo ≤ 1 + tolerance
  int threads = 0;                // 0: one per core
};

struct ScaleResult {
  int n = 0;
  // c*(n); nullopt when no scale up to max_scale agrees.
  std::optional<double> scale;
  bool at_floor = false;  // agreement already at min_scale
  bool exhaustive = false;
  std::uint64_t strings = 0;
  int evaluations = 0;  // scales tried
  // A string on which the largest disagreeing scale tried disagrees (reset
  // when the floor agrees). When no scale agrees (scale is nullopt), that is
  // the largest scale tried: the string no scale in the range gets right.
  std::optional<automata::Word> witness;
  double witness_scale = 0;            // that scale
  bool witness_exact_accepts = false;  // the exact engine's decision on it
  // float:witness_scale's readout on it; NaN when the float engine failed
  // (a NaN or infinity).
  double witness_float_value = 0;
};

// Doubling from min_scale until float:c agrees with the exact engine on every
// string, then bisection (geometric) between the last disagreeing and the
// first agreeing scale until they are within `tolerance`. A NaN or infinity
// counts as a disagreement. The exact engine runs the model itself, or, for
// a model it does not cover (softmax heads: a trained network), the model's
// saturated limit (SaturatedLimit), the only exact meaning it has.
absl::StatusOr<ScaleResult> FindScale(const Model& model, int n,
                                      const ScaleOptions& options);

struct SaturationMetrics {
  double scale = 0;
  // [layer][head]: mean over strings and positions of ‖softmax row − ζ‖₁.
  std::vector<std::vector<double>> head_l1;
  // [layer]: mean over strings and positions of cos(x(c), x(∞)); empty when
  // the limit has no exact semantics (layer norm).
  std::vector<double> layer_cosine;
  std::uint64_t strings = 0;
};

// At each scale. The saturated rows ζ take the scores within 10⁻⁹·(1 + |max|)
// of the row's maximum as tied (scores that tie exactly can differ by
// rounding).
absl::StatusOr<std::vector<SaturationMetrics>> MeasureSaturation(
    const Model& model, int n, const std::vector<double>& scales,
    const StringSet& strings);

struct SharpnessOptions {
  double sigma = 0.02;  // ε ~ N(0, σ²) on every weight and bias
  int draws = 10;
  double scale = 1;  // the float engine's c
  std::uint64_t seed = 1;
  StringSet strings;  // strings.language labels the loss: required
};

struct SharpnessResult {
  int n = 0;
  double base_loss = 0;        // mean logistic loss log(1 + e^{−t·y})
  double mean_increase = 0;    // mean over draws of L(θ + ε) − L(θ)
  double increase_stderr = 0;  // its standard error over the draws
  double flip_fraction = 0;    // decisions that differ from θ's
  double base_accuracy = 0;    // of θ's decisions against the language
  std::uint64_t strings = 0;
  bool exhaustive = false;
};

absl::StatusOr<SharpnessResult> MeasureSharpness(
    const Model& model, int n, const SharpnessOptions& options);

}  // namespace satcirc

#endif  // SATCIRC_LIB_EXPERIMENTS_EXPERIMENTS_H_
