// The registry: language specs (docs/language-specs.md) to languages.
#ifndef SATCIRC_AUTOMATA_REGISTRY_H_
#define SATCIRC_AUTOMATA_REGISTRY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"

namespace satcirc::automata {

// Parses a spec such as "parity", "dyck:k=2,depth=3", "tomita:3",
// "count-mod:m=3,r=1", "regex:(ab)*" (optionally "regex:(ab)*,alphabet=abc",
// declaring symbols the expression does not write), "counts:#a=#b" (a formula
// over symbol counts, counting_language.h; optionally ",alphabet=SYMS") or
// "dfa:FILE" (optionally "dfa:FILE,syms=SYMBOLS"; files are read relative to
// the working directory).
// Errors name the spec and say what was expected.
absl::StatusOr<std::unique_ptr<Language>> ParseLanguage(std::string_view spec);

// One family of the registry, for `satcirc langs`.
struct LanguageFamily {
  std::string syntax;    // e.g. "dyck:k=K[,depth=D]"
  std::string alphabet;  // e.g. "()[]{}<> (first 2K)"
  std::string example;   // a spec that parses, e.g. "dyck:k=2,depth=3"
  std::string description;
};
const std::vector<LanguageFamily>& LanguageFamilies();

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_REGISTRY_H_
