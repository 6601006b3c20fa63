#include "tools/model_arg.h"

#include "absl/strings/match.h"
#include "lib/base/json.h"
#include "lib/model/model_io.h"
#include "lib/zoo/zoo.h"
#include "tools/cli.h"

namespace satcirc::cli {

absl::StatusOr<Model> LoadModelArg(const std::string& spec) {
  if (absl::StartsWith(spec, "zoo:")) return zoo::Build(spec.substr(4));
  // Bounded: /dev/zero or a huge file is refused, not read until memory runs
  // out (docs/limits.md).
  absl::StatusOr<std::string> text = ReadFileUpTo(spec, json::kMaxBytes);
  if (!text.ok()) return text.status();
  return ReadModelFromString(*text, spec == "-" ? "<stdin>" : spec);
}

std::optional<std::string> ZooLanguageOf(const std::string& spec) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    if ("zoo:" + e.name == spec) return e.language;
  }
  return std::nullopt;
}

}  // namespace satcirc::cli
