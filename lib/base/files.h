// Files written so that a reader never sees half of one: the contents go to a
// temporary file beside the target, which is then renamed over it.
#ifndef SATCIRC_LIB_BASE_FILES_H_
#define SATCIRC_LIB_BASE_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace satcirc {

// Writes `contents` to `path` through PATH.tmp.PID and a rename: the file is
// the old one or the new one, never a mixture, even if the process is killed.
// A path that exists and is not a regular file (/dev/null, a FIFO) is
// written in place, never replaced. PermissionDenied / DataLoss naming the
// path.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents);

// The whole file; NotFound when it does not exist, PermissionDenied when it
// cannot be read.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace satcirc

#endif  // SATCIRC_LIB_BASE_FILES_H_
