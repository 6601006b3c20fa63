// What an engine saw while it ran one input: the named features at every
// position after the embedding and after every layer, and which positions every
// head attended.
#ifndef SATCIRC_LIB_TRACE_H_
#define SATCIRC_LIB_TRACE_H_

#include <ostream>
#include <string>
#include <vector>

#include "lib/model.h"
#include "lib/rational.h"

namespace satcirc {

struct HeadTrace {
  // attended[p]: the positions head attends from position p, ascending (empty
  // when the mask is empty). Saturated heads average them; hard heads hold one.
  std::vector<std::vector<int>> attended;
};

struct LayerTrace {
  std::vector<HeadTrace> heads;
  // residual[p][f] after the layer's attention and MLP.
  std::vector<std::vector<Rational>> residual;
};

struct Trace {
  std::vector<std::string> tokens;               // per position
  std::vector<std::vector<Rational>> embedding;  // [p][f]
  std::vector<LayerTrace> layers;
  int readout_position = -1;  // -1 for an empty sequence (y = bias)
  Rational readout_value;
  bool accept = false;
};

enum class TraceFormat { kText, kJson };

struct TraceWriteOptions {
  TraceFormat format = TraceFormat::kText;
};

// Text: one table per stage, features as rows and positions as columns, then
// one line per head with the positions each position attended. JSON: the same
// data.
std::ostream& WriteTrace(std::ostream& out, const Model& model,
                         const Trace& trace,
                         const TraceWriteOptions& options = {});

// "0-4", "1,3,5-7": ascending positions in compact form.
std::string FormatPositions(const std::vector<int>& positions);

}  // namespace satcirc

#endif  // SATCIRC_LIB_TRACE_H_
