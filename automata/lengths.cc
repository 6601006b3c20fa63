#include "automata/lengths.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace satcirc::automata {
namespace {

bool ParseLength(absl::string_view text, int* value) {
  return !text.empty() &&
         text.find_first_not_of("0123456789") == absl::string_view::npos &&
         absl::SimpleAtoi(text, value) && *value <= kMaxLength;
}

// The argument as quoted in errors: a typo'd argument can be megabytes long.
std::string Quoted(absl::string_view text) {
  constexpr std::size_t kShown = 60;
  if (text.size() <= kShown) return std::string(text);
  return absl::StrCat(text.substr(0, kShown), "... (", text.size(),
                      " characters)");
}

}  // namespace

absl::StatusOr<std::vector<int>> ParseLengths(std::string_view text_in) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  const absl::string_view text(text_in.data(), text_in.size());
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("lengths '", Quoted(text), "': ", what));
  };
  if (text.empty())
    return error("empty; expected A..B or a list such as 1,2,4");
  std::vector<int> lengths;
  // One bit per possible length, so that removing duplicates is linear (a
  // search of the list was quadratic: 0..1048576 took minutes to refuse).
  std::vector<bool> seen(kMaxLength + 1, false);
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    if (item.empty()) {
      return error(
          "an empty item (two commas in a row, or a comma at either end)");
    }
    int lo, hi;
    if (std::size_t dots = item.find(".."); dots != absl::string_view::npos) {
      if (!ParseLength(item.substr(0, dots), &lo) ||
          !ParseLength(item.substr(dots + 2), &hi)) {
        return error(absl::StrCat("'", Quoted(item),
                                  "' is not a range A..B of lengths 0..",
                                  kMaxLength));
      }
      if (lo > hi) {
        return error(absl::StrCat("the range ", item, " is empty (", lo, " > ",
                                  hi, ")"));
      }
    } else {
      if (!ParseLength(item, &lo)) {
        return error(absl::StrCat("'", Quoted(item), "' is not a length in 0..",
                                  kMaxLength,
                                  " (expected A..B or a list such as 1,2,4)"));
      }
      hi = lo;
    }
    for (int n = lo; n <= hi; ++n) {
      if (seen[n]) continue;
      if (static_cast<int>(lengths.size()) == kMaxLengthCount) {
        return error(absl::StrCat("more than ", kMaxLengthCount,
                                  " lengths (the limit; see docs/limits.md)"));
      }
      seen[n] = true;
      lengths.push_back(n);
    }
  }
  return lengths;
}

}  // namespace satcirc::automata
