#include "lib/experiments/atlas.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <mutex>
#include <optional>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "automata/dfa.h"
#include "automata/enumerate.h"
#include "automata/registry.h"
#include "automata/syntactic_monoid.h"
#include "lib/base/json.h"
#include "lib/base/parallel.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

struct Pair {
  std::string model, language, relation;
  const Model* file_model = nullptr;  // nullptr: zoo::Build(model)
};

// Natural neighbours: the language next door, where a construction should fail
// (and the atlas shows where).
const std::vector<std::pair<std::string, std::string>>& Neighbours() {
  static const auto* n = new std::vector<std::pair<std::string, std::string>>{
      {"majority", "parity"},        {"majority", "first"},
      {"parity", "majority"},        {"first", "majority"},
      {"dyck1", "dyck:k=1,depth=3"}, {"dyck2-depth3", "dyck:k=2"},
      {"tomita2", "tomita:1"},       {"tomita7", "tomita:4"},
  };
  return *n;
}

std::string AttentionKinds(const Model& m) {
  std::set<std::string> kinds;
  for (const Layer& l : m.layers) {
    for (const Head& h : l.heads) {
      kinds.insert(h.mode == AttentionMode::kSaturated ? "saturated"
                   : h.mode == AttentionMode::kSoftmax ? "softmax"
                                                       : "hard");
    }
  }
  return absl::StrJoin(kinds, " + ");
}

std::string LanguageClass(const automata::Language& lang) {
  std::string cls = lang.info().known_class;
  if (const automata::Dfa* dfa = lang.dfa()) {
    absl::StatusOr<automata::SyntacticMonoid> monoid =
        automata::ComputeSyntacticMonoid(*dfa);
    if (monoid.ok()) {
      absl::StrAppend(&cls, cls.empty() ? "" : "; ", "syntactic monoid of ",
                      monoid->size,
                      monoid->aperiodic ? ", aperiodic (star-free)"
                                        : ", not aperiodic (not star-free)");
    }
  }
  return cls;
}

}  // namespace

namespace {

// The first length from n on (at most 12 further) at which Σⁿ holds both
// members and non-members, so that a sampled length tests both classes
// (aⁿbⁿcⁿ has no members at 32, 64, ..., 10000); n itself when none, or when
// counting there is beyond the language's limits (the sampler then says so).
int TwoSidedLength(const automata::Language& language, int n) {
  for (int m = n; m <= n + 12; ++m) {
    if (!language.CheckCountingLimits(m).ok()) return n;
    mpz_class words;
    mpz_ui_pow_ui(words.get_mpz_t(), language.alphabet().size(), m);
    const mpz_class members = language.CountMembers(m);
    if (members > 0 && members < words) return m;
  }
  return n;
}

}  // namespace

namespace {

// The pairs to check: the chosen zoo models with their own languages and
// neighbours, then the model files with theirs.
absl::StatusOr<std::vector<Pair>> MakePairs(const AtlasOptions& options) {
  for (const std::string& m : options.models) {
    bool known = false;
    for (const zoo::ZooEntry& e : zoo::Entries()) known = known || e.name == m;
    if (!known) {
      return absl::NotFoundError(
          absl::StrCat("zoo:", m, ": no such construction"));
    }
  }
  const bool whole_zoo = options.models.empty() && options.file_models.empty();
  std::vector<Pair> pairs;
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    if (!whole_zoo && std::find(options.models.begin(), options.models.end(),
                                e.name) == options.models.end()) {
      continue;
    }
    pairs.push_back(
        {e.name, e.language, e.negative_control ? "negative control" : "own"});
    for (const auto& [model, language] : Neighbours()) {
      if (model == e.name) pairs.push_back({model, language, "neighbour"});
    }
  }
  for (const AtlasOptions::FileModel& f : options.file_models) {
    pairs.push_back({f.name, f.language, "own", &f.model});
  }
  return pairs;
}

