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
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "automata/languages.h"
#include "lib/model/builder.h"
#include "lib/zoo/zoo.h"

namespace satcirc::zoo {

namespace {

// The features every round reads or writes.
struct DyckFeatures {
  std::vector<Feature> open, close;  // token indicators, per bracket kind
  Feature is_open, is_close, nonbos, alive;
  Feature one, pf, pf2, inv;  // positional: 1, p/N, (p/N)², 1/(p+1)
  Feature inv_n, bad, leftover;
};

// The features of round r, its steps' results.
struct RoundFeatures {
  Feature att_alive;
  std::vector<Feature> att_open;
  Feature t, t2, ac, tk, tk2, ptr, ptr_ac, dead_flag;
};

// Adds the token, embedded and positional features, in the model's order.
DyckFeatures AddDyckFeatures(ModelBuilder& b, const std::string& symbols,
                             int k) {
  DyckFeatures f;
  f.open.resize(k);
  f.close.resize(k);
  for (int i = 0; i < k; ++i) {
    f.open[i] = b.TokenIndicator(absl::StrCat("open", i + 1), symbols[2 * i]);
    f.close[i] =
        b.TokenIndicator(absl::StrCat("close", i + 1), symbols[2 * i + 1]);
  }
  f.is_open = b.AddFeature("is_open");
  f.is_close = b.AddFeature("is_close");
  f.nonbos = b.AddFeature("not_bos");
  f.alive = b.AddFeature("alive");
  for (int i = 0; i < k; ++i) {
    b.Embed(symbols[2 * i], f.is_open, 1)
        .Embed(symbols[2 * i + 1], f.is_close, 1);
  }
  for (char s : symbols) b.Embed(s, f.nonbos, 1).Embed(s, f.alive, 1);
  f.one = b.Positional("one", PositionalFunction::kConstant);
  f.pf = b.Positional("pos_frac", PositionalFunction::kPositionFraction);
  f.pf2 =
      b.Positional("pos_frac_sq", PositionalFunction::kPositionFractionSquared);
  f.inv = b.Positional("inv_pos", PositionalFunction::kInversePosition);
  f.inv_n = b.AddFeature("inv_n");
  f.bad = b.AddFeature("bad");
  f.leftover = b.AddFeature("leftover");
  return f;
}

// Adds round r's features, named "<name>_r".
RoundFeatures AddRoundFeatures(ModelBuilder& b, int k, int r) {
  auto F = [&](absl::string_view name) {
    return b.AddFeature(absl::StrCat(name, "_", r));
  };
  RoundFeatures rf;
  rf.att_alive = F("left_alive");
  rf.att_open.resize(k);
  for (int i = 0; i < k; ++i)
    rf.att_open[i] = F(absl::StrCat("left_open", i + 1));
  rf.t = F("left_pos");
  rf.t2 = F("left_pos_sq");
  rf.ac = F("alive_close");
  rf.tk = F("ptr_key");
  rf.tk2 = F("ptr_key_sq");
  rf.ptr = F("ptr");
  rf.ptr_ac = F("ptr_alive_close");
  rf.dead_flag = F("dead_flag");
  return rf;
}

// Step 1 of round r: the nearest alive position to the left; matched closes
// die, mismatches set `bad`, and the pointer key tk (and tk²) is stored.
void AddNearestAliveLayer(ModelBuilder& b, const DyckFeatures& f,
                          const RoundFeatures& rf, int k, int r) {
  LayerBuilder& l1 = b.AddLayer();
  HeadBuilder& left = l1.AddHead(absl::StrCat("left_", r),
                                 AttentionMode::kHardRight, Mask::kStrict);
  left.ScoreTerm(f.one, f.alive)
      .Average(f.alive, rf.att_alive)
      .Average(f.pf, rf.t)
      .Average(f.pf2, rf.t2);
  for (int i = 0; i < k; ++i) left.Average(f.open[i], rf.att_open[i]);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      // close_i, left neighbour an alive open_j: matched (i == j) or an
      // error.
      Linear out = i == j ? Linear{{f.alive, -1}} : Linear{{f.bad, 1}};
      l1.Relu({{f.close[i], 1},
               {rf.att_open[j], 1},
               {rf.att_alive, 1},
               {f.alive, 1}},
              -3, out);
    }
  }
  l1.Relu({{f.is_close, 1}, {f.alive, 1}, {rf.att_alive, -1}}, -1,
          {{f.bad, 1}});  // no partner
  // tk = t − 2 + 2·ac;  tk² = t2 − 4t + 4 − 4·ac + 4·ReLU(t + alive +
  // is_close − 2).
  l1.Relu({{f.alive, 1}, {f.is_close, 1}}, -1,
          {{rf.ac, 1}, {rf.tk, 2}, {rf.tk2, -4}});
  l1.Relu({{rf.t, 1}}, 0, {{rf.tk, 1}, {rf.tk2, -4}});
  l1.Relu({{rf.t2, 1}}, 0, {{rf.tk2, 1}});
  l1.Relu({{rf.t, 1}, {f.alive, 1}, {f.is_close, 1}}, -2, {{rf.tk2, 4}});
  l1.AddConstant(rf.tk, -2).AddConstant(rf.tk2, 4);
}

