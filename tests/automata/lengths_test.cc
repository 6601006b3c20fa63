#include "automata/lengths.h"

#include <chrono>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace satcirc::automata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LengthsTest, RangesListsAndMixes) {
  EXPECT_THAT(*ParseLengths("0..3"), ElementsAre(0, 1, 2, 3));
  EXPECT_THAT(*ParseLengths("1,2,4"), ElementsAre(1, 2, 4));
  EXPECT_THAT(*ParseLengths("8,1..3,2"), ElementsAre(8, 1, 2, 3));
  EXPECT_THAT(*ParseLengths("5..5"), ElementsAre(5));
}

TEST(LengthsTest, ErrorsQuoteTheItem) {
  EXPECT_THAT(ParseLengths("3..1").status().message(),
              HasSubstr("lengths '3..1': the range 3..1 is empty (3 > 1)"));
  EXPECT_THAT(ParseLengths("1,x").status().message(),
              HasSubstr("'x' is not a length"));
  EXPECT_THAT(ParseLengths("-1").status().message(),
              HasSubstr("'-1' is not a length"));
  EXPECT_THAT(ParseLengths("1..").status().message(),
              HasSubstr("'1..' is not a range"));
  EXPECT_FALSE(ParseLengths("").ok());
  EXPECT_FALSE(ParseLengths("1,,2").ok());
  EXPECT_FALSE(ParseLengths("99999999999").ok());
}

TEST(LengthsTest, EmptyItemsAreNamed) {
  for (const char* text : {"1,,2", "1,", ",1", ","}) {
    EXPECT_THAT(ParseLengths(text).status().message(),
                HasSubstr("an empty item")) << text;
  }
}

TEST(LengthsTest, CountIsBoundedAndParsingIsLinear) {
  EXPECT_EQ(ParseLengths("0..99999")->size(), kMaxLengthCount);
  EXPECT_EQ(ParseLengths("0..99999,5,99999..99999")->size(), kMaxLengthCount);
  // The case: 115 s to refuse with a quadratic search for duplicates.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(ParseLengths("0..1048576").status().message(),
              HasSubstr("more than 100000 lengths"));
  EXPECT_THAT(ParseLengths("0..99999,100000").status().message(),
              HasSubstr("more than 100000 lengths"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_THAT(ParseLengths("0..1048577").status().message(),
              HasSubstr("is not a range A..B of lengths 0..1048576"));
}

TEST(LengthsTest, LongArgumentsAreShortenedInErrors) {
  const std::string text = "1," + std::string(100000, '9');
  const std::string message(ParseLengths(text).status().message());
  EXPECT_LT(message.size(), 400u);
  EXPECT_THAT(message, HasSubstr("(100002 characters)"));
}

}  // namespace
}  // namespace satcirc::automata
