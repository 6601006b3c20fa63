#include "lib/engine.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/arith.h"
#include "lib/engine_core.h"

namespace satcirc {

using internal::ArithOverflow;
using internal::BigExactArith;
using internal::DoubleArith;
using internal::EngineCore;
using internal::SmallExactArith;

absl::Status CheckExactSemantics(const Model& model) {
  for (size_t l = 0; l < model.layers.size(); ++l) {
    for (size_t h = 0; h < model.layers[l].heads.size(); ++h) {
      const Head& head = model.layers[l].heads[h];
      if (head.mode == AttentionMode::kSoftmax) {
        return absl::InvalidArgumentError(absl::StrCat(
            "layer ", l + 1, ", head ", h + 1, head.name.empty() ? "" : " '",
            head.name, head.name.empty() ? "" : "'",
            ": mode softmax has no exact semantics; run it with the float "
            "engine "
            "(--engine float:C) or make the head saturated, hard_left or "
            "hard_right"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ExactEngine> ExactEngine::Create(
    const Model& model, const ExactEngineOptions& options) {
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  if (absl::Status s = CheckExactSemantics(model); !s.ok()) return s;
  ExactEngine engine;
  engine.model_ = std::make_unique<Model>(model);
  if (!options.force_big) {
    try {
      engine.small_ = std::make_unique<EngineCore<SmallExactArith>>(
          *engine.model_, options.fast_attention);
    } catch (const ArithOverflow&) {
      // A weight does not fit in int64 (over the common denominator of its
      // matrix): every run goes straight to GMP.
      engine.small_.reset();
    }
  }
  engine.big_ = std::make_unique<EngineCore<BigExactArith>>(
      *engine.model_, options.fast_attention);
  return engine;
}

ExactEngine::ExactEngine(ExactEngine&&) noexcept = default;
ExactEngine& ExactEngine::operator=(ExactEngine&&) noexcept = default;
ExactEngine::~ExactEngine() = default;

Decision ExactEngine::Run(const automata::Word& word, Trace* trace) {
  ++stats_.runs;
  if (small_ != nullptr) {
    try {
      const SmallExactArith::Vec& y = small_->Run(word, trace);
      Decision d;
      d.value = SmallExactArith::ToRational(y, 0);
      d.accept = d.value.Sign() > 0;
      return d;
    } catch (const ArithOverflow&) {
      // Fall through: the same input, in arbitrary precision.
    }
  }
  ++stats_.big_runs;
  const BigExactArith::Vec& y = big_->Run(word, trace);
  Decision d;
  d.value = BigExactArith::ToRational(y, 0);
  d.accept = d.value.Sign() > 0;
  return d;
}

bool ExactEngine::Accept(const automata::Word& word) {
  ++stats_.runs;
  if (small_ != nullptr) {
    try {
      return small_->Run(word, nullptr).num[0] >
             0;  // the denominator is positive
    } catch (const ArithOverflow&) {
    }
  }
  ++stats_.big_runs;
  return sgn(big_->Run(word, nullptr)[0]) > 0;
}

absl::StatusOr<DoubleEngine> DoubleEngine::Create(const Model& model) {
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  if (absl::Status s = CheckExactSemantics(model); !s.ok()) return s;
  DoubleEngine engine;
  engine.model_ = std::make_unique<Model>(model);
  engine.core_ = std::make_unique<EngineCore<DoubleArith>>(*engine.model_);
  return engine;
}

DoubleEngine::DoubleEngine(DoubleEngine&&) noexcept = default;
DoubleEngine& DoubleEngine::operator=(DoubleEngine&&) noexcept = default;
DoubleEngine::~DoubleEngine() = default;

DoubleDecision DoubleEngine::Run(const automata::Word& word) {
  const DoubleArith::Vec& y = core_->Run(word, nullptr);
  return DoubleDecision{y[0] > 0, y[0]};
}

}  // namespace satcirc
