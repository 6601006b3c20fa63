#include "lib/engine/engine.h"

#include <cmath>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/engine/arith.h"
#include "lib/engine/float_engine.h"
#include "lib/model/builder.h"
#include "lib/model/model_io.h"
#include "lib/zoo/zoo.h"
#include "tests/lib/random_model.h"
#include "tests/lib/reference_engine.h"

namespace satcirc {
namespace {

using automata::Word;
using testing::AllWords;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RandomModel;
using testing::RandomWeight;
using testing::StructuredRandomModel;

Word W(const Model& m, absl::string_view text) {
  absl::StatusOr<Word> w = m.alphabet.Parse(std::string(text));
  EXPECT_TRUE(w.ok()) << w.status();
  return w.ok() ? *w : Word{};
}

ExactEngine Engine(const Model& m, ExactEngineOptions options = {}) {
  absl::StatusOr<ExactEngine> e = ExactEngine::Create(m, options);
  EXPECT_TRUE(e.ok()) << e.status();
  return *std::move(e);
}

// Attends the positions holding 'a' (score = [token is a], query constant 1)
// and reads the attended positions' index p into `out`.
Model TieModel(AttentionMode mode) {
  ModelBuilder b("ties", "ab");
  Feature is_a = b.TokenIndicator("is_a", 'a');
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature pos = b.Positional("pos", PositionalFunction::kPosition);
  Feature out = b.AddFeature("out");
  b.AddLayer()
      .AddHead("find_a", mode, Mask::kNone)
      .ScoreTerm(one, is_a)
      .Average(pos, out);
  b.SetReadout(ReadoutPosition::kFirst, {{out, 1}}, 0);
  return *b.Build();
}

TEST(ExactEngineTest, SaturatedAveragesTheArgmaxSet) {
  Model m = TieModel(AttentionMode::kSaturated);
  ExactEngine e = Engine(m);
  EXPECT_EQ(e.Run(W(m, "babab")).value, Rational(2));     // (1 + 3) / 2
  EXPECT_EQ(e.Run(W(m, "aabbba")).value, Rational(2));    // (0 + 1 + 5) / 3
  EXPECT_EQ(e.Run(W(m, "abbab")).value, Rational(3, 2));  // (0 + 3) / 2
  EXPECT_EQ(e.Run(W(m, "bbb")).value, Rational(1));       // all tie: (0+1+2)/3
}

TEST(ExactEngineTest, HardHeadsPickTheEndsOfTheArgmaxSet) {
  Model left = TieModel(AttentionMode::kHardLeft);
  Model right = TieModel(AttentionMode::kHardRight);
  ExactEngine l = Engine(left), r = Engine(right);
  EXPECT_EQ(l.Run(W(left, "babab")).value, Rational(1));
  EXPECT_EQ(r.Run(W(right, "babab")).value, Rational(3));
  EXPECT_EQ(l.Run(W(left, "bbb")).value, Rational(0));  // every position ties
  EXPECT_EQ(r.Run(W(right, "bbb")).value, Rational(2));
}

TEST(ExactEngineTest, StrictMaskAtTheFirstPositionGivesZero) {
  ModelBuilder b("strict", "ab");
  Feature one = b.Positional("one", PositionalFunction::kConstant);
  Feature seen = b.AddFeature("seen");
  b.AddLayer()
      .AddHead("before", AttentionMode::kSaturated, Mask::kStrict)
      .Average(one, seen);
  b.SetReadout(ReadoutPosition::kFirst, {{seen, 1}}, 0);
  Model m = *b.Build();
  ExactEngine e = Engine(m);
  Trace trace;
  EXPECT_EQ(e.Run(W(m, "abb"), &trace).value, Rational(0));
  EXPECT_TRUE(trace.layers[0].heads[0].attended[0].empty());
  EXPECT_THAT(trace.layers[0].heads[0].attended[2], ElementsAre(0, 1));
  EXPECT_EQ(trace.layers[0].residual[1][1],
            Rational(1));  // position 1 sees position 0
}

TEST(ExactEngineTest, ReadoutAcceptsOnlyPositiveValues) {
  for (const auto& [bias, accept] :
       std::vector<std::pair<Rational, bool>>{{Rational(0), false},
                                              {Rational(1, 1000000), true},
                                              {Rational(-1, 3), false}}) {
    ModelBuilder b("constant", "a");
    Feature f = b.AddFeature("f");
    b.SetReadout(ReadoutPosition::kLast, {{f, 1}}, bias);
    Model m = *b.Build();
    Decision d = Engine(m).Run(W(m, "aa"));
    EXPECT_EQ(d.value, bias);
    EXPECT_EQ(d.accept, accept) << bias;
  }
}

TEST(ExactEngineTest, UniformHeadAverages) {
  // zoo:majority: y = #1/n − 1/2 − 1/(4n); frac_ones is feature 2.
  Model m = *zoo::Build("majority");
  ExactEngine e = Engine(m);
  EXPECT_EQ(e.Run(W(m, "0110")).value, Rational(-1, 16));
  EXPECT_EQ(e.Run(W(m, "1110")).value, Rational(3, 16));
  EXPECT_EQ(e.Run(W(m, "1")).value, Rational(1, 4));
  EXPECT_EQ(e.Run(W(m, "")).value, Rational(-1, 2));
  Trace trace;
  e.Run(W(m, "011"), &trace);
  EXPECT_THAT(trace.layers[0].heads[0].attended[1], ElementsAre(0, 1, 2));
  EXPECT_EQ(trace.layers[0].residual[0][2], Rational(2, 3));
}

TEST(ExactEngineTest, RejectsSoftmaxHeadsNamingThem) {
  Model m = TieModel(AttentionMode::kSaturated);
  m.layers[0].heads[0].mode = AttentionMode::kSoftmax;
  absl::StatusOr<ExactEngine> e = ExactEngine::Create(m);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.status().message(), HasSubstr("layer 1, head 1 'find_a'"));
  EXPECT_THAT(e.status().message(),
              HasSubstr("softmax has no exact semantics"));
}

// 2^62 doubled through `layers` ReLU layers, minus 1/3.
Model DoublingModel(int layers) {
  ModelBuilder b("big", "a");
  Feature f = b.AddFeature("f");
  b.Embed('a', f, Rational(std::int64_t{1} << 62, 1));
  for (int l = 0; l < layers; ++l)
    b.AddLayer().Relu({{f, 1}}, 0, {{f, 1}});  // f <- 2 f
  b.SetReadout(ReadoutPosition::kLast, {{f, 1}}, Rational(-1, 3));
  return *b.Build();
}

// Values beyond int64: 2^66 is held by the 128-bit integers, 2^132 by GMP.
TEST(ExactEngineTest, FallsBackTo128BitsThenToArbitraryPrecision) {
  Model m = DoublingModel(4);
  ExactEngine e = Engine(m);
  Decision d = e.Run(W(m, "a"));
  EXPECT_EQ(d.value.ToString(),
            "221360928884514619391/3");  // (3 * 2^66 - 1) / 3
  EXPECT_EQ(d.value, testing::ReferenceRun(m, W(m, "a")));
  EXPECT_EQ(e.stats().wide_runs, 1);
  EXPECT_EQ(e.stats().big_runs, 0);
  EXPECT_TRUE(d.accept);

  Model huge = DoublingModel(70);
  ExactEngine h = Engine(huge);
  const Rational expected =
      Rational(mpq_class(mpz_class(1) << 132)) - Rational(1, 3);
  EXPECT_EQ(h.Run(W(huge, "a")).value, expected);
  EXPECT_EQ(h.Run(W(huge, "a")).value,
            testing::ReferenceRun(huge, W(huge, "a")));
  EXPECT_EQ(h.stats().wide_runs, 0);
  EXPECT_EQ(h.stats().big_runs, 2);
}

// Averages 1/(p+1)-valued features over the positions, one layer a prime,
// each scaling by 1/prime: denominators are products of the primes used.
Model PrimeDenominatorModel(const std::vector<std::int64_t>& primes) {
  ModelBuilder b("dens", "a");
  Feature inv = b.Positional("inv", PositionalFunction::kInversePosition);
  Feature acc = b.AddFeature("acc");
  for (std::int64_t p : primes) {
    b.AddLayer()
        .AddHead("mean", AttentionMode::kSaturated, Mask::kCausal)
        .Average(inv, acc, Rational(1, p));
  }
  b.SetReadout(ReadoutPosition::kLast, {{acc, 1}}, 0);
  return *b.Build();
}

// Denominators that outgrow int64 (four primes near 2^20 and lcm(1..25)),
// then 128 bits (eight primes).
TEST(ExactEngineTest, FallsBackWhenDenominatorsOverflow) {
  const std::vector<std::int64_t> primes = {1000003, 1000033, 1000037, 1000039,
                                            1000081, 1000099, 1000117, 1000121};
  const std::vector<std::int64_t> four(primes.begin(), primes.begin() + 4);
  for (const auto& [used, wide, big] :
       {std::tuple{four, 1, 0}, std::tuple{primes, 0, 1}}) {
    Model m = PrimeDenominatorModel(used);
    ExactEngine e = Engine(m);
    const Word w = W(m, "aaaaaaaaaaaaaaaaaaaaaaaaa");
    EXPECT_EQ(e.Run(w).value, testing::ReferenceRun(m, w));
    EXPECT_EQ(e.stats().wide_runs, wide) << used.size() << " primes";
    EXPECT_EQ(e.stats().big_runs, big) << used.size() << " primes";
  }
}

// The 128-bit arithmetic's comparison of a/ad and b/bd: on the lcm, or in GMP
// when that overflows; against GMP's own, on equal fractions in different
// terms, dyadic denominators and magnitudes near 2^126.
TEST(WideArithTest, CmpFractionsAgreesWithGmp) {
  std::mt19937_64 rng(128);
  const auto random128 = [&](int bits) {
    const auto hi = static_cast<unsigned __int128>(rng()) << 64;
    const unsigned __int128 v = (hi | rng()) >> (128 - bits);
    return static_cast<__int128>(v);
  };
  int ties = 0, fallbacks = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const int bits = 1 + static_cast<int>(rng() % 126);
    __int128 a = random128(bits) * (rng() % 2 ? 1 : -1);
    __int128 ad = 1 + random128(1 + static_cast<int>(rng() % 100));
    __int128 b = 0, bd = 1;
    switch (trial % 3) {
      case 0:  // the same value in other terms
        b = a, bd = ad;
        if (a / 4 * 4 == a && ad % 4 == 0) b = a / 4, bd = ad / 4;
        break;
      case 1:  // dyadic denominators
        ad = static_cast<__int128>(1) << (rng() % 100);
        bd = static_cast<__int128>(1) << (rng() % 100);
        b = random128(bits) * (rng() % 2 ? 1 : -1);
        break;
      default:
        b = random128(bits) * (rng() % 2 ? 1 : -1);
        bd = 1 + random128(1 + static_cast<int>(rng() % 100));
    }
    const mpq_class x(internal::ToMpz(a), internal::ToMpz(ad));
    const mpq_class y(internal::ToMpz(b), internal::ToMpz(bd));
    const int expected = cmp(x, y) < 0 ? -1 : (cmp(x, y) > 0 ? 1 : 0);
    ASSERT_EQ(internal::CmpFractions<__int128>(a, ad, b, bd), expected)
        << "trial " << trial;
    ties += expected == 0;
    try {
      internal::CheckedMul<__int128>(a, bd);
      internal::CheckedMul<__int128>(b, ad);
    } catch (const internal::ArithOverflow&) {
      ++fallbacks;
    }
  }
  EXPECT_GT(ties, 1000);
  EXPECT_GT(fallbacks, 1000);
}

