#include "circuits/render.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/types.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <fstream>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace satcirc::circuits {
namespace {

// Graphviz's default ID discipline makes a named object's ID the address of
// its interned name, and keeps subgraphs ordered by ID: cluster order, and so
// the drawing, then depended on the heap's state (byte-different SVGs for the
// same DOT text, after a multi-threaded p* search). This discipline numbers
// names in the order they are first read instead, so the same text gives the
// same picture. Named objects get even IDs, anonymous ones odd.
struct IdState {
  std::unordered_map<std::string, IDTYPE> ids;
  std::deque<std::string> names;  // names[k] has ID 2k + 2; stable c_str()s
  IDTYPE next_anonymous = 1;
};

void* IdOpen(Agraph_t*, Agdisc_t*) { return new IdState; }

long IdMap(void* state, int, char* str, IDTYPE* id, int createflag) {
  auto* s = static_cast<IdState*>(state);
  if (str == nullptr) {
    *id = s->next_anonymous;
    s->next_anonymous += 2;
    return 1;
  }
  if (auto it = s->ids.find(str); it != s->ids.end()) {
    *id = it->second;
    return 1;
  }
  if (!createflag) return 0;
  s->names.emplace_back(str);
  *id = 2 * static_cast<IDTYPE>(s->names.size());
  s->ids.emplace(str, *id);
  return 1;
}

long IdAlloc(void*, int, IDTYPE) { return 0; }
void IdFree(void*, int, IDTYPE) {}

char* IdPrint(void* state, int, IDTYPE id) {
  auto* s = static_cast<IdState*>(state);
  if (id % 2 != 0 || id == 0 || id / 2 > s->names.size()) return nullptr;
  return s->names[id / 2 - 1].data();
}

void IdClose(void* state) { delete static_cast<IdState*>(state); }
void IdRegister(void*, int, void*) {}

Agiddisc_t kOrderedIds = {IdOpen,  IdMap,   IdAlloc,   IdFree,
                          IdPrint, IdClose, IdRegister};

// The DOT text, read a line at a time as Graphviz's own memory reader does.
struct TextChannel {
  const std::string* text;
  std::size_t at = 0;
};

int ReadText(void* chan, char* buf, int bufsize) {
  auto* c = static_cast<TextChannel*>(chan);
  int n = 0;
  while (n < bufsize && c->at < c->text->size()) {
    const char ch = (*c->text)[c->at++];
    buf[n++] = ch;
    if (ch == '\n') break;
  }
  return n;
}

// agmemread with the ordered ID discipline.
Agraph_t* ReadGraph(const std::string& text) {
  static Agiodisc_t io = [] {
    Agiodisc_t d = AgIoDisc;
    d.afread = ReadText;
    return d;
  }();
  static Agdisc_t disc = {&AgMemDisc, &kOrderedIds, &io};
  TextChannel channel{&text};
  return agread(&channel, &disc);
}

std::string& ErrorText() {
  static std::string text;
  return text;
}

int CollectError(char* message) {
  absl::StrAppend(&ErrorText(), message);
  return 0;
}

// Graphviz's plugins write some warnings straight to stderr ("(null): graph
// is too large for cairo-renderer bitmaps…", the null being the command name
// a library caller has not set). While one lives, file descriptor 2 goes to a
// temporary file, and Text() reads back what was written. Rendering holds a
// process-wide lock, and the command line does nothing else meanwhile.
class StderrCapture {
 public:
  StderrCapture() {
    std::fflush(stderr);
    file_ = std::tmpfile();
    saved_ = file_ == nullptr ? -1 : ::dup(2);
    if (saved_ >= 0) ::dup2(::fileno(file_), 2);
  }
  ~StderrCapture() { Restore(); }
  std::string Text() {
    Restore();
    std::string text;
    if (file_ == nullptr) return text;
    std::rewind(file_);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, file_)) > 0;) {
      text.append(buf, n);
    }
    return text;
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_ = nullptr;
  int saved_ = -1;
};

// Graphviz's messages as sentences: one per line, without "Warning: " or the
// "(null): " of an unset command name; the bitmap-size warning in plain
// words.
std::vector<std::string> CleanMessages(absl::string_view text) {
  std::vector<std::string> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    for (absl::string_view prefix : {"Warning: ", "Error: ", "(null): "}) {
      absl::ConsumePrefix(&line, prefix);
    }
    if (line.empty()) continue;
    if (absl::StrContains(line, "too large for cairo-renderer bitmaps")) {
      out.push_back(
          "the image was larger than Graphviz's bitmap limit and was scaled "
          "down to fit; the SVG keeps every detail");
      continue;
    }
    out.push_back(absl::StrCat("Graphviz: ", line));
  }
  return out;
}

