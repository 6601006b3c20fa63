// Length ranges as written on the command line: "A..B", "1,2,4", or a mix such
// as "0..4,8,16".
#ifndef SATCIRC_AUTOMATA_LENGTHS_H_
#define SATCIRC_AUTOMATA_LENGTHS_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace satcirc::automata {

inline constexpr int kMaxLength = 1 << 20;

// Lengths in the order written, duplicates removed (first kept). Errors quote
// the item, e.g. "lengths '3..1': the range is empty (3 > 1)".
absl::StatusOr<std::vector<int>> ParseLengths(std::string_view text);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_LENGTHS_H_
