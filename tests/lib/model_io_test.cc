#include "lib/model/model_io.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/json.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(SATCIRC_SOURCE_DIR) + "/" + relative);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A small but complete model file; each test below breaks one thing in it.
constexpr absl::string_view kGood = R"({
  "format": "satcirc-model/1",
  "name": "tiny",
  "alphabet": "ab",
  "bos": true,
  "features": ["is_a", "x", "one"],
  "token_embedding": {"a": [1, 0, 0], "b": [0, 0, 0], "<bos>": [0, 0, 0]},
  "positional": [{"feature": "one", "function": "constant"}],
  "layers": [{
    "heads": [{"name": "mean", "mask": "causal", "mode": "saturated",
               "W_Q": [[0, 0, 1]], "W_K": [[0.5, 0, 0]],
               "W_V": [[1, 0, 0]], "W_O": [[0], ["1/3"], [0]]}],
    "mlp": {"W1": [[0, 1, 0]], "b1": ["-0.1"], "W2": [[0], [2], [0]], "b2": [0, 0, 0]}
  }],
  "readout": {"position": "last", "weights": [0, 1, 0], "bias": "-1/10"}
})";

std::string Replace(absl::string_view text, const std::string& from,
                    const std::string& to) {
  std::string s(text);
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

absl::Status ReadError(const std::string& text) {
  absl::StatusOr<Model> m = ReadModelFromString(text, "m.json");
  return m.ok() ? absl::OkStatus() : m.status();
}

TEST(ModelIoTest, ReadsWeightsExactly) {
  absl::StatusOr<Model> m = ReadModelFromString(kGood, "m.json");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->layers[0].heads[0].w_k.at(0, 0), Rational(1, 2));
  EXPECT_EQ(m->layers[0].heads[0].w_o.at(1, 0), Rational(1, 3));
  EXPECT_EQ(m->layers[0].mlp.b1[0], Rational(-1, 10));
  EXPECT_EQ(m->readout.bias, Rational(-1, 10));
  EXPECT_EQ(m->num_tokens(), 3);
}

TEST(ModelIoTest, RoundTripIsIdentical) {
  absl::StatusOr<Model> m = ReadModelFromString(kGood, "m.json");
  ASSERT_TRUE(m.ok()) << m.status();
  const std::string written = WriteModelToString(*m);
  absl::StatusOr<Model> again = ReadModelFromString(written, "written");
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << written;
  EXPECT_EQ(*again, *m);
  EXPECT_EQ(WriteModelToString(*again), written);  // writer is deterministic
}

TEST(ModelIoTest, ZooModelsRoundTrip) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    absl::StatusOr<Model> m = e.build();
    ASSERT_TRUE(m.ok()) << e.name << ": " << m.status();
    absl::StatusOr<Model> again =
        ReadModelFromString(WriteModelToString(*m), e.name);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(*again, *m) << e.name;
  }
}

TEST(ModelIoTest, ExampleFilesAreTheZooModels) {
  // examples/models/NAME.json is what `satcirc zoo NAME -o FILE` writes.
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    const std::string text = ReadSource("examples/models/" + e.name + ".json");
    ASSERT_FALSE(text.empty())
        << "missing examples/models/" << e.name << ".json";
    EXPECT_EQ(text, WriteModelToString(*e.build())) << e.name;
  }
}

struct BadCase {
  std::string name;
  std::string text;
  std::vector<std::string> expected;  // substrings of the message
};

