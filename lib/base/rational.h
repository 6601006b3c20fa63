// Exact rational numbers for model weights and engine values.
//
// `Rational` is the value type of the model IR: arbitrary precision (GMP),
// always in lowest terms, cheap enough for weights but not for inner loops. The
// engines convert weights once into their own arithmetic (lib/engine/arith.h).
#ifndef SATCIRC_LIB_BASE_RATIONAL_H_
#define SATCIRC_LIB_BASE_RATIONAL_H_

#include <gmpxx.h>

#include <compare>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace satcirc {

class Rational {
 public:
  Rational() = default;
  Rational(long value) : q_(value) {}  // NOLINT: integers convert implicitly
  Rational(int value) : q_(value) {}   // NOLINT
  Rational(std::int64_t num, std::int64_t den);  // den != 0
  explicit Rational(mpq_class q) : q_(std::move(q)) { q_.canonicalize(); }

  // Parses "3", "-2", "0.125", "-1.5e-3", "1/3", "-7/2". Decimals are read
  // exactly: "0.1" is 1/10. Errors describe what was expected.
  static absl::StatusOr<Rational> Parse(absl::string_view text);

  // Canonical text: "3", "-7/2". Parse(ToString()) == *this.
  std::string ToString() const;
  double ToDouble() const { return q_.get_d(); }

  bool IsZero() const { return sgn(q_) == 0; }
  bool IsInteger() const { return q_.get_den() == 1; }
  int Sign() const { return sgn(q_); }
  // Numerator and denominator when both fit in int64.
  std::optional<std::int64_t> SmallNumerator() const;
  std::optional<std::int64_t> SmallDenominator() const;

  const mpq_class& gmp() const { return q_; }

  friend Rational operator+(const Rational& a, const Rational& b) {
    return Rational(mpq_class(a.q_ + b.q_));
  }
  friend Rational operator-(const Rational& a, const Rational& b) {
    return Rational(mpq_class(a.q_ - b.q_));
  }
  friend Rational operator*(const Rational& a, const Rational& b) {
    return Rational(mpq_class(a.q_ * b.q_));
  }
  friend Rational operator/(const Rational& a, const Rational& b) {  // b != 0
    return Rational(mpq_class(a.q_ / b.q_));
  }
  Rational operator-() const { return Rational(mpq_class(-q_)); }
  Rational& operator+=(const Rational& b) {
    q_ += b.q_;
    return *this;
  }
  friend bool operator==(const Rational& a, const Rational& b) {
    return a.q_ == b.q_;
  }
  friend std::strong_ordering operator<=>(const Rational& a,
                                          const Rational& b) {
    const int c = cmp(a.q_, b.q_);
    return c < 0 ? std::strong_ordering::less
                 : (c > 0 ? std::strong_ordering::greater
                          : std::strong_ordering::equal);
  }
  friend std::ostream& operator<<(std::ostream& os, const Rational& r) {
    return os << r.ToString();
  }

 private:
  mpq_class q_;  // canonical
};

}  // namespace satcirc

#endif  // SATCIRC_LIB_BASE_RATIONAL_H_
