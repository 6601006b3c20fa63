// counts:PHI against a second implementation: every formula is also written
// here as C++ over the symbol counts, and membership and the member counts
// are compared with it on every word up to n = 8 ... 12 (counts by
// enumeration of words), both for the registry's language (a DFA when the
// formula is regular) and for the language counted through count vectors.
// Then: uniformity of the member and non-member samplers (chi-square over
// every word of the class, with the fast and the exact draws), NotFound for
// empty classes, long lengths against closed forms, the limits, and the
// errors of malformed specs with their columns.
#include "automata/counting_language.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "automata/dfa.h"
#include "automata/enumerate.h"
#include "automata/registry.h"
#include "automata/sample.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/automata/test_util.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::ChiSquare;
using ::satcirc::automata::testing::ChiSquareCritical;
using ::satcirc::automata::testing::MustParse;
using ::testing::HasSubstr;

// #x by character, and n.
using Counts = std::array<long, 128>;
using Oracle = std::function<bool(const Counts& c, long n)>;

struct Case {
  std::string spec;
  Oracle oracle;
};

long Mod(long a, long m) { return ((a % m) + m) % m; }

// Every operator, congruences, negation, 2 to 4 symbols, and alphabet= with
// symbols that no comparison weighs.
std::vector<Case> Cases() {
  return {
      {"counts:#a=#b", [](const Counts& c, long) { return c['a'] == c['b']; }},
      {"counts:#1>2#0",
       [](const Counts& c, long) { return c['1'] > 2 * c['0']; }},
      {"counts:#1 > 2·#0 ∨ #0 ≡ 1 (mod 3)",
       [](const Counts& c, long) {
         return c['1'] > 2 * c['0'] || Mod(c['0'] - 1, 3) == 0;
       }},
      {"counts:#a=#b & #b=#c",
       [](const Counts& c, long) {
         return c['a'] == c['b'] && c['b'] == c['c'];
       }},
      {"counts:#1 = 0 mod 3",
       [](const Counts& c, long) { return c['1'] % 3 == 0; }},
      {"counts:!(#a == #b)",
       [](const Counts& c, long) { return c['a'] != c['b']; }},
      {"counts:#a < #b | #c >= 2",
       [](const Counts& c, long) { return c['a'] < c['b'] || c['c'] >= 2; }},
      {"counts:#a ≠ #b ∧ #c ≤ 1",
       [](const Counts& c, long) { return c['a'] != c['b'] && c['c'] <= 1; }},
      {"counts:2*#a - 3#b + 1 <= n - #c",
       [](const Counts& c, long n) {
         return 2 * c['a'] - 3 * c['b'] + 1 <= n - c['c'];
       }},
      {"counts:#a - #b = 1 mod 3 | !(#c > #d)",
       [](const Counts& c, long) {
         return Mod(c['a'] - c['b'] - 1, 3) == 0 || !(c['c'] > c['d']);
       }},
      {"counts:#a=#b,alphabet=abc",
       [](const Counts& c, long) { return c['a'] == c['b']; }},
      {"counts:#a + #b = 2 mod 4,alphabet=dcba",
       [](const Counts& c, long) { return Mod(c['a'] + c['b'] - 2, 4) == 0; }},
      {"counts:n = 0 mod 2 & #a > #b,alphabet=abx",
       [](const Counts& c, long n) { return n % 2 == 0 && c['a'] > c['b']; }},
      {"counts:#(=#)", [](const Counts& c, long) { return c['('] == c[')']; }},
      {"counts:¬(#0 ≥ #1) || #0 != 3",
       [](const Counts& c, long) {
         return !(c['0'] >= c['1']) || c['0'] != 3;
       }},
      {"counts:#a - #a = 0,alphabet=ab",
       [](const Counts&, long) { return true; }},
      {"counts:3#a = 3#b + 1", [](const Counts&, long) { return false; }},
      {"counts:#a > 2 && #b < 3",
       [](const Counts& c, long) { return c['a'] > 2 && c['b'] < 3; }},
      {"counts:#a + #b + #c + #d <= 2n - 5",
       [](const Counts& c, long n) {
         return c['a'] + c['b'] + c['c'] + c['d'] <= 2 * n - 5;
       }},
      {"counts:#a = #b mod 2 & #c != #d (mod 3)",
       [](const Counts& c, long) {
         return Mod(c['a'] - c['b'], 2) == 0 && Mod(c['c'] - c['d'], 3) != 0;
       }},
      {"counts:#a < 3 | #a = #b",
       [](const Counts& c, long) { return c['a'] < 3 || c['a'] == c['b']; }},
      {"counts:1000000000#a - 999999999#b > 0 & -#a < 0",
       [](const Counts& c, long) {
         return 1000000000L * c['a'] - 999999999L * c['b'] > 0 && c['a'] > 0;
       }},
      {"counts:#b - 2 = 3*#a - #b * 2 + 1 (mod 5)",
       [](const Counts& c, long) {
         return Mod(c['b'] - 2 - (3 * c['a'] - 2 * c['b'] + 1), 5) == 0;
       }},
  };
}

