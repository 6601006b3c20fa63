#include "lib/experiments/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The text of every <text> element inside the element with this class.
std::vector<std::string> TextsIn(const std::string& svg,
                                 const std::string& cls) {
  std::size_t begin = svg.find("class=\"" + cls + "\"");
  if (begin == std::string::npos) return {};
  // The matching </g>, past any nested groups.
  std::size_t end = begin;
  for (int depth = 1; depth > 0;) {
    std::size_t open = svg.find("<g ", end), close = svg.find("</g>", end);
    if (close == std::string::npos) break;
    depth += open < close ? 1 : -1;
    end = std::min(open, close) + 3;
  }
  std::string group = svg.substr(begin, end - begin);
  std::vector<std::string> texts;
  std::regex text_re("<text[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(group.begin(), group.end(), text_re);
       it != std::sregex_iterator(); ++it) {
    texts.push_back((*it)[1]);
  }
  return texts;
}

// Well-formedness by xmllint when it is installed; nullopt when it is not.
std::optional<bool> XmllintAccepts(const std::string& svg) {
  if (std::system("xmllint --version >/dev/null 2>&1") != 0) {
    return std::nullopt;
  }
  const std::string path = ::testing::TempDir() + "plot_test_" +
                           std::to_string(std::rand()) + ".svg";
  std::ofstream(path) << svg;
  const int status =
      std::system(("xmllint --noout '" + path + "' 2>/dev/null").c_str());
  std::remove(path.c_str());
  return status == 0;
}

// A tiny structural check that needs no tool: tags open and close in order.
bool TagsBalance(const std::string& svg) {
  std::vector<std::string> stack;
  std::regex tag_re("<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>");
  std::size_t body = svg.find("<svg");
  for (auto it = std::sregex_iterator(svg.begin() + body, svg.end(), tag_re);
       it != std::sregex_iterator(); ++it) {
    const std::string closing = (*it)[1], name = (*it)[2], empty = (*it)[3];
    if (!empty.empty()) continue;
    if (closing.empty()) {
      stack.push_back(name);
    } else if (stack.empty() || stack.back() != name) {
      return false;
    } else {
      stack.pop_back();
    }
  }
  return stack.empty();
}

std::vector<double> Range(int from, int to) {
  std::vector<double> v;
  for (int i = from; i <= to; ++i) v.push_back(i);
  return v;
}

TEST(FitPowerLawTest, RecoversASquare) {
  std::vector<double> x = Range(1, 20), y;
  for (double v : x) y.push_back(3 * v * v);
  std::optional<PowerFit> fit = FitPowerLaw(x, y);
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR(fit->exponent, 2.0, 1e-12);
  EXPECT_NEAR(fit->coefficient, 3.0, 1e-12);
  EXPECT_NEAR(fit->r2, 1.0, 1e-12);
  EXPECT_EQ(fit->points, 20);
}

TEST(FitPowerLawTest, RecoversAnInverse) {
  std::vector<double> x = {1, 2, 4, 8, 16, 32, 64, 128}, y;
  for (double v : x) y.push_back(5 / v);
  std::optional<PowerFit> fit = FitPowerLaw(x, y);
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR(fit->exponent, -1.0, 1e-12);
  EXPECT_NEAR(fit->coefficient, 5.0, 1e-12);
  EXPECT_NEAR(fit->r2, 1.0, 1e-12);
}

TEST(FitPowerLawTest, NoisyDataFitsLessThanPerfectly) {
  std::vector<double> x = Range(1, 16), y;
  for (std::size_t i = 0; i < x.size(); ++i) {
    y.push_back(2 * x[i] * x[i] * (i % 2 == 0 ? 1.3 : 0.8));
  }
  std::optional<PowerFit> fit = FitPowerLaw(x, y);
  ASSERT_TRUE(fit.has_value());
  EXPECT_LT(fit->r2, 1.0);
  EXPECT_GT(fit->r2, 0.9);
  EXPECT_NEAR(fit->exponent, 2.0, 0.1);
}

TEST(FitPowerLawTest, SkipsNonPositiveAndNonFinitePoints) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> x = {-1, 0, 1, 2, 4, nan, 8};
  std::vector<double> y = {7, 7, 2, 4, 8, 1, 16};
  std::optional<PowerFit> fit = FitPowerLaw(x, y);
  ASSERT_TRUE(fit.has_value());
  EXPECT_EQ(fit->points, 4);
  EXPECT_NEAR(fit->exponent, 1.0, 1e-12);
  EXPECT_NEAR(fit->coefficient, 2.0, 1e-12);
}

