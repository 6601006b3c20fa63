// Shared plumbing of the satcirc command line: flag parsing, exit codes, output
// files. The tool is thin: commands parse flags here, call the library and
// print.
#ifndef SATCIRC_TOOLS_CLI_H_
#define SATCIRC_TOOLS_CLI_H_

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace satcirc {
class Collective;  // lib/check/check.h
}  // namespace satcirc

namespace satcirc::cli {

// Exit codes (docs/conventions.md).
inline constexpr int kExitOk = 0;           // success; a check that holds
inline constexpr int kExitCheckFailed = 1;  // a check that fails
inline constexpr int kExitBadInput = 2;     // bad usage or bad input

// One flag of a command. Flags are written --name VALUE or --name=VALUE; a flag
// with takes_value = false is a switch (--json).
struct FlagSpec {
  std::string name;
  bool takes_value = true;
  std::string value_name;  // shown in --help, e.g. "FILE"
  std::string help;
};

struct CommandSpec {
  std::string name;  // e.g. "run"
  std::string
      usage;  // e.g. "satcirc run --model M --input S [--trace] [--json]"
  std::string summary;  // one paragraph
  std::vector<FlagSpec> flags =
      {};  // --help and (with has_json) --json are added automatically
  int max_positionals = 0;
  // Whether the command writes JSON with --json; a command without it refuses
  // the flag instead of ignoring it.
  bool has_json = true;
};

class ParsedArgs {
 public:
  bool Has(absl::string_view name) const {
    return values_.count(std::string(name)) > 0;
  }
  // The value of a flag that takes one, or std::nullopt when it was not given.
  std::optional<std::string> Get(absl::string_view name) const;
  std::string GetOr(absl::string_view name, absl::string_view fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool json() const { return Has("json"); }
  bool help() const { return Has("help"); }

 private:
  friend absl::StatusOr<ParsedArgs> ParseArgs(const CommandSpec&,
                                              const std::vector<std::string>&);
  std::map<std::string, std::string> values_;
  std::vector<std::string> positionals_;
};

// Parses `args` (the words after the command name). Unknown flags, missing
// values and repeated flags are errors naming the flag.
absl::StatusOr<ParsedArgs> ParseArgs(const CommandSpec& spec,
                                     const std::vector<std::string>& args);

// Writes the --help text of a command.
void PrintHelp(const CommandSpec& spec, std::ostream& out);

// Prints "satcirc CMD: MESSAGE" on `err` and returns kExitBadInput.
int BadInput(const CommandSpec& spec, const absl::Status& status,
             std::ostream& err);

// Parses flags; on --help prints help and sets *exit_code = 0; on an error
// prints it and sets *exit_code = 2. Returns std::nullopt in both cases.
std::optional<ParsedArgs> ParseOrExit(const CommandSpec& spec,
                                      const std::vector<std::string>& args,
                                      std::ostream& out, std::ostream& err,
                                      int* exit_code);

// An error naming the first of `flags` that was not given ("--model is
// required").
absl::Status RequireFlags(const ParsedArgs& args,
                          std::initializer_list<const char*> flags);

// Reads an integer flag into *dest when given (leaves it alone otherwise). With
// `positive`, 0 and negatives are errors: "--samples 0: expected a positive
// integer".
template <typename T>
absl::Status ParseIntegerFlag(const ParsedArgs& args, absl::string_view flag,
                              T* dest, bool positive);

// Splits the value of a comma-separated list flag. An empty value or an
// empty item is an error naming the flag and the item ("--models 'a,,b':
// item 2 is empty").
absl::StatusOr<std::vector<std::string>> SplitList(absl::string_view flag,
                                                   absl::string_view value);

// `text` right-aligned in a column `width` characters wide, counting UTF-8
// characters rather than bytes ("≤ 0.001" is 7 wide), as a terminal shows them.
std::string PadLeft(absl::string_view text, int width);

// Reads a whole file ("-" is standard input). Errors name the path.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

// Reads a whole file ("-" is standard input) of at most max_bytes bytes.
// A longer one is refused after max_bytes + 1 bytes, never read to its end
// (/dev/zero has none): OutOfRange, "PATH: longer than MAX bytes". Errors name
// the path ("<stdin>" for -) and the system's reason.
absl::StatusOr<std::string> ReadFileUpTo(const std::string& path,
                                         std::size_t max_bytes);

// Output files, (path, contents).
using OutputFiles = std::vector<std::pair<std::string, std::string>>;
// Writes every file or none (issue #12: a failure on the third file left the
// first two behind). Each goes to a temporary file beside its target; only
// when all are written are they renamed over the targets, and a rename that
// fails puts back the targets already replaced (from hard-link backups) or
// removes them. A target that is not a regular file (a directory) would fail
// its rename, so it is refused before anything is replaced.
absl::Status WriteAllOrNone(const OutputFiles& files);

// Writes `contents` to `path` through a temporary file in the same directory
// and a rename, so that an existing file is never left half-written. "-" is
// stdout.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents,
                                 std::ostream& stdout_stream);

// The processes of an MPI run this one belongs to, or null (set by main:
// docs/distributed.md). Only the first process (rank 0) writes files.
Collective* CurrentCollective();
void SetCollective(Collective* collective);
bool IsFirstProcess();

// Items 0 … count − 1 computed once each over the processes of an MPI run
// (item i by process i mod R; every item here without MPI), and every item's
// text on every process, in order. The first error, in item order, is
// returned by every process.
absl::StatusOr<std::vector<std::string>> ShareItems(
    size_t count,
    const std::function<absl::StatusOr<std::string>(size_t)>& each);

// A JSON string literal for `s` (quotes included).
std::string JsonQuote(absl::string_view s);

template <typename T>
absl::Status ParseIntegerFlag(const ParsedArgs& args, absl::string_view flag,
                              T* dest, bool positive) {
  std::optional<std::string> v = args.Get(flag);
  if (!v) return absl::OkStatus();
  T x{};
  if (!absl::SimpleAtoi(*v, &x) || (positive && x <= 0) ||
      (!positive && x < 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " ", *v, ": expected a ",
                     positive ? "positive" : "non-negative", " integer"));
  }
  *dest = x;
  return absl::OkStatus();
}

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_CLI_H_
