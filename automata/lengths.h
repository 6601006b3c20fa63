// Length ranges as written on the command line: "A..B", "1,2,4", or a mix such
// as "0..4,8,16".
#ifndef SATCIRC_AUTOMATA_LENGTHS_H_
#define SATCIRC_AUTOMATA_LENGTHS_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace satcirc::automata {

// The largest length a range may name (docs/limits.md).
inline constexpr int kMaxLength = 1 << 20;
// The most lengths one argument may list, duplicates not counted: every
// command does some work per length, so a larger list is a typo or a request
// that would run for hours (docs/limits.md).
inline constexpr int kMaxLengthCount = 100'000;

// Lengths in the order written, duplicates removed (first kept). Linear in the
// number of lengths. Errors quote the item, e.g. "lengths '3..1': the range
// 3..1 is empty (3 > 1)"; an empty item ("1,,2") is an error.
absl::StatusOr<std::vector<int>> ParseLengths(std::string_view text);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_LENGTHS_H_
