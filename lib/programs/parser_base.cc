#include "lib/programs/parser_base.h"

#include <cctype>
#include <memory>

#include "absl/strings/str_cat.h"
#include "automata/registry.h"

namespace satcirc::programs::internal {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }
bool IsPunct(char c) {
  return absl::string_view("!&|()[]<>=,+-*?:").find(c) !=
         absl::string_view::npos;
}
bool IsTwoCharOp(absl::string_view s) {
  return s == "<=" || s == ">=" || s == "!=" || s == "==";
}

}  // namespace

absl::Status ParserBase::Error(const Token& at,
                               absl::string_view message) const {
  return absl::InvalidArgumentError(
      absl::StrCat(file_, ":", at.line, ":", at.column, ": ", message));
}

absl::Status ParserBase::Tokenize() {
  int line = 1, column = 1;
  size_t k = 0;
  auto push = [&](Token::Kind kind, std::string text, int col) {
    tokens_.push_back(Token{kind, std::move(text), line, col});
  };
  while (k < text_.size()) {
    const char c = text_[k];
    const int start = column;
    if (c == '#') {
      while (k < text_.size() && text_[k] != '\n') ++k;
    } else if (c == '\n') {
      push(Token::Kind::kNewline, "", column);
      ++line, ++k, column = 1;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++k, ++column;
    } else if (IsWordChar(c)) {
      std::string word;
      while (k < text_.size() && IsWordChar(text_[k])) word += text_[k++];
      column += static_cast<int>(word.size());
      const bool number = std::all_of(word.begin(), word.end(),
                                      [](char d) { return IsDigit(d); });
      push(number ? Token::Kind::kNumber : Token::Kind::kWord, word, start);
    } else if (c == '"' || c == '\'') {
      std::string s;
      ++k, ++column;
      while (k < text_.size() && text_[k] != c && text_[k] != '\n') {
        s += text_[k++];
        ++column;
      }
      if (k >= text_.size() || text_[k] != c) {
        return Error(Token{Token::Kind::kString, s, line, start},
                     "unterminated quoted string");
      }
      ++k, ++column;
      push(Token::Kind::kString, s, start);
    } else if (IsPunct(c)) {
      const absl::string_view two = text_.substr(k, 2);
      const int width = IsTwoCharOp(two) ? 2 : 1;
      push(Token::Kind::kPunct, std::string(text_.substr(k, width)), start);
      k += width, column += width;
    } else {
      return Error(
          Token{Token::Kind::kPunct, "", line, column},
          absl::StrCat("unexpected character '", std::string(1, c), "'"));
    }
  }
  push(Token::Kind::kEnd, "", column);
  return absl::OkStatus();
}

bool ParserBase::Accept(absl::string_view text) {
  if (Peek().kind != Token::Kind::kWord && Peek().kind != Token::Kind::kPunct)
    return false;
  if (Peek().text != text) return false;
  ++pos_;
  return true;
}

absl::Status ParserBase::Expect(absl::string_view text,
                                absl::string_view what) {
  if (Accept(text)) return absl::OkStatus();
  return Error(Peek(),
               absl::StrCat("expected ", what, ", found ", Describe(Peek())));
}

std::string ParserBase::Describe(const Token& t) {
  switch (t.kind) {
    case Token::Kind::kNewline:
      return "the end of the line";
    case Token::Kind::kEnd:
      return "the end of the program";
    case Token::Kind::kString:
      return absl::StrCat("\"", t.text, "\"");
    default:
      return absl::StrCat("'", t.text, "'");
  }
}

absl::Status ParserBase::EndOfStatement() {
  if (Peek().kind == Token::Kind::kNewline ||
      Peek().kind == Token::Kind::kEnd) {
    Next();
    return absl::OkStatus();
  }
  return Error(Peek(), absl::StrCat("expected the end of the line, found ",
                                    Describe(Peek())));
}

