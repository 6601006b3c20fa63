// Structural Verilog (IEEE 1364-2005): one continuous assignment per gate.
// AND/OR/NOT become &, |, ~; a threshold or majority gate becomes a signed
// 64-bit sum compare,
//     assign w7 = ((a ? 64'sd3 : 64'sd0) + (b ? -64'sd2 : 64'sd0)) >= 64'sd1;
// which is exact because the builder keeps Σ|wᵢ| within int64. With
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
