#include "circuits/write_dot.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace satcirc::circuits {
namespace {

std::string Quote(absl::string_view s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q.push_back('\\');
    if (c == '\n') {
      q += "\\n";
      continue;
    }
    q.push_back(c);
  }
  q.push_back('"');
  return q;
}

// "pos 2" before "pos 10": runs of digits compare as numbers.
struct NaturalLess {
  bool operator()(const std::string& a, const std::string& b) const {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      const bool da = std::isdigit(static_cast<unsigned char>(a[i]));
      const bool db = std::isdigit(static_cast<unsigned char>(b[j]));
      if (da && db) {
        std::size_t ie = i, je = j;
        while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie])))
          ++ie;
        while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je])))
          ++je;
        const std::string na = a.substr(i, ie - i), nb = b.substr(j, je - j);
        // Without leading zeros, a longer run is a larger number.
        if (na.size() != nb.size()) return na.size() < nb.size();
        if (na != nb) return na < nb;
        i = ie;
        j = je;
      } else {
        if (a[i] != b[j]) return a[i] < b[j];
        ++i;
        ++j;
      }
    }
    return a.size() - i < b.size() - j;
  }
};

// A tree of block paths; each node holds the items drawn directly in it.
struct Cluster {
  std::map<std::string, std::unique_ptr<Cluster>, NaturalLess> children;
  std::vector<std::string> lines;  // node statements
  // Top level only: nodes kept in this order, top to bottom (one rank,
  // invisible edges; dot keeps such an order only outside clusters).
  std::vector<std::string> ordered;
};

Cluster* Find(Cluster* root, const std::string& block) {
  Cluster* c = root;
  if (block.empty()) return c;
  for (absl::string_view part : absl::StrSplit(block, '/')) {
    auto& child = c->children[std::string(part)];
    if (!child) child = std::make_unique<Cluster>();
    c = child.get();
  }
  return c;
}

// Nodes in one rank in the given order: flat invisible edges fix dot's order
// within a rank (top to bottom when drawn left to right).
void EmitOrder(std::ostream& out, const std::vector<std::string>& nodes,
               const std::string& indent) {
  if (nodes.size() < 2) return;
  out << indent << "{ rank=same; " << absl::StrJoin(nodes, "; ") << "; }\n"
      << indent << absl::StrJoin(nodes, " -> ") << " [style=invis];\n";
}

void EmitCluster(std::ostream& out, const Cluster& c, int depth, int* counter,
                 const std::string& indent) {
  for (const std::string& line : c.lines) out << indent << line << "\n";
  for (const auto& [name, child] : c.children) {
    const int id = (*counter)++;
    // Nested clusters get lighter as they go deeper.
    static constexpr const char* kFill[] = {"#f2f2f2", "#f7f7f7", "#fbfbfb",
                                            "#ffffff"};
    out << indent << "subgraph cluster_" << id << " {\n"
        << indent << "  label=" << Quote(name)
        << "; labelloc=t; style=\"rounded,filled\"; "
        << "fillcolor=\"" << kFill[std::min(depth, 3)]
        << "\"; color=\"#999999\";\n";
    EmitCluster(out, *child, depth + 1, counter, indent + "  ");
    out << indent << "}\n";
  }
}

std::string GateLabel(const Gate& g) {
  switch (g.kind) {
    case GateKind::kInput:
      return g.name;
    case GateKind::kConstant:
      return g.value ? "1" : "0";
    case GateKind::kAnd:
      return "AND";
    case GateKind::kOr:
      return "OR";
    case GateKind::kNot:
      return "NOT";
    case GateKind::kMajority:
      return "MAJ";
    case GateKind::kThreshold:
      return absl::StrCat("\xE2\x89\xA5 ", g.threshold);  // "≥ θ"
  }
  return "?";
}

std::string GateAttributes(GateKind kind) {
  switch (kind) {
    case GateKind::kInput:
      return "shape=box, style=filled, fillcolor=\"#dbe9f6\"";
    case GateKind::kConstant:
      return "shape=plaintext";
    case GateKind::kThreshold:
    case GateKind::kMajority:
      return "shape=circle, style=filled, fillcolor=\"#fde9c9\"";
    default:
      return "shape=ellipse";
  }
}

// The output nodes, out0 … out(k−1), in every view.
void EmitOutputNodes(std::ostream& out, const Circuit& circuit) {
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k) {
    out << "  out" << k << " [label=" << Quote(circuit.outputs()[k].name)
        << ", shape=invhouse, style=filled, fillcolor=\"#d5f5d5\"];\n";
  }
}

