// saturate's measurement: the accuracy against a language as the scale grows,
// and the whole report (lib/experiments/saturate.h).
#include "lib/experiments/saturate.h"

#include <gtest/gtest.h>

#include "automata/enumerate.h"
#include "automata/registry.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/engine/param_limit.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

// A zoo construction with the language it is checked against.
struct ZooModel {
  Model model;
  std::unique_ptr<automata::Language> language;
};

ZooModel Zoo(const std::string& name) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    if (e.name != name) continue;
    absl::StatusOr<Model> m = zoo::Build(name);
    absl::StatusOr<std::unique_ptr<automata::Language>> l =
        automata::ParseLanguage(e.language);
    EXPECT_TRUE(m.ok() && l.ok()) << name;
    return {*std::move(m), *std::move(l)};
  }
  ADD_FAILURE() << "no zoo entry " << name;
  return {};
}

// The share of Σⁿ that float:c decides as the language does, counted here
// over the enumeration with one engine (a run that fails counts as wrong).
double CountFloatAccuracy(const Model& model, const automata::Language& lang,
                          int n, double c) {
  FloatEngine f = *FloatEngine::Create(model, {.scale = c});
  const std::uint64_t total = *automata::NumWords(model.alphabet.size(), n);
  automata::Word w(n, 0);
  std::uint64_t right = 0;
  for (std::uint64_t i = 0; i < total; ++i) {
    absl::StatusOr<FloatDecision> d = f.Run(w);
    right += d.ok() && d->accept == lang.Contains(w);
    automata::NextWord(model.alphabet.size(), w);
  }
  return static_cast<double>(right) / static_cast<double>(total);
}

// With every parameter scaled: float:1's accuracy on the scaled model is the
// count over Σⁿ, and the parameter limit's is the exact check's with the
// param-limit engine. Without `parameters` neither is measured.
TEST(SaturateTest, ParameterAccuracyIsTheCountAndTheCheck) {
  for (const char* name : {"parity", "majority"}) {
    const ZooModel z = Zoo(name);
    const int n = 6;
    const std::vector<double> scales = {0.5, 4, 64};
    absl::StatusOr<LanguageAccuracy> acc = MeasureLanguageAccuracy(
        z.model, n, scales, {.language = z.language.get()}, 1, true);
    ASSERT_TRUE(acc.ok()) << acc.status();
    ASSERT_EQ(acc->param_float_accuracy.size(), scales.size());
    for (size_t k = 0; k < scales.size(); ++k) {
      EXPECT_EQ(acc->param_float_accuracy[k],
                CountFloatAccuracy(
                    ScaleParameters(z.model, Rational(mpq_class(scales[k]))),
                    *z.language, n, 1))
          << name << " c = " << scales[k];
    }
    std::unique_ptr<Decider> limit = *MakeDecider(z.model, "param-limit");
    absl::StatusOr<CheckReport> report = Check(*limit, *z.language, {n});
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(acc->param_limit_accuracy.has_value());
    EXPECT_DOUBLE_EQ(*acc->param_limit_accuracy, report->lengths[0].accuracy());
    // The zoo's constructions do not survive the parameter limit.
    EXPECT_LT(*acc->param_limit_accuracy, 1) << name;
    absl::StatusOr<LanguageAccuracy> plain = MeasureLanguageAccuracy(
        z.model, n, scales, {.language = z.language.get()});
    ASSERT_TRUE(plain.ok());
    EXPECT_TRUE(plain->param_float_accuracy.empty());
    EXPECT_FALSE(plain->param_limit_accuracy.has_value());
  }
}

// float:c's accuracy is the count over Σⁿ, at every scale.
TEST(SaturateTest, FloatAccuracyIsTheCountOverEveryString) {
  for (const char* name : {"parity", "majority", "dyck1", "first"}) {
    const ZooModel z = Zoo(name);
    for (int n : {0, 1, 5, 6}) {
      const std::vector<double> scales = {0.5, 1, 30, 1000};
      absl::StatusOr<LanguageAccuracy> acc = MeasureLanguageAccuracy(
          z.model, n, scales, {.language = z.language.get()});
      ASSERT_TRUE(acc.ok()) << acc.status();
      EXPECT_TRUE(acc->exhaustive);
      EXPECT_EQ(acc->n, n);
      EXPECT_EQ(acc->strings, *automata::NumWords(z.model.alphabet.size(), n));
      ASSERT_EQ(acc->float_accuracy.size(), scales.size());
      for (size_t k = 0; k < scales.size(); ++k) {
        EXPECT_EQ(acc->float_accuracy[k],
                  CountFloatAccuracy(z.model, *z.language, n, scales[k]))
            << name << " n = " << n << " c = " << scales[k];
      }
    }
  }
  // PARITY's score peak needs c of the order of n²: at c = 1 some strings of
  // length 6 are wrong, so the accuracy is not trivially 1.
  const ZooModel parity = Zoo("parity");
  absl::StatusOr<LanguageAccuracy> acc = MeasureLanguageAccuracy(
      parity.model, 6, {1}, {.language = parity.language.get()});
  ASSERT_TRUE(acc.ok());
  EXPECT_LT(acc->float_accuracy[0], 1);
}

