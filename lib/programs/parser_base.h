// Internal to lib/programs: the tokenizer and the statements every program
// language shares (alphabet, language, empty, output), with errors that name
// FILE:LINE:COLUMN.
#ifndef SATCIRC_LIB_PROGRAMS_PARSER_BASE_H_
#define SATCIRC_LIB_PROGRAMS_PARSER_BASE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "automata/alphabet.h"

namespace satcirc::programs::internal {

struct Token {
  enum class Kind { kWord, kNumber, kString, kPunct, kNewline, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  int line = 1, column = 1;
};

class ParserBase {
 protected:
  ParserBase(absl::string_view text, absl::string_view file)
      : file_(file), text_(text) {}
  virtual ~ParserBase() = default;

  // Tokenizes the text and reads every statement — a let through Let(), the
  // others here — then checks what Finish checks.
  absl::Status ParseStatements(int* output);
  // One `let`, its keyword taken.
  virtual absl::Status Let() = 0;
  // The statements every program has, into a program of either language.
  template <typename Program>
  void CopyHeader(Program& p) const {
    p.alphabet = alphabet_;
    p.language = language_;
    p.accept_empty = accept_empty_;
  }

  // Words ([A-Za-z_][A-Za-z0-9_]*), numbers, quoted strings, punctuation
  // (one of ! & | ( ) [ ] < > = , + - * ? : or <= >= != ==), newlines; '#'
  // starts a comment.
  absl::Status Tokenize();
  absl::Status Error(const Token& at, absl::string_view message) const;
  const Token& Peek() const { return tokens_[pos_]; }
  Token Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  const Token& Last() const { return tokens_[pos_ - 1]; }
  bool Accept(absl::string_view text);
  absl::Status Expect(absl::string_view text, absl::string_view what);
  static std::string Describe(const Token& t);
  absl::Status EndOfStatement();

  // alphabet / language / empty / output, when `head` (already taken) is one
  // of them; nullopt otherwise.
  std::optional<absl::Status> HeaderStatement(const Token& head);
  // A new vector's name after let: not a keyword, not defined yet, after the
  // alphabet.
  absl::Status CheckNewName(const Token& name,
                            const std::vector<std::string>& keywords) const;
  // After the last statement: the alphabet and the output were given, and
  // the output names a definition (its index in *output).
  absl::Status Finish(int* output) const;

  std::string file_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  automata::Alphabet alphabet_;
  bool has_alphabet_ = false;
  std::string language_;
  bool accept_empty_ = false;
  std::optional<Token> output_;
  std::map<std::string, int> names_;  // definition name -> index

 private:
  absl::Status Alphabet();
  absl::Status Language(const Token& head);
  absl::string_view text_;
};

}  // namespace satcirc::programs::internal

#endif  // SATCIRC_LIB_PROGRAMS_PARSER_BASE_H_
