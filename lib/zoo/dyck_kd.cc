// Dyck-(k, D), well-nested brackets of k kinds with depth at most D, with hard
// attention only — in the manner of Yao, Peng, Papadimitriou, Narasimhan 2021
// (Theorem 4.1): rounds that cancel the innermost matched pairs. Every round
// removes one level of nesting, so a member of depth <= D is fully cancelled
// after D rounds; anything left alive, or any mismatch seen on the way,
// rejects.
//
// Round r, with alive_j = 1 for the brackets not yet cancelled (BOS: 0):
//  1. Every position attends, strictly to its left, the nearest alive position
//     (hard_right, score alive_j) and reads its kind and its position j/N. An
//     alive close whose neighbour is an alive open of its kind is matched and
//     dies; of another kind, or no alive neighbour at all, is an error (`bad`).
//     The MLP stores the pointer t = j/N of every alive close, and a key that
//     puts every other position far away: tk = t for alive closes, t − 2
//     otherwise.
//  2. Every open q attends the close pointing at it: score 2·(q/N)·tk − tk²
//  peaks
//     exactly at tk = q/N (hard_left). The MLP tests "pointer == q/N" with the
//     hat function ReLU(y + 1/N) − 2·ReLU(y) + ReLU(y − 1/N) of y = q/N − tk
//     (+2 for each condition that fails), which is 1/N on a match and 0
//     otherwise (y is a multiple of 1/N). 1/N comes from a hard_right head that
//     reads 1/(p+1) at the last position.
//  3. A head turns that 1/N-sized flag into a 0/1 one: score flag_q · [j ≠ BOS]
//     (hard_left) attends position 1 when the flag is positive and BOS
//     otherwise, and subtracts what it reads from alive_q.
// A final head with score alive + bad finds any survivor or error; alive and
// bad are whole numbers, so it reads 0 on a member and at least 1 otherwise,
// and y = 1/2 − what it reads: the margin is |y| ≥ 1/2 at every n.
// Layers: 3D + 2 (Yao et al. need D + 1 with their richer attention; ours uses
// only the masks none/causal/strict and bilinear scores).
#include <vector>

#include "absl/strings/str_cat.h"
#include "automata/languages.h"
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

