// tools/suggest.h: the edit distance against a direct recursive definition on
// every pair of short words, and the choice of a suggestion.
#include "tools/suggest.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace satcirc::cli {
namespace {

// The optimal-string-alignment distance written as its recursion, without a
// table: exponential, fine for words of up to 4 characters.
int NaiveDistance(const std::string& a, const std::string& b) {
  if (a.empty()) return static_cast<int>(b.size());
  if (b.empty()) return static_cast<int>(a.size());
  const std::string a1 = a.substr(1), b1 = b.substr(1);
  int best = std::min({NaiveDistance(a1, b) + 1, NaiveDistance(a, b1) + 1,
                       NaiveDistance(a1, b1) + (a[0] == b[0] ? 0 : 1)});
  if (a.size() > 1 && b.size() > 1 && a[0] == b[1] && a[1] == b[0]) {
    best = std::min(best, NaiveDistance(a.substr(2), b.substr(2)) + 1);
  }
  return best;
}

std::vector<std::string> Words(int max_length) {
  std::vector<std::string> out = {""};
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (static_cast<int>(out[i].size()) == max_length) continue;
    for (char c : {'a', 'b', 'c'}) out.push_back(out[i] + c);
  }
  return out;
}

TEST(SuggestTest, EditDistanceMatchesTheRecursion) {
  const std::vector<std::string> words = Words(4);
  for (const std::string& a : words) {
    for (const std::string& b : words) {
      ASSERT_EQ(EditDistance(a, b), NaiveDistance(a, b)) << a << " " << b;
    }
  }
}

TEST(SuggestTest, ClosestName) {
  const std::vector<std::string> flags = {"model", "lang", "lengths", "samples",
                                          "sampled-lengths"};
  EXPECT_EQ(Closest("lenghts", flags), "lengths");  // a swap
  EXPECT_EQ(Closest("modle", flags), "model");
  EXPECT_EQ(Closest("sampled-len", flags), "sampled-lengths");  // a prefix
  EXPECT_EQ(Closest("sampl", flags), "samples");    // distance 2 beats a prefix
  EXPECT_EQ(Closest("samp", flags), std::nullopt);  // two prefixes, no distance
  EXPECT_EQ(Closest("frobnicate", flags), std::nullopt);
  EXPECT_EQ(Closest("", flags), std::nullopt);
  EXPECT_EQ(Closest("xy", {"ab"}), std::nullopt);  // short words: distance 1
  EXPECT_EQ(DidYouMean("majorty", {"parity", "majority"}, "zoo:"),
            "; did you mean zoo:majority?");
  EXPECT_EQ(DidYouMean("zzzzzz", {"parity"}), "");
}

}  // namespace
}  // namespace satcirc::cli
