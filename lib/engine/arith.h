// The arithmetics an engine can run on (internal to lib/). An engine is written
// once (lib/engine/engine_core.h) over a policy that says how vectors are
// stored and combined:
//
//   SmallExactArith  exact: a vector is int64 numerators over one shared int64
//                    denominator; every operation is checked and throws
//                    ArithOverflow when a value leaves int64. Linear maps,
//                    score maxima and averages are then plain integer work.
//   WideExactArith   the same over __int128 (one template, IntExactArith<I>):
//                    for the values a rounded network's second layer makes
//                    (denominators 2^40 and more), which leave int64 but not
//                    128 bits. Taken when the int64 run overflows.
//   BigExactArith    exact: GMP rationals; never overflows; the last fallback.
//   DoubleArith      IEEE double with the same discrete semantics (ties are
//                    exact double equality); used to measure what exactness
//                    costs.
#ifndef SATCIRC_LIB_ENGINE_ARITH_H_
#define SATCIRC_LIB_ENGINE_ARITH_H_

#include <gmpxx.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <type_traits>
#include <vector>

#include "lib/base/rational.h"
#include "lib/model/model.h"

namespace satcirc::internal {

// Thrown by IntExactArith<I> when a value would leave I; caught by the exact
// engine, which then reruns the input on the next arithmetic (int64, then
// __int128, then GMP). It never escapes lib/.
struct ArithOverflow {};

// ---- Checked integer helpers, for int64 and __int128 ----
// The exact integer arithmetics (IntExactArith<I> below) are one template over
// the integer type. The helpers take their type explicitly (CheckedMul<I>), so
// that an int64 argument is widened and never deduced into a second overload;
// the unqualified int64 overloads serve the rest of lib/engine.
template <typename I>
struct IntTraits;
template <>
struct IntTraits<std::int64_t> {
  using Unsigned = std::uint64_t;
  // The product of two int64 values always fits in it: exact
  // cross-multiplication.
  using Wider = __int128;
  static constexpr std::int64_t kMax = INT64_MAX;
};
template <>
struct IntTraits<__int128> {
  using Unsigned = unsigned __int128;
  using Wider = void;  // none: products are checked
  static constexpr __int128 kMax =
      static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);
};
template <typename T>
using Same = std::type_identity_t<T>;  // keeps T from being deduced

// a / b and a % b for b > 0. Over __int128 a 64-bit instruction when both fit:
// libgcc's 128-bit division is a call, and a wide run's denominators mostly
// fit in 64 bits even when its numerators do not.
template <typename I>
I Quot(Same<I> a, Same<I> b) {
  if constexpr (sizeof(I) > 8) {
    if (a == static_cast<std::int64_t>(a) && b == static_cast<std::int64_t>(b))
      return static_cast<std::int64_t>(a) / static_cast<std::int64_t>(b);
  }
  return a / b;
}
template <typename I>
I Rem(Same<I> a, Same<I> b) {
  if constexpr (sizeof(I) > 8) {
    if (a == static_cast<std::int64_t>(a) && b == static_cast<std::int64_t>(b))
      return static_cast<std::int64_t>(a) % static_cast<std::int64_t>(b);
  }
  return a % b;
}
template <typename U>
U URem(Same<U> a, Same<U> b) {
  if constexpr (sizeof(U) > 8) {
    if ((a >> 64) == 0 && (b >> 64) == 0)
      return static_cast<std::uint64_t>(a) % static_cast<std::uint64_t>(b);
  }
  return a % b;
}

