#include "lib/model/builder.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

TEST(BuilderTest, LaysOutNamedFeaturesAsTheIr) {
  ModelBuilder b("m", "01");
  Feature is_one = b.TokenIndicator("is_one", '1');
  Feature frac = b.AddFeature("frac");
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  LayerBuilder& layer = b.AddLayer();
  layer.AddHead("h", AttentionMode::kHardLeft, Mask::kCausal)
      .ScoreTerm(one, is_one, Rational(3))
      .Average(is_one, frac, Rational(1, 2));
  layer.Relu({{frac, 2}}, Rational(-1), {{one, -1}});
  b.SetReadout(ReadoutPosition::kFirst, {{frac, 1}}, Rational(1, 4));
  absl::StatusOr<Model> m = b.Build();
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->features, (std::vector<std::string>{"is_one", "frac", "one"}));
  EXPECT_EQ(m->token_embedding.at(1, 0), Rational(1));  // '1' -> is_one
  EXPECT_EQ(m->token_embedding.at(0, 0), Rational(0));
  const Head& h = m->layers[0].heads[0];
  EXPECT_EQ(h.w_q.rows, 1);
  EXPECT_EQ(h.w_q.at(0, 2), Rational(3));  // query reads `one` with the weight
  EXPECT_EQ(h.w_k.at(0, 0), Rational(1));  // key reads `is_one`
  EXPECT_EQ(h.w_v.at(0, 0), Rational(1));
  EXPECT_EQ(h.w_o.at(1, 0), Rational(1, 2));
  EXPECT_EQ(m->layers[0].mlp.w1.at(0, 1), Rational(2));
  EXPECT_EQ(m->layers[0].mlp.b1[0], Rational(-1));
  EXPECT_EQ(m->layers[0].mlp.w2.at(2, 0), Rational(-1));
  EXPECT_EQ(m->positional.size(), 1u);
  EXPECT_EQ(m->readout.weights[1], Rational(1));
}

TEST(BuilderTest, ErrorsNameTheProblem) {
  ModelBuilder b("m", "01");
  Feature f = b.AddFeature("f");
  b.Embed('2', f, 1);
  b.SetReadout(ReadoutPosition::kLast, {{f, 1}}, 0);
  absl::StatusOr<Model> m = b.Build();
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(),
              HasSubstr("token '2' is not in the alphabet {01}"));

  ModelBuilder c("m", "01");
  c.AddFeature("f");
  c.AddFeature("f");
  EXPECT_THAT(c.Build().status().message(),
              HasSubstr("feature 'f' appears twice"));
}

}  // namespace
}  // namespace satcirc
