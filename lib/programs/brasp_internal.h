// Internal to lib/programs: what the interpreter and the compiler share.
#ifndef SATCIRC_LIB_PROGRAMS_BRASP_INTERNAL_H_
#define SATCIRC_LIB_PROGRAMS_BRASP_INTERNAL_H_

#include <functional>
#include <vector>

#include "lib/programs/brasp.h"

namespace satcirc::programs {

// The value of a leaf (Q(a) or a vector, at its side).
using LeafValue = std::function<bool(const BExpr& leaf)>;

// e with its leaves' values given by `leaf`.
bool EvalWith(const BExpr& e, const LeafValue& leaf);

// The leaves of e (Q(a) and vectors), in reading order, repeats included.
void CollectLeaves(const BExpr& e, std::vector<const BExpr*>& out);

}  // namespace satcirc::programs

#endif  // SATCIRC_LIB_PROGRAMS_BRASP_INTERNAL_H_
