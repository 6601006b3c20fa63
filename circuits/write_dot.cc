#include "circuits/write_dot.h"

#include <cmath>
#include <map>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
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

// A tree of block paths; each node holds the items drawn directly in it.
struct Cluster {
  std::map<std::string, std::unique_ptr<Cluster>> children;
  std::vector<std::string> lines;  // node statements
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

void EmitCluster(std::ostream& out, const Cluster& c, int depth, int* counter,
                 const std::string& indent) {
  for (const std::string& line : c.lines) out << indent << line << "\n";
  for (const auto& [name, child] : c.children) {
    const int id = (*counter)++;
    // Nested clusters get lighter as they go deeper.
    static constexpr const char* kFill[] = {"#f2f2f2", "#f7f7f7", "#fbfbfb",
                                            "#ffffff"};
    out << indent << "subgraph cluster_" << id << " {\n"
        << indent << "  label=" << Quote(name) << "; style=\"rounded,filled\"; "
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

// The output nodes, out0 … out(k−1), in both views.
void EmitOutputNodes(std::ostream& out, const Circuit& circuit) {
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k) {
    out << "  out" << k << " [label=" << Quote(circuit.outputs()[k].name)
        << ", shape=invhouse, style=filled, fillcolor=\"#d5f5d5\"];\n";
  }
}

void WriteGateView(std::ostream& out, const Circuit& circuit,
                   const DotOptions& options) {
  Cluster root;
  std::vector<std::string> edges;
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    // Unused constants (left over from folding) would float around.
    if (g.kind == GateKind::kConstant &&
        (!options.show_constants ||
         boost::out_degree(id, circuit.graph()) == 0)) {
      continue;
    }
    std::string attrs;
    switch (g.kind) {
      case GateKind::kInput:
        attrs = "shape=box, style=filled, fillcolor=\"#dbe9f6\"";
        break;
      case GateKind::kConstant:
        attrs = "shape=plaintext";
        break;
      case GateKind::kThreshold:
      case GateKind::kMajority:
        attrs = "shape=circle, style=filled, fillcolor=\"#fde9c9\"";
        break;
      default:
        attrs = "shape=ellipse";
    }
    Cluster* c = options.clusters ? Find(&root, g.block) : &root;
    c->lines.push_back(absl::StrCat("g", id, " [label=", Quote(GateLabel(g)),
                                    ", ", attrs, "];"));
    for (const Fanin& f : circuit.fanins(id)) {
      if (!options.show_constants &&
          circuit.gate(f.gate).kind == GateKind::kConstant) {
        continue;
      }
      std::string e = absl::StrCat("g", f.gate, " -> g", id);
      const bool typed = g.kind != GateKind::kThreshold;
      if (f.weight < 0 && !(typed && g.kind == GateKind::kNot)) {
        absl::StrAppend(
            &e, " [label=", Quote(absl::StrCat(f.weight)),
            ", style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\"]");
      } else if (f.weight != 1 && !typed) {
        absl::StrAppend(&e, " [label=", Quote(absl::StrCat(f.weight)), "]");
      }
      edges.push_back(e + ";");
    }
  }
  int counter = 0;
  EmitCluster(out, root, 0, &counter, "  ");
  EmitOutputNodes(out, circuit);
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k) {
    edges.push_back(
        absl::StrCat("g", circuit.outputs()[k].gate, " -> out", k, ";"));
  }
  for (const std::string& e : edges) out << "  " << e << "\n";
}

void WriteSummaryView(std::ostream& out, const Circuit& circuit) {
  // Blocks in order of first appearance; inputs without a block go to
  // "inputs", other gates without one to "(no block)". Constants are left out.
  auto block_of = [&](GateId id) -> std::string {
    const Gate& g = circuit.gate(id);
    if (!g.block.empty()) return g.block;
    return g.kind == GateKind::kInput ? "inputs" : "(no block)";
  };
  std::map<std::string, int> index;
  std::vector<std::string> names;
  std::vector<std::int64_t> gates, inputs;
  std::vector<int> block(circuit.num_gates(), -1);
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    if (g.kind == GateKind::kConstant) continue;
    const std::string name = block_of(id);
    auto [it, inserted] = index.emplace(name, static_cast<int>(names.size()));
    if (inserted) {
      names.push_back(name);
      gates.push_back(0);
      inputs.push_back(0);
    }
    block[id] = it->second;
    (g.kind == GateKind::kInput ? inputs : gates)[it->second]++;
  }
  std::map<std::pair<int, int>, std::int64_t> wires;
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    if (block[id] < 0) continue;
    for (const Fanin& f : circuit.fanins(id)) {
      if (block[f.gate] >= 0 && block[f.gate] != block[id]) {
        ++wires[{block[f.gate], block[id]}];
      }
    }
  }
  Cluster root;
  for (std::size_t k = 0; k < names.size(); ++k) {
    // The node sits in the clusters of its path's prefixes.
    const std::string& name = names[k];
    const std::size_t slash = name.rfind('/');
    Cluster* c =
        slash == std::string::npos ? &root : Find(&root, name.substr(0, slash));
    std::string label =
        slash == std::string::npos ? name : name.substr(slash + 1);
    std::vector<std::string> counts;
    if (inputs[k] > 0)
      counts.push_back(
          absl::StrCat(inputs[k], inputs[k] == 1 ? " input" : " inputs"));
    if (gates[k] > 0)
      counts.push_back(
          absl::StrCat(gates[k], gates[k] == 1 ? " gate" : " gates"));
    for (const std::string& s : counts) absl::StrAppend(&label, "\n", s);
    const bool only_inputs = gates[k] == 0;
    c->lines.push_back(
        absl::StrCat("b", k, " [label=", Quote(label), ", shape=box, style=",
                     only_inputs ? "\"filled\", fillcolor=\"#dbe9f6\""
                                 : "\"rounded,filled\", fillcolor=\"#fde9c9\"",
                     "];"));
  }
  int counter = 0;
  EmitCluster(out, root, 0, &counter, "  ");
  EmitOutputNodes(out, circuit);
  for (const auto& [ends, count] : wires) {
    out << "  b" << ends.first << " -> b" << ends.second << " [label=\""
        << count << "\", penwidth="
        << 1 + static_cast<int>(std::log2(static_cast<double>(count)))
        << "];\n";
  }
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k) {
    const int from = block[circuit.outputs()[k].gate];
    if (from >= 0) out << "  b" << from << " -> out" << k << ";\n";
  }
}

}  // namespace

std::ostream& WriteDot(std::ostream& out, const Circuit& circuit,
                       const DotOptions& options) {
  const bool summary =
      options.summary ||
      static_cast<std::int64_t>(circuit.num_gates()) > options.max_gates;
  out << "digraph circuit {\n";
  if (summary && !options.summary) {
    out << "  // " << circuit.num_gates()
        << " gates > max_gates = " << options.max_gates
        << ": summary view, one node per block\n";
  }
  out << "  rankdir=" << options.rankdir << ";\n"
      << "  graph [fontname=\"Helvetica\", fontsize=12];\n"
      << "  node [fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];\n";
  if (summary) {
    WriteSummaryView(out, circuit);
  } else {
    WriteGateView(out, circuit, options);
  }
  out << "}\n";
  return out;
}

}  // namespace satcirc::circuits
