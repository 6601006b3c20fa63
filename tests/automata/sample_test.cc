// Samplers: uniform member sampling passes a chi-square test where all members
// can be listed; near misses are non-members one edit away from a member.
#include "automata/sample.h"

#include <cmath>
#include <map>

#include "automata/enumerate.h"
#include "automata/random.h"
#include "gtest/gtest.h"
#include "tests/automata/test_util.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::ChiSquare;
using ::satcirc::automata::testing::ChiSquareCritical;
using ::satcirc::automata::testing::Members;
using ::satcirc::automata::testing::MustParse;

TEST(SampleTest, MemberSamplingIsUniform) {
  struct Case {
    const char* spec;
    int n;
  };
  for (const Case& c :
       {Case{"dyck:k=1", 10}, Case{"dyck:k=2", 6}, Case{"tomita:4", 8},
        Case{"majority", 7}, Case{"shuffle-dyck:k=2", 6},
        Case{"regex:a*ba*|c+", 6}, Case{"dyck:k=2,depth=2", 6}}) {
    auto language = MustParse(c.spec);
    const std::vector<Word> members = Members(*language, c.n);
    ASSERT_GT(members.size(), 1u);
    const int draws = 200 * static_cast<int>(members.size());
    absl::StatusOr<std::vector<Word>> samples =
        SampleMembers(*language, c.n, draws, SampleOptions{.seed = 7});
    ASSERT_TRUE(samples.ok()) << samples.status();
    const double chi = ChiSquare(*samples, members);
    const int df = static_cast<int>(members.size()) - 1;
    EXPECT_LT(chi, ChiSquareCritical(df))
        << c.spec << " n=" << c.n << " df=" << df;
  }
}

TEST(SampleTest, UniformWordsAreUniform) {
  Alphabet a = *Alphabet::FromSymbols("()[]");
  std::vector<Word> all;
  Word w(4, 0);
  do all.push_back(w);
  while (NextWord(4, w));
  const std::vector<Word> samples = SampleUniformWords(a, 4, 256 * 100);
  EXPECT_LT(ChiSquare(samples, all), ChiSquareCritical(255));
}

TEST(SampleTest, SameSeedSameWords) {
  auto dyck = MustParse("dyck:k=2");
  EXPECT_EQ(*SampleMembers(*dyck, 20, 5, {.seed = 3}),
            *SampleMembers(*dyck, 20, 5, {.seed = 3}));
  EXPECT_NE(*SampleMembers(*dyck, 20, 5, {.seed = 3}),
            *SampleMembers(*dyck, 20, 5, {.seed = 4}));
}

TEST(SampleTest, SamplerCountsEqualMemberCounts) {
  // The samplers count by their own means (DFA completion layers, binomial
  // tails, hypergeometric-term sums); CountMembers uses forward path counting
  // or closed forms.
  for (const std::string& spec : testing::RegistrySpecs()) {
    auto language = MustParse(spec);
    for (int n : {0, 1, 2, 5, 12, 30}) {
      absl::StatusOr<std::unique_ptr<MemberSampler>> sampler =
          language->NewMemberSampler(n);
      if (language->CountMembers(n) == 0) {
        EXPECT_FALSE(sampler.ok()) << spec << " n=" << n;
        continue;
      }
      ASSERT_TRUE(sampler.ok())
          << spec << " n=" << n << ": " << sampler.status();
      EXPECT_EQ((*sampler)->count(), language->CountMembers(n))
          << spec << " n=" << n;
    }
  }
}

TEST(SampleTest, LongMembersAreMembers) {
  for (const char* spec :
       {"dyck:k=3", "majority", "tomita:6", "anbncn", "shuffle-dyck:k=3"}) {
    auto language = MustParse(spec);
    absl::StatusOr<std::vector<Word>> samples =
        SampleMembers(*language, 60, 20);
    ASSERT_TRUE(samples.ok()) << spec << ": " << samples.status();
    for (const Word& w : *samples) EXPECT_TRUE(language->Contains(w)) << spec;
  }
  EXPECT_FALSE(SampleMembers(*MustParse("dyck"), 7, 1).ok());  // odd length
}

bool OneEditFromAMember(const Language& language, Word w) {
  const int q = language.alphabet().size();
  for (std::size_t i = 0; i < w.size(); ++i) {
    const Symbol original = w[i];
    for (int t = 0; t < q; ++t) {
      w[i] = static_cast<Symbol>(t);
      if (t != original && language.Contains(w)) return true;
    }
    w[i] = original;
    if (i + 1 < w.size()) {
      std::swap(w[i], w[i + 1]);
      const bool member = language.Contains(w);
      std::swap(w[i], w[i + 1]);
      if (member) return true;
    }
  }
  return false;
}

TEST(SampleTest, NearMissesAreCloseNonMembers) {
  for (const char* spec :
       {"dyck:k=2", "parity", "anbn", "tomita:3", "majority"}) {
    auto language = MustParse(spec);
    absl::StatusOr<std::vector<Word>> misses =
        SampleNearMisses(*language, 12, 50, SampleOptions{.seed = 11});
    ASSERT_TRUE(misses.ok()) << spec << ": " << misses.status();
    for (const Word& w : *misses) {
      EXPECT_FALSE(language->Contains(w)) << spec;
      EXPECT_TRUE(OneEditFromAMember(*language, w)) << spec;
    }
  }
  // Every word of length 3 is in regex:(a|b)*: no near misses exist.
  EXPECT_FALSE(SampleNearMisses(*MustParse("regex:(a|b)*"), 3, 1).ok());
}

TEST(RandomTest, BigUniformBelowStaysBelowAndCoversTheTop) {
  std::mt19937_64 rng(1);
  mpz_class bound = (mpz_class(1) << 130) + 12345;
  bool high = false;
  for (int i = 0; i < 2000; ++i) {
    mpz_class x = UniformBelow(bound, rng);
    ASSERT_LT(x, bound);
    ASSERT_GE(x, 0);
    high |= x > (mpz_class(1) << 129);
  }
  EXPECT_TRUE(high);
}

}  // namespace
}  // namespace satcirc::automata