TEST(FitPowerLawTest, NeedsTwoDistinctX) {
  std::vector<double> one = {3}, ys = {9};
  EXPECT_FALSE(FitPowerLaw(one, ys).has_value());
  std::vector<double> same_x = {2, 2, 2}, y3 = {1, 2, 3};
  EXPECT_FALSE(FitPowerLaw(same_x, y3).has_value());
  EXPECT_FALSE(FitPowerLaw({}, {}).has_value());
}

TEST(FitPowerLawTest, ConstantYIsAPerfectFlatFit) {
  std::vector<double> x = {1, 10, 100}, y = {4, 4, 4};
  std::optional<PowerFit> fit = FitPowerLaw(x, y);
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR(fit->exponent, 0.0, 1e-12);
  EXPECT_NEAR(fit->coefficient, 4.0, 1e-12);
  EXPECT_EQ(fit->r2, 1.0);
}

PlotOptions LogLogOptions() {
  return {.title = "Saturation distance",
          .x_label = "input length n",
          .y_label = "logit scale c*",
          .log_x = true,
          .log_y = true};
}

std::vector<PlotSeries> TwoSeries() {
  PlotSeries a{.label = "zoo:majority", .x = {8, 16, 32, 64, 128, 256}};
  for (double n : a.x) a.y.push_back(3 * n * n);
  a.show_fit = true;
  PlotSeries b{.label = "zoo:dyck1", .x = {8, 16, 32, 64, 128, 256}};
  for (double n : b.x) b.y.push_back(40 * n);
  return {a, b};
}

TEST(RenderPlotSvgTest, IsAWellFormedDocument) {
  const std::string svg = RenderPlotSvg(LogLogOptions(), TwoSeries());
  EXPECT_TRUE(
      svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_TRUE(TagsBalance(svg));
  std::optional<bool> xmllint = XmllintAccepts(svg);
  if (!xmllint.has_value()) GTEST_SKIP() << "xmllint is not installed";
  EXPECT_TRUE(*xmllint);
}

TEST(RenderPlotSvgTest, HasTitleAxisLabelsLegendAndSlope) {
  const std::string svg = RenderPlotSvg(LogLogOptions(), TwoSeries());
  EXPECT_THAT(svg, HasSubstr(">Saturation distance</text>"));
  EXPECT_THAT(svg, HasSubstr(">input length n</text>"));
  EXPECT_THAT(svg, HasSubstr(">logit scale c*</text>"));
  const std::vector<std::string> legend = TextsIn(svg, "legend");
  EXPECT_THAT(legend, ::testing::ElementsAre("zoo:majority",
                                             "slope k = 2.00 (R\u00B2 1.000)",
                                             "zoo:dyck1"));
  // One line per series, and one dashed fit.
  EXPECT_EQ(Count(svg, "<polyline"), 2);
  EXPECT_EQ(Count(svg, "class=\"series\""), 2);
  EXPECT_EQ(Count(svg, "class=\"fit\""), 1);
  // Distinct colours and marker shapes.
  EXPECT_THAT(svg, HasSubstr("stroke=\"#0072B2\""));
  EXPECT_THAT(svg, HasSubstr("stroke=\"#D55E00\""));
  EXPECT_THAT(svg, HasSubstr("<circle"));
}

TEST(RenderPlotSvgTest, NoSlopeWithoutShowFit) {
  std::vector<PlotSeries> series = TwoSeries();
  series[0].show_fit = false;
  const std::string svg = RenderPlotSvg(LogLogOptions(), series);
  EXPECT_THAT(svg, Not(HasSubstr("slope")));
  EXPECT_EQ(Count(svg, "class=\"fit\""), 0);
}

TEST(RenderPlotSvgTest, LogAxisTickLabelsArePowersOfTen) {
  const std::string svg = RenderPlotSvg(LogLogOptions(), TwoSeries());
  const std::vector<std::string> labels = TextsIn(svg, "tick-labels");
  ASSERT_FALSE(labels.empty());
  // x: 8…256 → 10, 100; y: 160…196608 → 10², …, 10⁵.
  const std::set<std::string> powers = {"1",        "10",       "100",
                                        "1000",     "10\u00B2", "10\u00B3",
                                        "10\u2074", "10\u2075", "10\u2076"};
  for (const std::string& l : labels) {
    EXPECT_TRUE(powers.contains(l)) << l;
  }
  EXPECT_THAT(labels, ::testing::Contains("100"));
  EXPECT_THAT(labels, ::testing::Contains("10\u2075"));
}

// The tick labels of one axis: x labels are centred, y labels end-aligned.
std::vector<double> TickValues(const std::string& svg,
                               const std::string& anchor) {
  std::vector<double> values;
  std::regex re("<text[^>]*text-anchor=\"" + anchor + "\">([^<]*)</text>");
  std::size_t begin = svg.find("class=\"tick-labels\"");
  std::size_t end = svg.find("</g>", begin);
  const std::string group = svg.substr(begin, end - begin);
  for (auto it = std::sregex_iterator(group.begin(), group.end(), re);
       it != std::sregex_iterator(); ++it) {
    std::string label = (*it)[1];
    if (label.starts_with("\u2212")) label.replace(0, 3, "-");
    values.push_back(std::stod(label));
  }
  return values;
}

// Evenly spaced by 1, 2 or 5 · 10ᵉ, each a multiple of the step.
void ExpectNiceTicks(const std::vector<double>& ticks) {
  ASSERT_GE(ticks.size(), 3u);
  const double step = ticks[1] - ticks[0];
  const double e = std::floor(std::log10(step) + 1e-9);
  const double m = step / std::pow(10, e);
  EXPECT_TRUE(std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 ||
              std::abs(m - 5) < 1e-9)
      << step;
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    EXPECT_NEAR(ticks[i] / step, std::round(ticks[i] / step), 1e-9);
    if (i > 0) {
      EXPECT_NEAR(ticks[i] - ticks[i - 1], step, 1e-9 * step);
    }
  }
}

