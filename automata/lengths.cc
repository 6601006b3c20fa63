#include "automata/lengths.h"

#include <algorithm>
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

}  // namespace

absl::StatusOr<std::vector<int>> ParseLengths(std::string_view text_in) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  const absl::string_view text(text_in.data(), text_in.size());
  auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("lengths '", text, "': ", what));
  };
  if (text.empty())
    return error("empty; expected A..B or a list such as 1,2,4");
  std::vector<int> lengths;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    int lo, hi;
    if (std::size_t dots = item.find(".."); dots != absl::string_view::npos) {
      if (!ParseLength(item.substr(0, dots), &lo) ||
          !ParseLength(item.substr(dots + 2), &hi)) {
        return error(absl::StrCat(
            "'", item, "' is not a range A..B of lengths 0..", kMaxLength));
      }
      if (lo > hi) {
        return error(absl::StrCat("the range ", item, " is empty (", lo, " > ",
                                  hi, ")"));
      }
    } else {
      if (!ParseLength(item, &lo)) {
        return error(absl::StrCat("'", item, "' is not a length in 0..",
                                  kMaxLength,
                                  " (expected A..B or a list such as 1,2,4)"));
      }
      hi = lo;
    }
    for (int n = lo; n <= hi; ++n) {
      if (std::find(lengths.begin(), lengths.end(), n) == lengths.end()) {
        lengths.push_back(n);
      }
    }
    if (lengths.size() > 100000) return error("more than 100000 lengths");
  }
  return lengths;
}

}  // namespace satcirc::automata
