#include "automata/enumerate.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc::automata {

Word WordAt(int alphabet_size, int n, std::uint64_t index) {
  Word word(n);
  for (int i = n - 1; i >= 0; --i) {
    word[i] = static_cast<Symbol>(index % alphabet_size);
    index /= alphabet_size;
  }
  return word;
}

std::optional<std::uint64_t> NumWords(int alphabet_size, int n) {
  std::uint64_t total = 1;
  for (int i = 0; i < n; ++i) {
    if (total > (std::uint64_t{1} << 62) / alphabet_size) return std::nullopt;
    total *= alphabet_size;
  }
  return total;
}

absl::StatusOr<std::vector<std::uint8_t>> MembershipTable(
    const Language& language, int n, const EnumerateOptions& options) {
  const int q = language.alphabet().size();
  std::optional<std::uint64_t> total = NumWords(q, n);
  if (!total || *total > options.limit) {
    return absl::ResourceExhaustedError(
        absl::StrCat(language.spec(), " at length ", n, ": ", q, "^", n,
                     " words exceed the exhaustive limit of ", options.limit));
  }
  std::vector<std::uint8_t> table(*total);
  language.FillMembership(n, table.data());
  return table;
}

}  // namespace satcirc::automata
