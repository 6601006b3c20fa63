// A sampled check cannot pass a model that errs on a whole class: accept-all
// and reject-all models fail against every language of the issue at every
// length from 30 to 10^4, each with a counterexample that the language and the
// engine confirm; one-sided lengths are reported as such; a sample holds at
// least one word of each class that exists, whatever its size.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "automata/registry.h"
#include "gtest/gtest.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/model/model_io.h"
#include "lib/zoo/zoo.h"
#include "tests/lib/sanitized.h"

namespace satcirc {
namespace {

// A model with no layers whose readout is the constant y = bias.
Model ConstantModel(const std::string& alphabet, int bias) {
  const std::string a(1, alphabet[0]), b(1, alphabet[1]);
  absl::StatusOr<Model> model = ReadModelFromString(
      "{\"format\": \"satcirc-model/1\", \"alphabet\": \"" + alphabet +
          "\", \"features\": [\"x\"], \"token_embedding\": {\"" + a +
          "\": [0], \"" + b +
          "\": [0]}, \"layers\": [], \"readout\": {\"position\": \"last\", "
          "\"weights\": [0], \"bias\": " +
          std::to_string(bias) + "}}",
      "constant model");
  EXPECT_TRUE(model.ok()) << model.status();
  return *std::move(model);
}

TEST(SoundCheckTest, ConstantModelsFailEveryLanguageAtEveryLength) {
  std::vector<int> lengths = {30, 100, 1000, 10000};
  if (testing::kSanitized) lengths = {30, 1000};
  for (const char* spec :
       {"or", "and", "regex:(0|1)*11(0|1)*", "majority", "dyck:k=1", "first"}) {
    auto language = *automata::ParseLanguage(spec);
    const std::string symbols = language->alphabet().symbols();
    for (const int bias : {1, -1}) {
      const Model model = ConstantModel(symbols, bias);
      auto decider = *MakeExactDecider(model);
      ExactEngine engine = *ExactEngine::Create(model);
      for (const int n : lengths) {
        absl::StatusOr<CheckReport> report =
            Check(*decider, *language, {n}, {.samples = 40});
        ASSERT_TRUE(report.ok()) << report.status();
        const LengthReport& r = report->lengths[0];
        SCOPED_TRACE(absl::StrCat(spec, " bias ", bias, " n ", n));
        EXPECT_FALSE(report->holds());
        ASSERT_TRUE(r.counterexample.has_value());
        EXPECT_EQ(static_cast<int>(r.counterexample->size()), n);
        const bool member = language->Contains(*r.counterexample);
        EXPECT_EQ(member, r.counterexample_is_member);
        EXPECT_NE(engine.Run(*r.counterexample).accept, member);
        // Both classes exist at these lengths (dyck:k=1 at even n).
        EXPECT_TRUE(r.members_exist && r.non_members_exist);
        EXPECT_GT(r.members, 0u);
        EXPECT_GT(r.non_members(), 0u);
      }
    }
  }
}

TEST(SoundCheckTest, OneSidedLengthsAreReported) {
  auto dyck = *automata::ParseLanguage("dyck:k=1");
  auto reject_all = *MakeExactDecider(ConstantModel("()", -1));
  // Odd lengths have no members: sampled (31, 101) or exhaustive (3).
  absl::StatusOr<CheckReport> report =
      Check(*reject_all, *dyck, {3, 31, 101}, {.samples = 10});
  ASSERT_TRUE(report.ok()) << report.status();
  for (const LengthReport& r : report->lengths) {
    EXPECT_FALSE(r.members_exist) << r.n;
    EXPECT_TRUE(r.non_members_exist) << r.n;
    EXPECT_TRUE(r.one_sided()) << r.n;
    EXPECT_EQ(r.members, 0u) << r.n;
    EXPECT_EQ(r.errors(), 0u) << r.n;
  }
  // regex:(0|1)* has no non-members at all.
  auto all = *automata::ParseLanguage("regex:(0|1)*");
  auto accept_all = *MakeExactDecider(ConstantModel("01", 1));
  report = Check(*accept_all, *all, {2, 40}, {.samples = 10});
  ASSERT_TRUE(report.ok()) << report.status();
  for (const LengthReport& r : report->lengths) {
    EXPECT_TRUE(r.members_exist && !r.non_members_exist) << r.n;
    EXPECT_EQ(r.non_members(), 0u) << r.n;
  }
  EXPECT_TRUE(report->holds());
}

TEST(SoundCheckTest, EveryClassThatExistsIsDrawnWhateverTheSampleSize) {
  for (const char* spec : {"or", "and", "first", "majority", "dyck:k=2", "anbn",
                           "tomita:2", "shuffle-dyck:k=3"}) {
    auto language = *automata::ParseLanguage(spec);
    for (const int samples : {1, 2, 3, 7}) {
      for (const int n : {36, 60}) {
        absl::StatusOr<LengthSample> sample =
            SampleLength(*language, n, {.samples = samples});
        ASSERT_TRUE(sample.ok()) << sample.status();
        int members = 0;
        for (const automata::Word& w : sample->words)
          members += language->Contains(w);
        const int others = static_cast<int>(sample->words.size()) - members;
        SCOPED_TRACE(absl::StrCat(spec, " K=", samples, " n=", n));
        EXPECT_EQ(members > 0, sample->members_exist);
        EXPECT_EQ(others > 0, sample->non_members_exist);
        EXPECT_GE(static_cast<int>(sample->words.size()), samples);
      }
    }
  }
}

// The length-generalization protocol samples its test lengths the same way.
TEST(SoundCheckTest, TestLengthsSeeNonMembers) {
  auto language = *automata::ParseLanguage("regex:(0|1)*11(0|1)*");
  auto accept_all = *MakeExactDecider(ConstantModel("01", 1));
  GeneralizationOptions options;
  options.test_samples = 8;
  absl::StatusOr<GeneralizationReport> report =
      CheckGeneralization(*accept_all, *language, {2, 3}, {60, 200}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  for (const LengthReport& r : report->tested.lengths) {
    EXPECT_GT(r.false_accepts, 0u) << r.n;
  }
  EXPECT_LT(report->mean_test_accuracy(), 1.0);
}

// check --strings: rows per length in increasing order, each string checked.
TEST(SoundCheckTest, GivenStringsAreCheckedByLength) {
  auto parity = *automata::ParseLanguage("parity");
  auto decider = *MakeExactDecider(*zoo::Build("parity"));
  const automata::Alphabet& a = parity->alphabet();
  std::vector<automata::Word> words = {*a.Parse("0111"), *a.Parse("1"),
                                       *a.Parse(""), *a.Parse("1011")};
  absl::StatusOr<CheckReport> report = CheckWords(*decider, *parity, words);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->lengths.size(), 3u);
  EXPECT_EQ(report->lengths[0].n, 0);
  EXPECT_EQ(report->lengths[2].n, 4);
  EXPECT_EQ(report->lengths[2].checked, 2u);
  EXPECT_EQ(report->lengths[2].members, 2u);
  EXPECT_EQ(report->lengths[2].mode, LengthMode::kGiven);
  EXPECT_TRUE(report->holds());
  auto reject_all = *MakeExactDecider(ConstantModel("01", -1));
  report = CheckWords(*reject_all, *parity, words);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->holds());
  EXPECT_EQ(a.Format(*report->first_failure()->counterexample), "1");
}

// The smallest |y| per length is the exact one: zoo:majority's y is
// (#1 − #0)/N − 1/(2N) (or the model's own margin), so check it against an
// enumeration through the engine.
TEST(SoundCheckTest, SmallestMarginIsTheEnginesSmallest) {
  auto language = *automata::ParseLanguage("majority");
  const Model model = *zoo::Build("majority");
  auto decider = *MakeExactDecider(model);
  ExactEngine engine = *ExactEngine::Create(model);
  for (const int n : {1, 4, 7}) {
    absl::StatusOr<CheckReport> report = Check(*decider, *language, {n});
    ASSERT_TRUE(report.ok());
    double smallest = 1e300;
    automata::Word w(n, 0);
    do {
      smallest = std::min(smallest, std::fabs(engine.Run(w).value.ToDouble()));
    } while (automata::NextWord(2, w));
    EXPECT_TRUE(report->lengths[0].min_abs_y_known);
    EXPECT_EQ(report->lengths[0].min_abs_y, smallest) << n;
  }
}

}  // namespace
}  // namespace satcirc
