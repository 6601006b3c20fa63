// FIRST (the first symbol is 1) with one hard-attention head.
//
// With Q = K = 0 every position ties; hard_left attention takes the leftmost,
// the first symbol, and copies its indicator of '1': y = ±1/2, the margin at
// every n (the empty input has no positions: y = −1/2). Unique hard attention
// is enough for FIRST, an AC0 function of sensitivity 1 (Hahn 2020; Hao et
// al. 2022).
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

absl::StatusOr<Model> BuildFirst() {
  ModelBuilder b("first", "01");
  b.Describe(
      "FIRST: a hard_left head with all scores tied attends position 0 and "
      "copies whether it is '1'.");
  Feature is_one = b.TokenIndicator("is_one", '1');
  Feature first = b.AddFeature("first_is_one");
  b.AddLayer()
      .AddHead("leftmost", AttentionMode::kHardLeft, Mask::kNone)
      .Average(is_one, first);
  b.SetReadout(ReadoutPosition::kLast, {{first, 1}}, Rational(-1, 2));
  return b.Build();
}

}  // namespace satcirc::zoo