// A PNG past kMaxPngPixels on its longer side is drawn at a lower
// resolution (dpi), so that Graphviz never has to shrink it itself.
void LimitPngSize(Agraph_t* graph, std::vector<std::string>* notes) {
  const boxf bb = GD_bb(graph);
  const double longest =
      std::max(bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y) * 96.0 / 72.0;
  if (longest <= kMaxPngPixels) return;
  // 2 % under the limit: Graphviz adds a margin and rounds up.
  const double dpi = 0.98 * 96.0 * kMaxPngPixels / longest;
  std::string value = absl::StrFormat("%.2f", dpi);
  agsafeset(graph, const_cast<char*>("dpi"), value.data(),
            const_cast<char*>(""));
  notes->push_back(absl::StrFormat(
      "the PNG is %.0f pixels across at 96 dpi; drawn at %.0f dpi to stay "
      "within %d (the SVG keeps every detail)",
      longest, dpi, kMaxPngPixels));
}

absl::Status CheckSize(Agraph_t* graph) {
  const int nodes = agnnodes(graph), edges = agnedges(graph);
  if (nodes <= kMaxRenderNodes && edges <= kMaxRenderEdges) {
    return absl::OkStatus();
  }
  return absl::ResourceExhaustedError(absl::StrFormat(
      "Graphviz: a diagram of %d nodes and %d edges would take about %s to "
      "lay out (the time grows with the square of the edges), over the limit "
      "of %d nodes and %d edges; write --format dot and lay it out with "
      "other tools, or draw a smaller circuit",
      nodes, edges,
      absl::StrFormat("%.0f s", EstimateLayoutSeconds(nodes, edges)),
      kMaxRenderNodes, kMaxRenderEdges));
}

char* Str(const char* s) { return const_cast<char*>(s); }

// A label to draw as a node: its text, where dot put it, and its font.
struct PinnedLabel {
  std::string text, pos, fontsize, fontcolor;
};

// The labels of the clusters under g (recursively), taken off the clusters.
void TakeClusterLabels(Agraph_t* g, std::vector<PinnedLabel>& out) {
  for (Agraph_t* sg = agfstsubg(g); sg != nullptr; sg = agnxtsubg(sg)) {
    const std::string name = agnameof(sg);
    const char* label = agget(sg, Str("label"));
    const char* lp = agget(sg, Str("lp"));
    if (name.starts_with("cluster") && label != nullptr && *label != '\0' &&
        lp != nullptr && *lp != '\0') {
      const char* size = agget(sg, Str("fontsize"));
      out.push_back({label, lp, size != nullptr && *size ? size : "12", ""});
      agsafeset(sg, Str("label"), Str(""), Str(""));
    }
    TakeClusterLabels(sg, out);
  }
}

// The labels of the edges, taken off the edges.
void TakeEdgeLabels(Agraph_t* g, std::vector<PinnedLabel>& out) {
  for (Agnode_t* n = agfstnode(g); n != nullptr; n = agnxtnode(g, n)) {
    for (Agedge_t* e = agfstout(g, n); e != nullptr; e = agnxtout(g, e)) {
      const char* label = agget(e, Str("label"));
      const char* lp = agget(e, Str("lp"));
      if (label == nullptr || *label == '\0' || lp == nullptr || *lp == '\0') {
        continue;
      }
      const char* size = agget(e, Str("fontsize"));
      const char* colour = agget(e, Str("fontcolor"));
      out.push_back({label, lp, size != nullptr && *size ? size : "9",
                     colour != nullptr ? colour : ""});
      agsafeset(e, Str("label"), Str(""), Str(""));
    }
  }
}

