#include "lib/check/check.h"

#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/engine/engine.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<automata::Language> Lang(const std::string& spec) {
  absl::StatusOr<std::unique_ptr<automata::Language>> l =
      automata::ParseLanguage(spec);
  EXPECT_TRUE(l.ok()) << l.status();
  return *std::move(l);
}

std::unique_ptr<Decider> Exact(absl::string_view zoo_name) {
  absl::StatusOr<std::unique_ptr<Decider>> d =
      MakeExactDecider(*zoo::Build(zoo_name));
  EXPECT_TRUE(d.ok()) << d.status();
  return *std::move(d);
}

TEST(CheckTest, ExhaustiveCountsMatchTheLanguage) {
  auto lang = Lang("dyck:k=1");
  absl::StatusOr<CheckReport> r = Check(*Exact("dyck1"), *lang, {0, 2, 8, 9});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->lengths.size(), 4u);
  EXPECT_TRUE(r->holds());
  EXPECT_EQ(r->lengths[2].checked, 256u);
  EXPECT_EQ(r->lengths[2].members, 14u);  // Catalan(4)
  EXPECT_EQ(r->lengths[3].members, 0u);
  EXPECT_TRUE(r->lengths[2].exhaustive);
}

// The negative controls fail; the counterexample is the smallest disagreement,
// and re-running it through the engine and the language confirms it.
TEST(CheckTest, NegativeControlsFailWithAConfirmedCounterexample) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    if (!e.negative_control) continue;
    auto lang = Lang(e.language);
    Model model = *e.build();
    absl::StatusOr<CheckReport> r =
        Check(*Exact(e.name), *lang, {0, 1, 2, 3, 4, 5, 6});
    ASSERT_TRUE(r.ok());
    const LengthReport* f = r->first_failure();
    ASSERT_NE(f, nullptr) << e.name;
    ExactEngine engine = *ExactEngine::Create(model);
    const automata::Word& cex = *f->counterexample;
    EXPECT_EQ(lang->Contains(cex), f->counterexample_is_member);
    EXPECT_NE(engine.Run(cex).accept, lang->Contains(cex)) << e.name;
    // Smallest: no smaller word of that length disagrees.
    automata::Word w(cex.size(), 0);
    while (w < cex) {
      EXPECT_EQ(engine.Run(w).accept, lang->Contains(w))
          << model.alphabet.Format(w);
      automata::Word next = w;
      int i = static_cast<int>(next.size()) - 1;
      while (i >= 0 && next[i] == model.alphabet.size() - 1) next[i--] = 0;
      if (i < 0) break;
      ++next[i];
      w = next;
    }
  }
}

TEST(CheckTest, SampledChecksAreReproducible) {
  auto lang = Lang("parity");
  CheckOptions options{.exhaustive_limit = 0, .samples = 200, .seed = 42};
  absl::StatusOr<CheckReport> a =
      Check(*Exact("majority"), *lang, {20, 40}, options);
  options.threads = 1;
  absl::StatusOr<CheckReport> b =
      Check(*Exact("majority"), *lang, {40}, options);
  ASSERT_TRUE(a.ok() && b.ok());
  // Same seed: the same report, whatever the threads or the other lengths.
  EXPECT_EQ(a->lengths[1].false_accepts, b->lengths[0].false_accepts);
  EXPECT_EQ(a->lengths[1].false_rejects, b->lengths[0].false_rejects);
  EXPECT_EQ(a->lengths[1].members, b->lengths[0].members);
  EXPECT_EQ(a->lengths[1].counterexample, b->lengths[0].counterexample);
  EXPECT_FALSE(a->holds());                // majority is not parity
  EXPECT_EQ(a->lengths[0].members, 100u);  // half members
  // Another seed draws other strings.
  options.seed = 43;
  absl::StatusOr<CheckReport> c =
      Check(*Exact("majority"), *lang, {40}, options);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->lengths[0].counterexample, b->lengths[0].counterexample);
}

TEST(CheckTest, BadInput) {
  auto parity = Lang("parity");
  EXPECT_THAT(Check(*Exact("dyck1"), *parity, {2}).status().message(),
              HasSubstr("alphabet {()} is not the language's {01}"));
  EXPECT_THAT(Check(*Exact("parity"), *parity, {-1}).status().message(),
              HasSubstr("length -1 is out of range"));
  EXPECT_THAT(
      Check(*Exact("parity"), *parity, {23}, {.require_exhaustive = true})
          .status()
          .message(),
      HasSubstr("exceed the exhaustive limit"));
}

TEST(CheckTest, GeneralizationReportsTheMeanOverTheTestRange) {
  auto lang = Lang("majority");
  absl::StatusOr<GeneralizationReport> r = CheckGeneralization(
      *Exact("first"), *lang, {1, 2, 3}, {41, 60}, {.test_samples = 100});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->tested.lengths.size(), 2u);
  EXPECT_FALSE(r->tested.lengths[0].exhaustive);
  const double mean =
      (r->tested.lengths[0].accuracy() + r->tested.lengths[1].accuracy()) / 2;
  EXPECT_DOUBLE_EQ(r->mean_test_accuracy(), mean);
  EXPECT_LT(mean, 1.0);
}

}  // namespace
}  // namespace satcirc
