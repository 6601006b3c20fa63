// Every zoo construction against its language (automata/ is the ground truth),
// on every word up to a length; the negative controls must fail somewhere.
#include "lib/zoo/zoo.h"

#include <cmath>

#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/engine.h"
#include "tests/lib/reference_engine.h"

namespace satcirc {
namespace zoo {
// Test names and failure messages show the construction's name.
void PrintTo(const ZooEntry& e, std::ostream* os) { *os << e.name; }
}  // namespace zoo
namespace {

// Calls f on every word of length n, lexicographically.
template <typename F>
void ForEachWord(int k, int n, F f) {
  automata::Word w(n, 0);
  while (true) {
    f(w);
    int i = n - 1;
    while (i >= 0 && w[i] == k - 1) w[i--] = 0;
    if (i < 0) return;
    ++w[i];
  }
}

int MaxLength(int alphabet_size) {
  // About 2^15 words per length at the top.
  return static_cast<int>(15 / std::log2(static_cast<double>(alphabet_size)));
}

class ZooLanguageTest : public ::testing::TestWithParam<zoo::ZooEntry> {};

TEST_P(ZooLanguageTest, DecidesItsLanguageOnEveryShortWord) {
  const zoo::ZooEntry& entry = GetParam();
  absl::StatusOr<Model> model = entry.build();
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<std::unique_ptr<automata::Language>> lang =
      automata::ParseLanguage(entry.language);
  ASSERT_TRUE(lang.ok()) << lang.status();
  ASSERT_EQ(model->alphabet, (*lang)->alphabet()) << entry.name;
  absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*model);
  ASSERT_TRUE(engine.ok()) << engine.status();
  const int k = model->alphabet.size();
  int disagreements = 0;
  std::string first_disagreement;
  for (int n = 0; n <= MaxLength(k); ++n) {
    ForEachWord(k, n, [&](const automata::Word& w) {
      if (engine->Run(w).accept != (*lang)->Contains(w)) {
        if (disagreements++ == 0)
          first_disagreement = model->alphabet.Format(w);
      }
    });
  }
  if (entry.negative_control) {
    EXPECT_GT(disagreements, 0)
        << entry.name << " should fail on " << entry.language;
  } else {
    EXPECT_EQ(disagreements, 0) << entry.name << ": first disagreement on '"
                                << first_disagreement << "'";
  }
}

// The engine and the naive reference agree on the zoo too (small lengths).
TEST_P(ZooLanguageTest, EngineMatchesReference) {
  const zoo::ZooEntry& entry = GetParam();
  Model model = *entry.build();
  ExactEngine engine = *ExactEngine::Create(model);
  const int k = model.alphabet.size();
  // The reference is slow (dense rational matrices): about 300 words per model.
  const int max_n = static_cast<int>(8 / std::log2(static_cast<double>(k)));
  for (int n = 0; n <= max_n; ++n) {
    ForEachWord(k, n, [&](const automata::Word& w) {
      ASSERT_EQ(engine.Run(w).value, testing::ReferenceRun(model, w))
          << entry.name << " on '" << model.alphabet.Format(w) << "'";
    });
  }
}

INSTANTIATE_TEST_SUITE_P(
    Zoo, ZooLanguageTest, ::testing::ValuesIn(zoo::Entries()),
    [](const ::testing::TestParamInfo<zoo::ZooEntry>& info) {
      std::string name = info.param.name;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace satcirc
