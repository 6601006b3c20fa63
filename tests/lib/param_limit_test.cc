// The parameter limit (lib/engine/param_limit.h) against a second computation:
// the exact engine run on the model with every parameter multiplied by one
// huge C. Past every root of the polynomials involved the order of scores,
// the signs of ReLU inputs and of y at C are those as c → ∞, so the exact
// engine's y at C is the limit's polynomial evaluated at C, exactly.
#include "lib/engine/param_limit.h"

#include <gtest/gtest.h>

#include <random>

#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/zoo/zoo.h"
#include "tests/lib/random_model.h"
#include "tests/lib/reference_engine.h"

namespace satcirc {
namespace {

// 2^80: beyond the roots of the polynomials of the small random models (their
// coefficients are bounded far below it).
Rational Huge() { return Rational(mpq_class(mpz_class(1) << 80)); }

ScalePoly RandomPoly(std::mt19937_64& rng) {
  ScalePoly p;
  const int degree = static_cast<int>(rng() % 4);
  for (int k = 0; k <= degree; ++k) {
    p += ScalePoly::Monomial(testing::RandomWeight(rng), k);
  }
  return p;
}

TEST(ScalePolyTest, RingOperationsAgreeWithEvaluation) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const ScalePoly a = RandomPoly(rng), b = RandomPoly(rng);
    for (const Rational& c : {Rational(0), Rational(3), Rational(-1, 2)}) {
      ScalePoly sum = a, diff = a;
      sum += b;
      diff -= b;
      EXPECT_EQ(sum.At(c), a.At(c) + b.At(c));
      EXPECT_EQ(diff.At(c), a.At(c) - b.At(c));
      EXPECT_EQ((a * b).At(c), a.At(c) * b.At(c));
      ScalePoly shifted;
      shifted.AddScaled(mpq_class(2, 3), 2, a);
      EXPECT_EQ(shifted.At(c), Rational(2, 3) * c * c * a.At(c));
    }
    // The order as c → ∞ is the order at a c past every root.
    const Rational big = Huge();
    const int at_big = (a.At(big) - b.At(big)).Sign();
    EXPECT_EQ(Compare(a, b), at_big) << a.ToString() << " vs " << b.ToString();
    EXPECT_EQ(Compare(a, a), 0);
  }
}

TEST(ScalePolyTest, PrintsLeadingTermFirst) {
  ScalePoly p = ScalePoly::Monomial(Rational(1, 4), 2);
  p -= ScalePoly::Monomial(Rational(1, 2), 1);
  p += ScalePoly::Monomial(Rational(-3));
  EXPECT_EQ(p.ToString(), "1/4·c^2 - 1/2·c - 3");
  EXPECT_EQ(ScalePoly::Monomial(Rational(-1), 3).ToString(), "-c^3");
  EXPECT_EQ(ScalePoly().ToString(), "0");
  EXPECT_EQ(p.degree(), 2);
  EXPECT_EQ(p.Sign(), 1);
}

// The limit's y at C equals the exact engine's y on the model scaled by C, on
// every word up to length 4; `saturate` makes the scaled model's heads
// saturated first (for softmax heads, whose limit that is).
void ExpectAgreesWithScaledModel(const Model& model, bool saturate) {
  const Rational c = Huge();
  Model scaled = ScaleParameters(model, c);
  if (saturate) scaled = SaturatedLimit(scaled);
  absl::StatusOr<ExactEngine> exact = ExactEngine::Create(scaled);
  ASSERT_TRUE(exact.ok()) << exact.status();
  absl::StatusOr<ParamLimitEngine> limit = ParamLimitEngine::Create(model);
  ASSERT_TRUE(limit.ok()) << limit.status();
  for (const automata::Word& w : testing::AllWords(model.alphabet.size(), 4)) {
    const ParamLimitDecision d = limit->Run(w);
    const Decision e = exact->Run(w);
    ASSERT_EQ(testing::ReferenceRun(scaled, w), e.value) << "reference";
    ASSERT_EQ(d.value.At(c), e.value)
        << model.name << ", y = " << d.value.ToString();
    ASSERT_EQ(d.accept, e.accept);
  }
}

