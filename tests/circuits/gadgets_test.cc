// Every gadget against integer arithmetic computed here, on every value of its
// operands at small widths (exhaustive simulation), plus its depth.
#include "circuits/gadgets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "absl/strings/str_cat.h"
#include "circuits/simulate.h"
#include "circuits/stats.h"

namespace satcirc::circuits {
namespace {

std::int64_t FloorDiv(std::int64_t a, std::int64_t d) {
  std::int64_t q = a / d;
  if (a % d != 0 && a < 0) --q;
  return q;
}

// Operand specs: width and signedness.
struct Spec {
  int width;
  bool is_signed;
};

// Builds operands as inputs, lets `make` build the result (a Number, or extra
// single-bit results), simulates every assignment and hands the decoded
// operand values and result values to `check`. Also checks that every result
// lies in its declared range.
class Exhaustive {
 public:
  explicit Exhaustive(std::vector<Spec> specs) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
      auto x = InputNumber(b_, absl::StrCat("a", i), specs[i].width,
                           specs[i].is_signed);
      EXPECT_TRUE(x.ok());
      operands_.push_back(*x);
    }
  }
  CircuitBuilder& b() { return b_; }
  const std::vector<Number>& operands() const { return operands_; }
  // Extra selector-style single inputs.
  GateId Bit(const std::string& name) {
    GateId g = b_.Input(name);
    bits_.push_back(g);
    return g;
  }

  void Run(const std::vector<Number>& results,
           const std::function<void(const std::vector<std::int64_t>& operands,
                                    const std::vector<bool>& bits,
                                    const std::vector<std::int64_t>& results)>&
               check) {
    int total_bits = 0;
    for (std::size_t r = 0; r < results.size(); ++r) {
      for (int j = 0; j < results[r].width(); ++j) {
        b_.AddOutput(absl::StrCat("r", r, "[", j, "]"), results[r].bits[j]);
      }
      total_bits += results[r].width();
    }
    ASSERT_TRUE(b_.status().ok()) << b_.status();
    const Circuit& c = b_.circuit();
    ASSERT_TRUE(c.Validate().ok());
    auto tables = ExhaustiveTruthTables(c);
    ASSERT_TRUE(tables.ok());
    const std::size_t k = c.inputs().size();
    std::vector<std::int64_t> ops(operands_.size()), res(results.size());
    std::vector<bool> bits(bits_.size());
    for (std::uint64_t a = 0; a < (std::uint64_t{1} << k); ++a) {
      std::size_t input = 0;
      for (std::size_t i = 0; i < operands_.size(); ++i) {
        std::vector<bool> v;
        for (int j = 0; j < operands_[i].width(); ++j)
          v.push_back((a >> input++) & 1);
        ops[i] = DecodeNumber(operands_[i], v);
      }
      for (std::size_t i = 0; i < bits_.size(); ++i)
        bits[i] = (a >> input++) & 1;
      std::size_t out = 0;
      for (std::size_t r = 0; r < results.size(); ++r) {
        std::vector<bool> v;
        for (int j = 0; j < results[r].width(); ++j, ++out) {
          v.push_back(((*tables)[out][a / 64] >> (a % 64)) & 1);
        }
        res[r] = DecodeNumber(results[r], v);
      }
      check(ops, bits, res);
      if (::testing::Test::HasFailure())
        return;  // one counterexample is enough
    }
    (void)total_bits;
  }

  // Depth of the deepest result bit.
  int Depth(const std::vector<Number>& results) {
    std::vector<int> depth = GateDepths(b_.circuit());
    int d = 0;
    for (const Number& n : results) {
      for (GateId g : n.bits) d = std::max(d, depth[g]);
    }
    return d;
  }

 private:
  CircuitBuilder b_;
  std::vector<Number> operands_;
  std::vector<GateId> bits_;
};

std::string Show(const std::vector<std::int64_t>& v) {
  std::string s;
  for (auto x : v) s += std::to_string(x) + " ";
  return s;
}

