#include "lib/extract/quantize.h"

#include <gmpxx.h>

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace satcirc::extract {
namespace {

// a/b (b > 0) rounded to the nearest integer, ties away from zero.
mpz_class RoundHalfAway(const mpz_class& a, const mpz_class& b) {
  const mpz_class m = (2 * abs(a) + b) / (2 * b);  // floor: both positive
  return a < 0 ? mpz_class(-m) : m;
}

mpz_class Shifted(const mpz_class& x, long bits) {  // x · 2^bits, bits ≥ 0
  mpz_class r;
  mpz_mul_2exp(r.get_mpz_t(), x.get_mpz_t(), bits);
  return r;
}

// e with 2^e ≤ a/b < 2^(e+1), for a, b > 0.
long FloorLog2(const mpz_class& a, const mpz_class& b) {
  long e = static_cast<long>(mpz_sizeinbase(a.get_mpz_t(), 2)) -
           static_cast<long>(mpz_sizeinbase(b.get_mpz_t(), 2));
  const bool below = e >= 0 ? a < Shifted(b, e) : Shifted(a, -e) < b;
  return below ? e - 1 : e;
}

// q · 2^s rounded, then · 2^-s, exactly.
Rational RoundAtScale(const mpq_class& q, long s) {
  const mpz_class& a = q.get_num();
  const mpz_class& b = q.get_den();
  const mpz_class m = s >= 0 ? RoundHalfAway(Shifted(a, s), b)
                             : RoundHalfAway(a, Shifted(b, -s));
  return s >= 0 ? Rational(mpq_class(m, Shifted(1, s)))
                : Rational(mpq_class(Shifted(m, -s)));
}

class Rounder {
 public:
  Rounder(const Rounding& r, QuantizeStats& stats) : r_(r), stats_(stats) {}

  void operator()(Rational& w) {
    const Rational rounded = Round(w, r_);
    ++stats_.weights;
    stats_.nonzero_before += !w.IsZero();
    stats_.nonzero_after += !rounded.IsZero();
    if (rounded != w) {
      ++stats_.changed;
      const Rational change = rounded > w ? rounded - w : w - rounded;
      stats_.largest_change = std::max(stats_.largest_change, change);
    }
    const Rational den(mpq_class(rounded.gmp().get_den()));
    stats_.largest_denominator = std::max(stats_.largest_denominator, den);
    w = rounded;
  }
  void operator()(Matrix& m) {
    for (Rational& w : m.data) (*this)(w);
  }
  void operator()(Vector& v) {
    for (Rational& w : v) (*this)(w);
  }

 private:
  Rounding r_;
  QuantizeStats& stats_;
};

}  // namespace

absl::StatusOr<Rounding> ParseRounding(absl::string_view spec) {
  const std::pair<absl::string_view, absl::string_view> parts =
      absl::StrSplit(spec, absl::MaxSplits(':', 1));
  Rounding r;
  const bool grid = parts.first == "grid", bits = parts.first == "bits";
  const int lowest = grid ? 0 : 1;
  if ((!grid && !bits) || !absl::SimpleAtoi(parts.second, &r.k) ||
      r.k < lowest || r.k > kMaxRoundingBits) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", spec, "': expected grid:K (the multiples of 2^-K, K = 0 … ",
        kMaxRoundingBits, ") or bits:K (K significant bits, K = 1 … ",
        kMaxRoundingBits, ")"));
  }
  r.kind = grid ? Rounding::Kind::kGrid : Rounding::Kind::kBits;
  return r;
}

std::string RoundingName(const Rounding& r) {
  return absl::StrCat(r.kind == Rounding::Kind::kGrid ? "grid:" : "bits:", r.k);
}

std::string RoundingPhrase(const Rounding& r) {
  return r.kind == Rounding::Kind::kGrid
             ? absl::StrCat("the grid 2^-", r.k)
             : absl::StrCat(r.k, " significant bit", r.k == 1 ? "" : "s");
}

Rational Round(const Rational& w, const Rounding& r) {
  if (w.IsZero()) return w;
  const mpq_class& q = w.gmp();
  if (r.kind == Rounding::Kind::kGrid) return RoundAtScale(q, r.k);
  const long e = FloorLog2(abs(q.get_num()), q.get_den());
  return RoundAtScale(q, r.k - 1 - e);
}

Model Quantize(const Model& model, const Rounding& r, QuantizeStats* stats) {
  QuantizeStats local;
  if (stats) *stats = {};
  Rounder round(r, stats ? *stats : local);
  Model q = model;
  round(q.token_embedding);
  for (Layer& layer : q.layers) {
    for (Head& h : layer.heads) {
      for (Matrix* m : {&h.w_q, &h.w_k, &h.w_v, &h.w_o}) round(*m);
    }
    round(layer.mlp.w1);
    round(layer.mlp.b1);
    round(layer.mlp.w2);
    round(layer.mlp.b2);
  }
  round(q.readout.weights);
  round(q.readout.bias);
  q.name = absl::StrCat(model.name, "-", RoundingName(r));
  q.description =
      absl::StrCat(model.name, " with every weight rounded to ",
                   RoundingPhrase(r), " (satcirc quantize).",
                   model.description.empty() ? "" : " ", model.description);
  return q;
}

}  // namespace satcirc::extract
