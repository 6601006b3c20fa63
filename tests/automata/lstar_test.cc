// L*: with an exact equivalence oracle (the shortest difference from the
// language's own DFA) it returns a DFA of the language with exactly as many
// states as the minimal one, for the regular languages of the registry; a
// non-regular language runs into the state limit.
#include "automata/lstar.h"

#include <gtest/gtest.h>

#include "automata/enumerate.h"
#include "automata/minimize.h"
#include "automata/registry.h"

namespace satcirc::automata {
namespace {

std::unique_ptr<Language> Lang(const std::string& spec) {
  absl::StatusOr<std::unique_ptr<Language>> l = ParseLanguage(spec);
  EXPECT_TRUE(l.ok()) << spec << ": " << l.status();
  return *std::move(l);
}

// The oracle a model gets: the first string up to length max_n (by length,
// then lexicographically) on which the hypothesis and the language differ.
EquivalenceOracle ExhaustiveOracle(const Language& lang, int max_n) {
  return [&lang, max_n](const Dfa& h) -> absl::StatusOr<std::optional<Word>> {
    const int k = lang.alphabet().size();
    for (int n = 0; n <= max_n; ++n) {
      for (std::uint64_t i = 0; i < *NumWords(k, n); ++i) {
        const Word w = WordAt(k, n, i);
        if (h.Contains(w) != lang.Contains(w)) return w;
      }
    }
    return std::nullopt;
  };
}

TEST(LStarTest, LearnsTheMinimalDfaOfRegularLanguages) {
  for (const char* spec :
       {"parity", "first", "tomita:1", "tomita:2", "tomita:3", "tomita:4",
        "tomita:5", "tomita:6", "tomita:7", "dyck:k=2,depth=2",
        "regex:(ab|ba)*a", "regex:((a|b)(a|b)(a|b))*"}) {
    std::unique_ptr<Language> lang = Lang(spec);
    ASSERT_NE(lang->dfa(), nullptr) << spec;
    const Dfa truth = Minimize(*lang->dfa());
    int asked = 0;
    absl::StatusOr<LStarResult> r = LearnDfa(
        lang->alphabet(),
        [&](const Word& w) {
          ++asked;
          return lang->Contains(w);
        },
        [&](const Dfa& h) -> absl::StatusOr<std::optional<Word>> {
          return ShortestDifference(h, truth);
        });
    ASSERT_TRUE(r.ok()) << spec << ": " << r.status();
    EXPECT_TRUE(Equivalent(r->dfa, truth)) << spec;
    EXPECT_EQ(r->dfa.num_states(), truth.num_states()) << spec;
    EXPECT_EQ(r->membership, asked) << spec;  // each string asked once
    EXPECT_GE(r->equivalence, 1) << spec;
  }
}

// For Tomita 4 (no 000) the strings up to 8 pin down its 4 states.
TEST(LStarTest, LearnsFromAnExhaustiveOracle) {
  std::unique_ptr<Language> lang = Lang("tomita:4");
  absl::StatusOr<LStarResult> r = LearnDfa(
      lang->alphabet(), [&](const Word& w) { return lang->Contains(w); },
      ExhaustiveOracle(*lang, 8));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(Equivalent(r->dfa, *lang->dfa()));
}

TEST(LStarTest, StopsAtTheStateLimitOnANonRegularLanguage) {
  std::unique_ptr<Language> lang = Lang("majority");
  absl::StatusOr<LStarResult> r = LearnDfa(
      lang->alphabet(), [&](const Word& w) { return lang->Contains(w); },
      ExhaustiveOracle(*lang, 14), {.max_states = 6});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("more than 6 states"), std::string::npos)
      << r.status();
}

TEST(LStarTest, RefusesAnOracleThatIsNotOne) {
  std::unique_ptr<Language> lang = Lang("parity");
  absl::StatusOr<LStarResult> r = LearnDfa(
      lang->alphabet(), [&](const Word& w) { return lang->Contains(w); },
      [&](const Dfa&) -> absl::StatusOr<std::optional<Word>> {
        return Word{};  // the empty word: every hypothesis gets it right
      });
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace satcirc::automata
