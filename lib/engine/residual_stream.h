// The residual stream of one engine run (internal to lib/): every feature's
// value at every position, stored by feature — one column per feature — so
// that a head or an MLP, which reads and writes a few features of a wide
// stream, touches only those columns (zoo:dyck2-depth3 has 48 features and
// each layer uses about ten). Written once per arithmetic of
// lib/engine/arith.h; lib/engine/engine_core.h reaches it through
// StreamOps<Arith>.
//
// In the exact integer arithmetics (int64, __int128) a column keeps one
// denominator for all its positions whenever its values allow it: token
// indicators, p/N, p²/N², what a hard head copies from such columns, MLPs of
// them. A matrix-vector product over such columns is integer multiply-adds with
// factors computed once per call, and no position needs a gcd. Values whose
// denominators differ from position to position (1/(p+1), an average over p + 1
// positions) make their column keep one denominator per entry, each in lowest
// terms. A column changes its shared denominator only by an lcm, rescaling its
// numerators once.
#ifndef SATCIRC_LIB_ENGINE_RESIDUAL_STREAM_H_
#define SATCIRC_LIB_ENGINE_RESIDUAL_STREAM_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "lib/base/rational.h"
#include "lib/engine/arith.h"
#include "lib/model/model.h"

namespace satcirc::internal {

// Positional feature values as an exact fraction num/den (den > 0) of int64s.
inline std::pair<std::int64_t, std::int64_t> PositionalFraction(
    PositionalFunction f, std::int64_t p, std::int64_t n) {
  switch (f) {
    case PositionalFunction::kPosition:
      return {p, 1};
    case PositionalFunction::kPositionFraction:
      return {p, n};
    case PositionalFunction::kPositionFractionSquared:
      return {CheckedMul(p, p), CheckedMul(n, n)};
    case PositionalFunction::kInversePosition:
      return {1, p + 1};
    case PositionalFunction::kAlternating:
      return {p % 2 == 0 ? 1 : -1, 1};
    case PositionalFunction::kIsFirst:
      return {p == 0 ? 1 : 0, 1};
    case PositionalFunction::kIsLast:
      return {p == n - 1 ? 1 : 0, 1};
    case PositionalFunction::kConstant:
      return {1, 1};
  }
  return {0, 1};
}

// ---------------------------------------------------------------------------
template <typename I>
struct IntStreamOps {
  using A = IntExactArith<I>;
  using U = typename IntTraits<I>::Unsigned;
  using Vec = typename A::Vec;
  using Mat = typename A::Mat;
  using Block = typename A::Block;

  struct Column {
    std::vector<I> num;
    std::vector<I> den;  // per entry; empty: all over `common`
    I common = 1;
    bool zero = false;  // known to be all zero (just made)
  };
  // How a matrix reads the stream: the columns of its entries, and when they
  // all share denominators, the factors that put them over one (`den`).
  struct Plan {
    bool uniform = true;
    I den = 1;            // lcm of the shared denominators read
    std::vector<I> mult;  // per entry: value · den / common
    std::vector<const I*> src;
    std::vector<const Column*> col;
    std::vector<I> start_value;  // AffineRows' bias
    // The features read, once each, and RowAt's scratch: at one position,
    // each feature's value over the row's denominator (indexed by feature).
    std::vector<int> features;
    mutable std::vector<I> scaled;
    const std::vector<Column>* stream_cols = nullptr;
  };
  // How a column is embedded at one length (PlanColumn).
  struct ColumnEmbedding {
    I den = 1;                // shared by the token part
    std::vector<I> by_token;  // each token's numerator over den
    bool any_token = false;
    // The positional terms: numerators over den, or with per_entry (a term
    // 1/(p+1)) over positional_den. Empty: none.
    std::vector<I> positional, positional_den;
    bool per_entry = false;
  };
  struct Stream {
    int n = 0;  // positions
    std::vector<Column> cols;
    std::vector<ColumnEmbedding> embedding;  // at length embedding_n
    int embedding_n = -1;
    // Scratch of the operations below (a stream belongs to one engine).
    mutable Plan plan;
    Plan direct_plan;  // AddFromStream's
    std::vector<std::pair<Column*, I>> targets;
    std::vector<std::vector<I>> pool;  // storage of released columns
  };