TEST(RenderPlotSvgTest, LinearAxisTicksAreNice) {
  PlotSeries s{.label = "p*(n)",
               .x = {2, 4, 6, 8, 10, 12},
               .y = {0.1, 0.4, 0.35, 0.7, 0.8, 0.95}};
  const std::string svg =
      RenderPlotSvg({.x_label = "n", .y_label = "bits"}, {&s, 1});
  ExpectNiceTicks(TickValues(svg, "middle"));
  ExpectNiceTicks(TickValues(svg, "end"));
  EXPECT_THAT(TextsIn(svg, "tick-labels"), ::testing::Contains("0.2"));

  PlotSeries wide{.label = "w", .x = {-3000, 47000}, .y = {-0.002, 0.013}};
  const std::string wide_svg = RenderPlotSvg({}, {&wide, 1});
  ExpectNiceTicks(TickValues(wide_svg, "middle"));
  ExpectNiceTicks(TickValues(wide_svg, "end"));
  EXPECT_THAT(TextsIn(wide_svg, "tick-labels"),
              ::testing::Contains("\u22120.002"));
}

TEST(RenderPlotSvgTest, IsDeterministic) {
  const std::string a = RenderPlotSvg(LogLogOptions(), TwoSeries());
  const std::string b = RenderPlotSvg(LogLogOptions(), TwoSeries());
  EXPECT_EQ(a, b);
}

TEST(RenderPlotSvgTest, EscapesText) {
  PlotSeries s{.label = "a<b&c", .x = {1, 2}, .y = {1, 2}};
  PlotOptions options{.title = "x < y & \"q\"", .x_label = "a<b&c"};
  const std::string svg = RenderPlotSvg(options, {&s, 1});
  EXPECT_THAT(svg, HasSubstr(">a&lt;b&amp;c</text>"));
  EXPECT_THAT(svg, HasSubstr(">x &lt; y &amp; &quot;q&quot;</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("a<b")));
  EXPECT_TRUE(TagsBalance(svg));
  std::optional<bool> xmllint = XmllintAccepts(svg);
  if (xmllint.has_value()) {
    EXPECT_TRUE(*xmllint);
  }
}

TEST(RenderPlotSvgTest, SkipsNaNAndNonPositiveOnLogAxes) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PlotSeries s{
      .label = "s", .x = {0, 1, 10, 100, 1000}, .y = {5, -1, nan, 3, 4}};
  const std::string svg = RenderPlotSvg(LogLogOptions(), {&s, 1});
  // Only (100, 3) and (1000, 4) remain: two markers, one two-point line.
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(svg, m, std::regex("<polyline points=\"([^\"]*)\"")));
  EXPECT_EQ(Count(m[1], ","), 2);
  EXPECT_EQ(Count(svg, "<circle"), 2 + 1);  // and one in the legend
  EXPECT_THAT(svg, Not(HasSubstr("nan")));
  EXPECT_THAT(svg, Not(HasSubstr("inf")));
}

