// Renders DOT text to SVG or PNG in-process through Graphviz's libgvc (the
// "dot" layout), without running the dot program. The work is bounded before
// the layout starts, and nothing Graphviz says reaches the terminal raw: its
// messages come back as an error or as warnings in plain words.
#ifndef SATCIRC_CIRCUITS_RENDER_H_
#define SATCIRC_CIRCUITS_RENDER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace satcirc::circuits {

enum class ImageFormat { kSvg, kPng };

// dot's layout time grows about with the square of the edges (measured with
// Graphviz 2.43: 22 s for 219 nodes and 2,048 edges, 13 minutes for 750 and
// 12,031), so larger graphs are refused before the layout starts.
inline constexpr int kMaxRenderEdges = 2000;
inline constexpr int kMaxRenderNodes = 1000;
// A PNG wider or taller than this many pixels is drawn at a lower resolution
// (cairo refuses bitmaps past 32,767 pixels; past ~10,000 nothing is legible
// at once anyway).
inline constexpr int kMaxPngPixels = 10000;

// The layout time for a graph of this size, estimated from the measurements
// above (seconds).
double EstimateLayoutSeconds(int nodes, int edges);

// The rendered image's bytes. InvalidArgument if the DOT text does not
// parse; ResourceExhausted, with the estimate, past kMaxRenderEdges or
// kMaxRenderNodes; Internal if the layout or renderer plugin fails. What
// Graphviz reports along the way (and a PNG drawn at a lower resolution) is
// appended to *warnings, one sentence each, when warnings is not null.
absl::StatusOr<std::string> RenderDot(
    absl::string_view dot, ImageFormat format,
    std::vector<std::string>* warnings = nullptr);

// RenderDot, written to `path`.
absl::Status RenderDotToFile(absl::string_view dot, ImageFormat format,
                             const std::string& path);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_RENDER_H_
