#include "lib/plot.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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
  std::vector<double> minor;  // log axes: 2·10ᵏ … 9·10ᵏ

  double ToAxis(double v) const { return log ? std::log10(v) : v; }
  double FromAxis(double t) const { return log ? std::pow(10.0, t) : t; }
};

// Ticks at multiples of 1, 2 or 5 · 10ᵉ, about `target` of them.
Axis LinearAxis(double min, double max, bool have_data, int target) {
  Axis axis;
  if (!have_data) {
    axis.lo = 0;
    axis.hi = 1;
  } else if (min == max) {
    // One value: ±10 % of it (±1 around zero), so that it sits mid-axis.
    const double pad = min == 0 ? 1 : std::abs(min) * 0.1;
    axis.lo = min - pad;
    axis.hi = max + pad;
  } else {
    const double pad = 0.05 * (max - min);
    axis.lo = min - pad;
    axis.hi = max + pad;
  }
  double raw = (axis.hi - axis.lo) / target;
  int e = static_cast<int>(std::floor(std::log10(raw)));
  double f = raw / std::pow(10.0, e);
  int m = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
  if (m == 10) {
    m = 1;
    ++e;
  }
  // i · m · 10ᵉ, computed so that 0.1-steps do not accumulate error.
  auto value = [&](std::int64_t i) {
    return e >= 0 ? static_cast<double>(i * m) * std::pow(10.0, e)
                  : static_cast<double>(i * m) / std::pow(10.0, -e);
  };
  double step = value(1);
  std::int64_t first =
      static_cast<std::int64_t>(std::ceil(axis.lo / step - 1e-9));
  std::int64_t last =
      static_cast<std::int64_t>(std::floor(axis.hi / step + 1e-9));
  double max_abs = 0;
  for (std::int64_t i = first; i <= last; ++i) {
    axis.major.push_back(value(i));
    max_abs = std::max(max_abs, std::abs(value(i)));
  }
  // Beyond a million or below a thousandth: m × 10ᴱ with a shared exponent.
  bool scientific = max_abs >= 1e6 || (max_abs > 0 && max_abs < 1e-3);
  int big_e =
      scientific ? static_cast<int>(std::floor(std::log10(max_abs))) : 0;
  for (double v : axis.major) {
    if (!scientific) {
      axis.labels.push_back(WithMinus(Fixed(v, std::max(0, -e))));
    } else if (v == 0) {
      axis.labels.push_back("0");
    } else {
      axis.labels.push_back(absl::StrCat(
          WithMinus(Fixed(v / std::pow(10.0, big_e), std::max(0, big_e - e))),
          "\u00D710", Superscript(big_e)));
    }
  }
  return axis;
}