TEST(ParamLimitTest, RandomModelsAgreeWithTheExactEngineAtAHugeScale) {
  std::mt19937_64 rng(15);
  for (int trial = 0; trial < 40; ++trial) {
    SCOPED_TRACE(trial);
    ExpectAgreesWithScaledModel(testing::RandomModel(rng), false);
  }
}

TEST(ParamLimitTest, SoftmaxHeadsAreSaturatedInTheLimit) {
  std::mt19937_64 rng(16);
  for (int trial = 0; trial < 40; ++trial) {
    SCOPED_TRACE(trial);
    Model m = testing::StructuredRandomModel(rng);
    for (Layer& layer : m.layers) {
      for (Head& h : layer.heads) h.mode = AttentionMode::kSoftmax;
    }
    ExpectAgreesWithScaledModel(m, true);
  }
}

TEST(ParamLimitTest, ZooModelsAgreeWithTheExactEngineAtAHugeScale) {
  for (const char* name : {"parity", "majority", "dyck1", "tomita4", "first"}) {
    absl::StatusOr<Model> m = zoo::Build(name);
    ASSERT_TRUE(m.ok()) << m.status();
    ExpectAgreesWithScaledModel(*m, false);
  }
}

// A model with no layers: y = w·x_r + b with x_r = E[token] + 1 (a constant
// feature). Scaled, y = c²·E[token] + c·(1 + b): the bias, next to a term of
// higher degree, stops mattering.
TEST(ParamLimitTest, BiasesOfLowerDegreeStopMattering) {
  Model m;
  m.name = "bias";
  m.alphabet = *automata::Alphabet::FromSymbols("ab");
  m.features = {"f"};
  m.token_embedding = Matrix(2, 1);
  m.token_embedding.at(0, 0) = 1;
  m.token_embedding.at(1, 0) = Rational(1, 4);
  m.positional.push_back({0, PositionalFunction::kConstant});
  m.readout.weights = {1};
  m.readout.bias = Rational(-3, 2);
  ASSERT_TRUE(ValidateModel(m).ok());
  ExactEngine exact = *ExactEngine::Create(m);
  ParamLimitEngine limit = *ParamLimitEngine::Create(m);
  const automata::Word b = {1};
  EXPECT_FALSE(exact.Run(b).accept);  // 1/4 + 1 - 3/2 = -1/4
  const ParamLimitDecision d = limit.Run(b);
  EXPECT_TRUE(d.accept);
  EXPECT_EQ(d.value.ToString(), "1/4·c^2 - 1/2·c");
  EXPECT_EQ(limit.Run({}).value.ToString(), "-3/2·c");
}

// float:1 on the scaled network approaches the limit: on the zoo's PARITY,
// scaled by 64, it decides every string up to length 8 as the limit does.
TEST(ParamLimitTest, FloatEngineOnTheScaledNetworkDecidesAsTheLimit) {
  absl::StatusOr<Model> m = zoo::Build("parity");
  ASSERT_TRUE(m.ok());
  absl::StatusOr<std::unique_ptr<Decider>> limit =
      MakeDecider(*m, "param-limit");
  ASSERT_TRUE(limit.ok()) << limit.status();
  absl::StatusOr<std::unique_ptr<Decider>> scaled =
      MakeDecider(ScaleParameters(*m, 64), "float:1");
  ASSERT_TRUE(scaled.ok()) << scaled.status();
  for (const automata::Word& w : testing::AllWords(2, 8)) {
    ASSERT_EQ((*scaled)->Accept(w), (*limit)->Accept(w));
  }
}

TEST(ParamLimitTest, RefusesLayerNorm) {
  absl::StatusOr<Model> m = zoo::Build("parity");
  ASSERT_TRUE(m.ok());
  m->layer_norm.placement = LayerNormPlacement::kPre;
  absl::StatusOr<ParamLimitEngine> e = ParamLimitEngine::Create(*m);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("layer normalization"),
            std::string::npos);
}

TEST(ParamLimitTest, EngineSpecNamesIt) {
  absl::StatusOr<EngineSpec> spec = ParseEngineSpec("param-limit");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->kind, EngineSpec::Kind::kParamLimit);
  EXPECT_EQ(spec->text, "param-limit");
}

}  // namespace
}  // namespace satcirc
