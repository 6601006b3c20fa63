#include "lib/experiments/plot.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace satcirc {
namespace {

// Okabe & Ito 2008, "Color Universal Design": distinguishable under the common
// colour-vision deficiencies. Ordered so that the first series get the colours
// with the most contrast on white; yellow last.
constexpr std::array<absl::string_view, 8> kPalette = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7",
    "#E69F00", "#56B4E9", "#000000", "#F0E442"};

enum class Marker {
  kCircle,
  kSquare,
  kTriangleUp,
  kDiamond,
  kTriangleDown,
  kCross,
  kPlus
};
constexpr int kMarkerCount = 7;

constexpr absl::string_view kFont = "DejaVu Sans, Helvetica, Arial, sans-serif";
constexpr double kTitleSize = 16;
constexpr double kLabelSize = 13;
constexpr double kTickSize = 11;
constexpr double kLegendSize = 12;
constexpr double kMarkerRadius = 3.5;
constexpr absl::string_view kMinus = "\u2212";  // typographic minus sign

// Fixed-point with `decimals` digits, by std::to_chars: locale-independent, so
// the output is the same bytes everywhere. "-0" becomes "0".
std::string Fixed(double v, int decimals) {
  char buf[64];
  std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v,
                                         std::chars_format::fixed, decimals);
  std::string s(buf, r.ec == std::errc() ? r.ptr : buf);
  if (!s.empty() && s[0] == '-' &&
      s.find_first_not_of("-0.") == std::string::npos) {
    s.erase(0, 1);
  }
  return s;
}