TEST(ModelIoTest, BadInputNamesFilePlaceAndExpectation) {
  const std::vector<BadCase> cases = {
      {"malformed JSON",
       Replace(kGood, "\"bos\": true,", "\"bos\": true"),
       {"m.json: line 6, column 12", "malformed JSON"}},
      {"duplicate key",
       Replace(kGood, "\"bos\": true,", "\"bos\": true, \"bos\": false,"),
       {"m.json", "\"bos\" appears twice"}},
      {"W_Q wrong width",
       Replace(kGood, "\"W_Q\": [[0, 0, 1]]", "\"W_Q\": [[0, 1]]"),
       {"m.json: layer 1, head 1 'mean': W_Q has 2 columns, expected 3"}},
      {"ragged matrix",
       Replace(kGood, "\"W_O\": [[0], [\"1/3\"], [0]]",
               "\"W_O\": [[0], [\"1/3\", 1], [0]]"),
       {"layer 1, head 1 'mean': W_O row 2", "has 2 entries, but row 1 has 1"}},
      {"W_O wrong height",
       Replace(kGood, "\"W_O\": [[0], [\"1/3\"], [0]]",
               "\"W_O\": [[0], [\"1/3\"]]"),
       {"W_O has 2 rows, expected 3"}},
      {"unknown mode",
       Replace(kGood, "\"saturated\"", "\"argmax\""),
       {"layer 1, head 1 'mean'", "unknown mode \"argmax\"", "hard_left"}},
      {"unknown mask",
       Replace(kGood, "\"causal\"", "\"anticausal\""),
       {"unknown mask \"anticausal\"", "none, causal, strict or future"}},
      {"unknown positional",
       Replace(kGood, "\"constant\"", "\"sinusoid\""),
       {"positional[0]", "unknown positional function \"sinusoid\"",
        "inverse_position"}},
      {"token not in alphabet",
       Replace(kGood, "\"b\": [0, 0, 0]", "\"c\": [0, 0, 0]"),
       {"token_embedding", "\"c\" is not a token of the model"}},
      {"missing token",
       Replace(kGood, "\"b\": [0, 0, 0], ", ""),
       {"token \"b\" has no embedding"}},
      {"bad number",
       Replace(kGood, "\"-0.1\"", "\"-0.1x\""),
       {"layer 1, mlp: b1[0]", "'-0.1x' is not a number"}},
      {"misspelt key",
       Replace(kGood, "\"W_V\"", "\"W_v\""),
       {"unknown key \"W_v\""}},
      {"bias with wrong length",
       Replace(kGood, "\"b2\": [0, 0, 0]", "\"b2\": [0, 0]"),
       {"layer 1, mlp: b2 has 2 entries, expected 3"}},
      {"readout at eos without eos",
       Replace(kGood, "\"last\"", "\"eos\""),
       {"readout", "no EOS token"}},
      {"wrong format tag",
       Replace(kGood, "satcirc-model/1", "satcirc-model/9"),
       {"format", "is not supported"}},
      {"zero scale",
       Replace(kGood, "\"mode\": \"saturated\",",
               "\"mode\": \"saturated\", \"scale\": 0,"),
       {"scale is 0, it must be > 0"}},
      {"duplicate feature",
       Replace(kGood, "[\"is_a\", \"x\", \"one\"]", "[\"is_a\", \"x\", \"x\"]"),
       {"feature 'x' appears twice"}},
  };
  for (const BadCase& c : cases) {
    absl::Status s = ReadError(c.text);
    ASSERT_FALSE(s.ok()) << c.name << ": accepted";
    for (const std::string& e : c.expected) {
      EXPECT_THAT(s.message(), HasSubstr(e)) << c.name;
    }
    EXPECT_THAT(s.message(), HasSubstr("m.json")) << c.name;
  }
}

}  // namespace
}  // namespace satcirc

namespace satcirc {
namespace {

// Every read ends soon after the limit: a stream of '0's without end (as
// /dev/zero would be, had it printable bytes).
class EndlessStream : public std::streambuf {
 public:
  EndlessStream() : buffer_(1 << 16, '0') {}

 protected:
  int_type underflow() override {
    setg(buffer_.data(), buffer_.data(), buffer_.data() + buffer_.size());
    return traits_type::to_int_type('0');
  }

 private:
  std::string buffer_;
};

TEST(ModelIoLimitsTest, NestingIsBoundedBeforeTheTreeIsBuilt) {
  // The issue's case: 400,000 nested brackets overflowed the stack when the
  // tree was freed.
  absl::Status s = ReadError(std::string(400000, '['));
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("m.json: line 1, column 65: arrays and objects nested "
                        "deeper than 64"));
  // Brackets inside strings do not count; 64 levels are fine.
  const std::string ok =
      "[\"[[[[\"," + std::string(63, '[') + std::string(64, ']');
  EXPECT_TRUE(json::Parse(ok, "ok.json").ok())
      << json::Parse(ok, "ok.json").status();
  const std::string deep =
      "{\"a\":\n" + std::string(64, '[') + std::string(64, ']') + "}";
  EXPECT_THAT(std::string(json::Parse(deep, "d.json").status().message()),
              HasSubstr("d.json: line 2, column 64: arrays and objects"));
}

TEST(ModelIoLimitsTest, SizeAndCountsAreBounded) {
  EXPECT_THAT(
      std::string(ReadError(std::string(json::kMaxBytes + 1, ' ')).message()),
      HasSubstr("67108865 bytes, more than the limit of 67108864"));
  std::istream endless(new EndlessStream);
  absl::StatusOr<Model> m = ReadModel(endless, "endless");
  delete endless.rdbuf();
  EXPECT_THAT(std::string(m.status().message()),
              HasSubstr("endless: longer than 67108864 bytes"));

  std::string values = "[0";
  for (int i = 0; i < json::kMaxValues; ++i) values += ",0";
  EXPECT_THAT(
      std::string(json::Parse(values + "]", "v.json").status().message()),
      HasSubstr("v.json: more than 4194304 values"));

  std::string features;
  for (int i = 0; i <= kMaxFeatures; ++i) {
    absl::StrAppend(&features, i ? ", " : "", "\"f", i, "\"");
  }
  EXPECT_THAT(std::string(ReadError(Replace(kGood, "\"is_a\", \"x\", \"one\"",
                                            features))
                              .message()),
              HasSubstr("features: 16385 features, more than the limit of "
                        "16384"));
}

TEST(ModelIoLimitsTest, LargeObjectsAreLinear) {
  // Duplicate keys were found by scanning the object: quadratic.
  std::string object = "{";
  for (int i = 0; i < 300000; ++i) {
    absl::StrAppend(&object, i ? "," : "", "\"k", i, "\":0");
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(json::Parse(object + "}", "o.json").ok());
  EXPECT_THAT(
      std::string(
          json::Parse(object + ",\"k7\":1}", "o.json").status().message()),
      HasSubstr("\"k7\" appears twice"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

}  // namespace
}  // namespace satcirc