// Step 2 of round r: each open finds the close pointing at it; the hat test,
// in units of 1/N, sets dead_flag to 1/N on a match.
void AddPartnerLayer(ModelBuilder& b, const DyckFeatures& f,
                     const RoundFeatures& rf, int r) {
  LayerBuilder& l2 = b.AddLayer();
  l2.AddHead(absl::StrCat("partner_", r), AttentionMode::kHardLeft, Mask::kNone)
      .ScoreTerm(f.pf, rf.tk, 2)
      .ScoreTerm(f.one, rf.tk2, -1)
      .Average(rf.tk, rf.ptr)
      .Average(rf.ac, rf.ptr_ac);
  const Linear y = {
      {f.pf, 1}, {rf.ptr, -1}, {f.is_open, -2}, {rf.ptr_ac, -2}, {f.alive, -2}};
  Linear y_plus = y, y_minus = y;
  y_plus.push_back({f.inv_n, 1});
  y_minus.push_back({f.inv_n, -1});
  l2.Relu(y_plus, 6, {{rf.dead_flag, 1}});
  l2.Relu(y, 6, {{rf.dead_flag, -2}});
  l2.Relu(y_minus, 6, {{rf.dead_flag, 1}});
}

}  // namespace

absl::StatusOr<Model> BuildDyckKD(int k, int depth) {
  const std::string symbols = automata::DyckSymbols(k);
  ModelBuilder b(absl::StrCat("dyck", k, "-depth", depth), symbols);
  b.Describe(
      absl::StrCat("Dyck-(", k, ", ", depth, ") with hard attention: ", depth,
                   " rounds cancel the innermost matched pairs; accept iff "
                   "nothing is left and no mismatch was seen."));
  b.WithBos();
  const DyckFeatures f = AddDyckFeatures(b, symbols, k);

  LayerBuilder& setup = b.AddLayer();
  setup.AddHead("last", AttentionMode::kHardRight, Mask::kNone)
      .Average(f.inv, f.inv_n);
  // 1/(p+1) has done its work; clearing it keeps every position's values over
  // the same denominator (N²), which keeps the exact engine on its fast integer
  // path.
  setup.Relu({{f.inv, 1}}, 0, {{f.inv, -1}});

  for (int r = 1; r <= depth; ++r) {
    const RoundFeatures rf = AddRoundFeatures(b, k, r);
    // 1. Nearest alive position to the left.
    AddNearestAliveLayer(b, f, rf, k, r);
    // 2. Each open finds the close pointing at it; hat test in units of 1/N.
    AddPartnerLayer(b, f, rf, r);
    // 3. Flag of size 1/N -> 0/1, subtracted from alive.
    b.AddLayer()
        .AddHead(absl::StrCat("cancel_open_", r), AttentionMode::kHardLeft,
                 Mask::kNone)
        .ScoreTerm(rf.dead_flag, f.nonbos)
        .Average(f.nonbos, f.alive, -1);
  }
  b.AddLayer()
      .AddHead("survivor", AttentionMode::kHardRight, Mask::kNone)
      .ScoreTerm(f.one, f.alive)
      .ScoreTerm(f.one, f.bad)
      .Average(f.alive, f.leftover)
      .Average(f.bad, f.leftover);
  b.SetReadout(ReadoutPosition::kLast, {{f.leftover, -1}}, Rational(1, 2));
  return b.Build();
}

absl::StatusOr<Model> BuildDyck2Depth3() { return BuildDyckKD(2, 3); }

}  // namespace satcirc::zoo