std::optional<absl::Status> ParserBase::HeaderStatement(const Token& head) {
  if (head.kind != Token::Kind::kWord) return std::nullopt;
  if (head.text == "alphabet") return Alphabet();
  if (head.text == "language") return Language(head);
  if (head.text == "output") {
    if (output_) return Error(head, "a second output statement");
    if (Peek().kind != Token::Kind::kWord) {
      return Error(Peek(), absl::StrCat("expected a vector name after output, "
                                        "found ",
                                        Describe(Peek())));
    }
    output_ = Next();
    return EndOfStatement();
  }
  if (head.text == "empty") {
    if (Accept("accept")) {
      accept_empty_ = true;
    } else if (!Accept("reject")) {
      return Error(Peek(), absl::StrCat("expected accept or reject after "
                                        "empty, found ",
                                        Describe(Peek())));
    }
    return EndOfStatement();
  }
  return std::nullopt;
}

absl::Status ParserBase::Alphabet() {
  const Token t = Next();
  if (has_alphabet_) return Error(t, "a second alphabet statement");
  if (t.kind != Token::Kind::kString && t.kind != Token::Kind::kWord &&
      t.kind != Token::Kind::kNumber) {
    return Error(t, absl::StrCat("expected the alphabet's symbols, e.g. "
                                 "alphabet \"01\", found ",
                                 Describe(t)));
  }
  absl::StatusOr<automata::Alphabet> a =
      automata::Alphabet::FromSymbols(t.text);
  if (!a.ok()) return Error(t, a.status().message());
  alphabet_ = *a;
  has_alphabet_ = true;
  return EndOfStatement();
}

// language "SPEC": a registry language with the program's alphabet.
absl::Status ParserBase::Language(const Token& head) {
  const Token t = Next();
  if (!language_.empty()) return Error(head, "a second language statement");
  if (t.kind != Token::Kind::kString && t.kind != Token::Kind::kWord) {
    return Error(t, absl::StrCat("expected a language spec, e.g. language "
                                 "\"tomita:7\", found ",
                                 Describe(t)));
  }
  if (!has_alphabet_)
    return Error(head, "the alphabet must come before the language");
  absl::StatusOr<std::unique_ptr<automata::Language>> lang =
      automata::ParseLanguage(t.text);
  if (!lang.ok()) return Error(t, lang.status().message());
  if ((*lang)->alphabet().symbols() != alphabet_.symbols()) {
    return Error(
        t,
        absl::StrCat("the language's alphabet '", (*lang)->alphabet().symbols(),
                     "' is not the program's '", alphabet_.symbols(), "'"));
  }
  language_ = t.text;
  return EndOfStatement();
}

absl::Status ParserBase::CheckNewName(
    const Token& name, const std::vector<std::string>& keywords) const {
  if (name.kind != Token::Kind::kWord ||
      !std::isalpha(static_cast<unsigned char>(name.text[0]))) {
    return Error(name, absl::StrCat("expected a vector name after let, found ",
                                    Describe(name)));
  }
  for (const std::string& k : keywords) {
    if (name.text == k) {
      return Error(name, absl::StrCat("'", name.text,
                                      "' is a keyword, not a vector name"));
    }
  }
  if (names_.count(name.text)) {
    return Error(name, absl::StrCat("'", name.text, "' is already defined"));
  }
  if (!has_alphabet_) {
    return Error(name, "the alphabet must come before the first let");
  }
  return absl::OkStatus();
}

absl::Status ParserBase::ParseStatements(int* output) {
  if (absl::Status s = Tokenize(); !s.ok()) return s;
  while (Peek().kind != Token::Kind::kEnd) {
    const Token head = Next();
    if (head.kind == Token::Kind::kNewline) continue;
    std::optional<absl::Status> s = HeaderStatement(head);
    if (!s && head.kind == Token::Kind::kWord && head.text == "let") s = Let();
    if (!s) {
      s = Error(head, absl::StrCat("expected alphabet, let, output, empty or "
                                   "language, found ",
                                   Describe(head)));
    }
    if (!s->ok()) return *s;
  }
  return Finish(output);
}

absl::Status ParserBase::Finish(int* output) const {
  if (!has_alphabet_) {
    return Error(Peek(), "the program names no alphabet (alphabet \"01\")");
  }
  if (!output_) {
    return Error(Peek(), "the program names no output vector (output NAME)");
  }
  auto it = names_.find(output_->text);
  if (it == names_.end()) {
    return Error(*output_,
                 absl::StrCat("output '", output_->text, "' is not defined"));
  }
  *output = it->second;
  return absl::OkStatus();
}

}  // namespace satcirc::programs::internal
