#include "lib/experiments/saturate.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/parallel.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/engine/param_limit.h"

namespace satcirc {
namespace {

using internal::ForChunks;
using internal::ThreadsFor;

// What a decider answers on each word: 0 rejects, 1 accepts, kFailed for a
// float run that met a NaN or an infinity (never the language's answer).
constexpr std::uint8_t kFailed = 2;
using Answers = std::vector<std::uint8_t>;

// decide(worker, word) on every word, on `threads` workers.
template <typename Decide>
Answers AnswersOf(const std::vector<automata::Word>& words, int threads,
                  const Decide& decide) {
  Answers out(words.size(), kFailed);
  ForChunks(
      words.size(), threads, [] { return UINT64_MAX; },
      [&](int w, std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t i = begin; i < end; ++i) {
          out[i] = decide(w, words[i]);
        }
      });
  return out;
}

// One engine per worker, each made by make().
template <typename Engine, typename Make>
absl::StatusOr<std::vector<Engine>> EnginesFor(int threads, const Make& make) {
  std::vector<Engine> engines;
  for (int t = 0; t < threads; ++t) {
    absl::StatusOr<Engine> e = make();
    if (!e.ok()) return e.status();
    engines.push_back(*std::move(e));
  }
  return engines;
}

// float:c's answers (kFailed where a run meets a NaN or an infinity).
absl::StatusOr<Answers> FloatAnswers(const Model& model, double c,
                                     const std::vector<automata::Word>& words,
                                     int threads) {
  absl::StatusOr<std::vector<FloatEngine>> engines = EnginesFor<FloatEngine>(
      threads, [&] { return FloatEngine::Create(model, {.scale = c}); });
  if (!engines.ok()) return engines.status();
  return AnswersOf(words, threads, [&](int w, const automata::Word& word) {
    absl::StatusOr<FloatDecision> d = (*engines)[w].Run(word);
    return d.ok() ? static_cast<std::uint8_t>(d->accept) : kFailed;
  });
}

// The exact engine's answers on a model it covers.
absl::StatusOr<Answers> ExactAnswers(const Model& model,
                                     const std::vector<automata::Word>& words,
                                     int threads) {
  absl::StatusOr<std::vector<ExactEngine>> engines = EnginesFor<ExactEngine>(
      threads, [&] { return ExactEngine::Create(model); });
  if (!engines.ok()) return engines.status();
  return AnswersOf(words, threads, [&](int w, const automata::Word& word) {
    return static_cast<std::uint8_t>((*engines)[w].Accept(word));
  });
}

// The parameter limit's answers (one engine serves every worker: Run is
// const).
absl::StatusOr<Answers> ParamLimitAnswers(
    const Model& model, const std::vector<automata::Word>& words, int threads) {
  absl::StatusOr<ParamLimitEngine> engine = ParamLimitEngine::Create(model);
  if (!engine.ok()) return engine.status();
  return AnswersOf(words, threads, [&](int, const automata::Word& word) {
    return static_cast<std::uint8_t>(engine->Run(word).accept);
  });
}

// The share of the answers that are the language's; 1 for no strings.
double Share(const Answers& answers, const Answers& truth) {
  if (truth.empty()) return 1;
  std::uint64_t right = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    right += answers[i] == truth[i];
  }
  return static_cast<double>(right) / static_cast<double>(truth.size());
}

absl::Status CheckAccuracyInput(const Model& model, int n,
                                const StringSet& strings) {
  if (strings.language == nullptr) {
    return absl::InvalidArgumentError(
        "accuracy: no language to measure against");
  }
  if (!(strings.language->alphabet() == model.alphabet)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the model's alphabet {", model.alphabet.symbols(),
                     "} is not the language's {",
                     strings.language->alphabet().symbols(), "}"));
  }
  return CheckFloatExperimentLength(n);
}

