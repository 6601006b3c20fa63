#include "lib/train/checkpoint.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace satcirc::train {
namespace {

constexpr char kFile[] = "checkpoint.pt";

torch::Tensor Rows(const std::vector<std::vector<double>>& rows, int cols) {
  torch::Tensor t =
      torch::zeros({static_cast<int64_t>(rows.size()), cols}, torch::kFloat64);
  auto acc = t.accessor<double, 2>();
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int j = 0; j < cols; ++j) acc[i][j] = rows[i][j];
  }
  return t;
}

std::vector<std::vector<double>> FromRows(const torch::Tensor& t) {
  std::vector<std::vector<double>> rows(static_cast<size_t>(t.size(0)));
  auto acc = t.accessor<double, 2>();
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int64_t j = 0; j < t.size(1); ++j) rows[i].push_back(acc[i][j]);
  }
  return rows;
}

void WriteLog(torch::serialize::OutputArchive& archive, const State& s) {
  std::vector<std::vector<double>> main, norms, sat, tests;
  const int p = s.log.empty() ? 0 : s.log[0].parameter_norms.size();
  const int h = s.log.empty() ? 0 : s.log[0].head_saturation.size();
  for (const LogRow& r : s.log) {
    main.push_back(
        {double(r.step), r.loss, r.train_accuracy, r.norm, r.seconds});
    norms.push_back(r.parameter_norms);
    sat.push_back(r.head_saturation);
  }
  for (const TestRow& t : s.tests) {
    tests.push_back(
        {double(t.step), double(t.n), t.accuracy, double(t.strings)});
  }
  archive.write("log_main", Rows(main, 5));
  archive.write("log_norms", Rows(norms, p));
  archive.write("log_saturation", Rows(sat, h));
  archive.write("tests", Rows(tests, 4));
  archive.write("scalars",
                torch::tensor({double(s.step), s.acc.loss_sum, s.acc.count,
                               s.acc.right, s.acc.strings, s.seconds,
                               s.train_accuracy, double(s.final_step)},
                              torch::kFloat64));
}

void ReadLog(torch::serialize::InputArchive& archive, State& s) {
  torch::Tensor main, norms, sat, tests, scalars;
  archive.read("log_main", main);
  archive.read("log_norms", norms);
  archive.read("log_saturation", sat);
  archive.read("tests", tests);
  archive.read("scalars", scalars);
  const auto m = FromRows(main), pn = FromRows(norms), hs = FromRows(sat);
  s.log.clear();
  for (size_t i = 0; i < m.size(); ++i) {
    s.log.push_back({.step = static_cast<int>(m[i][0]),
                     .loss = m[i][1],
                     .train_accuracy = m[i][2],
                     .norm = m[i][3],
                     .parameter_norms = pn[i],
                     .head_saturation = hs[i],
                     .seconds = m[i][4]});
  }
  s.tests.clear();
  for (const auto& t : FromRows(tests)) {
    s.tests.push_back({.step = static_cast<int>(t[0]),
                       .n = static_cast<int>(t[1]),
                       .accuracy = t[2],
                       .strings = static_cast<int>(t[3])});
  }
  auto v = scalars.accessor<double, 1>();
  s.step = static_cast<int>(v[0]);
  s.acc = {v[1], v[2], v[3], v[4]};
  s.seconds = v[5];
  s.train_accuracy = v[6];
  // Checkpoints written before final_step was kept: the final evaluation is
  // done when the last test rows are of the last step.
  const bool tested = !s.tests.empty() && s.tests.back().step == s.step;
  s.final_step = scalars.size(0) > 7 ? static_cast<int>(v[7])
                 : tested            ? s.step
                                     : 0;
}

// The first line where two configs differ, as "--key A (the checkpoint's B)".
std::string FirstDifference(const std::string& now, const std::string& then) {
  const std::vector<std::string> a = absl::StrSplit(now, '\n');
  const std::vector<std::string> b = absl::StrSplit(then, '\n');
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "",
                      y = i < b.size() ? b[i] : "";
    if (x != y)
      return absl::StrCat("now '", x, "', the checkpoint's '", y, "'");
  }
  return "";
}

}  // namespace

std::string ConfigText(const std::string& language_spec, const Options& o) {
  const Architecture& a = o.architecture;
  std::vector<std::string> positional;
  for (PositionalFunction f : a.positional) {
    positional.emplace_back(PositionalFunctionName(f));
  }
  return absl::StrCat(
      "lang ", language_spec, "\nlayers ", a.layers, "\nheads ", a.heads,
      "\nwidth ", a.width, "\nhead-dim ", a.head_dim, "\nmlp ", a.mlp_width,
      "\npositional ", absl::StrJoin(positional, ","), "\nmask ",
      MaskName(a.mask), "\nlayer-norm ", LayerNormPlacementName(a.layer_norm),
      "\nbos ", a.bos, "\ntrain-lengths ", o.protocol.train_min, "..",
      o.protocol.train_max, "\nbatch ", o.batch, "\nlr ", o.learning_rate,
      "\nseed ", o.seed, "\nthreads ", o.threads, "\nlog-every ", o.log_every,
      o.weight_decay > 0 ? absl::StrCat("\nweight-decay ", o.weight_decay)
                         : "");
}

absl::Status SaveCheckpoint(const std::string& directory,
                            torch::nn::Module& net,
                            torch::optim::Optimizer& adam, const State& state) {
  const std::string path = (std::filesystem::path(directory) / kFile).string();
  const std::string tmp = absl::StrCat(path, ".tmp.", ::getpid());
  try {
    torch::serialize::OutputArchive archive, net_archive, adam_archive;
    archive.write("config", c10::IValue(state.config));
    net.save(net_archive);
    adam.save(adam_archive);
    archive.write("net", net_archive);
    archive.write("adam", adam_archive);
    WriteLog(archive, state);
    archive.save_to(tmp);
  } catch (const c10::Error& e) {
    std::remove(tmp.c_str());
    return absl::DataLossError(
        absl::StrCat(path, ": cannot write: ", e.what_without_backtrace()));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return absl::PermissionDeniedError(absl::StrCat(path, ": cannot write"));
  }
  return absl::OkStatus();
}

absl::Status LoadCheckpoint(const std::string& directory,
                            torch::nn::Module& net,
                            torch::optim::Optimizer& adam, State& state) {
  const std::string path = (std::filesystem::path(directory) / kFile).string();
  if (!std::filesystem::exists(path)) {
    return absl::NotFoundError(
        absl::StrCat(path, ": no checkpoint to resume from"));
  }
  try {
    torch::serialize::InputArchive archive, net_archive, adam_archive;
    archive.load_from(path);
    c10::IValue config;
    archive.read("config", config);
    if (!config.isString() || config.toStringRef() != state.config) {
      return absl::FailedPreconditionError(absl::StrCat(
          path, ": made with other options (",
          FirstDifference(state.config,
                          config.isString() ? config.toStringRef() : ""),
          "); resume with the same options, or train into a new directory"));
    }
    archive.read("net", net_archive);
    archive.read("adam", adam_archive);
    net.load(net_archive);
    adam.load(adam_archive);
    ReadLog(archive, state);
  } catch (const c10::Error& e) {
    return absl::DataLossError(
        absl::StrCat(path, ": not a satcirc training checkpoint (",
                     e.what_without_backtrace(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace satcirc::train
