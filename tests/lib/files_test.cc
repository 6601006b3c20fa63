// Atomic file writes: a regular file is replaced whole; a device or a FIFO
// is written in place and stays what it was.
#include "lib/base/files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace satcirc {
namespace {

std::string Dir() {
  const std::string d = (std::filesystem::temp_directory_path() /
                         ("satcirc_files_test_" + std::to_string(::getpid())))
                            .string();
  std::filesystem::create_directories(d);
  return d;
}

TEST(FilesTest, ARegularFileIsReplacedWhole) {
  const std::string path = Dir() + "/out.txt";
  std::ofstream(path) << "old contents, longer than the new ones";
  ASSERT_TRUE(WriteFileAtomically(path, "new").ok());
  EXPECT_EQ(*ReadWholeFile(path), "new");
  EXPECT_TRUE(absl::IsNotFound(ReadWholeFile(Dir() + "/absent").status()));
  std::filesystem::remove_all(Dir());
}

TEST(FilesTest, DevNullStaysADevice) {
  ASSERT_TRUE(WriteFileAtomically("/dev/null", "anything").ok());
  struct stat st;
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST(FilesTest, AFifoIsWrittenInPlace) {
  const std::string path = Dir() + "/fifo";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::string read;
  std::thread reader([&] {
    std::ifstream in(path);
    std::getline(in, read);
  });
  ASSERT_TRUE(WriteFileAtomically(path, "through the pipe\n").ok());
  reader.join();
  EXPECT_EQ(read, "through the pipe");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  std::filesystem::remove_all(Dir());
}

}  // namespace
}  // namespace satcirc
