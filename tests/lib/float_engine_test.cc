// The float:c engine: the softmax-to-saturation distances of Merrill et al.
// 2022, sec. 3.3, the saturated limit on the zoo, layer normalization, and
// non-finite values.
#include "lib/engine/float_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "automata/enumerate.h"
#include "lib/engine/engine.h"
#include "lib/model/builder.h"
#include "lib/model/model_io.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

// Records the attention rows of one position.
class RowRecorder : public FloatObserver {
 public:
  explicit RowRecorder(int p) : p_(p) {}
  void OnAttentionRow(int, int, int p, std::span<const double> scores,
                      std::span<const double> weights) override {
    if (p != p_) return;
    scores_.assign(scores.begin(), scores.end());
    weights_.assign(weights.begin(), weights.end());
  }
  std::vector<double> scores_, weights_;

 private:
  int p_;
};

// One head whose scores at the last position are the tokens' values:
// a → 1, b → 3, c → 2 (the query is the constant 1).
Model ScoreModel() {
  Model m;
  m.name = "scores";
  m.alphabet = *automata::Alphabet::FromSymbols("abc");
  m.features = {"value", "one", "out"};
  m.token_embedding = Matrix(3, 3);
  const int values[] = {1, 3, 2};
  for (int t = 0; t < 3; ++t) {
    m.token_embedding.at(t, 0) = values[t];
    m.token_embedding.at(t, 1) = 1;
  }
  Head h;
  h.name = "peek";
  h.w_q = Matrix(1, 3);
  h.w_q.at(0, 1) = 1;
  h.w_k = Matrix(1, 3);
  h.w_k.at(0, 0) = 1;
  h.w_v = Matrix(1, 3);
  h.w_v.at(0, 0) = 1;
  h.w_o = Matrix(3, 1);
  h.w_o.at(2, 0) = 1;
  Layer layer;
  layer.heads.push_back(h);
  layer.mlp.w1 = Matrix(0, 3);
  layer.mlp.w2 = Matrix(3, 0);
  m.layers.push_back(layer);
  m.readout.weights = {0, 0, 1};
  m.readout.bias = Rational(-5, 2);
  return m;
}

// Merrill et al. 2022, sec. 3.3: for a = [1, 3, 3, 2], ‖softmax(c·a) − ζ(a)‖₁
// is 0.4021 at c = 1, 6.760e-3 at c = 5 and 4.540e-5 at c = 10 (given to 4
// figures).
TEST(FloatEngineTest, SoftmaxDistanceToSaturationMatchesReferences) {
  const Model m = ScoreModel();
  const automata::Word w = *m.alphabet.Parse("abbc");
  const std::vector<double> zeta = {0, 0.5, 0.5, 0};
  for (auto [c, expected] : {std::pair{1.0, 0.4021}, std::pair{5.0, 6.760e-3},
                             std::pair{10.0, 4.540e-5}}) {
    FloatEngine e = *FloatEngine::Create(m, {.scale = c});
    RowRecorder rec(3);
    ASSERT_TRUE(e.Run(w, &rec).ok());
    ASSERT_THAT(rec.scores_, ::testing::ElementsAre(1, 3, 3, 2));
    double l1 = 0;
    for (int q = 0; q < 4; ++q) l1 += std::fabs(rec.weights_[q] - zeta[q]);
    EXPECT_NEAR(l1, expected, expected * 5e-4) << "c = " << c;
    // And the closed form 2S/(|M| + S), S = Σ_{j∉M} e^{−c(max − a_j)}.
    const double s = std::exp(-2 * c) + std::exp(-c);
    EXPECT_NEAR(l1, 2 * s / (2 + s), 1e-12);
  }
}

std::vector<automata::Word> WordsOfLength(int k, int n) {
  std::vector<automata::Word> words;
  automata::Word w(n, 0);
  for (std::uint64_t i = 0; i < *automata::NumWords(k, n); ++i) {
    words.push_back(w);
    automata::NextWord(k, w);
  }
  return words;
}

// As c → ∞, float:c tends to the exact engine on the saturated limit (hard
// heads made saturated): at c = 10⁸ the readout is within 10⁻⁶ of the limit's
// on every string of length ≤ 8 of every zoo model (scores that tie exactly
// can differ by rounding, ~10⁻¹⁶, which c turns into ~10⁻⁷ of weight), and the
// decisions agree wherever the limit's readout is not within 10⁻⁶ of 0 (some
// constructions reject with y = 0 exactly, where rounding decides).
TEST(FloatEngineTest, LargeScaleTendsToTheSaturatedLimit) {
  int decided = 0;
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    const Model model = *e.build();
    ExactEngine limit = *ExactEngine::Create(SaturatedLimit(model));
    FloatEngine f = *FloatEngine::Create(model, {.scale = 1e8});
    const int max_n = model.alphabet.size() > 2 ? 5 : 8;
    for (int n = 0; n <= max_n; ++n) {
      for (const automata::Word& w : WordsOfLength(model.alphabet.size(), n)) {
        absl::StatusOr<FloatDecision> d = f.Run(w);
        ASSERT_TRUE(d.ok()) << d.status();
        const double y = limit.Run(w).value.ToDouble();
        ASSERT_NEAR(d->value, y, 1e-6)
            << e.name << " '" << model.alphabet.Format(w) << "'";
        if (std::fabs(y) > 1e-6) {
          ASSERT_EQ(d->accept, y > 0)
              << e.name << " '" << model.alphabet.Format(w) << "'";
          ++decided;
        }
      }
    }
  }
  EXPECT_GT(decided, 1000);
}