TEST(Gadgets, WidthFor) {
  EXPECT_EQ(WidthFor(0, 0), 0);
  EXPECT_EQ(WidthFor(0, 1), 1);
  EXPECT_EQ(WidthFor(0, 7), 3);
  EXPECT_EQ(WidthFor(0, 8), 4);
  EXPECT_EQ(WidthFor(-1, 0), 1);
  EXPECT_EQ(WidthFor(-8, 7), 4);
  EXPECT_EQ(WidthFor(-9, 7), 5);
  EXPECT_EQ(WidthFor(-8, 8), 5);
  EXPECT_EQ(WidthFor(-5, -3), 4);
}

struct SumCase {
  std::vector<Spec> specs;
  std::vector<std::int64_t> coefficients;
  std::int64_t constant;
};

class WeightedSumTest : public ::testing::TestWithParam<SumCase> {};

TEST_P(WeightedSumTest, MatchesIntegerArithmetic) {
  const SumCase& p = GetParam();
  Exhaustive e(p.specs);
  std::vector<Term> terms;
  for (std::size_t i = 0; i < p.specs.size(); ++i) {
    terms.push_back({e.operands()[i], p.coefficients[i]});
  }
  auto sum = WeightedSum(e.b(), terms, p.constant);
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_LE(e.Depth({*sum}), 2);
  e.Run({*sum}, [&](auto& ops, auto&, auto& res) {
    std::int64_t want = p.constant;
    for (std::size_t i = 0; i < ops.size(); ++i)
      want += p.coefficients[i] * ops[i];
    ASSERT_EQ(res[0], want) << "operands " << Show(ops);
    ASSERT_GE(want, sum->lo);
    ASSERT_LE(want, sum->hi);
  });
}

INSTANTIATE_TEST_SUITE_P(
    Gadgets, WeightedSumTest,
    ::testing::Values(
        SumCase{{{3, false}, {3, false}, {3, false}}, {1, 1, 1}, 0},
        SumCase{{{3, true}, {3, false}, {3, true}}, {3, -2, 5}, 0},
        SumCase{{{4, true}, {4, true}}, {-7, 1}, 11},
        SumCase{{{3, false}, {3, true}, {3, false}}, {-1, -1, -1}, -3},
        SumCase{{{5, true}, {4, false}}, {1, -1}, 0},
        SumCase{{{4, false}, {4, false}}, {6, 10}, -100},
        SumCase{{{6, true}}, {-1}, 0},
        SumCase{{{2, false}, {2, false}, {2, false}, {2, false}, {2, false}},
                {1, 2, 3, 4, 5},
                7}));

TEST(Gadgets, AddAndSubtract) {
  Exhaustive e({{5, true}, {4, false}});
  auto add = Add(e.b(), e.operands()[0], e.operands()[1]);
  auto sub = Subtract(e.b(), e.operands()[0], e.operands()[1]);
  ASSERT_TRUE(add.ok() && sub.ok());
  e.Run({*add, *sub}, [&](auto& ops, auto&, auto& res) {
    ASSERT_EQ(res[0], ops[0] + ops[1]);
    ASSERT_EQ(res[1], ops[0] - ops[1]);
  });
}

TEST(Gadgets, MultiplyConstant) {
  for (std::int64_t c : {-5, -1, 0, 1, 3, 4, 7, -8, 100}) {
    Exhaustive e({{6, true}});
    auto r = MultiplyConstant(e.b(), e.operands()[0], c);
    ASSERT_TRUE(r.ok());
    e.Run({*r}, [&](auto& ops, auto&, auto& res) {
      ASSERT_EQ(res[0], c * ops[0]) << "c = " << c;
    });
  }
}

TEST(Gadgets, Multiply) {
  for (auto [x, y] :
       std::vector<std::pair<Spec, Spec>>{{{4, true}, {4, false}},
                                          {{4, true}, {4, true}},
                                          {{5, false}, {3, false}},
                                          {{3, true}, {5, true}},
                                          {{1, false}, {6, true}}}) {
    Exhaustive e({x, y});
    auto r = Multiply(e.b(), e.operands()[0], e.operands()[1]);
    ASSERT_TRUE(r.ok());
    EXPECT_LE(e.Depth({*r}), 3);
    e.Run({*r}, [&](auto& ops, auto&, auto& res) {
      ASSERT_EQ(res[0], ops[0] * ops[1]) << Show(ops);
    });
  }
}

