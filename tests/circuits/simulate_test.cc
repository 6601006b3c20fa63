// Simulation (bit-parallel vs scalar), statistics, passes and lowering, on
// random circuits; every pass must preserve the function on all inputs.
#include "circuits/simulate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "circuits/builder.h"
#include "circuits/lower.h"
#include "circuits/passes.h"
#include "circuits/read_aiger.h"
#include "circuits/read_json.h"
#include "circuits/stats.h"
#include "circuits/write_aiger.h"
#include "circuits/write_json.h"
#include "tests/circuits/test_util.h"

namespace satcirc::circuits {
namespace {

using testing::RandomCircuit;
using testing::ScalarTruthTables;

TEST(Simulate, BitParallelMatchesScalarOnRandomCircuits) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 60; ++trial) {
    const std::int64_t max_weight = trial % 3 == 0   ? 1
                                    : trial % 3 == 1 ? 7
                                                     : 1000000;
    Circuit c = RandomCircuit(rng, 12, 80, 6, 9, max_weight);
    ASSERT_TRUE(c.Validate().ok());
    BitParallelSimulator sim(c);
    std::vector<std::uint64_t> in(12);
    for (int round = 0; round < 4; ++round) {
      for (auto& w : in) w = rng();
      std::vector<std::uint64_t> out = sim.RunOutputs(in);
      for (int lane = 0; lane < 64; ++lane) {
        std::vector<bool> assignment(12);
        for (int i = 0; i < 12; ++i) assignment[i] = (in[i] >> lane) & 1;
        std::vector<bool> want = EvaluateScalar(c, assignment);
        for (std::size_t o = 0; o < want.size(); ++o) {
          ASSERT_EQ(((out[o] >> lane) & 1) != 0, want[o])
              << "trial " << trial << " lane " << lane << " output " << o;
        }
      }
    }
  }
}

TEST(Simulate, ExhaustiveTablesMatchScalar) {
  std::mt19937_64 rng(2);
  for (int k : {0, 1, 3, 6, 7, 9}) {
    Circuit c = k == 0 ? Circuit() : RandomCircuit(rng, k, 30, 3, 5, 9);
    if (k == 0) {
      GateId one = c.AddConstant(true);
      c.AddOutput("one", one);
    }
    auto tables = ExhaustiveTruthTables(c);
    ASSERT_TRUE(tables.ok());
    EXPECT_EQ(*tables, ScalarTruthTables(c)) << "k = " << k;
  }
  Circuit big;
  for (int i = 0; i < 27; ++i) big.AddInput(absl::StrCat("x", i));
  EXPECT_FALSE(ExhaustiveTruthTables(big).ok());
}

TEST(Stats, CountsDepthFaninWeights) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y"), z = b.Input("z");
  GateId a = b.And(x, y);
  Fanin f[3] = {{a, 5}, {z, -3}, {x, 1}};
  GateId t = b.Threshold(f, 2);
  b.AddOutput("t", t);
  b.AddOutput("n", b.Not(z));
  CircuitStats s = ComputeStats(b.circuit());
  EXPECT_EQ(s.num_inputs, 3);
  EXPECT_EQ(s.num_outputs, 2);
  EXPECT_EQ(s.gates_by_kind[static_cast<int>(GateKind::kAnd)], 1);
  EXPECT_EQ(s.gates_by_kind[static_cast<int>(GateKind::kThreshold)], 1);
  EXPECT_EQ(s.gates_by_kind[static_cast<int>(GateKind::kNot)], 1);
  EXPECT_EQ(s.num_logic_gates, 3);
  EXPECT_EQ(s.depth, 2);
  EXPECT_EQ(s.max_fanin, 3);
  EXPECT_EQ(s.max_abs_weight, 5);
  EXPECT_EQ(s.num_wires, 2 + 3 + 1);
}

