#include "lib/base/json.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc::json {

std::string Quote(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<int>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

const Value* Value::Find(absl::string_view key) const {
  for (const auto& [k, v] : members_) {
    if (k == key) return &v;
  }
  return nullptr;
}

absl::string_view Value::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "a boolean";
    case Kind::kNumber:
      return "a number";
    case Kind::kString:
      return "a string";
    case Kind::kArray:
      return "an array";
    case Kind::kObject:
      return "an object";
  }
  return "?";
}

namespace {

// Line and column (1-based) of byte `offset`.
std::string LineColumnOf(absl::string_view text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return absl::StrCat("line ", line, ", column ", column);
}

}  // namespace

// Builds the tree from SAX events. nlohmann reports integers as numbers without
// their text, so integers are re-rendered (exact); other numbers keep their
// text.
class Builder : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit Builder(absl::string_view source, absl::string_view text)
      : source_(source), text_(text) {}

  bool null() override { return Add(Value()); }
  bool boolean(bool b) override {
    Value v;
    v.kind_ = Value::Kind::kBool;
    v.bool_ = b;
    return Add(std::move(v));
  }
  bool number_integer(number_integer_t n) override {
    return AddNumber(std::to_string(n));
  }
  bool number_unsigned(number_unsigned_t n) override {
    return AddNumber(std::to_string(n));
  }
  bool number_float(number_float_t, const string_t& s) override {
    return AddNumber(s);
  }
  bool string(string_t& s) override {
    Value v;
    v.kind_ = Value::Kind::kString;
    v.text_ = std::move(s);
    return Add(std::move(v));
  }
  bool binary(binary_t&) override { return Fail("binary values are not JSON"); }
  bool start_object(std::size_t) override {
    Value v;
    v.kind_ = Value::Kind::kObject;
    stack_.push_back(std::move(v));
    keys_.emplace_back();
    key_sets_.emplace_back();
    return true;
  }
  bool key(string_t& k) override {
    // A set per open object: a search of its members was quadratic.
    if (!key_sets_.back().insert(k).second)
      return Fail(absl::StrCat("key \"", k, "\" appears twice"));
    keys_.back() = std::move(k);
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override {
    Value v;
    v.kind_ = Value::Kind::kArray;
    stack_.push_back(std::move(v));
    keys_.emplace_back();
    key_sets_.emplace_back();
    return true;
  }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at
    // line 3, column 5: syntax error while parsing ..."; keep the part after
    // "error".
    std::string what = e.what();
    if (size_t at = what.find(": "); at != std::string::npos)
      what = what.substr(at + 2);
    error_ = absl::StrCat(source_, ": ", LineColumn(position),
                          ": malformed JSON (", what, ")");
    return false;
  }

  absl::StatusOr<Value> Result() {
    if (!error_.empty()) return absl::InvalidArgumentError(error_);
    return std::move(root_);
  }

 private:
  // nlohmann's position is one past the offending byte.
  std::string LineColumn(std::size_t position) const {
    return LineColumnOf(text_, position == 0 ? 0 : position - 1);
  }
  bool Fail(std::string message) {
    error_ = absl::StrCat(source_, ": ", message);
    return false;
  }
  bool AddNumber(std::string text) {
    Value v;
    v.kind_ = Value::Kind::kNumber;
    v.text_ = std::move(text);
    return Add(std::move(v));
  }
  bool Add(Value v) {
    if (++values_ > kMaxValues) {
      return Fail(absl::StrCat("more than ", kMaxValues,
                               " values (the limit for a JSON document; see "
                               "docs/limits.md)"));
    }
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (stack_.back().kind_ == Value::Kind::kArray) {
      stack_.back().items_.push_back(std::move(v));
    } else {
      stack_.back().members_.emplace_back(std::move(keys_.back()),
                                          std::move(v));
    }
    return true;
  }
  bool Close() {
    Value v = std::move(stack_.back());
    stack_.pop_back();
    keys_.pop_back();
    key_sets_.pop_back();
    return Add(std::move(v));
  }

  std::string source_;
  absl::string_view text_;
  std::vector<Value> stack_;
  std::vector<std::string> keys_;
  std::vector<std::unordered_set<std::string>> key_sets_;
  Value root_;
  std::string error_;
  std::int64_t values_ = 0;
};

namespace {

// Refuses arrays and objects nested deeper than kMaxDepth before the tree is
// built, naming the first bracket too deep. Strings are skipped; malformed
// JSON is left to the parser.
absl::Status CheckDepth(absl::string_view text, absl::string_view source) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        return absl::InvalidArgumentError(
            absl::StrCat(source, ": ", LineColumnOf(text, i),
                         ": arrays and objects nested "
                         "deeper than ",
                         kMaxDepth, " (the limit; see docs/limits.md)"));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Value> Parse(absl::string_view text, absl::string_view source) {
  if (text.size() > kMaxBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", text.size(), " bytes, more than the limit ",
                     "of ", kMaxBytes,
                     " for a JSON document (see "
                     "docs/limits.md)"));
  }
  if (absl::Status s = CheckDepth(text, source); !s.ok()) return s;
  Builder builder(source, text);
  nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                            nlohmann::json::input_format_t::json,
                            /*strict=*/true);
  return builder.Result();
}

}  // namespace satcirc::json
