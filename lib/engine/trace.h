// What an engine saw while it ran one input: the named features at every
// position after the embedding and after every layer, and which positions every
// head attended.
#ifndef SATCIRC_LIB_ENGINE_TRACE_H_
#define SATCIRC_LIB_ENGINE_TRACE_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "lib/base/rational.h"
#include "lib/model/model.h"

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

// The size of a trace of `model` on an input of n symbols, before it is made:
// its values (d features at each position after the embedding and after each
// layer) plus, per head and position, the keys its mask admits (one for a hard
// head whose scores all tie). A trace computes every score of every head
// (ExactEngine's all-scores path), and a saturated head may attend all of
// them, so this bounds both its memory and its time: O(n²) per head.
std::int64_t EstimateTraceEntries(const Model& model, int n);
// The keys a head's mask admits summed over a sequence of `total` positions:
// total² (none), total(total + 1)/2 (causal), total(total − 1)/2 (strict,
// future).
std::int64_t KeysInMasks(Mask mask, std::int64_t total);
// The most entries satcirc run --trace builds (a few hundred MB at most).
inline constexpr std::int64_t kMaxTraceEntries = 10'000'000;

}  // namespace satcirc

#endif  // SATCIRC_LIB_ENGINE_TRACE_H_
