// Helpers shared by the automata tests: independent, deliberately naive
// implementations to compare the library against.
#ifndef SATCIRC_TESTS_AUTOMATA_TEST_UTIL_H_
#define SATCIRC_TESTS_AUTOMATA_TEST_UTIL_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "automata/language.h"
#include "automata/registry.h"
#include "gtest/gtest.h"

namespace satcirc::automata::testing {

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
          "regex:a*ba*|c+"};
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
