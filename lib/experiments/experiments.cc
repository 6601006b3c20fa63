#include "lib/experiments/experiments.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <mutex>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "automata/enumerate.h"
#include "automata/lengths.h"
#include "automata/sample.h"
#include "lib/base/parallel.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"

namespace satcirc {
namespace {

using internal::ForChunks;
using internal::ThreadsFor;

}  // namespace

absl::Status CheckFloatExperimentLength(int n) {
  if (n <= kMaxFloatExperimentLength) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "length ", n,
      ": the float experiments stop at n = ", kMaxFloatExperimentLength,
      " (softmax computes every score, O(n²) per head and string; at this "
      "length one scale would take hours)"));
}

namespace {

// The first string (by index) that float:c decides otherwise than `truth`
// says, with float:c's readout on it (NaN when the engine failed); index
// UINT64_MAX when every string agrees.
struct Disagreement {
  std::uint64_t index = UINT64_MAX;
  double float_value = NAN;
};

absl::StatusOr<Disagreement> FirstDisagreement(
    const Model& model, double c, const std::vector<automata::Word>& words,
    const std::vector<std::uint8_t>& truth, int threads) {
  std::vector<FloatEngine> engines;
  for (int t = 0; t < threads; ++t) {
    absl::StatusOr<FloatEngine> e = FloatEngine::Create(model, {.scale = c});
    if (!e.ok()) return e.status();
    engines.push_back(*std::move(e));
  }
  std::atomic<std::uint64_t> first{UINT64_MAX};
  std::mutex mu;
  Disagreement found;  // guarded by mu
  ForChunks(
      words.size(), threads, [&] { return first.load(); },
      [&](int w, std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t i = begin; i < end && i < first.load(); ++i) {
          absl::StatusOr<FloatDecision> d = engines[w].Run(words[i]);
          if (!d.ok() || d->accept != static_cast<bool>(truth[i])) {
            std::lock_guard<std::mutex> lock(mu);
            if (i < first.load()) {
              first = i;
              found = {i, d.ok() ? d->value : NAN};
            }
            break;
          }
        }
      });
  return found;
}

// ζ(a): uniform over the (near-)maximal scores.
void SaturatedRow(std::span<const double> scores, std::vector<double>& out) {
  double best = -INFINITY;
  for (double s : scores) best = std::max(best, s);
  const double tol = 1e-9 * (1 + std::fabs(best));
  int count = 0;
  for (double s : scores) count += s >= best - tol;
  out.assign(scores.size(), 0);
  for (size_t q = 0; q < scores.size(); ++q) {
    if (scores[q] >= best - tol) out[q] = 1.0 / count;
  }
}

class SaturationObserver : public FloatObserver {
 public:
  explicit SaturationObserver(const Model& model) {
    for (const Layer& l : model.layers) {
      sums_.emplace_back(l.heads.size(), 0.0);
      counts_.emplace_back(l.heads.size(), 0);
    }
  }
  void OnAttentionRow(int layer, int head, int, std::span<const double> scores,
                      std::span<const double> weights) override {
    SaturatedRow(scores, zeta_);
    double l1 = 0;
    for (size_t q = 0; q < weights.size(); ++q) {
      l1 += std::fabs(weights[q] - zeta_[q]);
    }
    sums_[layer - 1][head] += l1;
    ++counts_[layer - 1][head];
  }
  void OnLayerOutput(int layer,
                     const std::vector<std::vector<double>>& x) override {
    if (outputs_.size() < static_cast<size_t>(layer)) outputs_.resize(layer);
    outputs_[layer - 1] = x;
  }
  std::vector<std::vector<double>> sums_;
  std::vector<std::vector<std::int64_t>> counts_;
  std::vector<std::vector<std::vector<double>>> outputs_;  // of the last run

 private:
  std::vector<double> zeta_;
};

double Cosine(const std::vector<double>& a, const std::vector<double>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  if (aa == 0 && bb == 0) return 1;  // both zero: the same state
  if (aa == 0 || bb == 0) return 0;
  return ab / std::sqrt(aa * bb);
}

