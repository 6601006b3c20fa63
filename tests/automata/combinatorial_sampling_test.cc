// The exact samplers of the non-regular languages and the lazy DFA sampler:
// uniform (chi-square over all members at small lengths), members at long
// lengths, and counts equal to independent counts (counter-machine layers, the
// Dyck depth recursion, binomial sums).
#include "automata/combinatorial_sampling.h"

#include <cmath>
#include <map>
#include <set>

#include "automata/counter_language.h"
#include "automata/enumerate.h"
#include "automata/random.h"
#include "automata/regular_language.h"
#include "automata/sample.h"
#include "gtest/gtest.h"
#include "tests/automata/test_util.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::ChiSquare;
using ::satcirc::automata::testing::ChiSquareCritical;
using ::satcirc::automata::testing::Members;
using ::satcirc::automata::testing::MustParse;

// Chi-square of 200 draws per member against the uniform law on the members.
double MemberChiSquare(const MemberSampler& sampler,
                       const std::vector<Word>& members, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Word> samples(200 * members.size());
  for (Word& w : samples) w = sampler.Sample(rng);
  return ChiSquare(samples, members);
}

TEST(CombinatorialSamplingTest, SamplersAreUniformOverTheMembers) {
  struct Case {
    const char* spec;
    int n;
  };
  for (const Case& c :
       {Case{"majority", 7}, Case{"majority", 8}, Case{"majority", 1},
        Case{"dyck:k=1", 12}, Case{"dyck:k=2", 8}, Case{"dyck:k=3", 6},
        Case{"shuffle-dyck:k=1", 10}, Case{"shuffle-dyck:k=2", 8},
        Case{"shuffle-dyck:k=3", 6}, Case{"shuffle-dyck:k=4", 6},
        Case{"parity", 7}, Case{"tomita:3", 9}, Case{"dyck:k=2,depth=3", 8},
        Case{"regex:a*ba*|c+", 6}}) {
    auto language = MustParse(c.spec);
    const std::vector<Word> members = Members(*language, c.n);
    absl::StatusOr<std::unique_ptr<MemberSampler>> sampler =
        language->NewMemberSampler(c.n);
    ASSERT_TRUE(sampler.ok()) << c.spec << ": " << sampler.status();
    ASSERT_EQ((*sampler)->count(), members.size()) << c.spec << " n=" << c.n;
    if (members.size() < 2) continue;
    const int df = static_cast<int>(members.size()) - 1;
    EXPECT_LT(MemberChiSquare(**sampler, members, 5), ChiSquareCritical(df))
        << c.spec << " n=" << c.n << " df=" << df;
  }
}

TEST(CombinatorialSamplingTest, ExactStepsOfTheDfaSamplerAreUniform) {
  // The slow path that settles a step when U is near a boundary, used for
  // every step here.
  for (const char* spec : {"tomita:3", "dyck:k=2,depth=2", "regex:a*ba*|c+"}) {
    auto language = MustParse(spec);
    const int n = 7;
    std::unique_ptr<MemberSampler> sampler =
        NewExactStepDfaSampler(*language->dfa(), n);
    const std::vector<Word> members = Members(*language, n);
    ASSERT_EQ(sampler->count(), members.size()) << spec;
    if (members.size() < 2) continue;
    const int df = static_cast<int>(members.size()) - 1;
    EXPECT_LT(MemberChiSquare(*sampler, members, 9), ChiSquareCritical(df))
        << spec;
  }
  // At a long length too: members, and the same count as the fast path.
  auto tomita = MustParse("tomita:3");
  std::unique_ptr<MemberSampler> exact =
      NewExactStepDfaSampler(*tomita->dfa(), 300);
  EXPECT_EQ(exact->count(), tomita->CountMembers(300));
  std::mt19937_64 rng(1);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(tomita->Contains(exact->Sample(rng)));
  // Both paths compute the same function of U, so with one seed they give the
  // same words.
  for (const char* spec : {"tomita:3", "dyck:k=2,depth=3", "parity"}) {
    auto language = MustParse(spec);
    auto fast = *language->NewMemberSampler(300);
    auto slow = NewExactStepDfaSampler(*language->dfa(), 300);
    std::mt19937_64 a(11), b(11);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(fast->Sample(a), slow->Sample(b));
  }
}