// The exhaustive lengths, then the sampled ones (each moved to a two-sided
// length); sets row->max_exhaustive_n.
std::vector<int> AtlasLengths(const AtlasOptions& options,
                              const automata::Language& lang, AtlasRow* row) {
  std::vector<int> lengths;
  const int k = row->alphabet.size();
  for (int n = 0;; ++n) {
    std::optional<std::uint64_t> count = automata::NumWords(k, n);
    if (!count || *count > options.exhaustive_words) break;
    lengths.push_back(n);
    row->max_exhaustive_n = n;
  }
  for (int n : options.sampled_lengths) {
    if (n > row->max_exhaustive_n) lengths.push_back(TwoSidedLength(lang, n));
  }
  return lengths;
}

// `starting(n)` is called as each length begins. With `given`, the lengths'
// reports are those (another process checked the pair) and none is checked.
absl::StatusOr<AtlasRow> CheckPair(
    const Pair& pair, const AtlasOptions& options,
    const std::function<void(int)>& starting,
    const std::vector<LengthReport>* given = nullptr) {
  absl::StatusOr<Model> model = pair.file_model
                                    ? absl::StatusOr<Model>(*pair.file_model)
                                    : zoo::Build(pair.model);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::unique_ptr<automata::Language>> lang =
      automata::ParseLanguage(pair.language);
  if (!lang.ok()) return lang.status();
  absl::StatusOr<std::unique_ptr<Decider>> decider = MakeExactDecider(*model);
  if (!decider.ok()) {
    return absl::Status(
        decider.status().code(),
        absl::StrCat(pair.model, ": ", decider.status().message()));
  }
  if (!((*lang)->alphabet() == model->alphabet)) {
    return absl::InvalidArgumentError(
        absl::StrCat(pair.model, ": the model's alphabet {",
                     model->alphabet.symbols(), "} is not the alphabet {",
                     (*lang)->alphabet().symbols(), "} of ", (*lang)->spec()));
  }
  AtlasRow row;
  row.model = pair.model;
  row.from_file = pair.file_model != nullptr;
  row.alphabet = model->alphabet;
  row.language = (*lang)->spec();
  row.relation = pair.relation;
  row.attention = AttentionKinds(*model);
  row.layers = static_cast<int>(model->layers.size());
  row.language_class = LanguageClass(**lang);
  row.report.engine = (*decider)->engine_name();
  const std::vector<int> lengths = AtlasLengths(options, **lang, &row);
  CheckOptions check{.exhaustive_limit = options.exhaustive_words,
                     .samples = options.samples,
                     .seed = options.seed,
                     .threads = options.threads};
  if (given != nullptr) {
    row.report.lengths = *given;
    return row;
  }
  // Length by length, stopping at the first failure.
  for (int n : lengths) {
    starting(n);
    absl::StatusOr<CheckReport> r = Check(**decider, **lang, {n}, check);
    if (!r.ok()) return r.status();
    row.report.lengths.push_back(r->lengths[0]);
    if (!r->holds()) break;
  }
  return row;
}

// A pair's row as text for the other processes: "ok" and a shard record per
// length, or "error CODE" and the message.
std::string RowRecord(const absl::StatusOr<AtlasRow>& row) {
  if (!row.ok()) {
    return absl::StrCat("error ", static_cast<int>(row.status().code()), "\n",
                        row.status().message());
  }
  std::string text = "ok\n";
  for (const LengthReport& r : row->report.lengths) {
    const ShardKey key{.n = r.n, .mode = r.mode, .begin = 0, .end = r.checked};
    absl::StrAppend(&text, FormatShardRecord(key, r), "\n");
  }
  return text;
}