// The longest length enumerated: about 2^20 words at most.
int MaxLength(int symbols) {
  return symbols == 2 ? 12 : (symbols == 3 ? 10 : (symbols == 4 ? 9 : 8));
}

std::unique_ptr<Language> ByVectors(const std::string& spec,
                                    bool exact_draws = false) {
  absl::StatusOr<std::unique_ptr<Language>> l =
      ParseCounts(spec, {.regular_as_dfa = false, .exact_draws = exact_draws});
  EXPECT_TRUE(l.ok()) << spec << ": " << l.status();
  return l.ok() ? *std::move(l) : nullptr;
}

Counts CountsOf(const Alphabet& alphabet, const Word& w) {
  Counts c = {};
  for (Symbol a : w) ++c[static_cast<unsigned char>(alphabet.symbol(a))];
  return c;
}

// The words of length n in (or out of) the oracle's language.
std::vector<Word> Class(const Alphabet& alphabet, const Oracle& oracle, int n,
                        bool members) {
  std::vector<Word> out;
  Word w(n, 0);
  do {
    if (oracle(CountsOf(alphabet, w), n) == members) out.push_back(w);
  } while (NextWord(alphabet.size(), w));
  return out;
}

TEST(CountingLanguageTest, ContainsAndCountsAgreeWithTheOracles) {
  for (const Case& c : Cases()) {
    auto registry = MustParse(c.spec);
    auto vectors = ByVectors(c.spec);
    ASSERT_NE(registry, nullptr);
    ASSERT_NE(vectors, nullptr);
    const Alphabet& alphabet = registry->alphabet();
    ASSERT_EQ(vectors->alphabet(), alphabet);
    for (int n = 0; n <= MaxLength(alphabet.size()); ++n) {
      long members = 0;
      Word w(n, 0);
      do {
        const bool expected = c.oracle(CountsOf(alphabet, w), n);
        members += expected;
        ASSERT_EQ(registry->Contains(w), expected)
            << c.spec << " on " << alphabet.Format(w);
        ASSERT_EQ(vectors->Contains(w), expected)
            << c.spec << " on " << alphabet.Format(w);
      } while (NextWord(alphabet.size(), w));
      EXPECT_EQ(registry->CountMembers(n), members) << c.spec << " n=" << n;
      EXPECT_EQ(vectors->CountMembers(n), members) << c.spec << " n=" << n;
    }
  }
}

TEST(CountingLanguageTest, AlphabetsSpecsAndDescriptions) {
  EXPECT_EQ(MustParse("counts:#b=#a")->alphabet().symbols(), "ab");
  EXPECT_EQ(MustParse("counts:#b=#a,alphabet=bca")->alphabet().symbols(),
            "bca");
  EXPECT_EQ(MustParse("counts:#b=#a")->spec(), "counts:#b=#a");
  EXPECT_EQ(MustParse("counts:#1>2·#0")->info().description,
            "symbol counts with #1 > 2*#0");
  EXPECT_EQ(
      MustParse("counts:¬(#a=#b∧#b≠#c)∨2#a−#a≡n (mod 2)")->info().description,
      "symbol counts with !(#a = #b & #b != #c) | #a = n mod 2");
  EXPECT_EQ(MustParse("counts:(#a<1|#b<1)&#c>-3+#a")->info().description,
            "symbol counts with (#a < 1 | #b < 1) & #c > #a - 3");
  for (const Case& c : Cases()) {
    auto language = MustParse(c.spec);
    EXPECT_EQ(MustParse(language->spec())->spec(), c.spec);
  }
}

