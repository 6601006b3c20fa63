// Resolving a --model argument: a file path, "-" for stdin, or zoo:NAME.
#ifndef SATCIRC_TOOLS_MODEL_ARG_H_
#define SATCIRC_TOOLS_MODEL_ARG_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"
#include "lib/model/model.h"

namespace satcirc::cli {

// A missing file whose name is (close to) a zoo construction is refused with
// "no file 'majority'; did you mean zoo:majority?"; an unknown zoo:NAME
// suggests the nearest name.
absl::StatusOr<Model> LoadModelArg(const std::string& spec);

// A program file, B-RASP (*.brasp) or C-RASP (*.crasp).
bool IsProgramFile(const std::string& path);
// A program file compiled to its model, named after the file.
inline constexpr std::size_t kMaxProgramBytes = 1 << 20;
absl::StatusOr<Model> LoadProgramModel(const std::string& path);
// The language a program file declares (empty when none).
absl::StatusOr<std::string> ProgramLanguage(const std::string& path);
// "examples/programs/first.brasp" -> "first".
std::string ProgramName(const std::string& path);

// automata::ParseLanguage for a --lang argument, with a hint when the family
// is unknown: a zoo model's name ("the language is dyck:k=1; the zoo model is
// zoo:dyck1") or the nearest family ("did you mean parity?").
absl::StatusOr<std::unique_ptr<automata::Language>> ParseLangArg(
    const std::string& spec);

// The names of the zoo's constructions, in its order.
std::vector<std::string> ZooNames();

// The language spec a zoo:NAME model is checked against; nullopt for a model
// file or an unknown name.
std::optional<std::string> ZooLanguageOf(const std::string& spec);

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_MODEL_ARG_H_
