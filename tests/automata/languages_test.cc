// Membership and counts of the built-in languages, against published counts
// (Catalan numbers, OEIS; Tomita 1982) and against naive definitions written
// independently here.
#include "automata/languages.h"

#include <algorithm>
#include <regex>
#include <string>

#include "automata/enumerate.h"
#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/automata/test_util.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::AllStrings;
using ::satcirc::automata::testing::MustParse;
using ::satcirc::automata::testing::RegistrySpecs;
using ::testing::HasSubstr;

// Naive Dyck: repeatedly delete adjacent matching pairs.
bool NaiveDyck(std::string s) {
  const std::string pairs[] = {"()", "[]", "{}", "<>"};
  bool changed = true;
  while (changed) {
    changed = false;
    for (const std::string& p : pairs) {
      std::size_t at;
      while ((at = s.find(p)) != std::string::npos) {
        s.erase(at, 2);
        changed = true;
      }
    }
  }
  return s.empty();
}

int MaxDepth(const std::string& s) {
  int depth = 0, best = 0;
  for (char c : s) {
    depth += std::string("([{<").find(c) != std::string::npos ? 1 : -1;
    best = std::max(best, depth);
  }
  return best;
}

bool NaiveShuffleDyck(const std::string& s) {
  for (std::string p : {"()", "[]"}) {
    std::string projected;
    for (char c : s) {
      if (c == p[0] || c == p[1]) projected += c;
    }
    if (!NaiveDyck(projected)) return false;
  }
  return true;
}

int Count(const std::string& s, char c) {
  return static_cast<int>(std::count(s.begin(), s.end(), c));
}

// Tomita grammars written from their definitions (Tomita 1982; Bhattamishra et
// al. 2020), using std::regex where the definition is a regular expression.
bool NaiveTomita(int index, const std::string& s) {
  switch (index) {
    case 1:
      return std::regex_match(s, std::regex("1*"));
    case 2:
      return std::regex_match(s, std::regex("(10)*"));
    case 3: {
      // Split into maximal runs; reject an odd run of 1s followed directly by
      // an odd run of 0s.
      std::vector<std::pair<char, int>> runs;
      for (char c : s) {
        if (!runs.empty() && runs.back().first == c) {
          ++runs.back().second;
        } else {
          runs.push_back({c, 1});
        }
      }
      for (std::size_t i = 0; i + 1 < runs.size(); ++i) {
        if (runs[i].first == '1' && runs[i].second % 2 == 1 &&
            runs[i + 1].second % 2 == 1) {
          return false;
        }
      }
      return true;
    }
    case 4:
      return s.find("000") == std::string::npos;
    case 5:
      return Count(s, '0') % 2 == 0 && Count(s, '1') % 2 == 0;
    case 6:
      return ((Count(s, '0') - Count(s, '1')) % 3 + 3) % 3 == 0;
    case 7:
      return std::regex_match(s, std::regex("0*1*0*1*"));
  }
  return false;
}

bool Naive(const std::string& spec, const std::string& s) {
  if (spec == "parity") return Count(s, '1') % 2 == 1;
  if (spec == "majority") return Count(s, '1') > Count(s, '0');
  if (spec == "first") return !s.empty() && s[0] == '1';
  if (spec == "and") return Count(s, '0') == 0;
  if (spec == "or") return Count(s, '1') > 0;
  if (spec == "count-mod:m=3,r=1") return Count(s, '1') % 3 == 1;
  if (spec.rfind("tomita:", 0) == 0) return NaiveTomita(spec[7] - '0', s);
  if (spec == "dyck:k=1" || spec == "dyck:k=2") return NaiveDyck(s);
  if (spec == "dyck:k=1,depth=2" || spec == "dyck:k=2,depth=2") {
    return NaiveDyck(s) && MaxDepth(s) <= 2;
  }
  if (spec == "shuffle-dyck:k=2") return NaiveShuffleDyck(s);
  if (spec == "anbn") {
    const int m = static_cast<int>(s.size()) / 2;
    return s.size() % 2 == 0 && s == std::string(m, 'a') + std::string(m, 'b');
  }
  if (spec == "anbncn") {
    const int m = static_cast<int>(s.size()) / 3;
    return s.size() % 3 == 0 &&
           s == std::string(m, 'a') + std::string(m, 'b') + std::string(m, 'c');
  }
  if (spec == "counts:#a=#b") return Count(s, 'a') == Count(s, 'b');
  if (spec == "counts:#1>2#0") return Count(s, '1') > 2 * Count(s, '0');
  if (spec == "counts:#1=0 mod 3,alphabet=01") return Count(s, '1') % 3 == 0;
  if (spec == "regex:(ab)*") return std::regex_match(s, std::regex("(ab)*"));
  if (spec == "regex:a*ba*|c+")
    return std::regex_match(s, std::regex("a*ba*|c+"));
  ADD_FAILURE() << "no naive definition for " << spec;
  return false;
}