// Multiply-adds of one float-engine run on a string of length n: keys and
// values at every position, then per query position the scores, their
// exponentials (counted as 3) and the weighted sum, the output projection
// and the MLP; the last layer only at the readout position; and per layer
// and position the copies of the residual stream and their allocations
// (counted as 4·d + 100), which dominate for small models.
double FloatRunOps(const Model& model, int n) {
  const double total = n + (model.bos ? 1 : 0) + (model.eos ? 1 : 0);
  const double d = std::max(1, model.dim());
  double ops = total * d;  // the embedding
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    const Layer& layer = model.layers[l];
    const double queries = l + 1 == model.layers.size() ? 1 : total;
    for (const Head& h : layer.heads) {
      const double dk = std::max(1, h.w_q.rows), dv = std::max(1, h.w_v.rows);
      ops += total * d * (dk + dv) +
             queries * (d * dk + total * (dk + 3 + dv) + dv * d);
    }
    ops += queries * 2 * layer.mlp.hidden() * d + total * (4 * d + 100);
  }
  return ops + d;
}

// Seconds per counted operation of the float engine on one core, fitted on
// the development machine: on zoo:parity, dyck1, majority, anbn and
// dyck2-depth3 at n = 8 … 256 the estimate is 0.7–5 times the measured time
// (mostly 1–3: it errs long, so a refusal is never for a run that would
// have been quick).
constexpr double kFloatSecondsPerOp = 2.5e-9;

double Logistic(double t, double y) {
  // log(1 + e^{−t·y}), stably.
  const double z = -t * y;
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

Rational Perturb(const Rational& r, double eps) {
  return Rational(mpq_class(r.ToDouble() + eps));
}

}  // namespace

ExperimentCost EstimateExperimentCost(const Model& model, int n,
                                      const StringSet& set) {
  ExperimentCost cost;
  const std::optional<std::uint64_t> count =
      automata::NumWords(model.alphabet.size(), n);
  cost.exhaustive = count && *count <= set.exhaustive_limit;
  cost.strings = cost.exhaustive
                     ? static_cast<double>(*count)
                     : static_cast<double>(std::max(0, set.samples));
  // A word is a vector: its header, and its symbols in a heap block of at
  // least 16 bytes with the allocator's 16 more.
  cost.bytes = cost.strings * (sizeof(automata::Word) + std::max(16, n) + 16);
  cost.pass_seconds = cost.strings * FloatRunOps(model, n) * kFloatSecondsPerOp;
  return cost;
}

std::string DurationText(double seconds) {
  if (seconds < 60) return absl::StrFormat("%.2g s", seconds);
  if (seconds < 3600) return absl::StrFormat("%.2g min", seconds / 60);
  if (seconds < 86400 * 2) return absl::StrFormat("%.2g h", seconds / 3600);
  if (seconds < 86400 * 365 * 2) {
    return absl::StrFormat("%.3g days", seconds / 86400);
  }
  return absl::StrFormat("%.3g years", seconds / (86400 * 365));
}

std::string BytesText(double bytes) {
  static constexpr const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB",
                                           "TiB",   "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) {
    bytes /= 1024;
    ++u;
  }
  return absl::StrFormat("%.3g %s", bytes, kUnits[u]);
}

absl::Status CheckExperimentTime(double seconds, const std::string& what,
                                 const std::string& detail,
                                 const std::string& advice) {
  if (seconds <= kMaxExperimentSeconds) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat(what, " is estimated at ", DurationText(seconds),
                   " on one core (", detail, "), over the limit of ",
                   DurationText(kMaxExperimentSeconds), ": ", advice));
}

absl::StatusOr<std::vector<automata::Word>> ExperimentStrings(
    const Model& model, int n, const StringSet& set, bool* exhaustive) {
  if (n < 0 || n > automata::kMaxLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "length ", n, " is out of range (0 ... ", automata::kMaxLength, ")"));
  }
  const ExperimentCost cost = EstimateExperimentCost(model, n, set);
  if (cost.bytes > kMaxExperimentBytes) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "n = %d: %s %.4g strings would take %s in memory, over the limit of "
        "%s (%s)",
        n, cost.exhaustive ? "all" : "a sample of", cost.strings,
        BytesText(cost.bytes), BytesText(kMaxExperimentBytes),
        cost.exhaustive ? "lower --exhaustive-limit to sample instead"
                        : "lower --samples"));
  }
  const int k = model.alphabet.size();
  const std::optional<std::uint64_t> count = automata::NumWords(k, n);
  *exhaustive = cost.exhaustive;
  std::vector<automata::Word> words;
  if (*exhaustive) {
    automata::Word w(n, 0);
    for (std::uint64_t i = 0; i < *count; ++i) {
      words.push_back(w);
      automata::NextWord(k, w);
    }
    return words;
  }
  if (set.language != nullptr) {
    if (!(set.language->alphabet() == model.alphabet)) {
      return absl::InvalidArgumentError(
          absl::StrCat("the model's alphabet {", model.alphabet.symbols(),
                       "} is not the language's {",
                       set.language->alphabet().symbols(), "}"));
    }
    CheckOptions co;
    co.samples = set.samples;
    co.seed = set.seed;
    return SampleCheckWords(*set.language, n, co);
  }
  std::mt19937_64 rng(LengthSeed(set.seed, n, 6));
  for (int i = 0; i < set.samples; ++i) {
    words.push_back(automata::SampleUniformWord(model.alphabet, n, rng));
  }
  return words;
}

