// TC0 gadgets on binary numbers: the arithmetic a saturated transformer needs,
// as constant-depth, polynomial-size threshold circuits.
//
// A Number is a vector of wires (LSB first) together with a static range
// [lo, hi] that every value it can take lies in. Its encoding follows from the
// range: two's complement (the top bit weighs −2^(w−1)) when lo < 0, plain
// unsigned binary otherwise. Gadgets compute the exact range of their result
// (by interval arithmetic) and give it the smallest width that holds the
// range, so a result can never overflow its width: overflow is impossible by
// construction. Where a range or a weight would leave 64-bit integers (widths
// above kMaxNumberWidth, Σ|weights| above 2^62) a gadget returns an
// OutOfRange status instead; nothing ever wraps.
//
// Depths below are counted in threshold-gate levels above the deepest input
// bit (NOT is free: the builder absorbs it into weights); "N" is the number of
// input bits of the gadget and "m" the width of its result.
//
// The core is the linear form S = c + Σ wᵢ·xᵢ over bits, and the depth-2
// extraction of its bits (Siu, Roychowdhury, Kailath 1995, ch. 5, multiple
// addition; Merrill, Sabharwal, Smith 2022, §5, put saturated attention in TC0
// through exactly these operations — sums, comparisons, division by a count —
// on O(log n)-bit numbers): bit j of S is bit j of
// T_j = (c mod 2^(j+1)) + Σ (wᵢ mod 2^(j+1))·xᵢ, which lies in a small range
// [0, K_j], and
//     bit_j = Σ_k ( [T_j ≥ k·2^(j+1) + 2^j] − [T_j ≥ (k+1)·2^(j+1)] )
// is 0 or 1, so bit_j = [that signed sum of thresholds ≥ 1]: two levels. When
// the static range of S is narrower than what the residues allow, the same
// formula is applied to S itself with k over ⌊lo/2^(j+1)⌋…⌊hi/2^(j+1)⌋,
// whichever needs fewer gates.
#ifndef SATCIRC_CIRCUITS_GADGETS_H_
#define SATCIRC_CIRCUITS_GADGETS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "circuits/builder.h"

namespace satcirc::circuits {

// Widths up to 62 bits: sums of two numbers' bit weights stay inside int64.
inline constexpr int kMaxNumberWidth = 62;

// Invariant: bits.size() ≥ WidthFor(lo, hi), and the bits encode every value
// in [lo, hi] — two's complement (top bit weighs −2^(w−1)) when lo < 0,
// unsigned otherwise. Gadget results have exactly WidthFor(lo, hi) bits;
// shifts may leave a wider, equally valid encoding. Build Numbers through the
// functions below; a hand-made one must keep this promise.
struct Number {
  std::vector<GateId> bits;  // LSB first
  std::int64_t lo = 0;       // every value lies in [lo, hi]
  std::int64_t hi = 0;