TEST(LanguagesTest, MembershipAgreesWithNaiveDefinitions) {
  for (const std::string& spec : RegistrySpecs()) {
    auto language = MustParse(spec);
    ASSERT_NE(language, nullptr);
    const Alphabet& alphabet = language->alphabet();
    const int max_n =
        alphabet.size() <= 2 ? 12 : (alphabet.size() <= 4 ? 7 : 5);
    for (int n = 0; n <= max_n; ++n) {
      for (const std::string& s : AllStrings(alphabet.symbols(), n)) {
        ASSERT_EQ(language->Contains(*alphabet.Parse(s)), Naive(spec, s))
            << spec << " on '" << s << "'";
      }
    }
  }
}

TEST(LanguagesTest, CountsAndTablesAgreeWithEnumeration) {
  for (const std::string& spec : RegistrySpecs()) {
    auto language = MustParse(spec);
    ASSERT_NE(language, nullptr);
    const int q = language->alphabet().size();
    for (int n = 0; n <= 12; ++n) {
      if (*NumWords(q, n) > (1 << 16)) break;
      // Count by Contains over an odometer, independently of FillMembership.
      long members = 0;
      Word w(n, 0);
      std::vector<std::uint8_t> expected;
      do {
        expected.push_back(language->Contains(w));
        members += expected.back();
      } while (NextWord(q, w));
      EXPECT_EQ(language->CountMembers(n), members) << spec << " n=" << n;
      absl::StatusOr<std::vector<std::uint8_t>> table =
          MembershipTable(*language, n);
      ASSERT_TRUE(table.ok());
      EXPECT_EQ(*table, expected) << spec << " n=" << n;
    }
  }
}

TEST(LanguagesTest, LongTablesAgreeWithContains) {
  // Lengths where the DFA table walk copies suffix blocks after a prefix walk.
  for (const char* spec : {"tomita:3", "regex:a*ba*|c+", "dyck:k=2,depth=2"}) {
    auto language = MustParse(spec);
    const int q = language->alphabet().size();
    const int n = q == 2 ? 18 : (q == 3 ? 11 : 9);
    absl::StatusOr<std::vector<std::uint8_t>> table =
        MembershipTable(*language, n);
    ASSERT_TRUE(table.ok());
    Word w(n, 0);
    std::size_t i = 0;
    do {
      ASSERT_EQ((*table)[i++], language->Contains(w))
          << spec << " word " << i - 1;
    } while (NextWord(q, w));
    EXPECT_EQ(i, table->size());
  }
}

TEST(LanguagesTest, DyckCountsAreCatalanTimesKToTheM) {
  const long catalan[] = {1, 1, 2, 5, 14, 42, 132, 429, 1430, 4862};
  for (int k = 1; k <= 4; ++k) {
    auto dyck = MustParse("dyck:k=" + std::to_string(k));
    for (int m = 0; m < 10; ++m) {
      mpz_class expected = catalan[m];
      for (int i = 0; i < m; ++i) expected *= k;
      EXPECT_EQ(dyck->CountMembers(2 * m), expected) << "k=" << k << " m=" << m;
      EXPECT_EQ(dyck->CountMembers(2 * m + 1), 0);
    }
  }
  // A length where the count overflows 64 bits: C_60 = 1,182,... exact.
  mpz_class c60;
  mpz_bin_uiui(c60.get_mpz_t(), 120, 60);
  c60 /= 61;
  EXPECT_EQ(MustParse("dyck")->CountMembers(120), c60);
}

TEST(LanguagesTest, BoundedDepthDyckCounts) {
  auto d2 = MustParse("dyck:k=1,depth=2");
  auto d3 = MustParse("dyck:k=1,depth=3");
  const long depth3[] = {1, 1, 2, 5, 13, 34, 89, 233};
  for (int m = 0; m < 8; ++m) {
    EXPECT_EQ(d2->CountMembers(2 * m), m == 0 ? 1 : (1L << (m - 1))) << m;
    EXPECT_EQ(d3->CountMembers(2 * m), depth3[m]) << m;
  }
  EXPECT_EQ(d3->spec(), "dyck:k=1,depth=3");
  EXPECT_TRUE(d3->info().is_regular);
}

TEST(LanguagesTest, TomitaCountsMatchReferences) {
  const std::vector<std::vector<long>> expected = {
      {1, 1, 1, 1, 1, 1, 1, 1, 1},
      {1, 0, 1, 0, 1, 0, 1, 0, 1},
      {},
      {1, 2, 4, 7, 13, 24, 44, 81, 149},
      {1, 0, 2, 0, 8, 0, 32, 0, 128},
      {1, 0, 2, 2, 6, 10, 22, 42, 86},
      {},
  };
  for (int t = 1; t <= 7; ++t) {
    auto language = MustParse("tomita:" + std::to_string(t));
    for (std::size_t n = 0; n < expected[t - 1].size(); ++n) {
      EXPECT_EQ(language->CountMembers(static_cast<int>(n)), expected[t - 1][n])
          << "tomita:" << t << " n=" << n;
    }
    // Lengths 0..12 against the naive definitions.
    for (int n = 0; n <= 12; ++n) {
      long naive = 0;
      for (const std::string& s : AllStrings("01", n))
        naive += NaiveTomita(t, s);
      EXPECT_EQ(language->CountMembers(n), naive)
          << "tomita:" << t << " n=" << n;
    }
  }
}

