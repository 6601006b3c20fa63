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
  // Refused at the first token, never parsed (was a 400,000-deep tree).
  EXPECT_THAT(ErrorOf(std::string(400000, '[')),
              HasSubstr("circuit JSON: document: expected an object"));
  // Deep values of unknown keys are skipped, but only 64 deep.
  EXPECT_THAT(ErrorOf("{\"x\": " + std::string(400000, '[')),
              HasSubstr("circuit JSON: document: arrays and objects nested "
                        "deeper than 64"));
  const std::string head =
      R"({"format": "satcirc-circuit", "version": 1, "outputs": [], "x": )";
  EXPECT_THAT(ErrorOf(head + std::string(62, '[') + std::string(62, ']') +
                      ", \"gates\": 1}"),
              HasSubstr("\"gates\": expected an array"));
  // Brackets in strings do not count.
  EXPECT_THAT(ErrorOf("{\"format\": \"" + std::string(100, '[') + "\"}"),
              HasSubstr("expected \"satcirc-circuit\""));
  EXPECT_THAT(ErrorOf(std::string(kMaxCircuitJsonBytes + 1, ' ')),
              HasSubstr("longer than 67108864 bytes"));
}

TEST(ReadJsonLimits, KeysInAnyOrderUnknownKeysIgnored) {
  std::istringstream in(R"({"outputs": [{"gate": 2, "name": "y", "note": [1]}],
    "comment": {"deep": [[[]]]},
    "gates": [{"name": "a", "kind": "input", "id": 0},
              {"kind": "const", "value": 1, "id": 1, "block": "b"},
              {"threshold": 2, "inputs": [[0, 1], [1, 1]], "kind": "and",
               "id": 2, "extra": {"x": [0]}}],
    "version": 1, "format": "satcirc-circuit"})");
  absl::StatusOr<Circuit> c = ReadJson(in);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->num_gates(), 3u);
  EXPECT_EQ(c->gate(1).block, "b");
  EXPECT_EQ(c->outputs()[0].name, "y");
}

TEST(ReadJsonLimits, WrongShapesNameTheGate) {
  const std::string head =
      R"({"format": "satcirc-circuit", "version": 1, "outputs": [], "gates": [)"
      R"({"id": 0, "kind": "input", "name": "x"}, )";
  EXPECT_THAT(ErrorOf(head + R"({"id": 1, "kind": "and", "threshold": 2,
      "inputs": [[0, 1], [0]]}]})"),
              HasSubstr("gates[1]: each input must be [gate, weight]"));
  EXPECT_THAT(ErrorOf(head + R"({"id": 1, "kind": "and", "threshold": 2,
      "inputs": [[0, 1.5], [0, 1]]}]})"),
              HasSubstr("gates[1]: each input must be [gate, weight]"));
  EXPECT_THAT(ErrorOf(head + R"({"id": 1, "kind": "and", "threshold": 2,
      "inputs": {"0": 1}}]})"),
              HasSubstr("gates[1]: expected \"inputs\""));
  EXPECT_THAT(ErrorOf(head + R"({"id": 1, "kind": "and", "inputs": []}]})"),
              HasSubstr("gates[1]: expected an integer \"threshold\""));
  EXPECT_THAT(ErrorOf(head + R"({"id": 1, "kind": "const", "value": 2}]})"),
              HasSubstr("gates[1]: a constant needs \"value\": 0 or 1"));
  EXPECT_THAT(ErrorOf(head + R"({"id": 1, "kind": "input", "name": 3}]})"),
              HasSubstr("gates[1]: an input needs a string \"name\""));
  EXPECT_THAT(ErrorOf(head + R"(7]})"),
              HasSubstr("gates[1]: expected an object"));
  EXPECT_THAT(ErrorOf(head + R"({"id": 9, "kind": "input", "name": "y"}]})"),
              HasSubstr("gates[1]: expected \"id\": 1"));
  EXPECT_THAT(ErrorOf(R"({"format": "satcirc-circuit", "version": 2})"),
              HasSubstr("\"version\": expected 1"));
  EXPECT_THAT(ErrorOf(R"({"format": "satcirc-circuit", "version": 1})"),
              HasSubstr("\"gates\": expected an array"));
  EXPECT_THAT(ErrorOf(R"({"format": "satcirc-circuit", "version": 1,
      "gates": [], "outputs": [3]})"),
              HasSubstr("outputs[0]: expected {"));
  EXPECT_THAT(ErrorOf(R"({"format": "x")"), HasSubstr("expected \"satcirc"));
  EXPECT_THAT(ErrorOf(R"({"format": "satcirc-circuit", )"),
              HasSubstr("not valid JSON (at byte"));
}

}  // namespace
}  // namespace satcirc::circuits