namespace {

// The model whose exact decisions float:c is compared with: the model
// itself, or, when the exact engine does not cover it (softmax heads: a
// trained network), its saturated limit.
absl::StatusOr<ExactEngine> ReferenceEngine(const Model& model) {
  if (CheckExactSemantics(model).ok()) return ExactEngine::Create(model);
  const Model limit = SaturatedLimit(model);
  if (CheckExactSemantics(limit).ok()) return ExactEngine::Create(limit);
  return CheckExactSemantics(model);
}

// The search of FindScale over `agrees` (true when float:c decides every
// string as the reference does): doubling from min_scale, then bisection.
absl::Status SearchScale(
    const ScaleOptions& options,
    const std::function<absl::StatusOr<bool>(double)>& agrees,
    ScaleResult& result) {
  double lo = 0, hi = options.min_scale;
  while (true) {
    absl::StatusOr<bool> ok = agrees(hi);
    if (!ok.ok()) return ok.status();
    if (*ok) break;
    lo = hi;
    hi *= 2;
    if (hi > options.max_scale) return absl::OkStatus();  // no scale found
  }
  if (lo == 0) {
    result.at_floor = true;
    result.witness.reset();
    result.scale = hi;
    return absl::OkStatus();
  }
  while (hi / lo > 1 + options.tolerance) {
    const double mid = std::sqrt(lo * hi);
    absl::StatusOr<bool> ok = agrees(mid);
    if (!ok.ok()) return ok.status();
    (*ok ? hi : lo) = mid;
  }
  result.scale = hi;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ScaleResult> FindScale(const Model& model, int n,
                                      const ScaleOptions& options) {
  if (!(options.min_scale > 0) || !(options.max_scale >= options.min_scale) ||
      !(options.tolerance > 0)) {
    return absl::InvalidArgumentError(
        "scale search: need 0 < min_scale ≤ max_scale and tolerance > 0");
  }
  if (absl::Status s = CheckFloatExperimentLength(n); !s.ok()) return s;
  absl::StatusOr<ExactEngine> exact = ReferenceEngine(model);
  if (!exact.ok()) return exact.status();
  ScaleResult result;
  result.n = n;
  absl::StatusOr<std::vector<automata::Word>> words =
      ExperimentStrings(model, n, options.strings, &result.exhaustive);
  if (!words.ok()) return words.status();
  result.strings = words->size();
  std::vector<std::uint8_t> truth;
  for (const automata::Word& w : *words) truth.push_back(exact->Accept(w));
  const int threads = ThreadsFor(options.threads);
  // Scales only grow between disagreements (doubling, then the bisection's
  // lower end), so the last witness is from the largest disagreeing scale.
  auto agrees = [&](double c) -> absl::StatusOr<bool> {
    ++result.evaluations;
    absl::StatusOr<Disagreement> bad =
        FirstDisagreement(model, c, *words, truth, threads);
    if (!bad.ok()) return bad.status();
    if (bad->index == UINT64_MAX) return true;
    result.witness = (*words)[bad->index];
    result.witness_scale = c;
    result.witness_exact_accepts = truth[bad->index];
    result.witness_float_value = bad->float_value;
    return false;
  };
  if (absl::Status s = SearchScale(options, agrees, result); !s.ok()) return s;
  return result;
}

namespace {

// Per layer, per position, the hidden state (residual stream) after the layer.
using LayerStates = std::vector<std::vector<std::vector<double>>>;

// The saturated limit's hidden states on each word, computed exactly and
// rounded to double.
std::vector<LayerStates> LimitStates(const Model& limit,
                                     const std::vector<automata::Word>& words) {
  std::vector<LayerStates> limit_states;
  ExactEngine exact = *ExactEngine::Create(limit);
  for (const automata::Word& w : words) {
    Trace trace;
    exact.Run(w, &trace);
    LayerStates per_layer;
    for (const LayerTrace& lt : trace.layers) {
      std::vector<std::vector<double>> x;
      for (const std::vector<Rational>& row : lt.residual) {
        std::vector<double> r;
        for (const Rational& v : row) r.push_back(v.ToDouble());
        x.push_back(std::move(r));
      }
      per_layer.push_back(std::move(x));
    }
    limit_states.push_back(std::move(per_layer));
  }
  return limit_states;
}

// The saturation metrics of float:c over `words`: mean L1 distance of each
// head's attention from the saturated one and, when `limit_states` is given
// (one entry per word), each layer's mean cosine with the limit's states.
absl::StatusOr<SaturationMetrics> MeasureSaturationAt(
    const Model& model, double c, const std::vector<automata::Word>& words,
    const std::vector<LayerStates>* limit_states) {
  absl::StatusOr<FloatEngine> engine = FloatEngine::Create(model, {.scale = c});
  if (!engine.ok()) return engine.status();
  SaturationObserver obs(model);
  std::vector<double> cos_sum(model.layers.size(), 0);
  std::vector<std::int64_t> cos_count(model.layers.size(), 0);
  for (size_t i = 0; i < words.size(); ++i) {
    absl::StatusOr<FloatDecision> d = engine->Run(words[i], &obs);
    if (!d.ok()) return d.status();
    if (limit_states == nullptr) continue;
    for (size_t l = 0; l < obs.outputs_.size(); ++l) {
      for (size_t p = 0; p < obs.outputs_[l].size(); ++p) {
        cos_sum[l] += Cosine(obs.outputs_[l][p], (*limit_states)[i][l][p]);
        ++cos_count[l];
      }
    }
  }
  SaturationMetrics m;
  m.scale = c;
  m.strings = words.size();
  for (size_t l = 0; l < obs.sums_.size(); ++l) {
    std::vector<double> row;
    for (size_t h = 0; h < obs.sums_[l].size(); ++h) {
      row.push_back(
          obs.counts_[l][h] == 0 ? 0.0 : obs.sums_[l][h] / obs.counts_[l][h]);
    }
    m.head_l1.push_back(std::move(row));
    if (limit_states != nullptr) {
      m.layer_cosine.push_back(cos_count[l] == 0 ? 1.0
                                                 : cos_sum[l] / cos_count[l]);
    }
  }
  return m;
}

}  // namespace

absl::StatusOr<std::vector<SaturationMetrics>> MeasureSaturation(
    const Model& model, int n, const std::vector<double>& scales,
    const StringSet& strings) {
  if (absl::Status s = CheckFloatExperimentLength(n); !s.ok()) return s;
  bool exhaustive = false;
  absl::StatusOr<std::vector<automata::Word>> words =
      ExperimentStrings(model, n, strings, &exhaustive);
  if (!words.ok()) return words.status();
  // The limit's hidden states, exactly (when the limit has exact semantics).
  const Model limit = SaturatedLimit(model);
  const bool have_limit = CheckExactSemantics(limit).ok();
  std::vector<LayerStates> limit_states;
  if (have_limit) limit_states = LimitStates(limit, *words);
  std::vector<SaturationMetrics> out;
  for (double c : scales) {
    absl::StatusOr<SaturationMetrics> m = MeasureSaturationAt(
        model, c, *words, have_limit ? &limit_states : nullptr);
    if (!m.ok()) return m.status();
    out.push_back(*std::move(m));
  }
  return out;
}

namespace {

absl::Status CheckSharpnessOptions(const SharpnessOptions& options) {
  if (!(options.sigma >= 0) || !std::isfinite(options.sigma)) {
    return absl::InvalidArgumentError(
        absl::StrCat("sigma ", options.sigma, ": expected a number ≥ 0"));
  }
  if (options.draws < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("draws ", options.draws, ": expected at least 1"));
  }
  if (options.strings.language == nullptr) {
    return absl::InvalidArgumentError(
        "sharpness needs a language: the loss is measured against its labels");
  }
  return absl::OkStatus();
}

// The mean logistic loss of one parameter vector on the words, and its
// decisions.
absl::StatusOr<double> LossAndDecisions(
    const Model& m, double scale, const std::vector<automata::Word>& words,
    const std::vector<double>& labels, std::vector<std::uint8_t>* decisions) {
  absl::StatusOr<FloatEngine> engine = FloatEngine::Create(m, {.scale = scale});
  if (!engine.ok()) return engine.status();
  double loss = 0;
  decisions->clear();
  for (size_t i = 0; i < words.size(); ++i) {
    absl::StatusOr<FloatDecision> d = engine->Run(words[i]);
    if (!d.ok()) return d.status();
    loss += Logistic(labels[i], d->value);
    decisions->push_back(d->accept);
  }
  return words.empty() ? 0.0 : loss / words.size();
}

// The model with N(0, σ²) added to every weight and bias, in a fixed order.
Model PerturbedModel(const Model& model, std::mt19937_64& rng,
                     std::normal_distribution<double>& noise) {
  auto perturb_all = [&](std::vector<Rational>& v) {
    for (Rational& r : v) r = Perturb(r, noise(rng));
  };
  Model m = model;
  perturb_all(m.token_embedding.data);
  for (Layer& layer : m.layers) {
    for (Head& h : layer.heads) {
      perturb_all(h.w_q.data);
      perturb_all(h.w_k.data);
      perturb_all(h.w_v.data);
      perturb_all(h.w_o.data);
    }
    perturb_all(layer.mlp.w1.data);
    perturb_all(layer.mlp.b1);
    perturb_all(layer.mlp.w2.data);
    if (layer.mlp.b2.empty()) layer.mlp.b2.assign(m.dim(), Rational(0));
    perturb_all(layer.mlp.b2);
  }
  perturb_all(m.readout.weights);
  m.readout.bias = Perturb(m.readout.bias, noise(rng));
  return m;
}

// Mean and standard error of the loss increases.
void SummarizeIncreases(const std::vector<double>& increases,
                        SharpnessResult& result) {
  double mean = 0;
  for (double v : increases) mean += v;
  mean /= increases.size();
  double var = 0;
  for (double v : increases) var += (v - mean) * (v - mean);
  result.mean_increase = mean;
  result.increase_stderr =
      increases.size() > 1
          ? std::sqrt(var / (increases.size() - 1) / increases.size())
          : 0.0;
}

}  // namespace

absl::StatusOr<SharpnessResult> MeasureSharpness(
    const Model& model, int n, const SharpnessOptions& options) {
  if (absl::Status s = CheckSharpnessOptions(options); !s.ok()) return s;
  if (absl::Status s = CheckFloatExperimentLength(n); !s.ok()) return s;
  SharpnessResult result;
  result.n = n;
  absl::StatusOr<std::vector<automata::Word>> words =
      ExperimentStrings(model, n, options.strings, &result.exhaustive);
  if (!words.ok()) return words.status();
  result.strings = words->size();
  std::vector<double> labels;
  for (const automata::Word& w : *words) {
    labels.push_back(options.strings.language->Contains(w) ? 1.0 : -1.0);
  }
  std::vector<std::uint8_t> base;
  absl::StatusOr<double> base_loss =
      LossAndDecisions(model, options.scale, *words, labels, &base);
  if (!base_loss.ok()) return base_loss.status();
  result.base_loss = *base_loss;
  int correct = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    correct += (base[i] != 0) == (labels[i] > 0);
  }
  result.base_accuracy =
      base.empty() ? 1.0 : static_cast<double>(correct) / base.size();
  std::mt19937_64 rng(LengthSeed(options.seed, n, 7));
  std::normal_distribution<double> noise(0.0, options.sigma);
  std::vector<double> increases;
  std::uint64_t flips = 0;
  for (int draw = 0; draw < options.draws; ++draw) {
    std::vector<std::uint8_t> decisions;
    absl::StatusOr<double> loss =
        LossAndDecisions(PerturbedModel(model, rng, noise), options.scale,
                         *words, labels, &decisions);
    if (!loss.ok()) return loss.status();
    increases.push_back(*loss - result.base_loss);
    for (size_t i = 0; i < decisions.size(); ++i) {
      flips += decisions[i] != base[i];
    }
  }
  SummarizeIncreases(increases, result);
  result.flip_fraction =
      words->empty() ? 0.0
                     : static_cast<double>(flips) /
                           (static_cast<double>(words->size()) * options.draws);
  return result;
}

}  // namespace satcirc