// Single precision runs the same network.
TEST(FloatEngineTest, SinglePrecisionAgreesOnMajority) {
  const Model model = *zoo::Build("majority");
  FloatEngine d = *FloatEngine::Create(model, {.scale = 1});
  FloatEngine f = *FloatEngine::Create(model, {.scale = 1, .single = true});
  for (const automata::Word& w : WordsOfLength(2, 9)) {
    EXPECT_EQ(d.Run(w)->accept, f.Run(w)->accept);
    EXPECT_NEAR(d.Run(w)->value, f.Run(w)->value, 1e-6);
  }
}

// Layer norm, against a hand computation on a one-position model.
TEST(FloatEngineTest, LayerNormPreAndPost) {
  Model m;
  m.alphabet = *automata::Alphabet::FromSymbols("a");
  m.features = {"u", "v"};
  m.token_embedding = Matrix(1, 2);
  m.token_embedding.at(0, 0) = 3;
  m.token_embedding.at(0, 1) = 1;
  Layer layer;
  layer.mlp.w1 = Matrix(1, 2);
  layer.mlp.w1.at(0, 0) = 1;  // h = ReLU(u)
  layer.mlp.b1 = {0};
  layer.mlp.w2 = Matrix(2, 1);
  layer.mlp.w2.at(1, 0) = 1;  // v += h
  m.layers.push_back(layer);
  m.readout.weights = {0, 1};
  m.layer_norm.epsilon = Rational(1, 100);
  const automata::Word w = {0};
  const double eps = 0.01;
  // LN([3, 1]) = [1, −1]/sqrt(1 + ε).
  const double s = 1 / std::sqrt(1 + eps);
  m.layer_norm.placement = LayerNormPlacement::kPre;
  {
    // x = [3, 1]; h = ReLU(LN(x)_u) = s; x = [3, 1 + s]; y = LN(x)_v.
    const double mean = (3 + 1 + s) / 2, dev = (3 - (1 + s)) / 2;
    const double y = ((1 + s) - mean) / std::sqrt(dev * dev + eps);
    EXPECT_NEAR(FloatEngine::Create(m, {})->Run(w)->value, y, 1e-12);
  }
  m.layer_norm.placement = LayerNormPlacement::kPost;
  {
    // x = LN([3, 1]) = [s, −s]; h = s; x = LN([s, 0]).
    const double y = (0 - s / 2) / std::sqrt(s * s / 4 + eps);
    EXPECT_NEAR(FloatEngine::Create(m, {})->Run(w)->value, y, 1e-12);
  }
  // The exact engines refuse it; the file format keeps it.
  EXPECT_THAT(std::string(ExactEngine::Create(m).status().message()),
              HasSubstr("layer_norm"));
  absl::StatusOr<Model> back =
      ReadModelFromString(WriteModelToString(m), "test");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, m);
}

TEST(FloatEngineTest, NonFiniteValuesAreErrorsNamingWhere) {
  Model m = ScoreModel();
  m.token_embedding.at(1, 0) = Rational(mpq_class("1" + std::string(300, '0')));
  Layer grow;
  grow.mlp.w1 = Matrix(1, 3);
  grow.mlp.w1.at(0, 0) = Rational(mpq_class("1" + std::string(10, '0')));
  grow.mlp.b1 = {0};
  grow.mlp.w2 = Matrix(3, 1);
  grow.mlp.w2.at(0, 0) = 1;
  m.layers.push_back(grow);
  FloatEngine e = *FloatEngine::Create(m, {.scale = 1});
  absl::StatusOr<FloatDecision> d = e.Run(*m.alphabet.Parse("ab"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(d.status().message()),
              HasSubstr("on input 'ab': in layer 2 (mlp), feature 'value' at "
                        "position 1 is +inf"));
  EXPECT_FALSE(FloatEngine::Create(m, {.scale = 0}).ok());
  EXPECT_FALSE(FloatEngine::Create(m, {.scale = -1}).ok());
  EXPECT_FALSE(FloatEngine::Create(m, {.scale = NAN}).ok());
}

}  // namespace
}  // namespace satcirc