  static I Den(const Column& c, int p) {
    return c.den.empty() ? c.common : c.den[p];
  }

  // x = the embedding: feature f at position p is the token row of token[p]
  // (its index into token_rows) plus f's positional terms. Only the columns
  // with live[f] are made; the others are released (Materialize makes one).
  static void Embed(Stream& x, const std::vector<Vec>& token_rows,
                    const std::vector<int>& token,
                    const std::vector<PositionalFeature>& positional,
                    const std::vector<char>& live) {
    x.n = static_cast<int>(token.size());
    x.cols.resize(live.size());
    // A long input's plan serves one run: made for the live columns only, and
    // its positional part becomes the column.
    constexpr int kKeepPlanUpTo = 1 << 16;
    const bool keep = x.n <= kKeepPlanUpTo;
    if (!keep || x.embedding_n != x.n || x.embedding.size() != live.size()) {
      x.embedding.resize(live.size());
      for (size_t f = 0; f < live.size(); ++f) {
        if (!keep && !live[f]) continue;
        PlanColumn(x.embedding[f], static_cast<int>(f), x.n, token_rows,
                   positional);
      }
      x.embedding_n = keep ? x.n : -1;
    }
    for (size_t f = 0; f < live.size(); ++f) {
      if (live[f]) {
        EmbedColumn(x.cols[f], x.embedding[f], token, /*consume=*/!keep);
      } else {
        Release(x, static_cast<int>(f));
      }
    }
  }
  // A column no longer read gives its storage to one that starts: a wide
  // model's features live a few layers each (zoo:dyck2-depth3's per round).
  static void Release(Stream& x, int f) {
    Column& c = x.cols[f];
    if (c.num.capacity() > 0) x.pool.push_back(std::move(c.num));
    c.num.clear();
    c.den.clear();
    c.common = 1;
    c.zero = false;
  }
  // Column f, all zero.
  static void Materialize(Stream& x, int f) {
    Column& c = x.cols[f];
    if (c.num.capacity() == 0 && !x.pool.empty()) {
      c.num = std::move(x.pool.back());
      x.pool.pop_back();
    }
    c.num.assign(x.n, 0);
    c.den.clear();
    c.common = 1;
    c.zero = true;
  }

  // out_q = M x_q for q in [lo, hi); out has x.n rows (the others unset).
  // Over shared-denominator columns every row has the one denominator M.den ·
  // lcm(columns'), which is also `common`. Otherwise rows are computed one by
  // one and, with `reduce` (values), put in lowest terms, so that equal rows
  // have equal denominators and prefix sums a small common one.
  // With `compact`, out has hi − lo rows, row q − lo for position q.
  static void MatVecRows(const Mat& a, const Stream& x, int lo, int hi,
                         Block& out, bool reduce, bool compact = false) {
    AffineRows(a, nullptr, false, x, lo, hi, out, reduce, compact);
  }
  // The MLP's hidden units: out_q = ReLU(M x_q + b) (b may be null), compact.
  static void HiddenRows(const Mat& a, const Vec* b, const Stream& x, int lo,
                         int hi, Block& out) {
    AffineRows(a, b, true, x, lo, hi, out, /*reduce=*/false, /*compact=*/true);
  }
  // out_q = M x_q + b, then with `relu` ReLU. Over shared-denominator columns,
  // when b's denominator divides the rows', in one pass.
  static void AffineRows(const Mat& a, const Vec* b, bool relu, const Stream& x,
                         int lo, int hi, Block& out, bool reduce,
                         bool compact) {
    const int dim = a.m.rows;
    const int rows = compact ? hi - lo : x.n;
    const int base = compact ? lo : 0;
    out.dim = dim;
    out.num.resize(static_cast<size_t>(rows) * dim);
    out.den.resize(rows);
    out.prefix.clear();
    const Plan& plan = MakePlan(a, x);
    if (plan.uniform) {
      const I row_den = CheckedMul<I>(a.den, plan.den);
      // The bias over row_den: each row's starting value.
      const bool fuse = b != nullptr && row_den % b->den == 0;
      const bool relu_now = relu && (b == nullptr || fuse);
      std::vector<I>& start_value = x.plan.start_value;
      start_value.assign(dim, 0);
      for (int i = 0; fuse && i < dim; ++i)
        start_value[i] = CheckedMul<I>(b->num[i], row_den / b->den);
      const I* mult = plan.mult.data();
      const I* const* src = plan.src.data();
      const int* start = a.m.row_start.data();
      for (int q = lo; q < hi; ++q) {
        I* row = &out.num[static_cast<size_t>(q - base) * dim];
        for (int i = 0; i < dim; ++i) {
          I acc = start_value[i];
          for (int k = start[i]; k < start[i + 1]; ++k)
            acc = CheckedAdd<I>(acc, CheckedMul<I>(mult[k], src[k][q]));
          row[i] = relu_now && acc < 0 ? 0 : acc;
        }
        out.den[q - base] = row_den;
      }
      out.common = row_den;
      out.shared = true;
      if (fuse || b == nullptr) return;
    } else {
      out.shared = false;
      out.common = reduce ? 1 : 0;
      for (int q = lo; q < hi; ++q) {
        I* row = &out.num[static_cast<size_t>(q - base) * dim];
        I& den = out.den[q - base];
        RowAt(a, plan, q, row, den);
        if (!reduce) continue;
        A::ReduceRow(row, dim, den);
        if (out.common != 0 && Rem<I>(out.common, den) != 0) {
          const I g = static_cast<I>(Gcd<U>(out.common, den));
          if (__builtin_mul_overflow(Quot<I>(out.common, g), den, &out.common))
            out.common = 0;
        }
      }
    }
    if (b != nullptr) AddToRows(out, *b, lo - base, hi - base);
    if (relu) ReluRows(out, lo - base, hi - base);
  }
  // y = M x_p, in lowest terms.
  static void MatVecAt(const Mat& a, const Stream& x, int p, Vec& y) {
    y.num.resize(a.m.rows);
    RowAt(a, MakePlan(a, x), p, y.num.data(), y.den);
    A::Normalize(y);
  }