// ---- Differential testing against the reference implementation ----

// Rounded dense networks of two and three layers (tests/lib/random_model.h):
// their values leave int64 and the 128-bit path runs them; it must give GMP's
// values exactly, with the fast attention paths and without, and the
// reference's.
TEST(ExactEngineDifferentialTest, RoundedDenseModelsAgreeWithGmpOn128Bits) {
  std::mt19937_64 rng(20261128);
  std::int64_t runs = 0, wide_runs = 0;
  for (int trial = 0; trial < 24; ++trial) {
    Model m = testing::GridRandomModel(rng, 8, 2 + trial % 2);
    ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m);
    ExactEngine fast = Engine(m);
    ExactEngine scores = Engine(m, {.fast_attention = false});
    ExactEngine big = Engine(m, {.force_big = true});
    for (const Word& w : AllWords(2, 6)) {
      const Decision d = fast.Run(w);
      ASSERT_EQ(d.value, big.Run(w).value)
          << "trial " << trial << " input '" << m.alphabet.Format(w) << "'\n"
          << WriteModelToString(m);
      ASSERT_EQ(scores.Run(w).value, d.value) << "trial " << trial;
      double abs_y = -1;
      ASSERT_EQ(fast.Accept(w, &abs_y), d.value.Sign() > 0);
      // |y| as a double, within an ulp (two ulps: GMP's get_d truncates).
      const double ref = std::fabs(d.value.ToDouble());
      ASSERT_LE(std::fabs(abs_y - ref), 2 * (std::nextafter(ref, 1e300) - ref))
          << "trial " << trial;
      if (w.size() <= 3) ASSERT_EQ(d.value, testing::ReferenceRun(m, w));
    }
    runs += fast.stats().runs;
    wide_runs += fast.stats().wide_runs;
  }
  // The 128-bit path, not GMP, ran most of them.
  EXPECT_GT(wide_runs, runs / 2);
}