// float:1 on the model scaled by each c, and the parameter limit.
absl::Status MeasureParameterAccuracy(const Model& model,
                                      const std::vector<automata::Word>& words,
                                      const Answers& truth, int threads,
                                      LanguageAccuracy& acc) {
  for (double c : acc.scales) {
    absl::StatusOr<Answers> answers = FloatAnswers(
        ScaleParameters(model, Rational(mpq_class(c))), 1, words, threads);
    if (!answers.ok()) return answers.status();
    acc.param_float_accuracy.push_back(Share(*answers, truth));
  }
  absl::StatusOr<Answers> answers = ParamLimitAnswers(model, words, threads);
  if (!answers.ok()) return answers.status();
  acc.param_limit_accuracy = Share(*answers, truth);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LanguageAccuracy> MeasureLanguageAccuracy(
    const Model& model, int n, const std::vector<double>& scales,
    const StringSet& strings, int threads, bool parameters) {
  if (absl::Status s = CheckAccuracyInput(model, n, strings); !s.ok()) return s;
  LanguageAccuracy acc{.n = n, .scales = scales};
  absl::StatusOr<std::vector<automata::Word>> words =
      ExperimentStrings(model, n, strings, &acc.exhaustive);
  if (!words.ok()) return words.status();
  acc.strings = words->size();
  Answers truth;
  for (const automata::Word& w : *words) {
    truth.push_back(strings.language->Contains(w));
  }
  threads = ThreadsFor(threads);
  for (double c : scales) {
    absl::StatusOr<Answers> answers = FloatAnswers(model, c, *words, threads);
    if (!answers.ok()) return answers.status();
    acc.float_accuracy.push_back(Share(*answers, truth));
  }
  const Model limit = SaturatedLimit(model);
  if (CheckExactSemantics(limit).ok()) {
    absl::StatusOr<Answers> answers = ExactAnswers(limit, *words, threads);
    if (!answers.ok()) return answers.status();
    acc.limit_accuracy = Share(*answers, truth);
  }
  if (!parameters || model.layer_norm.placement != LayerNormPlacement::kNone) {
    return acc;
  }
  if (absl::Status s =
          MeasureParameterAccuracy(model, *words, truth, threads, acc);
      !s.ok()) {
    return s;
  }
  return acc;
}

namespace {

// c*(n) at each length, with the fit over the lengths above the floor (their
// values are only upper bounds), and the accuracy at each length.
absl::Status MeasureLengths(const Model& model, const SaturateOptions& options,
                            const std::function<void()>& step,
                            SaturationReport& r) {
  ScaleOptions scale_options;
  scale_options.strings = options.strings;
  scale_options.threads = options.threads;
  std::vector<double> xs, ys;
  for (int n : options.lengths) {
    absl::StatusOr<ScaleResult> c = FindScale(model, n, scale_options);
    if (!c.ok()) return c.status();
    if (c->scale && c->at_floor) ++r.at_floor;
    if (c->scale && !c->at_floor && n >= 2) {
      xs.push_back(n);
      ys.push_back(*c->scale);
    }
    r.scales.push_back(*std::move(c));
    if (options.strings.language != nullptr) {
      absl::StatusOr<LanguageAccuracy> acc =
          MeasureLanguageAccuracy(model, n, options.scales, options.strings,
                                  options.threads, options.parameters);
      if (!acc.ok()) return acc.status();
      r.accuracy.push_back(*std::move(acc));
    }
    step();
  }
  r.fit = FitPowerLaw(xs, ys);
  return absl::OkStatus();
}

// The metrics at metrics_length, and the accuracy there.
absl::Status MeasureAtMetricsLength(const Model& model,
                                    const SaturateOptions& options,
                                    SaturationReport& r) {
  const int n = options.metrics_length;
  absl::StatusOr<std::vector<SaturationMetrics>> m =
      MeasureSaturation(model, n, options.scales, options.strings);
  if (!m.ok()) return m.status();
  r.metrics = *std::move(m);
  if (options.strings.language == nullptr) return absl::OkStatus();
  for (const LanguageAccuracy& acc : r.accuracy) {
    if (acc.n == n) {
      r.metrics_accuracy = acc;
      return absl::OkStatus();
    }
  }
  absl::StatusOr<LanguageAccuracy> acc =
      MeasureLanguageAccuracy(model, n, options.scales, options.strings,
                              options.threads, options.parameters);
  if (!acc.ok()) return acc.status();
  r.metrics_accuracy = *std::move(acc);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SaturationReport> MeasureSaturate(
    const Model& model, const SaturateOptions& options,
    const std::function<void()>& step) {
  SaturationReport r;
  if (absl::Status s = MeasureLengths(model, options, step, r); !s.ok()) {
    return s;
  }
  if (absl::Status s = MeasureAtMetricsLength(model, options, r); !s.ok()) {
    return s;
  }
  step();
  return r;
}

}  // namespace satcirc
