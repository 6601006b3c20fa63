// The JSON netlist (documented in docs/circuit-format.md): one line per gate,
// in id order, so the file is diffable and golden-file friendly.
#ifndef SATCIRC_CIRCUITS_WRITE_JSON_H_
#define SATCIRC_CIRCUITS_WRITE_JSON_H_

#include <ostream>

#include "circuits/circuit.h"

namespace satcirc::circuits {

struct JsonOptions {
  bool blocks = true;  // write the "block" of each gate
};

std::ostream& WriteJson(std::ostream& out, const Circuit& circuit,
                        const JsonOptions& options = {});

}  // namespace satcirc::circuits

#endif  // SATCIRC_CIRCUITS_WRITE_JSON_H_