TEST(ExactEngineDifferentialTest, RandomModelsAgreeWithTheReference) {
  std::mt19937_64 rng(20261123);
  int checked = 0;
  for (int trial = 0; trial < 150; ++trial) {
    Model m = RandomModel(rng);
    ASSERT_TRUE(ValidateModel(m).ok()) << ValidateModel(m);
    ExactEngine fast = Engine(m);
    ExactEngine big = Engine(m, {.force_big = true});
    absl::StatusOr<DoubleEngine> dbl = DoubleEngine::Create(m);
    ASSERT_TRUE(dbl.ok());
    for (const Word& w :
         AllWords(m.alphabet.size(), m.alphabet.size() == 2 ? 6 : 4)) {
      const Rational expected = testing::ReferenceRun(m, w);
      const Decision d = fast.Run(w);
      ASSERT_EQ(d.value, expected)
          << "trial " << trial << " input '" << m.alphabet.Format(w) << "'\n"
          << WriteModelToString(m);
      ASSERT_EQ(d.accept, expected.Sign() > 0);
      ASSERT_EQ(fast.Accept(w), d.accept);
      ASSERT_EQ(big.Run(w).value, expected) << "trial " << trial;
      ++checked;
    }
  }
  EXPECT_GT(checked, 5000);
}

