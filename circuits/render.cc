#include "circuits/render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <fstream>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace satcirc::circuits {
namespace {

std::string& ErrorText() {
  static std::string text;
  return text;
}

int CollectError(char* message) {
  std::string& text = ErrorText();
  text += message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
    text.pop_back();
  return 0;
}

}  // namespace

absl::StatusOr<std::string> RenderDot(absl::string_view dot,
                                      ImageFormat format) {
  // libcgraph keeps global parser state; one rendering at a time.
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  const std::string text(dot);
  // One context for the whole process, never freed: libgvc 2.43 keeps a
  // font-metrics cache across contexts whose strings die with the context that
  // made them, so freeing a context and rendering again reads freed memory
  // (found by AddressSanitizer in tests/circuits/writers_test.cc).
  static GVC_t* const gvc = gvContext();
  if (gvc == nullptr) return absl::InternalError("Graphviz: gvContext failed");
  // Graphviz's messages go into the returned status, not to stderr.
  ErrorText().clear();
  agseterr(AGERR);
  agusererrf previous = agseterrf(CollectError);
  Agraph_t* graph = agmemread(text.c_str());
  if (graph == nullptr) {
    agseterrf(previous);
    return absl::InvalidArgumentError(
        absl::StrCat("Graphviz: the DOT text does not parse: ", ErrorText()));
  }
  std::string result;
  absl::Status status;
  if (gvLayout(gvc, graph, "dot") != 0) {
    status = absl::InternalError("Graphviz: the dot layout failed");
  } else {
    char* data = nullptr;
    unsigned int length = 0;
    const char* name = format == ImageFormat::kSvg ? "svg" : "png";
    if (gvRenderData(gvc, graph, name, &data, &length) != 0 ||
        data == nullptr) {
      status = absl::InternalError(
          absl::StrCat("Graphviz: rendering ", name,
                       " failed (is the plugin installed?) ", ErrorText()));
    } else {
      result.assign(data, length);
    }
    if (data != nullptr) gvFreeRenderData(data);
    gvFreeLayout(gvc, graph);
  }
  agclose(graph);
  agseterrf(previous);
  if (!status.ok()) return status;
  return result;
}

absl::Status RenderDotToFile(absl::string_view dot, ImageFormat format,
                             const std::string& path) {
  absl::StatusOr<std::string> bytes = RenderDot(dot, format);
  if (!bytes.ok()) return bytes.status();
  std::ofstream out(path, std::ios::binary);
  if (!out)
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot open for writing"));
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  if (!out) return absl::UnavailableError(absl::StrCat(path, ": write failed"));
  return absl::OkStatus();
}

}  // namespace satcirc::circuits
