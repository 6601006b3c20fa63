// The state of a training run between steps, and its checkpoint file
// (DIRECTORY/checkpoint.pt, a LibTorch archive): the parameters, Adam's
// moments, the step, the log so far and the options that made it. A run
// resumed from it continues bit for bit as the uninterrupted run would.
#ifndef SATCIRC_LIB_TRAIN_CHECKPOINT_H_
#define SATCIRC_LIB_TRAIN_CHECKPOINT_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "lib/train/train.h"

namespace satcirc::train {

// Loss and accuracy of the steps since the last log row.
struct Accumulator {
  double loss_sum = 0;
  double count = 0;    // steps
  double right = 0;    // strings decided correctly
  double strings = 0;  // strings seen
};

struct State {
  std::string config;  // ConfigText of the options that made the run
  int step = 0;
  Accumulator acc;
  std::vector<LogRow> log;
  std::vector<TestRow> tests;
  double seconds = 0;
  double train_accuracy = 0;
  // The step whose final evaluation (train accuracy, test scores) is done;
  // 0 before the run has reached its --steps.
  int final_step = 0;
};

// The options a resumed run must share with the run it continues (everything
// that changes the weights; not --steps, --save-every or the test lengths),
// one "key value" line each.
std::string ConfigText(const std::string& language_spec,
                       const Options& options);

// Written to a temporary file and renamed.
absl::Status SaveCheckpoint(const std::string& directory,
                            torch::nn::Module& net,
                            torch::optim::Optimizer& adam, const State& state);
// NotFound when there is no checkpoint; FailedPrecondition naming the first
// option that differs from state.config (which holds the current options);
// DataLoss for a file that is not a checkpoint.
absl::Status LoadCheckpoint(const std::string& directory,
                            torch::nn::Module& net,
                            torch::optim::Optimizer& adam, State& state);

}  // namespace satcirc::train

#endif  // SATCIRC_LIB_TRAIN_CHECKPOINT_H_
