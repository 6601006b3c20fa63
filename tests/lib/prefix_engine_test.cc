// PrefixEngine against ExactEngine: the same decision, |y| and exact y on
// every word, for every zoo model and for seeded random models, whether the
// words come in lexicographic order (prefixes shared) or not.
#include "lib/engine/prefix_engine.h"

#include <random>
#include <string>
#include <vector>

#include "automata/enumerate.h"
#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/zoo/zoo.h"
#include "tests/lib/random_model.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

int SharedPrefix(const automata::Word& a, const automata::Word& b) {
  int i = 0;
  while (i < static_cast<int>(std::min(a.size(), b.size())) && a[i] == b[i])
    ++i;
  return i;
}

// Every word of length n in lexicographic order through both engines; the
// number of words PrefixEngine had to hand back (int64 overflow).
int CompareAllWords(const Model& model, int n, PrefixEngine& prefix,
                    ExactEngine& exact) {
  const int k = model.alphabet.size();
  automata::Word w(n, 0), before;
  int handed_back = 0;
  do {
    const Decision want = exact.Run(w);
    double want_abs;
    exact.Accept(w, &want_abs);
    bool accept;
    double abs_y;
    if (prefix.Decide(w, SharedPrefix(w, before), &accept, &abs_y)) {
      EXPECT_EQ(accept, want.accept) << model.name << " on " << w.size();
      EXPECT_EQ(prefix.last_y(), want.value)
          << model.name << " n=" << n << " word " << model.alphabet.Format(w);
      EXPECT_EQ(abs_y, want_abs);
    } else {
      ++handed_back;
    }
    before = w;
  } while (automata::NextWord(k, w));
  return handed_back;
}

TEST(PrefixEngineTest, EqualsTheExactEngineOnEveryZooModel) {
  std::vector<std::string> refused;
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    Model model = *zoo::Build(e.name);
    ExactEngine exact = *ExactEngine::Create(model);
    const int max_n = model.alphabet.size() > 2 ? 5 : 9;
    for (int n = 0; n <= max_n; ++n) {
      absl::StatusOr<std::unique_ptr<PrefixEngine>> prefix =
          PrefixEngine::Create(model, n);
      if (!prefix.ok()) {
        EXPECT_TRUE(absl::IsFailedPrecondition(prefix.status()));
        if (n == 0) refused.push_back(e.name);
        continue;
      }
      EXPECT_EQ(CompareAllWords(model, n, **prefix, exact), 0) << e.name;
      if (e.name == "dyck1" && n > 0) {
        EXPECT_EQ((*prefix)->running_heads(), 1);
      }
    }
  }
  // Their second layers score keys that a mask-none layer before writes at
  // every position (docs/performance.md); every other model is covered.
  EXPECT_THAT(refused,
              ::testing::ElementsAre("anbn", "anbncn", "dyck2-depth3"));
}

TEST(PrefixEngineTest, WordsInAnyOrder) {
  Model model = *zoo::Build("dyck1");
  ExactEngine exact = *ExactEngine::Create(model);
  const int n = 10;
  std::unique_ptr<PrefixEngine> prefix = *PrefixEngine::Create(model, n);
  std::mt19937_64 rng(7);
  automata::Word before;
  for (int trial = 0; trial < 3000; ++trial) {
    automata::Word w = automata::WordAt(2, n, rng() % 1024);
    // The true shared prefix, or less (never more: that is the contract).
    int same = SharedPrefix(w, before);
    if (rng() % 4 == 0) same = static_cast<int>(rng() % (same + 1));
    bool accept;
    double abs_y;
    ASSERT_TRUE(prefix->Decide(w, same, &accept, &abs_y));
    EXPECT_EQ(prefix->last_y(), exact.Run(w).value);
    before = w;
  }
}

