// The limit of a model as its attention logits grow (docs/semantics.md,
// "Limits"): every head run as softmax(c·s) tends, as c → ∞, to saturated
// attention over the same scores — uniform over the keys of maximal score.
// So the attention limit of a model is the model with every head saturated
// (softmax and hard heads alike: a hard head's softmax copy shares ties); its
// exact semantics is what the float engine approaches as c grows.
#ifndef SATCIRC_LIB_EXTRACT_LIMIT_H_
#define SATCIRC_LIB_EXTRACT_LIMIT_H_

#include "absl/status/statusor.h"
#include "lib/model/model.h"

namespace satcirc::extract {

struct LimitStats {
  int softmax_heads = 0;    // made saturated
  int hard_heads = 0;       // made saturated
  int saturated_heads = 0;  // saturated already
};

// The attention limit, named NAME-limit, its description saying how it was
// made. FailedPrecondition for a model with layer norm: the exact semantics
// has none, so its limit has no exact model.
absl::StatusOr<Model> AttentionLimit(const Model& model,
                                     LimitStats* stats = nullptr);

}  // namespace satcirc::extract

#endif  // SATCIRC_LIB_EXTRACT_LIMIT_H_