TEST(CombinatorialSamplingTest, LongSamplesAreMembers) {
  std::vector<std::string> specs = testing::RegistrySpecs();
  for (const char* extra :
       {"dyck:k=3", "dyck:k=4", "shuffle-dyck:k=1", "shuffle-dyck:k=3",
        "shuffle-dyck:k=4", "dyck:k=2,depth=3"}) {
    specs.push_back(extra);
  }
  for (const std::string& spec : specs) {
    auto language = MustParse(spec);
    for (int n : {9999, 10000, 10002}) {
      absl::StatusOr<std::unique_ptr<MemberSampler>> sampler =
          language->NewMemberSampler(n);
      if (!sampler.ok()) {
        EXPECT_EQ(language->CountMembers(n), 0) << spec << " n=" << n;
        continue;
      }
      EXPECT_EQ((*sampler)->count(), language->CountMembers(n))
          << spec << " n=" << n;
      std::mt19937_64 rng(3);
      for (int i = 0; i < 10; ++i) {
        const Word w = (*sampler)->Sample(rng);
        ASSERT_EQ(w.size(), static_cast<std::size_t>(n));
        EXPECT_TRUE(language->Contains(w)) << spec << " n=" << n;
      }
    }
  }
}

TEST(CombinatorialSamplingTest, CountsAgreeWithTheCounterMachine) {
  for (const char* spec :
       {"majority", "shuffle-dyck:k=1", "shuffle-dyck:k=2", "shuffle-dyck:k=3",
        "shuffle-dyck:k=4", "anbn", "anbncn"}) {
    auto language = MustParse(spec);
    const auto* machine = dynamic_cast<const CounterLanguage*>(language.get());
    ASSERT_NE(machine, nullptr) << spec;
    for (int n = 0; n <= 24; ++n) {
      const mpz_class layers = machine->CountByLayers(n);
      EXPECT_EQ(language->CountMembers(n), layers) << spec << " n=" << n;
      absl::StatusOr<std::unique_ptr<MemberSampler>> sampler =
          language->NewMemberSampler(n);
      EXPECT_EQ(sampler.ok(), layers > 0) << spec << " n=" << n;
      if (sampler.ok()) {
        EXPECT_EQ((*sampler)->count(), layers) << spec << " n=" << n;
      }
    }
  }
  // Shuffles of two Dyck words: C_m·C_{m+1} (Guy, Krattenthaler, Sagan 1992).
  const long catalan[] = {1, 1, 2, 5, 14, 42, 132, 429, 1430, 4862};
  auto two = MustParse("shuffle-dyck:k=2");
  for (int m = 0; m + 1 < 10; ++m) {
    EXPECT_EQ(two->CountMembers(2 * m), catalan[m] * catalan[m + 1]);
  }
}

TEST(CombinatorialSamplingTest, LongShuffleDyckCountsGrowLikeTwoKSquared) {
  // F_k(M + 1) / F_k(M) → (2k)² from below, like (2k)²(1 − O(1/M)). At
  // M > 23170 the term steps need 64-bit products; an overflow there shows up
  // as a wildly wrong ratio.
  for (int k : {3, 4}) {
    auto language = MustParse("shuffle-dyck:k=" + std::to_string(k));
    const int n = 47000;  // M = 23500
    const mpz_class c = language->CountMembers(n);
    const mpz_class next = language->CountMembers(n + 2);
    EXPECT_LT(next, 4 * k * k * c) << k;
    EXPECT_GT(1000 * next, 999 * 4 * k * k * c) << k;
    EXPECT_LT(mpz_sizeinbase(c.get_mpz_t(), 2),
              static_cast<std::size_t>(n * std::log2(2.0 * k)) + 1);
  }
}