TEST(Gadgets, SumOfProducts) {
  for (std::int64_t d : {1, 3, 4}) {
    Exhaustive e({{3, true}, {2, false}, {2, true}, {3, false}});
    const auto& o = e.operands();
    Product p[2] = {{o[0], o[1], 1}, {o[2], o[3], -3}};
    Term t{o[1], 5};
    auto r = SumOfProducts(e.b(), p, {&t, 1}, 2, d);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_LE(e.Depth({*r}), d == 1 ? 3 : 4);
    e.Run({*r}, [&](auto& ops, auto&, auto& res) {
      ASSERT_EQ(
          res[0],
          FloorDiv(2 + ops[0] * ops[1] - 3 * ops[2] * ops[3] + 5 * ops[1], d))
          << Show(ops) << " d = " << d;
    });
  }
}

TEST(Gadgets, LinearFormsCompareWithoutMaterializing) {
  Exhaustive e({{3, true}, {2, false}, {2, true}, {3, false}});
  const auto& o = e.operands();
  CircuitBuilder& b = e.b();
  // Two "scores": q·k₁ = o0·o1 + 2·o2 and q·k₂ = o0·o3 − o1.
  Product p1[1] = {{o[0], o[1], 1}};
  Term t1[1] = {{o[2], 2}};
  Product p2[1] = {{o[0], o[3], 1}};
  Term t2[1] = {{o[1], -1}};
  auto s1 = SumOfProductsForm(b, p1, t1);
  auto s2 = SumOfProductsForm(b, p2, t2, 3);
  ASSERT_TRUE(s1.ok() && s2.ok());
  auto ge = GreaterEqual(b, *s1, *s2);
  auto gt = GreaterThan(b, *s1, *s2);
  auto bits = Materialize(b, *s1);
  LinearForm forms[3] = {*s1, *s2, FormOf(b, o[3])};
  auto am = ArgmaxIndicators(b, forms, Ties::kLeftmost);
  ASSERT_TRUE(ge.ok() && gt.ok() && bits.ok() && am.ok());
  std::vector<Number> r = {BitNumber(*ge), BitNumber(*gt), *bits};
  for (GateId g : *am) r.push_back(BitNumber(g));
  EXPECT_EQ(e.Depth({r[0], r[1]}), 2);        // partial products, compare
  EXPECT_EQ(e.Depth({r[3], r[4], r[5]}), 3);  // ... then AND
  EXPECT_EQ(e.Depth({r[2]}), 3);              // partial products, bits
  e.Run(r, [&](auto& ops, auto&, auto& res) {
    const std::int64_t a = ops[0] * ops[1] + 2 * ops[2],
                       c = ops[0] * ops[3] - ops[1] + 3;
    ASSERT_EQ(res[0], a >= c) << Show(ops);
    ASSERT_EQ(res[1], a > c) << Show(ops);
    ASSERT_EQ(res[2], a);
    const std::int64_t v[3] = {a, c, ops[3]};
    const std::int64_t m = std::max({a, c, ops[3]});
    const int first = v[0] == m ? 0 : v[1] == m ? 1 : 2;
    for (int q = 0; q < 3; ++q) ASSERT_EQ(res[3 + q], q == first) << Show(ops);
  });
}

TEST(Gadgets, Relu) {
  Exhaustive e({{5, true}});
  Number r = Relu(e.b(), e.operands()[0]);
  EXPECT_LE(e.Depth({r}), 1);
  e.Run({r}, [&](auto& ops, auto&, auto& res) {
    ASSERT_EQ(res[0], std::max<std::int64_t>(0, ops[0]));
  });
}

