#include "tools/cli.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "lib/base/files.h"
#include "lib/base/json.h"
#include "lib/check/check.h"
#include "tools/suggest.h"

namespace satcirc::cli {
namespace {

std::vector<FlagSpec> AllFlags(const CommandSpec& spec) {
  std::vector<FlagSpec> flags = spec.flags;
  if (spec.has_json) {
    flags.push_back({"json", false, "", "machine-readable output on stdout"});
  }
  flags.push_back({"help", false, "", "show this help"});
  return flags;
}

}  // namespace

std::optional<std::string> ParsedArgs::Get(absl::string_view name) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string ParsedArgs::GetOr(absl::string_view name,
                              absl::string_view fallback) const {
  auto value = Get(name);
  return value ? *value : std::string(fallback);
}

absl::StatusOr<ParsedArgs> ParseArgs(const CommandSpec& spec,
                                     const std::vector<std::string>& args) {
  const std::vector<FlagSpec> flags = AllFlags(spec);
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    // -o is the one short flag, as in compilers: --output.
    const std::string arg = args[i] == "-o" ? std::string("--output") : args[i];
    if (arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      if (static_cast<int>(parsed.positionals_.size()) >=
          spec.max_positionals) {
        return absl::InvalidArgumentError(absl::StrCat("unexpected argument '",
                                                       arg, "' (see satcirc ",
                                                       spec.name, " --help)"));
      }
      parsed.positionals_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* flag = nullptr;
    for (const FlagSpec& f : flags) {
      if (f.name == name) flag = &f;
    }
    if (flag == nullptr) {
      std::vector<std::string> names;
      for (const FlagSpec& f : flags) names.push_back(f.name);
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, DidYouMean(name, names, "--"),
                       " (see satcirc ", spec.name, " --help)"));
    }
    if (parsed.values_.count(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", name, " given twice"));
    }
    if (!flag->takes_value) {
      if (inline_value) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", name, " takes no value"));
      }
      parsed.values_[name] = "";
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "flag --", name, " needs a value (", flag->value_name, ")"));
      }
      inline_value = args[++i];
    }
    parsed.values_[name] = *inline_value;
  }
  return parsed;
}

void PrintHelp(const CommandSpec& spec, std::ostream& out) {
  out << "usage: " << spec.usage << "\n\n" << spec.summary << "\n\nflags:\n";
  for (const FlagSpec& f : AllFlags(spec)) {
    std::string left = "--" + f.name;
    if (f.takes_value) left += " " + f.value_name;
    out << absl::StrFormat("  %-22s %s\n", left, f.help);
  }
}

int BadInput(const CommandSpec& spec, const absl::Status& status,
             std::ostream& err) {
  err << "satcirc " << spec.name << ": " << status.message() << "\n";
  return kExitBadInput;
}

std::optional<ParsedArgs> ParseOrExit(const CommandSpec& spec,
                                      const std::vector<std::string>& args,
                                      std::ostream& out, std::ostream& err,
                                      int* exit_code) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(spec, args);
  if (!parsed.ok()) {
    *exit_code = BadInput(spec, parsed.status(), err);
    return std::nullopt;
  }
  if (parsed->help()) {
    PrintHelp(spec, out);
    *exit_code = kExitOk;
    return std::nullopt;
  }
  return *std::move(parsed);
}

absl::Status RequireFlags(const ParsedArgs& args,
                          std::initializer_list<const char*> flags) {
  for (const char* flag : flags) {
    if (!args.Has(flag)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, " is required"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> SplitList(absl::string_view flag,
                                                   absl::string_view value) {
  if (value.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": an empty list (give at least one item)"));
  }
  std::vector<std::string> items = absl::StrSplit(value, ',');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", flag, " '", value, "': item ", i + 1,
          " is empty (two commas in a row, or a comma at either end)"));
    }
  }
  return items;
}

std::string PadLeft(absl::string_view text, int width) {
  int chars = 0;
  for (unsigned char c : text)
    chars += (c & 0xC0) != 0x80;  // not a continuation
  return std::string(std::max(0, width - chars), ' ') + std::string(text);
}

absl::StatusOr<std::string> ReadFileToString(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin),
                       std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open for reading"));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat(path, ": read error"));
  return buffer.str();
}

absl::StatusOr<std::string> ReadFileUpTo(const std::string& path,
                                         std::size_t max_bytes) {
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "an empty file name (give a path, or - for standard input)");
  }
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    return absl::NotFoundError(absl::StrCat(
        name, ": cannot open for reading (",
        std::error_code(errno, std::generic_category()).message(), ")"));
  }
  std::string text;
  char buffer[1 << 16];
  absl::Status status;
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      status = absl::DataLossError(absl::StrCat(
          name, ": read error (",
          std::error_code(errno, std::generic_category()).message(), ")"));
      break;
    }
    if (got == 0) break;
    if (text.size() + static_cast<std::size_t>(got) > max_bytes) {
      status = absl::OutOfRangeError(
          absl::StrCat(name, ": longer than ", max_bytes, " bytes"));
      break;
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
  if (!is_stdin) ::close(fd);
  if (!status.ok()) return status;
  return text;
}

namespace {
Collective* g_collective = nullptr;
}  // namespace