TEST(LanguagesTest, AlphabetsAndSpecs) {
  EXPECT_EQ(MustParse("dyck:k=3")->alphabet().symbols(), "()[]{}");
  EXPECT_EQ(MustParse("dyck:k=4")->alphabet().symbols(), "()[]{}<>");
  EXPECT_EQ(MustParse("shuffle-dyck")->spec(), "shuffle-dyck:k=2");
  EXPECT_EQ(MustParse("dyck")->spec(), "dyck:k=1");
  EXPECT_EQ(MustParse("count-mod:m=4")->spec(), "count-mod:m=4,r=0");
  EXPECT_EQ(MustParse("anbncn")->alphabet().symbols(), "abc");
  EXPECT_EQ(MustParse("regex:(ba)*|c")->alphabet().symbols(), "abc");
  EXPECT_EQ(MustParse("regex:(ba)*|c")->spec(), "regex:(ba)*|c");
}

// regex:EXPR,alphabet=SYMS: the words over SYMS (in the order given) that
// match EXPR, counted against std::regex over every word of the larger
// alphabet, and membership word by word.
TEST(LanguagesTest, RegexWithDeclaredAlphabet) {
  struct Case {
    std::string expr, symbols;
  };
  for (const Case& c : {Case{"(ab)*", "abc"}, Case{"a*ba*|c+", "cbad"},
                        Case{"(a|b)*a", "ba#"}, Case{"(|a)", "za"}}) {
    auto language = MustParse("regex:" + c.expr + ",alphabet=" + c.symbols);
    EXPECT_EQ(language->alphabet().symbols(), c.symbols);
    EXPECT_EQ(language->spec(), "regex:" + c.expr + ",alphabet=" + c.symbols);
    const std::regex re(c.expr);
    for (int n = 0; n <= 6; ++n) {
      int naive = 0;
      for (const std::string& s : AllStrings(c.symbols, n)) {
        const bool member = std::regex_match(s, re);
        naive += member;
        absl::StatusOr<Word> w = language->alphabet().Parse(s);
        ASSERT_TRUE(w.ok());
        EXPECT_EQ(language->Contains(*w), member) << c.expr << " " << s;
      }
      EXPECT_EQ(language->CountMembers(n), naive) << c.expr << " n=" << n;
    }
  }
}

TEST(LanguagesTest, RegexDeclaredAlphabetErrors) {
  auto error = [](std::string_view spec) {
    absl::StatusOr<std::unique_ptr<Language>> l = ParseLanguage(spec);
    EXPECT_FALSE(l.ok()) << spec;
    return l.ok() ? std::string() : std::string(l.status().message());
  };
  EXPECT_THAT(error("regex:(ab)*,alphabet=ac"),
              HasSubstr("the regex symbol 'b' is not in alphabet=ac"));
  EXPECT_THAT(error("regex:a*,alphabet="), HasSubstr("no symbols"));
  EXPECT_THAT(error("regex:a*,alphabet=aba"), HasSubstr("'a' appears twice"));
  EXPECT_THAT(error("regex:a*,alphabet=a b"), HasSubstr("not a printable"));
}

TEST(LanguagesTest, EveryFamilyExampleParses) {
  for (const LanguageFamily& f : LanguageFamilies()) {
    if (f.example == "dfa:FILE") continue;  // needs a file
    EXPECT_TRUE(ParseLanguage(f.example).ok()) << f.example;
  }
}

TEST(LanguagesTest, EverySpecRoundTrips) {
  for (const std::string& spec : RegistrySpecs()) {
    auto language = MustParse(spec);
    EXPECT_EQ(MustParse(language->spec())->spec(), language->spec());
  }
}

TEST(LanguagesTest, BadSpecsSayWhatIsWrong) {
  auto error = [](std::string_view spec) {
    absl::StatusOr<std::unique_ptr<Language>> l = ParseLanguage(spec);
    EXPECT_FALSE(l.ok()) << spec;
    return l.ok() ? std::string() : std::string(l.status().message());
  };
  EXPECT_THAT(error("palindrome"), HasSubstr("unknown language 'palindrome'"));
  EXPECT_THAT(error("dyck:k=9"), HasSubstr("k must be 1, 2, 3 or 4"));
  EXPECT_THAT(error("dyck:q=1"), HasSubstr("unknown parameter 'q'"));
  EXPECT_THAT(error("dyck:k=x"), HasSubstr("parameter k needs an integer"));
  EXPECT_THAT(error("tomita:8"), HasSubstr("tomita:N with N in 1..7"));
  EXPECT_THAT(error("count-mod:m=3,r=3"), HasSubstr("r must be in 0..2"));
  EXPECT_THAT(error("parity:k=1"), HasSubstr("takes no parameters"));
  EXPECT_THAT(error("regex:(ab"),
              HasSubstr("regex:(ab: position 4: expected ')'"));
  EXPECT_THAT(error("dfa:/nonexistent/x.att"), HasSubstr("cannot open"));
}

}  // namespace
}  // namespace satcirc::automata
