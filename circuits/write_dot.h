// Graphviz DOT diagrams of a circuit, in two views:
//  - gate by gate: one node per gate (inputs as boxes, thresholds as "≥ θ",
//    typed gates as AND / OR / NOT / MAJ), weights ≠ 1 on the edges (negative
//    ones dashed and red), and one nested cluster per block path prefix, so a
//    transformer's circuit reads as layer ⊃ head ⊃ position;
//  - summary: one node per block with its gate count, edges between blocks
//    labelled with (and as thick as the log of) the number of wires — for
//    circuits too large to draw gate by gate.
// Deterministic: nodes in id order, clusters in path order.
#ifndef SATCIRC_CIRCUITS_WRITE_DOT_H_
#define SATCIRC_CIRCUITS_WRITE_DOT_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "circuits/circuit.h"

namespace satcirc::circuits {

struct DotOptions {
  bool summary = false;
  // Above this many gates the summary view is written instead (with a
  // comment saying so).
  std::int64_t max_gates = 2000;
  bool clusters = true;        // gate-by-gate view: clusters per block
  bool show_constants = true;  // gate-by-gate view: draw constant gates
  std::string rankdir = "TB";  // Graphviz rankdir: TB (inputs on top) or LR
};

std::ostream& WriteDot(std::ostream& out, const Circuit& circuit,
                       const DotOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_DOT_H_