bool IsLogic(const Gate& g) {
  return g.kind != GateKind::kInput && g.kind != GateKind::kConstant;
}

// Unused constants (left over from folding) would float around.
bool DrawsGate(const Circuit& circuit, GateId id, const DotOptions& options) {
  const Gate& g = circuit.gate(id);
  return g.kind != GateKind::kConstant ||
         (options.show_constants &&
          boost::out_degree(id, circuit.graph()) != 0);
}

std::string EdgeStatement(const Circuit& circuit, const Fanin& f, GateId id) {
  const Gate& g = circuit.gate(id);
  std::string e = absl::StrCat("g", f.gate, " -> g", id);
  const bool typed = g.kind != GateKind::kThreshold;
  if (f.weight < 0 && !(typed && g.kind == GateKind::kNot)) {
    absl::StrAppend(
        &e, " [label=", Quote(absl::StrCat(f.weight)),
        ", style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\"]");
  } else if (f.weight != 1 && !typed) {
    absl::StrAppend(&e, " [label=", Quote(absl::StrCat(f.weight)), "]");
  }
  return e + ";";
}

void WriteGateView(std::ostream& out, const Circuit& circuit,
                   const DotOptions& options) {
  Cluster root;
  std::vector<std::string> edges;
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    if (!DrawsGate(circuit, id, options)) continue;
    const Gate& g = circuit.gate(id);
    Cluster* c = options.clusters ? Find(&root, g.block) : &root;
    c->lines.push_back(absl::StrCat("g", id, " [label=", Quote(GateLabel(g)),
                                    ", ", GateAttributes(g.kind), "];"));
    for (const Fanin& f : circuit.fanins(id)) {
      if (!options.show_constants &&
          circuit.gate(f.gate).kind == GateKind::kConstant) {
        continue;
      }
      edges.push_back(EdgeStatement(circuit, f, id));
    }
  }
  // The inputs in input order, x[0][0] at the top.
  for (GateId id : circuit.inputs()) {
    Cluster* c = options.clusters ? Find(&root, circuit.gate(id).block) : &root;
    if (c == &root) root.ordered.push_back(absl::StrCat("g", id));
  }
  int counter = 0;
  EmitCluster(out, root, 0, &counter, "  ");
  EmitOrder(out, root.ordered, "  ");
  EmitOutputNodes(out, circuit);
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k) {
    edges.push_back(
        absl::StrCat("g", circuit.outputs()[k].gate, " -> out", k, ";"));
  }
  for (const std::string& e : edges) out << "  " << e << "\n";
}

// A block path at a view's level of detail: whole (blocks), without its
// position (components: "layer 1/head 1/pos 3" → "layer 1/head 1"), or its
// first part (layers: "layer 1").
std::string BlockAt(const std::string& block, DotView view) {
  if (view == DotView::kLayers) return block.substr(0, block.find('/'));
  if (view != DotView::kComponents) return block;
  const std::size_t slash = block.rfind('/');
  const std::string last =
      slash == std::string::npos ? block : block.substr(slash + 1);
  if (!last.starts_with("pos ")) return block;
  return slash == std::string::npos ? "" : block.substr(0, slash);
}

// The summary's nodes (blocks, in natural order) and the wires between them.
struct BlockGraph {
  std::vector<std::string> names;
  std::vector<std::int64_t> gates, inputs;
  std::vector<int> block_of;  // per gate; −1 for constants
  std::map<std::pair<int, int>, std::int64_t> wires;
};

// Inputs without a block go to "inputs", other gates without one to
// "(no block)". Constants are left out.
std::string BlockName(const Gate& g, DotView view) {
  std::string name = BlockAt(g.block, view);
  if (!name.empty()) return name;
  return g.kind == GateKind::kInput ? "inputs" : "(no block)";
}

BlockGraph Blocks(const Circuit& circuit, DotView view) {
  BlockGraph b;
  std::map<std::string, int, NaturalLess> index;
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    if (g.kind != GateKind::kConstant) index.emplace(BlockName(g, view), 0);
  }
  for (auto& [name, k] : index) {
    k = static_cast<int>(b.names.size());
    b.names.push_back(name);
  }
  b.gates.assign(b.names.size(), 0);
  b.inputs.assign(b.names.size(), 0);
  b.block_of.assign(circuit.num_gates(), -1);
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    if (g.kind == GateKind::kConstant) continue;
    const int k = index.at(BlockName(g, view));
    b.block_of[id] = k;
    (g.kind == GateKind::kInput ? b.inputs : b.gates)[k]++;
  }
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    if (b.block_of[id] < 0) continue;
    for (const Fanin& f : circuit.fanins(id)) {
      const int from = b.block_of[f.gate], to = b.block_of[id];
      if (from >= 0 && from != to) ++b.wires[{from, to}];
    }
  }
  return b;
}

