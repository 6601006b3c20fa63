#include "circuits/gadgets.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <limits>

#include "absl/strings/str_cat.h"

namespace satcirc::circuits {
namespace {

using i128 = __int128;
// Σ|weights| + |constant| of any linear form, and so of any gate we ask for.
constexpr i128 kWeightLimit = i128{1} << 62;
// Values of numbers: WidthFor ≤ kMaxNumberWidth.
constexpr i128 kValueLimit = i128{1} << (kMaxNumberWidth - 1);

std::int64_t FloorDiv(std::int64_t a, std::int64_t d) {
  std::int64_t q = a / d;
  if (a % d != 0 && a < 0) --q;
  return q;
}
i128 Mod(i128 a, i128 d) {
  i128 r = a % d;
  return r < 0 ? r + d : r;
}
i128 FloorDiv128(i128 a, i128 d) {
  i128 q = a / d;
  if (a % d != 0 && a < 0) --q;
  return q;
}
std::string I128ToString(i128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  std::string s;
  while (v != 0) {
    int digit = static_cast<int>(v % 10);
    s.push_back(static_cast<char>('0' + (negative ? -digit : digit)));
    v /= 10;
  }
  if (negative) s.push_back('-');
  return std::string(s.rbegin(), s.rend());
}

// S = constant + Σ terms, with S ∈ [lo, hi] for every input the circuit can
// see (the bounds come from the operands' ranges).
struct Form {
  std::vector<Fanin> terms;
  i128 constant = 0;
  i128 lo = 0;
  i128 hi = 0;
};

absl::Status CheckForm(const Form& f, absl::string_view what,
                       bool check_range = true) {
  i128 total = f.constant < 0 ? -f.constant : f.constant;
  for (const Fanin& t : f.terms)
    total += t.weight < 0 ? -i128{t.weight} : t.weight;
  if (total > kWeightLimit) {
    return absl::OutOfRangeError(absl::StrCat(
        what, ": the weights of the sum reach ", I128ToString(total),
        ", beyond the 2^62 a threshold gate may carry; use narrower operands"));
  }
  if (check_range && (f.lo < -kValueLimit || f.hi >= kValueLimit)) {
    return absl::OutOfRangeError(absl::StrCat(
        what, ": the result lies in [", I128ToString(f.lo), ", ",
        I128ToString(f.hi), "], wider than ", kMaxNumberWidth, " bits"));
  }
  return absl::OkStatus();
}

// The form c + Σ aᵢxᵢ with exact interval bounds. Constant bits are folded
// into the constant right away.
absl::StatusOr<Form> MakeForm(CircuitBuilder& b, std::span<const Term> terms,
                              std::int64_t constant, absl::string_view what) {
  Form f;
  f.constant = constant;
  i128 lo = constant, hi = constant;
  for (const Term& t : terms) {
    const i128 a = t.coefficient;
    if (a == 0) continue;
    for (int j = 0; j < t.x.width(); ++j) {
      const i128 w = a * BitWeight(t.x, j);
      const GateId g = t.x.bits[j];
      if (b.IsConstant(g)) {
        if (b.ConstantValue(g)) f.constant += w;
        continue;
      }
      if (w > kWeightLimit || w < -kWeightLimit) {
        return absl::OutOfRangeError(
            absl::StrCat(what, ": coefficient ", t.coefficient, " times bit ",
                         j, " exceeds the 2^62 a threshold gate may carry"));
      }
      f.terms.push_back({g, static_cast<std::int64_t>(w)});
    }
    const i128 p = a * t.x.lo, q = a * t.x.hi;
    lo += std::min(p, q);
    hi += std::max(p, q);
  }
  // The bits alone also bound S; keep the tighter of the two.
  i128 bit_lo = f.constant, bit_hi = f.constant;
  for (const Fanin& t : f.terms) (t.weight < 0 ? bit_lo : bit_hi) += t.weight;
  f.lo = std::max(lo, bit_lo);
  f.hi = std::min(hi, bit_hi);
  if (auto s = CheckForm(f, what); !s.ok()) return s;
  return f;
}

Form NumberForm(CircuitBuilder& b, const Number& x) {
  Term t{x, 1};
  auto f = MakeForm(b, {&t, 1}, 0, "number");
  assert(f.ok());  // a Number's own bits always fit
  return *std::move(f);
}

// G = [Σ terms ≥ t].
GateId ThresholdOf(CircuitBuilder& b, const std::vector<Fanin>& terms, i128 t) {
  return b.Threshold(terms, static_cast<std::int64_t>(t));
}

// How many low bits every weight and the constant share as zeros (≤ 62).
int CommonZeroBits(const Form& form) {
  int s = 62;
  for (const Fanin& t : form.terms) {
    s = std::min(s, std::countr_zero(static_cast<std::uint64_t>(t.weight)));
  }
  if (form.constant != 0) {
    s = std::min(s, std::countr_zero(static_cast<std::uint64_t>(
                        static_cast<std::int64_t>(form.constant))));
  }
  return s;
}

// Bit jr of R = Σ terms + c ∈ [rlo, rhi], as one threshold of thresholds:
// Σ_k [R ≥ k·2^(jr+1) + 2^jr] − [R ≥ (k+1)·2^(jr+1)], over either the
// residues mod 2^(jr+1) (method A) or R's range (method B), whichever needs
// fewer gates.
GateId MaterializeBit(CircuitBuilder& b, const std::vector<Fanin>& terms,
                      i128 c, i128 rlo, i128 rhi, int jr) {
  const i128 modulus = i128{1} << (jr + 1), half = i128{1} << jr;
  // Method A: residues mod 2^(jr+1).
  std::vector<Fanin> residues;
  i128 k_max = Mod(c, modulus);
  const i128 r0 = k_max;
  for (const Fanin& t : terms) {
    i128 r = Mod(t.weight, modulus);
    if (r != 0) {
      residues.push_back({t.gate, static_cast<std::int64_t>(r)});
      k_max += r;
    }
  }
  const i128 count_a = k_max < half ? 0 : (k_max - half) / modulus + 1;
  // Method B: R itself over its static range.
  const i128 kb_lo = FloorDiv128(rlo, modulus),
             kb_hi = FloorDiv128(rhi, modulus);
  const i128 count_b = kb_hi - kb_lo + 1;
  std::vector<Fanin> bit_terms;
  std::int64_t known = 0;  // Σ of the ±1 terms the range decides to be 1
  if (k_max <= kWeightLimit && count_a <= count_b) {
    // T ∈ [r0, k_max] always, so thresholds outside it are known.
    auto add_at_least = [&](i128 t, std::int64_t weight) {
      if (t <= r0) {
        known += weight;
      } else if (t <= k_max) {
        bit_terms.push_back({ThresholdOf(b, residues, t - r0), weight});
      }
    };
    for (i128 k = 0; k * modulus + half <= k_max; ++k) {
      add_at_least(k * modulus + half, 1);
      add_at_least((k + 1) * modulus, -1);
    }
  } else {
    // [R ≥ t] with sign `weight`; the range decides it outside (rlo, rhi].
    auto add_at_least = [&](i128 t, std::int64_t weight) {
      if (t <= rlo) {
        known += weight;
      } else if (t <= rhi) {
        bit_terms.push_back({ThresholdOf(b, terms, t - c), weight});
      }
    };
    for (i128 k = kb_lo; k <= kb_hi; ++k) {
      add_at_least(k * modulus + half, 1);
      add_at_least((k + 1) * modulus, -1);
    }
  }
  return b.Threshold(bit_terms, 1 - known);
}

// The bits of S ∈ [lo, hi] with width WidthFor(lo, hi); correct whenever S is
// in [lo, hi] (see the header for the construction). Depth 2.
absl::StatusOr<Number> Materialize(CircuitBuilder& b, const Form& form, i128 lo,
                                   i128 hi, absl::string_view what) {
  if (lo < -kValueLimit || hi >= kValueLimit) {
    return absl::OutOfRangeError(absl::StrCat(
        what, ": the result lies in [", I128ToString(lo), ", ",
        I128ToString(hi), "], wider than ", kMaxNumberWidth, " bits"));
  }
  Number out;
  out.lo = static_cast<std::int64_t>(lo);
  out.hi = static_cast<std::int64_t>(hi);
  const int m = WidthFor(out.lo, out.hi);
  if (form.terms.empty() || lo == hi) {
    // S is the constant (inside [lo, hi] whenever it matters), or the range
    // fixes it.
    const std::int64_t c =
        form.terms.empty() ? static_cast<std::int64_t>(form.constant) : out.lo;
    for (int j = 0; j < m; ++j) out.bits.push_back(b.Constant((c >> j) & 1));
    return out;
  }
  // Every weight and the constant are multiples of 2^s: the low s bits are 0.
  const int s = CommonZeroBits(form);
  std::vector<Fanin> terms = form.terms;
  for (Fanin& t : terms) t.weight >>= s;
  const i128 c = form.constant >> s;
  const i128 rlo = FloorDiv128(lo, i128{1} << s);
  const i128 rhi = FloorDiv128(hi, i128{1} << s);
  out.bits.resize(m);
  for (int j = 0; j < std::min(s, m); ++j) out.bits[j] = b.Constant(false);
  for (int j = s; j < m; ++j) {
    out.bits[j] = MaterializeBit(b, terms, c, rlo, rhi, j - s);
  }
  if (!b.status().ok()) return b.status();
  return out;
}

// ⌊S/d⌋ as a new form (see DivideFloor in the header). Depth +1.
absl::StatusOr<Form> DivideForm(CircuitBuilder& b, const Form& f,
                                std::int64_t d, absl::string_view what) {
  Form out;
  std::vector<Fanin> residues;
  i128 r0 = Mod(f.constant, d);
  i128 k_max = r0;
  for (const Fanin& t : f.terms) {
    const std::int64_t q = FloorDiv(t.weight, d);
    const std::int64_t r = static_cast<std::int64_t>(Mod(t.weight, d));
    if (q != 0) out.terms.push_back({t.gate, q});
    if (r != 0) {
      residues.push_back({t.gate, r});
      k_max += r;
    }
  }
  if (k_max > kWeightLimit) {
    return absl::OutOfRangeError(
        absl::StrCat(what, ": the remainder sum reaches ", I128ToString(k_max),
                     ", beyond 2^62"));
  }
  out.constant = FloorDiv128(f.constant, d);
  for (i128 k = 1; k * d <= k_max; ++k) {
    out.terms.push_back({ThresholdOf(b, residues, k * d - r0), 1});
  }
  out.lo = FloorDiv128(f.lo, d);
  out.hi = FloorDiv128(f.hi, d);
  // The value range is checked by whoever materializes the quotient.
  if (auto s = CheckForm(out, what, /*check_range=*/false); !s.ok()) return s;
  return out;
}

GateId BitOrExtension(CircuitBuilder& b, const Number& x, int j) {
  if (j < x.width()) return x.bits[j];
  if (x.is_signed() && x.width() > 0) return x.bits.back();
  return b.Constant(false);
}

// x re-encoded with exactly `width` bits; the value must fit (asserted by
// the callers' ranges).
Number Reencode(CircuitBuilder& b, const Number& x, int width) {
  Number out{{}, x.lo, x.hi};
  out.bits.reserve(width);
  for (int j = 0; j < width; ++j) out.bits.push_back(BitOrExtension(b, x, j));
  return out;
}

bool IsPowerOfTwo(std::int64_t c) { return c > 0 && (c & (c - 1)) == 0; }

}  // namespace

int WidthFor(std::int64_t lo, std::int64_t hi) {
  assert(lo <= hi);
  if (lo >= 0) return std::bit_width(static_cast<std::uint64_t>(hi));
  int neg = std::bit_width(static_cast<std::uint64_t>(~lo));
  int pos = hi > 0 ? std::bit_width(static_cast<std::uint64_t>(hi)) : 0;
  return 1 + std::max(neg, pos);
}

std::int64_t BitWeight(const Number& x, int j) {
  const std::int64_t w = std::int64_t{1} << j;
  return x.is_signed() && j == x.width() - 1 ? -w : w;
}

std::int64_t DecodeNumber(const Number& x,
                          const std::vector<bool>& bit_values) {
  std::int64_t v = 0;
  for (int j = 0; j < x.width(); ++j) {
    if (bit_values[j]) v += BitWeight(x, j);
  }
  return v;
}

Number ConstantNumber(CircuitBuilder& b, std::int64_t value) {
  Number x{{}, value, value};
  const int m = WidthFor(value, value);
  for (int j = 0; j < m; ++j) x.bits.push_back(b.Constant((value >> j) & 1));
  return x;
}

absl::StatusOr<Number> InputNumber(CircuitBuilder& b, absl::string_view name,
                                   int width, bool is_signed) {
  if (width < 1 || width > kMaxNumberWidth) {
    return absl::InvalidArgumentError(
        absl::StrCat("input number '", name, "': width ", width,
                     ", expected 1…", kMaxNumberWidth));
  }
  Number x;
  for (int j = 0; j < width; ++j) {
    x.bits.push_back(b.Input(absl::StrCat(name, "[", j, "]")));
  }
  if (is_signed) {
    x.lo = -(std::int64_t{1} << (width - 1));
    x.hi = (std::int64_t{1} << (width - 1)) - 1;
  } else {
    x.lo = 0;
    x.hi = static_cast<std::int64_t>((std::uint64_t{1} << width) - 1);
  }
  return x;
}

Number BitNumber(GateId bit) { return Number{{bit}, 0, 1}; }

absl::StatusOr<Number> Resize(CircuitBuilder& b, const Number& x, int width,
                              bool is_signed) {
  bool fits;
  if (width < 0 || width > kMaxNumberWidth) {
    fits = false;
  } else if (is_signed) {
    fits = width > 0 ? x.lo >= -(std::int64_t{1} << (width - 1)) &&
                           x.hi < (std::int64_t{1} << (width - 1))
                     : x.lo == 0 && x.hi == 0;
  } else {
    fits = x.lo >= 0 &&
           static_cast<std::uint64_t>(x.hi) < (std::uint64_t{1} << width);
  }
  if (!fits) {
    return absl::OutOfRangeError(absl::StrCat(
        "resize: values in [", x.lo, ", ", x.hi, "] do not fit in ", width,
        is_signed ? " signed" : " unsigned", " bits"));
  }
  return Reencode(b, x, width);
}

GateId GreaterEqual(CircuitBuilder& b, const Number& x, const Number& y) {
  if (x.lo >= y.hi) return b.Constant(true);
  if (x.hi < y.lo) return b.Constant(false);
  Term t[2] = {{x, 1}, {y, -1}};
  auto f = MakeForm(b, t, 0, "compare");
  assert(f.ok());  // widths ≤ 62 keep Σ|w| < 2^63
  return ThresholdOf(b, f->terms, -f->constant);
}

GateId GreaterThan(CircuitBuilder& b, const Number& x, const Number& y) {
  // x > y ⟺ x − y ≥ 1 for integers: one gate, not NOT(y ≥ x).
  if (x.lo > y.hi) return b.Constant(true);
  if (x.hi <= y.lo) return b.Constant(false);
  Term t[2] = {{x, 1}, {y, -1}};
  auto f = MakeForm(b, t, 0, "compare");
  assert(f.ok());
  return ThresholdOf(b, f->terms, 1 - f->constant);
}

GateId GreaterEqualConstant(CircuitBuilder& b, const Number& x,
                            std::int64_t c) {
  if (x.lo >= c) return b.Constant(true);
  if (x.hi < c) return b.Constant(false);
  Form f = NumberForm(b, x);
  return ThresholdOf(b, f.terms, i128{c} - f.constant);
}

GateId Equal(CircuitBuilder& b, const Number& x, const Number& y) {
  return b.And(GreaterEqual(b, x, y), GreaterEqual(b, y, x));
}

GateId EqualConstant(CircuitBuilder& b, const Number& x, std::int64_t c) {
  if (c < x.lo || c > x.hi) return b.Constant(false);
  // c in x's encoding: its low width bits (two's complement when signed).
  std::vector<Fanin> literals;
  std::int64_t ones = 0;
  for (int j = 0; j < x.width(); ++j) {
    const bool bit = (c >> j) & 1;
    literals.push_back({x.bits[j], bit ? 1 : -1});
    ones += bit;
  }
  return b.Threshold(literals, ones);
}

GateId InRange(CircuitBuilder& b, const Number& x, std::int64_t lo,
               std::int64_t hi) {
  if (lo > hi) return b.Constant(false);
  GateId above = GreaterEqualConstant(b, x, lo);
  if (hi == std::numeric_limits<std::int64_t>::max()) return above;
  // [above − (x ≥ hi + 1) ≥ 1]: AND with a negated input, no NOT gate.
  Fanin in[2] = {{above, 1}, {GreaterEqualConstant(b, x, hi + 1), -1}};
  return b.Threshold(in, 1);
}

absl::StatusOr<Number> WeightedSum(CircuitBuilder& b,
                                   std::span<const Term> terms,
                                   std::int64_t constant) {
  if (terms.size() == 1 && constant == 0) {
    return MultiplyConstant(b, terms[0].x, terms[0].coefficient);
  }
  auto f = MakeForm(b, terms, constant, "weighted sum");
  if (!f.ok()) return f.status();
  return Materialize(b, *f, f->lo, f->hi, "weighted sum");
}

absl::StatusOr<Number> Add(CircuitBuilder& b, const Number& x,
                           const Number& y) {
  Term t[2] = {{x, 1}, {y, 1}};
  return WeightedSum(b, t);
}

absl::StatusOr<Number> Subtract(CircuitBuilder& b, const Number& x,
                                const Number& y) {
  Term t[2] = {{x, 1}, {y, -1}};
  return WeightedSum(b, t);
}

absl::StatusOr<Number> MultiplyConstant(CircuitBuilder& b, const Number& x,
                                        std::int64_t c) {
  if (c == 0) return ConstantNumber(b, 0);
  if (c == 1) return x;
  if (IsPowerOfTwo(c))
    return ShiftLeft(b, x, std::countr_zero(static_cast<std::uint64_t>(c)));
  Term t{x, c};
  auto f = MakeForm(b, {&t, 1}, 0, "multiply by constant");
  if (!f.ok()) return f.status();
  return Materialize(b, *f, f->lo, f->hi, "multiply by constant");
}

absl::StatusOr<Number> Multiply(CircuitBuilder& b, const Number& x,
                                const Number& y) {
  if (x.lo == x.hi) return MultiplyConstant(b, y, x.lo);
  if (y.lo == y.hi) return MultiplyConstant(b, x, y.lo);
  Form f;
  i128 total = 0;
  for (int i = 0; i < x.width(); ++i) {
    for (int j = 0; j < y.width(); ++j) {
      const i128 w = i128{BitWeight(x, i)} * BitWeight(y, j);
      total += w < 0 ? -w : w;
      if (total > kWeightLimit) {
        return absl::OutOfRangeError(
            absl::StrCat("multiply: operands of ", x.width(), " and ",
                         y.width(), " bits give partial products beyond 2^62"));
      }
      f.terms.push_back(
          {b.And(x.bits[i], y.bits[j]), static_cast<std::int64_t>(w)});
    }
  }
  const i128 p[4] = {i128{x.lo} * y.lo, i128{x.lo} * y.hi, i128{x.hi} * y.lo,
                     i128{x.hi} * y.hi};
  f.lo = *std::min_element(p, p + 4);
  f.hi = *std::max_element(p, p + 4);
  if (auto s = CheckForm(f, "multiply"); !s.ok()) return s;
  return Materialize(b, f, f.lo, f.hi, "multiply");
}

namespace {

absl::StatusOr<Form> ProductsForm(CircuitBuilder& b,
                                  std::span<const Product> products,
                                  std::span<const Term> terms,
                                  std::int64_t constant, bool check_range) {
  auto linear = MakeForm(b, terms, constant, "sum of products");
  if (!linear.ok()) return linear.status();
  Form f = *std::move(linear);
  for (const Product& p : products) {
    const i128 a = p.coefficient;
    if (a == 0) continue;
    for (int i = 0; i < p.x.width(); ++i) {
      for (int j = 0; j < p.y.width(); ++j) {
        const i128 w = a * BitWeight(p.x, i) * BitWeight(p.y, j);
        if (w > kWeightLimit || w < -kWeightLimit) {
          return absl::OutOfRangeError(
              absl::StrCat("sum of products: a partial product weighs ",
                           I128ToString(w), ", beyond 2^62"));
        }
        f.terms.push_back(
            {b.And(p.x.bits[i], p.y.bits[j]), static_cast<std::int64_t>(w)});
      }
    }
    const i128 c[4] = {a * p.x.lo * p.y.lo, a * p.x.lo * p.y.hi,
                       a * p.x.hi * p.y.lo, a * p.x.hi * p.y.hi};
    f.lo += *std::min_element(c, c + 4);
    f.hi += *std::max_element(c, c + 4);
  }
  if (auto s = CheckForm(f, "sum of products", check_range); !s.ok()) return s;
  return f;
}

LinearForm ToPublic(const Form& f) {
  // Callers have run CheckForm with check_range: everything fits int64.
  return LinearForm{f.terms, static_cast<std::int64_t>(f.constant),
                    static_cast<std::int64_t>(f.lo),
                    static_cast<std::int64_t>(f.hi)};
}

Form ToInternal(const LinearForm& f) {
  return Form{f.terms, f.constant, f.lo, f.hi};
}

// [x − y ≥ t] for two forms, one gate.
absl::StatusOr<GateId> CompareForms(CircuitBuilder& b, const LinearForm& x,
                                    const LinearForm& y, std::int64_t t) {
  if (i128{x.lo} - y.hi >= t) return b.Constant(true);
  if (i128{x.hi} - y.lo < t) return b.Constant(false);
  std::vector<Fanin> terms = x.terms;
  i128 total = 0;
  for (const Fanin& f : x.terms)
    total += f.weight < 0 ? -i128{f.weight} : f.weight;
  for (const Fanin& f : y.terms) {
    terms.push_back({f.gate, -f.weight});
    total += f.weight < 0 ? -i128{f.weight} : f.weight;
  }
  const i128 theta = i128{t} - x.constant + y.constant;
  if (total > kWeightLimit || theta > kWeightLimit || theta < -kWeightLimit) {
    return absl::OutOfRangeError(absl::StrCat(
        "compare: the two sums together weigh ", I128ToString(total),
        ", beyond the 2^62 a threshold gate may carry"));
  }
  // Wires common to both sides (shared partial products) cancel here.
  return b.Threshold(terms, static_cast<std::int64_t>(theta));
}

}  // namespace

absl::StatusOr<Number> SumOfProducts(CircuitBuilder& b,
                                     std::span<const Product> products,
                                     std::span<const Term> terms,
                                     std::int64_t constant, std::int64_t d) {
  if (d < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sum of products: divisor ", d, ", expected a positive integer"));
  }
  auto form =
      ProductsForm(b, products, terms, constant, /*check_range=*/d == 1);
  if (!form.ok()) return form.status();
  Form f = *std::move(form);
  if (d > 1) {
    auto q = DivideForm(b, f, d, "sum of products");
    if (!q.ok()) return q.status();
    f = *std::move(q);
  }
  return Materialize(b, f, f.lo, f.hi, "sum of products");
}

LinearForm FormOf(CircuitBuilder& b, const Number& x) {
  return ToPublic(NumberForm(b, x));
}

absl::StatusOr<LinearForm> WeightedSumForm(CircuitBuilder& b,
                                           std::span<const Term> terms,
                                           std::int64_t constant) {
  auto f = MakeForm(b, terms, constant, "weighted sum");
  if (!f.ok()) return f.status();
  return ToPublic(*f);
}

absl::StatusOr<LinearForm> SumOfProductsForm(CircuitBuilder& b,
                                             std::span<const Product> products,
                                             std::span<const Term> terms,
                                             std::int64_t constant) {
  auto f = ProductsForm(b, products, terms, constant, /*check_range=*/true);
  if (!f.ok()) return f.status();
  return ToPublic(*f);
}

absl::StatusOr<Number> Materialize(CircuitBuilder& b, const LinearForm& form) {
  return Materialize(b, ToInternal(form), form.lo, form.hi, "materialize");
}

absl::StatusOr<GateId> GreaterEqual(CircuitBuilder& b, const LinearForm& x,
                                    const LinearForm& y) {
  return CompareForms(b, x, y, 0);
}

absl::StatusOr<GateId> GreaterThan(CircuitBuilder& b, const LinearForm& x,
                                   const LinearForm& y) {
  return CompareForms(b, x, y, 1);
}

namespace {

// Position q is marked iff AND_{r≠q} compare(q, r, strict), strict against
// earlier (kLeftmost) or later (kRightmost) positions: the argmax set of n
// values, whatever they are. compare returns StatusOr<GateId>.
template <typename Compare>
absl::StatusOr<std::vector<GateId>> ArgmaxBy(CircuitBuilder& b, std::size_t n,
                                             Ties ties, Compare compare) {
  std::vector<GateId> result;
  std::vector<GateId> conditions;
  for (std::size_t q = 0; q < n; ++q) {
    conditions.clear();
    for (std::size_t r = 0; r < n; ++r) {
      if (r == q) continue;
      const bool strict = (ties == Ties::kLeftmost && r < q) ||
                          (ties == Ties::kRightmost && r > q);
      absl::StatusOr<GateId> g = compare(q, r, strict);
      if (!g.ok()) return g.status();
      conditions.push_back(*g);
    }
    result.push_back(b.And(conditions));
  }
  return result;
}

}  // namespace

absl::StatusOr<std::vector<GateId>> ArgmaxIndicators(
    CircuitBuilder& b, std::span<const LinearForm> values, Ties ties) {
  return ArgmaxBy(
      b, values.size(), ties, [&](std::size_t q, std::size_t r, bool strict) {
        return CompareForms(b, values[q], values[r], strict ? 1 : 0);
      });
}

Number Relu(CircuitBuilder& b, const Number& x) {
  if (!x.is_signed()) return x;
  if (x.hi <= 0) return ConstantNumber(b, 0);
  Number out{{}, 0, x.hi};
  const int m = WidthFor(0, x.hi);
  for (int j = 0; j < m; ++j) {
    // AND(x_j, NOT sign) = [x_j − sign ≥ 1].
    Fanin in[2] = {{x.bits[j], 1}, {x.bits.back(), -1}};
    out.bits.push_back(b.Threshold(in, 1));
  }
  return out;
}

absl::StatusOr<Number> DivideFloor(CircuitBuilder& b, const Number& x,
                                   std::int64_t d) {
  if (d < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("divide: divisor ", d, ", expected a positive integer"));
  }
  if (d == 1) return x;
  if (IsPowerOfTwo(d)) {
    return ShiftRightFloor(x, std::countr_zero(static_cast<std::uint64_t>(d)));
  }
  Term t{x, 1};
  return WeightedSumDivideFloor(b, {&t, 1}, 0, d);
}