// Seeded random models (heads of every mode and mask, MLPs with biases, BOS,
// EOS, first or last readout): those the engine covers agree everywhere; the
// others are refused with a reason.
TEST(PrefixEngineTest, EqualsTheExactEngineOnRandomModels) {
  std::mt19937_64 rng(2026);
  int covered = 0, refused = 0, handed_back = 0, running = 0;
  for (int trial = 0; trial < 1200; ++trial) {
    Model model = trial % 2 ? testing::RandomModel(rng)
                            : testing::StructuredRandomModel(rng);
    // Half of them with causal masks in the first layer, so that prefix
    // layers are common; future masks (refused) left in a quarter.
    if (rng() % 2) {
      for (Head& h : model.layers[0].heads)
        h.mask = rng() % 2 ? Mask::kCausal : Mask::kStrict;
    }
    for (Layer& layer : model.layers) {
      for (Head& h : layer.heads) {
        if (h.mask == Mask::kFuture && trial % 4 != 1) h.mask = Mask::kNone;
      }
    }
    // A third with the last layer's queries reading feature 0 alone, made
    // the same for every symbol: queries fixed across words.
    if (trial % 3 == 0) {
      for (int t = 0; t < model.num_tokens(); ++t)
        model.token_embedding.at(t, 0) = model.token_embedding.at(0, 0);
      for (Head& h : model.layers.back().heads) {
        for (int r = 0; r < h.w_q.rows; ++r) {
          for (int c = 1; c < h.w_q.cols; ++c) h.w_q.at(r, c) = 0;
          if (h.w_q.at(r, 0).IsZero()) h.w_q.at(r, 0) = 1;
        }
      }
    }
    absl::StatusOr<ExactEngine> exact = ExactEngine::Create(model);
    ASSERT_TRUE(exact.ok()) << exact.status();
    const int n = static_cast<int>(rng() % 6);
    absl::StatusOr<std::unique_ptr<PrefixEngine>> prefix =
        PrefixEngine::Create(model, n);
    if (!prefix.ok()) {
      ++refused;
      EXPECT_TRUE(absl::IsFailedPrecondition(prefix.status()))
          << prefix.status();
      continue;
    }
    ++covered;
    running += (*prefix)->running_heads() > 0;
    handed_back += CompareAllWords(model, n, **prefix, *exact);
  }
  EXPECT_GT(covered, 600);
  EXPECT_GT(refused, 40);
  EXPECT_GT(running, 40);  // fixed queries scored as positions are computed
  RecordProperty("handed_back", handed_back);
}

// A model whose second layer scores keys that a mask-none first layer
// writes: not covered, and the reason names the head and the feature.
TEST(PrefixEngineTest, RefusesKeysWrittenAfterThePrefixLayers) {
  Model model = *zoo::Build("parity");
  // Layer 2's keys read frac_ones (written by layer 1's mask-none head).
  Head& peak = model.layers[1].heads[0];
  peak.w_k.at(0, model.FeatureIndex("frac_ones")) = 1;
  absl::StatusOr<std::unique_ptr<PrefixEngine>> prefix =
      PrefixEngine::Create(model, 4);
  ASSERT_FALSE(prefix.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(prefix.status()));
  EXPECT_THAT(prefix.status().message(), HasSubstr("layer 2, head 1 'peak'"));
  EXPECT_THAT(prefix.status().message(), HasSubstr("'frac_ones'"));
}

// Values beyond int64 are handed back to ExactEngine (GMP), and check's
// report is the same with and without prefix sharing.
TEST(PrefixEngineTest, OverflowIsHandedBackAndTheCheckIsUnchanged) {
  Model model = *zoo::Build("majority");
  // is_one = 4·10^18 and no positional feature: a sum of three 1s leaves
  // int64.
  model.positional.clear();
  model.token_embedding.at(1, 0) =
      Rational(std::int64_t{4'000'000'000'000'000'000}, std::int64_t{1});
  std::unique_ptr<PrefixEngine> prefix = *PrefixEngine::Create(model, 6);
  ExactEngine exact = *ExactEngine::Create(model);
  EXPECT_GT(CompareAllWords(model, 6, *prefix, exact), 0);
  auto language = *automata::ParseLanguage("majority");
  for (const char* name : {"majority", "parity", "dyck1", "tomita4"}) {
    Model m = *zoo::Build(name);
    auto lang =
        *automata::ParseLanguage(std::string(name) == "dyck1"     ? "dyck:k=1"
                                 : std::string(name) == "tomita4" ? "tomita:4"
                                                                  : name);
    CheckOptions options;
    options.threads = 2;
    CheckReport shared =
        *Check(**MakeExactDecider(m, true), *lang, {0, 1, 7, 12}, options);
    CheckReport alone =
        *Check(**MakeExactDecider(m, false), *lang, {0, 1, 7, 12}, options);
    ASSERT_EQ(shared.lengths.size(), alone.lengths.size());
    for (size_t i = 0; i < shared.lengths.size(); ++i) {
      EXPECT_EQ(shared.lengths[i].members, alone.lengths[i].members);
      EXPECT_EQ(shared.lengths[i].errors(), alone.lengths[i].errors());
      EXPECT_EQ(shared.lengths[i].min_abs_y, alone.lengths[i].min_abs_y);
    }
  }
  // A wrong model: the same counterexample either way.
  Model wrong = *zoo::Build("majority");
  wrong.readout.bias = Rational(-1, 3);
  CheckReport shared =
      *Check(**MakeExactDecider(wrong, true), *language, {9}, {});
  CheckReport alone =
      *Check(**MakeExactDecider(wrong, false), *language, {9}, {});
  ASSERT_TRUE(shared.lengths[0].counterexample.has_value());
  EXPECT_EQ(*shared.lengths[0].counterexample,
            *alone.lengths[0].counterexample);
  EXPECT_EQ(shared.lengths[0].false_accepts, alone.lengths[0].false_accepts);
  EXPECT_EQ(shared.lengths[0].false_rejects, alone.lengths[0].false_rejects);
}

}  // namespace
}  // namespace satcirc