TEST(Gadgets, DivideFloorRoundsTowardsMinusInfinity) {
  for (bool is_signed : {true, false}) {
    for (std::int64_t d = 1; d <= 9; ++d) {
      Exhaustive e({{6, is_signed}});
      auto q = DivideFloor(e.b(), e.operands()[0], d);
      ASSERT_TRUE(q.ok());
      EXPECT_LE(e.Depth({*q}), 3);
      e.Run({*q}, [&](auto& ops, auto&, auto& res) {
        ASSERT_EQ(res[0], FloorDiv(ops[0], d)) << ops[0] << " / " << d;
      });
    }
  }
}

TEST(Gadgets, WeightedSumDivideFloor) {
  for (std::int64_t d : {2, 3, 5, 7, 12}) {
    Exhaustive e({{4, true}, {3, false}, {3, true}});
    Term t[3] = {
        {e.operands()[0], 3}, {e.operands()[1], -2}, {e.operands()[2], 1}};
    auto q = WeightedSumDivideFloor(e.b(), t, 5, d);
    ASSERT_TRUE(q.ok());
    EXPECT_LE(e.Depth({*q}), 3);
    e.Run({*q}, [&](auto& ops, auto&, auto& res) {
      ASSERT_EQ(res[0], FloorDiv(5 + 3 * ops[0] - 2 * ops[1] + ops[2], d))
          << Show(ops);
    });
  }
  Exhaustive e({{3, false}});
  Term t{e.operands()[0], 1};
  EXPECT_FALSE(WeightedSumDivideFloor(e.b(), {&t, 1}, 0, 0).ok());
}

TEST(Gadgets, Shifts) {
  Exhaustive e({{6, true}, {5, false}});
  std::vector<Number> results;
  for (int s = 0; s <= 7; ++s)
    results.push_back(ShiftRightFloor(e.operands()[0], s));
  for (int s = 0; s <= 7; ++s)
    results.push_back(ShiftRightFloor(e.operands()[1], s));
  auto left = ShiftLeft(e.b(), e.operands()[0], 3);
  ASSERT_TRUE(left.ok());
  results.push_back(*left);
  EXPECT_EQ(e.Depth(results), 0);
  e.Run(results, [&](auto& ops, auto&, auto& res) {
    for (int s = 0; s <= 7; ++s) {
      ASSERT_EQ(res[s], FloorDiv(ops[0], std::int64_t{1} << s));
      ASSERT_EQ(res[8 + s], ops[1] >> s);
    }
    ASSERT_EQ(res[16], ops[0] * 8);
  });
}

TEST(Gadgets, Comparisons) {
  Exhaustive e({{4, true}, {3, false}});
  const Number& x = e.operands()[0];
  const Number& y = e.operands()[1];
  CircuitBuilder& b = e.b();
  std::vector<Number> r = {BitNumber(GreaterEqual(b, x, y)),
                           BitNumber(GreaterThan(b, x, y)),
                           BitNumber(Equal(b, x, y)),
                           BitNumber(GreaterEqualConstant(b, x, -3)),
                           BitNumber(EqualConstant(b, x, -3)),
                           BitNumber(EqualConstant(b, y, 5)),
                           BitNumber(InRange(b, x, -2, 4)),
                           BitNumber(GreaterEqual(b, y, x)),
                           BitNumber(EqualConstant(b, y, 9)),
                           BitNumber(GreaterEqualConstant(b, y, 0))};
  EXPECT_LE(e.Depth({r[0], r[1], r[3], r[4], r[5]}), 1);
  EXPECT_LE(e.Depth(r), 2);
  e.Run(r, [&](auto& ops, auto&, auto& res) {
    const std::int64_t a = ops[0], c = ops[1];
    ASSERT_EQ(res[0], a >= c);
    ASSERT_EQ(res[1], a > c);
    ASSERT_EQ(res[2], a == c);
    ASSERT_EQ(res[3], a >= -3);
    ASSERT_EQ(res[4], a == -3);
    ASSERT_EQ(res[5], c == 5);
    ASSERT_EQ(res[6], a >= -2 && a <= 4);
    ASSERT_EQ(res[7], c >= a);
    ASSERT_EQ(res[8], 0);
    ASSERT_EQ(res[9], 1);
  });
}

