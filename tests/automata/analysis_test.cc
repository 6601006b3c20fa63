// Sensitivity, Fourier spectrum, symmetry profile and syntactic monoid, against
// closed forms (Hahn & Rofin 2024; O'Donnell, Analysis of Boolean Functions)
// and brute-force implementations written here.
#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>

#include "automata/analyze.h"
#include "automata/enumerate.h"
#include "automata/fourier.h"
#include "automata/minimize.h"
#include "automata/regex.h"
#include "automata/sensitivity.h"
#include "automata/symmetry.h"
#include "automata/syntactic_monoid.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/automata/test_util.h"
#include "tests/lib/sanitized.h"

namespace satcirc::automata {
namespace {

using ::satcirc::automata::testing::Binomial;
using ::satcirc::automata::testing::MustParse;
using ::satcirc::automata::testing::RegistrySpecs;
using ::testing::HasSubstr;

std::vector<std::uint8_t> Table(const Language& language, int n) {
  absl::StatusOr<std::vector<std::uint8_t>> t = MembershipTable(language, n);
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

mpq_class Sensitivity(const std::string& spec, int n) {
  auto language = MustParse(spec);
  return AverageSensitivity(Table(*language, n), 2, n);
}

TEST(SensitivityTest, ClosedForms) {
  for (int n = 1; n <= 16; ++n) {
    EXPECT_EQ(Sensitivity("parity", n), n) << n;
    EXPECT_EQ(Sensitivity("first", n), 1) << n;
    mpq_class and_or(n, 1UL << (n - 1));
    and_or.canonicalize();
    EXPECT_EQ(Sensitivity("and", n), and_or) << n;
    EXPECT_EQ(Sensitivity("or", n), and_or) << n;
    // Strict majority: n·C(n−1,(n−1)/2)/2ⁿ⁻¹ (odd n), n·C(n,n/2)/2ⁿ (even n).
    mpq_class majority =
        n % 2 == 1
            ? mpq_class(
                  static_cast<unsigned long>(n) * Binomial(n - 1, (n - 1) / 2),
                  1UL << (n - 1))
            : mpq_class(static_cast<unsigned long>(n) * Binomial(n, n / 2),
                        1UL << n);
    majority.canonicalize();
    EXPECT_EQ(Sensitivity("majority", n), majority) << n;
  }
  EXPECT_EQ(Sensitivity("majority", 3), mpq_class(3, 2));
  EXPECT_EQ(Sensitivity("majority", 6), mpq_class(15, 8));
}

// Brute-force sensitivity straight from the definition with Contains().
double NaiveSensitivity(const Language& language, int n) {
  const int q = language.alphabet().size();
  double total = 0;
  Word x(n, 0);
  do {
    const bool fx = language.Contains(x);
    for (int i = 0; i < n; ++i) {
      Word y = x;
      for (int t = 0; t < q; ++t) {
        if (t == x[i]) continue;
        y[i] = static_cast<Symbol>(t);
        total += (language.Contains(y) != fx) / static_cast<double>(q - 1);
      }
    }
  } while (NextWord(q, x));
  return total / std::pow(q, n);
}

TEST(SensitivityTest, UpToAWordLimit) {
  auto parity = MustParse("parity");
  EXPECT_EQ(AverageSensitivityUpTo(*parity, 10, 1 << 10), mpq_class(10));
  EXPECT_EQ(AverageSensitivityUpTo(*parity, 11, 1 << 10), std::nullopt);
  auto dyck = MustParse("dyck:k=1");
  EXPECT_EQ(AverageSensitivityUpTo(*dyck, 6, 1 << 10),
            AverageSensitivity(Table(*dyck, 6), 2, 6));
}

TEST(FourierTest, TotalInfluenceEqualsSensitivityForEveryLanguage) {
  for (const std::string& spec : RegistrySpecs()) {
    auto language = MustParse(spec);
    const int q = language->alphabet().size();
    for (int n = 0; n <= 12; ++n) {
      if (*NumWords(q, n) > (1 << 20)) break;
      const std::vector<std::uint8_t> table = Table(*language, n);
      const mpq_class sensitivity = AverageSensitivity(table, q, n);
      if (*NumWords(q, n) <= (1 << 14)) {
        EXPECT_NEAR(sensitivity.get_d(), NaiveSensitivity(*language, n), 1e-9)
            << spec << " n=" << n;
      }
      FourierProfile f = ComputeFourierProfile(table, q, n);
      const mpq_class total = std::accumulate(
          f.weight_by_degree.begin(), f.weight_by_degree.end(), mpq_class(0));
      if (q == 2) {
        ASSERT_TRUE(f.exact);
        EXPECT_EQ(total, 1) << spec << " n=" << n;
        EXPECT_EQ(f.total_influence, sensitivity) << spec << " n=" << n;
      } else {
        EXPECT_NEAR(total.get_d(), 1, 1e-9) << spec << " n=" << n;
        // Efron–Stein total influence = 2(q−1)/q · sensitivity.
        EXPECT_NEAR(f.total_influence.get_d(),
                    2.0 * (q - 1) / q * sensitivity.get_d(), 1e-9)
            << spec << " n=" << n;
      }
    }
  }
}

// The same at the lengths where the binary profile goes through the sign
// kernels (2^12 and up): total influence = average sensitivity, weights = the
// int32 path's, for every binary registry language.
TEST(FourierTest, SignKernelProfileOfEveryBinaryLanguage) {
  const int max_n = satcirc::testing::kSanitized ? 16 : 20;
  for (const std::string& spec : RegistrySpecs()) {
    auto language = MustParse(spec);
    if (language->alphabet().size() != 2) continue;
    for (int n = 12; n <= max_n; n += 2) {
      const std::vector<std::uint8_t> table = Table(*language, n);
      const FourierProfile f = ComputeFourierProfile(table, 2, n);
      EXPECT_EQ(f.total_influence, AverageSensitivity(table, 2, n))
          << spec << " n=" << n;
      EXPECT_EQ(f.weight_by_degree,
                ComputeFourierProfile(table, 2, n, {.use_avx512 = false})
                    .weight_by_degree)
          << spec << " n=" << n;
    }
  }
}

TEST(FourierTest, TransformMatchesDirectSums) {
  for (const char* spec : {"majority", "tomita:3", "dyck:k=1", "first"}) {
    auto language = MustParse(spec);
    const int n = 8;
    const std::vector<std::uint8_t> table = Table(*language, n);
    FourierProfile f = ComputeFourierProfile(table, 2, n);
    std::vector<mpq_class> expected(n + 1, 0);
    for (int s = 0; s < (1 << n); ++s) {
      long c = 0;
      for (int x = 0; x < (1 << n); ++x) {
        const int fx = table[x] ? 1 : -1;
        c += std::popcount(static_cast<unsigned>(s & x)) % 2 ? -fx : fx;
      }
      expected[std::popcount(static_cast<unsigned>(s))] +=
          mpq_class(c * c, 1L << (2 * n));
    }
    for (auto& e : expected) e.canonicalize();
    EXPECT_EQ(f.weight_by_degree, expected) << spec;
  }
  // PARITY: all weight at degree n; FIRST: all at degree 1 (f = χ_{1}).
  FourierProfile parity =
      ComputeFourierProfile(Table(*MustParse("parity"), 10), 2, 10);
  EXPECT_EQ(parity.weight_by_degree[10], 1);
  FourierProfile first =
      ComputeFourierProfile(Table(*MustParse("first"), 10), 2, 10);
  EXPECT_EQ(first.weight_by_degree[1], 1);
}

TEST(FourierTest, BlockedTransformEqualsSimpleTransform) {
  for (int bits : {3, 4, 16, 17, 20, 21, 24}) {
    const std::size_t size = std::size_t{1} << bits;
    std::vector<std::int32_t> a(size), b;
    std::mt19937_64 rng(bits);
    for (auto& v : a) v = (rng() & 1) ? 1 : -1;
    b = a;
    WalshHadamardTransform(a.data(), size);
    WalshHadamardTransformSimple(b.data(), size);
    ASSERT_EQ(a, b) << bits;
  }
}

// Every shape the blocked transform takes: below one vector (size < 16), one
// block (<= 2^18), one block plus passes of radix 2, 4 and 8 above it, whole
// groups (2^21) plus a last pass over memory of radix 2 and 4 (2^22, 2^23;
// taken in descending order), and splits between 2 and 3 threads (uneven, and
// more threads than blocks); with the AVX-512 kernels (where the CPU has them)
// and with the portable ones. Values other than ±1 check that nothing depends
// on the input being a sign vector. (std::vector's large arrays are not 64-byte
// aligned, so every vector load straddles two cache lines here.)
TEST(FourierTest, BlockedTransformEveryShapeAndThreadCount) {
  for (int bits = 0; bits <= 23; ++bits) {
    const std::size_t size = std::size_t{1} << bits;
    std::vector<std::int32_t> input(size);
    std::mt19937_64 rng(100 + bits);
    for (auto& v : input) v = static_cast<std::int32_t>(rng() % 1001) - 500;
    std::vector<std::int32_t> expected = input;
    WalshHadamardTransformSimple(expected.data(), size);
    for (bool avx512 : {true, false}) {
      for (int threads : {1, 2, 3}) {
        std::vector<std::int32_t> a = input;
        WalshHadamardTransform(a.data(), size,
                               WalshHadamardOptions{.threads = threads,
                                                    .parallel_threshold = 0,
                                                    .use_avx512 = avx512});
        ASSERT_EQ(a, expected) << "bits=" << bits << " threads=" << threads
                               << " avx512=" << avx512;
      }
    }
  }
  // Size 0: nothing to do, and a null pointer is not touched.
  WalshHadamardTransform(nullptr, 0);
  // A known transform: the indicator of x = 0 maps to all ones, and all ones
  // to size at S = 0.
  std::vector<std::int32_t> delta(std::size_t{1} << 18, 0);
  delta[0] = 1;
  WalshHadamardTransform(delta.data(), delta.size(), {.threads = 2});
  EXPECT_TRUE(std::all_of(delta.begin(), delta.end(),
                          [](std::int32_t v) { return v == 1; }));
  WalshHadamardTransform(delta.data(), delta.size(),
                         {.threads = 2, .parallel_threshold = 0});
  EXPECT_EQ(delta[0], 1 << 18);
  EXPECT_TRUE(std::all_of(delta.begin() + 1, delta.end(),
                          [](std::int32_t v) { return v == 0; }));
}

// Two threads, with either kernels, on the largest size the tests use.
TEST(FourierTest, ThreadedTransformEqualsSimpleTransformAt2To24) {
  const std::size_t size = std::size_t{1} << 24;
  std::vector<std::int32_t> a(size), b;
  std::mt19937_64 rng(24);
  for (auto& v : a) v = (rng() & 1) ? 1 : -1;
  b = a;
  std::vector<std::int32_t> c = a;
  WalshHadamardTransform(a.data(), size, {.threads = 2});
  WalshHadamardTransform(c.data(), size, {.threads = 2, .use_avx512 = false});
  WalshHadamardTransformSimple(b.data(), size);
  ASSERT_EQ(a, b);
  ASSERT_EQ(c, b);
}

// The sign transform (int8/int16/int32 kernels from the membership bytes)
// against the plain transform of ±1 values, at every size it takes a kernel
// path for (2^12 ... 2^24: one group, and 1, 2, 3 int8 levels ahead of the
// groups) and around it, with 1, 2 and 3 threads, on random tables, on the
// extremes (every string a member, none: the largest values, ±2^k at S = 0)
// and on nonzero bytes other than 1; into aligned and unaligned outputs.
TEST(FourierTest, SignTransformEqualsSimpleTransform) {
  const int max_bits = satcirc::testing::kSanitized ? 22 : 24;
  for (int bits = 0; bits <= max_bits; ++bits) {
    const std::size_t size = std::size_t{1} << bits;
    std::mt19937_64 rng(300 + bits);
    std::vector<std::vector<std::uint8_t>> tables;
    tables.emplace_back(size);
    for (auto& t : tables.back()) t = static_cast<std::uint8_t>(rng() % 3 * 7);
    if (bits >= 12) {
      tables.emplace_back(size, 1);
      tables.emplace_back(size, 0);
    }
    for (const std::vector<std::uint8_t>& table : tables) {
      std::vector<std::int32_t> expected(size);
      for (std::size_t i = 0; i < size; ++i) expected[i] = table[i] ? 1 : -1;
      WalshHadamardTransformSimple(expected.data(), size);
      for (bool avx512 : {true, false}) {
        for (int threads : {1, 2, 3}) {
          if (bits < 22 && threads == 3) continue;
          // One element past a 64-byte boundary when `threads` is even.
          std::vector<std::int32_t> storage(size + 16, 7);
          std::int32_t* out = storage.data();
          while (reinterpret_cast<std::uintptr_t>(out) % 64 != 0) ++out;
          if (threads % 2 == 0) ++out;
          WalshHadamardTransformSigns(table.data(), out, size,
                                      {.threads = threads,
                                       .parallel_threshold = 0,
                                       .use_avx512 = avx512});
          ASSERT_TRUE(std::equal(expected.begin(), expected.end(), out))
              << "bits=" << bits << " threads=" << threads
              << " avx512=" << avx512 << " table " << table[0];
        }
      }
    }
  }
}

// The profile straight from the sign kernels' sums by degree against the one
// through the int32 transform, at sizes with 0 ... 3 int8 levels ahead of the
// groups, one and two threads.
TEST(FourierTest, ProfileFromSignKernelsEqualsInt32Path) {
  for (int n : {12, 13, 18, 21, 22, satcirc::testing::kSanitized ? 22 : 24}) {
    std::vector<std::uint8_t> table(std::size_t{1} << n);
    std::mt19937_64 rng(400 + n);
    // Biased towards members, so that the weights are not all alike.
    for (auto& t : table) t = rng() % 4 != 0;
    const FourierProfile expected =
        ComputeFourierProfile(table, 2, n, {.use_avx512 = false});
    mpq_class total = 0;
    for (const mpq_class& w : expected.weight_by_degree) total += w;
    ASSERT_EQ(total, 1) << n;
    for (int threads : {1, 2}) {
      const FourierProfile f = ComputeFourierProfile(
          table, 2, n, {.threads = threads, .parallel_threshold = 0});
      EXPECT_EQ(f.weight_by_degree, expected.weight_by_degree)
          << n << " threads=" << threads;
      EXPECT_EQ(f.total_influence, expected.total_influence) << n;
    }
  }
}

// Energy of each isotypic component of S_n, by explicit projection
// P_k = (dim_k / n!) Σ_π χ_k(π)·π with χ_(n−k,k) = (fixed k-sets) − (fixed
// (k−1)-sets) (James 1978, §5) — for n <= 8.
std::vector<double> BruteIsotypic(const std::vector<std::uint8_t>& table,
                                  int n) {
  std::vector<int> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  const int size = 1 << n;
  std::vector<double> energy(n / 2 + 1, 0);
  double factorial = 1;
  for (int i = 2; i <= n; ++i) factorial *= i;
  do {
    auto apply = [&](int x) {
      int y = 0;
      for (int i = 0; i < n; ++i) {
        if (x >> i & 1) y |= 1 << perm[i];
      }
      return y;
    };
    long inner = 0;
    std::vector<long> fixed(n + 1, 0);
    for (int x = 0; x < size; ++x) {
      const int y = apply(x);
      inner += (table[x] ? 1 : -1) * (table[y] ? 1 : -1);
      if (y == x) ++fixed[std::popcount(static_cast<unsigned>(x))];
    }
    for (int k = 0; k <= n / 2; ++k) {
      const long chi = fixed[k] - (k > 0 ? fixed[k - 1] : 0);
      const double dim = static_cast<double>(Binomial(n, k)) -
                         (k > 0 ? static_cast<double>(Binomial(n, k - 1)) : 0);
      energy[k] += dim / factorial * chi * inner / size;
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
  return energy;
}

TEST(SymmetryTest, IsotypicEnergiesMatchExplicitProjection) {
  for (const char* spec : {"parity", "majority", "first", "tomita:3",
                           "tomita:7", "dyck:k=1", "or"}) {
    auto language = MustParse(spec);
    for (int n = 1; n <= 8; ++n) {
      const std::vector<std::uint8_t> table = Table(*language, n);
      SymmetryProfile p = ComputeSymmetryProfile(table, 2, n);
      ASSERT_EQ(p.isotypic.size(), static_cast<std::size_t>(n / 2 + 1));
      const std::vector<double> brute = BruteIsotypic(table, n);
      mpq_class sum = 0;
      for (int k = 0; k <= n / 2; ++k) {
        EXPECT_NEAR(p.isotypic[k].get_d(), brute[k], 1e-9)
            << spec << " n=" << n << " k=" << k;
        EXPECT_GE(p.isotypic[k], 0);
        sum += p.isotypic[k];
      }
      EXPECT_EQ(sum, 1) << spec << " n=" << n;
      EXPECT_EQ(p.isotypic[0], p.symmetric_energy) << spec << " n=" << n;
    }
  }
}

TEST(SymmetryTest, ParityAndMajorityAreSymmetricFirstIsNot) {
  for (int n = 1; n <= 16; ++n) {
    SymmetryOptions options{.isotypic_limit = 1 << 12};
    EXPECT_EQ(
        ComputeSymmetryProfile(Table(*MustParse("parity"), n), 2, n, options)
            .symmetric_energy,
        1);
    EXPECT_EQ(
        ComputeSymmetryProfile(Table(*MustParse("majority"), n), 2, n, options)
            .symmetric_energy,
        1);
    SymmetryProfile first =
        ComputeSymmetryProfile(Table(*MustParse("first"), n), 2, n, options);
    if (n >= 2) {
      // f = χ_{1}: its symmetric part is (x₁+…+xₙ)/n in ±1 form, energy 1/n.
      EXPECT_EQ(first.symmetric_energy, mpq_class(1, n)) << n;
    }
    if (n >= 2 && n <= 12) {
      // And the rest, (n−1)/n, lies in S^(n−1,1).
      ASSERT_GE(first.isotypic.size(), 2u);
      EXPECT_EQ(first.isotypic[1], mpq_class(n - 1, n)) << n;
    }
  }
}

TEST(SymmetryTest, SymmetricEnergyForLargerAlphabetsMatchesAveraging) {
  for (const char* spec :
       {"dyck:k=2", "anbncn", "shuffle-dyck:k=2", "regex:a*ba*|c+"}) {
    auto language = MustParse(spec);
    const int q = language->alphabet().size();
    for (int n = 0; n <= 5; ++n) {
      const std::vector<std::uint8_t> table = Table(*language, n);
      // (P f)(x) = average of f over all permutations of x's positions.
      std::vector<int> perm(n);
      std::iota(perm.begin(), perm.end(), 0);
      std::vector<double> pf(table.size(), 0);
      long perms = 0;
      do {
        ++perms;
        for (std::size_t x = 0; x < table.size(); ++x) {
          Word w = WordAt(q, n, x), v(n);
          for (int i = 0; i < n; ++i) v[perm[i]] = w[i];
          std::size_t y = 0;
          for (int i = 0; i < n; ++i) y = y * q + v[i];
          pf[x] += table[y] ? 1 : -1;
        }
      } while (std::next_permutation(perm.begin(), perm.end()));
      double energy = 0;
      for (double v : pf) energy += (v / perms) * (v / perms);
      energy /= table.size();
      SymmetryProfile p = ComputeSymmetryProfile(table, q, n);
      EXPECT_NEAR(p.symmetric_energy.get_d(), energy, 1e-12)
          << spec << " n=" << n;
      EXPECT_TRUE(p.isotypic.empty());
    }
  }
}

bool StarFree(const std::string& spec) {
  auto language = MustParse(spec);
  absl::StatusOr<SyntacticMonoid> m = ComputeSyntacticMonoid(*language->dfa());
  EXPECT_TRUE(m.ok()) << m.status();
  return m->aperiodic;
}

TEST(SyntacticMonoidTest, StarFreenessOfClassicalExamples) {
  EXPECT_TRUE(StarFree("regex:(ab)*"));
  EXPECT_FALSE(StarFree("regex:(aa)*"));
  EXPECT_TRUE(StarFree("regex:a*ba*"));
  EXPECT_FALSE(StarFree("parity"));
  EXPECT_TRUE(StarFree("first"));
  EXPECT_TRUE(StarFree("and"));
  EXPECT_TRUE(StarFree("or"));
  EXPECT_TRUE(StarFree("tomita:1"));
  EXPECT_TRUE(StarFree("tomita:2"));
  EXPECT_TRUE(StarFree("tomita:4"));
  EXPECT_FALSE(StarFree("tomita:5"));
  EXPECT_FALSE(StarFree("tomita:6"));
  EXPECT_TRUE(StarFree("tomita:7"));
  EXPECT_TRUE(StarFree("dyck:k=1,depth=3"));
  EXPECT_TRUE(StarFree("dyck:k=2,depth=2"));
  EXPECT_FALSE(StarFree("count-mod:m=3,r=0"));
}

TEST(SyntacticMonoidTest, SizesAndWitness) {
  // PARITY: {identity, flip}. (ab)*: 1, a, b, ab, ba, and 0 = aa.
  auto parity = MustParse("parity");
  SyntacticMonoid m = *ComputeSyntacticMonoid(*parity->dfa());
  EXPECT_EQ(m.size, 2);
  ASSERT_TRUE(m.periodic_witness.has_value());
  EXPECT_EQ(*m.periodic_witness, (Word{1}));
  EXPECT_EQ(ComputeSyntacticMonoid(*RegexToDfa("(ab)*"))->size, 6);
  // The witness w really is periodic: wᵏ ≠ wᵏ⁺¹ on some state for k = states.
  Dfa mod3 = *MustParse("count-mod:m=3,r=0")->dfa();
  SyntacticMonoid m3 = *ComputeSyntacticMonoid(mod3);
  ASSERT_TRUE(m3.periodic_witness.has_value());
  Word wk, wk1;
  for (int i = 0; i < mod3.num_states(); ++i) {
    wk.insert(wk.end(), m3.periodic_witness->begin(),
              m3.periodic_witness->end());
  }
  wk1 = wk;
  wk1.insert(wk1.end(), m3.periodic_witness->begin(),
             m3.periodic_witness->end());
  bool differs = false;
  for (int s = 0; s < mod3.num_states(); ++s)
    differs |= mod3.Run(s, wk) != mod3.Run(s, wk1);
  EXPECT_TRUE(differs);
  EXPECT_FALSE(
      ComputeSyntacticMonoid(mod3, MonoidOptions{.max_elements = 2}).ok());
}

TEST(AnalyzeTest, RefusesLargeLengthsUnlessSampling) {
  auto parity = MustParse("parity");
  absl::StatusOr<LengthAnalysis> refused =
      AnalyzeLength(*parity, 30, AnalyzeOptions{.exhaustive_limit = 1 << 20});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(),
              HasSubstr("exceed the exhaustive limit"));
  absl::StatusOr<LengthAnalysis> sampled = AnalyzeLength(
      *parity, 30,
      AnalyzeOptions{.exhaustive_limit = 1 << 20, .samples = 200, .seed = 3});
  ASSERT_TRUE(sampled.ok());
  EXPECT_FALSE(sampled->exhaustive);
  EXPECT_EQ(sampled->sensitivity_estimate.mean,
            30);  // every flip changes parity
  EXPECT_EQ(sampled->members, mpz_class(1) << 29);
  // MAJORITY at n = 31 within a few standard errors of the closed form.
  auto majority = MustParse("majority");
  absl::StatusOr<LengthAnalysis> maj = AnalyzeLength(
      *majority, 31,
      AnalyzeOptions{.exhaustive_limit = 1 << 20, .samples = 4000, .seed = 5});
  ASSERT_TRUE(maj.ok());
  const double exact = 31.0 * Binomial(30, 15) / std::pow(2.0, 30);
  EXPECT_NEAR(maj->sensitivity_estimate.mean, exact,
              5 * maj->sensitivity_estimate.standard_error);
  EXPECT_GT(maj->sensitivity_estimate.standard_error, 0);
}

// The language of `inner` without its DFA: EstimateSensitivity then flips
// symbols and asks Contains(), the definition, instead of the DFA passes.
class WithoutDfa : public Language {
 public:
  explicit WithoutDfa(const Language& inner) : inner_(inner) {}
  const Alphabet& alphabet() const override { return inner_.alphabet(); }
  std::string spec() const override { return inner_.spec(); }
  bool Contains(const Word& w) const override { return inner_.Contains(w); }
  LanguageInfo info() const override { return inner_.info(); }
  mpz_class CountMembers(int n) const override {
    return inner_.CountMembers(n);
  }
  absl::StatusOr<std::unique_ptr<MemberSampler>> NewMemberSampler(
      int n) const override {
    return inner_.NewMemberSampler(n);
  }

 private:
  const Language& inner_;
};

TEST(SensitivityTest, DfaPassesEqualFlippingEverySymbol) {
  for (const char* spec :
       {"parity", "first", "tomita:4", "regex:(a|b)*a(a|b)(a|b)",
        "regex:(ab|c)*", "regex:a*b*c*", "dyck:k=1,depth=2"}) {
    auto language = MustParse(spec);
    ASSERT_NE(language->dfa(), nullptr) << spec;
    WithoutDfa plain(*language);
    for (int n : {1, 2, 5, 17, 40}) {
      const Estimate fast = EstimateSensitivity(*language, n, 60, 11);
      const Estimate slow = EstimateSensitivity(plain, n, 60, 11);
      EXPECT_EQ(fast.mean, slow.mean) << spec << " n=" << n;
      EXPECT_EQ(fast.standard_error, slow.standard_error) << spec << " n=" << n;
    }
  }
}

TEST(AnalyzeTest, RefusesAnEstimateOfHoursBeforeStarting) {
  auto majority = MustParse("majority");
  absl::StatusOr<LengthAnalysis> refused =
      AnalyzeLength(*majority, 1 << 20,
                    AnalyzeOptions{.samples = 2000, .syntactic_monoid = false});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("over the limit of 1 h"));
  // A regular language's estimate goes through its DFA: long words are fine.
  auto parity = MustParse("parity");
  absl::StatusOr<LengthAnalysis> sampled =
      AnalyzeLength(*parity, 1 << 16, AnalyzeOptions{.samples = 3});
  ASSERT_TRUE(sampled.ok()) << sampled.status();
  EXPECT_EQ(sampled->sensitivity_estimate.mean, 1 << 16);
}

}  // namespace
}  // namespace satcirc::automata
