// MAJORITY (strict: #1 > #0) with one uniform saturated head.
//
// With Q = K = 0 every score ties, so a saturated head averages over all
// positions (Merrill et al. 2021, sec. 5: saturated heads can count). Averaging
// the indicator of '1' gives #1/n; the readout accepts iff #1/n - 1/2 > 0. No
// positional encoding and no BOS: the empty input has no positions and y = -1/2
// (reject, as #1 = #0).
#include "lib/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

namespace {

absl::StatusOr<Model> BuildMajorityWith(AttentionMode mode, std::string name) {
  ModelBuilder b(std::move(name), "01");
  b.Describe(
      "Strict majority (#1 > #0): a uniform saturated head averages the "
      "indicator of '1'; accept iff the average exceeds 1/2.");
  Feature is_one = b.TokenIndicator("is_one", '1');
  Feature frac_ones = b.AddFeature("frac_ones");
  b.AddLayer().AddHead("mean", mode, Mask::kNone).Average(is_one, frac_ones);
  b.SetReadout(ReadoutPosition::kLast, {{frac_ones, 1}}, Rational(-1, 2));
  return b.Build();
}

}  // namespace

absl::StatusOr<Model> BuildMajority() {
  return BuildMajorityWith(AttentionMode::kSaturated, "majority");
}

// Negative control: the same weights with a hard_left head. All scores tie, so
// the head reads position 0 only: the model computes FIRST, not MAJORITY
// (unique hard attention cannot count: Hahn 2020; Hao, Angluin, Frank 2022).
absl::StatusOr<Model> BuildMajorityHard() {
  absl::StatusOr<Model> m =
      BuildMajorityWith(AttentionMode::kHardLeft, "majority-hard");
  if (m.ok()) {
    m->description =
        "Negative control: zoo:majority's weights with a hard_left head, "
        "which reads the first symbol only (it computes FIRST).";
  }
  return m;
}

}  // namespace satcirc::zoo