TEST(Gadgets, SelectAndOneHot) {
  Exhaustive e({{3, true}, {3, false}, {2, false}});
  GateId cond = e.Bit("cond");
  Number sel = Select(e.b(), cond, e.operands()[0], e.operands()[1]);
  GateId s[3] = {e.Bit("s0"), e.Bit("s1"), e.Bit("s2")};
  Number onehot = SelectOneHot(e.b(), s, e.operands());
  EXPECT_LE(e.Depth({sel, onehot}), 2);
  e.Run({sel, onehot}, [&](auto& ops, auto& bits, auto& res) {
    ASSERT_EQ(res[0], bits[0] ? ops[0] : ops[1]);
    const int count = bits[1] + bits[2] + bits[3];
    if (count <= 1) {
      std::int64_t want = 0;
      for (int q = 0; q < 3; ++q) {
        if (bits[1 + q]) want = ops[q];
      }
      ASSERT_EQ(res[1], want) << Show(ops);
    }
  });
}

TEST(Gadgets, MaximumAndArgmax) {
  Exhaustive e({{3, true}, {3, false}, {2, false}, {3, true}});
  std::vector<Number> r;
  r.push_back(Maximum(e.b(), e.operands()));
  for (Ties ties : {Ties::kAll, Ties::kLeftmost, Ties::kRightmost}) {
    for (GateId g : ArgmaxIndicators(e.b(), e.operands(), ties))
      r.push_back(BitNumber(g));
  }
  EXPECT_LE(e.Depth({r[0]}), 3);
  EXPECT_LE(e.Depth(r), 3);
  e.Run(r, [&](auto& ops, auto&, auto& res) {
    const std::int64_t m = *std::max_element(ops.begin(), ops.end());
    ASSERT_EQ(res[0], m) << Show(ops);
    const int first = std::find(ops.begin(), ops.end(), m) - ops.begin();
    const int last = ops.rend() - std::find(ops.rbegin(), ops.rend(), m) - 1;
    for (int q = 0; q < 4; ++q) {
      ASSERT_EQ(res[1 + q], ops[q] == m) << Show(ops);
      ASSERT_EQ(res[5 + q], q == first) << Show(ops);
      ASSERT_EQ(res[9 + q], q == last) << Show(ops);
    }
  });
}

class AverageTest : public ::testing::TestWithParam<AverageOptions::Method> {};

TEST_P(AverageTest, SelectedAverageFloor) {
  const AverageOptions::Method method = GetParam();
  for (auto specs : std::vector<std::vector<Spec>>{
           {{3, true}, {3, false}, {2, true}},
           {{2, false}, {2, false}, {2, false}, {2, false}},
           {{4, true}, {4, true}},
           {{5, true}, {1, false}, {4, false}}}) {
    Exhaustive e(specs);
    std::vector<GateId> s;
    for (std::size_t q = 0; q < specs.size(); ++q)
      s.push_back(e.Bit(absl::StrCat("s", q)));
    auto avg = SelectedAverageFloor(e.b(), s, e.operands(), {.method = method});
    ASSERT_TRUE(avg.ok()) << avg.status();
    EXPECT_LE(e.Depth({*avg}),
              method == AverageOptions::Method::kDivision ? 6 : 3);
    e.Run({*avg}, [&](auto& ops, auto& bits, auto& res) {
      std::int64_t sum = 0, count = 0;
      for (std::size_t q = 0; q < ops.size(); ++q) {
        if (bits[q]) {
          sum += ops[q];
          ++count;
        }
      }
      ASSERT_EQ(res[0], count == 0 ? 0 : FloorDiv(sum, count)) << Show(ops);
    });
  }
}

INSTANTIATE_TEST_SUITE_P(Gadgets, AverageTest,
                         ::testing::Values(AverageOptions::Method::kAuto,
                                           AverageOptions::Method::kThermometer,
                                           AverageOptions::Method::kDivision));