TEST(RenderPlotSvgTest, EdgeCasesStillDrawAxes) {
  PlotSeries single{.label = "one", .x = {5}, .y = {7}, .markers = false};
  PlotSeries flat{.label = "flat", .x = {1, 2, 3}, .y = {2, 2, 2}};
  for (const std::vector<PlotSeries>& series :
       {std::vector<PlotSeries>{}, std::vector<PlotSeries>{single},
        std::vector<PlotSeries>{flat}}) {
    for (bool log : {false, true}) {
      PlotOptions options{.title = "t", .log_x = log, .log_y = log};
      const std::string svg = RenderPlotSvg(options, series);
      EXPECT_TRUE(TagsBalance(svg));
      EXPECT_THAT(svg, HasSubstr("class=\"frame\""));
      EXPECT_GE(TextsIn(svg, "tick-labels").size(), 4u);
      EXPECT_THAT(svg, Not(HasSubstr("nan")));
      EXPECT_THAT(svg, Not(HasSubstr("inf")));
      if (!series.empty()) {
        // A single point gets a marker even without markers; no line.
        EXPECT_GE(Count(svg, "<circle"), 1);
      }
    }
  }
}

TEST(RenderPlotSvgTest, LegendAvoidsTheData) {
  // Rising data fills the top right; the legend goes top left.
  PlotSeries s{.label = "rising", .x = Range(1, 50)};
  for (double v : s.x) s.y.push_back(v * v);
  const std::string svg = RenderPlotSvg({}, {&s, 1});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      svg, m, std::regex("class=\"legend\"[^\n]*\n<rect x=\"([0-9.]+)\"")));
  EXPECT_LT(std::stod(m[1]), 720 / 2);
}

TEST(RenderPlotSvgCheckedTest, RejectsBadInput) {
  PlotSeries mismatched{.label = "short", .x = {1, 2, 3}, .y = {1, 2}};
  absl::StatusOr<std::string> r = RenderPlotSvgChecked({}, {&mismatched, 1});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("series 0 (\"short\")"));
  EXPECT_THAT(r.status().message(), HasSubstr("x has 3 values, y has 2"));

  PlotSeries negative{.label = "neg", .x = {1, 2}, .y = {-1, 0}};
  std::vector<PlotSeries> series = {TwoSeries()[0], negative};
  r = RenderPlotSvgChecked(LogLogOptions(), series);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("series 1 (\"neg\")"));
  EXPECT_THAT(r.status().message(), HasSubstr("no plottable point"));
  // The same series is fine on linear axes.
  EXPECT_TRUE(RenderPlotSvgChecked({}, series).ok());

  EXPECT_EQ(RenderPlotSvgChecked({}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RenderPlotSvgCheckedTest, AgreesWithUncheckedOnGoodInput) {
  absl::StatusOr<std::string> r =
      RenderPlotSvgChecked(LogLogOptions(), TwoSeries());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, RenderPlotSvg(LogLogOptions(), TwoSeries()));
}

// ---- Geometry read back from a rendered plot, independently of the
// renderer's own bookkeeping: the legend's box, and every mark inside the
// series groups (line and fit segments, error bars, arrows, marker boxes).

struct Pt {
  double x, y;
};
struct Rect {
  double x0, y0, x1, y1;
};
struct Marks {
  std::vector<std::pair<Pt, Pt>> segments;
  std::vector<Rect> boxes;
};

std::vector<Pt> PointsOf(const std::string& text) {
  std::vector<Pt> pts;
  std::regex num("-?[0-9]+(\\.[0-9]+)?");
  std::vector<double> v;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), num);
       it != std::sregex_iterator(); ++it) {
    v.push_back(std::stod(it->str()));
  }
  for (std::size_t i = 0; i + 1 < v.size(); i += 2)
    pts.push_back({v[i], v[i + 1]});
  return pts;
}

