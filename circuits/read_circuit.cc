#include "circuits/read_circuit.h"

#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "circuits/read_aiger.h"
#include "circuits/read_json.h"

namespace satcirc::circuits {

absl::StatusOr<Circuit> ReadCircuit(std::string_view data,
                                    std::string_view source,
                                    CircuitFileFormat* format) {
  const std::size_t first = data.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && data[first] == '{') {
    if (format != nullptr) *format = CircuitFileFormat::kJson;
    std::istringstream in{std::string(data)};
    absl::StatusOr<Circuit> c = ReadJson(in);
    if (!c.ok()) {
      return absl::Status(
          c.status().code(),
          absl::StrCat(std::string(source), ": ", c.status().message()));
    }
    return c;
  }
  if (data.substr(0, 4) == "aag " || data.substr(0, 4) == "aig ") {
    if (format != nullptr) *format = CircuitFileFormat::kAiger;
    return ParseAiger(data, source);  // its errors name `source`
  }
  return absl::InvalidArgumentError(absl::StrCat(
      std::string(source), ": ", data.empty() ? "empty" : "not a circuit",
      ": expected a satcirc circuit in JSON (starting with '{', "
      "docs/circuit-format.md) or AIGER (starting with 'aag ' or 'aig ')"));
}

}  // namespace satcirc::circuits