std::string BlockLabel(const BlockGraph& b, std::size_t k) {
  const std::string& name = b.names[k];
  const std::size_t slash = name.rfind('/');
  std::string label =
      slash == std::string::npos ? name : name.substr(slash + 1);
  auto count = [](std::int64_t n, const char* one, const char* many) {
    return absl::StrCat(n, " ", n == 1 ? one : many);
  };
  if (b.inputs[k] > 0) {
    absl::StrAppend(&label, "\n", count(b.inputs[k], "input", "inputs"));
  }
  if (b.gates[k] > 0) {
    absl::StrAppend(&label, "\n", count(b.gates[k], "gate", "gates"));
  }
  return label;
}

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  for (char c : text) {
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
      default:
        out += c;
    }
  }
  return out;
}

// The positions of a block ("layer 1/head 1/pos 0" … "pos 7") are drawn as
// one table, a header and a row per position, in order from the top: dot
// keeps no order among sibling nodes in a cluster, but a table's rows stay
// put, and the header names the block without a cluster label. Edges end at
// the rows (ports).
struct SummaryNodes {
  std::vector<std::string> endpoint;  // per block: "b3" or "t1:p4"
};

SummaryNodes EmitSummaryNodes(const BlockGraph& b, Cluster& root) {
  SummaryNodes nodes;
  std::map<std::string, std::vector<std::size_t>, NaturalLess> tables;
  for (std::size_t k = 0; k < b.names.size(); ++k) {
    const std::size_t slash = b.names[k].rfind('/');
    if (slash != std::string::npos &&
        b.names[k].substr(slash + 1).starts_with("pos ")) {
      tables[b.names[k].substr(0, slash)].push_back(k);
    }
  }
  nodes.endpoint.resize(b.names.size());
  int t = 0;
  for (const auto& [group, rows] : tables) {
    const std::size_t slash = group.rfind('/');
    Cluster* c = slash == std::string::npos
                     ? &root
                     : Find(&root, group.substr(0, slash));
    std::string label = absl::StrCat(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" "
        "CELLPADDING=\"4\"><TR><TD BORDER=\"0\">",
        HtmlEscape(slash == std::string::npos ? group
                                              : group.substr(slash + 1)),
        "</TD></TR>");
    for (std::size_t k : rows) {
      const std::string row = BlockLabel(b, k);  // "pos 3\n12 gates"
      absl::StrAppend(&label, "<TR><TD PORT=\"p", k, "\" BGCOLOR=\"",
                      b.gates[k] == 0 ? "#dbe9f6" : "#fde9c9", "\">",
                      HtmlEscape(absl::StrReplaceAll(row, {{"\n", " · "}})),
                      "</TD></TR>");
      nodes.endpoint[k] = absl::StrCat("t", t, ":p", k);
    }
    c->lines.push_back(absl::StrCat("t", t, " [shape=plaintext, label=", label,
                                    "</TABLE>>];"));
    ++t;
  }
  for (std::size_t k = 0; k < b.names.size(); ++k) {
    if (!nodes.endpoint[k].empty()) continue;
    const std::size_t slash = b.names[k].rfind('/');
    Cluster* c = slash == std::string::npos
                     ? &root
                     : Find(&root, b.names[k].substr(0, slash));
    c->lines.push_back(absl::StrCat(
        "b", k, " [label=", Quote(BlockLabel(b, k)), ", shape=box, style=",
        b.gates[k] == 0 ? "\"filled\", fillcolor=\"#dbe9f6\""
                        : "\"rounded,filled\", fillcolor=\"#fde9c9\"",
        "];"));
    nodes.endpoint[k] = absl::StrCat("b", k);
  }
  return nodes;
}

void WriteSummaryView(std::ostream& out, const Circuit& circuit,
                      const BlockGraph& b) {
  Cluster root;
  const SummaryNodes nodes = EmitSummaryNodes(b, root);
  int counter = 0;
  EmitCluster(out, root, 0, &counter, "  ");
  EmitOutputNodes(out, circuit);
  // Thickness 1 … 5 by the log of the wires, relative to the most: thicker
  // strokes would bury the labels beside them.
  std::int64_t most = 1;
  for (const auto& [ends, count] : b.wires) most = std::max(most, count);
  for (const auto& [ends, count] : b.wires) {
    const double width = most == 1
                             ? 1
                             : 1 + 4 * std::log2(static_cast<double>(count)) /
                                       std::log2(static_cast<double>(most));
    out << "  " << nodes.endpoint[ends.first] << " -> "
        << nodes.endpoint[ends.second] << " [label=\"" << count
        << "\", penwidth=" << absl::StrFormat("%.1f", width) << "];\n";
  }
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k) {
    const int from = b.block_of[circuit.outputs()[k].gate];
    if (from >= 0)
      out << "  " << nodes.endpoint[from] << " -> out" << k << ";\n";
  }
}

