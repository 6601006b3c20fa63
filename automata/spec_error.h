// Internal to automata/: how the language-spec parsers quote a spec in their
// errors (registry.cc, counts_formula.cc, counting_language.cc).
#ifndef SATCIRC_AUTOMATA_SPEC_ERROR_H_
#define SATCIRC_AUTOMATA_SPEC_ERROR_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace satcirc::automata::internal {

// The spec as quoted in errors: a typo'd spec can be megabytes long.
inline std::string Quoted(absl::string_view spec) {
  constexpr std::size_t kShown = 60;
  if (spec.size() <= kShown) return std::string(spec);
  return absl::StrCat(spec.substr(0, kShown), "... (", spec.size(),
                      " characters)");
}

// InvalidArgument "language 'SPEC': WHAT".
inline absl::Status SpecError(absl::string_view spec, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("language '", Quoted(spec), "': ", what));
}

}  // namespace satcirc::automata::internal

#endif  // SATCIRC_AUTOMATA_SPEC_ERROR_H_
