// Helpers shared by the automata tests: independent, deliberately naive
// implementations to compare the library against.
#ifndef SATCIRC_TESTS_AUTOMATA_TEST_UTIL_H_
#define SATCIRC_TESTS_AUTOMATA_TEST_UTIL_H_

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "automata/enumerate.h"
#include "automata/language.h"
#include "automata/registry.h"
#include "gtest/gtest.h"

namespace satcirc::automata::testing {

// Upper 0.1% point of chi-square with `df` degrees of freedom
// (Wilson–Hilferty approximation; z = 3.09).
inline double ChiSquareCritical(int df) {
  const double a = 2.0 / (9.0 * df);
  return df * std::pow(1 - a + 3.09 * std::sqrt(a), 3);
}

// Pearson's chi-square of `samples` against the uniform law on `population`.
template <typename Words>
double ChiSquare(const Words& samples, const std::vector<Word>& population) {
  std::map<Word, long> counts;
  for (const Word& w : population) counts[w] = 0;
  for (const Word& w : samples) {
    auto it = counts.find(w);
    EXPECT_NE(it, counts.end()) << "sampled a word outside the population";
    if (it != counts.end()) ++it->second;
  }
  const double expected =
      static_cast<double>(samples.size()) / population.size();
  double chi = 0;
  for (const auto& [w, c] : counts)
    chi += (c - expected) * (c - expected) / expected;
  return chi;
}

// The members of length n, by enumerating Σⁿ.
inline std::vector<Word> Members(const Language& language, int n) {
  std::vector<Word> members;
  Word w(n, 0);
  do {
    if (language.Contains(w)) members.push_back(w);
  } while (NextWord(language.alphabet().size(), w));
  return members;
}

// Every spec family of the registry, with small parameters.
inline std::vector<std::string> RegistrySpecs() {
  return {"parity",
          "majority",
          "first",
          "and",
          "or",
          "count-mod:m=3,r=1",
          "tomita:1",
          "tomita:2",
          "tomita:3",
          "tomita:4",
          "tomita:5",
          "tomita:6",
          "tomita:7",
          "dyck:k=1",
          "dyck:k=2",
          "dyck:k=1,depth=2",
          "dyck:k=2,depth=2",
          "shuffle-dyck:k=2",
          "anbn",
          "anbncn",
          "regex:(ab)*",
          "regex:a*ba*|c+",
          "counts:#a=#b",
          "counts:#1>2#0",
          "counts:#1=0 mod 3,alphabet=01"};
}

inline std::unique_ptr<Language> MustParse(std::string_view spec) {
  absl::StatusOr<std::unique_ptr<Language>> l = ParseLanguage(spec);
  EXPECT_TRUE(l.ok()) << spec << ": " << l.status();
  return l.ok() ? *std::move(l) : nullptr;
}

// All words of length n over the characters of `symbols`, lexicographic.
inline std::vector<std::string> AllStrings(const std::string& symbols, int n) {
  std::vector<std::string> out = {""};
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> next;
    for (const std::string& w : out) {
      for (char c : symbols) next.push_back(w + c);
    }
    out = std::move(next);
  }
  return out;
}

inline unsigned long Binomial(int n, int k) {
  if (k < 0 || k > n) return 0;
  unsigned long r = 1;
  for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
  return r;
}

}  // namespace satcirc::automata::testing

#endif  // SATCIRC_TESTS_AUTOMATA_TEST_UTIL_H_