absl::StatusOr<Number> WeightedSumDivideFloor(CircuitBuilder& b,
                                              std::span<const Term> terms,
                                              std::int64_t constant,
                                              std::int64_t d) {
  if (d < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("divide: divisor ", d, ", expected a positive integer"));
  }
  auto f = MakeForm(b, terms, constant, "divide");
  if (!f.ok()) return f.status();
  auto q = DivideForm(b, *f, d, "divide");
  if (!q.ok()) return q.status();
  return Materialize(b, *q, q->lo, q->hi, "divide");
}

Number ShiftRightFloor(const Number& x, int s) {
  assert(s >= 0);
  s = std::min(s, 62);
  Number out{{}, x.lo >> s, x.hi >> s};
  if (s >= x.width()) {
    // Only the sign survives: −1 or 0.
    if (x.is_signed()) out.bits.push_back(x.bits.back());
    return out;
  }
  out.bits.assign(x.bits.begin() + s, x.bits.end());
  return out;
}

absl::StatusOr<Number> ShiftLeft(CircuitBuilder& b, const Number& x, int s) {
  if (s < 0 || x.width() + s > kMaxNumberWidth) {
    return absl::OutOfRangeError(
        absl::StrCat("shift left: ", x.width(), " bits shifted by ", s,
                     " exceed ", kMaxNumberWidth, " bits"));
  }
  Number out{std::vector<GateId>(s, b.Constant(false)),
             x.lo * (std::int64_t{1} << s), x.hi * (std::int64_t{1} << s)};
  out.bits.insert(out.bits.end(), x.bits.begin(), x.bits.end());
  return out;
}

