#include "lib/base/rational.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

Rational P(absl::string_view text) {
  absl::StatusOr<Rational> r = Rational::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status();
  return r.ok() ? *r : Rational();
}

TEST(RationalTest, DecimalsAreExact) {
  EXPECT_EQ(P("0.1"), Rational(1, 10));
  EXPECT_EQ(P("0.1") + P("0.2"), P("0.3"));  // false in binary floating point
  EXPECT_EQ(P("0.125"), Rational(1, 8));
  EXPECT_EQ(P("-1.5e-3"), Rational(-3, 2000));
  EXPECT_EQ(P("2.5E2"), Rational(250));
  EXPECT_EQ(P(".5"), Rational(1, 2));
  EXPECT_EQ(P("5."), Rational(5));
}

TEST(RationalTest, FractionsAndIntegers) {
  EXPECT_EQ(P("1/3"), Rational(1, 3));
  EXPECT_EQ(P("-7/2"), Rational(-7, 2));
  EXPECT_EQ(P("6/4"), Rational(3, 2));
  EXPECT_EQ(P("+12"), Rational(12));
  EXPECT_EQ(P("123456789012345678901234567890").ToString(),
            "123456789012345678901234567890");
}

TEST(RationalTest, CanonicalTextRoundTrips) {
  for (absl::string_view text :
       {"0", "1", "-1", "1/3", "-22/7", "0.0625", "1e30", "3/-0"}) {
    absl::StatusOr<Rational> r = Rational::Parse(text);
    if (!r.ok()) continue;  // "3/-0" is rejected below
    EXPECT_EQ(P(r->ToString()), *r) << text;
  }
  EXPECT_EQ(P("0.0625").ToString(), "1/16");
  EXPECT_EQ(P("-6/4").ToString(), "-3/2");
}

TEST(RationalTest, RejectsMalformedText) {
  for (absl::string_view text : {"", "abc", "1/0", "1/-3", "1..2", "1e", "--1",
                                 "1/2/3", "0x10", "1e999999", "nan", "inf"}) {
    absl::StatusOr<Rational> r = Rational::Parse(text);
    EXPECT_FALSE(r.ok()) << "accepted '" << text << "'";
    if (!r.ok()) {
      EXPECT_THAT(r.status().message(), HasSubstr("is not a number")) << text;
    }
  }
}

TEST(RationalTest, OrderingAndSign) {
  EXPECT_LT(Rational(1, 3), Rational(1, 2));
  EXPECT_GT(Rational(-1, 3), Rational(-1, 2));
  EXPECT_EQ(Rational(0).Sign(), 0);
  EXPECT_EQ(Rational(-1, 7).Sign(), -1);
  EXPECT_TRUE(Rational(4, 2).IsInteger());
}

}  // namespace
}  // namespace satcirc
