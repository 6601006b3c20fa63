// Resolving a --model argument: a file path, "-" for stdin, or zoo:NAME.
#ifndef SATCIRC_TOOLS_MODEL_ARG_H_
#define SATCIRC_TOOLS_MODEL_ARG_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "lib/model/model.h"

namespace satcirc::cli {

absl::StatusOr<Model> LoadModelArg(const std::string& spec);

// The language spec a zoo:NAME model is checked against; nullopt for a model
// file or an unknown name.
std::optional<std::string> ZooLanguageOf(const std::string& spec);

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_MODEL_ARG_H_
