#include "lib/check/journal.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/base/files.h"

namespace satcirc {
namespace {

constexpr absl::string_view kMagic = "satcirc-check-journal/1";

std::string Header(const JournalArgs& args) {
  std::string h = absl::StrCat(kMagic, "\n");
  for (const auto& [name, value] : args)
    absl::StrAppend(&h, "arg ", name, " ", value, "\n");
  return h;
}

}  // namespace

std::string Fingerprint(const std::string& bytes) {
  std::uint64_t h = 14695981039346656037ull;  // the FNV offset basis
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return absl::StrFormat("%016x", h);
}

CheckJournal::CheckJournal(std::string path, const JournalArgs& args)
    : path_(std::move(path)), header_(Header(args)) {}

absl::StatusOr<std::unique_ptr<CheckJournal>> CheckJournal::Open(
    const std::string& path, const JournalArgs& args,
    const std::vector<std::string>& also_read) {
  std::unique_ptr<CheckJournal> j(new CheckJournal(path, args));
  for (size_t f = 0; f <= also_read.size(); ++f) {
    const std::string& file = f == 0 ? path : also_read[f - 1];
    absl::StatusOr<std::string> text = ReadWholeFile(file);
    if (absl::IsNotFound(text.status())) continue;
    if (!text.ok()) return text.status();
    absl::StatusOr<std::vector<std::pair<ShardKey, LengthReport>>> shards =
        Parse(file, *text, args);
    if (!shards.ok()) return shards.status();
    auto& into = f == 0 ? j->shards_ : j->others_;
    into.insert(into.end(), shards->begin(), shards->end());
  }
  j->loaded_ = static_cast<int>(j->shards_.size() + j->others_.size());
  return j;
}

absl::StatusOr<std::vector<std::pair<ShardKey, LengthReport>>>
CheckJournal::Parse(const std::string& file, const std::string& text,
                    const JournalArgs& args) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  auto error = [&](size_t line, absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ":", line + 1, ": ", what));
  };
  if (lines.empty() || lines[0] != kMagic) {
    return error(0, absl::StrCat("not a check journal (it does not begin "
                                 "with '",
                                 kMagic, "'); give another --checkpoint file"));
  }
  for (size_t a = 0; a < args.size(); ++a) {
    const std::string want = absl::StrCat("arg ", args[a].first, " ");
    const size_t line = a + 1;
    if (line >= lines.size() || !absl::StartsWith(lines[line], "arg ")) {
      return error(line, "a journal of other arguments (fewer of them)");
    }
    if (lines[line] != want + args[a].second) {
      return error(line, absl::StrCat("a journal of other arguments: ",
                                      lines[line].substr(4), ", now ",
                                      args[a].first, " ", args[a].second));
    }
  }
  std::vector<std::pair<ShardKey, LengthReport>> shards;
  for (size_t line = args.size() + 1; line < lines.size(); ++line) {
    ShardKey key;
    LengthReport r;
    if (!ParseShardRecord(lines[line], &key, &r)) {
      return error(line, absl::StartsWith(lines[line], "arg ")
                             ? "a journal of other arguments (more of them)"
                             : "not a shard record (see lib/check/journal.h)");
    }
    shards.emplace_back(key, r);
  }
  return shards;
}

const LengthReport* CheckJournal::Find(const ShardKey& key) const {
  for (const auto* list : {&shards_, &others_}) {
    for (const auto& [k, r] : *list) {
      if (k == key) {
        ++found_;
        return &r;
      }
    }
  }
  return nullptr;
}

std::string CheckJournal::Text() const {
  std::string text = header_;
  for (const auto& [k, r] : shards_)
    absl::StrAppend(&text, FormatShardRecord(k, r), "\n");
  return text;
}

absl::Status CheckJournal::Record(const ShardKey& key,
                                  const LengthReport& part) {
  shards_.emplace_back(key, part);
  return WriteFileAtomically(path_, Text());
}

}  // namespace satcirc
