// Replays every kept fuzz input through the same entry points as the
// harnesses (targets.h), in every normal build (g++, and the sanitizer build):
//   regressions/TARGET/FILE   crash inputs and the bad inputs: the
//                             parser must refuse them (non-OK) without a
//                             crash, unless FILE begins with "valid-"
//   seeds/TARGET/FILE         seed inputs: no crash, no broken property
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/fuzz/targets.h"

namespace satcirc::fuzz {

// Test names and failures show the target's name, not its bytes.
void PrintTo(const Target& target, std::ostream* out) { *out << target.name; }

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> FilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ReplayTest : public ::testing::TestWithParam<Target> {};

TEST_P(ReplayTest, RegressionsAreRefusedWithoutACrash) {
  const fs::path dir =
      fs::path(SATCIRC_SOURCE_DIR) / "tests/fuzz/regressions" / GetParam().name;
  for (const fs::path& file : FilesIn(dir)) {
    const absl::Status status = GetParam().run(ReadBytes(file));
    EXPECT_NE(status.code(), absl::StatusCode::kInternal)
        << file << ": " << status;
    if (file.filename().string().rfind("valid-", 0) != 0) {
      EXPECT_FALSE(status.ok()) << file << " was accepted";
    }
  }
}

TEST_P(ReplayTest, SeedsKeepTheirProperties) {
  const fs::path dir =
      fs::path(SATCIRC_SOURCE_DIR) / "tests/fuzz/seeds" / GetParam().name;
  for (const fs::path& file : FilesIn(dir)) {
    const absl::Status status = GetParam().run(ReadBytes(file));
    EXPECT_NE(status.code(), absl::StatusCode::kInternal)
        << file << ": " << status;
  }
}

INSTANTIATE_TEST_SUITE_P(Fuzz, ReplayTest, ::testing::ValuesIn(Targets()),
                         [](const ::testing::TestParamInfo<Target>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace satcirc::fuzz
