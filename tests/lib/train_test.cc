// lib/train: tiny seeded runs (seconds each) that must learn FIRST and
// MAJORITY on n ≤ 8; a run stopped and resumed equals the uninterrupted run
// bit for bit; the model file it writes is the network it trained, under
// the float engine at c = 1.
#include "lib/train/train.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "automata/enumerate.h"
#include "automata/registry.h"
#include "lib/base/files.h"
#include "lib/engine/float_engine.h"
#include "lib/model/model_io.h"

namespace satcirc::train {
namespace {

std::unique_ptr<automata::Language> Lang(const std::string& spec) {
  absl::StatusOr<std::unique_ptr<automata::Language>> l =
      automata::ParseLanguage(spec);
  EXPECT_TRUE(l.ok()) << l.status();
  return *std::move(l);
}

std::string TempDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("satcirc_train_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

Options Tiny(const std::string& directory, int steps) {
  Options o;
  o.protocol = {.train_min = 1,
                .train_max = 8,
                .test_min = 9,
                .test_max = 10,
                .test_samples = 64};
  o.architecture.width = 8;
  o.architecture.mlp_width = 16;
  o.steps = steps;
  o.batch = 64;
  o.learning_rate = 3e-3;
  o.log_every = 25;
  o.directory = directory;
  return o;
}

std::vector<automata::Word> AllWords(int k, int n) {
  std::vector<automata::Word> words;
  for (std::uint64_t i = 0; i < *automata::NumWords(k, n); ++i) {
    words.push_back(automata::WordAt(k, n, i));
  }
  return words;
}

class LearnsTest : public testing::TestWithParam<std::string> {};

TEST_P(LearnsTest, ReachesFullTrainAccuracyOnShortStrings) {
  const std::string spec = GetParam();
  std::unique_ptr<automata::Language> lang = Lang(spec);
  const std::string dir = TempDir("learns_" + spec);
  absl::StatusOr<Result> r = Train(*lang, spec, Tiny(dir, 400));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->finished);
  // Every string of every length 1 … 8 (at most 256 of each).
  EXPECT_EQ(r->train_accuracy, 1.0);
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Train, LearnsTest,
                         testing::Values("first", "majority"));

TEST(TrainTest, ResumedRunEqualsUninterruptedRun) {
  std::unique_ptr<automata::Language> lang = Lang("parity");
  const std::string a = TempDir("whole"), b = TempDir("stopped");
  absl::StatusOr<Result> whole = Train(*lang, "parity", Tiny(a, 120));
  ASSERT_TRUE(whole.ok()) << whole.status();

  Options stopped = Tiny(b, 120);
  int polls = 0;
  stopped.stop = [&polls] { return ++polls == 37; };  // between log rows
  absl::StatusOr<Result> first = Train(*lang, "parity", stopped);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->finished);
  EXPECT_EQ(first->step, 37);

  Options resumed = Tiny(b, 120);
  resumed.resume = true;
  absl::StatusOr<Result> second = Train(*lang, "parity", resumed);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->finished);
  EXPECT_EQ(second->model, whole->model);  // every weight, bit for bit
  ASSERT_EQ(second->log.size(), whole->log.size());
  for (size_t i = 0; i < whole->log.size(); ++i) {
    EXPECT_EQ(second->log[i].step, whole->log[i].step);
    EXPECT_EQ(second->log[i].loss, whole->log[i].loss);
    EXPECT_EQ(second->log[i].norm, whole->log[i].norm);
    EXPECT_EQ(second->log[i].head_saturation, whole->log[i].head_saturation);
  }
  EXPECT_EQ(second->score, whole->score);
  std::filesystem::remove_all(a);
  std::filesystem::remove_all(b);
}

// A finished run resumed with the same --steps is only read: no second
// final evaluation, no file written again (with or without test lengths).
TEST(TrainTest, ResumingAFinishedRunWritesNothing) {
  std::unique_ptr<automata::Language> lang = Lang("first");
  for (const bool tested : {true, false}) {
    const std::string dir = TempDir(tested ? "done_tested" : "done_untested");
    Options o = Tiny(dir, 30);
    if (!tested) o.protocol.test_min = 1, o.protocol.test_max = 0;
    absl::StatusOr<Result> first = Train(*lang, "first", o);
    ASSERT_TRUE(first.ok()) << first.status();
    const std::filesystem::path checkpoint =
        std::filesystem::path(dir) / "checkpoint.pt";
    const auto written = std::filesystem::last_write_time(checkpoint);
    std::filesystem::last_write_time(checkpoint,
                                     written - std::chrono::hours(1));
    o.resume = true;
    absl::StatusOr<Result> again = Train(*lang, "first", o);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(std::filesystem::last_write_time(checkpoint),
              written - std::chrono::hours(1))
        << (tested ? "with" : "without") << " test lengths";
    EXPECT_TRUE(first->wrote);
    EXPECT_FALSE(again->wrote);
    EXPECT_EQ(again->model, first->model);
    EXPECT_EQ(again->train_accuracy, first->train_accuracy);
    EXPECT_EQ(again->tests.size(), first->tests.size());
    std::filesystem::remove_all(dir);
  }
}