// The rows of the pairs other processes checked, from their records.
absl::Status ReceiveRows(
    const std::vector<Pair>& pairs, const AtlasOptions& options,
    const std::vector<std::string>& payloads,
    std::vector<std::optional<absl::StatusOr<AtlasRow>>>& rows) {
  const int ranks = static_cast<int>(payloads.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (rows[i].has_value()) continue;  // this process's
    std::vector<absl::string_view> records =
        absl::StrSplit(payloads[i % ranks], '\x1e');
    const size_t slot = i / ranks;
    if (slot >= records.size()) return absl::InternalError("a lost atlas row");
    std::vector<absl::string_view> lines =
        absl::StrSplit(records[slot], absl::MaxSplits('\n', 1));
    if (absl::ConsumePrefix(&lines[0], "error ")) {
      int code = 0;
      (void)absl::SimpleAtoi(lines[0], &code);
      rows[i] = absl::Status(static_cast<absl::StatusCode>(code),
                             lines.size() > 1 ? lines[1] : "");
      continue;
    }
    std::vector<LengthReport> given;
    for (absl::string_view line : absl::StrSplit(
             lines.size() > 1 ? lines[1] : "", '\n', absl::SkipEmpty())) {
      ShardKey key;
      LengthReport r;
      if (!ParseShardRecord(line, &key, &r))
        return absl::InternalError("a malformed atlas row from a process");
      r.min_abs_y_known = !std::isnan(r.min_abs_y);
      given.push_back(r);
    }
    rows[i] = CheckPair(
        pairs[i], options, [](int) {}, &given);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Atlas> BuildAtlas(const AtlasOptions& options) {
  absl::StatusOr<std::vector<Pair>> pairs = MakePairs(options);
  if (!pairs.ok()) return pairs.status();
  const int total = static_cast<int>(pairs->size());
  std::vector<std::optional<absl::StatusOr<AtlasRow>>> rows(total);
  std::atomic<int> next{0};
  std::mutex mu;  // guards rows, done and the progress callback
  int done = 0;
  auto note = [&](int i, int n) {
    const Pair& pair = (*pairs)[i];
    return absl::StrCat(pair.file_model ? "" : "zoo:", pair.model, " vs ",
                        pair.language, " at n = ", n);
  };
  // In a distributed run, process r checks the pairs i with i mod R = r.
  const int rank = options.collective ? options.collective->rank() : 0;
  const int ranks = options.collective ? options.collective->size() : 1;
  auto worker = [&](int) {
    for (int i = next++; i < total; i = next++) {
      if (i % ranks != rank) continue;
      auto starting = [&](int n) {
        std::lock_guard<std::mutex> lock(mu);
        if (options.progress) options.progress(done, total, note(i, n));
      };
      absl::StatusOr<AtlasRow> row = CheckPair((*pairs)[i], options, starting);
      std::lock_guard<std::mutex> lock(mu);
      rows[i] = std::move(row);
      ++done;
    }
  };
  internal::RunWorkers(std::min(internal::ThreadsFor(options.threads), total),
                       worker);
  if (ranks > 1) {
    std::string mine;
    for (int i = rank; i < total; i += ranks) {
      absl::StrAppend(&mine, i == rank ? "" : "\x1e", RowRecord(*rows[i]));
    }
    absl::StatusOr<std::vector<std::string>> all =
        options.collective->AllGather(mine);
    if (!all.ok()) return all.status();
    if (absl::Status s = ReceiveRows(*pairs, options, *all, rows); !s.ok())
      return s;
  }
  Atlas atlas;
  atlas.options = options;
  for (std::optional<absl::StatusOr<AtlasRow>>& row : rows) {
    if (!row->ok()) return row->status();  // the first failing pair's error
    atlas.rows.push_back(**std::move(row));
  }
  if (options.progress) options.progress(total, total, "");
  return atlas;
}

namespace {

std::string Verdict(const AtlasRow& row, const automata::Alphabet& alphabet,
                    bool markdown) {
  const LengthReport* f = row.report.first_failure();
  if (f == nullptr) {
    std::vector<std::string> sampled, one_sided;
    for (const LengthReport& r : row.report.lengths) {
      if (r.exhaustive) continue;
      sampled.push_back(absl::StrCat(r.n));
      if (r.one_sided()) one_sided.push_back(absl::StrCat(r.n));
    }
    return absl::StrCat(
        markdown ? "✓ " : "", "exhaustive n ≤ ", row.max_exhaustive_n,
        sampled.empty() ? "" : "; sampled n = ", absl::StrJoin(sampled, ", "),
        one_sided.empty() ? "" : " (one-sided, one class only: n = ",
        absl::StrJoin(one_sided, ", "), one_sided.empty() ? "" : ")");
  }
  return absl::StrCat(markdown ? "✗ " : "", "fails at n = ", f->n, ": `",
                      alphabet.Format(*f->counterexample), "` ",
                      f->counterexample_is_member ? "(member, rejected)"
                                                  : "(non-member, accepted)");
}

// As given on the command line: zoo:NAME, or the file's name.
std::string Label(const AtlasRow& row) {
  return row.from_file ? row.model : "zoo:" + row.model;
}

// A table cell: '|' (a regular expression's alternation) would end the cell.
std::string Cell(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"|", "\\|"}});
}

}  // namespace

