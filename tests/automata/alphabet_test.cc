#include "automata/alphabet.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace satcirc::automata {
namespace {

using ::testing::HasSubstr;

TEST(AlphabetTest, ParsesAndFormatsWords) {
  absl::StatusOr<Alphabet> a = Alphabet::FromSymbols("ab");
  ASSERT_TRUE(a.ok()) << a.status();
  absl::StatusOr<Word> w = a->Parse("abba");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(*w, (Word{0, 1, 1, 0}));
  EXPECT_EQ(a->Format(*w), "abba");
}

TEST(AlphabetTest, UnknownCharacterNamesItsPosition) {
  Alphabet a = *Alphabet::FromSymbols("01");
  absl::StatusOr<Word> w = a.Parse("0120");
  ASSERT_FALSE(w.ok());
  EXPECT_THAT(w.status().message(), HasSubstr("character 3 ('2')"));
}

TEST(AlphabetTest, RejectsDuplicatesAndSpaces) {
  EXPECT_FALSE(Alphabet::FromSymbols("aa").ok());
  EXPECT_FALSE(Alphabet::FromSymbols("a b").ok());
  EXPECT_FALSE(Alphabet::FromSymbols("").ok());
}

}  // namespace
}  // namespace satcirc::automata