Number Select(CircuitBuilder& b, GateId cond, const Number& x,
              const Number& y) {
  const std::int64_t lo = std::min(x.lo, y.lo), hi = std::max(x.hi, y.hi);
  const int m = WidthFor(lo, hi);
  Number out{{}, lo, hi};
  for (int j = 0; j < m; ++j) {
    out.bits.push_back(
        b.Mux(cond, BitOrExtension(b, x, j), BitOrExtension(b, y, j)));
  }
  return out;
}

Number SelectOneHot(CircuitBuilder& b, std::span<const GateId> selectors,
                    std::span<const Number> values) {
  assert(selectors.size() == values.size());
  std::int64_t lo = 0, hi = 0;
  for (const Number& v : values) {
    lo = std::min(lo, v.lo);
    hi = std::max(hi, v.hi);
  }
  const int m = WidthFor(lo, hi);
  Number out{{}, lo, hi};
  std::vector<GateId> terms;
  for (int j = 0; j < m; ++j) {
    terms.clear();
    for (std::size_t q = 0; q < values.size(); ++q) {
      terms.push_back(b.And(selectors[q], BitOrExtension(b, values[q], j)));
    }
    out.bits.push_back(b.Or(terms));
  }
  return out;
}

std::vector<GateId> ArgmaxIndicators(CircuitBuilder& b,
                                     std::span<const Number> values,
                                     Ties ties) {
  // Comparisons of numbers cannot fail.
  return *ArgmaxBy(
      b, values.size(), ties,
      [&](std::size_t q, std::size_t r, bool strict) -> absl::StatusOr<GateId> {
        return strict ? GreaterThan(b, values[q], values[r])
                      : GreaterEqual(b, values[q], values[r]);
      });
}

