// Non-members uniform over the non-members (chi-square over every non-member
// at small lengths, for regular and combinatorial languages), the proven
// shares that choose rejection sampling against exact enumeration, long
// samples, the direct near misses of FIRST and OR against the law of the
// rejection loop computed by enumeration, and the ratio-built TermSampler
// against the exact one.
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "automata/combinatorial_sampling.h"
#include "automata/enumerate.h"
#include "automata/sample.h"
#include "gtest/gtest.h"
#include "tests/automata/test_util.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::ChiSquare;
using ::satcirc::automata::testing::ChiSquareCritical;
using ::satcirc::automata::testing::MustParse;

std::vector<Word> NonMembers(const Language& language, int n) {
  std::vector<Word> out;
  Word w(n, 0);
  do {
    if (!language.Contains(w)) out.push_back(w);
  } while (NextWord(language.alphabet().size(), w));
  return out;
}

TEST(NonMemberSamplingTest, UniformOverTheNonMembers) {
  struct Case {
    const char* spec;
    int n;
  };
  for (const Case& c :
       {Case{"regex:(0|1)*11(0|1)*", 8}, Case{"tomita:3", 7}, Case{"or", 5},
        Case{"first", 6}, Case{"dyck:k=2,depth=2", 4}, Case{"majority", 7},
        Case{"majority", 6}, Case{"dyck:k=1", 8}, Case{"dyck:k=2", 4},
        Case{"anbn", 6}, Case{"anbncn", 4}, Case{"shuffle-dyck:k=2", 4}}) {
    auto language = MustParse(c.spec);
    const std::vector<Word> population = NonMembers(*language, c.n);
    ASSERT_FALSE(population.empty()) << c.spec;
    absl::StatusOr<std::vector<Word>> samples = SampleNonMembers(
        *language, c.n, 100 * static_cast<int>(population.size()),
        {.seed = 5});
    ASSERT_TRUE(samples.ok()) << c.spec << ": " << samples.status();
    if (population.size() < 2) {
      for (const Word& w : *samples) EXPECT_EQ(w, population[0]) << c.spec;
      continue;
    }
    const int df = static_cast<int>(population.size()) - 1;
    EXPECT_LT(ChiSquare(*samples, population), ChiSquareCritical(df))
        << c.spec << " n=" << c.n << " df=" << df;
  }
}

TEST(NonMemberSamplingTest, NoNonMembersIsNotFound) {
  for (const auto& [spec, n] : std::vector<std::pair<const char*, int>>{
           {"regex:(a|b)*", 3}, {"dyck:k=1", 0}, {"and", 0},
           {"count-mod:m=1,r=0", 40}, {"regex:(a|b)*", 100}}) {
    absl::StatusOr<std::unique_ptr<WordSampler>> sampler =
        MustParse(spec)->NewNonMemberSampler(n);
    EXPECT_TRUE(absl::IsNotFound(sampler.status())) << spec << " " << n;
  }
}

// The share a language proves is a lower bound on the real one.
TEST(NonMemberSamplingTest, ProvenSharesAreLowerBounds) {
  std::vector<std::string> specs = testing::RegistrySpecs();
  specs.push_back("shuffle-dyck:k=3");
  for (const std::string& spec : specs) {
    auto language = MustParse(spec);
    for (int n = 0; n <= 8; ++n) {
      const double words = std::pow(language->alphabet().size(), n);
      const double share = NonMembers(*language, n).size() / words;
      EXPECT_LE(language->NonMemberShareAtLeast(n), share)
          << spec << " n=" << n;
    }
  }
}