template <typename I>
I CheckedMul(Same<I> a, Same<I> b) {
  if constexpr (sizeof(I) > 8) {  // factors that fit in int64 cannot overflow
    if (a == static_cast<std::int64_t>(a) && b == static_cast<std::int64_t>(b))
      return a * b;
  }
  I r;
  if (__builtin_mul_overflow(a, b, &r)) throw ArithOverflow{};
  return r;
}
template <typename I>
I CheckedAdd(Same<I> a, Same<I> b) {
  I r;
  if (__builtin_add_overflow(a, b, &r)) throw ArithOverflow{};
  return r;
}
template <typename I>
I CheckedSub(Same<I> a, Same<I> b) {
  I r;
  if (__builtin_sub_overflow(a, b, &r)) throw ArithOverflow{};
  return r;
}
// Trailing zero bits of a nonzero unsigned value.
inline int Ctz(std::uint64_t x) { return __builtin_ctzll(x); }
inline int Ctz(unsigned __int128 x) {
  const auto low = static_cast<std::uint64_t>(x);
  return low != 0 ? __builtin_ctzll(low)
                  : 64 + __builtin_ctzll(static_cast<std::uint64_t>(x >> 64));
}
// Binary GCD of magnitudes; gcd(0, b) = b.
template <typename U>
U Gcd(Same<U> a, Same<U> b) {
  if (a == 0) return b;
  if (b == 0) return a;
  if constexpr (sizeof(U) > 8) {
    if ((a >> 64) == 0 && (b >> 64) == 0) {
      return Gcd<std::uint64_t>(static_cast<std::uint64_t>(a),
                                static_cast<std::uint64_t>(b));
    }
  }
  const int shift = Ctz(a | b);
  a >>= Ctz(a);
  do {
    b >>= Ctz(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}
// The most negative value is never produced by the checked operations'
// callers (its magnitude does not fit), so Abs is safe here.
template <typename I>
typename IntTraits<I>::Unsigned Abs(Same<I> x) {
  using U = typename IntTraits<I>::Unsigned;
  return x < 0 ? U{0} - static_cast<U>(x) : static_cast<U>(x);
}
template <typename I>
I CheckedLcm(Same<I> a, Same<I> b) {  // a, b > 0
  // One divides the other in most calls (denominators N and N², 1 and d): a
  // division is cheaper than a gcd, and equality than a division.
  if (a == b) return a;
  if (Rem<I>(a, b) == 0) return a;
  if (Rem<I>(b, a) == 0) return b;
  using U = typename IntTraits<I>::Unsigned;
  return CheckedMul<I>(Quot<I>(a, static_cast<I>(Gcd<U>(a, b))), b);
}
inline std::int64_t CheckedMul(std::int64_t a, std::int64_t b) {
  return CheckedMul<std::int64_t>(a, b);
}
inline std::int64_t CheckedAdd(std::int64_t a, std::int64_t b) {
  return CheckedAdd<std::int64_t>(a, b);
}
inline std::int64_t CheckedSub(std::int64_t a, std::int64_t b) {
  return CheckedSub<std::int64_t>(a, b);
}
inline std::uint64_t Gcd(std::uint64_t a, std::uint64_t b) {
  return Gcd<std::uint64_t>(a, b);
}
inline std::uint64_t Abs(std::int64_t x) { return Abs<std::int64_t>(x); }
inline std::int64_t CheckedLcm(std::int64_t a, std::int64_t b) {
  return CheckedLcm<std::int64_t>(a, b);
}

inline mpz_class ToMpz(std::int64_t x) {
  return mpz_class(static_cast<long>(x));
}
inline mpz_class ToMpz(__int128 x) {
  const unsigned __int128 m = Abs<__int128>(x);
  mpz_class r(static_cast<unsigned long>(m >> 64));
  r <<= 64;
  r += static_cast<unsigned long>(static_cast<std::uint64_t>(m));
  return x < 0 ? mpz_class(-r) : r;
}
template <typename I>
Rational RationalOf(I num, I den) {  // den > 0
  if constexpr (std::is_same_v<I, std::int64_t>) {
    return Rational(num, den);
  } else {
    return Rational(mpq_class(ToMpz(num), ToMpz(den)));
  }
}
// sign(a/ad − b/bd) for ad, bd > 0, exactly. Over int64 by 128-bit
// cross-multiplication; over __int128 on the lcm of the denominators (equal
// or dividing each other in dyadic networks), and in GMP when that overflows.
template <typename I>
int CmpFractions(I a, I ad, I b, I bd) {
  if (ad == bd) return a < b ? -1 : (a > b ? 1 : 0);
  using W = typename IntTraits<I>::Wider;
  if constexpr (!std::is_void_v<W>) {
    const W l = static_cast<W>(a) * bd, r = static_cast<W>(b) * ad;
    return l < r ? -1 : (l > r ? 1 : 0);
  } else {
    try {
      const I m = CheckedLcm<I>(ad, bd);
      const I l = CheckedMul<I>(a, m / ad), r = CheckedMul<I>(b, m / bd);
      return l < r ? -1 : (l > r ? 1 : 0);
    } catch (const ArithOverflow&) {
      const mpz_class l = ToMpz(a) * ToMpz(bd), r = ToMpz(b) * ToMpz(ad);
      return cmp(l, r) < 0 ? -1 : (cmp(l, r) > 0 ? 1 : 0);
    }
  }
}
// ⌊v · scale / den⌋ (den > 0); ArithOverflow when it leaves I.
template <typename I>
I FloorMulDiv(I v, I scale, I den) {
  using W = typename IntTraits<I>::Wider;
  if constexpr (!std::is_void_v<W>) {
    const W t = static_cast<W>(v) * scale;
    W q = t / den;
    if (t % den != 0 && t < 0) --q;  // floor, not truncation
    if (q > IntTraits<I>::kMax || q < -IntTraits<I>::kMax - 1)
      throw ArithOverflow{};
    return static_cast<I>(q);
  } else {
    const I t = CheckedMul<I>(v, scale);
    I q = t / den;
    if (t % den != 0 && t < 0) --q;
    return q;
  }
}
// Whether den divides v · scale (den > 0); ArithOverflow when the product
// leaves I (never for int64).
template <typename I>
bool MulDivisible(I v, I scale, I den) {
  using W = typename IntTraits<I>::Wider;
  if constexpr (!std::is_void_v<W>) {
    return (static_cast<W>(v) * scale) % den == 0;
  } else {
    return CheckedMul<I>(v % den, scale) % den == 0;
  }
}
// Whether −2^bits ≤ num/den < 2^bits (den > 0, bits ≤ 62).
template <typename I>
bool InShiftedRange(I num, I den, int bits) {
  using W = typename IntTraits<I>::Wider;
  if constexpr (!std::is_void_v<W>) {
    const W bound = static_cast<W>(den) << bits;
    return num >= -bound && num < bound;
  } else {
    if (den > (IntTraits<I>::kMax >> bits)) return true;  // |num| < den·2^bits
    const I bound = den << bits;
    return num >= -bound && num < bound;
  }
}

// A sparse matrix: per row, the nonzero columns and values. Weights in
// constructions are mostly zero, and every policy benefits equally.
template <typename T>
struct SparseMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<int> row_start;  // rows + 1
  std::vector<int> col;
  std::vector<T> value;
  // The rows with a nonzero entry: a head or an MLP writes a few features of a
  // wide residual stream, and adding its output touches only these.
  std::vector<int> live_rows;
};

// ---------------------------------------------------------------------------
template <typename I>
struct IntExactArith {
  using U = typename IntTraits<I>::Unsigned;
  static constexpr bool kExact = true;
  struct Vec {
    std::vector<I> num;
    I den = 1;  // > 0
  };
  // A matrix M = value / den with integer `value`.
  struct Mat {
    SparseMatrix<I> m;
    I den = 1;
  };
  // The keys or values of a head: N rows, each over its own denominator. When
  // the rows' least common denominator fits, `common` holds it and prefix sums
  // are plain integers; otherwise (e.g. rows k/(q+1) for every q, whose lcm
  // grows like e^N) averages are summed row by row and only what they need must
  // fit.
  struct Block {
    int dim = 0;
    std::vector<I> num;
    std::vector<I> den;
    I common = 0;  // 0: no common denominator fits in int64
    // Every row's denominator is `common` (rows made over shared-denominator
    // columns: lib/engine/residual_stream.h).
    bool shared = false;
    // Prefix sums over `common` (MakePrefix), (N + 1) x dim; empty if common ==
    // 0.
    std::vector<I> prefix;
  };

  static I SmallOrThrow(std::optional<std::int64_t> v) {
    if (!v) throw ArithOverflow{};
    return *v;
  }

  static Mat MakeMat(const Matrix& a) {
    Mat out;
    I den = 1;
    for (const Rational& r : a.data)
      den = CheckedLcm<I>(den, SmallOrThrow(r.SmallDenominator()));
    out.den = den;
    out.m.rows = a.rows;
    out.m.cols = a.cols;
    out.m.row_start.push_back(0);
    for (int i = 0; i < a.rows; ++i) {
      for (int j = 0; j < a.cols; ++j) {
        const Rational& r = a.at(i, j);
        if (r.IsZero()) continue;
        const I n = SmallOrThrow(r.SmallNumerator());
        const I d = SmallOrThrow(r.SmallDenominator());
        out.m.col.push_back(j);
        out.m.value.push_back(CheckedMul<I>(n, den / d));
      }
      out.m.row_start.push_back(static_cast<int>(out.m.col.size()));
      if (out.m.row_start[i + 1] > out.m.row_start[i])
        out.m.live_rows.push_back(i);
    }
    return out;
  }
  static Vec MakeVec(const Vector& v) {
    Vec out;
    for (const Rational& r : v)
      out.den = CheckedLcm<I>(out.den, SmallOrThrow(r.SmallDenominator()));
    for (const Rational& r : v) {
      out.num.push_back(
          CheckedMul<I>(SmallOrThrow(r.SmallNumerator()),
                        out.den / SmallOrThrow(r.SmallDenominator())));
    }
    return out;
  }
  static void Zero(Vec& x, int dim) {
    x.num.assign(dim, 0);
    x.den = 1;
  }
  // Reduces x to lowest terms. Done eagerly: unreduced denominators multiply
  // through linear maps and lcms and overflow int64 within a few hundred
  // positions.
  static void ReduceRow(I* num, int dim, I& den) {
    if (den == 1) return;
    if (dim == 1) {  // the common case of one value per row: one gcd, or none
      if (num[0] == 0) {
        den = 1;
      } else if (Abs<I>(num[0]) == static_cast<U>(den)) {
        num[0] = num[0] < 0 ? -1 : 1;
        den = 1;
      } else {
        const auto g = static_cast<I>(Gcd<U>(Abs<I>(num[0]), den));
        num[0] = Quot<I>(num[0], g);
        den = Quot<I>(den, g);
      }
      return;
    }
    U g = static_cast<U>(den);
    for (int i = 0; i < dim; ++i) {
      // Zeros and whole multiples of g (integer-valued features, most of a
      // row) leave it unchanged: a remainder is cheaper than a gcd.
      const U a = Abs<I>(num[i]);
      if (URem<U>(a, g) == 0) continue;
      g = Gcd<U>(g, a);
      if (g == 1) return;
    }
    if (g == 1) return;
    const auto gs = static_cast<I>(g);
    for (int i = 0; i < dim; ++i) num[i] = Quot<I>(num[i], gs);
    den = Quot<I>(den, gs);
  }
  static void Normalize(Vec& x) {
    ReduceRow(x.num.data(), static_cast<int>(x.num.size()), x.den);
  }
  // y = M x
  // Lowest terms, always (MatVec skips it when the denominator did not grow).
  static void Reduce(Vec& x) {
    ReduceRow(x.num.data(), static_cast<int>(x.num.size()), x.den);
  }
  // y = M x on raw rows (y has a.m.rows entries).
  static void MatVecRaw(const Mat& a, const I* x, I xden, I* y, I& yden) {
    for (int i = 0; i < a.m.rows; ++i) {
      I acc = 0;
      for (int k = a.m.row_start[i]; k < a.m.row_start[i + 1]; ++k) {
        acc = CheckedAdd<I>(acc, CheckedMul<I>(a.m.value[k], x[a.m.col[k]]));
      }
      y[i] = acc;
    }
    // Reduce only when the denominator grew: a fraction is exact in any terms,
    // and one that did not grow cannot compound.
    yden = xden;
    if (a.den != 1) {
      yden = CheckedMul<I>(a.den, xden);
      ReduceRow(y, a.m.rows, yden);
    }
  }
  static void MatVec(const Mat& a, const Vec& x, Vec& y) {
    if (y.num.size() != static_cast<size_t>(a.m.rows))
      y.num.resize(a.m.rows);  // all written below
    MatVecRaw(a, x.num.data(), x.den, y.num.data(), y.den);
  }
  // A block of n rows of `dim` entries (a head's outputs, per position).
  static void ResizeRows(Block& rows, int n, int dim) {
    rows.dim = dim;
    rows.num.resize(static_cast<size_t>(n) * dim);
    rows.den.resize(n);
    rows.common = 0;
    rows.shared = false;
    rows.prefix.clear();
  }
  static void SetRow(Block& rows, int q, const Vec& v) {
    std::copy(v.num.begin(), v.num.end(),
              rows.num.begin() + static_cast<long>(q) * rows.dim);
    rows.den[q] = v.den;
  }
  // to_p = from_q (blocks of the same width).
  static void CopyRow(const Block& from, int q, Block& to, int p) {
    std::copy_n(from.num.begin() + static_cast<long>(q) * from.dim, from.dim,
                to.num.begin() + static_cast<long>(p) * to.dim);
    to.den[p] = from.den[q];
  }
  // x += y
  static void AddInPlace(Vec& x, const Vec& y) {
    if (x.den == y.den) {  // the denominator does not grow: no reduction needed
      for (size_t i = 0; i < x.num.size(); ++i)
        x.num[i] = CheckedAdd<I>(x.num[i], y.num[i]);
      return;
    } else if (Rem<I>(x.den, y.den) == 0) {  // nor here
      const I fy = Quot<I>(x.den, y.den);
      for (size_t i = 0; i < x.num.size(); ++i) {
        if (y.num[i] != 0)
          x.num[i] = CheckedAdd<I>(x.num[i], CheckedMul<I>(y.num[i], fy));
      }
      return;
    } else {
      const I l = CheckedLcm<I>(x.den, y.den);
      const I fx = Quot<I>(l, x.den), fy = Quot<I>(l, y.den);
      for (size_t i = 0; i < x.num.size(); ++i) {
        x.num[i] = CheckedAdd<I>(CheckedMul<I>(x.num[i], fx),
                                 CheckedMul<I>(y.num[i], fy));
      }
      x.den = l;
    }
    Normalize(x);
  }
  static void Relu(Vec& x) {
    for (I& v : x.num) v = v < 0 ? 0 : v;
  }
  static bool IsZero(const Vec& x) {
    for (I v : x.num) {
      if (v != 0) return false;
    }
    return true;
  }
  // MatVecRows' `reduce`: rows in lowest terms, so that equal rows have equal
  // denominators (averages over tied positions then add without lcms) and the
  // common denominator is as small as it can be. Values need it; keys only
  // feed exact comparisons.
  // Prefix sums for averages over whole ranges; skipped (not an error) when the
  // rows have no common denominator or the sums leave int64.
  static void MakePrefix(Block& rows) {
    rows.prefix.clear();
    if (rows.common == 0) return;
    const int dim = rows.dim;
    const size_t n = rows.den.size();
    rows.prefix.assign((n + 1) * dim, 0);
    for (size_t q = 0; q < n; ++q) {
      const I f = Quot<I>(rows.common, rows.den[q]);
      for (int i = 0; i < dim; ++i) {
        I term, sum;
        if (__builtin_mul_overflow(rows.num[q * dim + i], f, &term) ||
            __builtin_add_overflow(rows.prefix[q * dim + i], term, &sum)) {
          rows.prefix.clear();
          return;
        }
        rows.prefix[(q + 1) * dim + i] = sum;
      }
    }
  }
  // The positions q in [lo, hi) maximizing query . keys[q], ascending. Scores
  // are s_q / den_q with integer s_q; two are compared by 128-bit
  // cross-multiplication, which is exact, so no common denominator is needed.
  static void ArgmaxRow(const Vec& query, const Block& keys, int lo, int hi,
                        std::vector<int>& out) {
    out.clear();
    const int dim = keys.dim;
    I best = 0, best_den = 1;
    for (int q = lo; q < hi; ++q) {
      const I* k = &keys.num[static_cast<size_t>(q) * dim];
      I s = 0;
      for (int i = 0; i < dim; ++i)
        s = CheckedAdd<I>(s, CheckedMul<I>(query.num[i], k[i]));
      const I den = keys.den[q];
      const int c = out.empty() ? 1 : CmpFractions<I>(s, den, best, best_den);
      if (c > 0) {
        best = s;
        best_den = den;
        out.clear();
        out.push_back(q);
      } else if (c == 0) {
        out.push_back(q);
      }
    }
  }
  static void RowOf(const Block& rows, int q, Vec& out) {
    out.num.assign(rows.num.begin() + static_cast<long>(q) * rows.dim,
                   rows.num.begin() + static_cast<long>(q + 1) * rows.dim);
    out.den = rows.den[q];
  }
  // Adds row q to the fraction vector acc.
  static void AccumulateRow(const Block& rows, int q, Vec& acc) {
    const I* r = &rows.num[static_cast<size_t>(q) * rows.dim];
    const I d = rows.den[q];
    if (acc.den == d) {
      for (int i = 0; i < rows.dim; ++i)
        acc.num[i] = CheckedAdd<I>(acc.num[i], r[i]);
      return;
    }
    const I l = CheckedLcm<I>(acc.den, d);
    const I fa = Quot<I>(l, acc.den), fr = Quot<I>(l, d);
    for (int i = 0; i < rows.dim; ++i) {
      acc.num[i] =
          CheckedAdd<I>(CheckedMul<I>(acc.num[i], fa), CheckedMul<I>(r[i], fr));
    }
    acc.den = l;
  }
  // Mean of the rows with the given indices.
  static void MeanOf(const Block& rows, const std::vector<int>& idx, Vec& out) {
    out.num.assign(rows.dim, 0);
    out.den = 1;
    for (int q : idx) AccumulateRow(rows, q, out);
    out.den = CheckedMul<I>(out.den, static_cast<I>(idx.size()));
    Normalize(out);
  }
  // Mean of rows [lo, hi): from the prefix sums when they exist.
  // Over the prefix sums the mean is left unreduced (common · count): a causal
  // head takes one per position, and a gcd each would dominate its cost.
  static void MeanOfRange(const Block& rows, int lo, int hi, Vec& out) {
    if (rows.prefix.empty()) {
      out.num.assign(rows.dim, 0);
      out.den = 1;
      for (int q = lo; q < hi; ++q) AccumulateRow(rows, q, out);
      out.den = CheckedMul<I>(out.den, hi - lo);
      Normalize(out);
      return;
    }
    out.num.resize(rows.dim);
    for (int i = 0; i < rows.dim; ++i) {
      out.num[i] =
          CheckedSub<I>(rows.prefix[static_cast<size_t>(hi) * rows.dim + i],
                        rows.prefix[static_cast<size_t>(lo) * rows.dim + i]);
    }
    out.den = CheckedMul<I>(rows.common, hi - lo);
  }
  static Rational ToRational(const Vec& x, int i) {
    return RationalOf<I>(x.num[i], x.den);
  }

  // ---- Fixed point (fixed:p) ----
  // x ← ⌊x·2^bits⌋ / 2^bits, element by element (0 ≤ bits ≤ 62).
  static void RoundDownRaw(I* num, int dim, I& den, int bits) {
    if (bits > 62) throw ArithOverflow{};
    const I scale = I{1} << bits;
    if (scale % den == 0) return;  // already on the grid
    for (int i = 0; i < dim; ++i) num[i] = FloorMulDiv<I>(num[i], scale, den);
    den = scale;
    ReduceRow(num, dim, den);
  }
  static void RoundDown(Vec& x, int bits) {
    RoundDownRaw(x.num.data(), static_cast<int>(x.num.size()), x.den, bits);
  }
  // Whether −2^bits ≤ x[i] < 2^bits (bits ≤ 62).
  static bool InRange(const Vec& x, int i, int bits) {
    return InShiftedRange<I>(x.num[i], x.den, bits);
  }

  // ---- Scalars (scores, for the fast attention paths) ----
  struct Scalar {
    I num = 0;
    I den = 1;  // > 0
  };
  static Scalar MakeScalar(I num, I den) {
    if (den == 1 || num == 0) return {num, num == 0 ? 1 : den};
    const auto g = static_cast<I>(Gcd<U>(Abs<I>(num), static_cast<U>(den)));
    return {Quot<I>(num, g), Quot<I>(den, g)};
  }
  static int Cmp(const Scalar& a, const Scalar& b) {
    return CmpFractions<I>(a.num, a.den, b.num, b.den);
  }
  static int Sign(const Scalar& a) {
    return a.num < 0 ? -1 : (a.num > 0 ? 1 : 0);
  }
  static Scalar Add(const Scalar& a, const Scalar& b) {
    if (a.den == b.den) return MakeScalar(CheckedAdd<I>(a.num, b.num), a.den);
    const I l = CheckedLcm<I>(a.den, b.den);
    return MakeScalar(CheckedAdd<I>(CheckedMul<I>(a.num, Quot<I>(l, a.den)),
                                    CheckedMul<I>(b.num, Quot<I>(l, b.den))),
                      l);
  }
  static Scalar Sub(const Scalar& a, const Scalar& b) {
    return Add(a, {-b.num, b.den});
  }
  static Scalar Mul(const Scalar& a, const Scalar& b) {
    const Scalar x = MakeScalar(a.num, b.den), y = MakeScalar(b.num, a.den);
    return MakeScalar(CheckedMul<I>(x.num, y.num), CheckedMul<I>(x.den, y.den));
  }
  static Scalar Div(const Scalar& a, const Scalar& b) {  // b != 0
    Scalar inv = b.num < 0 ? Scalar{-b.den, -b.num} : Scalar{b.den, b.num};
    return Mul(a, inv);
  }
  // query . keys[j]
  static Scalar KeyDot(const Vec& q, const Block& keys, int j) {
    const I* k = &keys.num[static_cast<size_t>(j) * keys.dim];
    I s = 0;
    for (int i = 0; i < keys.dim; ++i)
      s = CheckedAdd<I>(s, CheckedMul<I>(q.num[i], k[i]));
    return MakeScalar(s, CheckedMul<I>(q.den, keys.den[j]));
  }
  // The same, not reduced (no gcd): for scores that are only compared.
  static Scalar KeyDotUnreduced(const Vec& q, const Block& keys, int j) {
    const I* k = &keys.num[static_cast<size_t>(j) * keys.dim];
    I s = 0;
    for (int i = 0; i < keys.dim; ++i)
      s = CheckedAdd<I>(s, CheckedMul<I>(q.num[i], k[i]));
    return Scalar{s, CheckedMul<I>(q.den, keys.den[j])};
  }
  // Coordinates are not reduced: Cmp is exact in any terms, and the arithmetic
  // (Add, Mul) reduces its results.
  static Scalar KeyCoord(const Block& keys, int j, int i) {
    return Scalar{keys.num[static_cast<size_t>(j) * keys.dim + i], keys.den[j]};
  }
  static void SetCoordZero(Vec& x, int i) { x.num[i] = 0; }
  static void Accumulate(const Block& rows, int q, Vec& acc) {
    AccumulateRow(rows, q, acc);
  }
  static void ZeroAcc(Vec& acc, int dim) {
    acc.num.assign(dim, 0);
    acc.den = 1;
  }
  static void MeanFromSum(const Vec& sum, I count, Vec& out) {
    out = sum;
    out.den = CheckedMul<I>(out.den, count);
    Normalize(out);
  }

  // ---- Lines u_q + s·v_q for the upper envelope, in exact 128-bit integers
  // ---- u_q = U_q / du and v_q = V_q / dv over common denominators, so
  // comparisons are integer arithmetic (checked; ArithOverflow beyond 128
  // bits).
  using Coef = __int128;
  struct LineScale {
    __int128 du = 1, dv = 1;
  };
  struct Break {  // x = num / den, den > 0
    __int128 num = 0, den = 1;
  };
  static __int128 Mul128(__int128 a, __int128 b) {
    // Factors that fit in int64 (the usual case) cannot overflow: one
    // multiplication instead of the checked 128-bit sequence.
    if (a == static_cast<I>(a) && b == static_cast<I>(b)) return a * b;
    __int128 r;
    if (__builtin_mul_overflow(a, b, &r)) throw ArithOverflow{};
    return r;
  }
  static __int128 Add128(__int128 a, __int128 b) {
    __int128 r;
    if (__builtin_add_overflow(a, b, &r)) throw ArithOverflow{};
    return r;
  }
  static __int128 Sub128(__int128 a, __int128 b) {
    __int128 r;
    if (__builtin_sub_overflow(a, b, &r)) throw ArithOverflow{};
    return r;
  }
  static void MakeLineCoefs(const Vec& base, const Block& keys, int i,
                            int total, std::vector<Coef>& u,
                            std::vector<Coef>& v, LineScale& scale) {
    if (SharedDen(keys, total)) {  // no gcd at all
      const I kden = total > 0 ? keys.den[0] : 1;
      u.resize(total);
      v.resize(total);
      for (int q = 0; q < total; ++q) {
        const I* k = &keys.num[static_cast<size_t>(q) * keys.dim];
        __int128 s = 0;
        for (int j = 0; j < keys.dim; ++j) {
          if (base.num[j] != 0) s = Add128(s, Mul128(base.num[j], k[j]));
        }
        u[q] = s;
        v[q] = k[i];
      }
      scale.du = Mul128(base.den, kden);
      scale.dv = kden;
      return;
    }
    // Reduced first: the rows' own denominators need not share factors, but the
    // reduced u_q and v_q do (at fixed N they divide a small power of N).
    std::vector<Scalar>& su = line_u_scratch();
    std::vector<Scalar>& sv = line_v_scratch();
    su.resize(total);
    sv.resize(total);
    I du = 1, dv = 1;
    for (int q = 0; q < total; ++q) {
      su[q] = KeyDot(base, keys, q);
      sv[q] = MakeScalar(keys.num[static_cast<size_t>(q) * keys.dim + i],
                         keys.den[q]);
      du = CheckedLcm<I>(du, su[q].den);
      dv = CheckedLcm<I>(dv, sv[q].den);
    }
    u.resize(total);
    v.resize(total);
    for (int q = 0; q < total; ++q) {
      u[q] = Mul128(su[q].num, du / su[q].den);
      v[q] = Mul128(sv[q].num, dv / sv[q].den);
    }
    scale.du = du;
    scale.dv = dv;
  }
  // Whether the first `count` rows share one denominator.
  static bool SharedDen(const Block& rows, int count) {
    for (int q = 1; q < count; ++q) {
      if (rows.den[q] != rows.den[0]) return false;
    }
    return true;
  }
  static std::vector<Scalar>& line_u_scratch() {
    thread_local std::vector<Scalar> s;
    return s;
  }
  static std::vector<Scalar>& line_v_scratch() {
    thread_local std::vector<Scalar> s;
    return s;
  }
  static int CmpCoef(const Coef& a, const Coef& b) {
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  // sign of (ub − ua)(vc − va) + (vb − va)(ua − uc)
  static int HullSign(const Coef& ua, const Coef& va, const Coef& ub,
                      const Coef& vb, const Coef& uc, const Coef& vc) {
    const __int128 r = Add128(Mul128(Sub128(ub, ua), Sub128(vc, va)),
                              Mul128(Sub128(vb, va), Sub128(ua, uc)));
    return r < 0 ? -1 : (r > 0 ? 1 : 0);
  }
  // Where line m stops being at least line n (v_n > v_m): s = (u_m − u_n)/(v_n
  // − v_m).
  static Break MakeBreak(const Coef& um, const Coef& vm, const Coef& un,
                         const Coef& vn, const LineScale& scale) {
    return Break{Mul128(Sub128(um, un), scale.dv),
                 Mul128(Sub128(vn, vm), scale.du)};
  }
  // sign(x − s) for a query coordinate s.
  static int CmpBreakQuery(const Break& x, const Scalar& s, const LineScale&) {
    const __int128 l = Mul128(x.num, s.den);
    const __int128 r = Mul128(static_cast<__int128>(s.num), x.den);
    return l < r ? -1 : (l > r ? 1 : 0);
  }
};

// ---------------------------------------------------------------------------
// The element-wise arithmetics: GMP rationals (exact, never overflows) and IEEE
// double (the same discrete semantics with rounded arithmetic; ties are exact
// double equality). One template, since only the element type differs.
template <typename T>
struct ElementArith {
  using Vec = std::vector<T>;
  using Mat = SparseMatrix<T>;
  using Scalar = T;
  struct Block {
    int dim = 0;
    size_t rows = 0;
    std::vector<T> num;
    std::vector<T> prefix;
  };

  static T FromRational(const Rational& r) {
    if constexpr (std::is_same_v<T, double>) {
      return r.ToDouble();
    } else {
      return r.gmp();
    }
  }
  static T FromFraction(std::int64_t num, std::int64_t den) {
    if constexpr (std::is_same_v<T, double>) {
      return static_cast<double>(num) / static_cast<double>(den);
    } else {
      return Rational(num, den).gmp();
    }
  }
  static int Cmp(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
  }
  static int Sign(const T& a) { return Cmp(a, T(0)); }
  // Fixed point: see SmallExactArith.
  static void RoundDown(Vec& x, int bits) {
    for (T& v : x) RoundDownValue(v, bits);
  }
  static void RoundDownValue(T& v, int bits) {
    if constexpr (std::is_same_v<T, double>) {
      v = std::ldexp(std::floor(std::ldexp(v, bits)), -bits);
    } else {
      mpz_class scaled = v.get_num();
      mpz_mul_2exp(scaled.get_mpz_t(), scaled.get_mpz_t(), bits);
      mpz_fdiv_q(scaled.get_mpz_t(), scaled.get_mpz_t(),
                 v.get_den().get_mpz_t());
      v = scaled;
      mpq_div_2exp(v.get_mpq_t(), v.get_mpq_t(), bits);
    }
  }
  static bool InRange(const Vec& x, int i, int bits) {
    return InRangeValue(x[i], bits);
  }
  static bool InRangeValue(const T& v, int bits) {
    if constexpr (std::is_same_v<T, double>) {
      return v >= -std::ldexp(1.0, bits) && v < std::ldexp(1.0, bits);
    } else {
      mpq_class bound;
      mpq_mul_2exp(bound.get_mpq_t(), mpq_class(1).get_mpq_t(), bits);
      return v >= -bound && v < bound;
    }
  }

  static T Add(const T& a, const T& b) { return a + b; }
  static T Sub(const T& a, const T& b) { return a - b; }
  static T Mul(const T& a, const T& b) { return a * b; }
  static T Div(const T& a, const T& b) { return a / b; }

  static Mat MakeMat(const Matrix& a) {
    Mat out;
    out.rows = a.rows;
    out.cols = a.cols;
    out.row_start.push_back(0);
    for (int i = 0; i < a.rows; ++i) {
      for (int j = 0; j < a.cols; ++j) {
        if (a.at(i, j).IsZero()) continue;
        out.col.push_back(j);
        out.value.push_back(FromRational(a.at(i, j)));
      }
      out.row_start.push_back(static_cast<int>(out.col.size()));
      if (out.row_start[i + 1] > out.row_start[i]) out.live_rows.push_back(i);
    }
    return out;
  }
  static Vec MakeVec(const Vector& v) {
    Vec out;
    for (const Rational& r : v) out.push_back(FromRational(r));
    return out;
  }
  static void Zero(Vec& x, int dim) { x.assign(dim, T(0)); }
  static void Reduce(Vec&) {}
  static void MatVecRaw(const Mat& a, const T* x, T* y) {
    for (int i = 0; i < a.rows; ++i) {
      y[i] = 0;
      for (int k = a.row_start[i]; k < a.row_start[i + 1]; ++k)
        y[i] += a.value[k] * x[a.col[k]];
    }
  }
  static void MatVec(const Mat& a, const Vec& x, Vec& y) {
    y.resize(a.rows);
    MatVecRaw(a, x.data(), y.data());
  }
  static void ResizeRows(Block& rows, int n, int dim) {
    rows.dim = dim;
    rows.rows = n;
    rows.num.resize(static_cast<size_t>(n) * dim);
    rows.prefix.clear();
  }
  static void SetRow(Block& rows, int q, const Vec& v) {
    std::copy(v.begin(), v.end(),
              rows.num.begin() + static_cast<long>(q) * rows.dim);
  }
  static void CopyRow(const Block& from, int q, Block& to, int p) {
    std::copy_n(from.num.begin() + static_cast<long>(q) * from.dim, from.dim,
                to.num.begin() + static_cast<long>(p) * to.dim);
  }
  static void AddInPlace(Vec& x, const Vec& y) {
    for (size_t i = 0; i < x.size(); ++i) x[i] += y[i];
  }
  static void AddFraction(Vec& x, int i, std::int64_t num, std::int64_t den) {
    x[i] += FromFraction(num, den);
  }
  static void AddFractions(Vec& x, const int* feature, const std::int64_t* num,
                           const std::int64_t* den, int count) {
    for (int k = 0; k < count; ++k) AddFraction(x, feature[k], num[k], den[k]);
  }
  static void Relu(Vec& x) {
    for (T& v : x) {
      if (Sign(v) < 0) v = 0;
    }
  }
  static bool IsZero(const Vec& x) {
    for (const T& v : x) {
      if (Sign(v) != 0) return false;
    }
    return true;
  }
  static void MakePrefix(Block& rows) {
    const int dim = rows.dim;
    const size_t n = rows.rows;
    rows.prefix.assign((n + 1) * dim, T(0));
    for (size_t q = 0; q < n; ++q) {
      for (int i = 0; i < dim; ++i) {
        rows.prefix[(q + 1) * dim + i] =
            rows.prefix[q * dim + i] + rows.num[q * dim + i];
      }
    }
  }
  static T KeyDotUnreduced(const Vec& q, const Block& keys, int j) {
    return KeyDot(q, keys, j);
  }
  static T KeyDot(const Vec& q, const Block& keys, int j) {
    T s = 0;
    for (int i = 0; i < keys.dim; ++i)
      s += q[i] * keys.num[static_cast<size_t>(j) * keys.dim + i];
    return s;
  }
  static void ArgmaxRow(const Vec& query, const Block& keys, int lo, int hi,
                        std::vector<int>& out) {
    out.clear();
    T best = 0;
    for (int q = lo; q < hi; ++q) {
      const T s = KeyDot(query, keys, q);
      const int c = out.empty() ? 1 : Cmp(s, best);
      if (c > 0) {
        best = s;
        out.clear();
      }
      if (c >= 0) out.push_back(q);
    }
  }
  static void RowOf(const Block& rows, int q, Vec& out) {
    out.assign(rows.num.begin() + static_cast<long>(q) * rows.dim,
               rows.num.begin() + static_cast<long>(q + 1) * rows.dim);
  }
  static void MeanOf(const Block& rows, const std::vector<int>& idx, Vec& out) {
    ZeroAcc(out, rows.dim);
    for (int q : idx) Accumulate(rows, q, out);
    DivideBy(out, static_cast<std::int64_t>(idx.size()));
  }
  static void MeanOfRange(const Block& rows, int lo, int hi, Vec& out) {
    out.resize(rows.dim);
    for (int i = 0; i < rows.dim; ++i) {
      out[i] = rows.prefix[static_cast<size_t>(hi) * rows.dim + i] -
               rows.prefix[static_cast<size_t>(lo) * rows.dim + i];
    }
    DivideBy(out, hi - lo);
  }
  static void DivideBy(Vec& x, std::int64_t count) {
    for (T& v : x) v /= static_cast<long>(count);
  }
  static T KeyCoord(const Block& keys, int j, int i) {
    return keys.num[static_cast<size_t>(j) * keys.dim + i];
  }
  static void SetCoordZero(Vec& x, int i) { x[i] = 0; }
  static void Accumulate(const Block& rows, int q, Vec& acc) {
    for (int i = 0; i < rows.dim; ++i)
      acc[i] += rows.num[static_cast<size_t>(q) * rows.dim + i];
  }
  static void ZeroAcc(Vec& acc, int dim) { acc.assign(dim, T(0)); }
  static void MeanFromSum(const Vec& sum, std::int64_t count, Vec& out) {
    out = sum;
    DivideBy(out, count);
  }

  // ---- Lines for the upper envelope (see SmallExactArith) ----
  using Coef = T;
  struct LineScale {};
  using Break = T;
  static void MakeLineCoefs(const Vec& base, const Block& keys, int i,
                            int total, std::vector<Coef>& u,
                            std::vector<Coef>& v, LineScale&) {
    u.resize(total);
    v.resize(total);
    for (int q = 0; q < total; ++q) {
      u[q] = KeyDot(base, keys, q);
      v[q] = KeyCoord(keys, q, i);
    }
  }
  static int CmpCoef(const Coef& a, const Coef& b) { return Cmp(a, b); }
  static int HullSign(const Coef& ua, const Coef& va, const Coef& ub,
                      const Coef& vb, const Coef& uc, const Coef& vc) {
    return Sign(T((ub - ua) * (vc - va) + (vb - va) * (ua - uc)));
  }
  static Break MakeBreak(const Coef& um, const Coef& vm, const Coef& un,
                         const Coef& vn, const LineScale&) {
    return T((um - un) / (vn - vm));
  }
  static int CmpBreakQuery(const Break& x, const T& s, const LineScale&) {
    return Cmp(x, s);
  }
};

using SmallExactArith = IntExactArith<std::int64_t>;
using WideExactArith = IntExactArith<__int128>;

struct BigExactArith : ElementArith<mpq_class> {
  static constexpr bool kExact = true;
  static Rational ToRational(const Vec& x, int i) { return Rational(x[i]); }
};

struct DoubleArith : ElementArith<double> {
  static constexpr bool kExact = false;
};

}  // namespace satcirc::internal

#endif  // SATCIRC_LIB_ENGINE_ARITH_H_