std::ostream& WriteAtlasMarkdown(std::ostream& out, const Atlas& atlas) {
  out << "| model | language | relation | attention | layers | result | "
         "language class |\n"
      << "|---|---|---|---|---:|---|---|\n";
  for (const AtlasRow& row : atlas.rows) {
    std::string verdict = Verdict(row, row.alphabet, /*markdown=*/true);
    out << "| " << Cell(Label(row)) << " | " << Cell(row.language) << " | "
        << row.relation << " | " << row.attention << " | " << row.layers
        << " | " << Cell(verdict) << " | " << Cell(row.language_class)
        << " |\n";
  }
  int holds = 0, fails = 0, controls_fail = 0, controls = 0;
  for (const AtlasRow& row : atlas.rows) {
    (row.holds() ? holds : fails) += 1;
    if (row.relation == "negative control") {
      ++controls;
      controls_fail += !row.holds();
    }
  }
  out << "\n"
      << holds << " pairs hold, " << fails << " fail (" << controls_fail
      << " of " << controls
      << " negative controls fail, as they must). Exhaustive up to "
      << atlas.options.exhaustive_words << " strings per length; "
      << atlas.options.samples << " seeded samples (seed " << atlas.options.seed
      << ") per sampled length.\n";
  return out;
}

std::ostream& WriteAtlasJson(std::ostream& out, const Atlas& atlas) {
  out << "{\"exhaustive_words\": " << atlas.options.exhaustive_words
      << ", \"samples\": " << atlas.options.samples
      << ", \"seed\": " << atlas.options.seed << ",\n \"rows\": [";
  for (size_t i = 0; i < atlas.rows.size(); ++i) {
    const AtlasRow& row = atlas.rows[i];
    std::vector<std::string> lengths;
    for (const LengthReport& r : row.report.lengths) {
      std::string item = absl::StrCat("{\"n\": ", r.n, ", \"mode\": \"",
                                      r.exhaustive ? "exhaustive" : "sampled",
                                      "\", \"checked\": ", r.checked,
                                      ", \"members\": ", r.members,
                                      ", \"false_accepts\": ", r.false_accepts,
                                      ", \"false_rejects\": ", r.false_rejects);
      if (r.counterexample) {
        absl::StrAppend(&item, ", \"counterexample\": ",
                        json::Quote(row.alphabet.Format(*r.counterexample)),
                        ", \"counterexample_is_member\": ",
                        r.counterexample_is_member ? "true" : "false");
      }
      lengths.push_back(item + "}");
    }
    out << (i ? "," : "") << "\n  {\"model\": " << json::Quote(Label(row))
        << ", \"language\": " << json::Quote(row.language)
        << ", \"relation\": " << json::Quote(row.relation)
        << ", \"attention\": " << json::Quote(row.attention)
        << ", \"layers\": " << row.layers
        << ", \"language_class\": " << json::Quote(row.language_class)
        << ", \"holds\": " << (row.holds() ? "true" : "false")
        << ", \"max_exhaustive_n\": " << row.max_exhaustive_n
        << ",\n   \"lengths\": [" << absl::StrJoin(lengths, ", ") << "]}";
  }
  out << "\n]}\n";
  return out;
}

}  // namespace satcirc