TEST(Stats, ConstantsDoNotCountTowardsDepth) {
  Circuit c;
  GateId one = c.AddConstant(true);
  GateId x = c.AddInput("x");
  Fanin f[2] = {{one, 1}, {x, 1}};
  c.AddOutput("o", c.AddGate(GateKind::kAnd, f, 2));
  EXPECT_EQ(ComputeStats(c).depth, 1);
}

class PassesTest : public ::testing::TestWithParam<int> {};

TEST_P(PassesTest, PreserveTheFunction) {
  std::mt19937_64 rng(100 + GetParam());
  const std::int64_t max_weight = GetParam() % 2 ? 3 : 40;
  Circuit c = RandomCircuit(rng, 8, 60, 5, 6, max_weight);
  const auto want = ScalarTruthTables(c);
  auto check = [&](const absl::StatusOr<Circuit>& r, const char* pass) {
    ASSERT_TRUE(r.ok()) << pass << ": " << r.status();
    ASSERT_TRUE(r->Validate().ok()) << pass << ": " << r->Validate();
    EXPECT_EQ(r->inputs().size(), c.inputs().size()) << pass;
    auto got = ExhaustiveTruthTables(*r);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, want) << pass;
  };
  check(PropagateConstants(c), "constants");
  check(Deduplicate(c), "dedup");
  check(RemoveDeadGates(c), "dead");
  check(Simplify(c), "simplify");
  auto simplified = Simplify(c);
  EXPECT_LE(simplified->num_gates(), c.num_gates());
  auto lowered = LowerThresholds(c);
  check(lowered, "lower");
  for (GateId id = 0; id < lowered->num_gates(); ++id) {
    const GateKind k = lowered->gate(id).kind;
    EXPECT_TRUE(k == GateKind::kInput || k == GateKind::kConstant ||
                k == GateKind::kAnd || k == GateKind::kOr ||
                k == GateKind::kNot)
        << GateKindName(k);
  }
  check(LowerThresholds(c, {.keep_threshold_fanin = 3}), "lower keep 3");
}

INSTANTIATE_TEST_SUITE_P(Random, PassesTest, ::testing::Range(0, 16));

TEST(Passes, RemoveDeadGatesDropsUnreachableGates) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y");
  b.And(x, y);  // dead
  b.AddOutput("o", b.Or(x, y));
  Circuit c = RemoveDeadGates(b.circuit());
  EXPECT_EQ(c.num_gates(), 3u);
  EXPECT_EQ(c.inputs().size(), 2u);
}

TEST(Passes, DeduplicateMergesCopies) {
  Circuit c;
  GateId x = c.AddInput("x"), y = c.AddInput("y");
  Fanin f[2] = {{x, 1}, {y, 1}};
  GateId a = c.AddGate(GateKind::kAnd, f, 2);
  Fanin g[2] = {{y, 1}, {x, 1}};
  GateId a2 = c.AddGate(GateKind::kAnd, g, 2);
  c.AddOutput("a", a);
  c.AddOutput("b", a2);
  auto d = Deduplicate(c);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->num_gates(), 3u);
  EXPECT_EQ(d->outputs()[0].gate, d->outputs()[1].gate);
}

TEST(Passes, PropagateConstantsFoldsAConstantCone) {
  Circuit c;
  GateId x = c.AddInput("x");
  GateId zero = c.AddConstant(false);
  Fanin f[2] = {{x, 1}, {zero, 1}};
  GateId a = c.AddGate(GateKind::kAnd, f, 2);  // x ∧ 0 = 0
  Fanin g[2] = {{a, 1}, {x, 1}};
  c.AddOutput("o", c.AddGate(GateKind::kOr, g, 1));  // 0 ∨ x = x
  auto p = PropagateConstants(c);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->outputs()[0].gate, p->inputs()[0]);
}