absl::StatusOr<Model> BuildDyckKD(int k, int depth) {
  const std::string symbols = automata::DyckSymbols(k);
  ModelBuilder b(absl::StrCat("dyck", k, "-depth", depth), symbols);
  b.Describe(
      absl::StrCat("Dyck-(", k, ", ", depth, ") with hard attention: ", depth,
                   " rounds cancel the innermost matched pairs; accept iff "
                   "nothing is left and no mismatch was seen."));
  b.WithBos();
  std::vector<Feature> open(k), close(k);
  for (int i = 0; i < k; ++i) {
    open[i] = b.TokenIndicator(absl::StrCat("open", i + 1), symbols[2 * i]);
    close[i] =
        b.TokenIndicator(absl::StrCat("close", i + 1), symbols[2 * i + 1]);
  }
  Feature is_open = b.AddFeature("is_open");
  Feature is_close = b.AddFeature("is_close");
  Feature nonbos = b.AddFeature("not_bos");
  Feature alive = b.AddFeature("alive");
  for (int i = 0; i < k; ++i) {
    b.Embed(symbols[2 * i], is_open, 1).Embed(symbols[2 * i + 1], is_close, 1);
  }
  for (char s : symbols) b.Embed(s, nonbos, 1).Embed(s, alive, 1);
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature pf = b.Positional("pos_frac", PositionalFunction::kPositionFraction);
  Feature pf2 =
      b.Positional("pos_frac_sq", PositionalFunction::kPositionFractionSquared);
  Feature inv = b.Positional("inv_pos", PositionalFunction::kInversePosition);
  Feature inv_n = b.AddFeature("inv_n");
  Feature bad = b.AddFeature("bad");
  Feature leftover = b.AddFeature("leftover");

  LayerBuilder& setup = b.AddLayer();
  setup.AddHead("last", AttentionMode::kHardRight, Mask::kNone)
      .Average(inv, inv_n);
  // 1/(p+1) has done its work; clearing it keeps every position's values over
  // the same denominator (N²), which keeps the exact engine on its fast integer
  // path.
  setup.Relu({{inv, 1}}, 0, {{inv, -1}});

  for (int r = 1; r <= depth; ++r) {
    auto F = [&](absl::string_view name) {
      return b.AddFeature(absl::StrCat(name, "_", r));
    };
    Feature att_alive = F("left_alive");
    std::vector<Feature> att_open(k);
    for (int i = 0; i < k; ++i)
      att_open[i] = F(absl::StrCat("left_open", i + 1));
    Feature t = F("left_pos");
    Feature t2 = F("left_pos_sq");
    Feature ac = F("alive_close");
    Feature tk = F("ptr_key");
    Feature tk2 = F("ptr_key_sq");
    Feature ptr = F("ptr");
    Feature ptr_ac = F("ptr_alive_close");
    Feature dead_flag = F("dead_flag");

    // 1. Nearest alive position to the left.
    LayerBuilder& l1 = b.AddLayer();
    HeadBuilder& left = l1.AddHead(absl::StrCat("left_", r),
                                   AttentionMode::kHardRight, Mask::kStrict);
    left.ScoreTerm(one, alive)
        .Average(alive, att_alive)
        .Average(pf, t)
        .Average(pf2, t2);
    for (int i = 0; i < k; ++i) left.Average(open[i], att_open[i]);
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) {
        // close_i, left neighbour an alive open_j: matched (i == j) or an
        // error.
        Linear out = i == j ? Linear{{alive, -1}} : Linear{{bad, 1}};
        l1.Relu({{close[i], 1}, {att_open[j], 1}, {att_alive, 1}, {alive, 1}},
                -3, out);
      }
    }
    l1.Relu({{is_close, 1}, {alive, 1}, {att_alive, -1}}, -1,
            {{bad, 1}});  // no partner
    // tk = t − 2 + 2·ac;  tk² = t2 − 4t + 4 − 4·ac + 4·ReLU(t + alive +
    // is_close − 2).
    l1.Relu({{alive, 1}, {is_close, 1}}, -1, {{ac, 1}, {tk, 2}, {tk2, -4}});
    l1.Relu({{t, 1}}, 0, {{tk, 1}, {tk2, -4}});
    l1.Relu({{t2, 1}}, 0, {{tk2, 1}});
    l1.Relu({{t, 1}, {alive, 1}, {is_close, 1}}, -2, {{tk2, 4}});
    l1.AddConstant(tk, -2).AddConstant(tk2, 4);

    // 2. Each open finds the close pointing at it; hat test in units of 1/N.
    LayerBuilder& l2 = b.AddLayer();
    l2.AddHead(absl::StrCat("partner_", r), AttentionMode::kHardLeft,
               Mask::kNone)
        .ScoreTerm(pf, tk, 2)
        .ScoreTerm(one, tk2, -1)
        .Average(tk, ptr)
        .Average(ac, ptr_ac);
    const Linear y = {
        {pf, 1}, {ptr, -1}, {is_open, -2}, {ptr_ac, -2}, {alive, -2}};
    Linear y_plus = y, y_minus = y;
    y_plus.push_back({inv_n, 1});
    y_minus.push_back({inv_n, -1});
    l2.Relu(y_plus, 6, {{dead_flag, 1}});
    l2.Relu(y, 6, {{dead_flag, -2}});
    l2.Relu(y_minus, 6, {{dead_flag, 1}});

    // 3. Flag of size 1/N -> 0/1, subtracted from alive.
    b.AddLayer()
        .AddHead(absl::StrCat("cancel_open_", r), AttentionMode::kHardLeft,
                 Mask::kNone)
        .ScoreTerm(dead_flag, nonbos)
        .Average(nonbos, alive, -1);
  }
  b.AddLayer()
      .AddHead("survivor", AttentionMode::kHardRight, Mask::kNone)
      .ScoreTerm(one, alive)
      .ScoreTerm(one, bad)
      .Average(alive, leftover)
      .Average(bad, leftover);
  b.SetReadout(ReadoutPosition::kLast, {{leftover, -1}}, Rational(1, 2));
  return b.Build();
}

absl::StatusOr<Model> BuildDyck2Depth3() { return BuildDyckKD(2, 3); }

}  // namespace satcirc::zoo
