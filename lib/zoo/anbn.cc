// aⁿbⁿ and aⁿbⁿcⁿ with two saturated layers (counting heads, Merrill et al.
// 2021 §5; the same pattern as dyck1).
//
// Layer 1, uniform heads: d = (#a − #b)/N (and (#b − #c)/N), exact counts as
// fractions. Causal uniform heads: the fraction of b's (and c's) among
// positions 0..p. An MLP marks an order violation at p: bad_p =
// ReLU(frac_before + is_a − 1) is > 0 exactly when p holds an 'a' and some
// later letter came before it, and then it is at least 1/(p+1) ≥ 1/N (BOS keeps
// the fraction below 1 elsewhere). Layer 2: a max head (score bad) copies m =
// max_p bad_p. Readout at the last position: y = 1/(2N) − m − |d| (− |d2|);
// every nonzero term is ≥ 1/N, so y = 1/(2N) when the counts agree and the
// order holds and y ≤ 1/(2N) − 1/N = −1/(2N) otherwise: the margin is
// |y| ≥ 1/(2N), N = n + 1. The offset is half the granularity 1/N: with 1/N
// itself, one violation of size exactly 1/N read y = 0 ("a", "ba").
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

absl::StatusOr<Model> BuildAnbn() {
  ModelBuilder b("anbn", "ab");
  b.Describe(
      "a^n b^n: uniform heads count #a - #b; causal heads find an 'a' after a "
      "'b'; a max head collects violations; accept iff none and the counts "
      "agree.");
  b.WithBos();
  Feature is_a = b.TokenIndicator("is_a", 'a');
  Feature is_b = b.TokenIndicator("is_b", 'b');
  Feature step = b.AddFeature("step");  // +1 for a, -1 for b
  b.Embed('a', step, 1).Embed('b', step, -1);
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature inv = b.Positional("inv_pos", PositionalFunction::kInversePosition);
  Feature d = b.AddFeature("diff");
  Feature b_before = b.AddFeature("b_before");
  Feature bad = b.AddFeature("bad");
  Feature dpos = b.AddFeature("diff_pos");
  Feature dneg = b.AddFeature("diff_neg");
  Feature m = b.AddFeature("worst");
  LayerBuilder& l1 = b.AddLayer();
  l1.AddHead("balance", AttentionMode::kSaturated, Mask::kNone)
      .Average(step, d);
  l1.AddHead("b_so_far", AttentionMode::kSaturated, Mask::kCausal)
      .Average(is_b, b_before);
  l1.Relu({{b_before, 1}, {is_a, 1}}, -1, {{bad, 1}});
  l1.Relu({{d, 1}}, 0, {{dpos, 1}});
  l1.Relu({{d, -1}}, 0, {{dneg, 1}});
  b.AddLayer()
      .AddHead("worst", AttentionMode::kSaturated, Mask::kNone)
      .ScoreTerm(one, bad)
      .Average(bad, m);
  b.SetReadout(ReadoutPosition::kLast,
               {{inv, Rational(1, 2)}, {m, -1}, {dpos, -1}, {dneg, -1}}, 0);
  return b.Build();
}

absl::StatusOr<Model> BuildAnbncn() {
  ModelBuilder b("anbncn", "abc");
  b.Describe(
      "a^n b^n c^n: uniform heads count #a - #b and #b - #c; causal heads find "
      "an 'a' after a 'b' or 'c' and a 'b' after a 'c'; a max head collects "
      "violations; accept iff none and the counts agree.");
  b.WithBos();
  Feature is_a = b.TokenIndicator("is_a", 'a');
  Feature is_b = b.TokenIndicator("is_b", 'b');
  Feature is_c = b.TokenIndicator("is_c", 'c');
  Feature later = b.AddFeature("is_b_or_c");
  b.Embed('b', later, 1).Embed('c', later, 1);
  Feature s1 = b.AddFeature("step_ab");
  b.Embed('a', s1, 1).Embed('b', s1, -1);
  Feature s2 = b.AddFeature("step_bc");
  b.Embed('b', s2, 1).Embed('c', s2, -1);
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature inv = b.Positional("inv_pos", PositionalFunction::kInversePosition);
  Feature d1 = b.AddFeature("diff_ab");
  Feature d2 = b.AddFeature("diff_bc");
  Feature bc_before = b.AddFeature("bc_before");
  Feature c_before = b.AddFeature("c_before");
  Feature bad = b.AddFeature("bad");
  Feature abs_d = b.AddFeature("abs_diffs");
  Feature m = b.AddFeature("worst");
  LayerBuilder& l1 = b.AddLayer();
  l1.AddHead("balance_ab", AttentionMode::kSaturated, Mask::kNone)
      .Average(s1, d1);
  l1.AddHead("balance_bc", AttentionMode::kSaturated, Mask::kNone)
      .Average(s2, d2);
  l1.AddHead("later_so_far", AttentionMode::kSaturated, Mask::kCausal)
      .Average(later, bc_before)
      .Average(is_c, c_before);
  l1.Relu({{bc_before, 1}, {is_a, 1}}, -1, {{bad, 1}});
  l1.Relu({{c_before, 1}, {is_b, 1}}, -1, {{bad, 1}});
  l1.Relu({{d1, 1}}, 0, {{abs_d, 1}});
  l1.Relu({{d1, -1}}, 0, {{abs_d, 1}});
  l1.Relu({{d2, 1}}, 0, {{abs_d, 1}});
  l1.Relu({{d2, -1}}, 0, {{abs_d, 1}});
  b.AddLayer()
      .AddHead("worst", AttentionMode::kSaturated, Mask::kNone)
      .ScoreTerm(one, bad)
      .Average(bad, m);
  b.SetReadout(ReadoutPosition::kLast,
               {{inv, Rational(1, 2)}, {m, -1}, {abs_d, -1}}, 0);
  return b.Build();
}

}  // namespace satcirc::zoo