TEST(CombinatorialSamplingTest, MajorityCountIsTheBinomialTail) {
  auto majority = MustParse("majority");
  for (int n : {1, 2, 3, 10, 101, 1000, 1001}) {
    mpz_class tail = 0, b;
    for (int k = n / 2 + 1; k <= n; ++k) {
      mpz_bin_uiui(b.get_mpz_t(), n, k);
      tail += b;
    }
    EXPECT_EQ(majority->CountMembers(n), tail) << n;
    EXPECT_EQ((*majority->NewMemberSampler(n))->count(), tail) << n;
  }
}

TEST(CombinatorialSamplingTest, DyckCountsFollowTheDepthRecursion) {
  // D(r, d) = k·D(r-1, d+1) + [d > 0]·D(r-1, d-1), D(0, d) = [d = 0].
  for (int k = 1; k <= 4; ++k) {
    auto dyck = MustParse("dyck:k=" + std::to_string(k));
    const int n = 80;
    std::vector<mpz_class> d(n + 2, 0), next(n + 2);
    d[0] = 1;
    for (int r = 1; r <= n; ++r) {
      for (int depth = 0; depth <= n; ++depth) {
        next[depth] = k * d[depth + 1];
        if (depth > 0) next[depth] += d[depth - 1];
      }
      std::swap(d, next);
      EXPECT_EQ(dyck->CountMembers(r), d[0]) << "k=" << k << " n=" << r;
      if (r % 2 == 0) {
        EXPECT_EQ((*dyck->NewMemberSampler(r))->count(), d[0]);
      }
    }
  }
}

TEST(CombinatorialSamplingTest, TermSamplerFollowsTheTerms) {
  // Both the double-precision fast path and the exact comparison it falls
  // back to, on t_j = C(6, j) (j ~ Binomial(6, 1/2)) and on terms with zeros
  // (t_j = j for even j <= 10, else 0).
  for (bool always_exact : {false, true}) {
    TermSampler binomial(
        1, 6,
        [](int j, mpz_class& t) {
          t *= 6 - j;
          t /= j + 1;
        },
        always_exact);
    EXPECT_EQ(binomial.total(), 64);
    TermSampler gaps(
        0, 10, [](int j, mpz_class& t) { t = (j + 1) % 2 == 0 ? j + 1 : 0; },
        always_exact);
    EXPECT_EQ(gaps.total(), 30);
    std::mt19937_64 rng(2);
    std::vector<long> counts(7, 0), gap_counts(11, 0);
    const long draws = 64000;
    for (long i = 0; i < draws; ++i) {
      ++counts[binomial.Sample(rng)];
      ++gap_counts[gaps.Sample(rng)];
    }
    double chi = 0, gap_chi = 0;
    for (int j = 0; j <= 6; ++j) {
      const double expected =
          draws * static_cast<double>(testing::Binomial(6, j)) / 64;
      chi += (counts[j] - expected) * (counts[j] - expected) / expected;
    }
    for (int j = 0; j <= 10; ++j) {
      if (j % 2 == 1 || j == 0) {
        EXPECT_EQ(gap_counts[j], 0) << j;
        continue;
      }
      const double expected = draws * j / 30.0;
      gap_chi +=
          (gap_counts[j] - expected) * (gap_counts[j] - expected) / expected;
    }
    EXPECT_LT(chi, ChiSquareCritical(6)) << always_exact;
    EXPECT_LT(gap_chi, ChiSquareCritical(4)) << always_exact;
  }
  // Huge terms: the fast path and the exact path agree draw by draw (same
  // U), here on C(3000, j).
  auto step = [](int j, mpz_class& t) {
    t *= 3000 - j;
    t /= j + 1;
  };
  TermSampler fast(1, 3000, step), exact(1, 3000, step, true);
  std::mt19937_64 a(5), b(5);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(fast.Sample(a), exact.Sample(b));
}

