#include "tools/suggest.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace satcirc::cli {

int EditDistance(absl::string_view a, absl::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // d[i][j]: distance between a[0, i) and b[0, j) (words are short).
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::optional<std::string> Closest(absl::string_view word,
                                   const std::vector<std::string>& candidates) {
  // Names are short; a long word (a pasted file, a regex) is never a typo.
  if (word.empty() || word.size() > 64) return std::nullopt;
  const int limit = word.size() <= 3 ? 1 : 2;
  std::optional<std::string> best;
  int best_distance = limit + 1;
  for (const std::string& c : candidates) {
    const int d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (best) return best;
  if (word.size() < 3) return std::nullopt;
  std::optional<std::string> prefixed;
  for (const std::string& c : candidates) {
    if (!absl::StartsWith(c, word)) continue;
    if (prefixed) return std::nullopt;  // ambiguous
    prefixed = c;
  }
  return prefixed;
}

std::string DidYouMean(absl::string_view word,
                       const std::vector<std::string>& candidates,
                       absl::string_view prefix) {
  std::optional<std::string> c = Closest(word, candidates);
  if (!c) return "";
  return absl::StrCat("; did you mean ", prefix, *c, "?");
}

}  // namespace satcirc::cli
