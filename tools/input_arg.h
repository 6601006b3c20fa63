// The input string of a command: --input S (S itself, or - for standard
// input) or --input-file F, in an alphabet (satcirc run, satcirc simulate).
#ifndef SATCIRC_TOOLS_INPUT_ARG_H_
#define SATCIRC_TOOLS_INPUT_ARG_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "automata/lengths.h"
#include "tools/cli.h"

namespace satcirc::cli {

// The longest input: the project's length limit (automata/lengths.h), which
// --lengths of check and the experiments share. A file may add "\r\n".
inline constexpr int kMaxInputSymbols = automata::kMaxLength;
inline constexpr std::size_t kMaxInputBytes = kMaxInputSymbols + 2;

struct Input {
  automata::Word word;
  std::string text;  // its symbols, for --json
};

// Exactly one of --input and --input-file, and standard input read once:
// not both by the input and by --FILE_FLAG - (e.g. "model").
absl::Status CheckInputFlags(const ParsedArgs& args,
                             const std::string& file_flag);

// The input of --input S or --input-file F. A file's final newline ("\n" or
// "\r\n") is ignored; errors name the file and the byte offset.
absl::StatusOr<Input> ReadInput(const ParsedArgs& args,
                                const automata::Alphabet& abc);

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_INPUT_ARG_H_