TEST(CountingLanguageTest, RegularityIsDecidedOnlyWhenProven) {
  struct Expect {
    const char* spec;
    bool regular;
    bool known_not_regular;
  };
  for (const Expect& e :
       {Expect{"counts:#a=#b", false, true},
        Expect{"counts:!(#1 > 2#0)", false, true},
        Expect{"counts:2#a=2#b+1", true, false},
        Expect{"counts:#a<n", true, false},
        Expect{"counts:#1=0 mod 3", true, false},
        Expect{"counts:#a>2 & #b<=7 | #a=1 mod 2", true, false},
        Expect{"counts:#a<3 | #a=#b", false, false},
        Expect{"counts:#a=#b & #b=#c", false, false}}) {
    const LanguageInfo info = MustParse(e.spec)->info();
    EXPECT_EQ(info.is_regular, e.regular) << e.spec;
    EXPECT_EQ(MustParse(e.spec)->dfa() != nullptr, e.regular) << e.spec;
    if (!e.regular) {
      EXPECT_EQ(info.known_not_regular, e.known_not_regular) << e.spec;
    }
  }
  // #1 ≡ 0 (mod 3) is count-mod:m=3 (minimal DFAs are canonical).
  EXPECT_TRUE(*MustParse("counts:#1=0 mod 3,alphabet=01")->dfa() ==
              *MustParse("count-mod:m=3")->dfa());
  // Too many tracker states: regular, no DFA, counted through vectors.
  const LanguageInfo big = MustParse("counts:#a=0 mod 999999937")->info();
  EXPECT_FALSE(big.is_regular);
  EXPECT_FALSE(big.known_not_regular);
  EXPECT_THAT(big.known_class,
              HasSubstr("DFA has more states than the limit (262144"));
}

// 100 draws per word of the class at a small length; chi-square against the
// uniform law at the 0.1% point (the seeds are fixed: deterministic).
void ExpectUniform(const Language& language, const Oracle& oracle, int n,
                   bool members, const std::string& what) {
  const std::vector<Word> population =
      Class(language.alphabet(), oracle, n, members);
  ASSERT_GE(population.size(), 2u) << what;
  const int draws = 100 * static_cast<int>(population.size());
  absl::StatusOr<std::vector<Word>> samples =
      members ? SampleMembers(language, n, draws, {.seed = 11})
              : SampleNonMembers(language, n, draws, {.seed = 12});
  ASSERT_TRUE(samples.ok()) << what << ": " << samples.status();
  for (const Word& w : *samples) {
    ASSERT_EQ(oracle(CountsOf(language.alphabet(), w), n), members)
        << what << ": " << language.alphabet().Format(w);
  }
  const int df = static_cast<int>(population.size()) - 1;
  EXPECT_LT(ChiSquare(*samples, population), ChiSquareCritical(df))
      << what << " df=" << df;
}

TEST(CountingLanguageTest, SamplersAreUniformOverTheirClass) {
  const std::map<std::string, int> lengths = {
      {"counts:#a=#b", 6},
      {"counts:#1>2#0", 6},
      {"counts:#a=#b & #b=#c", 6},
      {"counts:#a < #b | #c >= 2", 5},
      {"counts:#a=#b,alphabet=abc", 5},
      {"counts:#a - #b = 1 mod 3 | !(#c > #d)", 4},
      {"counts:n = 0 mod 2 & #a > #b,alphabet=abx", 4},
      {"counts:#a + #b = 2 mod 4,alphabet=dcba", 4},
      {"counts:#a < 3 | #a = #b", 6}};
  for (const Case& c : Cases()) {
    auto it = lengths.find(c.spec);
    if (it == lengths.end()) continue;
    for (bool exact : {false, true}) {
      auto language = ByVectors(c.spec, exact);
      for (bool members : {true, false}) {
        ExpectUniform(*language, c.oracle, it->second, members,
                      absl::StrCat(c.spec, exact ? " (exact draws)" : "",
                                   members ? " members" : " non-members"));
      }
    }
  }
}

TEST(CountingLanguageTest, EmptyClassesAreNotFound) {
  for (bool dfa : {true, false}) {
    const CountsOptions options{.regular_as_dfa = dfa};
    auto equal = *ParseCounts("counts:#a=#b", options);
    EXPECT_TRUE(absl::IsNotFound(equal->NewMemberSampler(5).status()));
    EXPECT_TRUE(equal->NewMemberSampler(6).ok());
    EXPECT_TRUE(absl::IsNotFound(equal->NewNonMemberSampler(0).status()));
    auto all = *ParseCounts("counts:#a=#b | #a!=#b", options);
    EXPECT_TRUE(absl::IsNotFound(all->NewNonMemberSampler(7).status()));
    auto none = *ParseCounts("counts:3#a=3#b+1", options);
    EXPECT_TRUE(absl::IsNotFound(none->NewMemberSampler(4).status()));
    EXPECT_EQ(none->CountMembers(40), 0);
  }
  EXPECT_THAT(
      std::string(
          MustParse("counts:#a=#b")->NewMemberSampler(5).status().message()),
      HasSubstr("counts:#a=#b has no members of length 5"));
}

