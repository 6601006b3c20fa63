#include "lib/extract/limit.h"

#include "absl/strings/str_cat.h"
#include "lib/engine/float_engine.h"

namespace satcirc::extract {

absl::StatusOr<Model> AttentionLimit(const Model& model, LimitStats* stats) {
  if (model.layer_norm.placement != LayerNormPlacement::kNone) {
    return absl::FailedPreconditionError(absl::StrCat(
        model.name,
        " has layer normalization, which the exact semantics does not have: "
        "its limit has no exact model (float:C at a large C approaches it)"));
  }
  LimitStats local;
  LimitStats& s = stats ? *stats : local;
  s = {};
  for (const Layer& layer : model.layers) {
    for (const Head& h : layer.heads) {
      s.softmax_heads += h.mode == AttentionMode::kSoftmax;
      s.hard_heads += h.mode == AttentionMode::kHardLeft ||
                      h.mode == AttentionMode::kHardRight;
      s.saturated_heads += h.mode == AttentionMode::kSaturated;
    }
  }
  Model limit = SaturatedLimit(model);
  limit.name = absl::StrCat(model.name, "-limit");
  limit.description = absl::StrCat(
      "The attention limit of ", model.name,
      ": every head saturated, the c → ∞ limit of softmax(c·s) (satcirc "
      "limit).",
      model.description.empty() ? "" : " ", model.description);
  return limit;
}

}  // namespace satcirc::extract