TEST(ExactEngineDifferentialTest, FastAttentionPathsAgreeWithAllScores) {
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    Model m = trial % 2 ? StructuredRandomModel(rng) : RandomModel(rng);
    ExactEngine fast = Engine(m);
    ExactEngine slow = Engine(m, {.fast_attention = false});
    for (int i = 0; i < 30; ++i) {
      Word w(1 + rng() % 40);
      for (auto& s : w)
        s = static_cast<automata::Symbol>(rng() % m.alphabet.size());
      const Rational expected = slow.Run(w).value;
      ASSERT_EQ(fast.Run(w).value, expected)
          << "trial " << trial << " input '" << m.alphabet.Format(w) << "'\n"
          << WriteModelToString(m);
      ++checked;
    }
    // Traces take the all-scores path; the decision must not depend on tracing.
    Word w(5, 0);
    Trace trace;
    ASSERT_EQ(fast.Run(w, &trace).value, fast.Run(w).value);
  }
  EXPECT_EQ(checked, 9000);
}

TEST(ExactEngineDifferentialTest, ZooFastPathsAgreeWithAllScoresOnLongerWords) {
  std::mt19937_64 rng(11);
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    Model m = *e.build();
    ExactEngine fast = Engine(m);
    ExactEngine slow = Engine(m, {.fast_attention = false});
    for (int i = 0; i < 40; ++i) {
      Word w(rng() % 120);
      for (auto& s : w)
        s = static_cast<automata::Symbol>(rng() % m.alphabet.size());
      ASSERT_EQ(fast.Run(w).value, slow.Run(w).value)
          << e.name << " on '" << m.alphabet.Format(w) << "'";
    }
  }
}

// ---- Long inputs: the stream's shared-denominator columns, columns recycled
// after their last use (from 4096 positions on), hard heads added directly
// and the radix-sorted envelope, against GMP rationals (the same paths in
// arbitrary precision, no shared denominators) ----

Word RandomWord(std::mt19937_64& rng, const Model& m, int n) {
  Word w(n);
  for (auto& s : w)
    s = static_cast<automata::Symbol>(rng() % m.alphabet.size());
  return w;
}

