// Port names for the netlist formats (BLIF, Verilog, AIGER symbols) whose
// identifiers are more restricted than our input and output names.
#ifndef SATCIRC_CIRCUITS_NAMES_H_
#define SATCIRC_CIRCUITS_NAMES_H_

#include <string>
#include <vector>

#include "circuits/circuit.h"

namespace satcirc::circuits {

struct PortNames {
  std::vector<std::string> inputs;   // in Circuit::inputs() order
  std::vector<std::string> outputs;  // in Circuit::outputs() order
};

// Identifiers [A-Za-z_][A-Za-z0-9_]*: every other character becomes '_'
// ("x[3][1]" → "x_3__1_"), a leading digit, a Verilog keyword or a name of
// the form w<digit>[0-9_]* (our internal nets: w<id>, and w<id>_<k> inside a
// BLIF gate split for width) gets a "p_" prefix, and repeats get "_2", "_3",
// …. Deterministic; all names distinct.
PortNames MakePortNames(const Circuit& circuit);

// The name of every gate's net, by id: an input's port name, else "w<id>".
std::vector<std::string> NetNames(const Circuit& circuit,
                                  const PortNames& ports);

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_NAMES_H_