TEST(Gadgets, AverageRoundedToFractionalBits) {
  // Values with 0 fractional bits, average rounded down to 2 fractional bits:
  // ⌊4·Σv/c⌋ / 4.
  Exhaustive e({{3, false}, {3, false}, {3, false}});
  std::vector<Number> scaled;
  for (const Number& v : e.operands())
    scaled.push_back(*ShiftLeft(e.b(), v, 2));
  std::vector<GateId> s = {e.Bit("s0"), e.Bit("s1"), e.Bit("s2")};
  auto avg = SelectedAverageFloor(e.b(), s, scaled);
  ASSERT_TRUE(avg.ok());
  e.Run({*avg}, [&](auto& ops, auto& bits, auto& res) {
    std::int64_t sum = 0, count = 0;
    for (int q = 0; q < 3; ++q) {
      if (bits[q]) sum += ops[q], ++count;
    }
    ASSERT_EQ(res[0], count == 0 ? 0 : FloorDiv(4 * sum, count));
  });
}

TEST(Gadgets, IteratedAdditionDepthDoesNotGrowWithOperands) {
  int depth[2];
  std::size_t sizes[2];
  int k = 0;
  for (int n : {4, 64}) {
    CircuitBuilder b;
    std::vector<Term> terms;
    for (int i = 0; i < n; ++i) {
      auto x = InputNumber(b, absl::StrCat("x", i), 4, i % 2 == 0);
      ASSERT_TRUE(x.ok());
      terms.push_back({*x, (i % 5) - 2});
    }
    auto sum = WeightedSum(b, terms, 3);
    ASSERT_TRUE(sum.ok());
    std::vector<int> d = GateDepths(b.circuit());
    depth[k] = 0;
    for (GateId g : sum->bits) depth[k] = std::max(depth[k], d[g]);
    sizes[k] = b.circuit().num_gates();
    // The size bound of gadgets.h: per result bit ≤ 2(N + 2) + 1 gates.
    const std::size_t inputs = 4 * n, m = sum->width();
    EXPECT_LE(sizes[k] - inputs, m * (2 * (inputs + 2) + 1) + 2) << "n = " << n;
    ++k;
  }
  EXPECT_EQ(depth[0], 2);
  EXPECT_EQ(depth[1], 2);
  EXPECT_GT(sizes[1], sizes[0]);
}

TEST(Gadgets, ArgmaxAndAverageDepthDoNotGrowWithPositions) {
  std::vector<int> argmax_depth, average_depth;
  for (int n : {3, 12}) {
    CircuitBuilder b;
    std::vector<Number> v;
    std::vector<GateId> s;
    for (int i = 0; i < n; ++i) {
      v.push_back(*InputNumber(b, absl::StrCat("v", i), 3, true));
      s.push_back(b.Input(absl::StrCat("s", i)));
    }
    std::vector<GateId> am = ArgmaxIndicators(b, v);
    auto avg = SelectedAverageFloor(b, am, v);
    ASSERT_TRUE(avg.ok());
    std::vector<int> d = GateDepths(b.circuit());
    int da = 0, dv = 0;
    for (GateId g : am) da = std::max(da, d[g]);
    for (GateId g : avg->bits) dv = std::max(dv, d[g]);
    argmax_depth.push_back(da);
    average_depth.push_back(dv);
  }
  EXPECT_EQ(argmax_depth[0], argmax_depth[1]);
  EXPECT_EQ(average_depth[0], average_depth[1]);
  EXPECT_LE(average_depth[1], 2 + 6);
}

