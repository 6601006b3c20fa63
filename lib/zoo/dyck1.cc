// Dyck-1 (balanced parentheses over "()") with two saturated layers.
//
// Layer 1: a causal uniform head averages +1 for '(' and -1 for ')' over
// positions 0..p (BOS counts 0), giving bal_p = balance(prefix p) / (p + 1).
// Its MLP splits it into neg_p = ReLU(-bal_p) and pos_p = ReLU(bal_p). Layer 2:
// a saturated head with score neg_q (query: the constant 1) attends the
// positions of largest neg and copies it: m = max_q neg_q.
// Readout at the last position p = N - 1: y = 1/(2N) - m - pos_last - neg_last.
// Every nonzero neg_q is >= 1/(q + 1) >= 1/N and a nonzero |bal_last| is >=
// 1/N, so y = 1/(2N) when no prefix is negative and the total balance is 0,
// and y <= 1/(2N) - 1/N = -1/(2N) otherwise: the margin is |y| >= 1/(2N),
// N = n + 1 (the counting heads of Merrill, Sabharwal,
// Smith 2022). The offset is half the granularity 1/N: with 1/N itself, a
// single unmatched '(' at the end ("(", "()(") read y = 1/N - 1/N = 0.
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

absl::StatusOr<Model> BuildDyck1() {
  ModelBuilder b("dyck1", "()");
  b.Describe(
      "Dyck-1: a causal uniform head gives the prefix balance; a max head "
      "finds "
      "the most negative prefix; accept iff none is negative and the total is "
      "0.");
  b.WithBos();
  Feature step = b.AddFeature("step");  // +1 for '(', -1 for ')'
  b.Embed('(', step, 1).Embed(')', step, -1);
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature inv = b.Positional("inv_pos", PositionalFunction::kInversePosition);
  Feature bal = b.AddFeature("bal");
  Feature neg = b.AddFeature("neg");
  Feature pos = b.AddFeature("pos");
  Feature max_neg = b.AddFeature("max_neg");

  LayerBuilder& l1 = b.AddLayer();
  l1.AddHead("balance", AttentionMode::kSaturated, Mask::kCausal)
      .Average(step, bal);
  l1.Relu({{bal, -1}}, 0, {{neg, 1}});
  l1.Relu({{bal, 1}}, 0, {{pos, 1}});

  b.AddLayer()
      .AddHead("most_negative", AttentionMode::kSaturated, Mask::kNone)
      .ScoreTerm(one, neg)
      .Average(neg, max_neg);
  b.SetReadout(ReadoutPosition::kLast,
               {{inv, Rational(1, 2)}, {max_neg, -1}, {pos, -1}, {neg, -1}}, 0);
  return b.Build();
}

}  // namespace satcirc::zoo
