// Renders DOT text to SVG or PNG in-process through Graphviz's libgvc (the
// "dot" layout), without running the dot program.
#ifndef SATCIRC_CIRCUITS_RENDER_H_
#define SATCIRC_CIRCUITS_RENDER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace satcirc::circuits {

enum class ImageFormat { kSvg, kPng };

// The rendered image's bytes. Errors if the DOT text does not parse or the
// layout or renderer plugin fails.
absl::StatusOr<std::string> RenderDot(absl::string_view dot,
                                      ImageFormat format);

// RenderDot, written to `path`.
absl::Status RenderDotToFile(absl::string_view dot, ImageFormat format,
                             const std::string& path);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_RENDER_H_
