// Star-free Tomita languages with masked unique hard attention. Masked hard
// attention recognizes exactly the star-free languages (Yang, Chiang, Angluin
// 2024); each construction below is a past-time temporal formula, one operator
// per layer: "some earlier position satisfies φ" is a hard head with a strict
// mask and score φ. Every feature a hard head reads is 0 or 1, and every
// readout is 1/2 minus such flags: y = 1/2 on a member and y ≤ −1/2 otherwise,
// a margin of 1/2 at every n.
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

// Tomita 1 = 1*: no '0' anywhere.
absl::StatusOr<Model> BuildTomita1() {
  ModelBuilder b("tomita1", "01");
  b.Describe("Tomita 1 = 1*: a hard head looks for a '0' anywhere.");
  Feature is_zero = b.TokenIndicator("is_zero", '0');
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature found = b.AddFeature("found_zero");
  b.AddLayer()
      .AddHead("any_zero", AttentionMode::kHardLeft, Mask::kNone)
      .ScoreTerm(one, is_zero)
      .Average(is_zero, found);
  b.SetReadout(ReadoutPosition::kLast, {{found, -1}}, Rational(1, 2));
  return b.Build();
}

// Tomita 2 = (10)*: position p holds '1' iff p is even, and the length is even.
absl::StatusOr<Model> BuildTomita2() {
  ModelBuilder b("tomita2", "01");
  b.Describe(
      "Tomita 2 = (10)*: every position holds '1' iff it is even, checked by "
      "an "
      "MLP on (-1)^p; a hard head finds a mismatch; the last position is odd.");
  Feature is_one = b.TokenIndicator("is_one", '1');
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature alt = b.Positional("alt", PositionalFunction::kAlternating);
  Feature mismatch = b.AddFeature("mismatch");
  Feature even = b.AddFeature("even");
  Feature found = b.AddFeature("found_mismatch");
  LayerBuilder& l1 = b.AddLayer();
  l1.Relu({{is_one, 1}, {alt, -1}}, -1,
          {{mismatch, 1}});  // '1' at an odd position
  l1.Relu({{alt, 1}, {is_one, -1}}, 0,
          {{mismatch, 1}});  // '0' at an even position
  l1.Relu({{alt, 1}}, 0, {{even, 1}});
  b.AddLayer()
      .AddHead("any_mismatch", AttentionMode::kHardLeft, Mask::kNone)
      .ScoreTerm(one, mismatch)
      .Average(mismatch, found);
  // At the last position p = n - 1: even means n is odd.
  b.SetReadout(ReadoutPosition::kLast, {{found, -1}, {even, -1}},
               Rational(1, 2));
  return b.Build();
}

// Tomita 4: no "000". Two strict hard heads read the previous two symbols.
absl::StatusOr<Model> BuildTomita4() {
  ModelBuilder b("tomita4", "01");
  b.Describe(
      "Tomita 4 (no 000): strict hard_right heads read the previous symbol "
      "twice "
      "over; an MLP marks three 0s in a row; a hard head finds one.");
  Feature is_zero = b.TokenIndicator("is_zero", '0');
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature prev = b.AddFeature("prev_zero");
  Feature prev2 = b.AddFeature("prev2_zero");
  Feature triple = b.AddFeature("triple");
  Feature found = b.AddFeature("found_triple");
  b.AddLayer()
      .AddHead("previous", AttentionMode::kHardRight, Mask::kStrict)
      .Average(is_zero, prev);
  LayerBuilder& l2 = b.AddLayer();
  l2.AddHead("previous_of_previous", AttentionMode::kHardRight, Mask::kStrict)
      .Average(prev, prev2);
  l2.Relu({{is_zero, 1}, {prev, 1}, {prev2, 1}}, -2, {{triple, 1}});
  b.AddLayer()
      .AddHead("any_triple", AttentionMode::kHardLeft, Mask::kNone)
      .ScoreTerm(one, triple)
      .Average(triple, found);
  b.SetReadout(ReadoutPosition::kLast, {{found, -1}}, Rational(1, 2));
  return b.Build();
}

// Tomita 7 = 0*1*0*1*: exactly the words without 1, 0, 1, 0 as a subsequence.
absl::StatusOr<Model> BuildTomita7() {
  ModelBuilder b("tomita7", "01");
  b.Describe(
      "Tomita 7 = 0*1*0*1*: three strict hard heads build the subsequence "
      "1, 10, 101, 1010 one letter per layer; a hard head finds 1010.");
  Feature is_zero = b.TokenIndicator("is_zero", '0');
  Feature is_one = b.TokenIndicator("is_one", '1');
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature seen1 = b.AddFeature("seen_1");
  Feature at10 = b.AddFeature("ends_10");
  Feature seen10 = b.AddFeature("seen_10");
  Feature at101 = b.AddFeature("ends_101");
  Feature seen101 = b.AddFeature("seen_101");
  Feature at1010 = b.AddFeature("ends_1010");
  Feature found = b.AddFeature("found_1010");
  LayerBuilder& l1 = b.AddLayer();
  l1.AddHead("earlier_1", AttentionMode::kHardRight, Mask::kStrict)
      .ScoreTerm(one, is_one)
      .Average(is_one, seen1);
  l1.Relu({{is_zero, 1}, {seen1, 1}}, -1, {{at10, 1}});
  LayerBuilder& l2 = b.AddLayer();
  l2.AddHead("earlier_10", AttentionMode::kHardRight, Mask::kStrict)
      .ScoreTerm(one, at10)
      .Average(at10, seen10);
  l2.Relu({{is_one, 1}, {seen10, 1}}, -1, {{at101, 1}});
  LayerBuilder& l3 = b.AddLayer();
  l3.AddHead("earlier_101", AttentionMode::kHardRight, Mask::kStrict)
      .ScoreTerm(one, at101)
      .Average(at101, seen101);
  l3.Relu({{is_zero, 1}, {seen101, 1}}, -1, {{at1010, 1}});
  b.AddLayer()
      .AddHead("any_1010", AttentionMode::kHardLeft, Mask::kNone)
      .ScoreTerm(one, at1010)
      .Average(at1010, found);
  b.SetReadout(ReadoutPosition::kLast, {{found, -1}}, Rational(1, 2));
  return b.Build();
}

}  // namespace satcirc::zoo
