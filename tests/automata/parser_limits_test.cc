// The limits of the automata parsers and algorithms (docs/limits.md): inputs
// that crashed, exhausted memory or ran for hours before, each refused or
// handled quickly now; and Hopcroft's minimization against Moore's.
#include <chrono>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "automata/dfa.h"
#include "automata/dfa_io.h"
#include "automata/minimize.h"
#include "automata/regex.h"
#include "automata/registry.h"
#include "automata/syntactic_monoid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/automata/reference_minimize.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::MooreMinimize;
using ::testing::HasSubstr;

// Generous bounds: the cases below took hours (or crashed) before.
constexpr auto kQuick = std::chrono::seconds(60);

std::chrono::steady_clock::duration Since(
    std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

Dfa RandomDfa(std::mt19937_64& rng, int states, const char* symbols,
              int accept_one_in) {
  const Alphabet alphabet = *Alphabet::FromSymbols(symbols);
  const int k = alphabet.size();
  std::vector<std::int32_t> delta(static_cast<std::size_t>(states) * k);
  std::vector<bool> accepting(states);
  for (auto& t : delta) t = static_cast<std::int32_t>(rng() % states);
  for (int s = 0; s < states; ++s) accepting[s] = rng() % accept_one_in == 0;
  return *Dfa::Create(alphabet, states, static_cast<int>(rng() % states),
                      std::move(delta), std::move(accepting));
}

// A DFA with many equivalent states: `copies` copies of a random DFA, each
// transition going to a random copy of its target.
Dfa Inflated(std::mt19937_64& rng, const Dfa& base, int copies) {
  const int n = base.num_states(), k = base.alphabet().size();
  std::vector<std::int32_t> delta(static_cast<std::size_t>(n) * copies * k);
  std::vector<bool> accepting(n * copies);
  for (int c = 0; c < copies; ++c) {
    for (int s = 0; s < n; ++s) {
      accepting[c * n + s] = base.accepting(s);
      for (int a = 0; a < k; ++a) {
        delta[static_cast<std::size_t>(c * n + s) * k + a] =
            static_cast<int>(rng() % copies) * n +
            base.Next(s, static_cast<Symbol>(a));
      }
    }
  }
  return *Dfa::Create(base.alphabet(), n * copies, base.start(),
                      std::move(delta), std::move(accepting));
}

TEST(MinimizeLimitsTest, HopcroftEqualsMooreOnRandomDfas) {
  std::mt19937_64 rng(12);
  const char* alphabets[] = {"a", "ab", "abc", "01234"};
  for (int trial = 0; trial < 400; ++trial) {
    const int states = 1 + static_cast<int>(rng() % 40);
    Dfa dfa = RandomDfa(rng, states, alphabets[trial % 4], 1 + trial % 5);
    if (trial % 2) dfa = Inflated(rng, dfa, 1 + static_cast<int>(rng() % 5));
    ASSERT_EQ(Minimize(dfa), MooreMinimize(dfa)) << "trial " << trial;
  }
}

// Moore's refinement needs one round per state on a chain: 300,000 rounds of
// 300,000 states took hours (the case).
TEST(MinimizeLimitsTest, ChainOf300kStatesIsQuick) {
  constexpr int kStates = 300'000;
  const Alphabet ab = *Alphabet::FromSymbols("ab");
  std::vector<std::int32_t> delta(2 * (kStates + 1));
  std::vector<bool> accepting(kStates + 1, false);
  for (int s = 0; s < kStates; ++s) {
    delta[2 * s] = s + 1;        // a: along the chain
    delta[2 * s + 1] = kStates;  // b: to the sink
  }
  delta[2 * kStates] = delta[2 * kStates + 1] = kStates;
  accepting[kStates - 1] = true;
  const Dfa dfa = *Dfa::Create(ab, kStates + 1, 0, delta, accepting);
  const auto start = std::chrono::steady_clock::now();
  const Dfa minimal = Minimize(dfa);
  EXPECT_LT(Since(start), kQuick);
  EXPECT_EQ(minimal.num_states(), kStates + 1);
  EXPECT_EQ(Minimize(minimal), minimal);
  // The same chain doubled (every state twice) minimizes back to it.
  std::mt19937_64 rng(3);
  EXPECT_EQ(Minimize(Inflated(rng, dfa, 2)), minimal);
}

TEST(RegexLimitsTest, NestingIsBounded) {
  // 8,000 nested parentheses overflowed the stack (the case); now
  // the length is refused first, and any nesting within it is bounded.
  const std::string deep =
      std::string(8000, '(') + "a" + std::string(8000, ')');
  absl::StatusOr<Dfa> dfa = RegexToDfa(deep);
  ASSERT_FALSE(dfa.ok());
  EXPECT_THAT(std::string(dfa.status().message()),
              HasSubstr("(16001 characters): longer than 4096 characters"));
  dfa = RegexToDfa(std::string(4000, '(') + "a");
  ASSERT_FALSE(dfa.ok());
  EXPECT_THAT(std::string(dfa.status().message()),
              HasSubstr("position 257: parentheses nested deeper than 256"));
  EXPECT_THAT(std::string(dfa.status().message()),
              HasSubstr("(4001 characters)"));
  const std::string ok = std::string(256, '(') + "a" + std::string(256, ')');
  EXPECT_TRUE(RegexToDfa(ok).ok());
  EXPECT_TRUE(RegexToDfa(std::string(kMaxRegexLength, 'a')).ok());
}

TEST(RegexLimitsTest, ExponentialSubsetConstructionIsRefused) {
  // The 123-character expression: 2^23 states, 5.9 GB before.
  std::string e = "(a|b)*a(a|b)";
  for (int i = 0; i < 22; ++i) e += "(a|b)";
  ASSERT_EQ(e.size(), 122u);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<Dfa> dfa = RegexToDfa(e);
  EXPECT_LT(Since(start), kQuick);
  ASSERT_FALSE(dfa.ok());
  EXPECT_TRUE(absl::IsResourceExhausted(dfa.status())) << dfa.status();
  EXPECT_THAT(std::string(dfa.status().message()),
              HasSubstr("the subset construction needs more than"));
  // 2^17 states are fine.
  std::string smaller = "(a|b)*a";
  for (int i = 0; i < 16; ++i) smaller += "(a|b)";
  ASSERT_TRUE(RegexToDfa(smaller).ok());
  EXPECT_EQ(RegexToDfa(smaller)->num_states(), 1 << 17);
}

TEST(DfaIoLimitsTest, HugeStateNumbersAreRefused) {
  // 2^31 - 1 as a state overflowed an int and asked for a 2^31-entry table.
  for (const char* text :
       {"0 2147483647 a\n", "2147483647 0 a\n", "2147483647\n",
        "0 16777216 a\n", "0 99999999999999999999999 a\n"}) {
    absl::StatusOr<Dfa> dfa = ReadAttDfa(text, "big.att");
    ASSERT_FALSE(dfa.ok()) << text;
    EXPECT_THAT(std::string(dfa.status().message()),
                HasSubstr("line 1: state "))
        << text;
    EXPECT_THAT(std::string(dfa.status().message()),
                HasSubstr("is beyond the limit of 16777215"))
        << text;
  }
  // Below the limit, a lone large state is a gap, found without a table.
  EXPECT_THAT(ReadAttDfa("0 16777215 a\n", "gap.att").status().message(),
              HasSubstr("state 1 is missing"));
}

TEST(DfaIoLimitsTest, TransitionTableIsBounded) {
  // 2^20 + 1 states, a sink and 64 symbols: 2^26 + 128 entries.
  const std::string symbols =
      "!#$%&'*+-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl";
  ASSERT_EQ(symbols.size(), 64u);
  std::string text;
  for (int s = 0; s < (1 << 20); ++s) {
    absl::StrAppend(&text, s, " ", s + 1, " ", symbols.substr(s % 64, 1), "\n");
  }
  absl::StatusOr<Dfa> dfa = ReadAttDfa(text, "wide.att");
  ASSERT_FALSE(dfa.ok());
  EXPECT_THAT(std::string(dfa.status().message()),
              HasSubstr("1048577 states and 64 symbols make 67108992 "
                        "transitions, more than the limit of 67108864"));
  EXPECT_THAT(ReadAttDfa(std::string(kMaxDfaFileBytes + 1, '\n'), "long.att")
                  .status()
                  .message(),
              HasSubstr("longer than 67108864 bytes"));
}

// Found by the DFA fuzzer: {ε} was written as "0" alone, which has no arc and
// so no alphabet, and did not read back.
TEST(DfaIoLimitsTest, WrittenFilesKeepTheAlphabet) {
  const Alphabet ab = *Alphabet::FromSymbols("ab");
  const Dfa dfas[] = {
      *Dfa::Create(ab, 2, 0, {1, 1, 1, 1}, {true, false}),               // {ε}
      *Dfa::Create(ab, 1, 0, {0, 0}, {false}),                           // ∅
      *Dfa::Create(ab, 3, 0, {1, 2, 2, 2, 2, 2}, {false, true, false}),  // a
  };
  for (const Dfa& dfa : dfas) {
    std::ostringstream out;
    WriteAttDfa(out, dfa);
    absl::StatusOr<Dfa> back = ReadAttDfa(out.str(), "written.att");
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << out.str();
    EXPECT_EQ(Minimize(*back), Minimize(dfa)) << out.str();
  }
}

TEST(RegistryLimitsTest, EmptyParametersAreErrors) {
  for (const char* spec : {"dyck:", "dyck:k=2,", "dyck:,k=2", "shuffle-dyck:",
                           "count-mod:m=3,,r=1", "dyck:k=1,,depth=2"}) {
    absl::StatusOr<std::unique_ptr<Language>> l = ParseLanguage(spec);
    ASSERT_FALSE(l.ok()) << spec;
    EXPECT_THAT(std::string(l.status().message()),
                HasSubstr("an empty parameter"))
        << spec;
  }
  EXPECT_TRUE(ParseLanguage("dyck").ok());
  EXPECT_TRUE(ParseLanguage("shuffle-dyck").ok());
}

TEST(RegistryLimitsTest, LongSpecsAreShortenedInErrors) {
  const std::string spec = "nope:" + std::string(100000, 'x');
  const std::string message(ParseLanguage(spec).status().message());
  EXPECT_LT(message.size(), 400u);
  EXPECT_THAT(message, HasSubstr("(100005 characters)"));
}

TEST(MonoidLimitsTest, MemoryIsBoundedBeforeAndWhileComputing) {
  std::mt19937_64 rng(1202);
  // The case: 1,202 states, 9.9 GB and 30 s to give up.
  const Dfa dfa = Minimize(RandomDfa(rng, 1300, "ab", 2));
  ASSERT_GT(dfa.num_states(), 1000);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<SyntacticMonoid> m = ComputeSyntacticMonoid(dfa);
  EXPECT_LT(Since(start), kQuick);
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(absl::IsResourceExhausted(m.status()));
  EXPECT_THAT(std::string(m.status().message()),
              HasSubstr("would take more than 1073741824 bytes, the memory "
                        "limit"));
  // Too large for even one element per state: refused before computing.
  absl::StatusOr<SyntacticMonoid> tiny =
      ComputeSyntacticMonoid(dfa, {.max_bytes = 1 << 20});
  EXPECT_THAT(
      std::string(tiny.status().message()),
      HasSubstr(absl::StrCat("at least ", dfa.num_states(), " elements")));
  // Small monoids are unaffected: (aa)* has Z/2 plus the identity... Z/2.
  absl::StatusOr<SyntacticMonoid> z2 =
      ComputeSyntacticMonoid(*RegexToDfa("(aa)*"), {.max_bytes = 1 << 10});
  ASSERT_TRUE(z2.ok()) << z2.status();
  EXPECT_EQ(z2->size, 2);
  EXPECT_FALSE(z2->aperiodic);
}

}  // namespace
}  // namespace satcirc::automata