Number Maximum(CircuitBuilder& b, std::span<const Number> values) {
  assert(!values.empty());
  std::int64_t lo = values[0].lo, hi = values[0].hi;
  for (const Number& v : values) {
    lo = std::max(lo, v.lo);
    hi = std::max(hi, v.hi);
  }
  const int m = WidthFor(lo, hi);
  const std::size_t n = values.size();
  std::vector<std::vector<GateId>> conditions(n);
  for (std::size_t q = 0; q < n; ++q) {
    for (std::size_t r = 0; r < n; ++r) {
      if (r != q)
        conditions[q].push_back(GreaterEqual(b, values[q], values[r]));
    }
  }
  Number out{{}, lo, hi};
  std::vector<GateId> terms, and_inputs;
  for (int j = 0; j < m; ++j) {
    terms.clear();
    for (std::size_t q = 0; q < n; ++q) {
      and_inputs = conditions[q];
      // When x_q is the maximum it lies in [lo, hi], so its first m bits in
      // the result's encoding are its value.
      and_inputs.push_back(BitOrExtension(b, values[q], j));
      terms.push_back(b.And(and_inputs));
    }
    out.bits.push_back(b.Or(terms));
  }
  return out;
}

namespace {

// The selected sum S = Σ_q Σ_j AND(s_q, v_qj)·2^j (signed top bits), with
// the bounds of a value in [lo, hi] and the sum of |weights| in *total.
Form SelectedSum(CircuitBuilder& b, std::span<const GateId> selected,
                 std::span<const Number> values, i128* total) {
  Form sum;
  *total = 0;
  for (std::size_t q = 0; q < values.size(); ++q) {
    for (int j = 0; j < values[q].width(); ++j) {
      const std::int64_t w = BitWeight(values[q], j);
      *total += w < 0 ? -i128{w} : w;
      sum.terms.push_back({b.And(selected[q], values[q].bits[j]), w});
    }
    sum.lo += std::min<std::int64_t>(0, values[q].lo);
    sum.hi += std::max<std::int64_t>(0, values[q].hi);
  }
  return sum;
}

// [avg ≥ t] ⟺ S ≥ t·count (for count ≥ 1, t integer): one gate over the
// products and the selectors per threshold t, and each bit a threshold of
// those. `any` = OR(s) decides the empty case, where the average is 0:
// ±big·(1 − any) forces the gate to [0 ≥ t].
Number AverageByThermometer(CircuitBuilder& b, const Form& sum,
                            std::span<const GateId> selected, std::int64_t lo,
                            std::int64_t hi, i128 big) {
  const int m = WidthFor(lo, hi);
  Number out{{}, lo, hi};
  const GateId any = b.Or(selected);
  std::vector<Fanin> gate_terms;
  auto at_least = [&](std::int64_t t) {
    gate_terms = sum.terms;
    for (GateId s : selected) gate_terms.push_back({s, -t});
    if (t > 0) {
      gate_terms.push_back({any, static_cast<std::int64_t>(big)});
      return b.Threshold(gate_terms, static_cast<std::int64_t>(big));
    }
    gate_terms.push_back({any, -static_cast<std::int64_t>(big)});
    return b.Threshold(gate_terms, -static_cast<std::int64_t>(big));
  };
  std::vector<Fanin> bit_terms;
  for (int j = 0; j < m; ++j) {
    // bit_j = Σ_k [avg ≥ k·2^(j+1) + 2^j] − [avg ≥ (k+1)·2^(j+1)], as in
    // Materialize's method B, over avg ∈ [lo, hi].
    const i128 modulus = i128{1} << (j + 1), half = i128{1} << j;
    std::int64_t known = 0;
    bit_terms.clear();
    auto add = [&](i128 t, std::int64_t weight) {
      if (t <= lo) {
        known += weight;
      } else if (t <= hi) {
        bit_terms.push_back({at_least(static_cast<std::int64_t>(t)), weight});
      }
    };
    for (i128 k = FloorDiv128(lo, modulus); k <= FloorDiv128(hi, modulus);
         ++k) {
      add(k * modulus + half, 1);
      add((k + 1) * modulus, -1);
    }
    out.bits.push_back(b.Threshold(bit_terms, 1 - known));
  }
  return out;
}

// For each count c of selected values, ⌊S/c⌋ materialized, gated by
// [count = c] and ORed per bit.
absl::StatusOr<Number> AverageByDivision(CircuitBuilder& b, const Form& sum,
                                         std::span<const GateId> selected,
                                         std::int64_t lo, std::int64_t hi) {
  const std::int64_t n = static_cast<std::int64_t>(selected.size());
  const int m = WidthFor(lo, hi);
  // at_least[c] = [count ≥ c], c = 0…n+1.
  std::vector<Fanin> ones;
  for (GateId s : selected) ones.push_back({s, 1});
  std::vector<GateId> at_least(n + 2);
  for (std::int64_t c = 0; c <= n + 1; ++c) at_least[c] = b.Threshold(ones, c);
  std::vector<std::vector<GateId>> per_bit(m);
  for (std::int64_t c = 1; c <= n; ++c) {
    if (b.IsConstant(at_least[c]) && !b.ConstantValue(at_least[c])) break;
    auto quotient_form = DivideForm(b, sum, c, "average");
    if (!quotient_form.ok()) return quotient_form.status();
    // When exactly c values are selected the quotient is an average of
    // values in [lo, hi], so [lo, hi] bounds it where it matters.
    auto quotient = Materialize(b, *quotient_form, lo, hi, "average");
    if (!quotient.ok()) return quotient.status();
    for (int j = 0; j < m; ++j) {
      // [count ≥ c] ∧ ¬[count ≥ c + 1] ∧ bit, as one gate.
      Fanin in[3] = {
          {at_least[c], 1}, {at_least[c + 1], -1}, {quotient->bits[j], 1}};
      per_bit[j].push_back(b.Threshold(in, 2));
    }
  }
  Number out{{}, lo, hi};
  for (int j = 0; j < m; ++j) out.bits.push_back(b.Or(per_bit[j]));
  return out;
}

}  // namespace