std::string Attr(const std::string& line, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(line, m, std::regex(" " + name + "=\"([^\"]*)\""))) {
    return "";
  }
  return m[1];
}

// Paths of subpaths "M a L b L c M d L e": their segments.
void AddPathSegments(const std::string& d, Marks& marks) {
  std::regex sub("M[^M]*");
  for (auto it = std::sregex_iterator(d.begin(), d.end(), sub);
       it != std::sregex_iterator(); ++it) {
    const std::vector<Pt> pts = PointsOf(it->str());
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
      marks.segments.push_back({pts[i], pts[i + 1]});
    }
  }
}

Marks MarksOf(const std::string& svg) {
  Marks marks;
  std::istringstream in(svg);
  std::string line;
  int depth = 0;  // inside a series group when > 0
  while (std::getline(in, line)) {
    if (depth == 0) {
      if (line.starts_with("<g class=\"series\"")) depth = 1;
      continue;
    }
    if (line.starts_with("</g>")) {
      --depth;
      continue;
    }
    if (line.starts_with("<g ")) ++depth;
    if (line.starts_with("<polyline")) {
      const std::vector<Pt> pts = PointsOf(Attr(line, "points"));
      for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        marks.segments.push_back({pts[i], pts[i + 1]});
      }
    } else if (line.starts_with("<circle")) {
      const double cx = std::stod(Attr(line, "cx")),
                   cy = std::stod(Attr(line, "cy")),
                   r = std::stod(Attr(line, "r"));
      marks.boxes.push_back({cx - r, cy - r, cx + r, cy + r});
    } else if (line.starts_with("<path class=")) {
      AddPathSegments(Attr(line, "d"), marks);
    } else if (line.starts_with("<path")) {  // a marker
      const std::vector<Pt> pts = PointsOf(Attr(line, "d"));
      Rect r{1e9, 1e9, -1e9, -1e9};
      for (const Pt& p : pts) {
        r = {std::min(r.x0, p.x), std::min(r.y0, p.y), std::max(r.x1, p.x),
             std::max(r.y1, p.y)};
      }
      marks.boxes.push_back(r);
    }
  }
  return marks;
}

std::optional<Rect> LegendBoxOf(const std::string& svg) {
  std::smatch m;
  if (!std::regex_search(
          svg, m,
          std::regex("class=\"legend\"[^\n]*\n<rect x=\"([-0-9.]+)\" "
                     "y=\"([-0-9.]+)\" width=\"([0-9.]+)\" "
                     "height=\"([0-9.]+)\""))) {
    return std::nullopt;
  }
  const double x = std::stod(m[1]), y = std::stod(m[2]);
  return Rect{x, y, x + std::stod(m[3]), y + std::stod(m[4])};
}

bool Inside(const Pt& p, const Rect& r) {
  return p.x >= r.x0 && p.x <= r.x1 && p.y >= r.y0 && p.y <= r.y1;
}

// Whether the segment meets the rectangle: an end inside, or a crossing of
// one of its sides.
bool Meets(const std::pair<Pt, Pt>& s, const Rect& r) {
  if (Inside(s.first, r) || Inside(s.second, r)) return true;
  auto cross = [](Pt a, Pt b, Pt c, Pt d) {
    auto orient = [](Pt p, Pt q, Pt t) {
      return (q.x - p.x) * (t.y - p.y) - (q.y - p.y) * (t.x - p.x);
    };
    const double d1 = orient(c, d, a), d2 = orient(c, d, b);
    const double d3 = orient(a, b, c), d4 = orient(a, b, d);
    return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
  };
  const Pt c[] = {{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}};
  for (int i = 0; i < 4; ++i) {
    if (cross(s.first, s.second, c[i], c[(i + 1) % 4])) return true;
  }
  return false;
}

// A description of the first mark the legend covers, or "".
std::string LegendCover(const std::string& svg) {
  const std::optional<Rect> legend = LegendBoxOf(svg);
  if (!legend) return "";
  const Marks marks = MarksOf(svg);
  for (const Rect& b : marks.boxes) {
    if (b.x0 <= legend->x1 && legend->x0 <= b.x1 && b.y0 <= legend->y1 &&
        legend->y0 <= b.y1) {
      return "a marker at " + std::to_string(b.x0) + "," + std::to_string(b.y0);
    }
  }
  for (const auto& s : marks.segments) {
    if (Meets(s, *legend)) {
      return "a segment from " + std::to_string(s.first.x) + "," +
             std::to_string(s.first.y) + " to " + std::to_string(s.second.x) +
             "," + std::to_string(s.second.y);
    }
  }
  return "";
}

