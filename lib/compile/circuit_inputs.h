// The inputs of a compiled circuit read back from their names
// (lib/compile/compile.h): n positions of k symbols, input i·k + s named
// x[i][s] — or x_i__s_, the port name BLIF, Verilog and AIGER files carry
// (circuits/names.h) — so that a circuit file can be run on a word without its
// model (satcirc simulate).
#ifndef SATCIRC_LIB_COMPILE_CIRCUIT_INPUTS_H_
#define SATCIRC_LIB_COMPILE_CIRCUIT_INPUTS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "circuits/circuit.h"

namespace satcirc {

struct TokenLayout {
  int length = 0;   // n
  int symbols = 0;  // k, the alphabet's size (0 when n = 0)
};

// Errors name the first input out of place ("input 3 is named 'x[0][3]';
// expected x[1][0] ..."): the inputs must be exactly x[0][0], x[0][1], …,
// x[n−1][k−1] in this order, as Compile makes them.
absl::StatusOr<TokenLayout> ReadTokenLayout(const circuits::Circuit& circuit);

// The assignment for a word of length layout.length over an alphabet of
// layout.symbols symbols: input i·k + s is [word[i] = s].
std::vector<bool> EncodeTokens(const TokenLayout& layout,
                               const automata::Word& word);

}  // namespace satcirc

#endif  // SATCIRC_LIB_COMPILE_CIRCUIT_INPUTS_H_