TEST(CountingLanguageTest, SameSeedSameWords) {
  auto language = MustParse("counts:#a<#b|#c>=2");
  for (bool members : {true, false}) {
    auto draw = [&] {
      return members ? SampleMembers(*language, 40, 20, {.seed = 9})
                     : SampleNonMembers(*language, 40, 20, {.seed = 9});
    };
    absl::StatusOr<std::vector<Word>> a = draw(), b = draw();
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(*a, *b);
  }
}

mpz_class Binomial(int n, int k) {
  mpz_class b;
  mpz_bin_uiui(b.get_mpz_t(), n, k);
  return b;
}

// Long lengths against closed forms, with member and non-member samples; the
// times are printed (docs/language-specs.md quotes them).
TEST(CountingLanguageTest, LongLengthsAgreeWithClosedForms) {
  struct Long {
    std::string spec;
    int n;
    mpz_class members;
  };
  mpz_class two_thirds = 0;  // Σ_{j > 2(n − j)} C(n, j), n = 10000
  for (int j = 0; j <= 10000; ++j) {
    if (j > 2 * (10000 - j)) two_thirds += Binomial(10000, j);
  }
  // 999!/(333!)^3 = C(999, 333)·C(666, 333).
  const mpz_class thirds = Binomial(999, 333) * Binomial(666, 333);
  for (const Long& c : {Long{"counts:#a=#b", 10000, Binomial(10000, 5000)},
                        Long{"counts:#1>2#0", 10000, two_thirds},
                        Long{"counts:#a=#b&#b=#c", 999, thirds}}) {
    auto language = MustParse(c.spec);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(language->CountMembers(c.n), c.members) << c.spec;
    const auto counted = std::chrono::steady_clock::now();
    for (bool members : {true, false}) {
      absl::StatusOr<std::vector<Word>> words =
          members ? SampleMembers(*language, c.n, 5, {.seed = 4})
                  : SampleNonMembers(*language, c.n, 5, {.seed = 4});
      ASSERT_TRUE(words.ok()) << c.spec << ": " << words.status();
      for (const Word& w : *words) {
        ASSERT_EQ(w.size(), static_cast<std::size_t>(c.n));
        EXPECT_EQ(language->Contains(w), members) << c.spec;
      }
    }
    const auto sampled = std::chrono::steady_clock::now();
    std::printf("%s n=%d: count %.3f s, both samplers + 10 words %.3f s\n",
                c.spec.c_str(), c.n,
                std::chrono::duration<double>(counted - start).count(),
                std::chrono::duration<double>(sampled - counted).count());
  }
}

TEST(CountingLanguageTest, LengthsBeyondTheLimitsAreRefused) {
  auto three = MustParse("counts:#a=#b&#b=#c");
  EXPECT_TRUE(three->CheckCountingLimits(2000).ok());
  const absl::Status refused = three->CheckCountingLimits(5000);
  EXPECT_TRUE(absl::IsResourceExhausted(refused));
  EXPECT_THAT(std::string(refused.message()),
              HasSubstr("12507501 count vectors (the ways to split 5000 among "
                        "3 groups of symbols) are more than the limit of "
                        "4194304"));
  EXPECT_TRUE(
      absl::IsResourceExhausted(three->NewMemberSampler(5000).status()));
  EXPECT_TRUE(
      absl::IsResourceExhausted(three->NewNonMemberSampler(5000).status()));
  auto two = MustParse("counts:#a=#b");
  EXPECT_TRUE(two->CheckCountingLimits(200000).ok());
  const absl::Status slow = two->CheckCountingLimits(1 << 20);
  EXPECT_TRUE(absl::IsResourceExhausted(slow));
  EXPECT_THAT(std::string(slow.message()),
              HasSubstr("steps, more than the limit of 2147483648"));
  // Regular formulas go through their DFA, without these limits.
  EXPECT_TRUE(MustParse("counts:#a = #b mod 5 & #c = 0 mod 2")
                  ->CheckCountingLimits(1 << 20)
                  .ok());
  // Symbols that no comparison weighs are pooled: 2 groups, not 6.
  EXPECT_TRUE(MustParse("counts:2#a>n,alphabet=abcdef")
                  ->CheckCountingLimits(100000)
                  .ok());
}

