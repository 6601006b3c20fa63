// The experiments: c*(n), the saturation metrics, sharpness.
#include "lib/experiments/experiments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "automata/registry.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

// MAJORITY's head is uniform at every scale: c* is at the search's floor.
// PARITY's score peak separates the top two scores by about 1/N², so c*
// grows with n.
TEST(ExperimentsTest, ScaleSearchMajorityFlatParityGrowing) {
  const Model majority = *zoo::Build("majority");
  for (int n : {3, 8, 12}) {
    absl::StatusOr<ScaleResult> r = FindScale(majority, n, {});
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->at_floor) << n;
    EXPECT_TRUE(r->exhaustive);
  }
  const Model parity = *zoo::Build("parity");
  double previous = 0;
  for (int n = 4; n <= 12; n += 2) {
    absl::StatusOr<ScaleResult> r = FindScale(parity, n, {});
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_TRUE(r->scale.has_value()) << n;
    EXPECT_FALSE(r->at_floor);
    EXPECT_GT(*r->scale, previous) << n;
    previous = *r->scale;
    // At c*, float:c decides every string as the exact engine.
    FloatEngine f = *FloatEngine::Create(parity, {.scale = *r->scale});
    ExactEngine e = *ExactEngine::Create(parity);
    bool exhaustive = false;
    const std::vector<automata::Word> words =
        *ExperimentStrings(parity, n, {}, &exhaustive);
    EXPECT_TRUE(exhaustive);
    for (const automata::Word& w : words) {
      ASSERT_EQ(f.Run(w)->accept, e.Accept(w));
    }
    // The search's witness: a string the last disagreeing scale got wrong.
    ASSERT_TRUE(r->witness.has_value());
  }
}

// FIRST's hard_left head ties every score: softmax averages uniformly at every
// scale (its c → ∞ limit is saturated, not hard), so from n = 2 no scale
// agrees. The search names a string the largest scale tried gets wrong, with
// the exact engine's decision on it and the float engine's readout there.
TEST(ExperimentsTest, NoScaleNamesAStringTheLargestScaleGetsWrong) {
  const Model first = *zoo::Build("first");
  ExactEngine exact = *ExactEngine::Create(first);
  for (double max_scale : {1.0, 1e12}) {
    ScaleOptions options;
    options.max_scale = max_scale;
    double largest = options.min_scale;
    while (largest * 2 <= max_scale) largest *= 2;
    for (int n = 2; n <= 6; ++n) {
      absl::StatusOr<ScaleResult> r = FindScale(first, n, options);
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_FALSE(r->scale.has_value()) << n;
      ASSERT_TRUE(r->witness.has_value()) << n;
      EXPECT_EQ(r->witness_scale, largest) << n;
      EXPECT_EQ(r->witness_exact_accepts, exact.Accept(*r->witness)) << n;
      absl::StatusOr<FloatDecision> f =
          FloatEngine::Create(first, {.scale = r->witness_scale})
              ->Run(*r->witness);
      ASSERT_TRUE(f.ok()) << f.status();
      EXPECT_NE(f->accept, r->witness_exact_accepts) << n;
      EXPECT_EQ(f->value, r->witness_float_value) << n;
    }
  }
}

// MAJORITY at n = 18 used to read y = 0 exactly on the ties, and the float
// engine's average of nine weights 1/18 rounds to 1/2 + 1.1·10⁻¹⁶, so no
// scale agreed. With the margin 1/(4n) (lib/zoo/majority.cc) every scale does.
TEST(ExperimentsTest, MajorityWithItsMarginAgreesAtEveryScaleAtN18) {
  const Model majority = *zoo::Build("majority");
  ScaleOptions options;
  options.strings.exhaustive_limit = std::uint64_t{1} << 18;
  absl::StatusOr<ScaleResult> r = FindScale(majority, 18, options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->exhaustive);
  EXPECT_TRUE(r->at_floor);
  EXPECT_FALSE(r->witness.has_value());
}

// The metrics tend to their saturated values as c grows, monotonically, on
// every zoo model: the mean L1 distance per head falls towards 0 and the
// cosine with the limit's hidden states rises towards 1 — down to the floor
// that double rounding sets: scores that tie exactly differ by ~10⁻¹⁶
// relative after rounding, and c multiplies that, so past c ≈ 10⁴ values of
// 10⁻¹¹…10⁻⁷ can grow again (docs/saturate.md).
TEST(ExperimentsTest, SaturationMetricsTendToTheLimitMonotonically) {
  std::vector<double> scales;
  for (double c = 1; c <= 1 << 16; c *= 4) scales.push_back(c);
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    const Model model = *e.build();
    const int n = model.alphabet.size() > 2 ? 4 : 6;
    absl::StatusOr<std::vector<SaturationMetrics>> m =
        MeasureSaturation(model, n, scales, {});
    ASSERT_TRUE(m.ok()) << m.status();
    for (size_t i = 1; i < m->size(); ++i) {
      for (size_t l = 0; l < (*m)[i].head_l1.size(); ++l) {
        for (size_t h = 0; h < (*m)[i].head_l1[l].size(); ++h) {
          EXPECT_LE((*m)[i].head_l1[l][h], (*m)[i - 1].head_l1[l][h] + 1e-6)
              << e.name << " layer " << l + 1 << " head " << h + 1
              << " c = " << (*m)[i].scale;
        }
        EXPECT_GE((*m)[i].layer_cosine[l], (*m)[i - 1].layer_cosine[l] - 1e-9)
            << e.name << " layer " << l + 1 << " c = " << (*m)[i].scale;
      }
    }
    const SaturationMetrics& last = m->back();
    for (const auto& row : last.head_l1) {
      for (double v : row) EXPECT_LT(v, 1e-6) << e.name;
    }
    for (double v : last.layer_cosine) EXPECT_GT(v, 1 - 1e-6) << e.name;
  }
}

TEST(ExperimentsTest, SharpnessIsSeededAndZeroWithoutNoise) {
  const Model parity = *zoo::Build("parity");
  auto language = *automata::ParseLanguage("parity");
  SharpnessOptions options;
  options.strings.language = language.get();
  options.scale = 1000;
  options.sigma = 0;
  absl::StatusOr<SharpnessResult> zero = MeasureSharpness(parity, 6, options);
  ASSERT_TRUE(zero.ok()) << zero.status();
  EXPECT_EQ(zero->mean_increase, 0);
  EXPECT_EQ(zero->flip_fraction, 0);
  EXPECT_EQ(zero->base_accuracy, 1);
  options.sigma = 0.02;
  absl::StatusOr<SharpnessResult> a = MeasureSharpness(parity, 6, options);
  absl::StatusOr<SharpnessResult> b = MeasureSharpness(parity, 6, options);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->mean_increase, b->mean_increase);
  EXPECT_EQ(a->flip_fraction, b->flip_fraction);
  EXPECT_GT(a->flip_fraction, 0);
  options.sigma = -1;
  EXPECT_FALSE(MeasureSharpness(parity, 6, options).ok());
  options.sigma = 0.02;
  options.strings.language = nullptr;
  EXPECT_FALSE(MeasureSharpness(parity, 6, options).ok());
}

}  // namespace
}  // namespace satcirc
