#include "lib/base/rational.h"

#include <cctype>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace satcirc {
namespace {

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The exponent of a decimal is bounded so that "1e999999999" cannot exhaust
// memory.
constexpr int kMaxDecimalExponent = 4096;

absl::Status BadNumber(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("'", text, "' is not a number (", why,
                   "; expected an integer, a decimal such as 0.125, or a "
                   "fraction such as 1/3)"));
}

// The value of an unsigned fraction "digits/digits" (body of `text`, sign
// removed).
absl::StatusOr<mpq_class> ParseFraction(absl::string_view text,
                                        absl::string_view body) {
  size_t slash = body.find('/');
  absl::string_view num = body.substr(0, slash);
  absl::string_view den = body.substr(slash + 1);
  if (!AllDigits(num) || !AllDigits(den)) {
    return BadNumber(text, "a fraction is two unsigned integers around '/'");
  }
  mpz_class n(std::string(num), 10), d(std::string(den), 10);
  if (d == 0) return BadNumber(text, "the denominator is zero");
  return mpq_class(n, d);
}

// The exponent of a decimal: the text after 'e' or 'E', "[+-] digits", at most
// kMaxDecimalExponent in absolute value.
absl::StatusOr<long> ParseDecimalExponent(absl::string_view text,
                                          absl::string_view exponent_text) {
  absl::string_view digits = exponent_text;
  bool exp_negative = false;
  if (digits[0] == '-' || digits[0] == '+') {
    exp_negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int parsed = 0;
  if (!AllDigits(digits) || !absl::SimpleAtoi(digits, &parsed) ||
      parsed > kMaxDecimalExponent) {
    return BadNumber(text,
                     absl::StrCat("the exponent must be an integer of at most ",
                                  kMaxDecimalExponent));
  }
  return exp_negative ? -parsed : parsed;
}

// The exact value of an unsigned decimal "digits [. digits] [e|E [+-] digits]"
// (body of `text`, sign removed).
absl::StatusOr<mpq_class> ParseDecimal(absl::string_view text,
                                       absl::string_view body) {
  absl::string_view mantissa = body, exponent_text;
  if (size_t e = body.find_first_of("eE"); e != absl::string_view::npos) {
    mantissa = body.substr(0, e);
    exponent_text = body.substr(e + 1);
    if (exponent_text.empty()) return BadNumber(text, "the exponent is empty");
  }
  absl::string_view int_part = mantissa, frac_part;
  if (size_t dot = mantissa.find('.'); dot != absl::string_view::npos) {
    int_part = mantissa.substr(0, dot);
    frac_part = mantissa.substr(dot + 1);
  }
  if ((int_part.empty() && frac_part.empty()) ||
      (!int_part.empty() && !AllDigits(int_part)) ||
      (!frac_part.empty() && !AllDigits(frac_part))) {
    return BadNumber(text, "unexpected character");
  }
  long exponent = 0;
  if (!exponent_text.empty()) {
    absl::StatusOr<long> parsed = ParseDecimalExponent(text, exponent_text);
    if (!parsed.ok()) return parsed.status();
    exponent = *parsed;
  }
  std::string digits = absl::StrCat(int_part, frac_part);
  mpz_class n(digits.empty() ? std::string("0") : digits, 10);
  exponent -= static_cast<long>(frac_part.size());
  mpz_class power;
  mpz_ui_pow_ui(power.get_mpz_t(), 10,
                static_cast<unsigned long>(std::labs(exponent)));
  return exponent >= 0 ? mpq_class(n * power) : mpq_class(n, power);
}

}  // namespace

Rational::Rational(std::int64_t num, std::int64_t den) {
  mpz_class n, d;
  // mpz_class has no int64 constructor on every platform; go through long long.
  mpz_set_si(n.get_mpz_t(), static_cast<long>(num));
  mpz_set_si(d.get_mpz_t(), static_cast<long>(den));
  q_ = mpq_class(n, d);
  q_.canonicalize();
}

absl::StatusOr<Rational> Rational::Parse(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  if (s.empty()) return BadNumber(text, "it is empty");
  bool negative = false;
  absl::string_view body = s;
  if (body[0] == '-' || body[0] == '+') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  absl::StatusOr<mpq_class> value = body.find('/') != absl::string_view::npos
                                        ? ParseFraction(text, body)
                                        : ParseDecimal(text, body);
  if (!value.ok()) return value.status();
  value->canonicalize();
  if (negative) *value = -*value;
  return Rational(*std::move(value));
}

std::string Rational::ToString() const {
  if (q_.get_den() == 1) return q_.get_num().get_str();
  return absl::StrCat(q_.get_num().get_str(), "/", q_.get_den().get_str());
}

std::optional<std::int64_t> Rational::SmallNumerator() const {
  if (!mpz_fits_slong_p(q_.get_num_mpz_t())) return std::nullopt;
  return static_cast<std::int64_t>(mpz_get_si(q_.get_num_mpz_t()));
}

std::optional<std::int64_t> Rational::SmallDenominator() const {
  if (!mpz_fits_slong_p(q_.get_den_mpz_t())) return std::nullopt;
  return static_cast<std::int64_t>(mpz_get_si(q_.get_den_mpz_t()));
}

}  // namespace satcirc