// A pixel coordinate: two decimals, trailing zeros dropped.
std::string Px(double v) {
  // Keeps a curve that leaves the plot (it is clipped) from producing
  // unbounded numbers.
  v = std::clamp(v, -1e6, 1e6);
  std::string s = Fixed(v, 2);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// A label for a reader: the typographic minus instead of '-'.
std::string WithMinus(std::string s) {
  if (!s.empty() && s[0] == '-') s.replace(0, 1, kMinus.data(), kMinus.size());
  return s;
}

std::string Superscript(int e) {
  static constexpr std::array<absl::string_view, 10> kDigits = {
      "\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
      "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
  std::string digits = std::to_string(e < 0 ? -e : e);
  std::string out = e < 0 ? "\u207B" : "";
  for (char c : digits) absl::StrAppend(&out, kDigits[c - '0']);
  return out;
}

// Valid UTF-8 without the control characters XML 1.0 forbids (an invalid byte
// becomes U+FFFD), and the number of code points, for estimating widths.
struct CleanText {
  std::string text;
  int code_points = 0;
};

CleanText Clean(absl::string_view s) {
  CleanText out;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int len = c < 0x80         ? 1
              : (c >> 5) == 6  ? 2
              : (c >> 4) == 14 ? 3
              : (c >> 3) == 30 ? 4
                               : 0;
    bool ok = len > 0 && i + len <= s.size();
    std::uint32_t cp = len == 1   ? c
                       : len == 2 ? c & 0x1F
                       : len == 3 ? c & 0x0F
                                  : c & 0x07;
    for (int k = 1; ok && k < len; ++k) {
      unsigned char d = s[i + k];
      ok = (d >> 6) == 2;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range values are invalid too.
    if (ok &&
        ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
         (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
         (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)) {
      ok = false;
    }
    if (!ok) {
      out.text += "\uFFFD";
      ++out.code_points;
      ++i;
      continue;
    }
    if (cp < 0x20) {
      if (cp == '\t' || cp == '\n' || cp == '\r') {
        out.text += ' ';
        ++out.code_points;
      }
    } else {
      out.text.append(s.data() + i, len);
      ++out.code_points;
    }
    i += len;
  }
  return out;
}

std::string Escape(absl::string_view s) {
  std::string out;
  for (char c : Clean(s).text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A rough width: sans-serif glyphs average a little under 0.6 em. Used only
// for layout (margins, the legend box), never for anything a test compares.
double TextWidth(absl::string_view s, double font_size) {
  return Clean(s).code_points * 0.6 * font_size;
}

bool Plottable(double x, double y, const PlotOptions& options) {
  return std::isfinite(x) && std::isfinite(y) && (!options.log_x || x > 0) &&
         (!options.log_y || y > 0);
}

// One axis, in axis space: the value itself, or log10 of it on a log axis.
struct Axis {
  bool log = false;
  double lo = 0, hi = 1;
  std::vector<double> major;  // labelled ticks, with grid lines
  std::vector<std::string> labels;
  std::vector<double> minor;  // log axes: the unlabelled 2…9·10ᵏ

  double ToAxis(double v) const { return log ? std::log10(v) : v; }
  double FromAxis(double t) const { return log ? std::pow(10.0, t) : t; }
};

// i · m · 10ᵉ, computed so that 0.1-steps do not accumulate error.
double StepMultiple(std::int64_t i, int m, int e) {
  return e >= 0 ? static_cast<double>(i * m) * std::pow(10.0, e)
                : static_cast<double>(i * m) / std::pow(10.0, -e);
}

// Labels for ticks that are multiples of 10^e: plain numbers, or, beyond a
// million or below a thousandth, m × 10ᴱ with a shared exponent.
std::vector<std::string> NumberLabels(const std::vector<double>& values,
                                      int e) {
  double max_abs = 0;
  for (double v : values) max_abs = std::max(max_abs, std::abs(v));
  const bool scientific = max_abs >= 1e6 || (max_abs > 0 && max_abs < 1e-3);
  const int big_e =
      scientific ? static_cast<int>(std::floor(std::log10(max_abs))) : 0;
  std::vector<std::string> labels;
  for (double v : values) {
    if (!scientific) {
      labels.push_back(WithMinus(Fixed(v, std::max(0, -e))));
    } else if (v == 0) {
      labels.push_back("0");
    } else {
      labels.push_back(absl::StrCat(
          WithMinus(Fixed(v / std::pow(10.0, big_e), std::max(0, big_e - e))),
          "\u00D710", Superscript(big_e)));
    }
  }
  return labels;
}

// Ticks at multiples of 1, 2 or 5 · 10ᵉ, about `target` of them, in
// [lo, hi].
std::vector<double> NiceTicks(double lo, double hi, int target, int* e_out) {
  const double raw = (hi - lo) / target;
  int e = static_cast<int>(std::floor(std::log10(raw)));
  const double f = raw / std::pow(10.0, e);
  int m = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
  if (m == 10) {
    m = 1;
    ++e;
  }
  const double step = StepMultiple(1, m, e);
  const auto first = static_cast<std::int64_t>(std::ceil(lo / step - 1e-9));
  const auto last = static_cast<std::int64_t>(std::floor(hi / step + 1e-9));
  std::vector<double> ticks;
  for (std::int64_t i = first; i <= last; ++i) {
    ticks.push_back(StepMultiple(i, m, e));
  }
  *e_out = e;
  return ticks;
}

// The data range plus 5 % on each side; a flat range is padded.
std::pair<double, double> PaddedRange(double min, double max, bool have_data,
                                      double flat_pad) {
  if (!have_data) return {0, 1};
  if (min == max) return {min - flat_pad, max + flat_pad};
  const double pad = 0.05 * (max - min);
  return {min - pad, max + pad};
}

Axis LinearAxis(double min, double max, bool have_data, int target) {
  Axis axis;
  // One value: ±10 % of it (±1 around zero), so that it sits mid-axis.
  std::tie(axis.lo, axis.hi) =
      PaddedRange(min, max, have_data, min == 0 ? 1 : std::abs(min) * 0.1);
  int e = 0;
  axis.major = NiceTicks(axis.lo, axis.hi, target, &e);
  axis.labels = NumberLabels(axis.major, e);
  return axis;
}

// A log axis spanning less than two powers of ten: ticks at 1, 2, 5 · 10ᵏ
// (or at every m · 10ᵏ, or linear steps when even that gives fewer than two),
// so that the axis can span the data instead of whole decades.
void ShortLogTicks(Axis& axis) {
  for (const std::vector<int>& mults :
       {std::vector<int>{1, 2, 5},
        std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9}}) {
    axis.major.clear();
    axis.minor.clear();
    std::vector<std::pair<int, int>> ticks;  // m · 10ᵏ as (m, k)
    for (int k = static_cast<int>(std::floor(axis.lo)) - 1;
         k <= static_cast<int>(std::ceil(axis.hi)); ++k) {
      for (int m = 1; m <= 9; ++m) {
        const double t = k + std::log10(static_cast<double>(m));
        if (t < axis.lo - 1e-9 || t > axis.hi + 1e-9) continue;
        if (std::find(mults.begin(), mults.end(), m) == mults.end()) {
          axis.minor.push_back(t);
        } else {
          axis.major.push_back(t);
          ticks.push_back({m, k});
        }
      }
    }
    // 1-2-5 needs three ticks to read as a log scale; 1…9 two.
    if (axis.major.size() < (mults.size() == 3 ? 3u : 2u)) continue;
    const bool plain = std::all_of(ticks.begin(), ticks.end(), [](auto t) {
      return t.second >= -3 && t.second <= 5;
    });
    axis.labels.clear();
    for (auto [m, k] : ticks) {
      axis.labels.push_back(
          plain ? Fixed(StepMultiple(m, 1, k), std::max(0, -k))
                : absl::StrCat(m == 1 ? "" : absl::StrCat(m, "\u00D7"), "10",
                               Superscript(k)));
    }
    return;
  }
  // Narrower than one step of 10ᵏ: linear steps in value space.
  int e = 0;
  std::vector<double> values =
      NiceTicks(std::pow(10.0, axis.lo), std::pow(10.0, axis.hi), 4, &e);
  axis.major.clear();
  axis.minor.clear();
  for (double v : values) axis.major.push_back(std::log10(v));
  axis.labels = NumberLabels(values, e);
}

// Major ticks at powers of ten (every k-th decade when there are many), minor
// ticks at 2…9 · 10ᵏ while there are at most eight decades; fewer than two
// powers of ten in view: ShortLogTicks.
Axis LogAxis(double min, double max, bool have_data) {
  Axis axis;
  axis.log = true;
  if (have_data) {
    std::tie(axis.lo, axis.hi) =
        PaddedRange(std::log10(min), std::log10(max), true, 0.5);
  }
  const int first = static_cast<int>(std::ceil(axis.lo - 1e-9));
  const int last = static_cast<int>(std::floor(axis.hi + 1e-9));
  if (last - first < 1) {
    ShortLogTicks(axis);
    return axis;
  }
  const int decades = last - first;
  const int stride = std::max(1, (decades + 7) / 8);
  std::vector<int> exponents;
  for (int k = first; k <= last; ++k) {
    if (((k % stride) + stride) % stride == 0) {
      exponents.push_back(k);
      axis.major.push_back(k);
    } else if (decades <= 40) {  // beyond, a line per decade is a grey wash
      axis.minor.push_back(k);
    }
  }
  if (decades <= 8) {
    for (int k = first - 1; k <= last; ++k) {
      for (int j = 2; j <= 9; ++j) {
        const double t = k + std::log10(static_cast<double>(j));
        if (t >= axis.lo - 1e-9 && t <= axis.hi + 1e-9) axis.minor.push_back(t);
      }
    }
    std::sort(axis.minor.begin(), axis.minor.end());
  }
  // 0.1 … 1000 read best as plain numbers; beyond, 10ᵏ.
  const bool plain = std::all_of(exponents.begin(), exponents.end(),
                                 [](int k) { return k >= -1 && k <= 3; });
  for (int k : exponents) {
    axis.labels.push_back(plain ? Fixed(std::pow(10.0, k), std::max(0, -k))
                                : absl::StrCat("10", Superscript(k)));
  }
  return axis;
}

Axis MakeAxis(bool log, double min, double max, bool have_data, int target) {
  return log ? LogAxis(min, max, have_data)
             : LinearAxis(min, max, have_data, target);
}

struct Point {
  double x, y;  // pixels
};

struct Frame {
  double left, right, top, bottom;  // the plot area, in pixels
  Axis x, y;

  // Pixels of a value, and of a position in axis space (log10 on a log
  // axis).
  double X(double v) const { return XAt(x.ToAxis(v)); }
  double Y(double v) const { return YAt(y.ToAxis(v)); }
  double XAt(double t) const {
    return left + (t - x.lo) / (x.hi - x.lo) * (right - left);
  }
  double YAt(double t) const {
    return bottom - (t - y.lo) / (y.hi - y.lo) * (bottom - top);
  }
};

// The marker of a series, centred at p, as one SVG element.
std::string MarkerElement(Marker marker, Point p) {
  const double r = kMarkerRadius;
  auto path = [&](std::initializer_list<std::pair<double, double>> offsets) {
    std::string d;
    for (auto [dx, dy] : offsets) {
      absl::StrAppend(&d, d.empty() ? "M" : " L", Px(p.x + dx), " ",
                      Px(p.y + dy));
    }
    return absl::StrCat("<path d=\"", d, " Z\"/>");
  };
  switch (marker) {
    case Marker::kCircle:
      return absl::StrCat("<circle cx=\"", Px(p.x), "\" cy=\"", Px(p.y),
                          "\" r=\"", Px(r), "\"/>");
    case Marker::kSquare:
      return path({{-r * 0.9, -r * 0.9},
                   {r * 0.9, -r * 0.9},
                   {r * 0.9, r * 0.9},
                   {-r * 0.9, r * 0.9}});
    case Marker::kTriangleUp:
      return path({{0, -r * 1.2}, {r * 1.1, r * 0.8}, {-r * 1.1, r * 0.8}});
    case Marker::kDiamond:
      return path({{0, -r * 1.25}, {r, 0}, {0, r * 1.25}, {-r, 0}});
    case Marker::kTriangleDown:
      return path({{0, r * 1.2}, {r * 1.1, -r * 0.8}, {-r * 1.1, -r * 0.8}});
    case Marker::kCross:
      return absl::StrCat("<path d=\"M", Px(p.x - r), " ", Px(p.y - r), " L",
                          Px(p.x + r), " ", Px(p.y + r), " M", Px(p.x - r), " ",
                          Px(p.y + r), " L", Px(p.x + r), " ", Px(p.y - r),
                          "\"/>");
    case Marker::kPlus:
      return absl::StrCat("<path d=\"M", Px(p.x - r * 1.2), " ", Px(p.y), " L",
                          Px(p.x + r * 1.2), " ", Px(p.y), " M", Px(p.x), " ",
                          Px(p.y - r * 1.2), " L", Px(p.x), " ",
                          Px(p.y + r * 1.2), "\"/>");
  }
  return "";
}

// Crosses and pluses are strokes; the other markers are filled, or, hollow
// (an upper bound), outlined in the series' colour.
std::string MarkerGroupStyle(Marker marker, absl::string_view colour,
                             bool hollow = false) {
  if (marker == Marker::kCross || marker == Marker::kPlus) {
    return absl::StrCat("fill=\"none\" stroke=\"", colour,
                        "\" stroke-width=\"1.5\"");
  }
  if (hollow) {
    return absl::StrCat("fill=\"white\" stroke=\"", colour,
                        "\" stroke-width=\"1.5\"");
  }
  return absl::StrCat("fill=\"", colour, "\"");
}

struct Segment {
  Point a, b;
};

struct Box {
  double x0, y0, x1, y1;
};

// Whether the segment passes through the box (Liang–Barsky clipping).
bool SegmentHitsBox(const Segment& s, const Box& b) {
  double t0 = 0, t1 = 1;
  auto clip = [&](double p, double q) {
    if (p == 0) return q >= 0;
    const double r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      t0 = std::max(t0, r);
    } else {
      if (r < t0) return false;
      t1 = std::min(t1, r);
    }
    return true;
  };
  const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
  return clip(-dx, s.a.x - b.x0) && clip(dx, b.x1 - s.a.x) &&
         clip(-dy, s.a.y - b.y0) && clip(dy, b.y1 - s.a.y) && t0 <= t1;
}

// What one series contributes, resolved to pixels.
struct SeriesLayout {
  absl::string_view colour;
  Marker marker = Marker::kCircle;
  std::vector<Point> points;    // exact values, in order: joined by the line
  std::vector<Point> bounds;    // upper bounds: hollow markers
  std::vector<Segment> bars;    // error bars with their caps
  std::vector<Segment> arrows;  // the upper bounds' arrows
  std::optional<PowerFit> fit;
  std::vector<Point> fit_curve;
  bool draw_line = false, draw_markers = false, dashed = false;
  int given = 0, skipped = 0;  // points given, and not plottable
};

std::string FitLegendText(const PowerFit& fit) {
  return absl::StrCat("slope k = ", WithMinus(Fixed(fit.exponent, 2)),
                      " (R\u00B2 ", Fixed(fit.r2, 3), ")");
}

std::size_t PointCount(const PlotSeries& s) {
  return std::min(s.x.size(), s.y.size());
}

bool IsBound(const PlotSeries& s, std::size_t i) {
  return i < s.upper_bound.size() && s.upper_bound[i];
}

double ErrorOf(const PlotSeries& s, std::size_t i) {
  const double e = i < s.y_err.size() ? s.y_err[i] : 0;
  return std::isfinite(e) && e > 0 ? e : 0;
}

// The data range over every plottable point and error bar end.
struct DataRange {
  double min_x = INFINITY, max_x = -INFINITY;
  double min_y = INFINITY, max_y = -INFINITY;
  bool have() const { return min_x <= max_x; }
  void Add(double x, double y) {
    min_x = std::min(min_x, x);
    max_x = std::max(max_x, x);
    min_y = std::min(min_y, y);
    max_y = std::max(max_y, y);
  }
};

DataRange RangeOf(const PlotOptions& options,
                  std::span<const PlotSeries> series) {
  DataRange range;
  for (const PlotSeries& s : series) {
    for (std::size_t i = 0; i < PointCount(s); ++i) {
      if (!Plottable(s.x[i], s.y[i], options)) continue;
      range.Add(s.x[i], s.y[i]);
      const double e = ErrorOf(s, i);
      if (e == 0) continue;
      range.Add(s.x[i], s.y[i] + e);
      // A bar reaching zero or below on a log axis is drawn to the bottom.
      if (Plottable(s.x[i], s.y[i] - e, options)) {
        range.Add(s.x[i], s.y[i] - e);
      }
    }
  }
  return range;
}

// The plot area and its axes: the title above; tick labels and the axis
// label below and to the left, as wide as the widest y tick label.
Frame LayOutFrame(const PlotOptions& options, const DataRange& range,
                  double width, double height) {
  Frame frame;
  frame.top = options.title.empty() ? 16 : 16 + kTitleSize + 12;
  const double bottom_margin =
      8 + kTickSize + 6 + (options.x_label.empty() ? 0 : kLabelSize + 8) + 8;
  frame.bottom = height - bottom_margin;
  frame.y = MakeAxis(
      options.log_y, range.min_y, range.max_y, range.have(),
      std::clamp(static_cast<int>((frame.bottom - frame.top) / 70), 3, 8));
  double y_label_width = 0;
  for (const std::string& l : frame.y.labels) {
    y_label_width = std::max(y_label_width, TextWidth(l, kTickSize));
  }
  frame.left =
      10 + (options.y_label.empty() ? 0 : kLabelSize + 8) + y_label_width + 8;
  frame.x = MakeAxis(
      options.log_x, range.min_x, range.max_x, range.have(),
      std::clamp(static_cast<int>((width - frame.left - 20) / 100), 3, 8));
  const double last_x_label =
      frame.x.labels.empty() ? 0 : TextWidth(frame.x.labels.back(), kTickSize);
  frame.right = width - std::max(20.0, last_x_label / 2 + 6);
  return frame;
}

// The fit drawn across its x range: a straight line on log–log axes, a
// sampled curve otherwise.
std::vector<Point> FitCurve(const PowerFit& fit, const PlotOptions& options,
                            const Frame& frame) {
  std::vector<Point> curve;
  if (!(fit.x_min > 0) || !(fit.x_max >= fit.x_min)) return curve;
  const double lo = frame.x.ToAxis(fit.x_min), hi = frame.x.ToAxis(fit.x_max);
  const int samples = options.log_x && options.log_y ? 1 : 64;
  for (int j = 0; j <= samples; ++j) {
    const double xv = frame.x.FromAxis(lo + (hi - lo) * j / samples);
    const double yv = fit.coefficient * std::pow(xv, fit.exponent);
    if (Plottable(xv, yv, options)) {
      curve.push_back({frame.X(xv), frame.Y(yv)});
    }
  }
  return curve;
}

// A vertical bar from y − e to y + e with caps; an end that leaves a log
// axis (y − e ≤ 0) runs to the bottom of the plot area, without a cap.
void AddErrorBar(double x, double y, double e, const PlotOptions& options,
                 const Frame& frame, std::vector<Segment>& bars) {
  const double px = frame.X(x), top = frame.Y(y + e);
  const bool low_ok = Plottable(x, y - e, options);
  const double bottom = low_ok ? frame.Y(y - e) : frame.bottom;
  const double cap = 3;
  bars.push_back({{px, top}, {px, bottom}});
  bars.push_back({{px - cap, top}, {px + cap, top}});
  if (low_ok) bars.push_back({{px - cap, bottom}, {px + cap, bottom}});
}

// An upper bound's arrow: a shaft down from under the marker, and its head;
// shorter when the marker sits near the bottom of the plot area.
void AddBoundArrow(Point p, double bottom, std::vector<Segment>& arrows) {
  const double start = p.y + kMarkerRadius + 1.5;
  const double length = std::clamp(bottom - 2 - start, 6.0, 14.0);
  const Point tip{p.x, start + length};
  arrows.push_back({{p.x, start}, tip});
  arrows.push_back({{p.x - 3, tip.y - 4}, tip});
  arrows.push_back({{p.x + 3, tip.y - 4}, tip});
}

// The fit a series shows: its own, or show_fit's over its exact points.
std::optional<PowerFit> SeriesFit(const PlotSeries& s) {
  if (s.fit) return s.fit;
  if (!s.show_fit) return std::nullopt;
  std::vector<double> xs, ys;
  for (std::size_t i = 0; i < PointCount(s); ++i) {
    if (IsBound(s, i)) continue;
    xs.push_back(s.x[i]);
    ys.push_back(s.y[i]);
  }
  return FitPowerLaw(xs, ys);
}

SeriesLayout LayOutSeries(const PlotSeries& s, std::size_t k,
                          const PlotOptions& options, const Frame& frame) {
  SeriesLayout layout;
  const std::size_t style = s.style >= 0 ? s.style : k;
  layout.colour = kPalette[style % kPalette.size()];
  layout.marker = static_cast<Marker>(style % kMarkerCount);
  layout.given = static_cast<int>(PointCount(s));
  for (std::size_t i = 0; i < PointCount(s); ++i) {
    if (!Plottable(s.x[i], s.y[i], options)) {
      ++layout.skipped;
      continue;
    }
    const Point p{frame.X(s.x[i]), frame.Y(s.y[i])};
    if (IsBound(s, i)) {
      layout.bounds.push_back(p);
      AddBoundArrow(p, frame.bottom, layout.arrows);
    } else {
      layout.points.push_back(p);
    }
    if (const double e = ErrorOf(s, i); e > 0) {
      AddErrorBar(s.x[i], s.y[i], e, options, frame, layout.bars);
    }
  }
  layout.draw_line = s.lines && layout.points.size() >= 2;
  layout.draw_markers = s.markers || layout.points.size() == 1;
  layout.dashed = s.dashed;
  layout.fit = SeriesFit(s);
  if (layout.fit) layout.fit_curve = FitCurve(*layout.fit, options, frame);
  return layout;
}

// Everything drawn in the plot area, as boxes (markers) and segments (lines,
// fits, bars, arrows): what the legend must not cover.
struct DataShapes {
  std::vector<Box> boxes;
  std::vector<Segment> segments;
};

DataShapes ShapesOf(const std::vector<SeriesLayout>& layouts) {
  DataShapes shapes;
  const double r = kMarkerRadius * 1.25 + 1;
  auto add_path = [&](const std::vector<Point>& pts) {
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      shapes.segments.push_back({pts[i], pts[i + 1]});
    }
  };
  for (const SeriesLayout& layout : layouts) {
    for (const std::vector<Point>* pts : {&layout.points, &layout.bounds}) {
      for (const Point& p : *pts) {
        shapes.boxes.push_back({p.x - r, p.y - r, p.x + r, p.y + r});
      }
    }
    if (layout.draw_line) add_path(layout.points);
    add_path(layout.fit_curve);
    for (const std::vector<Segment>* segs : {&layout.bars, &layout.arrows}) {
      shapes.segments.insert(shapes.segments.end(), segs->begin(), segs->end());
    }
  }
  return shapes;
}

bool CoversData(const Box& box, const DataShapes& shapes) {
  const double m = 3;  // clearance
  const Box b{box.x0 - m, box.y0 - m, box.x1 + m, box.y1 + m};
  for (const Box& o : shapes.boxes) {
    if (o.x0 <= b.x1 && b.x0 <= o.x1 && o.y0 <= b.y1 && b.y0 <= o.y1) {
      return true;
    }
  }
  return std::any_of(shapes.segments.begin(), shapes.segments.end(),
                     [&](const Segment& s) { return SegmentHitsBox(s, b); });
}

// One legend row: a series (its line and marker), its fit (a dashed line),
// or the upper-bound marker.
struct LegendRow {
  enum class Kind { kSeries, kFit, kBound } kind;
  std::size_t series = 0;
  std::string text;
};

// The legend text of a series: its label and note, or, without a note, what
// was not drawn.
std::string SeriesLegendText(const PlotSeries& s, const SeriesLayout& layout,
                             const PlotOptions& options) {
  std::string note = s.note;
  if (note.empty() && layout.skipped > 0) {
    const std::string why = options.log_x || options.log_y
                                ? "not finite, or ≤ 0 on a log axis"
                                : "not finite";
    note = layout.skipped == layout.given
               ? absl::StrCat("(nothing to draw: every value ", why, ")")
               : absl::StrCat("(", layout.skipped, " of ", layout.given,
                              " not drawn: ", why, ")");
  }
  return note.empty() ? s.label : absl::StrCat(s.label, " ", note);
}

std::vector<LegendRow> LegendRows(const PlotOptions& options,
                                  std::span<const PlotSeries> series,
                                  const std::vector<SeriesLayout>& layouts) {
  std::vector<LegendRow> rows;
  bool any_bound = false;
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (!series[k].label.empty()) {
      rows.push_back({LegendRow::Kind::kSeries, k,
                      SeriesLegendText(series[k], layouts[k], options)});
    }
    if (layouts[k].fit) {
      rows.push_back(
          {LegendRow::Kind::kFit, k, FitLegendText(*layouts[k].fit)});
    }
    any_bound = any_bound || !layouts[k].bounds.empty();
  }
  if (any_bound) {
    rows.push_back({LegendRow::Kind::kBound, 0, options.upper_bound_label});
  }
  return rows;
}

constexpr double kLegendRow = kLegendSize + 6;
constexpr double kLegendSample = 28;

// Where the legend may go inside the plot area, in order of preference: the
// corners, the middles of the edges, then along the left and right edges,
// then anywhere (a grid of 8-pixel steps).
std::vector<Point> LegendCandidates(const Frame& frame, double w, double h) {
  const double inset = 8, step = 8;
  const double l = frame.left + inset, r = frame.right - inset - w;
  const double t = frame.top + inset, b = frame.bottom - inset - h;
  if (l > r || t > b) return {};
  const double cx = (l + r) / 2, cy = (t + b) / 2;
  std::vector<Point> out = {{r, t},  {l, t},  {r, b},  {l, b},
                            {cx, t}, {cx, b}, {l, cy}, {r, cy}};
  for (double y = t; y <= b; y += step) {
    out.push_back({l, y});
    out.push_back({r, y});
  }
  for (double y = t; y <= b; y += step) {
    for (double x = l; x <= r; x += step) out.push_back({x, y});
  }
  return out;
}

// The first candidate place whose box covers no data or, when every place
// covers some, below the plot (outside = true: the document grows to hold
// it).
Box PlaceLegend(const Frame& frame, const DataShapes& shapes, double w,
                double h, double width, double height, bool* outside) {
  *outside = false;
  for (const Point& p : LegendCandidates(frame, w, h)) {
    const Box box{p.x, p.y, p.x + w, p.y + h};
    if (!CoversData(box, shapes)) return box;
  }
  *outside = true;
  const double x = std::max(10.0, std::min(frame.left, width - 10 - w));
  return {x, height, x + w, height + h};
}

// The whole picture's geometry.
struct Layout {
  double width = 0, height = 0;
  Frame frame;
  std::vector<SeriesLayout> series;
  std::vector<LegendRow> legend;
  Box legend_box{};
};

Layout LayOut(const PlotOptions& options, std::span<const PlotSeries> series) {
  Layout layout;
  layout.width = std::max(options.width, 240);
  layout.height = std::max(options.height, 180);
  layout.frame = LayOutFrame(options, RangeOf(options, series), layout.width,
                             layout.height);
  for (std::size_t k = 0; k < series.size(); ++k) {
    layout.series.push_back(LayOutSeries(series[k], k, options, layout.frame));
  }
  layout.legend = LegendRows(options, series, layout.series);
  if (layout.legend.empty()) return layout;
  double text_width = 0;
  for (const LegendRow& row : layout.legend) {
    text_width = std::max(text_width, TextWidth(row.text, kLegendSize));
  }
  const double w = 10 + kLegendSample + 8 + text_width + 10;
  const double h = layout.legend.size() * kLegendRow + 8;
  bool outside = false;
  layout.legend_box = PlaceLegend(layout.frame, ShapesOf(layout.series), w, h,
                                  layout.width, layout.height, &outside);
  if (outside) layout.height += h + 10;
  return layout;
}

template <typename... Parts>
void Line(std::string* svg, const Parts&... parts) {
  absl::StrAppend(svg, parts..., "\n");
}

std::string PathData(const std::vector<Segment>& segments) {
  std::string d;
  for (const Segment& s : segments) {
    absl::StrAppend(&d, d.empty() ? "" : " ", "M", Px(s.a.x), " ", Px(s.a.y),
                    " L", Px(s.b.x), " ", Px(s.b.y));
  }
  return d;
}

void EmitHeader(std::string* svg, const PlotOptions& options,
                const Layout& layout) {
  const Frame& f = layout.frame;
  Line(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  Line(svg,
       "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"",
       Px(layout.width), "\" height=\"", Px(layout.height), "\" viewBox=\"0 0 ",
       Px(layout.width), " ", Px(layout.height), "\" font-family=\"", kFont,
       "\">");
  if (!options.title.empty()) {
    Line(svg, "<title>", Escape(options.title), "</title>");
  }
  Line(svg, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
  Line(svg, "<defs><clipPath id=\"plot-area\"><rect x=\"", Px(f.left),
       "\" y=\"", Px(f.top), "\" width=\"", Px(f.right - f.left),
       "\" height=\"", Px(f.bottom - f.top), "\"/></clipPath></defs>");
}

// Grid lines (minor fainter than major), outward ticks and the frame.
void EmitGridAndFrame(std::string* svg, const Frame& f) {
  auto grid = [&](absl::string_view cls, absl::string_view colour,
                  const std::vector<double>& xs,
                  const std::vector<double>& ys) {
    std::vector<Segment> lines;
    for (double t : xs)
      lines.push_back({{f.XAt(t), f.top}, {f.XAt(t), f.bottom}});
    for (double t : ys)
      lines.push_back({{f.left, f.YAt(t)}, {f.right, f.YAt(t)}});
    if (lines.empty()) return;
    Line(svg, "<path class=\"", cls, "\" d=\"", PathData(lines), "\" stroke=\"",
         colour, "\" stroke-width=\"1\" fill=\"none\"/>");
  };
  grid("grid-minor", "#f0f0f0", f.x.minor, f.y.minor);
  grid("grid-major", "#dddddd", f.x.major, f.y.major);
  std::vector<Segment> ticks;
  auto x_ticks = [&](const std::vector<double>& ts, double length) {
    for (double t : ts) {
      ticks.push_back({{f.XAt(t), f.bottom}, {f.XAt(t), f.bottom + length}});
    }
  };
  auto y_ticks = [&](const std::vector<double>& ts, double length) {
    for (double t : ts) {
      ticks.push_back({{f.left, f.YAt(t)}, {f.left - length, f.YAt(t)}});
    }
  };
  x_ticks(f.x.major, 5);
  x_ticks(f.x.minor, 3);
  y_ticks(f.y.major, 5);
  y_ticks(f.y.minor, 3);
  Line(svg, "<path class=\"ticks\" d=\"", PathData(ticks),
       "\" stroke=\"#444444\" stroke-width=\"1\" fill=\"none\"/>");
  Line(svg, "<rect class=\"frame\" x=\"", Px(f.left), "\" y=\"", Px(f.top),
       "\" width=\"", Px(f.right - f.left), "\" height=\"",
       Px(f.bottom - f.top),
       "\" fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>");
}

// Tick labels, the axis labels and the title.
void EmitText(std::string* svg, const PlotOptions& options,
              const Layout& layout) {
  const Frame& f = layout.frame;
  Line(svg, "<g class=\"tick-labels\" font-size=\"", Px(kTickSize),
       "\" fill=\"#222222\">");
  for (std::size_t i = 0; i < f.x.major.size(); ++i) {
    Line(svg, "<text x=\"", Px(f.XAt(f.x.major[i])), "\" y=\"",
         Px(f.bottom + 8 + kTickSize), "\" text-anchor=\"middle\">",
         Escape(f.x.labels[i]), "</text>");
  }
  for (std::size_t i = 0; i < f.y.major.size(); ++i) {
    Line(svg, "<text x=\"", Px(f.left - 8), "\" y=\"",
         Px(f.YAt(f.y.major[i]) + kTickSize * 0.35), "\" text-anchor=\"end\">",
         Escape(f.y.labels[i]), "</text>");
  }
  Line(svg, "</g>");
  if (!options.x_label.empty()) {
    Line(svg, "<text class=\"x-label\" x=\"", Px((f.left + f.right) / 2),
         "\" y=\"", Px(f.bottom + 8 + kTickSize + 6 + kLabelSize + 6),
         "\" font-size=\"", Px(kLabelSize), "\" text-anchor=\"middle\">",
         Escape(options.x_label), "</text>");
  }
  if (!options.y_label.empty()) {
    const double x = 10 + kLabelSize, y = (f.top + f.bottom) / 2;
    Line(svg, "<text class=\"y-label\" x=\"", Px(x), "\" y=\"", Px(y),
         "\" font-size=\"", Px(kLabelSize),
         "\" text-anchor=\"middle\" transform=\"rotate(-90 ", Px(x), " ", Px(y),
         ")\">", Escape(options.y_label), "</text>");
  }
  if (!options.title.empty()) {
    Line(svg, "<text class=\"title\" x=\"", Px(layout.width / 2), "\" y=\"",
         Px(16 + kTitleSize), "\" font-size=\"", Px(kTitleSize),
         "\" font-weight=\"bold\" text-anchor=\"middle\">",
         Escape(options.title), "</text>");
  }
}

std::string Polyline(const std::vector<Point>& points) {
  std::string out;
  for (const Point& p : points) {
    absl::StrAppend(&out, out.empty() ? "" : " ", Px(p.x), ",", Px(p.y));
  }
  return out;
}

// One series, clipped to the plot area: fit, line, error bars, markers,
// upper bounds with their arrows.
void EmitSeries(std::string* svg, const SeriesLayout& s, std::size_t k) {
  Line(svg, "<g class=\"series\" id=\"series-", k,
       "\" clip-path=\"url(#plot-area)\">");
  if (s.fit_curve.size() >= 2) {
    std::string d;
    for (const Point& p : s.fit_curve) {
      absl::StrAppend(&d, d.empty() ? "M" : " L", Px(p.x), " ", Px(p.y));
    }
    Line(svg, "<path class=\"fit\" d=\"", d, "\" fill=\"none\" stroke=\"",
         s.colour, "\" stroke-width=\"1.25\" stroke-dasharray=\"6 4\"/>");
  }
  if (s.draw_line) {
    Line(svg, "<polyline points=\"", Polyline(s.points),
         "\" fill=\"none\" stroke=\"", s.colour, "\" stroke-width=\"1.75\"",
         s.dashed ? " stroke-dasharray=\"6 4\"" : "",
         " stroke-linejoin=\"round\"/>");
  }
  if (!s.bars.empty()) {
    Line(svg, "<path class=\"error-bars\" d=\"", PathData(s.bars),
         "\" stroke=\"", s.colour, "\" stroke-width=\"1.25\" fill=\"none\"/>");
  }
  if (s.draw_markers && !s.points.empty()) {
    Line(svg, "<g class=\"markers\" ", MarkerGroupStyle(s.marker, s.colour),
         ">");
    for (const Point& p : s.points) Line(svg, MarkerElement(s.marker, p));
    Line(svg, "</g>");
  }
  if (!s.bounds.empty()) {
    Line(svg, "<path class=\"bound-arrows\" d=\"", PathData(s.arrows),
         "\" stroke=\"", s.colour, "\" stroke-width=\"1.25\" fill=\"none\"/>");
    Line(svg, "<g class=\"upper-bounds\" ",
         MarkerGroupStyle(s.marker, s.colour, /*hollow=*/true), ">");
    for (const Point& p : s.bounds) Line(svg, MarkerElement(s.marker, p));
    Line(svg, "</g>");
  }
  Line(svg, "</g>");
}

// A legend row's sample, between x0 and x1 at height y.
void EmitLegendSample(std::string* svg, const LegendRow& row,
                      const PlotSeries* s, const SeriesLayout* layout,
                      double x0, double x1, double y) {
  const Point mid{(x0 + x1) / 2, y};
  auto line = [&](absl::string_view colour, bool dashed, double width) {
    Line(svg, "<line x1=\"", Px(x0), "\" y1=\"", Px(y), "\" x2=\"", Px(x1),
         "\" y2=\"", Px(y), "\" stroke=\"", colour, "\" stroke-width=\"",
         Px(width), "\"", dashed ? " stroke-dasharray=\"6 4\"" : "", "/>");
  };
  switch (row.kind) {
    case LegendRow::Kind::kFit:
      line(layout->colour, true, 1.25);
      return;
    case LegendRow::Kind::kBound: {
      const Point p{mid.x, y - 4};
      std::vector<Segment> arrow;
      AddBoundArrow(p, y + 11, arrow);
      Line(svg, "<path d=\"", PathData(arrow),
           "\" stroke=\"#555555\" stroke-width=\"1.25\" fill=\"none\"/>");
      Line(svg, "<g ", MarkerGroupStyle(Marker::kCircle, "#555555", true), ">",
           MarkerElement(Marker::kCircle, p), "</g>");
      return;
    }
    case LegendRow::Kind::kSeries:
      if (s->lines) line(layout->colour, s->dashed, 1.75);
      // Hollow when every point drawn is an upper bound, as in the plot.
      if (layout->draw_markers || !s->lines) {
        const bool hollow = layout->points.empty() && !layout->bounds.empty();
        Line(svg, "<g ",
             MarkerGroupStyle(layout->marker, layout->colour, hollow), ">",
             MarkerElement(layout->marker, mid), "</g>");
      }
      return;
  }
}

void EmitLegend(std::string* svg, const Layout& layout,
                std::span<const PlotSeries> series) {
  if (layout.legend.empty()) return;
  const Box& box = layout.legend_box;
  Line(svg, "<g class=\"legend\" font-size=\"", Px(kLegendSize), "\">");
  Line(svg, "<rect x=\"", Px(box.x0), "\" y=\"", Px(box.y0), "\" width=\"",
       Px(box.x1 - box.x0), "\" height=\"", Px(box.y1 - box.y0),
       "\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbbbbb\" "
       "stroke-width=\"1\" rx=\"3\"/>");
  for (std::size_t i = 0; i < layout.legend.size(); ++i) {
    const LegendRow& row = layout.legend[i];
    const bool has_series = row.kind != LegendRow::Kind::kBound;
    const double mid_y = box.y0 + 4 + (i + 0.5) * kLegendRow;
    const double x0 = box.x0 + 10, x1 = x0 + kLegendSample;
    EmitLegendSample(svg, row, has_series ? &series[row.series] : nullptr,
                     has_series ? &layout.series[row.series] : nullptr, x0, x1,
                     mid_y);
    Line(svg, "<text x=\"", Px(x1 + 8), "\" y=\"",
         Px(mid_y + kLegendSize * 0.35), "\">", Escape(row.text), "</text>");
  }
  Line(svg, "</g>");
}

}  // namespace

std::optional<PowerFit> FitPowerLaw(std::span<const double> x,
                                    std::span<const double> y) {
  std::vector<double> lx, ly;
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (std::isfinite(x[i]) && std::isfinite(y[i]) && x[i] > 0 && y[i] > 0) {
      lx.push_back(std::log(x[i]));
      ly.push_back(std::log(y[i]));
    }
  }
  const std::size_t n = lx.size();
  if (n < 2) return std::nullopt;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += lx[i];
    my += ly[i];
  }
  mx /= n;
  my /= n;
  // Centred sums: the plain normal equations lose digits when log x is large
  // compared with its spread.
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) * (ly[i] - my);
  }
  if (sxx == 0) return std::nullopt;
  PowerFit fit;
  fit.exponent = sxy / sxx;
  const double intercept = my - fit.exponent * mx;
  fit.coefficient = std::exp(intercept);
  double residual = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double r = ly[i] - (intercept + fit.exponent * lx[i]);
    residual += r * r;
  }
  fit.r2 = syy == 0 ? 1.0 : std::max(0.0, 1.0 - residual / syy);
  fit.points = static_cast<int>(n);
  fit.x_min = std::exp(*std::min_element(lx.begin(), lx.end()));
  fit.x_max = std::exp(*std::max_element(lx.begin(), lx.end()));
  return fit;
}

