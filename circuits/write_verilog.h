// Structural Verilog (IEEE 1364-2005): one continuous assignment per gate.
// AND/OR/NOT become &, |, ~; a threshold or majority gate becomes a signed
// sum compare just wide enough that it cannot wrap (bit_width(max(Σ|wᵢ|, |θ|))
// + 1 bits, at most 64, as Σ|wᵢ| fits in int64),
//     assign w7 = ((a ? 4'sd3 : 4'sd0) + (b ? -4'sd2 : 4'sd0)) >= 4'sd1;
// With
// lower_thresholds, the circuit is first lowered (lower.h) and only &, |, ~
// appear. Port names come from MakePortNames (names.h).
#ifndef SATCIRC_CIRCUITS_WRITE_VERILOG_H_
#define SATCIRC_CIRCUITS_WRITE_VERILOG_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "circuits/circuit.h"

namespace satcirc::circuits {

struct VerilogOptions {
  std::string module_name = "circuit";
  bool lower_thresholds = false;
};

// Errors only if lowering fails (it does not for a valid circuit).
absl::Status WriteVerilog(std::ostream& out, const Circuit& circuit,
                          const VerilogOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_VERILOG_H_
