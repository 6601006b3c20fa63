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

std::string FormatMargin(double m) {
  return std::isnan(m) ? "nan" : absl::StrFormat("%a", m);
}

std::string FormatWord(const std::optional<automata::Word>& w) {
  if (!w) return "-";
  return absl::StrCat("w:", absl::StrJoin(*w, ","));
}

std::string ShardLine(const ShardKey& k, const LengthReport& r) {
  return absl::StrCat(
      "shard ", k.n, " ",
      k.mode == LengthMode::kExhaustive ? "exhaustive" : "sampled", " ",
      k.begin, " ", k.end, " ", r.checked, " ", r.members, " ", r.false_accepts,
      " ", r.false_rejects, " ", FormatMargin(r.min_abs_y), " ",
      FormatWord(r.counterexample), " ", r.counterexample_is_member ? 1 : 0,
      " ", r.members_exist ? 1 : 0, " ", r.non_members_exist ? 1 : 0, "\n");
}

bool ParseMargin(absl::string_view s, double* m) {
  if (s == "nan") {
    *m = std::nan("");
    return true;
  }
  const std::string text(s);
  char* end = nullptr;
  *m = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && !text.empty();
}

bool ParseWord(absl::string_view s, std::optional<automata::Word>* w) {
  if (s == "-") {
    w->reset();
    return true;
  }
  if (!absl::ConsumePrefix(&s, "w:")) return false;
  automata::Word word;
  if (!s.empty()) {
    for (absl::string_view part : absl::StrSplit(s, ',')) {
      int symbol = 0;
      if (!absl::SimpleAtoi(part, &symbol) || symbol < 0 || symbol > 255)
        return false;
      word.push_back(static_cast<automata::Symbol>(symbol));
    }
  }
  *w = std::move(word);
  return true;
}

bool ParseBit(absl::string_view s, bool* b) {
  if (s != "0" && s != "1") return false;
  *b = s == "1";
  return true;
}

// One shard line's fields after "shard".
bool ParseShard(const std::vector<absl::string_view>& f, ShardKey* k,
                LengthReport* r) {
  if (f.size() != 14) return false;
  if (f[2] != "exhaustive" && f[2] != "sampled") return false;
  k->mode =
      f[2] == "exhaustive" ? LengthMode::kExhaustive : LengthMode::kSampled;
  r->mode = k->mode;
  r->exhaustive = k->mode == LengthMode::kExhaustive;
  return absl::SimpleAtoi(f[1], &k->n) && absl::SimpleAtoi(f[3], &k->begin) &&
         absl::SimpleAtoi(f[4], &k->end) && k->begin < k->end &&
         absl::SimpleAtoi(f[5], &r->checked) &&
         absl::SimpleAtoi(f[6], &r->members) &&
         absl::SimpleAtoi(f[7], &r->false_accepts) &&
         absl::SimpleAtoi(f[8], &r->false_rejects) &&
         ParseMargin(f[9], &r->min_abs_y) &&
         ParseWord(f[10], &r->counterexample) &&
         ParseBit(f[11], &r->counterexample_is_member) &&
         ParseBit(f[12], &r->members_exist) &&
         ParseBit(f[13], &r->non_members_exist) && (r->n = k->n) >= 0;
}

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
    const std::string& path, const JournalArgs& args) {
  std::unique_ptr<CheckJournal> j(new CheckJournal(path, args));
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (absl::IsNotFound(text.status())) return j;
  if (!text.ok()) return text.status();
  if (absl::Status s = j->Parse(*text, args); !s.ok()) return s;
  return j;
}

absl::Status CheckJournal::Parse(const std::string& text,
                                 const JournalArgs& args) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  auto error = [&](size_t line, absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ":", line + 1, ": ", what));
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
  for (size_t line = args.size() + 1; line < lines.size(); ++line) {
    const std::vector<absl::string_view> f = absl::StrSplit(lines[line], ' ');
    ShardKey key;
    LengthReport r;
    if (f.empty() || f[0] != "shard" || !ParseShard(f, &key, &r)) {
      return error(line, f.size() > 0 && f[0] == "arg"
                             ? "a journal of other arguments (more of them)"
                             : "not a shard record (see lib/check/journal.h)");
    }
    shards_.emplace_back(key, r);
  }
  loaded_ = static_cast<int>(shards_.size());
  return absl::OkStatus();
}

const LengthReport* CheckJournal::Find(const ShardKey& key) const {
  for (const auto& [k, r] : shards_) {
    if (k == key) {
      ++found_;
      return &r;
    }
  }
  return nullptr;
}

std::string CheckJournal::Text() const {
  std::string text = header_;
  for (const auto& [k, r] : shards_) absl::StrAppend(&text, ShardLine(k, r));
  return text;
}

absl::Status CheckJournal::Record(const ShardKey& key,
                                  const LengthReport& part) {
  shards_.emplace_back(key, part);
  return WriteFileAtomically(path_, Text());
}

}  // namespace satcirc