TEST(CombinatorialSamplingTest, HypergeometricDrawMatchesTheLaw) {
  // 3 red, 4 blue, 4 draws: P(i) = C(3, i)·C(4, 4 − i) / C(7, 4).
  std::mt19937_64 rng(4);
  std::vector<long> counts(4, 0);
  const long draws = 35000;
  for (long i = 0; i < draws; ++i) ++counts[HypergeometricDraw(3, 4, 4, rng)];
  double chi = 0;
  for (int i = 0; i <= 3; ++i) {
    const double expected = draws *
                            static_cast<double>(testing::Binomial(3, i) *
                                                testing::Binomial(4, 4 - i)) /
                            35;
    chi += (counts[i] - expected) * (counts[i] - expected) / expected;
  }
  EXPECT_LT(chi, ChiSquareCritical(3));
}

TEST(CombinatorialSamplingTest, MajorityNearMissesHaveTheRejectionLaw) {
  // The direct near misses of MAJORITY against the generic rejection loop
  // (a uniform member, one edit, kept when outside), over all words at n = 7
  // and n = 8, by chi-square on the rejection loop's own empirical law.
  auto majority = MustParse("majority");
  for (int n : {7, 8}) {
    auto sampler = *majority->NewMemberSampler(n);
    std::mt19937_64 rng(6);
    std::map<Word, long> rejection;
    long accepted = 0;
    while (accepted < 20000) {
      Word w = sampler->Sample(rng);
      if (rng() & 1) {
        w[UniformBelow(n, rng)] ^= 1;
      } else {
        const int i = static_cast<int>(UniformBelow(n - 1, rng));
        std::swap(w[i], w[i + 1]);
      }
      if (!majority->Contains(w)) {
        ++rejection[w];
        ++accepted;
      }
    }
    absl::StatusOr<std::vector<Word>> direct =
        SampleNearMisses(*majority, n, 20000, {.seed = 8});
    ASSERT_TRUE(direct.ok()) << direct.status();
    std::map<Word, long> counts;
    for (const Word& w : *direct) {
      EXPECT_FALSE(majority->Contains(w));
      ++counts[w];
    }
    // Two-sample chi-square (equal sample sizes): Σ (a − b)² / (a + b).
    std::set<Word> support;
    for (const auto& [w, c] : rejection) support.insert(w);
    for (const auto& [w, c] : counts) support.insert(w);
    double chi = 0;
    for (const Word& w : support) {
      const double a = rejection[w], b = counts[w];
      chi += (a - b) * (a - b) / (a + b);
    }
    EXPECT_LT(chi, ChiSquareCritical(static_cast<int>(support.size()) - 1))
        << "n=" << n;
    EXPECT_EQ(support.size(), testing::Binomial(n, n / 2 + 1 - 1)) << n;
  }
  // At n = 10^4 the rejection loop gives up (about 1 in 250 edits leaves the
  // language); the direct method does not.
  absl::StatusOr<std::vector<Word>> long_misses =
      SampleNearMisses(*majority, 10000, 250);
  ASSERT_TRUE(long_misses.ok()) << long_misses.status();
  for (const Word& w : *long_misses) EXPECT_FALSE(majority->Contains(w));
}

TEST(CombinatorialSamplingTest, SameSeedSameMembers) {
  for (const char* spec :
       {"majority", "dyck:k=2", "shuffle-dyck:k=3", "tomita:4"}) {
    auto language = MustParse(spec);
    EXPECT_EQ(*SampleMembers(*language, 200, 5, {.seed = 3}),
              *SampleMembers(*language, 200, 5, {.seed = 3}))
        << spec;
    EXPECT_NE(*SampleMembers(*language, 200, 5, {.seed = 3}),
              *SampleMembers(*language, 200, 5, {.seed = 4}))
        << spec;
  }
}

}  // namespace
}  // namespace satcirc::automata
