// satcirc-train: `satcirc train` (tools/cmd_train.cc), which `satcirc train`
// runs (tools/cmd_train_exec.cc), so that only this program loads LibTorch.
#include <iostream>
#include <string>
#include <vector>

#include "tools/commands.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const int code = satcirc::cli::RunTrain(args, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
