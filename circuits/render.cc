#include "circuits/render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <fstream>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace satcirc::circuits {

absl::StatusOr<std::string> RenderDot(absl::string_view dot, ImageFormat format) {
  // libcgraph keeps global parser state; one rendering at a time.
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  const std::string text(dot);
  GVC_t* gvc = gvContext();
  if (gvc == nullptr) return absl::InternalError("Graphviz: gvContext failed");
  agseterr(AGERR);  // warnings stay quiet; errors are returned
  Agraph_t* graph = agmemread(text.c_str());
  if (graph == nullptr) {
    gvFreeContext(gvc);
    return absl::InvalidArgumentError("Graphviz: the DOT text does not parse");
  }
  std::string result;
  absl::Status status;
  if (gvLayout(gvc, graph, "dot") != 0) {
    status = absl::InternalError("Graphviz: the dot layout failed");
  } else {
    char* data = nullptr;
    unsigned int length = 0;
    const char* name = format == ImageFormat::kSvg ? "svg" : "png";
    if (gvRenderData(gvc, graph, name, &data, &length) != 0 || data == nullptr) {
      status = absl::InternalError(absl::StrCat(
          "Graphviz: rendering ", name, " failed (is the plugin installed?)"));
    } else {
      result.assign(data, length);
    }
    if (data != nullptr) gvFreeRenderData(data);
    gvFreeLayout(gvc, graph);
  }
  agclose(graph);
  gvFreeContext(gvc);
  if (!status.ok()) return status;
  return result;
}

absl::Status RenderDotToFile(absl::string_view dot, ImageFormat format,
                             const std::string& path) {
  absl::StatusOr<std::string> bytes = RenderDot(dot, format);
  if (!bytes.ok()) return bytes.status();
  std::ofstream out(path, std::ios::binary);
  if (!out) return absl::UnavailableError(absl::StrCat(path, ": cannot open for writing"));
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  if (!out) return absl::UnavailableError(absl::StrCat(path, ": write failed"));
  return absl::OkStatus();
}

}  // namespace satcirc::circuits
