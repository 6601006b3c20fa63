#include "tools/model_arg.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "automata/registry.h"
#include "lib/base/json.h"
#include "lib/model/model_io.h"
#include "lib/programs/brasp.h"
#include "lib/programs/crasp.h"
#include "lib/zoo/zoo.h"
#include "tools/cli.h"
#include "tools/suggest.h"

namespace satcirc::cli {
std::vector<std::string> ZooNames() {
  std::vector<std::string> names;
  for (const zoo::ZooEntry& e : zoo::Entries()) names.push_back(e.name);
  return names;
}

namespace {

bool IsZooName(absl::string_view name) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    if (e.name == name) return true;
  }
  return false;
}

// "majority" given where a file is expected: when no such file exists and the
// name is (or is close to) a zoo construction, say so.
std::optional<std::string> ZooHintForMissingFile(const std::string& path) {
  std::error_code ec;
  if (path == "-" || std::filesystem::exists(path, ec)) return std::nullopt;
  if (absl::StrContains(path, '/')) return std::nullopt;
  std::optional<std::string> zoo_name = IsZooName(path)
                                            ? std::optional<std::string>(path)
                                            : Closest(path, ZooNames());
  if (!zoo_name) return std::nullopt;
  return absl::StrCat("no file '", path, "'; did you mean zoo:", *zoo_name,
                      "?");
}

}  // namespace

std::string ProgramName(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  return name.substr(0, name.find_last_of('.'));
}

namespace {

absl::StatusOr<std::string> ReadProgramText(const std::string& path) {
  return ReadFileUpTo(path, kMaxProgramBytes);
}

std::string SourceName(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

}  // namespace

bool IsProgramFile(const std::string& path) {
  return absl::EndsWith(path, ".brasp") || absl::EndsWith(path, ".crasp");
}

absl::StatusOr<Model> LoadProgramModel(const std::string& path) {
  absl::StatusOr<std::string> text = ReadProgramText(path);
  if (!text.ok()) return text.status();
  if (absl::EndsWith(path, ".crasp")) {
    absl::StatusOr<programs::CraspProgram> p =
        programs::ParseCrasp(*text, SourceName(path));
    if (!p.ok()) return p.status();
    return programs::CompileCrasp(*p, ProgramName(path));
  }
  absl::StatusOr<programs::BraspProgram> p =
      programs::ParseBrasp(*text, SourceName(path));
  if (!p.ok()) return p.status();
  return programs::CompileBrasp(*p, ProgramName(path));
}

absl::StatusOr<std::string> ProgramLanguage(const std::string& path) {
  absl::StatusOr<std::string> text = ReadProgramText(path);
  if (!text.ok()) return text.status();
  if (absl::EndsWith(path, ".crasp")) {
    absl::StatusOr<programs::CraspProgram> p =
        programs::ParseCrasp(*text, SourceName(path));
    if (!p.ok()) return p.status();
    return p->language;
  }
  absl::StatusOr<programs::BraspProgram> p =
      programs::ParseBrasp(*text, SourceName(path));
  if (!p.ok()) return p.status();
  return p->language;
}

absl::StatusOr<Model> LoadModelArg(const std::string& spec) {
  if (absl::StartsWith(spec, "zoo:")) {
    const std::string name = spec.substr(4);
    const std::string hint = DidYouMean(name, ZooNames(), "zoo:");
    if (!IsZooName(name) && !hint.empty()) {
      return absl::NotFoundError(absl::StrCat(
          spec, ": no such construction", hint, " (satcirc zoo lists them)"));
    }
    return zoo::Build(name);
  }
  if (IsProgramFile(spec)) return LoadProgramModel(spec);
  if (std::optional<std::string> hint = ZooHintForMissingFile(spec)) {
    return absl::NotFoundError(*hint);
  }
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

absl::StatusOr<std::unique_ptr<automata::Language>> ParseLangArg(
    const std::string& spec) {
  absl::StatusOr<std::unique_ptr<automata::Language>> lang =
      automata::ParseLanguage(spec);
  if (lang.ok()) return lang;
  const std::string name = spec.substr(0, spec.find(':'));
  std::vector<std::string> families;
  for (const automata::LanguageFamily& f : automata::LanguageFamilies()) {
    const std::string family = f.syntax.substr(0, f.syntax.find_first_of(":["));
    if (family == name) return lang;  // a known family, a bad parameter
    families.push_back(family);
  }
  // A zoo model's name given as a language (dyck1, tomita2, ...).
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    if (e.name == spec && !e.negative_control) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown language '", spec, "': the language is ",
                       e.language, "; the zoo model is zoo:", e.name));
    }
  }
  const std::string hint = DidYouMean(name, families);
  if (hint.empty()) return lang;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown language '", name, "'", hint, " (satcirc langs lists them)"));
}

}  // namespace satcirc::cli
