#include "circuits/builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "circuits/stats.h"

namespace satcirc::circuits {
namespace {

TEST(CircuitBuilder, HashConsesIdenticalGates) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y"), z = b.Input("z");
  GateId a1 = b.And(x, y);
  GateId a2 = b.And(y, x);  // same multiset of inputs
  EXPECT_EQ(a1, a2);
  Fanin f1[3] = {{x, 2}, {y, -1}, {z, 3}};
  Fanin f2[3] = {{z, 3}, {x, 2}, {y, -1}};
  EXPECT_EQ(b.Threshold(f1, 2), b.Threshold(f2, 2));
  EXPECT_NE(b.Threshold(f1, 2), b.Threshold(f1, 3));  // other threshold
  EXPECT_NE(b.And(x, y), b.Or(x, y));
  EXPECT_EQ(b.circuit().num_gates(), 3u + 4u);
}

TEST(CircuitBuilder, WithoutHashConsingKeepsCopies) {
  CircuitBuilder b({.hash_cons = false});
  GateId x = b.Input("x"), y = b.Input("y");
  EXPECT_NE(b.And(x, y), b.And(x, y));
}

TEST(CircuitBuilder, MergesDuplicateInputsAndDropsZeroWeights) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y"), z = b.Input("z");
  Fanin f[4] = {{x, 1}, {y, 2}, {x, 2}, {z, 0}};
  GateId g = b.Threshold(f, 4);
  std::vector<Fanin> in = b.circuit().fanins(g);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0], (Fanin{x, 3}));
  EXPECT_EQ(in[1], (Fanin{y, 2}));
  EXPECT_EQ(b.circuit().gate(g).threshold, 4);
}

TEST(CircuitBuilder, DividesWeightsByTheirGcd) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y");
  Fanin f[2] = {{x, 2}, {y, 2}};
  // [2x + 2y ≥ 3] = [x + y ≥ 2] = AND.
  GateId g = b.Threshold(f, 3);
  EXPECT_EQ(g, b.And(x, y));
  EXPECT_EQ(b.circuit().gate(g).kind, GateKind::kAnd);
}

TEST(CircuitBuilder, FoldsConstants) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y");
  GateId one = b.Constant(true), zero = b.Constant(false);
  EXPECT_EQ(b.And(x, one), x);
  EXPECT_EQ(b.And(x, zero), zero);
  EXPECT_EQ(b.Or(x, one), one);
  EXPECT_EQ(b.Or(x, zero), x);
  EXPECT_EQ(b.Not(one), zero);
  // [x + y ≥ 3] is 0 for every input; [x − y ≥ −1] is 1.
  Fanin f[2] = {{x, 1}, {y, 1}};
  EXPECT_EQ(b.Threshold(f, 3), zero);
  Fanin g[2] = {{x, 1}, {y, -1}};
  EXPECT_EQ(b.Threshold(g, -1), one);
  // A constant input moves the threshold: [3·1 + x ≥ 4] = x.
  Fanin h[2] = {{one, 3}, {x, 1}};
  EXPECT_EQ(b.Threshold(h, 4), x);
  std::vector<GateId> none;
  EXPECT_EQ(b.And(none), one);
  EXPECT_EQ(b.Or(none), zero);
}

TEST(CircuitBuilder, SingleInputCollapses) {
  CircuitBuilder b;
  GateId x = b.Input("x");
  Fanin f{x, 5};
  EXPECT_EQ(b.Threshold({&f, 1}, 3), x);  // [5x ≥ 3] = x
  Fanin g{x, -4};
  GateId n = b.Threshold({&g, 1}, -2);  // [−4x ≥ −2] = NOT x
  EXPECT_EQ(b.circuit().gate(n).kind, GateKind::kNot);
  EXPECT_EQ(n, b.Not(x));
}

TEST(CircuitBuilder, DoubleNegationCancels) {
  CircuitBuilder b;
  GateId x = b.Input("x");
  EXPECT_EQ(b.Not(b.Not(x)), x);
  CircuitBuilder plain({.absorb_not = false});
  GateId y = plain.Input("y");
  EXPECT_EQ(plain.Not(plain.Not(y)), y);
}

TEST(CircuitBuilder, AbsorbsNotIntoWeights) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y");
  // AND(x, NOT y) = [x − y ≥ 1]: one gate, depth 1.
  GateId g = b.And(x, b.Not(y));
  std::vector<Fanin> in = b.circuit().fanins(g);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[1], (Fanin{y, -1}));
  EXPECT_EQ(b.circuit().gate(g).threshold, 1);
  b.AddOutput("g", g);
  EXPECT_EQ(ComputeStats(b.circuit()).depth, 1);
}

TEST(CircuitBuilder, TypesSpecialCases) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y"), z = b.Input("z");
  GateId in[3] = {x, y, z};
  EXPECT_EQ(b.circuit().gate(b.And(in)).kind, GateKind::kAnd);
  EXPECT_EQ(b.circuit().gate(b.Or(in)).kind, GateKind::kOr);
  EXPECT_EQ(b.circuit().gate(b.Majority(in)).kind, GateKind::kMajority);
  EXPECT_EQ(b.circuit().gate(b.Not(x)).kind, GateKind::kNot);
  Fanin f[3] = {{x, 1}, {y, 2}, {z, 1}};
  EXPECT_EQ(b.circuit().gate(b.Threshold(f, 2)).kind, GateKind::kThreshold);
  EXPECT_TRUE(b.circuit().Validate().ok());
}

TEST(CircuitBuilder, BlockLabels) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y");
  GateId g;
  {
    BlockScope scope(b, "layer 1/head 2");
    g = b.Or(x, y);
  }
  EXPECT_EQ(b.circuit().gate(g).block, "layer 1/head 2");
  EXPECT_EQ(b.block(), "");
  b.SetBlock("other");
  EXPECT_EQ(b.Or(x, y), g);  // hash-consed: keeps its first block
  EXPECT_EQ(b.circuit().gate(g).block, "layer 1/head 2");
}

TEST(CircuitBuilder, OverflowIsAStickyError) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y");
  const std::int64_t big = std::int64_t{1} << 62;
  Fanin f[2] = {{x, big}, {y, big}};
  b.Threshold(f, 1);
  EXPECT_FALSE(b.status().ok());
  EXPECT_THAT(std::string(b.status().message()),
              ::testing::HasSubstr("64-bit"));
  EXPECT_FALSE(b.Build().ok());
}

TEST(CircuitBuilder, DuplicateInputNameIsAnError) {
  CircuitBuilder b;
  b.Input("x");
  b.Input("x");
  absl::StatusOr<Circuit> c = b.Build();
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), ::testing::HasSubstr("'x'"));
}

TEST(Circuit, ValidateRejectsMistypedGates) {
  Circuit c;
  GateId x = c.AddInput("x"), y = c.AddInput("y");
  Fanin f[2] = {{x, 1}, {y, 1}};
  c.AddGate(GateKind::kAnd, f, 1);  // weights say OR
  absl::Status s = c.Validate();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("declared and"));
}

}  // namespace
}  // namespace satcirc::circuits
