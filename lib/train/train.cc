#include "lib/train/train.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "automata/enumerate.h"
#include "lib/check/check.h"
#include "lib/train/checkpoint.h"
#include "lib/train/net.h"
#include "lib/train/report.h"

namespace satcirc::train {
namespace {

// Streams of LengthSeed: the batch of a step, and the test strings.
constexpr int kStepStream = 7, kTestStream = 8;
// The largest |Σ|ⁿ whose strings the final train accuracy takes all of.
constexpr std::uint64_t kAllWordsLimit = 4096;

struct Batch {
  torch::Tensor tokens, labels;
};

// The batch of step t (from 1): a length uniform over the training range,
// then the checker's sample at that length, all from the run's seed and t.
absl::StatusOr<Batch> StepBatch(const automata::Language& language,
                                const Options& options, int step) {
  const std::uint64_t seed = LengthSeed(options.seed, step, kStepStream);
  std::mt19937_64 rng(seed);
  const Protocol& p = options.protocol;
  const int n =
      std::uniform_int_distribution<int>(p.train_min, p.train_max)(rng);
  CheckOptions co;
  co.samples = options.batch;
  co.seed = seed;
  absl::StatusOr<std::vector<automata::Word>> words =
      SampleCheckWords(language, n, co);
  if (!words.ok()) return words.status();
  std::vector<double> labels;
  for (const automata::Word& w : *words) labels.push_back(language.Contains(w));
  return Batch{EncodeWords(*words), torch::tensor(labels, torch::kFloat64)};
}

// Readouts of the network on words of one length, in chunks whose score
// matrices stay near 2²⁰ entries (larger ones cost more in page faults than
// they save).
std::vector<double> Readouts(Net& net,
                             const std::vector<automata::Word>& words) {
  torch::NoGradGuard no_grad;
  std::vector<double> out;
  if (words.empty()) return out;
  const double total = static_cast<double>(words[0].size()) + 2;
  const size_t chunk =
      std::max<size_t>(1, static_cast<size_t>((1 << 20) / (total * total)));
  for (size_t begin = 0; begin < words.size(); begin += chunk) {
    const size_t end = std::min(words.size(), begin + chunk);
    const std::vector<automata::Word> part(words.begin() + begin,
                                           words.begin() + end);
    const torch::Tensor y = net->forward(EncodeWords(part));
    auto acc = y.accessor<double, 1>();
    for (int64_t i = 0; i < y.size(0); ++i) out.push_back(acc[i]);
  }
  return out;
}

double Accuracy(Net& net, const automata::Language& language,
                const std::vector<automata::Word>& words) {
  const std::vector<double> y = Readouts(net, words);
  int right = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    right += (y[i] > 0) == language.Contains(words[i]);
  }
  return words.empty() ? 1.0 : static_cast<double>(right) / words.size();
}

absl::StatusOr<std::vector<automata::Word>> TestWords(
    const automata::Language& language, const Options& options, int n) {
  CheckOptions co;
  co.samples = options.protocol.test_samples;
  co.seed = LengthSeed(options.seed, 0, kTestStream);
  return SampleCheckWords(language, n, co);
}

absl::StatusOr<std::vector<TestRow>> Evaluate(
    Net& net, const automata::Language& language, const Options& options,
    int step) {
  std::vector<TestRow> rows;
  for (int n = options.protocol.test_min; n <= options.protocol.test_max; ++n) {
    absl::StatusOr<std::vector<automata::Word>> words =
        TestWords(language, options, n);
    if (!words.ok()) return words.status();
    rows.push_back({.step = step,
                    .n = n,
                    .accuracy = Accuracy(net, language, *words),
                    .strings = static_cast<int>(words->size())});
  }
  return rows;
}

absl::StatusOr<double> FinalTrainAccuracy(Net& net,
                                          const automata::Language& language,
                                          const Options& options) {
  const int k = language.alphabet().size();
  double sum = 0;
  const Protocol& p = options.protocol;
  for (int n = p.train_min; n <= p.train_max; ++n) {
    const std::optional<std::uint64_t> count = automata::NumWords(k, n);
    std::vector<automata::Word> words;
    if (count && *count <= kAllWordsLimit) {
      for (std::uint64_t i = 0; i < *count; ++i) {
        words.push_back(automata::WordAt(k, n, i));
      }
    } else {
      absl::StatusOr<std::vector<automata::Word>> sample =
          TestWords(language, options, n);
      if (!sample.ok()) return sample.status();
      words = *std::move(sample);
    }
    sum += Accuracy(net, language, words);
  }
  return sum / (p.train_max - p.train_min + 1);
}

double ParameterNorm(const torch::Tensor& t) {
  return t.detach().norm().item<double>();
}

LogRow MakeLogRow(Net& net, const Batch& batch, int step,
                  const Accumulator& acc, double seconds) {
  LogRow row;
  row.step = step;
  row.loss = acc.count > 0 ? acc.loss_sum / acc.count : 0;
  row.train_accuracy = acc.strings > 0 ? acc.right / acc.strings : 0;
  row.seconds = seconds;
  double squares = 0;
  for (const auto& p : net->named_parameters()) {
    const double norm = ParameterNorm(p.value());
    row.parameter_norms.push_back(norm);
    squares += norm * norm;
  }
  row.norm = std::sqrt(squares);
  torch::NoGradGuard no_grad;
  net->forward(batch.tokens, &row.head_saturation);
  return row;
}

// One optimizer step on the batch; adds its loss and accuracy to `acc`.
// OutOfRange, before the step is taken, when the loss is not finite (the
// weights then stay finite, so they can still be written exactly).
absl::Status Step(Net& net, torch::optim::Optimizer& adam, const Batch& batch,
                  int step, Accumulator& acc) {
  adam.zero_grad();
  const torch::Tensor y = net->forward(batch.tokens);
  const torch::Tensor loss =
      torch::binary_cross_entropy_with_logits(y, batch.labels);
  const double value = loss.item<double>();
  if (!std::isfinite(value)) {
    return absl::OutOfRangeError(absl::StrFormat(
        "step %d: the loss is %g (the weights diverged: a smaller --lr may "
        "help); the run stops before that step",
        step, value));
  }
  loss.backward();
  adam.step();
  acc.loss_sum += value;
  acc.count += 1;
  acc.right += ((y.detach() > 0).to(torch::kFloat64) == batch.labels)
                   .sum()
                   .item<double>();
  acc.strings += static_cast<double>(y.size(0));
  return absl::OkStatus();
}

std::string Description(const std::string& language_spec,
                        const Options& options, int step) {
  const Architecture& a = options.architecture;
  return absl::StrFormat(
      "Trained by satcirc train on %s: %d layer(s) of %d softmax head(s) "
      "(d_head %d) and %d ReLU units, width %d, lengths %d..%d, %d steps of "
      "batch %d, Adam lr %g%s, seed %d.",
      language_spec, a.layers, a.heads, a.head_dim, a.mlp_width, a.width,
      options.protocol.train_min, options.protocol.train_max, step,
      options.batch, options.learning_rate,
      options.weight_decay > 0
          ? absl::StrFormat(" (AdamW, weight decay %g)", options.weight_decay)
          : "",
      options.seed);
}

struct Run {
  Net net;
  std::unique_ptr<torch::optim::Optimizer> adam;  // Adam, or AdamW
  State state;
};

absl::StatusOr<Run> StartRun(const automata::Language& language,
                             const std::string& language_spec,
                             const Options& options) {
  at::set_num_threads(options.threads);
  torch::manual_seed(options.seed);
  Run run{Net(options.architecture, language.alphabet()), nullptr, {}};
  if (options.weight_decay > 0) {
    run.adam = std::make_unique<torch::optim::AdamW>(
        run.net->parameters(), torch::optim::AdamWOptions(options.learning_rate)
                                   .weight_decay(options.weight_decay));
  } else {
    run.adam = std::make_unique<torch::optim::Adam>(
        run.net->parameters(),
        torch::optim::AdamOptions(options.learning_rate));
  }
  run.state.config = ConfigText(language_spec, options);
  if (options.resume) {
    absl::Status loaded =
        LoadCheckpoint(options.directory, *run.net, *run.adam, run.state);
    if (!loaded.ok()) return loaded;
  }
  return run;
}

Result MakeResult(Run& run, const std::string& language_spec,
                  const Options& options) {
  Result r;
  r.model =
      run.net->ToModel(absl::StrCat("trained-", language_spec),
                       Description(language_spec, options, run.state.step));
  for (const auto& p : run.net->named_parameters()) {
    r.parameter_names.push_back(p.key());
  }
  r.head_names = run.net->HeadNames();
  r.log = run.state.log;
  r.tests = run.state.tests;
  r.step = run.state.step;
  r.finished = run.state.step >= options.steps;
  r.train_accuracy = run.state.train_accuracy;
  if (!r.tests.empty()) {
    const int last = r.tests.back().step;
    double sum = 0;
    int count = 0;
    for (const TestRow& t : r.tests) {
      if (t.step == last) sum += t.accuracy, ++count;
    }
    r.score = sum / count;
  }
  r.norm_fit = FitNormGrowth(r);
  return r;
}

// A checkpoint (and, unless stopping, a test evaluation) at the current step,
// with every output file brought up to date.
absl::Status Save(Run& run, const automata::Language& language,
                  const std::string& language_spec, const Options& options,
                  bool evaluate) {
  if (evaluate) {
    absl::StatusOr<std::vector<TestRow>> rows =
        Evaluate(run.net, language, options, run.state.step);
    if (!rows.ok()) return rows.status();
    run.state.tests.insert(run.state.tests.end(), rows->begin(), rows->end());
  }
  absl::Status saved =
      SaveCheckpoint(options.directory, *run.net, *run.adam, run.state);
  if (!saved.ok()) return saved;
  return WriteOutputs(options.directory, language_spec, options,
                      MakeResult(run, language_spec, options));
}

absl::Status TrainSteps(Run& run, const automata::Language& language,
                        const std::string& language_spec,
                        const Options& options) {
  const auto start = std::chrono::steady_clock::now();
  const double seconds_before = run.state.seconds;
  if (run.state.step == 0 && run.state.log.empty()) {
    // Step 0: the initialization, from which the norm's growth is measured.
    absl::StatusOr<Batch> batch = StepBatch(language, options, 1);
    if (!batch.ok()) return batch.status();
    run.state.log.push_back(MakeLogRow(run.net, *batch, 0, {}, 0));
  }
  double last_norm = run.state.log.back().norm;
  while (run.state.step < options.steps) {
    const int step = run.state.step + 1;
    absl::StatusOr<Batch> batch = StepBatch(language, options, step);
    if (!batch.ok()) return batch.status();
    if (absl::Status s = Step(run.net, *run.adam, *batch, step, run.state.acc);
        !s.ok()) {
      return s;
    }
    run.state.step = step;
    run.state.seconds =
        seconds_before +
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (step % options.log_every == 0 || step == options.steps) {
      run.state.log.push_back(
          MakeLogRow(run.net, *batch, step, run.state.acc, run.state.seconds));
      last_norm = run.state.log.back().norm;
      run.state.acc = {};
    }
    if (options.progress) {
      const Accumulator& a = run.state.acc;
      options.progress(
          {step, options.steps,
           a.count > 0 ? a.loss_sum / a.count : run.state.log.back().loss,
           last_norm});
    }
    const bool stop = options.stop && options.stop();
    const bool save = options.save_every > 0 &&
                      step % options.save_every == 0 && step < options.steps;
    if (stop || save) {
      absl::Status s = Save(run, language, language_spec, options, !stop);
      if (!s.ok() || stop) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Result> Train(const automata::Language& language,
                             const std::string& language_spec,
                             const Options& options) {
  if (absl::Status v = ValidateOptions(language, options); !v.ok()) return v;
  const std::filesystem::path checkpoint =
      std::filesystem::path(options.directory) / "checkpoint.pt";
  if (!options.resume && std::filesystem::exists(checkpoint)) {
    return absl::FailedPreconditionError(absl::StrCat(
        checkpoint.string(),
        ": a run is already there; --resume continues it (or train into "
        "another directory)"));
  }
  std::error_code ec;
  std::filesystem::create_directories(options.directory, ec);
  if (ec) {
    return absl::PermissionDeniedError(absl::StrCat(
        options.directory, ": cannot create the directory: ", ec.message()));
  }
  absl::StatusOr<Run> run = StartRun(language, language_spec, options);
  if (!run.ok()) return run.status();
  const int first_step = run->state.step, first_final = run->state.final_step;
  if (absl::Status s = TrainSteps(*run, language, language_spec, options);
      !s.ok()) {
    return s;
  }
  // The final evaluation, once per --steps reached (not again when a
  // finished run is resumed, nor after an interrupt).
  const bool stopped = options.stop && options.stop();
  if (run->state.step >= options.steps &&
      run->state.final_step != run->state.step && !stopped) {
    absl::StatusOr<double> acc =
        FinalTrainAccuracy(run->net, language, options);
    if (!acc.ok()) return acc.status();
    run->state.train_accuracy = *acc;
    run->state.final_step = run->state.step;
    if (absl::Status s = Save(*run, language, language_spec, options, true);
        !s.ok()) {
      return s;
    }
  }
  Result result = MakeResult(*run, language_spec, options);
  result.wrote = run->state.step != first_step ||
                 run->state.final_step != first_final || first_step == 0;
  return result;
}

absl::StatusOr<std::vector<double>> CheckpointReadouts(
    const automata::Language& language, const std::string& language_spec,
    const Options& options, const std::vector<automata::Word>& words) {
  Options resume = options;
  resume.resume = true;
  absl::StatusOr<Run> run = StartRun(language, language_spec, resume);
  if (!run.ok()) return run.status();
  return Readouts(run->net, words);
}

}  // namespace satcirc::train