TEST(LegendTest, NeverCoversDataOfRandomPlots) {
  std::mt19937_64 rng(12);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 300; ++trial) {
    const bool log = trial % 2 == 0;
    std::vector<PlotSeries> series;
    const int count = 1 + trial % 5;
    for (int k = 0; k < count; ++k) {
      PlotSeries s{.label = "series " + std::to_string(k) +
                            std::string(trial % 7 * 4, 'x')};
      const int points = 2 + static_cast<int>(u(rng) * 30);
      for (int i = 0; i < points; ++i) {
        s.x.push_back(1 + i * (1 + u(rng)));
        s.y.push_back(log ? std::exp(8 * u(rng)) : u(rng) * 10 - 2);
        s.y_err.push_back(u(rng) < 0.3 ? u(rng) : 0);
        s.upper_bound.push_back(u(rng) < 0.1);
      }
      s.show_fit = log && k % 2 == 0;
      series.push_back(std::move(s));
    }
    const std::string svg =
        RenderPlotSvg({.title = "random", .log_x = log, .log_y = log}, series);
    EXPECT_EQ(LegendCover(svg), "") << "trial " << trial;
    EXPECT_TRUE(TagsBalance(svg)) << "trial " << trial;
  }
}

TEST(LegendTest, GoesBelowThePlotWhenEveryPlaceIsTaken) {
  // A line zigzagging from bottom to top every pixel and a half leaves no
  // free place inside.
  PlotSeries s{.label = "zigzag"};
  for (int i = 0; i < 400; ++i) {
    s.x.push_back(i);
    s.y.push_back(i % 2 * 1000);
  }
  const std::string svg = RenderPlotSvg({.height = 480}, {&s, 1});
  const std::optional<Rect> legend = LegendBoxOf(svg);
  ASSERT_TRUE(legend.has_value());
  EXPECT_GE(legend->y0, 480);  // below the original page
  EXPECT_THAT(svg, HasSubstr("height=\"" + std::to_string(static_cast<int>(
                                               legend->y1 + 10 + 0.5))));
  EXPECT_EQ(LegendCover(svg), "");
}

// The figures the docs show (docs/img, made by the commands in docs/*.md).
TEST(LegendTest, NeverCoversDataInTheDocsFigures) {
  const std::filesystem::path img =
      std::filesystem::path(__FILE__).parent_path() / "../../docs/img";
  int checked = 0;
  for (const char* name : {"saturate.svg", "saturate-metrics.svg",
                           "sharpness.svg", "precision.svg"}) {
    std::ifstream in(img / name);
    if (!in) continue;
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_TRUE(LegendBoxOf(text.str()).has_value()) << name;
    EXPECT_EQ(LegendCover(text.str()), "") << name;
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "docs/img not found beside the sources";
  EXPECT_EQ(checked, 4);
}

TEST(RenderPlotSvgTest, UpperBoundsAreHollowWithArrowsAndNeverFitted) {
  PlotSeries s{.label = "c*",
               .x = {2, 3, 4, 5, 6, 8},
               .y = {0.001, 0.001, 16, 0.001, 36, 64},
               .upper_bound = {true, true, false, true, false, false},
               .show_fit = true};
  const std::string svg = RenderPlotSvg(LogLogOptions(), {&s, 1});
  // The fit is over (4, 16), (6, 36), (8, 64): y = n².
  const std::vector<std::string> legend = TextsIn(svg, "legend");
  EXPECT_THAT(legend, ::testing::Contains("slope k = 2.00 (R\u00B2 1.000)"));
  EXPECT_THAT(legend,
              ::testing::Contains("upper bound (the value is at most this)"));
  EXPECT_EQ(Count(svg, "class=\"upper-bounds\""), 1);
  EXPECT_EQ(Count(svg, "class=\"bound-arrows\""), 1);
  // The line joins the three exact points only.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      svg, m, std::regex("<polyline points=\"([^\"]*)\" fill=\"none\"")));
  EXPECT_EQ(Count(m[1], ","), 3);
}

TEST(RenderPlotSvgTest, DrawsTheCallersFitOverItsRange) {
  PlotSeries s{.label = "s", .x = {2, 4, 8, 16}, .y = {1, 5, 2, 9}};
  s.fit = PowerFit{.exponent = 1.7,
                   .coefficient = 0.5,
                   .r2 = 0.99,
                   .points = 2,
                   .x_min = 4,
                   .x_max = 8};
  const std::string svg = RenderPlotSvg(LogLogOptions(), {&s, 1});
  EXPECT_THAT(TextsIn(svg, "legend"),
              ::testing::Contains("slope k = 1.70 (R\u00B2 0.990)"));
  EXPECT_EQ(Count(svg, "class=\"fit\""), 1);
}

TEST(RenderPlotSvgTest, ErrorBarsWhereGiven) {
  PlotSeries s{.label = "loss",
               .x = {4, 5, 6},
               .y = {0.1, 0.2, 0.25},
               .y_err = {0.02, 0, 0.01}};
  const std::string svg = RenderPlotSvg({}, {&s, 1});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      svg, m, std::regex("class=\"error-bars\" d=\"([^\"]*)\"")));
  // Two bars, each a stem and two caps.
  EXPECT_EQ(Count(m[1], "M"), 6);
  // The axis holds the bars: 0.25 + 0.01 is inside.
  const std::vector<double> y = TickValues(svg, "end");
  EXPECT_GE(y.back(), 0.25);
}

