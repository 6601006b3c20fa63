// The model file format (docs/model-format.md): JSON, weights exact.
#ifndef SATCIRC_LIB_MODEL_MODEL_IO_H_
#define SATCIRC_LIB_MODEL_MODEL_IO_H_

#include <istream>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/model/model.h"

namespace satcirc {

inline constexpr absl::string_view kModelFormatTag = "satcirc-model/1";

// Limits of ReadModel beyond those of every JSON document (lib/base/json.h:
// nesting, bytes, values; docs/limits.md). The token embedding is allocated
// as tokens × features before its rows are read.
inline constexpr int kMaxFeatures = 1 << 14;

// Reads and validates a model; a stream longer than json::kMaxBytes is
// refused without being read to its end. `source` names the input in error
// messages ("examples/models/majority.json: layer 1, head 1 'mean': W_Q has 3
// columns,
// ...").
absl::StatusOr<Model> ReadModel(std::istream& in, absl::string_view source);
absl::StatusOr<Model> ReadModelFromString(absl::string_view text,
                                          absl::string_view source);

struct ModelWriteOptions {
  // Indentation step in spaces.
  int indent = 2;
};

// Writes the model deterministically: keys in a fixed order, one matrix row per
// line, integers as JSON numbers and other rationals as strings such as "1/3".
// ReadModel(WriteModel(m)) == m.
std::ostream& WriteModel(std::ostream& out, const Model& model,
                         const ModelWriteOptions& options = {});
std::string WriteModelToString(const Model& model,
                               const ModelWriteOptions& options = {});

}  // namespace satcirc

#endif  // SATCIRC_LIB_MODEL_MODEL_IO_H_