TEST(TrainTest, ResumeRefusesOtherOptions) {
  std::unique_ptr<automata::Language> lang = Lang("first");
  const std::string dir = TempDir("other");
  ASSERT_TRUE(Train(*lang, "first", Tiny(dir, 10)).ok());
  Options other = Tiny(dir, 20);
  other.resume = true;
  other.learning_rate = 1e-2;
  absl::StatusOr<Result> r = Train(*lang, "first", other);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("lr 0.01"), std::string::npos)
      << r.status();
  // Without --resume, a directory holding a run is never overwritten.
  absl::StatusOr<Result> again = Train(*lang, "first", Tiny(dir, 10));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("--resume continues it"),
            std::string::npos)
      << again.status();
  Options missing = Tiny(TempDir("missing"), 20);
  missing.resume = true;
  EXPECT_EQ(Train(*lang, "first", missing).status().code(),
            absl::StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(TrainTest, ModelFileRunsUnderFloatEngineAsTrained) {
  std::unique_ptr<automata::Language> lang = Lang("majority");
  const std::string dir = TempDir("file");
  const Options options = Tiny(dir, 150);
  absl::StatusOr<Result> r = Train(*lang, "majority", options);
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<std::string> text = ReadWholeFile(dir + "/model.json");
  ASSERT_TRUE(text.ok()) << text.status();
  std::istringstream in(*text);
  absl::StatusOr<Model> read = ReadModel(in, "model.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, r->model);

  absl::StatusOr<FloatEngine> engine = FloatEngine::Create(*read, {.scale = 1});
  ASSERT_TRUE(engine.ok()) << engine.status();
  int compared = 0;
  for (int n = 1; n <= 8; ++n) {
    const std::vector<automata::Word> words = AllWords(2, n);
    absl::StatusOr<std::vector<double>> trained =
        CheckpointReadouts(*lang, "majority", options, words);
    ASSERT_TRUE(trained.ok()) << trained.status();
    for (size_t i = 0; i < words.size(); ++i) {
      absl::StatusOr<FloatDecision> d = engine->Run(words[i]);
      ASSERT_TRUE(d.ok()) << d.status();
      // The same decision; the readouts differ only by the order of sums.
      EXPECT_EQ(d->accept, (*trained)[i] > 0) << "n = " << n << ", i = " << i;
      EXPECT_NEAR(d->value, (*trained)[i], 1e-9 * (1 + std::abs(d->value)));
      ++compared;
    }
  }
  EXPECT_EQ(compared, 510);
  std::filesystem::remove_all(dir);
}

TEST(TrainTest, DivergenceStopsWithTheStepNamed) {
  std::unique_ptr<automata::Language> lang = Lang("parity");
  const std::string dir = TempDir("diverge");
  Options o = Tiny(dir, 50);
  o.learning_rate = 1e300;
  absl::StatusOr<Result> r = Train(*lang, "parity", o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(r.status().message().find("the loss is nan"), std::string::npos)
      << r.status();
  std::filesystem::remove_all(dir);
}

TEST(TrainTest, RefusesBadOptionsNamingTheFlag) {
  std::unique_ptr<automata::Language> lang = Lang("first");
  Options o = Tiny(TempDir("bad"), 10);
  o.architecture.layers = 0;
  EXPECT_NE(ValidateOptions(*lang, o).message().find("--layers 0"),
            std::string::npos);
  o = Tiny(TempDir("bad"), 10);
  o.architecture.mask = Mask::kStrict;
  EXPECT_NE(ValidateOptions(*lang, o).message().find("--mask strict"),
            std::string::npos);
  o = Tiny(TempDir("bad"), 10);
  o.protocol.test_max = 5000;
  EXPECT_NE(ValidateOptions(*lang, o).message().find("--test-lengths"),
            std::string::npos);
}

}  // namespace
}  // namespace satcirc::train