// Wider operands than exhaustive simulation allows: random assignments, 64 at
// a time through the bit-parallel simulator, against int64 arithmetic. Covers
// both bit-extraction methods and large weights.
TEST(Gadgets, WideRandomSumsProductsAndDivisions) {
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 12; ++trial) {
    CircuitBuilder b;
    std::vector<Number> x;
    std::vector<Term> terms;
    const int n = 2 + trial % 5;
    for (int i = 0; i < n; ++i) {
      const int width = 6 + static_cast<int>(rng() % 11);
      x.push_back(*InputNumber(b, absl::StrCat("x", i), width, rng() % 2));
      std::int64_t coefficient = static_cast<std::int64_t>(rng() % 2001) - 1000;
      if (trial % 3 == 0)
        coefficient = static_cast<std::int64_t>(rng() % 7) - 3;
      terms.push_back({x.back(), coefficient});
    }
    const std::int64_t constant =
        static_cast<std::int64_t>(rng() % 100001) - 50000;
    const std::int64_t d = 1 + static_cast<std::int64_t>(rng() % 37);
    auto sum = WeightedSum(b, terms, constant);
    auto quotient = WeightedSumDivideFloor(b, terms, constant, d);
    auto product = Multiply(b, x[0], x[1]);
    ASSERT_TRUE(sum.ok() && quotient.ok() && product.ok());
    std::vector<Number> results = {*sum, *quotient, *product};
    for (std::size_t r = 0; r < results.size(); ++r) {
      for (int j = 0; j < results[r].width(); ++j) {
        b.AddOutput(absl::StrCat("r", r, "_", j), results[r].bits[j]);
      }
    }
    const Circuit& c = b.circuit();
    BitParallelSimulator sim(c);
    std::vector<std::uint64_t> in(c.inputs().size());
    for (int round = 0; round < 8; ++round) {
      for (auto& w : in) w = rng();
      const std::vector<std::uint64_t> out = sim.RunOutputs(in);
      for (int lane = 0; lane < 64; ++lane) {
        std::size_t input = 0, output = 0;
        std::vector<std::int64_t> v;
        for (const Number& num : x) {
          std::vector<bool> bits;
          for (int j = 0; j < num.width(); ++j)
            bits.push_back((in[input++] >> lane) & 1);
          v.push_back(DecodeNumber(num, bits));
        }
        std::vector<std::int64_t> got;
        for (const Number& num : results) {
          std::vector<bool> bits;
          for (int j = 0; j < num.width(); ++j)
            bits.push_back((out[output++] >> lane) & 1);
          got.push_back(DecodeNumber(num, bits));
        }
        std::int64_t want = constant;
        for (int i = 0; i < n; ++i) want += terms[i].coefficient * v[i];
        ASSERT_EQ(got[0], want) << "trial " << trial << " " << Show(v);
        ASSERT_EQ(got[1], FloorDiv(want, d)) << "trial " << trial << " d " << d;
        ASSERT_EQ(got[2], v[0] * v[1]) << "trial " << trial;
      }
    }
  }
}

TEST(Gadgets, OverflowIsAStatusNotAWrap) {
  CircuitBuilder b;
  auto wide = InputNumber(b, "w", 70, true);
  EXPECT_FALSE(wide.ok());
  auto x = InputNumber(b, "x", 40, true);
  ASSERT_TRUE(x.ok());
  Term t[2] = {{*x, std::int64_t{1} << 30}, {*x, 3}};
  auto sum = WeightedSum(b, t);
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_FALSE(ShiftLeft(b, *x, 30).ok());
  auto small = Resize(b, *x, 8, true);
  EXPECT_FALSE(small.ok());
  EXPECT_THAT(std::string(small.status().message()),
              ::testing::HasSubstr("do not fit"));
  EXPECT_TRUE(b.status().ok());  // nothing half-built went wrong in the builder
}

TEST(Gadgets, ResizeKeepsTheValue) {
  Exhaustive e({{3, true}, {3, false}});
  auto a = Resize(e.b(), e.operands()[0], 6, true);
  auto c = Resize(e.b(), e.operands()[1], 5, true);
  auto d = Resize(e.b(), e.operands()[1], 3, false);
  ASSERT_TRUE(a.ok() && c.ok() && d.ok());
  EXPECT_FALSE(Resize(e.b(), e.operands()[0], 6, false).ok());
  e.Run({*a, *c, *d}, [&](auto& ops, auto&, auto& res) {
    ASSERT_EQ(res[0], ops[0]);
    ASSERT_EQ(res[1], ops[1]);
    ASSERT_EQ(res[2], ops[1]);
  });
}

}  // namespace
}  // namespace satcirc::circuits
