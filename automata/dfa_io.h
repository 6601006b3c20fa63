// Reading and writing DFAs in the AT&T / OpenFst text format (see
// docs/dfa-format.md):
//   SRC DST LABEL [WEIGHT]   an arc
//   STATE [WEIGHT]           a final (accepting) state
// The source of the first line is the start state. Labels are symbols (one
// printable character each) or, with a symbol table ("SYMBOL ID" per line, as
// written by OpenFst's --isymbols), numeric ids or names from that table.
// Missing arcs go to a rejecting sink. Weights are read and ignored.
#ifndef SATCIRC_AUTOMATA_DFA_IO_H_
#define SATCIRC_AUTOMATA_DFA_IO_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include "absl/status/statusor.h"
#include "automata/dfa.h"

namespace satcirc::automata {

// Limits of ReadAttDfa (docs/limits.md); beyond them it refuses, naming the
// limit, before allocating anything of that size.
// Bytes of a DFA file or of a symbol table.
inline constexpr std::size_t kMaxDfaFileBytes = std::size_t{64} << 20;
// State numbers are below this (2^24), so that arithmetic on them never
// overflows and a single line cannot ask for a huge table.
inline constexpr int kMaxDfaStates = 1 << 24;
// Entries of the transition table, (states + sink) × symbols: 2^26, 256 MiB.
inline constexpr std::int64_t kMaxDfaTransitions = std::int64_t{1} << 26;

// `source` names the input in errors ("even.att: line 3: ..."). States must be
// numbered 0 ... N-1 without gaps; nondeterminism, epsilon arcs (label 0 or
// "<eps>") and malformed lines are errors naming the line. Without a symbol
// table the alphabet is the set of labels used, sorted; with one, it is the
// table's symbols in id order (id 0, epsilon, excluded). The result is not
// minimized (see minimize.h); it has one extra sink state when arcs are
// missing.
absl::StatusOr<Dfa> ReadAttDfa(
    std::string_view text, std::string_view source,
    std::optional<std::string_view> symbol_table = std::nullopt);

// Writes every arc (state order, then symbol order) except those into a
// rejecting sink from which nothing is accepted, then one arc from the start
// into a dead state for each symbol no arc reads (so that the alphabet reads
// back), then the final states; labels are the symbols themselves.
// ReadAttDfa of the result accepts the same language over the same alphabet.
// Deterministic, so it can be a golden file.
std::ostream& WriteAttDfa(std::ostream& out, const Dfa& dfa);

// A Graphviz drawing of the DFA: states numbered as WriteAttDfa numbers them
// (the start 0), accepting states double circles, an arrow into the start, one
// edge per pair of states labelled with its symbols. States from which nothing
// is accepted are left out (their arcs too) and the caption says so. `title`
// is the caption's first line.
std::string DfaToDot(const Dfa& dfa, std::string_view title);

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_DFA_IO_H_
