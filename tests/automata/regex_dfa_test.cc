// Regular expressions, DFA files and minimization, against std::regex and
// hand-checked automata.
#include <regex>
#include <sstream>
#include <string>

#include "automata/dfa.h"
#include "automata/dfa_io.h"
#include "automata/enumerate.h"
#include "automata/minimize.h"
#include "automata/regex.h"
#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/automata/test_util.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::AllStrings;
using ::satcirc::automata::testing::MustParse;
using ::testing::HasSubstr;

TEST(RegexTest, AgreesWithStdRegexOnAllShortWords) {
  const char* expressions[] = {"(ab)*",  "a*ba*",         "(aa)*",
                               "a+b?",   "(a|b)*abb",     "((a|b)(a|b))*",
                               "a(|b)c", "()a",           "(a*b*)*c+|b",
                               "x?y?z?", "(0|1(01*0)*1)*"};
  for (const char* expression : expressions) {
    absl::StatusOr<Dfa> dfa = RegexToDfa(expression);
    ASSERT_TRUE(dfa.ok()) << expression << ": " << dfa.status();
    const std::regex reference(expression);
    const Alphabet& alphabet = dfa->alphabet();
    for (int n = 0; n <= 8; ++n) {
      for (const std::string& s : AllStrings(alphabet.symbols(), n)) {
        ASSERT_EQ(dfa->Contains(*alphabet.Parse(s)),
                  std::regex_match(s, reference))
            << expression << " on '" << s << "'";
      }
    }
  }
}

TEST(RegexTest, ResultIsMinimal) {
  // (ab)*: start (accepting), after a, sink.
  EXPECT_EQ(RegexToDfa("(ab)*")->num_states(), 3);
  // Multiples of 3 in binary: 3 states, no sink needed.
  EXPECT_EQ(RegexToDfa("(0|1(01*0)*1)*")->num_states(), 3);
  // Different expressions, same language, same canonical DFA.
  EXPECT_EQ(*RegexToDfa("(a|b)*"), *RegexToDfa("(a*b*)*"));
  EXPECT_EQ(*RegexToDfa("a(ba)*"), *RegexToDfa("(ab)*a"));
}

TEST(RegexTest, ErrorsNameThePosition) {
  auto message = [](const char* e) {
    absl::StatusOr<Dfa> dfa = RegexToDfa(e);
    EXPECT_FALSE(dfa.ok()) << e;
    return std::string(dfa.status().message());
  };
  EXPECT_EQ(message("(ab"), "regex:(ab: position 4: expected ')'");
  EXPECT_EQ(message("ab)"),
            "regex:ab): position 3: unexpected ')' with no matching '('");
  EXPECT_EQ(message("*a"), "regex:*a: position 1: '*' has nothing to repeat");
  EXPECT_EQ(message("a|+"), "regex:a|+: position 3: '+' has nothing to repeat");
  EXPECT_THAT(message("a b"), HasSubstr("position 2"));
  EXPECT_THAT(message("()"), HasSubstr("uses no symbols"));
}

TEST(DfaIoTest, ReadsAttWithAndWithoutSymbolTable) {
  std::ostringstream text;
  absl::StatusOr<Dfa> even =
      ReadAttDfa("0 1 a\n0 0 b\n1 0 a\n1 1 b\n0\n", "even.att");
  ASSERT_TRUE(even.ok()) << even.status();
  EXPECT_EQ(Minimize(*even), *RegexToDfa("(b|ab*a)*"));

  absl::StatusOr<Dfa> numeric = ReadAttDfa("0 1 1\n1 0 2\n1 1 1\n1 0.5\n",
                                           "n.att", "<eps> 0\nx 1\ny 2\n");
  ASSERT_TRUE(numeric.ok()) << numeric.status();
  EXPECT_EQ(numeric->alphabet().symbols(), "xy");
  EXPECT_EQ(Minimize(*numeric), *RegexToDfa("xx*(yxx*)*"));
}

