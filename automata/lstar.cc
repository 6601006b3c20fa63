#include "automata/lstar.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace satcirc::automata {
namespace {

Word Concat(const Word& a, const Word& b) {
  Word w = a;
  w.insert(w.end(), b.begin(), b.end());
  return w;
}

// The observation table: access strings S (pairwise distinct rows, prefix
// closed), experiments E (suffix closed, ε first) and the answers.
class Table {
 public:
  Table(const Alphabet& alphabet, const MembershipOracle& member,
        const LStarOptions& options)
      : k_(alphabet.size()),
        alphabet_(alphabet),
        member_(member),
        options_(options) {
    access_.push_back({});
    experiments_.push_back({});
  }

  // Adds rows until every one-symbol extension of S has a row in S.
  absl::Status Close() {
    for (size_t i = 0; i < access_.size(); ++i) {
      for (int a = 0; a < k_; ++a) {
        Word next = access_[i];
        next.push_back(static_cast<Symbol>(a));
        absl::StatusOr<std::string> row = Row(next);
        if (!row.ok()) return row.status();
        if (index_.contains(*row)) continue;
        if (static_cast<int>(access_.size()) >= options_.max_states) {
          return Exhausted(absl::StrCat("more than ", options_.max_states,
                                        " states (--max-states)"));
        }
        index_[*row] = static_cast<int>(access_.size());
        access_.push_back(std::move(next));
      }
    }
    return absl::OkStatus();
  }

  // Every suffix of the counterexample becomes an experiment; the rows are
  // then recomputed (they stay pairwise distinct: E only grows).
  absl::Status AddCounterexample(const Word& w) {
    for (size_t i = 0; i <= w.size(); ++i) {
      Word suffix(w.begin() + i, w.end());
      if (seen_.insert({suffix, 0}).second) {
        experiments_.push_back(std::move(suffix));
      }
    }
    return Reindex();
  }

  absl::StatusOr<Dfa> Hypothesis() {
    const int n = static_cast<int>(access_.size());
    std::vector<std::int32_t> delta(static_cast<size_t>(n) * k_);
    std::vector<bool> accepting(n);
    for (int s = 0; s < n; ++s) {
      absl::StatusOr<bool> acc = Ask(access_[s]);
      if (!acc.ok()) return acc.status();
      accepting[s] = *acc;
      for (int a = 0; a < k_; ++a) {
        Word next = access_[s];
        next.push_back(static_cast<Symbol>(a));
        absl::StatusOr<std::string> row = Row(next);
        if (!row.ok()) return row.status();
        delta[static_cast<size_t>(s) * k_ + a] = index_.at(*row);
      }
    }
    return Dfa::Create(alphabet_, n, 0, std::move(delta), std::move(accepting));
  }

  absl::StatusOr<bool> Member(const Word& w) { return Ask(w); }
  std::int64_t queries() const {
    return static_cast<std::int64_t>(answers_.size());
  }

 private:
  absl::Status Exhausted(const std::string& what) const {
    return absl::ResourceExhaustedError(
        absl::StrCat("L* stopped at ", access_.size(), " states and ",
                     answers_.size(), " membership queries: ", what));
  }

  absl::StatusOr<bool> Ask(const Word& w) {
    auto it = answers_.find(w);
    if (it != answers_.end()) return it->second;
    if (static_cast<std::int64_t>(answers_.size()) >= options_.max_queries) {
      return Exhausted(absl::StrCat("more than ", options_.max_queries,
                                    " membership queries"));
    }
    const bool a = member_(w);
    answers_.emplace(w, a);
    return a;
  }

  // The row of w: one character per experiment.
  absl::StatusOr<std::string> Row(const Word& w) {
    std::string row(experiments_.size(), '0');
    for (size_t e = 0; e < experiments_.size(); ++e) {
      absl::StatusOr<bool> a = Ask(Concat(w, experiments_[e]));
      if (!a.ok()) return a.status();
      row[e] = *a ? '1' : '0';
    }
    return row;
  }

  absl::Status Reindex() {
    index_.clear();
    for (size_t i = 0; i < access_.size(); ++i) {
      absl::StatusOr<std::string> row = Row(access_[i]);
      if (!row.ok()) return row.status();
      index_[*row] = static_cast<int>(i);
    }
    return absl::OkStatus();
  }

  int k_;
  Alphabet alphabet_;
  const MembershipOracle& member_;
  LStarOptions options_;
  std::vector<Word> access_, experiments_;
  std::map<Word, int> seen_ = {{{}, 0}};         // experiments as a set
  absl::flat_hash_map<std::string, int> index_;  // row -> access string
  std::map<Word, bool> answers_;
};

}  // namespace

absl::StatusOr<LStarResult> LearnDfa(const Alphabet& alphabet,
                                     const MembershipOracle& member,
                                     const EquivalenceOracle& equivalent,
                                     const LStarOptions& options) {
  Table table(alphabet, member, options);
  if (absl::Status s = table.AddCounterexample({}); !s.ok()) return s;
  LStarResult result;
  while (true) {
    if (absl::Status s = table.Close(); !s.ok()) return s;
    absl::StatusOr<Dfa> h = table.Hypothesis();
    if (!h.ok()) return h.status();
    ++result.equivalence;
    absl::StatusOr<std::optional<Word>> cex = equivalent(*h);
    if (!cex.ok()) return cex.status();
    if (!cex->has_value()) {
      result.dfa = *std::move(h);
      result.membership = table.queries();
      return result;
    }
    // A counterexample on which the hypothesis agrees with the oracle would
    // teach nothing (and loop forever): an oracle bug, reported.
    absl::StatusOr<bool> truth = table.Member(**cex);
    if (!truth.ok()) return truth.status();
    if (h->Contains(**cex) == *truth) {
      return absl::InternalError(
          "L*: the equivalence oracle returned a string on which the "
          "hypothesis already agrees with the membership oracle");
    }
    result.longest_counterexample = std::max<int>(
        result.longest_counterexample, static_cast<int>((*cex)->size()));
    if (absl::Status s = table.AddCounterexample(**cex); !s.ok()) return s;
  }
}

}  // namespace satcirc::automata
