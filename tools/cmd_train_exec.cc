// satcirc train runs in its own program, satcirc-train, built beside satcirc
// when LibTorch is found: LibTorch's libraries take about a second to load,
// which every other command would otherwise pay at every start.
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli.h"
#include "tools/commands.h"

namespace satcirc::cli {

int RunTrain(const Args& args, std::ostream& out, std::ostream& err) {
  char self[PATH_MAX];
  const ssize_t size = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  std::string program;
  if (size > 0) {
    program = (std::filesystem::path(std::string(self, size)).parent_path() /
               "satcirc-train")
                  .string();
  }
  if (program.empty() || ::access(program.c_str(), X_OK) != 0) {
    err << "satcirc train: this satcirc was built without LibTorch (no "
           "satcirc-train beside it); install Debian's libtorch-dev "
           "(tools/dev/setup.sh does) and rebuild (docs/training.md)\n";
    return kExitBadInput;
  }
  std::vector<char*> argv = {program.data()};
  std::vector<std::string> copies = args;
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  out.flush();
  std::cout.flush();
  ::execv(program.c_str(), argv.data());
  err << "satcirc train: cannot run " << program << "\n";
  return kExitBadInput;
}

}  // namespace satcirc::cli