TEST(NonMemberSamplingTest, LongSamplesAreNonMembers) {
  std::vector<std::string> specs = testing::RegistrySpecs();
  for (const char* extra : {"dyck:k=4", "shuffle-dyck:k=4", "tomita:5"})
    specs.push_back(extra);
  for (const std::string& spec : specs) {
    auto language = MustParse(spec);
    for (const int n : {1000, 20000}) {
      absl::StatusOr<std::vector<Word>> words =
          SampleNonMembers(*language, n, 3, {.seed = 2});
      ASSERT_TRUE(words.ok()) << spec << ": " << words.status();
      for (const Word& w : *words) {
        EXPECT_EQ(static_cast<int>(w.size()), n);
        EXPECT_FALSE(language->Contains(w)) << spec << " n=" << n;
      }
    }
  }
}

// The law of one success of the near-miss rejection loop (sample.h), by
// enumeration: a uniform member, then with probability 1/2 a substitution at a
// uniform position by a uniform other symbol, else a swap at a uniform
// position i < n − 1 (no edit when w[i] = w[i+1]); kept when it leaves L.
std::map<Word, double> NearMissLaw(const Language& language, int n) {
  const int q = language.alphabet().size();
  std::map<Word, double> law;
  for (const Word& w : testing::Members(language, n)) {
    for (int i = 0; i < n; ++i) {
      for (int s = 0; s < q; ++s) {
        if (s == w[i]) continue;
        Word v = w;
        v[i] = static_cast<Symbol>(s);
        if (!language.Contains(v))
          law[v] += (n < 2 ? 1.0 : 0.5) / n / (q - 1);
      }
      if (i + 1 < n && w[i] != w[i + 1]) {
        Word v = w;
        std::swap(v[i], v[i + 1]);
        if (!language.Contains(v)) law[v] += 0.5 / (n - 1);
      }
    }
  }
  return law;
}

TEST(NonMemberSamplingTest, DirectNearMissesFollowTheRejectionLaw) {
  for (const char* spec : {"first", "or", "majority", "tomita:3"}) {
    for (const int n : {1, 2, 5, 6}) {
      auto language = MustParse(spec);
      const std::map<Word, double> law = NearMissLaw(*language, n);
      if (law.empty()) continue;
      double total = 0;
      for (const auto& [w, p] : law) total += p;
      const int draws = 20000;
      absl::StatusOr<std::vector<Word>> misses =
          SampleNearMisses(*language, n, draws, {.seed = 3});
      ASSERT_TRUE(misses.ok()) << spec << ": " << misses.status();
      std::map<Word, int> seen;
      for (const Word& w : *misses) ++seen[w];
      double chi = 0;
      for (const auto& [w, p] : law) {
        const double expected = draws * p / total;
        chi += (seen[w] - expected) * (seen[w] - expected) / expected;
        seen.erase(w);
      }
      EXPECT_TRUE(seen.empty()) << spec << ": a near miss outside the law";
      if (law.size() > 1) {
        EXPECT_LT(chi, ChiSquareCritical(static_cast<int>(law.size()) - 1))
            << spec << " n=" << n;
      }
    }
  }
}

// Built from the ratios or from the exact terms, the sampler is the same
// function of the random stream.
TEST(NonMemberSamplingTest, RatioTermSamplerEqualsTheExactOne) {
  const int n = 400;  // t_j = C(n, j)
  const TermSampler::Step step = [n](int j, mpz_class& t) {
    t *= n - j;
    t /= j + 1;
  };
  const TermSampler::Ratio ratio = [n](int j) {
    return static_cast<long double>(n - j) / (j + 1);
  };
  TermSampler exact(1, n, step), from_ratios(1, n, step, ratio),
      slow(1, n, step, ratio, /*always_exact=*/true);
  EXPECT_EQ(from_ratios.total(), mpz_class(1) << n);
  std::mt19937_64 a(4), b(4), c(4);
  for (int i = 0; i < 2000; ++i) {
    const int j = exact.Sample(a);
    EXPECT_EQ(from_ratios.Sample(b), j);
    EXPECT_EQ(slow.Sample(c), j);
  }
}

}  // namespace
}  // namespace satcirc::automata