std::string RenderPlotSvg(const PlotOptions& options,
                          std::span<const PlotSeries> series) {
  const Layout layout = LayOut(options, series);
  std::string svg;
  EmitHeader(&svg, options, layout);
  EmitGridAndFrame(&svg, layout.frame);
  EmitText(&svg, options, layout);
  for (std::size_t k = 0; k < layout.series.size(); ++k) {
    EmitSeries(&svg, layout.series[k], k);
  }
  EmitLegend(&svg, layout, series);
  Line(&svg, "</svg>");
  return svg;
}

absl::StatusOr<std::string> RenderPlotSvgChecked(
    const PlotOptions& options, std::span<const PlotSeries> series) {
  if (series.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("plot \"", options.title, "\": no series to plot"));
  }
  for (std::size_t k = 0; k < series.size(); ++k) {
    const PlotSeries& s = series[k];
    const std::string name = absl::StrCat("series ", k, " (\"", s.label, "\")");
    if (s.x.size() != s.y.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": x has ", s.x.size(), " values, y has ",
                       s.y.size(), "; they must have the same length"));
    }
    for (auto [what, size] : {std::pair{"y_err", s.y_err.size()},
                              std::pair{"upper_bound", s.upper_bound.size()}}) {
      if (size != 0 && size != s.y.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, ": ", what, " has ", size, " values, y has ",
                         s.y.size(), "; give one per point or none"));
      }
    }
    bool any = false;
    for (std::size_t i = 0; i < s.x.size() && !any; ++i) {
      any = Plottable(s.x[i], s.y[i], options);
    }
    if (!any && s.note.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": no plottable point among ", s.x.size(),
          " (a point needs finite x and y",
          options.log_x || options.log_y ? ", positive on a log axis" : "",
          ") and no note saying why"));
    }
  }
  return RenderPlotSvg(options, series);
}

PlotOptions SaturationPlotOptions() {
  return {.title =
              "Smallest logit scale c* at which softmax(c·s) decides as "
              "saturated attention",
          .x_label = "input length n",
          .y_label = "logit scale c* (dimensionless)",
          .log_x = true,
          .log_y = true,
          .upper_bound_label = "agrees at the search's floor: c* ≤ 1/1024"};
}

PlotOptions SharpnessPlotOptions(double sigma, int draws) {
  return {
      .title = absl::StrFormat(
          "Sharpness: mean loss increase under N(0, %g²) weight noise", sigma),
      .x_label = absl::StrFormat(
          "input length n (bars: ± 1 s.e. over %d draws)", draws),
      .y_label = "mean increase of the logistic loss (nats)"};
}

}  // namespace satcirc
