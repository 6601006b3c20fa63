// The files of a training run (docs/training.md): model.json, log.csv,
// tests.csv, summary.json and the plots norm.svg, curves.svg and tests.svg.
#ifndef SATCIRC_LIB_TRAIN_REPORT_H_
#define SATCIRC_LIB_TRAIN_REPORT_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "lib/train/train.h"

namespace satcirc::train {

// Each file written to a temporary name and renamed.
absl::Status WriteOutputs(const std::string& directory,
                          const std::string& language_spec,
                          const Options& options, const Result& result);

// The power law of the norm's growth since step 0, ‖θ_t‖ − ‖θ_0‖ ≈ a·t^b,
// over the log rows of steps ≥ 1.
std::optional<PowerFit> FitNormGrowth(const Result& result);

std::string LogCsv(const Result& result);
std::string TestsCsv(const Result& result);
std::string SummaryJson(const std::string& language_spec,
                        const Options& options, const Result& result);
// The parameter norm against the step on log–log axes, with the fitted power
// law and Merrill et al.'s √t through the last point for comparison.
std::string NormPlotSvg(const std::string& language_spec, const Result& result);
// Loss and train accuracy against the step.
std::string CurvesPlotSvg(const std::string& language_spec,
                          const Result& result);
// Test accuracy against the length at each evaluation.
std::string TestsPlotSvg(const std::string& language_spec,
                         const Result& result);

}  // namespace satcirc::train

#endif  // SATCIRC_LIB_TRAIN_REPORT_H_
