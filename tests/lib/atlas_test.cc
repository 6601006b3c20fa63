// The atlas does not depend on how many workers run its pairs, and its
// progress names the pair and length being checked.
#include "lib/experiments/atlas.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

AtlasOptions Small() {
  AtlasOptions o;
  o.models = {"parity", "dyck1", "first", "majority-hard", "tomita4"};
  o.exhaustive_words = 1024;
  o.sampled_lengths = {32, 64};
  o.samples = 40;
  return o;
}

std::string AtlasJson(const AtlasOptions& options) {
  absl::StatusOr<Atlas> atlas = BuildAtlas(options);
  EXPECT_TRUE(atlas.ok()) << atlas.status();
  if (!atlas.ok()) return "";
  std::ostringstream out;
  WriteAtlasJson(out, *atlas);
  return out.str();
}

TEST(AtlasTest, SameAtlasWhateverTheThreads) {
  AtlasOptions one = Small();
  one.threads = 1;
  const std::string reference = AtlasJson(one);
  ASSERT_FALSE(reference.empty());
  for (int threads : {2, 3, 7}) {
    AtlasOptions many = Small();
    many.threads = threads;
    EXPECT_EQ(AtlasJson(many), reference) << threads << " threads";
  }
}

TEST(AtlasTest, ProgressNamesThePairAndLength) {
  AtlasOptions o = Small();
  o.threads = 2;
  std::vector<int> done;
  std::vector<std::string> notes;
  int total_seen = -1;
  o.progress = [&](int d, int total, const std::string& now) {
    done.push_back(d);
    notes.push_back(now);
    total_seen = total;
  };
  absl::StatusOr<Atlas> atlas = BuildAtlas(o);
  ASSERT_TRUE(atlas.ok()) << atlas.status();
  ASSERT_FALSE(done.empty());
  EXPECT_EQ(total_seen, static_cast<int>(atlas->rows.size()));
  EXPECT_EQ(done.back(), total_seen);  // the last call: all done
  EXPECT_EQ(notes.back(), "");
  for (size_t i = 1; i < done.size(); ++i) EXPECT_LE(done[i - 1], done[i]);
  for (size_t i = 0; i + 1 < notes.size(); ++i) {
    EXPECT_THAT(notes[i], HasSubstr(" vs "));
    EXPECT_THAT(notes[i], HasSubstr(" at n = "));
    EXPECT_EQ(notes[i].rfind("zoo:", 0), 0u) << notes[i];
  }
}

}  // namespace
}  // namespace satcirc