  // x_p += M v_{p − first} for p in [lo, hi) (v: one row per position, from
  // position `first` on). Only M's live rows are touched.
  static void AddMatVecRows(const Mat& a, const Block& v, int lo, int hi,
                            Stream& x, int first = 0) {
    // One denominator for every nonzero row of v keeps the columns shared.
    I vden = v.shared ? v.common : 0;
    bool uniform = true;
    for (int p = lo; p < hi && uniform && !v.shared; ++p) {
      if (RowIsZero(v, p - first)) continue;
      if (vden == 0) vden = v.den[p - first];
      uniform = v.den[p - first] == vden;
    }
    if (vden == 0) return;  // nothing to add
    PrepareAddRows(a, uniform ? vden : 0, x);
    for (int p = lo; p < hi; ++p) AddRow(a, v, p - first, p, x);
  }
  // Readies AddFromStream (x_p += M x_q) for a matrix M whose live rows are
  // none of the columns it reads. False when a column it reads keeps
  // per-entry denominators.
  static bool PrepareAddFromStream(const Mat& a, Stream& x) {
    if (!MakePlan(a, x, x.direct_plan).uniform) return false;
    PrepareAddRows(a, x.direct_plan.den, x);
    return true;
  }
  // x_p += M x_q (after PrepareAddFromStream).
  static void AddFromStream(const Mat& a, int q, int p, Stream& x) {
    const Plan& plan = x.direct_plan;
    const std::vector<int>& live = a.m.live_rows;
    for (size_t k = 0; k < live.size(); ++k) {
      I t = 0;
      for (int j = a.m.row_start[live[k]]; j < a.m.row_start[live[k] + 1];
           ++j) {
        t = CheckedAdd<I>(t, CheckedMul<I>(plan.mult[j], plan.src[j][q]));
      }
      if (t == 0) continue;
      auto [c, m] = x.targets[k];
      if (m != 0) {
        c->num[p] = CheckedAdd<I>(c->num[p], m == 1 ? t : CheckedMul<I>(t, m));
      } else {
        AddEntry(*c, p, t, CheckedMul<I>(a.den, plan.den));
      }
    }
  }
  // Whether every row of a block has the denominator RowDen.
  static bool RowsShareDen(const Block& v) { return v.shared; }
  static I RowDen(const Block& v) { return v.common; }
  // Readies AddRow for rows of M's input whose denominator is vden (0: it
  // varies): per live row f of M, its column and the factor onto the
  // column's shared denominator (0: the column keeps one per entry).
  static void PrepareAddRows(const Mat& a, I vden, Stream& x) {
    std::vector<std::pair<Column*, I>>& targets = x.targets;
    targets.clear();
    for (int f : a.m.live_rows) {
      Column& c = x.cols[f];
      if (vden != 0 && c.den.empty()) {
        targets.push_back({&c, Widen(c, CheckedMul<I>(a.den, vden))});
      } else {
        PerEntry(c, x.n);
        targets.push_back({&c, 0});
      }
    }
  }
  // x_p += M v_q (after PrepareAddRows).
  static void AddRow(const Mat& a, const Block& v, int q, int p, Stream& x) {
    const I* row = &v.num[static_cast<size_t>(q) * v.dim];
    const std::vector<int>& live = a.m.live_rows;
    for (size_t k = 0; k < live.size(); ++k) {
      I t = 0;
      for (int j = a.m.row_start[live[k]]; j < a.m.row_start[live[k] + 1];
           ++j) {
        t = CheckedAdd<I>(t, CheckedMul<I>(a.m.value[j], row[a.m.col[j]]));
      }
      if (t == 0) continue;
      auto [c, m] = x.targets[k];
      if (m != 0) {
        c->num[p] = CheckedAdd<I>(c->num[p], m == 1 ? t : CheckedMul<I>(t, m));
      } else {
        AddEntry(*c, p, t, CheckedMul<I>(a.den, v.den[q]));
      }
    }
  }
  // x_p += M v for p in [lo, hi): the same v at every position.
  static void AddMatVecShared(const Mat& a, const Vec& v, int lo, int hi,
                              Stream& x) {
    for (int f : a.m.live_rows) {
      I t = 0;
      for (int j = a.m.row_start[f]; j < a.m.row_start[f + 1]; ++j)
        t = CheckedAdd<I>(t, CheckedMul<I>(a.m.value[j], v.num[a.m.col[j]]));
      if (t == 0) continue;
      Column& c = x.cols[f];
      const I e = CheckedMul<I>(a.den, v.den);
      c.zero = false;
      if (c.den.empty()) {
        const I add = CheckedMul<I>(t, Widen(c, e));
        for (int p = lo; p < hi; ++p) c.num[p] = CheckedAdd<I>(c.num[p], add);
      } else {
        for (int p = lo; p < hi; ++p) AddEntry(c, p, t, e);
      }
    }
  }

