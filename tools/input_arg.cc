#include "tools/input_arg.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace satcirc::cli {
namespace {

// A byte as an error shows it: '2', or its code and name when it does not
// print.
std::string DescribeByte(unsigned char c) {
  switch (c) {
    case '\n':
      return "a line break (0x0a)";
    case '\r':
      return "a carriage return (0x0d)";
    case '\t':
      return "a tab (0x09)";
    case ' ':
      return "a space (0x20)";
  }
  if (c > 0x20 && c < 0x7f) return absl::StrCat("'", std::string(1, c), "'");
  return absl::StrFormat("the byte 0x%02x", c);
}

// The input string held by a file (or standard input), named `name`: its
// symbols, with one final newline ("\n" or "\r\n") ignored.
absl::StatusOr<automata::Word> ParseInputText(absl::string_view text,
                                              const automata::Alphabet& abc,
                                              absl::string_view name) {
  if (absl::ConsumeSuffix(&text, "\n")) absl::ConsumeSuffix(&text, "\r");
  if (text.size() > static_cast<std::size_t>(kMaxInputSymbols)) {
    return absl::OutOfRangeError(absl::StrCat(name, ": ", text.size(),
                                              " symbols; an input is at most ",
                                              kMaxInputSymbols, " symbols"));
  }
  automata::Word word(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::optional<automata::Symbol> s = abc.Find(text[i]);
    if (!s) {
      const bool newline = text[i] == '\n' || text[i] == '\r';
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": byte offset ", i, " (symbol ", i + 1,
          "): ", DescribeByte(static_cast<unsigned char>(text[i])),
          " is not in the alphabet {", abc.symbols(), "}",
          newline ? " (the input is one line; only a final newline is "
                    "ignored)"
                  : ""));
    }
    word[i] = *s;
  }
  return word;
}

}  // namespace

absl::StatusOr<Input> ReadInput(const ParsedArgs& args,
                                const automata::Alphabet& abc) {
  const std::optional<std::string> literal = args.Get("input");
  Input input;
  if (literal && *literal != "-") {
    absl::StatusOr<automata::Word> word = abc.Parse(*literal);
    if (!word.ok()) return word.status();
    input.word = *std::move(word);
    input.text = *literal;
    return input;
  }
  const std::string path = literal ? std::string("-") : *args.Get("input-file");
  absl::StatusOr<std::string> text = ReadFileUpTo(path, kMaxInputBytes);
  if (absl::IsOutOfRange(text.status())) {
    return absl::OutOfRangeError(
        absl::StrCat(text.status().message(), "; an input is at most ",
                     kMaxInputSymbols, " symbols, plus a final newline"));
  }
  if (!text.ok()) return text.status();
  absl::StatusOr<automata::Word> word =
      ParseInputText(*text, abc, path == "-" ? "<stdin>" : path);
  if (!word.ok()) return word.status();
  input.word = *std::move(word);
  input.text = abc.Format(input.word);
  return input;
}

absl::Status CheckInputFlags(const ParsedArgs& args,
                             const std::string& file_flag) {
  const bool literal = args.Has("input"), file = args.Has("input-file");
  if (!literal && !file) {
    return absl::InvalidArgumentError(
        "--input or --input-file is required (the input string, or a file "
        "holding it)");
  }
  if (literal && file) {
    return absl::InvalidArgumentError(
        "--input and --input-file both given: give the input once");
  }
  const bool input_stdin = args.GetOr(file ? "input-file" : "input", "") == "-";
  if (input_stdin && args.GetOr(file_flag, "") == "-") {
    return absl::InvalidArgumentError(
        absl::StrCat("--", file_flag,
                     " - and the input both read standard input; give one of "
                     "them as a file"));
  }
  return absl::OkStatus();
}

}  // namespace satcirc::cli