  int width() const { return static_cast<int>(bits.size()); }
  bool is_signed() const { return lo < 0; }
};

// The smallest width that holds [lo, hi] (two's complement iff lo < 0).
int WidthFor(std::int64_t lo, std::int64_t hi);
// The weight of bit j: 2^j, or −2^j for the sign bit of a signed number.
std::int64_t BitWeight(const Number& x, int j);
// The value a Number's bits encode (for tests and tools).
std::int64_t DecodeNumber(const Number& x, const std::vector<bool>& bit_values);

// Depth 0 (constant wires).
Number ConstantNumber(CircuitBuilder& b, std::int64_t value);
// `width` new inputs named "name[0]" … "name[width−1]", full range.
absl::StatusOr<Number> InputNumber(CircuitBuilder& b, absl::string_view name,
                                   int width, bool is_signed);
// A 0/1 indicator as a number. Depth 0.
Number BitNumber(GateId bit);

// The same value with another encoding (width, signedness): sign- or
// zero-extension, or dropping high bits. An error if [lo, hi] does not fit.
// Depth 0.
absl::StatusOr<Number> Resize(CircuitBuilder& b, const Number& x, int width,
                              bool is_signed);

// Comparisons. One threshold gate [Σ bitweights(x) − Σ bitweights(y) ≥ 0]
// (depth 1, fan-in ≤ 2·max width), folded to a constant when the ranges decide.
GateId GreaterEqual(CircuitBuilder& b, const Number& x, const Number& y);
GateId GreaterThan(CircuitBuilder& b, const Number& x, const Number& y);
GateId GreaterEqualConstant(CircuitBuilder& b, const Number& x,
                            std::int64_t c);  // depth 1
// AND of (x ≥ y) and (y ≥ x): depth 2, 3 gates.
GateId Equal(CircuitBuilder& b, const Number& x, const Number& y);
// AND of literals matching c's bit pattern: depth 1, 1 gate.
GateId EqualConstant(CircuitBuilder& b, const Number& x, std::int64_t c);
// [lo ≤ x ≤ hi]: depth 2 (depth 1 when one side is decided by the range).
GateId InRange(CircuitBuilder& b, const Number& x, std::int64_t lo,
               std::int64_t hi);

struct Term {
  Number x;
  std::int64_t coefficient = 1;
};

// Iterated addition c + Σ aᵢ·xᵢ of any number of numbers with integer
// coefficients. Depth 2 whatever the number of terms. Size: per result bit
// at most 2(N + 2) threshold gates of fan-in ≤ N and one gate over them, so
// O(m·N) gates and O(m·N²) wires, N the number of non-constant operand bits
// (the classic construction with large weights, Siu, Roychowdhury, Kailath
// 1995, ch. 5 "multiple addition"). A single term whose coefficient is a
// power of two is a shift and costs nothing.
absl::StatusOr<Number> WeightedSum(CircuitBuilder& b,
                                   std::span<const Term> terms,
                                   std::int64_t constant = 0);
absl::StatusOr<Number> Add(CircuitBuilder& b, const Number& x,
                           const Number& y);  // depth 2
absl::StatusOr<Number> Subtract(CircuitBuilder& b, const Number& x,
                                const Number& y);  // depth 2
// c·x: depth 0 for c = 0 or a power of two (a shift), else depth 2.
absl::StatusOr<Number> MultiplyConstant(CircuitBuilder& b, const Number& x,
                                        std::int64_t c);
// x·y of two small numbers: the |x|·|y| partial products AND(xᵢ, yⱼ) with
// weight bitweight(i)·bitweight(j) (signed operands included), then iterated
// addition. Depth 3, O(|x|·|y|·m) gates (Siu, Roychowdhury, Kailath 1995,
// ch. 6: product of two n-bit numbers in constant depth; this is the simple
// depth-3 form, quadratic in the widths).
absl::StatusOr<Number> Multiply(CircuitBuilder& b, const Number& x,
                                const Number& y);
struct Product {
  Number x;
  Number y;
  std::int64_t coefficient = 1;
};
// ⌊(c + Σ aₖ·xₖ·yₖ + Σ bᵢ·zᵢ) / d⌋ in one go (d ≥ 1; d = 1 is no division):
// the partial products AND(xₖᵢ, yₖⱼ) of every product and the bits of the
// linear terms form one linear form, whose bits the depth-2 extraction gives
// (after DivideFloor's remainder gates when d > 1). Depth 3 (4 with d > 1)
// for any number of products: an attention score q·k, or a fixed-point
// matrix-vector row with its rounding (d = 2^p), as a single gadget.
absl::StatusOr<Number> SumOfProducts(CircuitBuilder& b,
                                     std::span<const Product> products,
                                     std::span<const Term> terms,
                                     std::int64_t constant = 0,
                                     std::int64_t d = 1);

enum class Ties {
  kAll,        // every position holding the maximum
  kLeftmost,   // only the first one (hard_left attention)
  kRightmost,  // only the last one (hard_right attention)
};

// --- Values kept as sums, not bits. ---
//
// A LinearForm is c + Σ wᵢ·gᵢ over wires with exact static bounds [lo, hi],
// not yet turned into bits. Comparing two of them takes one threshold gate
// over both sides' wires, so a value that is only ever compared — an attention
// score q·k, compared to find the argmax — never needs the O(m·N) gates of
// its bits: scores → argmax in depth 3 (partial products, comparisons,
// AND) instead of 5.
struct LinearForm {
  std::vector<Fanin> terms;
  std::int64_t constant = 0;
  std::int64_t lo = 0;  // every value lies in [lo, hi]
  std::int64_t hi = 0;
};
// A number's own bits as a form. Depth 0, no gates.
LinearForm FormOf(CircuitBuilder& b, const Number& x);
// c + Σ aᵢ·xᵢ, unmaterialized. Depth 0, no gates.
absl::StatusOr<LinearForm> WeightedSumForm(CircuitBuilder& b,
                                           std::span<const Term> terms,
                                           std::int64_t constant = 0);
// c + Σ aₖ·xₖ·yₖ + Σ bᵢ·zᵢ, unmaterialized: only the partial products
// AND(xₖᵢ, yₖⱼ) are built. Depth 1.
absl::StatusOr<LinearForm> SumOfProductsForm(CircuitBuilder& b,
                                             std::span<const Product> products,
                                             std::span<const Term> terms,
                                             std::int64_t constant = 0);
// The bits of a form. Depth +2 (see the header comment).
absl::StatusOr<Number> Materialize(CircuitBuilder& b, const LinearForm& form);
// [x ≥ y], [x > y]: one gate over both forms' wires (shared wires cancel).
// Depth +1. OutOfRange if the two together weigh more than 2^62.
absl::StatusOr<GateId> GreaterEqual(CircuitBuilder& b, const LinearForm& x,
                                    const LinearForm& y);
absl::StatusOr<GateId> GreaterThan(CircuitBuilder& b, const LinearForm& x,
                                   const LinearForm& y);
// ArgmaxIndicators on forms: n² comparison gates and n ANDs, depth +2.
absl::StatusOr<std::vector<GateId>> ArgmaxIndicators(
    CircuitBuilder& b, std::span<const LinearForm> values,
    Ties ties = Ties::kAll);

// max(x, 0): the low bits ANDed with NOT sign. Depth 1, m gates.
Number Relu(CircuitBuilder& b, const Number& x);

// ⌊x / d⌋ for an integer d ≥ 1, rounding towards −∞ (also for negative x).
// Writing S = c + Σwᵢxᵢ = d·(⌊c/d⌋ + Σ⌊wᵢ/d⌋xᵢ) + T with
// T = (c mod d) + Σ(wᵢ mod d)xᵢ ≥ 0,
//     ⌊S/d⌋ = ⌊c/d⌋ + Σ⌊wᵢ/d⌋·xᵢ + Σ_{k≥1} [T ≥ k·d],
// a linear form over the input bits and at most N threshold gates (T ≤ N·(d−1)
// + d − 1), whose bits the depth-2 extraction then gives. Depth 3, size
// O(N·m). This is a much simpler special case of division in TC0
// (Hesse, Allender, Barrington 2002 for the general case): the divisor is a
// constant, so the remainder lives in a range of size O(N·d).
// Powers of two on a plain number are shifts (depth 0).
absl::StatusOr<Number> DivideFloor(CircuitBuilder& b, const Number& x,
                                   std::int64_t d);
// ⌊(c + Σ aᵢ·xᵢ) / d⌋ in one go: depth 3, no intermediate sum.
absl::StatusOr<Number> WeightedSumDivideFloor(CircuitBuilder& b,
                                              std::span<const Term> terms,
                                              std::int64_t constant,
                                              std::int64_t d);
// ⌊x / 2^s⌋: drop the s low bits (an arithmetic shift). Depth 0, no gates.
// With x a fixed-point value with f fractional bits, ShiftRightFloor(x, f − g)
// rounds it down to g fractional bits (docs/semantics.md's fixed:p rounding).
Number ShiftRightFloor(const Number& x, int s);
// x·2^s: s constant-0 bits below. Depth 0. Error if the width would pass
// kMaxNumberWidth.
absl::StatusOr<Number> ShiftLeft(CircuitBuilder& b, const Number& x, int s);

// cond ? x : y, per bit OR(AND(cond, xⱼ), AND(NOT cond, yⱼ)). Depth 2, 3m
// gates.
Number Select(CircuitBuilder& b, GateId cond, const Number& x, const Number& y);
// Σ sᵢ·xᵢ for selectors of which at most one is 1 (0 if none): per bit
// OR_i AND(sᵢ, xᵢⱼ). Depth 2, (n + 1)·m gates.
Number SelectOneHot(CircuitBuilder& b, std::span<const GateId> selectors,
                    std::span<const Number> values);

// Indicator bits of the maximal values: position q is marked iff
// AND_{r≠q} (x_q ≥ x_r) — with > against earlier (kLeftmost) or later
// (kRightmost) positions. Depth 2: n² comparisons (shared by hash-consing) and
// n ANDs of fan-in n − 1 (Merrill, Sabharwal, Smith 2022, §5: the argmax set
// M(a) of saturated attention).
std::vector<GateId> ArgmaxIndicators(CircuitBuilder& b,
                                     std::span<const Number> values,
                                     Ties ties = Ties::kAll);
// max of n ≥ 1 numbers: per bit OR_q AND({x_q ≥ x_r : r ≠ q} ∪ {x_qj}).
// Depth 3, n² + n·m + m gates.
Number Maximum(CircuitBuilder& b, std::span<const Number> values);

struct AverageOptions {
  enum class Method {
    kAuto,         // the one with fewer estimated wires
    kThermometer,  // depth 3, O(2^w) gates: best for narrow values
    kDivision,     // depth 6, polynomial in w: for wide values
  };
  Method method = Method::kAuto;
};
// ⌊(Σ_q s_q·v_q) / (Σ_q s_q)⌋, or 0 when no s_q is 1: the average of the
// selected values, rounded down, which is what a saturated head computes
// over its argmax set (Merrill, Sabharwal, Smith 2022, §5, "averaging").
// Pre-scale the values by 2^p (ShiftLeft) to get the average rounded down to
// p fractional bits. Two constructions, both over the selected sum S (built
// from the products AND(s_q, v_qj), depth 1) and count c = Σ s_q:
//  - thermometer: for integers t and c ≥ 1, ⌊S/c⌋ ≥ t ⟺ S − t·c ≥ 0, one
//    threshold gate over the products and the selectors (no division at all;
//    an OR of the selectors handles c = 0). One gate per value t in the
//    result's range [lo, hi], then bit j from those as in the bit
//    extraction. Depth 3: n·w products, hi − lo comparison gates of fan-in
//    ≤ n·w + n + 1, and m bit gates of fan-in ≤ hi − lo + 2.
//  - division: for each possible count k = 1…n, ⌊S/k⌋ by DivideFloor's
//    construction, selected by [c ≥ k] ∧ ¬[c ≥ k + 1]. Depth 6,
//    O(n²·m·w) gates of fan-in O(n·w): polynomial in the width w, so it wins
//    only for wide values (w around 20 and up).
// kAuto picks by estimated wires. Measured (after Simplify): n = 16, 8-bit
// values: thermometer 391 gates / 38 k wires / depth 3, division 4.2 k gates /
// 0.40 M wires / depth 6; n = 8, 16-bit values: thermometer 66 k gates /
// 9.1 M wires, division 4.8 k gates / 0.61 M wires (kAuto takes each winner).
absl::StatusOr<Number> SelectedAverageFloor(CircuitBuilder& b,
                                            std::span<const GateId> selected,
                                            std::span<const Number> values,
                                            const AverageOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_GADGETS_H_
