// Shard records: one line of text per finished shard (lib/check/journal.h
// gives the format), the form in which shards travel between processes and
// are kept in journals.
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "lib/check/check.h"

namespace satcirc {
namespace {

std::string FormatMargin(double m) {
  return std::isnan(m) ? "nan" : absl::StrFormat("%a", m);
}

std::string FormatWord(const std::optional<automata::Word>& w) {
  if (!w) return "-";
  return absl::StrCat("w:", absl::StrJoin(*w, ","));
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

}  // namespace

std::string FormatShardRecord(const ShardKey& k, const LengthReport& r) {
  return absl::StrCat(
      "shard ", k.n, " ",
      k.mode == LengthMode::kExhaustive ? "exhaustive" : "sampled", " ",
      k.begin, " ", k.end, " ", r.checked, " ", r.members, " ", r.false_accepts,
      " ", r.false_rejects, " ", FormatMargin(r.min_abs_y), " ",
      FormatWord(r.counterexample), " ", r.counterexample_is_member ? 1 : 0,
      " ", r.members_exist ? 1 : 0, " ", r.non_members_exist ? 1 : 0);
}

bool ParseShardRecord(absl::string_view line, ShardKey* k, LengthReport* r) {
  const std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
  if (f.size() != 14 || f[0] != "shard") return false;
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

}  // namespace satcirc