// Major ticks at powers of ten (every k-th decade when there are many), minor
// ticks at 2…9 · 10ᵏ while there are at most eight decades.
Axis LogAxis(double min, double max, bool have_data) {
  Axis axis;
  axis.log = true;
  if (!have_data) {
    axis.lo = 0;
    axis.hi = 1;
  } else {
    double lmin = std::log10(min), lmax = std::log10(max);
    double pad = lmin == lmax ? 0.5 : 0.05 * (lmax - lmin);
    axis.lo = lmin - pad;
    axis.hi = lmax + pad;
  }
  auto first = [&] { return static_cast<int>(std::ceil(axis.lo - 1e-9)); };
  auto last = [&] { return static_cast<int>(std::floor(axis.hi + 1e-9)); };
  // Fewer than two powers of ten in view: widen to whole decades, so that
  // every label is a power of ten.
  if (last() - first() < 1) {
    axis.lo = std::floor(axis.lo + 1e-9);
    axis.hi = std::ceil(axis.hi - 1e-9);
    if (axis.hi <= axis.lo) axis.hi = axis.lo + 1;
  }
  int decades = last() - first();
  int stride = std::max(1, (decades + 7) / 8);
  std::vector<int> exponents;
  for (int k = first(); k <= last(); ++k) {
    if (((k % stride) + stride) % stride == 0) {
      exponents.push_back(k);
      axis.major.push_back(k);
    } else {
      axis.minor.push_back(k);
    }
  }
  if (decades <= 8) {
    for (int k = first() - 1; k <= last(); ++k) {
      for (int j = 2; j <= 9; ++j) {
        double t = k + std::log10(static_cast<double>(j));
        if (t >= axis.lo - 1e-9 && t <= axis.hi + 1e-9) {
          axis.minor.push_back(t);
        }
      }
    }
    std::sort(axis.minor.begin(), axis.minor.end());
  }
  // 0.1 … 1000 read best as plain numbers; beyond, 10ᵏ.
  bool plain = std::all_of(exponents.begin(), exponents.end(),
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
  const Axis* x;
  const Axis* y;

  double X(double v) const {
    return left + (x->ToAxis(v) - x->lo) / (x->hi - x->lo) * (right - left);
  }
  double Y(double v) const {
    return bottom - (y->ToAxis(v) - y->lo) / (y->hi - y->lo) * (bottom - top);
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

// Crosses and pluses are strokes; the other markers are filled.
std::string MarkerGroupStyle(Marker marker, absl::string_view colour) {
  if (marker == Marker::kCross || marker == Marker::kPlus) {
    return absl::StrCat("fill=\"none\" stroke=\"", colour,
                        "\" stroke-width=\"1.5\"");
  }
  return absl::StrCat("fill=\"", colour, "\"");
}

// What one series contributes, resolved to pixels.
struct SeriesLayout {
  std::vector<Point> points;
  std::optional<PowerFit> fit;
  std::vector<Point> fit_curve;
  absl::string_view colour;
  Marker marker;
  bool draw_line, draw_markers;
};

std::string FitLegendText(const PowerFit& fit) {
  return absl::StrCat("slope k = ", WithMinus(Fixed(fit.exponent, 2)),
                      " (R\u00B2 ", Fixed(fit.r2, 3), ")");
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
  return fit;
}

std::string RenderPlotSvg(const PlotOptions& options,
                          std::span<const PlotSeries> series) {
  const double width = std::max(options.width, 240);
  const double height = std::max(options.height, 180);

  // The data range over every plottable point.
  double min_x = INFINITY, max_x = -INFINITY;
  double min_y = INFINITY, max_y = -INFINITY;
  for (const PlotSeries& s : series) {
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!Plottable(s.x[i], s.y[i], options)) continue;
      min_x = std::min(min_x, s.x[i]);
      max_x = std::max(max_x, s.x[i]);
      min_y = std::min(min_y, s.y[i]);
      max_y = std::max(max_y, s.y[i]);
    }
  }
  const bool have_data = min_x <= max_x;

  // Margins: the title above; tick labels and the axis label below and to the
  // left, as wide as the widest y tick label.
  const double top = options.title.empty() ? 16 : 16 + kTitleSize + 12;
  const double bottom_margin =
      8 + kTickSize + 6 + (options.x_label.empty() ? 0 : kLabelSize + 8) + 8;
  const double plot_height = height - top - bottom_margin;
  Axis y_axis = MakeAxis(options.log_y, min_y, max_y, have_data,
                         std::clamp(static_cast<int>(plot_height / 70), 3, 8));
  double y_label_width = 0;
  for (const std::string& l : y_axis.labels) {
    y_label_width = std::max(y_label_width, TextWidth(l, kTickSize));
  }
  const double left =
      10 + (options.y_label.empty() ? 0 : kLabelSize + 8) + y_label_width + 8;
  Axis x_axis =
      MakeAxis(options.log_x, min_x, max_x, have_data,
               std::clamp(static_cast<int>((width - left - 20) / 100), 3, 8));
  const double last_x_label =
      x_axis.labels.empty() ? 0 : TextWidth(x_axis.labels.back(), kTickSize);
  const double right_margin = std::max(20.0, last_x_label / 2 + 6);
  const Frame frame{left,    width - right_margin,
                    top,     height - bottom_margin,
                    &x_axis, &y_axis};

  // Each series in pixels, with its fit.
  std::vector<SeriesLayout> layouts;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const PlotSeries& s = series[k];
    SeriesLayout layout;
    layout.colour = kPalette[k % kPalette.size()];
    layout.marker = static_cast<Marker>(k % kMarkerCount);
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (Plottable(s.x[i], s.y[i], options)) {
        layout.points.push_back({frame.X(s.x[i]), frame.Y(s.y[i])});
      }
    }
    layout.draw_line = s.lines && layout.points.size() >= 2;
    layout.draw_markers = s.markers || layout.points.size() == 1;
    if (s.show_fit) {
      const std::size_t n = std::min(s.x.size(), s.y.size());
      layout.fit =
          FitPowerLaw(std::span(s.x).first(n), std::span(s.y).first(n));
    }
    if (layout.fit) {
      double lo = INFINITY, hi = -INFINITY;
      for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
        if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]) && s.x[i] > 0 &&
            s.y[i] > 0) {
          lo = std::min(lo, x_axis.ToAxis(s.x[i]));
          hi = std::max(hi, x_axis.ToAxis(s.x[i]));
        }
      }
      // A straight line on log–log axes; a sampled curve otherwise.
      const int samples = options.log_x && options.log_y ? 1 : 64;
      for (int j = 0; j <= samples; ++j) {
        double xv = x_axis.FromAxis(lo + (hi - lo) * j / samples);
        double yv =
            layout.fit->coefficient * std::pow(xv, layout.fit->exponent);
        if (Plottable(xv, yv, options)) {
          layout.fit_curve.push_back({frame.X(xv), frame.Y(yv)});
        }
      }
    }
    layouts.push_back(std::move(layout));
  }

  std::string svg;
  auto line = [&svg](auto&&... parts) {
    absl::StrAppend(&svg, parts..., "\n");
  };
  line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  line("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"",
       Px(width), "\" height=\"", Px(height), "\" viewBox=\"0 0 ", Px(width),
       " ", Px(height), "\" font-family=\"", kFont, "\">");
  if (!options.title.empty())
    line("<title>", Escape(options.title), "</title>");
  line("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
  const std::string plot_rect =
      absl::StrCat("x=\"", Px(frame.left), "\" y=\"", Px(frame.top),
                   "\" width=\"", Px(frame.right - frame.left), "\" height=\"",
                   Px(frame.bottom - frame.top), "\"");
  line("<defs><clipPath id=\"plot-area\"><rect ", plot_rect,
       "/></clipPath></defs>");

  // Grid: minor lines fainter than major ones.
  auto x_px = [&](double t) {
    return frame.left + (t - x_axis.lo) / (x_axis.hi - x_axis.lo) *
                            (frame.right - frame.left);
  };
  auto y_px = [&](double t) {
    return frame.bottom - (t - y_axis.lo) / (y_axis.hi - y_axis.lo) *
                              (frame.bottom - frame.top);
  };
  auto grid = [&](absl::string_view cls, absl::string_view colour,
                  const std::vector<double>& xs,
                  const std::vector<double>& ys) {
    if (xs.empty() && ys.empty()) return;
    std::string d;
    for (double t : xs) {
      absl::StrAppend(&d, d.empty() ? "" : " ", "M", Px(x_px(t)), " ",
                      Px(frame.top), " V", Px(frame.bottom));
    }
    for (double t : ys) {
      absl::StrAppend(&d, d.empty() ? "" : " ", "M", Px(frame.left), " ",
                      Px(y_px(t)), " H", Px(frame.right));
    }
    line("<path class=\"", cls, "\" d=\"", d, "\" stroke=\"", colour,
         "\" stroke-width=\"1\" fill=\"none\"/>");
  };
  grid("grid-minor", "#f0f0f0", x_axis.minor, y_axis.minor);
  grid("grid-major", "#dddddd", x_axis.major, y_axis.major);

  // Ticks (outward) and the frame.
  {
    std::string d;
    auto tick = [&](bool is_x, double t, double length) {
      if (is_x) {
        absl::StrAppend(&d, d.empty() ? "" : " ", "M", Px(x_px(t)), " ",
                        Px(frame.bottom), " v", Px(length));
      } else {
        absl::StrAppend(&d, d.empty() ? "" : " ", "M", Px(frame.left), " ",
                        Px(y_px(t)), " h", Px(-length));
      }
    };
    for (double t : x_axis.major) tick(true, t, 5);
    for (double t : x_axis.minor) tick(true, t, 3);
    for (double t : y_axis.major) tick(false, t, 5);
    for (double t : y_axis.minor) tick(false, t, 3);
    line("<path class=\"ticks\" d=\"", d,
         "\" stroke=\"#444444\" stroke-width=\"1\" fill=\"none\"/>");
    line("<rect class=\"frame\" ", plot_rect,
         " fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>");
  }

  // Tick labels.
  line("<g class=\"tick-labels\" font-size=\"", Px(kTickSize),
       "\" fill=\"#222222\">");
  for (std::size_t i = 0; i < x_axis.major.size(); ++i) {
    line("<text x=\"", Px(x_px(x_axis.major[i])), "\" y=\"",
         Px(frame.bottom + 8 + kTickSize), "\" text-anchor=\"middle\">",
         Escape(x_axis.labels[i]), "</text>");
  }
  for (std::size_t i = 0; i < y_axis.major.size(); ++i) {
    line("<text x=\"", Px(frame.left - 8), "\" y=\"",
         Px(y_px(y_axis.major[i]) + kTickSize * 0.35),
         "\" text-anchor=\"end\">", Escape(y_axis.labels[i]), "</text>");
  }
  line("</g>");

  // Axis labels and the title.
  if (!options.x_label.empty()) {
    line("<text class=\"x-label\" x=\"", Px((frame.left + frame.right) / 2),
         "\" y=\"", Px(height - 10), "\" font-size=\"", Px(kLabelSize),
         "\" text-anchor=\"middle\">", Escape(options.x_label), "</text>");
  }
  if (!options.y_label.empty()) {
    const double x = 10 + kLabelSize;
    const double y = (frame.top + frame.bottom) / 2;
    line("<text class=\"y-label\" x=\"", Px(x), "\" y=\"", Px(y),
         "\" font-size=\"", Px(kLabelSize),
         "\" text-anchor=\"middle\" transform=\"rotate(-90 ", Px(x), " ", Px(y),
         ")\">", Escape(options.y_label), "</text>");
  }
  if (!options.title.empty()) {
    line("<text class=\"title\" x=\"", Px(width / 2), "\" y=\"",
         Px(16 + kTitleSize), "\" font-size=\"", Px(kTitleSize),
         "\" font-weight=\"bold\" text-anchor=\"middle\">",
         Escape(options.title), "</text>");
  }

  // The data, clipped to the plot area: fits under lines under markers.
  for (std::size_t k = 0; k < layouts.size(); ++k) {
    const SeriesLayout& layout = layouts[k];
    line("<g class=\"series\" id=\"series-", k,
         "\" clip-path=\"url(#plot-area)\">");
    if (layout.fit_curve.size() >= 2) {
      std::string d;
      for (const Point& p : layout.fit_curve) {
        absl::StrAppend(&d, d.empty() ? "M" : " L", Px(p.x), " ", Px(p.y));
      }
      line("<path class=\"fit\" d=\"", d, "\" fill=\"none\" stroke=\"",
           layout.colour,
           "\" stroke-width=\"1.25\" stroke-dasharray=\"6 4\"/>");
    }
    if (layout.draw_line) {
      std::string points;
      for (const Point& p : layout.points) {
        absl::StrAppend(&points, points.empty() ? "" : " ", Px(p.x), ",",
                        Px(p.y));
      }
      line("<polyline points=\"", points, "\" fill=\"none\" stroke=\"",
           layout.colour,
           "\" stroke-width=\"1.75\" stroke-linejoin=\"round\"/>");
    }
    if (layout.draw_markers && !layout.points.empty()) {
      line("<g class=\"markers\" ",
           MarkerGroupStyle(layout.marker, layout.colour), ">");
      for (const Point& p : layout.points) {
        line(MarkerElement(layout.marker, p));
      }
      line("</g>");
    }
    line("</g>");
  }

  // The legend: one row per labelled series, one per fit.
  struct Row {
    std::size_t series;
    bool fit;
    std::string text;
  };
  std::vector<Row> rows;
  for (std::size_t k = 0; k < series.size(); ++k) {
    if (!series[k].label.empty()) rows.push_back({k, false, series[k].label});
    if (layouts[k].fit) {
      rows.push_back({k, true, FitLegendText(*layouts[k].fit)});
    }
  }
  if (!rows.empty()) {
    const double row_height = kLegendSize + 6;
    const double sample = 28;
    double text_width = 0;
    for (const Row& r : rows) {
      text_width = std::max(text_width, TextWidth(r.text, kLegendSize));
    }
    const double box_w = 10 + sample + 8 + text_width + 10;
    const double box_h = rows.size() * row_height + 8;
    const double inset = 8;
    // Top right, top left, bottom right, bottom left: the first of those that
    // covers the fewest data (points, and samples along lines and fits).
    const std::array<Point, 4> corners = {
        Point{frame.right - inset - box_w, frame.top + inset},
        Point{frame.left + inset, frame.top + inset},
        Point{frame.right - inset - box_w, frame.bottom - inset - box_h},
        Point{frame.left + inset, frame.bottom - inset - box_h}};
    std::vector<Point> occupied;
    auto add_path = [&occupied](const std::vector<Point>& pts) {
      for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        for (int j = 1; j < 8; ++j) {
          occupied.push_back({pts[i].x + (pts[i + 1].x - pts[i].x) * j / 8,
                              pts[i].y + (pts[i + 1].y - pts[i].y) * j / 8});
        }
      }
    };
    for (const SeriesLayout& layout : layouts) {
      // A point weighs as much as a stretch of line.
      for (int w = 0; w < 4; ++w) {
        occupied.insert(occupied.end(), layout.points.begin(),
                        layout.points.end());
      }
      if (layout.draw_line) add_path(layout.points);
      add_path(layout.fit_curve);
    }
    std::size_t best = 0, best_count = SIZE_MAX;
    for (std::size_t c = 0; c < corners.size(); ++c) {
      std::size_t count =
          std::count_if(occupied.begin(), occupied.end(), [&](const Point& p) {
            return p.x >= corners[c].x - 4 && p.x <= corners[c].x + box_w + 4 &&
                   p.y >= corners[c].y - 4 && p.y <= corners[c].y + box_h + 4;
          });
      if (count < best_count) {
        best = c;
        best_count = count;
      }
    }
    const Point origin = corners[best];
    line("<g class=\"legend\" font-size=\"", Px(kLegendSize), "\">");
    line("<rect x=\"", Px(origin.x), "\" y=\"", Px(origin.y), "\" width=\"",
         Px(box_w), "\" height=\"", Px(box_h),
         "\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbbbbb\" "
         "stroke-width=\"1\" rx=\"3\"/>");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      const SeriesLayout& layout = layouts[r.series];
      const double mid_y = origin.y + 4 + (i + 0.5) * row_height;
      const double x0 = origin.x + 10, x1 = x0 + sample;
      if (r.fit) {
        line("<line x1=\"", Px(x0), "\" y1=\"", Px(mid_y), "\" x2=\"", Px(x1),
             "\" y2=\"", Px(mid_y), "\" stroke=\"", layout.colour,
             "\" stroke-width=\"1.25\" stroke-dasharray=\"6 4\"/>");
      } else {
        if (series[r.series].lines) {
          line("<line x1=\"", Px(x0), "\" y1=\"", Px(mid_y), "\" x2=\"", Px(x1),
               "\" y2=\"", Px(mid_y), "\" stroke=\"", layout.colour,
               "\" stroke-width=\"1.75\"/>");
        }
        if (layout.draw_markers || !series[r.series].lines) {
          line("<g ", MarkerGroupStyle(layout.marker, layout.colour), ">",
               MarkerElement(layout.marker, {(x0 + x1) / 2, mid_y}), "</g>");
        }
      }
      line("<text x=\"", Px(x1 + 8), "\" y=\"", Px(mid_y + kLegendSize * 0.35),
           "\">", Escape(r.text), "</text>");
    }
    line("</g>");
  }
  line("</svg>");
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
    bool any = false;
    for (std::size_t i = 0; i < s.x.size() && !any; ++i) {
      any = Plottable(s.x[i], s.y[i], options);
    }
    if (!any) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": no plottable point among ", s.x.size(),
          " (a point needs finite x and y",
          options.log_x || options.log_y ? ", positive on a log axis" : "",
          ")"));
    }
  }
  return RenderPlotSvg(options, series);
}

}  // namespace satcirc
