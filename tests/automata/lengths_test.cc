#include "automata/lengths.h"

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

}  // namespace
}  // namespace satcirc::automata
