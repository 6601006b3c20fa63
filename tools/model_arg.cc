#include "tools/model_arg.h"

#include "absl/strings/match.h"
#include "lib/model_io.h"
#include "lib/zoo/zoo.h"
#include "tools/cli.h"

namespace satcirc::cli {

absl::StatusOr<Model> LoadModelArg(const std::string& spec) {
  if (absl::StartsWith(spec, "zoo:")) return zoo::Build(spec.substr(4));
  absl::StatusOr<std::string> text = ReadFileToString(spec);
  if (!text.ok()) return text.status();
  return ReadModelFromString(*text, spec == "-" ? "<stdin>" : spec);
}

}  // namespace satcirc::cli
