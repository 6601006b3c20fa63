// satcirc train in a build without LibTorch: a clear refusal.
#include "tools/cli.h"
#include "tools/commands.h"

namespace satcirc::cli {

int RunTrain(const Args& /*args*/, std::ostream& /*out*/, std::ostream& err) {
  err << "satcirc train: this satcirc was built without LibTorch; install "
         "Debian's libtorch-dev (tools/dev/setup.sh does) and rebuild "
         "(docs/training.md)\n";
  return kExitBadInput;
}

}  // namespace satcirc::cli