// Wires must never be drawn over a label, and dot draws a cluster's label
// before the wires that cross it and an edge's label before later edges. So
// after dot's layout every cluster and edge label becomes a node pinned where
// dot put it, filled white, and the picture is redrawn from dot's positions
// ("nop2", i.e. neato -n2) with the edges first: every label lies on top.
absl::Status PinLabels(GVC_t* gvc, Agraph_t* graph) {
  // Rendering to "dot" attaches the layout as attributes (pos, lp, bb).
  char* data = nullptr;
  unsigned int length = 0;
  if (gvRenderData(gvc, graph, "dot", &data, &length) != 0) {
    if (data != nullptr) gvFreeRenderData(data);
    return absl::InternalError("Graphviz: could not read the dot layout back");
  }
  gvFreeRenderData(data);
  std::vector<PinnedLabel> labels;
  TakeClusterLabels(graph, labels);
  TakeEdgeLabels(graph, labels);
  gvFreeLayout(gvc, graph);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const PinnedLabel& l = labels[i];
    Agnode_t* n =
        agnode(graph, Str(absl::StrCat("satcirc_label_", i).c_str()), 1);
    auto set = [&](const char* name, const std::string& value) {
      agsafeset(n, Str(name), Str(value.c_str()), Str(""));
    };
    set("label", l.text);
    set("pos", l.pos);
    set("shape", "plaintext");
    set("style", "filled");
    set("fillcolor", "white");
    set("width", "0");
    set("height", "0");
    set("margin", "0.02,0.01");
    set("fontsize", l.fontsize);
    if (!l.fontcolor.empty()) set("fontcolor", l.fontcolor);
  }
  agsafeset(graph, Str("outputorder"), Str("edgesfirst"), Str(""));
  if (gvLayout(gvc, graph, "nop2") != 0) {
    return absl::InternalError("Graphviz: redrawing the dot layout failed");
  }
  return absl::OkStatus();
}

// Layout and rendering of a parsed graph.
absl::StatusOr<std::string> LayOutAndRender(GVC_t* gvc, Agraph_t* graph,
                                            ImageFormat format,
                                            std::vector<std::string>* notes) {
  if (gvLayout(gvc, graph, "dot") != 0) {
    return absl::InternalError("Graphviz: the dot layout failed");
  }
  // The resolution is read when a layout starts: set before the redraw.
  if (format == ImageFormat::kPng) LimitPngSize(graph, notes);
  if (absl::Status s = PinLabels(gvc, graph); !s.ok()) {
    gvFreeLayout(gvc, graph);
    return s;
  }
  char* data = nullptr;
  unsigned int length = 0;
  const char* name = format == ImageFormat::kSvg ? "svg" : "png";
  absl::StatusOr<std::string> result;
  if (gvRenderData(gvc, graph, name, &data, &length) != 0 || data == nullptr) {
    result = absl::InternalError(absl::StrCat(
        "Graphviz: rendering ", name, " failed (is the plugin installed?)"));
  } else {
    result = std::string(data, length);
  }
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph);
  return result;
}

}  // namespace

double EstimateLayoutSeconds(int nodes, int edges) {
  // 22 s at 2,048 edges, 780 s at 12,031: about 5.3 µs × edges².
  const double e = std::max(edges, nodes);
  return 5.3e-6 * e * e;
}

absl::StatusOr<std::string> RenderDot(absl::string_view dot, ImageFormat format,
                                      std::vector<std::string>* warnings) {
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
  // Graphviz's messages go into the returned status or the warnings, never
  // to stderr: errors through agseterrf, what plugins print through the
  // capture.
  ErrorText().clear();
  agseterr(AGWARN);
  agusererrf previous = agseterrf(CollectError);
  StderrCapture capture;
  std::vector<std::string> notes;
  absl::StatusOr<std::string> result;
  Agraph_t* graph = ReadGraph(text);
  if (graph == nullptr) {
    result = absl::InvalidArgumentError(
        absl::StrCat("Graphviz: the DOT text does not parse: ",
                     absl::StripAsciiWhitespace(ErrorText())));
  } else if (absl::Status s = CheckSize(graph); !s.ok()) {
    result = s;
  } else {
    result = LayOutAndRender(gvc, graph, format, &notes);
  }
  if (graph != nullptr) agclose(graph);
  agseterrf(previous);
  std::vector<std::string> messages =
      CleanMessages(absl::StrCat(ErrorText(), "\n", capture.Text()));
  if (!result.ok()) {
    if (!messages.empty() &&
        result.status().code() == absl::StatusCode::kInternal) {
      return absl::InternalError(
          absl::StrCat(result.status().message(), " (", messages.back(), ")"));
    }
    return result.status();
  }
  if (warnings != nullptr) {
    warnings->insert(warnings->end(), notes.begin(), notes.end());
    warnings->insert(warnings->end(), messages.begin(), messages.end());
  }
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
