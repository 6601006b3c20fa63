// Training transformers of satcirc's own model family on a registry language,
// in C++ with LibTorch (issue #14; docs/training.md).
//
// The network is exactly what a satcirc-model/1 file describes
// (docs/model-format.md) with softmax heads at scale 1: a learned token
// embedding, fixed positional features from the catalogue (each in its own
// residual dimension), layers of heads (W_Q, W_K, W_V, W_O) and ReLU MLPs
// (W1, b1, W2, b2), optional layer normalization, and a readout at an EOS
// token. So every trained network is written as a model file that
// `satcirc run --engine float:1` runs with the decisions it had in training.
//
// Data come from the checker's seeded samplers (half members, a quarter near
// misses, a quarter other non-members at each length: SampleCheckWords); the
// step's seed is a function of the run's seed and the step alone, so a
// resumed run sees the batches an uninterrupted one sees, and the same seed
// gives the same run bit for bit (LibTorch on the CPU with a fixed number of
// threads).
#ifndef SATCIRC_LIB_TRAIN_TRAIN_H_
#define SATCIRC_LIB_TRAIN_TRAIN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"
#include "lib/experiments/plot.h"
#include "lib/model/model.h"

namespace satcirc::train {

struct Architecture {
  int layers = 1;
  int heads = 2;       // per layer
  int width = 16;      // learned residual dimensions (features h1 … hW)
  int head_dim = 8;    // d_k = d_v of every head
  int mlp_width = 32;  // hidden ReLU units per layer; 0: no MLP
  // Each adds one residual dimension named after its function, holding
  // P(p, N) (fixed, not trained).
  std::vector<PositionalFunction> positional = {
      PositionalFunction::kPositionFraction};
  Mask mask = Mask::kCausal;  // of every head: none or causal
  LayerNormPlacement layer_norm = LayerNormPlacement::kNone;
  bool bos = false;  // an EOS token is always appended: the readout's position

  int dim() const { return width + static_cast<int>(positional.size()); }
};

// Delétang et al. 2023's protocol by default: train on 1 … 40, test every
// length 41 … 500 with 512 strings, score = mean test accuracy.
struct Protocol {
  int train_min = 1, train_max = 40;
  int test_min = 41, test_max = 500;
  int test_samples = 512;
};

struct Progress {
  int step = 0, steps = 0;
  double loss = 0;  // mean over the steps since the last log row
  double norm = 0;  // ℓ2 norm of all parameters
};

struct Options {
  Architecture architecture;
  Protocol protocol;
  int steps = 10000;
  int batch = 128;
  double learning_rate = 1e-3;  // Adam
  // > 0: AdamW's decoupled weight decay instead (Hahn & Rofin train with 0.1);
  // 0, the default, lets the norm grow freely.
  double weight_decay = 0;
  std::uint64_t seed = 1;
  int threads = 1;        // LibTorch's intra-op threads, fixed for determinism
  int log_every = 100;    // a log row every k steps (and at the last step)
  int save_every = 0;     // a checkpoint and a test evaluation every k steps
  std::string directory;  // where every output goes; required
  bool resume = false;    // continue from DIRECTORY/checkpoint.pt
  // Polled after every step: true stops the run after writing a checkpoint
  // (Ctrl-C). Such a run returns with finished = false.
  std::function<bool()> stop;
  std::function<void(const Progress&)> progress;
};

struct LogRow {
  int step = 0;
  double loss = 0;            // mean training loss since the previous row
  double train_accuracy = 0;  // of the training batches since then
  double norm = 0;            // ℓ2 norm of all parameters
  std::vector<double> parameter_norms;  // one per Result::parameter_names
  // One per Result::head_names: on this step's batch, the mean over strings
  // and positions of ‖softmax row − ζ‖₁, ζ the uniform average over the row's
  // argmax set (docs/saturate.md): 0 for a saturated head.
  std::vector<double> head_saturation;
  double seconds = 0;  // of training so far
};

struct TestRow {
  int step = 0;
  int n = 0;
  double accuracy = 0;
  int strings = 0;
};

struct Result {
  Model model;  // the trained network as a model file
  std::vector<std::string> parameter_names, head_names;
  std::vector<LogRow> log;
  std::vector<TestRow> tests;  // at every checkpoint and at the end
  int step = 0;                // steps done
  bool finished = false;       // all steps done (not stopped)
  double score = 0;            // mean test accuracy at the last evaluation
  // Accuracy on the training lengths at the end: every string of a length
  // with at most 4096, else the checker's sample of test_samples strings.
  double train_accuracy = 0;
  std::optional<PowerFit> norm_fit;  // norm ≈ a·t^b over the log rows
  // Whether this call wrote DIRECTORY/ (not when it resumed a finished run
  // with nothing left to do).
  bool wrote = false;
};

// Trains (or resumes) and writes DIRECTORY/: model.json (the network at the
// last step), log.csv, tests.csv, summary.json, norm.svg, curves.svg,
// tests.svg and checkpoint.pt (docs/training.md). InvalidArgument for bad
// options (naming the option), FailedPrecondition for a checkpoint made with
// other options or for a directory that holds a checkpoint without
// options.resume (a run is never overwritten), DataLoss / PermissionDenied
// naming a file.
absl::StatusOr<Result> Train(const automata::Language& language,
                             const std::string& language_spec,
                             const Options& options);

// The readouts y of the network in DIRECTORY/checkpoint.pt (made with these
// options) on words of one length, as training computes them: the reference
// the model file is compared with under float:1.
absl::StatusOr<std::vector<double>> CheckpointReadouts(
    const automata::Language& language, const std::string& language_spec,
    const Options& options, const std::vector<automata::Word>& words);

// The options' problems, before anything runs: InvalidArgument naming the
// option ("--layers 0: ...").
absl::Status ValidateOptions(const automata::Language& language,
                             const Options& options);

}  // namespace satcirc::train

#endif  // SATCIRC_LIB_TRAIN_TRAIN_H_