absl::StatusOr<Number> SelectedAverageFloor(CircuitBuilder& b,
                                            std::span<const GateId> selected,
                                            std::span<const Number> values,
                                            const AverageOptions& options) {
  if (selected.size() != values.size()) {
    return absl::InvalidArgumentError(absl::StrCat("average: ", selected.size(),
                                                   " selectors for ",
                                                   values.size(), " values"));
  }
  const std::int64_t n = static_cast<std::int64_t>(values.size());
  if (n == 0) return ConstantNumber(b, 0);
  // The result lies in [lo, hi]: an average of values, or 0.
  std::int64_t lo = 0, hi = 0;
  for (const Number& v : values) {
    lo = std::min(lo, v.lo);
    hi = std::max(hi, v.hi);
  }
  i128 total = 0;
  const Form sum = SelectedSum(b, selected, values, &total);
  // |S − t·count| < big for every threshold t in [lo, hi].
  const i128 range = i128{hi} - lo + 1;
  const i128 big = total + (i128{std::max(-lo, hi)} + 1) * n + 1;
  if (total > kWeightLimit || big > kWeightLimit) {
    return absl::OutOfRangeError(
        absl::StrCat("average of ", n, " values of up to ", WidthFor(lo, hi),
                     " bits: the sum's weights exceed 2^62"));
  }
  const i128 terms = static_cast<i128>(sum.terms.size());
  const i128 thermometer_cost = range * (terms + n + 2);
  const i128 division_cost =
      n * WidthFor(lo, hi) * terms * std::min<i128>(2 * terms, range / 2 + 2);
  const bool thermometer =
      options.method == AverageOptions::Method::kThermometer ||
      (options.method == AverageOptions::Method::kAuto &&
       thermometer_cost <= division_cost);
  absl::StatusOr<Number> out =
      thermometer ? AverageByThermometer(b, sum, selected, lo, hi, big)
                  : AverageByDivision(b, sum, selected, lo, hi);
  if (!out.ok()) return out.status();
  if (!b.status().ok()) return b.status();
  return out;
}

}  // namespace satcirc::circuits