TEST(CountingLanguageTest, MalformedSpecsNameTheColumn) {
  struct Bad {
    const char* spec;
    const char* message;
  };
  for (const Bad& b : {
           Bad{"counts", "expected counts:FORMULA"},
           Bad{"counts:",
               "column 8: expected a comparison (such as #a = #b), "
               "'(' or '!', found the end of the formula"},
           Bad{"counts:#a=",
               "column 11: expected a term (#x, n or an "
               "integer) after '=', found the end"},
           Bad{"counts:#a=#b&", "column 14: expected a comparison"},
           Bad{"counts:(#a=#b",
               "column 14: expected ')' to close the '(' at "
               "column 8, found the end of the formula"},
           Bad{"counts:#a=#b)", "column 13: unexpected ')' with no matching"},
           Bad{"counts:#a",
               "column 10: expected a comparison (=, !=, <, <=, "
               ">, >=) after the term, found the end"},
           Bad{"counts:#a*#b=1", "column 11: '#a' times '#b' is not linear"},
           Bad{"counts:#a=0 mod 0",
               "column 17: the modulus must be at least 1"},
           Bad{"counts:#a<0 mod 3", "column 13: 'mod' follows only = or !="},
           Bad{"counts:#a=99999999999",
               "column 11: the integer 99999999999 is "
               "beyond the limit of 1000000000"},
           Bad{"counts:#a≡0",
               "column 12: expected 'mod M' after the "
               "congruence '≡', found the end"},
           Bad{"counts:#a<#b<#c", "column 13: comparisons do not chain"},
           Bad{"counts:# =1", "column 8: expected a symbol right after '#'"},
           Bad{"counts:#a=#b,alphabet=b", "column 8: #a is not in alphabet=b"},
           Bad{"counts:a=b",
               "column 8: unexpected 'a' (the count of symbol a "
               "is written #a)"},
           Bad{"counts:#a=#b and #b=#c",
               "column 14: unexpected 'and' (write & "
               "for and"},
           Bad{"counts:n=2", "the formula counts no symbol"},
           Bad{"counts:#a=1 mod",
               "column 16: expected an integer modulus "
               "after 'mod', found the end"},
           Bad{"counts:1000000000#a+1000000000#a=0",
               "column 21: the coefficient of #a adds up to 2000000000, "
               "beyond the limit of 1000000000"},
           Bad{"counts:#a=1000000000*2", "column 11: the product is beyond"},
           Bad{"counts:#a-1000000000=1000000000",
               "column 21: the constant of left - right adds up to "
               "-2000000000"},
           Bad{"counts:#é=1", "column 8: expected a symbol right after '#'"},
           Bad{"counts:#a=#b,alphabet=aab",
               "alphabet=aab: alphabet: symbol "
               "'a' appears twice"},
           Bad{"counts:#a=1 2",
               "column 13: expected '&', '|' or the end of "
               "the formula, found '2'"},
           Bad{"counts:#a+=1",
               "column 11: expected a term (#x, n or an "
               "integer) after '+', found '='"},
           Bad{"counts:#a=1 ∧ ∧", "column 15: expected a comparison"},
           Bad{"counts:#a = 1 @", "column 15: unexpected '@'"},
           Bad{"counts:2(#a+#b)>#c",
               "column 9: expected a comparison (=, !=, <, <=, >, >=) after "
               "the term, found '(' (parentheses group formulas, not terms"},
           Bad{"counts:(#a+#b)>#c", "column 14: expected a comparison"},
       }) {
    absl::StatusOr<std::unique_ptr<Language>> l = ParseLanguage(b.spec);
    ASSERT_FALSE(l.ok()) << b.spec;
    EXPECT_TRUE(absl::IsInvalidArgument(l.status())) << b.spec;
    EXPECT_THAT(std::string(l.status().message()), HasSubstr(b.message))
        << b.spec;
  }
}

TEST(CountingLanguageTest, NestingAndLengthAreBounded) {
  const std::string deep =
      std::string(256, '(') + "#a=1" + std::string(256, ')');
  EXPECT_TRUE(ParseLanguage("counts:" + deep).ok());
  const std::string deeper = "counts:(" + deep + ")";
  EXPECT_THAT(std::string(ParseLanguage(deeper).status().message()),
              HasSubstr("column 264: '(' and '!' nested deeper than 256"));
  EXPECT_THAT(
      std::string(ParseLanguage("counts:" + std::string(300, '!') + "#a=1")
                      .status()
                      .message()),
      HasSubstr("nested deeper than 256"));
  std::string chain = "counts:#a=0";
  while (chain.size() < 4000) chain += "|#a=1";
  EXPECT_TRUE(ParseLanguage(chain).ok());
  EXPECT_THAT(
      std::string(
          ParseLanguage(chain + std::string(200, ' ')).status().message()),
      HasSubstr("longer than 4096 bytes"));
}

}  // namespace
}  // namespace satcirc::automata
