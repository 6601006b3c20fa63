// The built-in languages (see docs/language-specs.md). Each factory returns the
// language with its canonical spec; arguments are assumed valid (registry.h
// checks user input).
#ifndef SATCIRC_AUTOMATA_LANGUAGES_H_
#define SATCIRC_AUTOMATA_LANGUAGES_H_

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "automata/language.h"

namespace satcirc::automata {

// Over {0,1}.
std::unique_ptr<Language> MakeParity();    // odd number of 1s
std::unique_ptr<Language> MakeMajority();  // strictly more 1s than 0s
std::unique_ptr<Language> MakeFirst();     // first symbol is 1
std::unique_ptr<Language> MakeAnd();       // all symbols are 1 (ε included)
std::unique_ptr<Language> MakeOr();        // some symbol is 1
// Number of 1s ≡ r (mod m); 1 <= m <= 1000, 0 <= r < m.
std::unique_ptr<Language> MakeCountMod(int m, int r);
// Tomita grammars 1 ... 7 (Tomita 1982), DFAs as in Bhattamishra et al. 2020.
std::unique_ptr<Language> MakeTomita(int index);

// Dyck-k over "()", "()[]", "()[]{}", "()[]{}<>" (1 <= k <= 4). With a depth
// bound the language is regular and is built as a DFA over stacks; that fails
// (ResourceExhausted) beyond `kMaxDyckStates` stacks.
inline constexpr int kMaxDyckStates = 1 << 20;
absl::StatusOr<std::unique_ptr<Language>> MakeDyck(
    int k, std::optional<int> max_depth = std::nullopt);
// Shuffle of k Dyck-1 languages: every bracket kind is balanced on its own.
std::unique_ptr<Language> MakeShuffleDyck(int k);
std::unique_ptr<Language> MakeAnbn();    // aᵐbᵐ, m >= 0
std::unique_ptr<Language> MakeAnbncn();  // aᵐbᵐcᵐ, m >= 0

// The bracket alphabet of Dyck-k: "()[]{}<>" cut to 2k symbols.
std::string DyckSymbols(int k);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_LANGUAGES_H_