  // fixed:p: every value at positions [lo, hi) ← ⌊value · 2^bits⌋ / 2^bits.
  static void Round(Stream& x, int lo, int hi, int bits) {
    if (bits > 62) throw ArithOverflow{};
    const I scale = I{1} << bits;
    for (Column& c : x.cols) {
      if (c.den.empty() && scale % c.common == 0) continue;  // on the grid
      if (c.den.empty() && lo == 0 && hi == x.n) {
        for (int p = 0; p < x.n; ++p)
          c.num[p] = FloorScaled(c.num[p], scale, c.common);
        c.common = scale;
        continue;
      }
      if (c.den.empty() && OnGrid(c, lo, hi, scale)) continue;
      PerEntry(c, x.n);
      for (int p = lo; p < hi; ++p) {
        if (scale % c.den[p] == 0) continue;
        c.num[p] = FloorScaled(c.num[p], scale, c.den[p]);
        c.den[p] = scale;
        ReduceEntry(c.num[p], c.den[p]);
      }
    }
  }
  // The first (by position, then feature) value at positions [lo, hi) outside
  // [−2^bits, 2^bits) (bits ≤ 62), as {p, f}; {-1, -1} when none.
  static std::pair<int, int> FirstOutOfRange(const Stream& x, int lo, int hi,
                                             int bits) {
    std::pair<int, int> first{-1, -1};
    int end = hi;  // positions from `end` on cannot come first
    for (size_t f = 0; f < x.cols.size(); ++f) {
      const Column& c = x.cols[f];
      for (int p = lo; p < end; ++p) {
        if (InShiftedRange<I>(c.num[p], Den(c, p), bits)) continue;
        first = {p, static_cast<int>(f)};
        end = p;  // a later feature must fail at an earlier position
        break;
      }
    }
    return first;
  }
  static Rational ToRational(const Stream& x, int p, int f) {
    return RationalOf<I>(x.cols[f].num[p], Den(x.cols[f], p));
  }

