// Standalone SVG plots for the experiment commands (issue #6: every
// experiment writes its data and a plot a person would put in a paper —
// axes, units, a legend, the fitted slope; log–log where the claim is a power
// law). No dependency beyond Abseil: the output is a complete SVG 1.1
// document, deterministic byte for byte, so it can be a golden file.
// docs/plot-format.md describes what a plot contains.
#ifndef SATCIRC_LIB_EXPERIMENTS_PLOT_H_
#define SATCIRC_LIB_EXPERIMENTS_PLOT_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace satcirc {

// y ≈ coefficient · x^exponent, fitted by least squares of log y on log x.
struct PowerFit {
  double exponent = 0;
  double coefficient = 0;
  double r2 = 0;  // of the fit in log–log space; 1 when every log y is equal
  int points = 0;
  double x_min = 0, x_max = 0;  // the fitted points' x range: where it is drawn
};

// Fits over the pairs (x[i], y[i]) with x > 0 and y > 0, both finite (the
// longer span's extra values are ignored). No fit (nullopt) with fewer than two
// such points or when their x are all equal.
std::optional<PowerFit> FitPowerLaw(std::span<const double> x,
                                    std::span<const double> y);

struct PlotSeries {
  // Legend text; an empty label gets no legend entry. (The empty braces here
  // and below keep designated initializers that omit a field free of
  // -Wmissing-field-initializers.)
  std::string label{};
  // Same length. A point with a NaN or infinite coordinate, or a non-positive
  // one on a log axis, is skipped: not plotted, and the line joins its
  // neighbours; the legend row says how many were skipped (unless `note`
  // explains it).
  std::vector<double> x{}, y{};
  // Empty, or one per point: the half-width of a vertical error bar (± a
  // standard error); 0 or NaN draws none.
  std::vector<double> y_err{};
  // Empty, or one per point: true where y is only an upper bound (the value
  // is at most y). Such a point is drawn as a hollow marker with an arrow
  // pointing down, is not joined by the line and is never fitted.
  std::vector<bool> upper_bound{};
  bool lines = true;
  bool markers = true;  // a series with a single plottable point always has one
  bool dashed = false;  // the line dashed (a model curve rather than data)
  // The colour and marker: the palette entry of this index; -1 uses the
  // series' own index (so a curve can share its data series' colour).
  int style = -1;
  // Draw FitPowerLaw over the series' exact points (upper bounds excluded) as
  // a dashed curve (a straight line on log–log axes) across their x range,
  // with "slope k = 1.98 (R² 0.999)" in the legend.
  bool show_fit = false;
  // A fit the caller computed (and printed): drawn and reported as show_fit's
  // would be, over its own x range, so that figure and text cannot differ.
  std::optional<PowerFit> fit{};
  // Appended to the legend row, e.g. "(any scale works)".
  std::string note{};
};

struct PlotOptions {
  // Labels include units, e.g. "input length n", "logit scale c*".
  std::string title{}, x_label{}, y_label{};
  bool log_x = false, log_y = false;
  int width = 720, height = 480;  // pixels; at least 240 × 180 is used
  // The legend row that explains the upper-bound marker (when a series has
  // one).
  std::string upper_bound_label = "upper bound (the value is at most this)";
};

// A complete, standalone SVG document. Same input, same bytes: numbers are
// formatted by std::to_chars (no locale) with fixed precision. With no series,
// or nothing plottable, an empty frame with axes. Mismatched x/y lengths use
// the shorter. The legend never covers data: it goes where no point, line,
// bar or fit passes inside the plot area, else below it.
std::string RenderPlotSvg(const PlotOptions& options,
                          std::span<const PlotSeries> series);

// As RenderPlotSvg, but InvalidArgument, naming the series, for mismatched
// lengths of x, y, y_err and upper_bound, for a series with no plottable point
// and no note saying why, and for an empty series list.
absl::StatusOr<std::string> RenderPlotSvgChecked(
    const PlotOptions& options, std::span<const PlotSeries> series);

// The axes and titles of the plots `satcirc saturate` and `satcirc sharpness`
// draw (and the Python module's results show): c*(n) on log–log axes, and the
// mean loss increase under N(0, sigma²) weight noise over `draws` draws.
PlotOptions SaturationPlotOptions();
PlotOptions SharpnessPlotOptions(double sigma, int draws);

}  // namespace satcirc

#endif  // SATCIRC_LIB_EXPERIMENTS_PLOT_H_