// The limit's accuracy is the exact check's accuracy of the saturated model:
// on FIRST (a hard head, whose limit is saturated: uniform over the tie) it
// is below 1, on PARITY 1.
TEST(SaturateTest, LimitAccuracyIsTheCheckOfTheSaturatedModel) {
  for (const char* name : {"first", "parity", "dyck1", "tomita7"}) {
    const ZooModel z = Zoo(name);
    const Model limit = SaturatedLimit(z.model);
    absl::StatusOr<std::unique_ptr<Decider>> exact = MakeExactDecider(limit);
    ASSERT_TRUE(exact.ok()) << exact.status();
    for (int n : {2, 4, 7}) {
      absl::StatusOr<CheckReport> check = Check(**exact, *z.language, {n});
      ASSERT_TRUE(check.ok()) << check.status();
      absl::StatusOr<LanguageAccuracy> acc = MeasureLanguageAccuracy(
          z.model, n, {1}, {.language = z.language.get()});
      ASSERT_TRUE(acc.ok()) << acc.status();
      ASSERT_TRUE(acc->limit_accuracy.has_value());
      EXPECT_DOUBLE_EQ(*acc->limit_accuracy, check->lengths[0].accuracy())
          << name << " n = " << n;
      if (std::string(name) == "first") {
        EXPECT_LT(*acc->limit_accuracy, 1) << n;
      }
    }
  }
}

// Where c* is finite, float:c at a scale far above it decides every string as
// the limit does (the model is its own limit: saturated heads only), so the
// two accuracies are equal.
TEST(SaturateTest, AtAHugeScaleFloatAccuracyIsTheLimits) {
  for (const char* name : {"parity", "majority", "dyck1"}) {
    const ZooModel z = Zoo(name);
    for (int n : {4, 8}) {
      const StringSet set{.language = z.language.get()};
      absl::StatusOr<ScaleResult> c = FindScale(z.model, n, {.strings = set});
      ASSERT_TRUE(c.ok() && c->scale.has_value()) << name << " " << n;
      absl::StatusOr<LanguageAccuracy> acc =
          MeasureLanguageAccuracy(z.model, n, {*c->scale * 100}, set);
      ASSERT_TRUE(acc.ok()) << acc.status();
      ASSERT_TRUE(acc->limit_accuracy.has_value());
      EXPECT_EQ(acc->float_accuracy[0], *acc->limit_accuracy)
          << name << " n = " << n;
    }
  }
}

// A trained network is a softmax network: FindScale compares it with its
// saturated limit. PARITY with its heads made softmax has the same c* as
// PARITY (the float engine runs both alike; the limit is PARITY), and the
// same accuracies.
TEST(SaturateTest, SoftmaxModelIsComparedWithItsLimit) {
  const ZooModel z = Zoo("parity");
  Model softmax = z.model;
  for (Layer& layer : softmax.layers) {
    for (Head& h : layer.heads) h.mode = AttentionMode::kSoftmax;
  }
  ASSERT_FALSE(ExactEngine::Create(softmax).ok());
  const StringSet set{.language = z.language.get()};
  for (int n : {3, 6}) {
    absl::StatusOr<ScaleResult> a = FindScale(softmax, n, {.strings = set});
    absl::StatusOr<ScaleResult> b = FindScale(z.model, n, {.strings = set});
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    EXPECT_EQ(a->scale, b->scale) << n;
    absl::StatusOr<LanguageAccuracy> x =
        MeasureLanguageAccuracy(softmax, n, {1, 100}, set);
    absl::StatusOr<LanguageAccuracy> y =
        MeasureLanguageAccuracy(z.model, n, {1, 100}, set);
    ASSERT_TRUE(x.ok() && y.ok());
    EXPECT_EQ(x->float_accuracy, y->float_accuracy);
    EXPECT_EQ(x->limit_accuracy, y->limit_accuracy);
  }
}

// The report: per length, c*(n) as FindScale finds it and the accuracy as
// MeasureLanguageAccuracy measures it; at a metrics length outside the
// lengths, the accuracy there too. Without a language, no accuracy.
TEST(SaturateTest, ReportHoldsEveryLengthsAccuracy) {
  const ZooModel z = Zoo("parity");
  SaturateOptions options{.lengths = {3, 5},
                          .scales = {1, 64},
                          .metrics_length = 4,
                          .strings = {.language = z.language.get()}};
  int steps = 0;
  absl::StatusOr<SaturationReport> r =
      MeasureSaturate(z.model, options, [&] { ++steps; });
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(steps, 3);
  ASSERT_EQ(r->scales.size(), 2u);
  ASSERT_EQ(r->accuracy.size(), 2u);
  ASSERT_EQ(r->metrics.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const int n = options.lengths[i];
    EXPECT_EQ(r->scales[i].scale,
              FindScale(z.model, n, {.strings = options.strings})->scale);
    const LanguageAccuracy acc =
        *MeasureLanguageAccuracy(z.model, n, options.scales, options.strings);
    EXPECT_EQ(r->accuracy[i].n, n);
    EXPECT_EQ(r->accuracy[i].float_accuracy, acc.float_accuracy);
    EXPECT_EQ(r->accuracy[i].limit_accuracy, acc.limit_accuracy);
  }
  ASSERT_TRUE(r->metrics_accuracy.has_value());
  EXPECT_EQ(r->metrics_accuracy->n, 4);
  EXPECT_EQ(r->metrics_accuracy->float_accuracy,
            MeasureLanguageAccuracy(z.model, 4, options.scales, options.strings)
                ->float_accuracy);
  options.strings.language = nullptr;
  r = MeasureSaturate(z.model, options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->accuracy.empty());
  EXPECT_FALSE(r->metrics_accuracy.has_value());
}

TEST(SaturateTest, AccuracyNeedsALanguageOfTheModelsAlphabet) {
  const ZooModel z = Zoo("parity");
  EXPECT_FALSE(MeasureLanguageAccuracy(z.model, 3, {1}, {}).ok());
  const ZooModel d = Zoo("dyck1");
  EXPECT_FALSE(
      MeasureLanguageAccuracy(z.model, 3, {1}, {.language = d.language.get()})
          .ok());
}

}  // namespace
}  // namespace satcirc