TEST(RenderPlotSvgTest, SeriesWithNothingDrawableAreAnnotated) {
  PlotSeries zero{.label = "head 1", .x = {1, 10, 100}, .y = {0, 0, 0}};
  PlotSeries some{.label = "head 2", .x = {1, 10, 100}, .y = {1, 0.1, 0}};
  PlotSeries said{.label = "head 3",
                  .x = {1, 10},
                  .y = {0, 0},
                  .note = "(0 at every scale)"};
  const std::vector<PlotSeries> series = {zero, some, said};
  const std::string svg = RenderPlotSvg(LogLogOptions(), series);
  EXPECT_THAT(TextsIn(svg, "legend"),
              ::testing::ElementsAre(
                  "head 1 (nothing to draw: every value not finite, or ≤ 0 on "
                  "a log axis)",
                  "head 2 (1 of 3 not drawn: not finite, or ≤ 0 on a log axis)",
                  "head 3 (0 at every scale)"));
  // The checked renderer takes a series with nothing to draw only with a
  // note saying why.
  EXPECT_FALSE(RenderPlotSvgChecked(LogLogOptions(), series).ok());
  const std::vector<PlotSeries> explained = {some, said};
  EXPECT_TRUE(RenderPlotSvgChecked(LogLogOptions(), explained).ok());
}

TEST(RenderPlotSvgTest, ShortLogAxesSpanTheDataNotWholeDecades) {
  PlotSeries s{.label = "p*", .x = Range(2, 24)};
  for (double n : s.x) s.y.push_back(2 * std::log2(n));
  const std::string svg = RenderPlotSvg({.log_x = true}, {&s, 1});
  const std::vector<double> x = TickValues(svg, "middle");
  EXPECT_EQ(x, (std::vector<double>{2, 5, 10, 20}));
  // 4 … 12: every integer up to ten.
  PlotSeries narrow{.label = "c*", .x = Range(4, 12)};
  for (double n : narrow.x) narrow.y.push_back(n * n);
  const std::string svg2 = RenderPlotSvg(LogLogOptions(), {&narrow, 1});
  const std::vector<double> x2 = TickValues(svg2, "middle");
  EXPECT_EQ(x2, (std::vector<double>{4, 5, 6, 7, 8, 9, 10}));
}

TEST(RenderPlotSvgCheckedTest, RejectsMismatchedErrorsAndBounds) {
  PlotSeries s{.label = "s", .x = {1, 2}, .y = {1, 2}, .y_err = {1}};
  absl::StatusOr<std::string> r = RenderPlotSvgChecked({}, {&s, 1});
  EXPECT_THAT(r.status().message(), HasSubstr("y_err has 1 values, y has 2"));
  PlotSeries b{.label = "b", .x = {1, 2}, .y = {1, 2}, .upper_bound = {true}};
  r = RenderPlotSvgChecked({}, {&b, 1});
  EXPECT_THAT(r.status().message(),
              HasSubstr("upper_bound has 1 values, y has 2"));
}

}  // namespace
}  // namespace satcirc