TEST(DfaIoTest, ErrorsNameTheLine) {
  auto message = [](std::string_view text) {
    absl::StatusOr<Dfa> dfa = ReadAttDfa(text, "f.att");
    EXPECT_FALSE(dfa.ok()) << text;
    return std::string(dfa.status().message());
  };
  EXPECT_EQ(message("0 1 a\n1 3 b\n3\n"),
            "f.att: state 2 is missing: states must be numbered 0..3 without "
            "gaps, but no line mentions 2");
  EXPECT_THAT(message("0 1 a\n0 0 a\n"),
              HasSubstr("f.att: line 2: state 0 has a second arc on 'a'"));
  EXPECT_THAT(message("0 1 a\nzero\n"), HasSubstr("f.att: line 2: expected"));
  EXPECT_THAT(message("0 1 ab\n"), HasSubstr("line 1: label 'ab'"));
  EXPECT_THAT(message("0 1 <eps>\n"), HasSubstr("epsilon"));
  EXPECT_THAT(message("\n\n"), HasSubstr("no arcs"));
}

TEST(DfaIoTest, WriteThenReadGivesTheSameLanguage) {
  for (const char* e :
       {"(ab)*", "a*ba*", "(a|b)*abb", "a?", "(0|1(01*0)*1)*"}) {
    Dfa dfa = *RegexToDfa(e);
    std::ostringstream out;
    WriteAttDfa(out, dfa);
    absl::StatusOr<Dfa> back = ReadAttDfa(out.str(), "written");
    ASSERT_TRUE(back.ok()) << e << ": " << back.status() << "\n" << out.str();
    EXPECT_EQ(Minimize(*back), dfa) << e << "\n" << out.str();
  }
}

TEST(DfaIoTest, RegistryReadsFiles) {
  auto even = MustParse("dfa:tests/automata/data/even_a.att");
  ASSERT_NE(even, nullptr);
  EXPECT_EQ(even->CountMembers(4), 8);
  auto numeric = MustParse(
      "dfa:tests/automata/data/numeric.att,syms=tests/automata/data/"
      "numeric.syms");
  ASSERT_NE(numeric, nullptr);
  EXPECT_TRUE(numeric->Contains(*numeric->alphabet().Parse("xxyx")));
  absl::StatusOr<std::unique_ptr<Language>> missing =
      ParseLanguage("dfa:tests/automata/data/missing_state.att");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("state 2 is missing"));
}

TEST(MinimizeTest, MergesEquivalentAndDropsUnreachableStates) {
  // Four states counting a's mod 4, accepting 0 and 2, plus an unreachable one:
  // the minimal DFA counts mod 2.
  Alphabet a = *Alphabet::FromSymbols("a");
  Dfa dfa =
      *Dfa::Create(a, 5, 0, {1, 2, 3, 0, 4}, {true, false, true, false, true});
  Dfa minimal = Minimize(dfa);
  EXPECT_EQ(minimal.num_states(), 2);
  EXPECT_EQ(minimal, *RegexToDfa("(aa)*"));
}

// ShortestDifference against brute force: the first word in length-then-
// alphabet order on which the two DFAs disagree, or none when they are
// equivalent (two DFAs of m and n states that differ do so on a word shorter
// than m + n - 1, so none up to that length settles it).
TEST(ShortestDifferenceTest, IsTheFirstDisagreementInLengthLexOrder) {
  // Every expression writes both symbols, so all share the alphabet {a, b}.
  const char* expressions[] = {"(a|b)*",   "(ab)*",     "a(ba)*", "(ab)*a",
                               "(a|b)*bb", "(b|ab*a)*", "a*b*",   "(a*b*)*",
                               "b(a|b)*a", "(aa|b)*",   "a|bab",  "(|ab)"};
  for (const char* x : expressions) {
    for (const char* y : expressions) {
      const Dfa a = *RegexToDfa(x), b = *RegexToDfa(y);
      std::optional<Word> expected;
      const int bound = a.num_states() + b.num_states() - 2;
      for (int n = 0; n <= bound && !expected; ++n) {
        Word w(n, 0);
        do {
          if (a.Contains(w) != b.Contains(w)) {
            expected = w;
            break;
          }
        } while (NextWord(2, w));
      }
      EXPECT_EQ(ShortestDifference(a, b), expected) << x << " vs " << y;
      EXPECT_EQ(!expected.has_value(), Equivalent(a, b)) << x << " vs " << y;
    }
  }
}

}  // namespace
}  // namespace satcirc::automata
