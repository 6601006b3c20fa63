// ReadJson's limits (docs/limits.md): nesting and size are refused before the
// document is parsed.
#include "circuits/read_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace satcirc::circuits {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::string& text) {
  std::istringstream in(text);
  absl::StatusOr<Circuit> c = ReadJson(in);
  EXPECT_FALSE(c.ok());
  return std::string(c.status().message());
}

TEST(ReadJsonLimits, NestingAndSize) {
  EXPECT_THAT(ErrorOf(std::string(400000, '[')),
              HasSubstr("circuit JSON: document: byte 64: arrays and objects "
                        "nested deeper than 64"));
  // Brackets in strings do not count.
  EXPECT_THAT(ErrorOf("{\"format\": \"" + std::string(100, '[') + "\"}"),
              HasSubstr("expected \"satcirc-circuit\""));
  EXPECT_THAT(ErrorOf(std::string(kMaxCircuitJsonBytes + 1, ' ')),
              HasSubstr("longer than 67108864 bytes"));
}

}  // namespace
}  // namespace satcirc::circuits