TEST(ExactEngineLongInputTest, RandomModelsAgreeWithGmpPastTheRecyclingLength) {
  std::mt19937_64 rng(4096);
  for (int trial = 0; trial < 10; ++trial) {
    Model m = StructuredRandomModel(rng);
    ExactEngine fast = Engine(m);
    ExactEngine big = Engine(m, {.force_big = true});
    const Word w = RandomWord(rng, m, 4096 + static_cast<int>(rng() % 300));
    ASSERT_EQ(fast.Run(w).value, big.Run(w).value)
        << "trial " << trial << ", length " << w.size() << "\n"
        << WriteModelToString(m);
  }
}

// An MLP that reads and writes one feature with fractional weights: its
// output's denominator is fixed once for the layer, not grown chunk by chunk
// of positions (which would leave int64 and fall back to GMP).
TEST(ExactEngineLongInputTest, MlpReadingItsOwnOutputStaysInInt64) {
  ModelBuilder b("self", "ab");
  Feature f = b.TokenIndicator("is_a", 'a');
  Feature g = b.AddFeature("g");
  b.AddLayer().Relu({{f, Rational(1, 2)}}, Rational(1, 5),
                    {{f, Rational(1, 3)}});
  b.AddLayer()  // the first layer runs at every position
      .AddHead("mean", AttentionMode::kSaturated, Mask::kNone)
      .Average(f, g);
  b.SetReadout(ReadoutPosition::kLast, {{g, 1}}, Rational(-1, 2));
  Model m = *b.Build();
  ExactEngine fast = Engine(m);
  ExactEngine big = Engine(m, {.force_big = true});
  std::mt19937_64 rng(3);
  const Word w = RandomWord(rng, m, 60000);
  EXPECT_EQ(fast.Run(w).value, big.Run(w).value);
  EXPECT_EQ(fast.stats().big_runs, 0);
}

TEST(ExactEngineLongInputTest, ZooAgreesWithGmpOnLongWords) {
  std::mt19937_64 rng(5);
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    Model m = *e.build();
    ExactEngine fast = Engine(m);
    ExactEngine big = Engine(m, {.force_big = true});
    for (int n : {4100, 6000}) {
      const Word w = RandomWord(rng, m, n);
      ASSERT_EQ(fast.Run(w).value, big.Run(w).value)
          << e.name << ", length " << n;
    }
    EXPECT_EQ(fast.stats().big_runs, 0) << e.name;
  }
}

// Members of the zoo's languages, where every layer matters (a random word is
// rejected early by most constructions).
TEST(ExactEngineLongInputTest, ZooAcceptsLongMembers) {
  const int k = 3000;
  const std::vector<std::pair<std::string, std::string>> members = {
      {"majority", std::string(k, '0') + std::string(k + 1, '1')},
      {"parity", std::string(2 * k, '0') + "1"},
      {"dyck1", std::string(k, '(') + std::string(k, ')')},
      {"anbn", std::string(k, 'a') + std::string(k, 'b')},
      {"anbncn",
       std::string(k, 'a') + std::string(k, 'b') + std::string(k, 'c')},
      {"tomita1", std::string(2 * k, '1')},
      {"tomita2",
       [&] {
         std::string s;
         for (int i = 0; i < k; ++i) s += "10";
         return s;
       }()},
  };
  std::string dyck2;  // depth 3: ([()]) and [(())] repeated
  for (int i = 0; i < k / 5; ++i) dyck2 += "([()])[(())]";
  for (const auto& [name, text] : members) {
    Model m = *zoo::Build(name);
    ExactEngine e = Engine(m);
    EXPECT_TRUE(e.Run(W(m, text)).accept) << name;
  }
  Model m = *zoo::Build("dyck2-depth3");
  ExactEngine fast = Engine(m);
  ExactEngine big = Engine(m, {.force_big = true});
  const Decision d = fast.Run(W(m, dyck2));
  EXPECT_TRUE(d.accept);
  EXPECT_EQ(d.value, big.Run(W(m, dyck2)).value);
  // One bracket of the wrong kind, deep inside: rejected.
  dyck2[dyck2.size() / 2 + 2] = dyck2[dyck2.size() / 2 + 2] == '(' ? '[' : '(';
  EXPECT_FALSE(fast.Run(W(m, dyck2)).accept);
}