  // rows_q += b for q in [lo, hi), without reducing: rows that shared a
  // denominator still do.
  static void AddToRows(Block& rows, const Vec& b, int lo, int hi) {
    if (rows.shared && Rem<I>(rows.common, b.den) != 0) {
      rows.common = CheckedLcm<I>(rows.common, b.den);  // every row's, below
    }
    I last_den = 0, f = 0;  // rows mostly share a denominator
    for (int q = lo; q < hi; ++q) {
      I* row = &rows.num[static_cast<size_t>(q) * rows.dim];
      I& den = rows.den[q];
      if (den != last_den && Rem<I>(den, b.den) != 0) {
        const I l = CheckedLcm<I>(den, b.den);
        const I f_row = Quot<I>(l, den);
        for (int i = 0; i < rows.dim; ++i)
          row[i] = CheckedMul<I>(row[i], f_row);
        den = l;
      }
      if (den != last_den) {
        last_den = den;
        f = Quot<I>(den, b.den);
      }
      for (int i = 0; i < rows.dim; ++i) {
        if (b.num[i] != 0)
          row[i] = CheckedAdd<I>(row[i], CheckedMul<I>(b.num[i], f));
      }
    }
  }
  static void ReluRows(Block& rows, int lo, int hi) {
    for (size_t i = static_cast<size_t>(lo) * rows.dim;
         i < static_cast<size_t>(hi) * rows.dim; ++i) {
      if (rows.num[i] < 0) rows.num[i] = 0;
    }
  }

 private:
  static const Plan& MakePlan(const Mat& a, const Stream& x) {
    return MakePlan(a, x, x.plan);
  }
  static const Plan& MakePlan(const Mat& a, const Stream& x, Plan& plan) {
    const size_t nnz = a.m.col.size();
    plan.uniform = true;
    plan.den = 1;
    plan.src.resize(nnz);
    plan.col.resize(nnz);
    plan.features.clear();
    plan.scaled.assign(x.cols.size(), 0);  // marks the features seen below
    plan.stream_cols = &x.cols;
    for (size_t k = 0; k < nnz; ++k) {
      const Column& c = x.cols[a.m.col[k]];
      plan.col[k] = &c;
      plan.src[k] = c.num.data();
      if (plan.scaled[a.m.col[k]] == 0) {
        plan.scaled[a.m.col[k]] = 1;
        plan.features.push_back(a.m.col[k]);
      }
      if (c.den.empty()) {
        plan.den = CheckedLcm<I>(plan.den, c.common);
      } else {
        plan.uniform = false;
      }
    }
    plan.mult.resize(nnz);
    if (plan.uniform) {
      for (size_t k = 0; k < nnz; ++k) {
        plan.mult[k] =
            CheckedMul<I>(a.m.value[k], plan.den / plan.col[k]->common);
      }
    }
    return plan;
  }
  // row = M x_q over den = M.den · lcm(the denominators at q), unreduced.
  // Each feature read is put over that denominator once, not once a matrix
  // entry.
  static void RowAt(const Mat& a, const Plan& plan, int q, I* row, I& den) {
    const std::vector<Column>& cols = *plan.stream_cols;
    I l = plan.den;
    for (int f : plan.features) {
      const Column& c = cols[f];
      // Columns written by one head share their entries' denominators.
      if (!c.den.empty() && c.den[q] != l) l = CheckedLcm<I>(l, c.den[q]);
    }
    I* scaled = plan.scaled.data();
    for (int f : plan.features) {
      const I v = cols[f].num[q], d = Den(cols[f], q);
      scaled[f] = v == 0 || d == l ? v : CheckedMul<I>(v, Quot<I>(l, d));
    }
    for (int i = 0; i < a.m.rows; ++i) {
      I acc = 0;
      for (int k = a.m.row_start[i]; k < a.m.row_start[i + 1]; ++k) {
        const I v = scaled[a.m.col[k]];
        if (v != 0) acc = CheckedAdd<I>(acc, CheckedMul<I>(a.m.value[k], v));
      }
      row[i] = acc;
    }
    den = CheckedMul<I>(a.den, l);
  }