Collective* CurrentCollective() { return g_collective; }
void SetCollective(Collective* collective) { g_collective = collective; }
bool IsFirstProcess() {
  return g_collective == nullptr || g_collective->rank() == 0;
}

namespace {

// Items as "O<len>:<text>" or "E<code>,<len>:<message>", one after another.
void AppendItem(const absl::StatusOr<std::string>& item, std::string& out) {
  const std::string& text =
      item.ok() ? *item : std::string(item.status().message());
  absl::StrAppend(
      &out, item.ok() ? "O" : "E",
      item.ok() ? ""
                : absl::StrCat(static_cast<int>(item.status().code()), ","),
      text.size(), ":", text);
}

bool ReadItem(absl::string_view& in, absl::StatusOr<std::string>* item) {
  if (in.empty()) return false;
  const bool ok = in[0] == 'O';
  in.remove_prefix(1);
  int code = 0;
  if (!ok) {
    const size_t comma = in.find(',');
    if (comma == absl::string_view::npos ||
        !absl::SimpleAtoi(in.substr(0, comma), &code))
      return false;
    in.remove_prefix(comma + 1);
  }
  const size_t colon = in.find(':');
  size_t len = 0;
  if (colon == absl::string_view::npos ||
      !absl::SimpleAtoi(in.substr(0, colon), &len) ||
      in.size() < colon + 1 + len)
    return false;
  const std::string text(in.substr(colon + 1, len));
  in.remove_prefix(colon + 1 + len);
  *item = ok ? absl::StatusOr<std::string>(text)
             : absl::Status(static_cast<absl::StatusCode>(code), text);
  return true;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ShareItems(
    size_t count,
    const std::function<absl::StatusOr<std::string>(size_t)>& each) {
  const int rank = g_collective ? g_collective->rank() : 0;
  const int ranks = g_collective ? g_collective->size() : 1;
  std::string mine;
  for (size_t i = rank; i < count; i += ranks) AppendItem(each(i), mine);
  std::vector<std::string> all = {mine};
  if (ranks > 1) {
    absl::StatusOr<std::vector<std::string>> gathered =
        g_collective->AllGather(mine);
    if (!gathered.ok()) return gathered.status();
    all = *std::move(gathered);
  }
  std::vector<absl::string_view> cursor(all.begin(), all.end());
  std::vector<std::string> items;
  for (size_t i = 0; i < count; ++i) {
    absl::StatusOr<std::string> item;
    if (!ReadItem(cursor[i % ranks], &item))
      return absl::InternalError("a malformed item from a process");
    if (!item.ok()) return item.status();
    items.push_back(*std::move(item));
  }
  return items;
}

absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents,
                                 std::ostream& stdout_stream) {
  if (!IsFirstProcess()) return absl::OkStatus();  // rank 0 writes it
  if (path == "-") {
    stdout_stream << contents;
    stdout_stream.flush();
    return absl::OkStatus();
  }
  return satcirc::WriteFileAtomically(path, contents);
}

std::string JsonQuote(absl::string_view s) { return json::Quote(s); }

absl::Status WriteAllOrNone(const OutputFiles& files) {
  struct Pending {
    std::string path, tmp, backup;
  };
  std::vector<Pending> pending;
  auto remove_temporaries = [&](std::size_t from) {
    for (std::size_t i = from; i < pending.size(); ++i) {
      std::remove(pending[i].tmp.c_str());
      if (!pending[i].backup.empty()) std::remove(pending[i].backup.c_str());
    }
  };
  auto fail = [&](const std::string& path, const std::string& why) {
    remove_temporaries(0);
    return absl::PermissionDeniedError(
        absl::StrCat(path, ": cannot write (", why, "); no file was written"));
  };
  for (const auto& [path, contents] : files) {
    pending.push_back({path, absl::StrCat(path, ".tmp.", ::getpid()), ""});
    errno = 0;
    std::ofstream out(pending.back().tmp, std::ios::binary | std::ios::trunc);
    if (out) out.write(contents.data(), contents.size());
    if (out) out.flush();
    if (!out) {
      const int e = errno;
      return fail(path, e != 0 ? std::strerror(e) : "write error");
    }
  }
  for (Pending& p : pending) {
    struct stat st;
    if (::stat(p.path.c_str(), &st) != 0) continue;
    if (!S_ISREG(st.st_mode)) return fail(p.path, "not a regular file");
    p.backup = absl::StrCat(p.path, ".bak.", ::getpid());
    if (::link(p.path.c_str(), p.backup.c_str()) != 0) p.backup.clear();
  }
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (std::rename(pending[i].tmp.c_str(), pending[i].path.c_str()) == 0) {
      continue;
    }
    const std::string why = std::strerror(errno);
    for (std::size_t j = 0; j < i; ++j) {
      const Pending& p = pending[j];
      if (p.backup.empty() ||
          std::rename(p.backup.c_str(), p.path.c_str()) != 0) {
        std::remove(p.path.c_str());
      }
    }
    remove_temporaries(i);
    return absl::PermissionDeniedError(absl::StrCat(
        pending[i].path, ": cannot write (", why, "); no file was written"));
  }
  for (const Pending& p : pending) {
    if (!p.backup.empty()) std::remove(p.backup.c_str());
  }
  return absl::OkStatus();
}

}  // namespace satcirc::cli