TEST(FixedEngineTest, RandomModelsAgreeWithGmp) {
  std::mt19937_64 rng(8);
  for (int trial = 0; trial < 200; ++trial) {
    Model m = trial % 2 ? StructuredRandomModel(rng) : RandomModel(rng);
    m.integer_bits = 12;
    const int p = static_cast<int>(rng() % 12);
    FixedEngine fast = *FixedEngine::Create(m, p);
    FixedEngine big = *FixedEngine::Create(m, p, {.force_big = true});
    for (int i = 0; i < 10; ++i) {
      const Word w = RandomWord(rng, m, static_cast<int>(rng() % 30));
      absl::StatusOr<Decision> a = fast.Run(w), b = big.Run(w);
      ASSERT_EQ(a.ok(), b.ok()) << a.status() << " vs " << b.status();
      if (a.ok()) {
        ASSERT_EQ(a->value, b->value) << "trial " << trial;
      } else {
        ASSERT_EQ(a.status().message(), b.status().message());
      }
    }
  }
}

TEST(ExactEngineTest, HardHeadsWhoseScoresAllTieTraceOnePosition) {
  Model m = *zoo::Build("tomita4");  // strict hard_right heads, no scores
  ExactEngine e = Engine(m);
  Trace trace;
  e.Run(W(m, "01001"), &trace);
  EXPECT_TRUE(trace.layers[0].heads[0].attended[0].empty());
  EXPECT_THAT(trace.layers[0].heads[0].attended[3], ElementsAre(2));
  Model first = *zoo::Build("first");  // hard_left, mask none
  ExactEngine f = Engine(first);
  f.Run(W(first, "0101"), &trace);
  EXPECT_THAT(trace.layers[0].heads[0].attended[2], ElementsAre(0));
}

TEST(TraceTest, EstimateCountsValuesAndMasks) {
  Model m = *zoo::Build("majority");  // one layer, a saturated head, mask none
  const int total = m.SequenceLength(10);
  EXPECT_EQ(EstimateTraceEntries(m, 10), 2 * total * m.dim() + total * total);
  Model t = *zoo::Build("tomita4");  // two tied hard heads, one hard_left none
  const int d = t.dim(), n = t.SequenceLength(100);
  EXPECT_EQ(EstimateTraceEntries(t, 100), 4 * n * d + n + n + n * n);
  EXPECT_GT(EstimateTraceEntries(*zoo::Build("dyck2-depth3"), 1000000),
            kMaxTraceEntries);
  // The float engine scores every key, tied or not: tomita4's two strict
  // heads and one mask-none head.
  EXPECT_EQ(FloatRunScores(t, 100), 2 * (n * (n - 1) / 2) + n * n);
  EXPECT_EQ(FloatRunScores(m, 10), total * total);
}

// Brute-force Dyck-1 membership, independent of automata/.
bool IsDyck1(const std::string& s) {
  int depth = 0;
  for (char c : s) {
    depth += c == '(' ? 1 : -1;
    if (depth < 0) return false;
  }
  return depth == 0;
}

TEST(ZooTest, MajorityAndDyck1AreExactOnEveryWordUpToLength12) {
  Model maj = *zoo::Build("majority");
  Model dyck = *zoo::Build("dyck1");
  ExactEngine em = Engine(maj), ed = Engine(dyck);
  for (const Word& w : AllWords(2, 12)) {
    int ones = 0;
    for (automata::Symbol s : w) ones += s;
    const int zeros = static_cast<int>(w.size()) - ones;
    ASSERT_EQ(em.Run(w).accept, ones > zeros) << maj.alphabet.Format(w);
    ASSERT_EQ(ed.Run(w).accept, IsDyck1(dyck.alphabet.Format(w)))
        << dyck.alphabet.Format(w);
  }
  EXPECT_EQ(ed.stats().big_runs, 0);
}

TEST(ZooTest, Dyck1OnALongString) {
  Model dyck = *zoo::Build("dyck1");
  ExactEngine e = Engine(dyck);
  std::string s(2000, '(');
  s += std::string(2000, ')');
  EXPECT_TRUE(e.Run(W(dyck, s)).accept);
  // Rotated by one: balanced, but the prefix before the last '(' is at depth
  // -1.
  std::string rotated = s.substr(1) + s[0];
  ASSERT_FALSE(IsDyck1(rotated));
  EXPECT_FALSE(e.Run(W(dyck, rotated)).accept);
}

TEST(ZooTest, UnknownNameListsTheZoo) {
  absl::StatusOr<Model> m = zoo::Build("parityy");
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(),
              HasSubstr("zoo:parityy: no such construction"));
  EXPECT_THAT(m.status().message(), HasSubstr("majority"));
}

}  // namespace
}  // namespace satcirc
