// ValidateOptions: every option's range, named as the command's flag.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "lib/experiments/experiments.h"
#include "lib/train/train.h"

namespace satcirc::train {
namespace {

absl::Status Range(const char* flag, double value, double lo, double hi) {
  if (value >= lo && value <= hi) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " ", value, ": expected ", lo, " … ", hi));
}

absl::Status ValidateArchitecture(const Architecture& a) {
  for (absl::Status s :
       {Range("layers", a.layers, 1, 16), Range("heads", a.heads, 1, 16),
        Range("width", a.width, 1, 1024),
        Range("head-dim", a.head_dim, 1, 1024),
        Range("mlp", a.mlp_width, 0, 4096)}) {
    if (!s.ok()) return s;
  }
  if (a.mask != Mask::kNone && a.mask != Mask::kCausal) {
    return absl::InvalidArgumentError(
        absl::StrCat("--mask ", MaskName(a.mask),
                     ": expected none or causal (a strict or "
                     "future mask leaves a position with no key)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateProtocol(const Protocol& p) {
  if (p.train_min < 0 || p.train_max < p.train_min) {
    return absl::InvalidArgumentError(
        absl::StrCat("--train-lengths ", p.train_min, "..", p.train_max,
                     ": expected a non-empty range of lengths ≥ 0"));
  }
  if (p.test_max >= p.test_min &&
      (p.test_min < 0 || p.test_max > kMaxFloatExperimentLength)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--test-lengths ", p.test_min, "..", p.test_max,
                     ": expected lengths 0 … ", kMaxFloatExperimentLength,
                     " (every score is computed, O(n²) per head)"));
  }
  return Range("test-samples", p.test_samples, 1, 1 << 20);
}

}  // namespace

absl::Status ValidateOptions(const automata::Language& language,
                             const Options& o) {
  if (absl::Status s = ValidateArchitecture(o.architecture); !s.ok()) return s;
  if (absl::Status s = ValidateProtocol(o.protocol); !s.ok()) return s;
  for (absl::Status s :
       {Range("steps", o.steps, 0, 1e9), Range("batch", o.batch, 1, 1 << 20),
        Range("threads", o.threads, 1, 256),
        Range("log-every", o.log_every, 1, 1e9),
        Range("save-every", o.save_every, 0, 1e9)}) {
    if (!s.ok()) return s;
  }
  if (!(o.learning_rate > 0) || !std::isfinite(o.learning_rate)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--lr ", o.learning_rate, ": expected a positive finite number"));
  }
  if (!(o.weight_decay >= 0) || !std::isfinite(o.weight_decay)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--weight-decay ", o.weight_decay, ": expected a finite number ≥ 0"));
  }
  if (o.directory.empty()) {
    return absl::InvalidArgumentError("-o DIRECTORY is required");
  }
  if (language.alphabet().size() < 1) {
    return absl::InvalidArgumentError("the language has an empty alphabet");
  }
  return absl::OkStatus();
}

}  // namespace satcirc::train
