// Graphviz DOT diagrams of a circuit, drawn left to right (inputs on the
// left, in input order; the outputs on the right), in three views:
//  - gate by gate: one node per gate (inputs as boxes, thresholds as "≥ θ",
//    typed gates as AND / OR / NOT / MAJ), weights ≠ 1 on the edges (negative
//    ones dashed and red), and one nested cluster per block path prefix, so a
//    transformer's circuit reads as layer ⊃ head ⊃ position;
//  - blocks: one node per block with its gate count, edges between blocks
//    labelled with (and as thick as the log of) the number of wires;
//  - components: the same with the positions of a block merged ("layer
//    1/head 1" instead of "layer 1/head 1/pos 0" … "pos 7"), which stays a
//    handful of nodes at any length;
//  - layers: one node per top-level block ("layer 3", "embed", "readout"),
//    for models too deep for the component view.
// The gate view is drawn only while it can be read (DotOptions), else the
// first summary that can; the diagram then says which and why (a comment
// and a caption), and PlanDot tells the caller.
// Deterministic: nodes in id order, clusters and positions in natural order
// ("pos 2" before "pos 10").
#ifndef SATCIRC_CIRCUITS_WRITE_DOT_H_
#define SATCIRC_CIRCUITS_WRITE_DOT_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "circuits/circuit.h"

namespace satcirc::circuits {

struct DotOptions {
  // A summary (blocks or components) even when the gate view is readable.
  bool summary = false;
  // The gate view while the circuit has at most this many logic gates and
  // wires. Looked at on the zoo: MAJORITY at n = 4 (9 gates, 30 wires) reads
  // gate by gate; at n = 3 (15 gates, 51 wires) the weight labels already
  // float away from their wires and wires cross the cluster labels; MAJORITY
  // at n = 6 (17, 103), PARITY at n = 2 (27, 82) and anbn at n = 2 (54, 163)
  // are hairballs, whatever dot does. The wires decide more than the gates.
  std::int64_t max_gates = 24;
  std::int64_t max_wires = 40;
  // A summary while it has at most this many nodes and edges (boxes with
  // counts read at a larger size than gates); beyond, the next coarser one.
  // Dyck-1 at n = 8 by position: 37 nodes and 90 edges, a hairball; by
  // layer and head: 10 nodes, 15 edges.
  std::int64_t max_blocks = 30;
  std::int64_t max_block_edges = 40;
  bool clusters = true;        // gate view: clusters per block
  bool show_constants = true;  // gate view: draw constant gates
  std::string rankdir = "LR";  // Graphviz rankdir: LR (inputs on the left)
};

enum class DotView { kGates, kBlocks, kComponents, kLayers };

// What WriteDot draws: the view, the size of the circuit that chose it, the
// size of the drawing, and a sentence for the reader when it is a summary
// ("" for the gate view).
struct DotPlan {
  DotView view = DotView::kGates;
  std::int64_t gates = 0, wires = 0;  // logic gates, and their fan-in wires
  std::int64_t nodes = 0, edges = 0;  // of the diagram
  std::string note;
};
DotPlan PlanDot(const Circuit& circuit, const DotOptions& options = {});

std::ostream& WriteDot(std::ostream& out, const Circuit& circuit,
                       const DotOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_DOT_H_