TEST(Json, WriteReadWriteIsIdentical) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 10; ++trial) {
    CircuitBuilder b;
    // Some blocks and awkward names too.
    Circuit c = RandomCircuit(rng, 6, 40, 3, 5, 50);
    std::ostringstream first;
    WriteJson(first, c);
    std::istringstream in(first.str());
    auto read = ReadJson(in);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_TRUE(*read == c);
    std::ostringstream second;
    WriteJson(second, *read);
    EXPECT_EQ(first.str(), second.str());
  }
  CircuitBuilder b;
  b.SetBlock("embed/pos 0");
  GateId x = b.Input("x[0][\"a\"]");
  b.SetBlock("layer 1/head 1/pos 0");
  GateId y = b.Input("y\\");
  b.AddOutput("accept", b.Xor(x, y));
  std::ostringstream out;
  WriteJson(out, b.circuit());
  std::istringstream in(out.str());
  auto read = ReadJson(in);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(*read == b.circuit());
}

TEST(Json, ErrorsSayWhereAndWhat) {
  auto read = [](const std::string& text) {
    std::istringstream in(text);
    return ReadJson(in).status();
  };
  EXPECT_THAT(std::string(read("{").message()),
              ::testing::HasSubstr("not valid JSON"));
  const std::string head =
      R"({"format": "satcirc-circuit", "version": 1, "gates": [)";
  EXPECT_THAT(
      std::string(read(head + R"({"id": 0, "kind": "input", "name": "x"},
      {"id": 1, "kind": "and", "inputs": [[0, 1], [2, 1]], "threshold": 2}], "outputs": []})")
                      .message()),
      ::testing::HasSubstr("gates[1]: input from gate 2"));
  EXPECT_THAT(
      std::string(read(head + R"({"id": 0, "kind": "gate"}], "outputs": []})")
                      .message()),
      ::testing::HasSubstr("gates[0]: expected \"kind\""));
  EXPECT_THAT(
      std::string(read(head + R"({"id": 0, "kind": "input", "name": "x"},
      {"id": 1, "kind": "and", "inputs": [[0, 1]], "threshold": 2}], "outputs": []})")
                      .message()),
      ::testing::HasSubstr("declared and"));
  EXPECT_THAT(
      std::string(read(head + R"(], "outputs": [{"name": "o", "gate": 3}]})")
                      .message()),
      ::testing::HasSubstr("outputs[0]: gate 3 does not exist"));
}

TEST(Aiger, LoweringAndRoundTripPreserveTheFunction) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 12; ++trial) {
    Circuit c = RandomCircuit(rng, 7, 40, 4, 6, trial % 2 ? 2 : 25);
    std::ostringstream out;
    ASSERT_TRUE(WriteAiger(out, c).ok());
    auto read = ParseAiger(out.str(), "random.aag");
    ASSERT_TRUE(read.ok()) << read.status() << "\n" << out.str();
    ASSERT_EQ(read->inputs().size(), c.inputs().size());
    EXPECT_EQ(read->gate(read->inputs()[3]).name, "x3");
    EXPECT_EQ(read->outputs()[1].name, "y1");
    EXPECT_EQ(*ExhaustiveTruthTables(*read), ScalarTruthTables(c)) << out.str();
  }
}

TEST(Aiger, HeaderAndAndLines) {
  CircuitBuilder b;
  GateId x = b.Input("x"), y = b.Input("y"), z = b.Input("z");
  GateId in[3] = {x, y, z};
  b.AddOutput("maj", b.Majority(in));
  b.AddOutput("nand", b.Not(b.And(x, y)));
  std::ostringstream out;
  ASSERT_TRUE(WriteAiger(out, b.circuit()).ok());
  std::istringstream lines(out.str());
  std::string aag;
  std::uint64_t m, i, l, o, a;
  lines >> aag >> m >> i >> l >> o >> a;
  EXPECT_EQ(aag, "aag");
  EXPECT_EQ(i, 3u);
  EXPECT_EQ(l, 0u);
  EXPECT_EQ(o, 2u);
  EXPECT_EQ(m, i + a);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("i0 x\n"));
  // Symbols are port names (names.h): "nand" is a Verilog keyword.
  EXPECT_THAT(out.str(), ::testing::HasSubstr("o1 p_nand\n"));
}

}  // namespace
}  // namespace satcirc::circuits