  // The shared denominator becomes a multiple of e (rescaling the column when
  // it grows); returns the factor that puts a fraction over e on it.
  static I Widen(Column& c, I e) {
    if (c.zero) {  // nothing to rescale: any denominator will do
      c.common = e;
      c.zero = false;
      return 1;
    }
    const I l = CheckedLcm<I>(c.common, e);
    if (l != c.common) {
      const I f = Quot<I>(l, c.common);
      for (I& v : c.num) v = CheckedMul<I>(v, f);
      c.common = l;
    }
    return Quot<I>(l, e);
  }
  static void PerEntry(Column& c, int n) {
    if (c.den.empty()) c.den.assign(n, c.common);
    c.zero = false;
  }
  // Entry p of a per-entry column += t / e (e > 0), in lowest terms when the
  // denominator grows.
  static void AddEntry(Column& c, int p, I t, I e) {
    I& v = c.num[p];
    I& d = c.den[p];
    if (v == 0) {  // the first term (most entries get one): taken as it is
      v = t;
      d = e;
      return;
    }
    if (Rem<I>(d, e) == 0) {
      v = CheckedAdd<I>(v, CheckedMul<I>(t, Quot<I>(d, e)));
      return;
    }
    const I l = CheckedLcm<I>(d, e);
    v = CheckedAdd<I>(CheckedMul<I>(v, Quot<I>(l, d)),
                      CheckedMul<I>(t, Quot<I>(l, e)));
    d = l;
    ReduceEntry(v, d);
  }
  static void ReduceEntry(I& v, I& d) {
    if (v == 0) {
      d = 1;
      return;
    }
    const auto g = static_cast<I>(Gcd<U>(Abs<I>(v), d));
    v = Quot<I>(v, g);
    d = Quot<I>(d, g);
  }
  // ⌊v · scale / den⌋ (den > 0).
  static I FloorScaled(I v, I scale, I den) {
    return FloorMulDiv<I>(v, scale, den);
  }
  // Whether the entries [lo, hi) of a shared-denominator column are
  // multiples of 1/scale (the last layer rounds one position).
  static bool OnGrid(const Column& c, int lo, int hi, I scale) {
    for (int p = lo; p < hi; ++p) {
      if (!MulDivisible<I>(c.num[p], scale, c.common)) return false;
    }
    return true;
  }
  static bool RowIsZero(const Block& v, int p) {
    const I* row = &v.num[static_cast<size_t>(p) * v.dim];
    for (int i = 0; i < v.dim; ++i) {
      if (row[i] != 0) return false;
    }
    return true;
  }
  // How column f is embedded at a length: the part each token adds, and the
  // positional part, computed once per length (an exhaustive check runs
  // millions of inputs of one length).
  static void PlanColumn(ColumnEmbedding& e, int f, int n,
                         const std::vector<Vec>& token_rows,
                         const std::vector<PositionalFeature>& positional) {
    // The shared denominator: the tokens' and the positional terms' whose
    // denominator does not depend on p (all but 1/(p+1)).
    e.den = 1;
    for (const Vec& row : token_rows) {
      if (row.num[f] != 0) e.den = CheckedLcm<I>(e.den, row.den);
    }
    e.per_entry = false;
    bool any_positional = false;
    for (const PositionalFeature& pf : positional) {
      if (pf.feature != f || n == 0) continue;
      any_positional = true;
      if (pf.function == PositionalFunction::kInversePosition) {
        e.per_entry = true;
      } else {
        e.den =
            CheckedLcm<I>(e.den, PositionalFraction(pf.function, 0, n).second);
      }
    }
    e.by_token.resize(token_rows.size());
    e.any_token = false;
    for (size_t t = 0; t < token_rows.size(); ++t) {
      const Vec& row = token_rows[t];
      e.by_token[t] =
          row.num[f] == 0 ? 0 : CheckedMul<I>(row.num[f], e.den / row.den);
      e.any_token = e.any_token || e.by_token[t] != 0;
    }
    // The positional part as a column of its own.
    Column c;
    c.common = e.den;
    c.num.assign(any_positional ? n : 0, 0);
    for (const PositionalFeature& pf : positional) {
      if (pf.feature != f || n == 0) continue;
      if (pf.function == PositionalFunction::kInversePosition) {
        PerEntry(c, n);
        for (int p = 0; p < n; ++p) AddEntry(c, p, 1, p + 1);
        continue;
      }
      const I factor = e.den / PositionalFraction(pf.function, 0, n).second;
      for (int p = 0; p < n; ++p) {
        const auto [v, den] = PositionalFraction(pf.function, p, n);
        if (v == 0) continue;
        if (c.den.empty()) {
          c.num[p] = CheckedAdd<I>(c.num[p], CheckedMul<I>(v, factor));
        } else {
          AddEntry(c, p, v, den);
        }
      }
    }
    e.positional = std::move(c.num);
    e.positional_den = std::move(c.den);
  }
  // With `consume`, the plan's positional part is moved into the column.
  static void EmbedColumn(Column& c, ColumnEmbedding& e,
                          const std::vector<int>& token, bool consume) {
    const int n = static_cast<int>(token.size());
    c.common = e.den;
    c.zero = false;
    if (e.per_entry) {  // 1/(p+1): one denominator per entry
      if (consume) {
        c.num = std::move(e.positional);
        c.den = std::move(e.positional_den);
      } else {
        c.num = e.positional;
        c.den = e.positional_den;
      }
      for (int p = 0; e.any_token && p < n; ++p) {
        const I t = e.by_token[token[p]];
        if (t != 0) AddEntry(c, p, t, e.den);
      }
      return;
    }
    c.den.clear();
    if (!e.any_token && e.positional.empty()) {
      c.num.assign(n, 0);
      return;
    }
    if (consume && !e.positional.empty()) {
      c.num = std::move(e.positional);
      for (int p = 0; e.any_token && p < n; ++p)
        c.num[p] = CheckedAdd<I>(c.num[p], e.by_token[token[p]]);
      return;
    }
    c.num.resize(n);
    for (int p = 0; p < n; ++p) c.num[p] = e.by_token[token[p]];
    for (int p = 0; p < n && !e.positional.empty(); ++p)
      c.num[p] = CheckedAdd<I>(c.num[p], e.positional[p]);
  }
};

// ---------------------------------------------------------------------------
// GMP rationals and doubles: one value per entry, no denominators to manage.
template <typename T>
struct ElementStreamOps {
  using A = ElementArith<T>;
  using Vec = typename A::Vec;
  using Mat = typename A::Mat;
  using Block = typename A::Block;

