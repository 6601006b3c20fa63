#include "lib/engine/engine.h"

#include <cmath>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "lib/engine/arith.h"
#include "lib/engine/engine_core.h"

namespace satcirc {

using internal::ArithOverflow;
using internal::BigExactArith;
using internal::DoubleArith;
using internal::EngineCore;
using internal::FixedPointFormat;
using internal::FixedRangeError;
using internal::SmallExactArith;

absl::Status CheckExactSemantics(const Model& model) {
  if (model.layer_norm.placement != LayerNormPlacement::kNone) {
    return absl::InvalidArgumentError(
        "layer_norm: layer normalization has no exact semantics (a square "
        "root); run the model with the float engine (--engine float:C)");
  }
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

namespace {

// The two cores of an exact or fixed-point engine: int64 fractions, unless a
// weight does not fit in int64 (over the common denominator of its matrix) —
// then every run goes straight to GMP — and GMP rationals.
void MakeCores(const Model& model, const ExactEngineOptions& options,
               FixedPointFormat format,
               std::unique_ptr<EngineCore<SmallExactArith>>& small,
               std::unique_ptr<EngineCore<BigExactArith>>& big) {
  if (!options.force_big) {
    try {
      small = std::make_unique<EngineCore<SmallExactArith>>(
          model, options.fast_attention, format);
    } catch (const ArithOverflow&) {
      small.reset();
    }
  }
  big = std::make_unique<EngineCore<BigExactArith>>(
      model, options.fast_attention, format);
}

}  // namespace

absl::StatusOr<ExactEngine> ExactEngine::Create(
    const Model& model, const ExactEngineOptions& options) {
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  if (absl::Status s = CheckExactSemantics(model); !s.ok()) return s;
  ExactEngine engine;
  engine.model_ = std::make_unique<Model>(model);
  MakeCores(*engine.model_, options, {}, engine.small_, engine.big_);
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

bool ExactEngine::Accept(const automata::Word& word, double* abs_y) {
  ++stats_.runs;
  if (small_ != nullptr) {
    try {
      const SmallExactArith::Vec& y = small_->Run(word, nullptr);
      // Both int64s are exact in long double; one rounding, then one more.
      *abs_y = static_cast<double>(
          std::fabs(static_cast<long double>(y.num[0]) / y.den));
      return y.num[0] > 0;  // the denominator is positive
    } catch (const ArithOverflow&) {
    }
  }
  ++stats_.big_runs;
  const mpq_class& y = big_->Run(word, nullptr)[0];
  *abs_y = std::fabs(y.get_d());
  return sgn(y) > 0;
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

absl::StatusOr<FixedEngine> FixedEngine::Create(
    const Model& model, int frac_bits, const ExactEngineOptions& options) {
  if (frac_bits < 0 || frac_bits > kMaxFracBits) {
    return absl::InvalidArgumentError(
        absl::StrCat("fixed:", frac_bits, ": the precision must be 0 … ",
                     kMaxFracBits, " fractional bits"));
  }
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  if (absl::Status s = CheckExactSemantics(model); !s.ok()) return s;
  FixedEngine engine;
  engine.model_ = std::make_unique<Model>(model);
  engine.frac_bits_ = frac_bits;
  MakeCores(*engine.model_, options, {frac_bits, model.integer_bits},
            engine.small_, engine.big_);
  return engine;
}

FixedEngine::FixedEngine(FixedEngine&&) noexcept = default;
FixedEngine& FixedEngine::operator=(FixedEngine&&) noexcept = default;
FixedEngine::~FixedEngine() = default;

absl::Status FixedEngine::RangeError(const FixedRangeError& e,
                                     const automata::Word& word) const {
  const std::string where =
      e.layer == 0
          ? std::string("the embedding")
          : absl::StrCat(
                "layer ", e.layer, " (after the ", e.stage,
                absl::string_view(e.stage) == "mlp" ? ")" : " sublayer)");
  return absl::OutOfRangeError(absl::StrCat(
      "fixed:", frac_bits_, " on input '", model_->alphabet.Format(word),
      "': in ", where, ", feature '", model_->features[e.feature],
      "' at position ", e.position, " is ", e.value.ToString(),
      ", outside the declared range [-2^", model_->integer_bits, ", 2^",
      model_->integer_bits,
      ") (raise the model's \"integer_bits\", or use fewer fractional "
      "bits)"));
}

template <typename Core>
absl::StatusOr<Decision> FixedEngine::RunOn(Core& core,
                                            const automata::Word& word,
                                            Trace* trace) {
  try {
    using Arith = typename Core::ArithType;
    Decision d;
    d.value = Arith::ToRational(core.Run(word, trace), 0);
    d.accept = d.value.Sign() > 0;
    return d;
  } catch (const FixedRangeError& e) {
    return RangeError(e, word);
  }
}

absl::StatusOr<Decision> FixedEngine::Run(const automata::Word& word,
                                          Trace* trace) {
  ++stats_.runs;
  if (small_ != nullptr) {
    try {
      return RunOn(*small_, word, trace);
    } catch (const ArithOverflow&) {
    }
  }
  ++stats_.big_runs;
  return RunOn(*big_, word, trace);
}

absl::StatusOr<bool> FixedEngine::Accept(const automata::Word& word) {
  absl::StatusOr<Decision> d = Run(word);
  if (!d.ok()) return d.status();
  return d->accept;
}

absl::StatusOr<EngineSpec> ParseEngineSpec(absl::string_view text) {
  EngineSpec spec;
  spec.text = std::string(text);
  if (text == "exact") return spec;
  if (text == "param-limit") {
    spec.kind = EngineSpec::Kind::kParamLimit;
    return spec;
  }
  const std::string written(text);
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "engine '", written, "': ", why,
        " (engines: exact, fixed:P with P fractional bits, 0 … ",
        FixedEngine::kMaxFracBits, ", float:C with C > 0, param-limit)"));
  };
  if (absl::ConsumePrefix(&text, "fixed:")) {
    int p = 0;
    if (!absl::SimpleAtoi(text, &p) || p < 0 || p > FixedEngine::kMaxFracBits) {
      return bad("the precision is not an integer in range");
    }
    spec.kind = EngineSpec::Kind::kFixed;
    spec.frac_bits = p;
    spec.text = absl::StrCat("fixed:", p);
    return spec;
  }
  if (absl::ConsumePrefix(&text, "float:")) {
    double c = 0;
    if (!absl::SimpleAtod(text, &c) || !(c > 0) || !std::isfinite(c)) {
      return bad("the scale is not a positive finite number");
    }
    spec.kind = EngineSpec::Kind::kFloat;
    spec.scale = c;
    return spec;
  }
  return bad("unknown engine");
}

}  // namespace satcirc
