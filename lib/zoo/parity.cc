// PARITY (an odd number of 1s) with two saturated layers: the score-peak route.
//
// Layer 1: a uniform head averages the indicator of '1' over all N = n + 1
// positions (BOS counts 0): c = k/N at every position, k = #1.
// Layer 2: a head with score 2·c·(j/N) − (j/N)² = (k² − (j − k)²)/N² peaks at
// the single position j = k, and copies (−1)^j from there: (−1)^k. Readout: y =
// −(−1)^k, positive iff k is odd: |y| = 1, the margin at every n. The top two
// scores differ by 1/N², which is why the float engine needs a logit scale
// growing like N² (a saturated alternative to the MLP route of Chiang &
// Cholak 2022).
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

namespace {

absl::StatusOr<Model> BuildParityWith(AttentionMode mode, std::string name) {
  ModelBuilder b(std::move(name), "01");
  b.Describe(
      "PARITY: a uniform head gives c = #1/N; a second head with score "
      "2c(j/N) - (j/N)^2 peaks at j = #1 and reads (-1)^j there.");
  b.WithBos();
  Feature is_one = b.TokenIndicator("is_one", '1');
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature pf = b.Positional("pos_frac", PositionalFunction::kPositionFraction);
  Feature pf2 =
      b.Positional("pos_frac_sq", PositionalFunction::kPositionFractionSquared);
  Feature alt = b.Positional("alt", PositionalFunction::kAlternating);
  Feature c = b.AddFeature("frac_ones");
  Feature sign = b.AddFeature("sign");
  b.AddLayer().AddHead("count", mode, Mask::kNone).Average(is_one, c);
  b.AddLayer()
      .AddHead("peak", mode, Mask::kNone)
      .ScoreTerm(c, pf, 2)
      .ScoreTerm(one, pf2, -1)
      .Average(alt, sign);
  b.SetReadout(ReadoutPosition::kLast, {{sign, -1}}, 0);
  return b.Build();
}

}  // namespace

absl::StatusOr<Model> BuildParity() {
  return BuildParityWith(AttentionMode::kSaturated, "parity");
}

// Negative control: the same weights with hard_left heads. The counting head's
// scores all tie, so it reads BOS only and c = 0; the peak is then at j = 0
// and the model rejects every input with y = −1 (PARITY is not in AC0: Furst,
// Saxe, Sipser 1984; Hahn 2020).
absl::StatusOr<Model> BuildParityHard() {
  absl::StatusOr<Model> m =
      BuildParityWith(AttentionMode::kHardLeft, "parity-hard");
  if (m.ok()) {
    m->description =
        "Negative control: zoo:parity's weights with hard_left heads; the "
        "counting head reads BOS only, so the model rejects everything.";
  }
  return m;
}

}  // namespace satcirc::zoo
