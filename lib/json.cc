#include "lib/json.h"

#include <cstdio>
#include <nlohmann/json.hpp>

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
    return true;
  }
  bool key(string_t& k) override {
    for (const auto& [existing, unused] : stack_.back().members_) {
      if (existing == k)
        return Fail(absl::StrCat("key \"", k, "\" appears twice"));
    }
    keys_.back() = std::move(k);
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override {
    Value v;
    v.kind_ = Value::Kind::kArray;
    stack_.push_back(std::move(v));
    keys_.emplace_back();
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
  std::string LineColumn(std::size_t position) const {
    int line = 1, column = 1;
    for (size_t i = 0; i + 1 < position && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return absl::StrCat("line ", line, ", column ", column);
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
    return Add(std::move(v));
  }

  std::string source_;
  absl::string_view text_;
  std::vector<Value> stack_;
  std::vector<std::string> keys_;
  Value root_;
  std::string error_;
};

absl::StatusOr<Value> Parse(absl::string_view text, absl::string_view source) {
  Builder builder(source, text);
  nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                            nlohmann::json::input_format_t::json,
                            /*strict=*/true);
  return builder.Result();
}

}  // namespace satcirc::json
