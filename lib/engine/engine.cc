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
using internal::WideExactArith;

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

namespace internal {

// The cores of an exact or fixed-point engine, tried in this order on each
// input: int64 fractions, __int128 fractions, GMP rationals. An integer core
// is missing when a weight does not fit its type (then every run starts at the
// next one).
struct ExactCores {
  std::unique_ptr<EngineCore<SmallExactArith>> small;
  std::unique_ptr<EngineCore<WideExactArith>> wide;
  std::unique_ptr<EngineCore<BigExactArith>> big;

  ExactCores(const Model& model, const ExactEngineOptions& options,
             FixedPointFormat format) {
    if (!options.force_big) {
      small = MakeCore<SmallExactArith>(model, options, format);
      wide = MakeCore<WideExactArith>(model, options, format);
    }
    big = std::make_unique<EngineCore<BigExactArith>>(
        model, options.fast_attention, format);
  }
  template <typename Arith>
  static std::unique_ptr<EngineCore<Arith>> MakeCore(
      const Model& model, const ExactEngineOptions& options,
      FixedPointFormat format) {
    try {
      return std::make_unique<EngineCore<Arith>>(model, options.fast_attention,
                                                 format);
    } catch (const ArithOverflow&) {
      return nullptr;
    }
  }
  // f(core, arith) on the first core whose integers hold every value of the
  // run (f is called with a default-constructed Arith to name the type).
  // A model whose values leave int64 on every input (a rounded two-layer
  // network) would pay for the int64 attempt each time: after kGiveUp
  // overflows in a row, the next kSkip runs start on 128 bits. Only the time
  // depends on it, never a value.
  static constexpr int kGiveUp = 8, kSkip = 256;
  int small_overflows = 0, skip_small = 0;

  template <typename F>
  auto Run(ExactStats& stats, F&& f) {
    ++stats.runs;
    if (small != nullptr && (wide == nullptr || skip_small == 0)) {
      try {
        auto result = f(*small, SmallExactArith{});
        small_overflows = 0;
        return result;
      } catch (const ArithOverflow&) {
        // Fall through: the same input on wider integers.
        if (++small_overflows >= kGiveUp) skip_small = kSkip;
      }
    } else if (skip_small > 0) {
      --skip_small;
    }
    if (wide != nullptr) {
      try {
        auto result = f(*wide, WideExactArith{});
        ++stats.wide_runs;
        return result;
      } catch (const ArithOverflow&) {
        // Fall through: the same input in arbitrary precision.
      }
    }
    ++stats.big_runs;
    return f(*big, BigExactArith{});
  }
};

}  // namespace internal

namespace {

// y's sign and magnitude from an integer core's fraction, without a GMP
// rational: the numerator and denominator in long double, one rounding each,
// then one more to double.
template <typename Vec>
bool SignAndMagnitude(const Vec& y, double* abs_y) {
  if constexpr (requires { y.num; }) {
    *abs_y = static_cast<double>(std::fabs(static_cast<long double>(y.num[0]) /
                                           static_cast<long double>(y.den)));
    return y.num[0] > 0;  // the denominator is positive
  } else {
    *abs_y = std::fabs(y[0].get_d());
    return sgn(y[0]) > 0;
  }
}

}  // namespace

absl::StatusOr<ExactEngine> ExactEngine::Create(
    const Model& model, const ExactEngineOptions& options) {
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  if (absl::Status s = CheckExactSemantics(model); !s.ok()) return s;
  ExactEngine engine;
  engine.model_ = std::make_unique<Model>(model);
  engine.cores_ = std::make_unique<internal::ExactCores>(
      *engine.model_, options, FixedPointFormat{});
  return engine;
}

ExactEngine::ExactEngine(ExactEngine&&) noexcept = default;
ExactEngine& ExactEngine::operator=(ExactEngine&&) noexcept = default;
ExactEngine::~ExactEngine() = default;

Decision ExactEngine::Run(const automata::Word& word, Trace* trace) {
  return cores_->Run(stats_, [&](auto& core, auto arith) {
    Decision d;
    d.value = decltype(arith)::ToRational(core.Run(word, trace), 0);
    d.accept = d.value.Sign() > 0;
    return d;
  });
}

bool ExactEngine::Accept(const automata::Word& word) {
  return cores_->Run(stats_, [&](auto& core, auto) {
    const auto& y = core.Run(word, nullptr);
    if constexpr (requires { y.num; }) {
      return y.num[0] > 0;  // the denominator is positive
    } else {
      return sgn(y[0]) > 0;
    }
  });
}

bool ExactEngine::Accept(const automata::Word& word, double* abs_y) {
  return cores_->Run(stats_, [&](auto& core, auto) {
    return SignAndMagnitude(core.Run(word, nullptr), abs_y);
  });
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
  engine.cores_ = std::make_unique<internal::ExactCores>(
      *engine.model_, options, FixedPointFormat{frac_bits, model.integer_bits});
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

absl::StatusOr<Decision> FixedEngine::Run(const automata::Word& word,
                                          Trace* trace) {
  return cores_->Run(
      stats_, [&](auto& core, auto arith) -> absl::StatusOr<Decision> {
        try {
          Decision d;
          d.value = decltype(arith)::ToRational(core.Run(word, trace), 0);
          d.accept = d.value.Sign() > 0;
          return d;
        } catch (const FixedRangeError& e) {
          return RangeError(e, word);
        }
      });
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