  struct Stream {
    int n = 0;
    std::vector<std::vector<T>> cols;
  };

  // As IntStreamOps::Embed; a column's storage is kept when released (GMP
  // and double runs are the slow, short ones).
  static void Embed(Stream& x, const std::vector<Vec>& token_rows,
                    const std::vector<int>& token,
                    const std::vector<PositionalFeature>& positional,
                    const std::vector<char>& live) {
    x.n = static_cast<int>(token.size());
    x.cols.resize(live.size());
    for (size_t f = 0; f < live.size(); ++f) {
      std::vector<T>& c = x.cols[f];
      c.resize(x.n);
      if (!live[f]) continue;
      for (int p = 0; p < x.n; ++p) c[p] = token_rows[token[p]][f];
    }
    for (const PositionalFeature& pf : positional) {
      if (!live[pf.feature]) continue;
      std::vector<T>& c = x.cols[pf.feature];
      for (int p = 0; p < x.n; ++p) {
        auto [num, den] = PositionalFraction(pf.function, p, x.n);
        if (num != 0) c[p] += A::FromFraction(num, den);
      }
    }
  }
  static void Release(Stream&, int) {}
  static void Materialize(Stream& x, int f) { x.cols[f].assign(x.n, T(0)); }
  static void MatVecRows(const Mat& a, const Stream& x, int lo, int hi,
                         Block& out, bool = true, bool compact = false) {
    const int rows = compact ? hi - lo : x.n;
    const int base = compact ? lo : 0;
    out.dim = a.rows;
    out.rows = rows;
    out.num.resize(static_cast<size_t>(rows) * a.rows);
    out.prefix.clear();
    for (int q = lo; q < hi; ++q)
      RowAt(a, x, q, &out.num[static_cast<size_t>(q - base) * a.rows]);
  }
  static void MatVecAt(const Mat& a, const Stream& x, int p, Vec& y) {
    y.resize(a.rows);
    RowAt(a, x, p, y.data());
  }
  static bool RowsShareDen(const Block&) { return true; }
  static int RowDen(const Block&) { return 1; }
  static void PrepareAddRows(const Mat&, std::int64_t, Stream&) {}
  static bool PrepareAddFromStream(const Mat&, Stream&) { return true; }
  static void AddFromStream(const Mat& a, int q, int p, Stream& x) {
    for (int f : a.live_rows) {
      for (int j = a.row_start[f]; j < a.row_start[f + 1]; ++j)
        x.cols[f][p] += a.value[j] * x.cols[a.col[j]][q];
    }
  }
  static void AddRow(const Mat& a, const Block& v, int q, int p, Stream& x) {
    const T* row = &v.num[static_cast<size_t>(q) * v.dim];
    for (int f : a.live_rows) {
      for (int j = a.row_start[f]; j < a.row_start[f + 1]; ++j)
        x.cols[f][p] += a.value[j] * row[a.col[j]];
    }
  }
  static void AddMatVecRows(const Mat& a, const Block& v, int lo, int hi,
                            Stream& x, int first = 0) {
    for (int f : a.live_rows) {
      std::vector<T>& c = x.cols[f];
      for (int p = lo; p < hi; ++p) {
        const T* row = &v.num[static_cast<size_t>(p - first) * v.dim];
        for (int j = a.row_start[f]; j < a.row_start[f + 1]; ++j)
          c[p] += a.value[j] * row[a.col[j]];
      }
    }
  }
  static void AddMatVecShared(const Mat& a, const Vec& v, int lo, int hi,
                              Stream& x) {
    for (int f : a.live_rows) {
      T t = 0;
      for (int j = a.row_start[f]; j < a.row_start[f + 1]; ++j)
        t += a.value[j] * v[a.col[j]];
      for (int p = lo; p < hi; ++p) x.cols[f][p] += t;
    }
  }
  static void Round(Stream& x, int lo, int hi, int bits) {
    for (std::vector<T>& c : x.cols) {
      for (int p = lo; p < hi; ++p) A::RoundDownValue(c[p], bits);
    }
  }
  static std::pair<int, int> FirstOutOfRange(const Stream& x, int lo, int hi,
                                             int bits) {
    std::pair<int, int> first{-1, -1};
    int end = hi;
    for (size_t f = 0; f < x.cols.size(); ++f) {
      for (int p = lo; p < end; ++p) {
        if (A::InRangeValue(x.cols[f][p], bits)) continue;
        first = {p, static_cast<int>(f)};
        end = p;
        break;
      }
    }
    return first;
  }
  static Rational ToRational(const Stream& x, int p, int f) {
    return Rational(x.cols[f][p]);  // GMP only (an exact arithmetic)
  }
  static void HiddenRows(const Mat& a, const Vec* b, const Stream& x, int lo,
                         int hi, Block& out) {
    MatVecRows(a, x, lo, hi, out, /*reduce=*/false, /*compact=*/true);
    if (b != nullptr) AddToRows(out, *b, 0, hi - lo);
    ReluRows(out, 0, hi - lo);
  }
  static void AddToRows(Block& rows, const Vec& b, int lo, int hi) {
    for (int q = lo; q < hi; ++q) {
      for (int i = 0; i < rows.dim; ++i)
        rows.num[static_cast<size_t>(q) * rows.dim + i] += b[i];
    }
  }
  static void ReluRows(Block& rows, int lo, int hi) {
    for (size_t i = static_cast<size_t>(lo) * rows.dim;
         i < static_cast<size_t>(hi) * rows.dim; ++i) {
      if (A::Sign(rows.num[i]) < 0) rows.num[i] = 0;
    }
  }

 private:
  static void RowAt(const Mat& a, const Stream& x, int q, T* row) {
    for (int i = 0; i < a.rows; ++i) {
      T acc = 0;
      for (int k = a.row_start[i]; k < a.row_start[i + 1]; ++k)
        acc += a.value[k] * x.cols[a.col[k]][q];
      row[i] = acc;
    }
  }
};

template <typename Arith>
struct StreamOps;
template <>
struct StreamOps<SmallExactArith> : IntStreamOps<std::int64_t> {};
template <>
struct StreamOps<WideExactArith> : IntStreamOps<__int128> {};
template <>
struct StreamOps<BigExactArith> : ElementStreamOps<mpq_class> {};
template <>
struct StreamOps<DoubleArith> : ElementStreamOps<double> {};

}  // namespace satcirc::internal

#endif  // SATCIRC_LIB_ENGINE_RESIDUAL_STREAM_H_
