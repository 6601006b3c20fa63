// MAJORITY (strict: #1 > #0) with one uniform saturated head.
//
// With Q = K = 0 every score ties, so a saturated head averages over all
// positions (Merrill et al. 2021, sec. 5: saturated heads can count). Averaging
// the indicator of '1' gives #1/n, and #1/n − 1/2 = (2·#1 − n)/(2n) is
// ≥ 1/(2n) on a majority and ≤ 0 otherwise — exactly 0 on a tie #1 = #0,
// where a readout accepting iff y > 0 would be decided by rounding. So the
// readout subtracts 1/(4n), the middle of that gap, read from the inverse
// position 1/(p+1) = 1/n at the last position p = n − 1 (the only positional
// feature; the head never sees it): y = #1/n − 1/2 − 1/(4n) =
// (4·#1 − 2n − 1)/(4n). The numerator is odd, so |y| ≥ 1/(4n), attained at
// #1 = n/2 and #1 = (n + 1)/2. No BOS: the empty input has no positions and
// y = −1/2 (reject, as #1 = #0).
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

namespace {

absl::StatusOr<Model> BuildMajorityWith(AttentionMode mode, std::string name) {
  ModelBuilder b(std::move(name), "01");
  b.Describe(
      "Strict majority (#1 > #0): a uniform saturated head averages the "
      "indicator of '1'; accept iff the average exceeds 1/2 + 1/(4n), the "
      "middle of the gap between a tie and the smallest majority.");
  Feature is_one = b.TokenIndicator("is_one", '1');
  Feature inv = b.Positional("inv_pos", PositionalFunction::kInversePosition);
  Feature frac_ones = b.AddFeature("frac_ones");
  b.AddLayer().AddHead("mean", mode, Mask::kNone).Average(is_one, frac_ones);
  b.SetReadout(ReadoutPosition::kLast, {{frac_ones, 1}, {inv, Rational(-1, 4)}},
               Rational(-1, 2));
  return b.Build();
}

}  // namespace

absl::StatusOr<Model> BuildMajority() {
  return BuildMajorityWith(AttentionMode::kSaturated, "majority");
}

// Negative control: the same weights with a hard_left head. All scores tie, so
// the head reads position 0 only: the model computes FIRST, not MAJORITY
// (unique hard attention cannot count: Hahn 2020; Hao, Angluin, Frank 2022).
// y = ±1/2 − 1/(4n), so |y| ≥ 1/2 − 1/(4n) ≥ 1/4 (and y = −1/2 on the empty
// input).
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
