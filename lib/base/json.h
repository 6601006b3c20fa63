// A small JSON document model that keeps the literal text of every number, so
// that model files can state weights exactly ("0.1" is 1/10, never the double
// nearest to it). Parsing is nlohmann-json's SAX parser; the tree is ours.
#ifndef SATCIRC_LIB_BASE_JSON_H_
#define SATCIRC_LIB_BASE_JSON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace satcirc::json {

class Value {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  bool boolean() const { return bool_; }
  // For numbers: the literal text as written ("1e-3"); for strings: the string.
  const std::string& text() const { return text_; }
  const std::vector<Value>& items() const { return items_; }
  // Object members in file order.
  const std::vector<std::pair<std::string, Value>>& members() const {
    return members_;
  }
  // The member with this key, or nullptr.
  const Value* Find(absl::string_view key) const;

  static absl::string_view KindName(Kind kind);

 private:
  friend class Builder;
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string text_;
  std::vector<Value> items_;
  std::vector<std::pair<std::string, Value>> members_;
};

// A JSON string literal for `s`, quotes included, with the characters JSON
// requires escaped. Every writer in satcirc quotes through this.
std::string Quote(absl::string_view s);

// Limits of Parse (docs/limits.md), so that no document can exhaust the stack
// or memory: the tree is freed recursively (400,000 nested brackets
// overflowed the stack), and each value costs about 100 bytes of tree.
inline constexpr int kMaxDepth = 64;  // arrays and objects inside each other
inline constexpr std::size_t kMaxBytes = std::size_t{64} << 20;
inline constexpr std::int64_t kMaxValues = std::int64_t{1} << 22;

// Parses a whole document. Errors name `source`, the line and the column.
// Duplicate object keys are errors (a model file must mean one thing); so is
// a document beyond a limit above, with the limit named.
absl::StatusOr<Value> Parse(absl::string_view text, absl::string_view source);

}  // namespace satcirc::json

#endif  // SATCIRC_LIB_BASE_JSON_H_