// Logic gates and their fan-in wires: what makes a gate view readable.
void CountLogic(const Circuit& circuit, DotPlan* plan) {
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    if (!IsLogic(circuit.gate(id))) continue;
    ++plan->gates;
    plan->wires += circuit.fanin_size(id);
  }
}

std::int64_t Outputs(const Circuit& circuit) {
  return static_cast<std::int64_t>(circuit.outputs().size());
}

// The note as a caption of left-justified lines (\l) of at most 80
// characters, so that it never runs wider than the picture by much (dot does
// not widen the picture for its label).
std::string Caption(std::string note) {
  for (char& c : note) {
    if (c == '"' || c == '\\') c = '\'';
  }
  std::string out = "\"", line;
  for (absl::string_view word : absl::StrSplit(note, ' ')) {
    if (!line.empty() && line.size() + 1 + word.size() > 80) {
      absl::StrAppend(&out, line, "\\l");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  return absl::StrCat(out, line, "\\l\"");
}

}  // namespace

DotPlan PlanDot(const Circuit& circuit, const DotOptions& options) {
  DotPlan plan;
  CountLogic(circuit, &plan);
  if (!options.summary && plan.gates <= options.max_gates &&
      plan.wires <= options.max_wires) {
    for (GateId id = 0; id < circuit.num_gates(); ++id) {
      plan.nodes += DrawsGate(circuit, id, options);
    }
    plan.nodes += Outputs(circuit);
    plan.edges =
        static_cast<std::int64_t>(circuit.num_wires()) + Outputs(circuit);
    return plan;
  }
  // Why not the finer views, for the note.
  std::vector<std::string> why;
  if (!options.summary) {
    why.push_back(absl::StrCat("gate by gate it would be ", plan.gates,
                               " gates and ", plan.wires,
                               " wires, readable up to ", options.max_gates,
                               " and ", options.max_wires));
  }
  static constexpr struct {
    DotView view;
    const char* what;
  } kLevels[] = {
      {DotView::kBlocks, "one node per block (layer, head, position)"},
      {DotView::kComponents, "one node per layer and head, positions merged"},
      {DotView::kLayers, "one node per layer"}};
  for (const auto& level : kLevels) {
    const BlockGraph blocks = Blocks(circuit, level.view);
    plan.view = level.view;
    plan.nodes =
        static_cast<std::int64_t>(blocks.names.size()) + Outputs(circuit);
    plan.edges =
        static_cast<std::int64_t>(blocks.wires.size()) + Outputs(circuit);
    plan.note = absl::StrCat("Summary: ", level.what,
                             ", with its gates; edges count the wires",
                             why.empty() ? "" : " (", absl::StrJoin(why, "; "),
                             why.empty() ? "." : ").");
    if (plan.nodes <= options.max_blocks &&
        plan.edges <= options.max_block_edges) {
      break;
    }
    why.push_back(absl::StrCat(level.what, " would be ", plan.nodes,
                               " nodes and ", plan.edges,
                               " edges, readable up to ", options.max_blocks,
                               " and ", options.max_block_edges));
  }
  return plan;
}

std::ostream& WriteDot(std::ostream& out, const Circuit& circuit,
                       const DotOptions& options) {
  const DotPlan plan = PlanDot(circuit, options);
  out << "digraph circuit {\n";
  if (!plan.note.empty()) out << "  // " << plan.note << "\n";
  out << "  rankdir=" << options.rankdir << ";\n"
      << "  graph [fontname=\"Helvetica\", fontsize=12];\n"
      << "  node [fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];\n";
  if (plan.view == DotView::kGates) {
    WriteGateView(out, circuit, options);
  } else {
    WriteSummaryView(out, circuit, Blocks(circuit, plan.view));
  }
  // The caption last: subgraphs take the graph's attributes as they stand
  // where they are defined, and must not take this one.
  if (!plan.note.empty()) {
    out << "  label=" << Caption(plan.note)
        << "; labelloc=b; labeljust=l; fontsize=10;\n";
  }
  out << "}\n";
  return out;
}

}  // namespace satcirc::circuits
