#include "lib/base/files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace satcirc {
namespace {

std::string ErrnoText(const char* otherwise) {
  return errno != 0 ? std::error_code(errno, std::generic_category()).message()
                    : std::string(otherwise);
}

// A path that exists and is not a regular file (/dev/null, a FIFO, a
// terminal) is written in place: renaming over it would replace the device.
absl::Status WriteInPlace(const std::string& path, absl::string_view contents) {
  errno = 0;
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    return absl::PermissionDeniedError(absl::StrCat(
        path, ": cannot write (", ErrnoText("cannot open it"), ")"));
  }
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.flush();
  if (!out) return absl::DataLossError(absl::StrCat(path, ": write error"));
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return WriteInPlace(path, contents);
  const std::string tmp = absl::StrCat(path, ".tmp.", ::getpid());
  {
    errno = 0;
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return absl::PermissionDeniedError(
          absl::StrCat(path, ": cannot write (",
                       ErrnoText("cannot create a file beside it"), ")"));
    }
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.flush();
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      return absl::DataLossError(absl::StrCat(path, ": write error"));
    }
  }
  errno = 0;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = ErrnoText("rename failed");
    std::remove(tmp.c_str());
    return absl::PermissionDeniedError(
        absl::StrCat(path, ": cannot write (", why, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    }
    return absl::PermissionDeniedError(absl::StrCat(
        path, ": cannot read (", ErrnoText("cannot open it"), ")"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace satcirc
