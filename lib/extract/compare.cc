#include "lib/extract/compare.h"

#include <limits>
#include <memory>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "lib/base/parallel.h"

namespace satcirc::extract {
namespace {

// The strings of one length: Σⁿ in lexicographic order, or a list.
struct Strings {
  int k = 0, n = 0;
  std::uint64_t count = 0;
  const std::vector<automata::Word>* list = nullptr;  // null: all of Σⁿ
  automata::Word At(std::uint64_t i) const {
    return list ? (*list)[i] : automata::WordAt(k, n, i);
  }
};

struct Tally {
  std::uint64_t changed = 0, right_before = 0, right_after = 0;
  std::uint64_t first = std::numeric_limits<std::uint64_t>::max();
  bool first_before = false;
};

absl::StatusOr<Tally> CompareStrings(const Decider& before,
                                     const Decider& after,
                                     const automata::Language* language,
                                     const Strings& s, int threads) {
  Tally all;
  std::mutex mu;
  std::vector<std::unique_ptr<Decider>> b, a;
  for (int t = 0; t < threads; ++t) {
    b.push_back(before.Clone());
    a.push_back(after.Clone());
  }
  internal::ForChunks(
      s.count, threads,
      [] { return std::numeric_limits<std::uint64_t>::max(); },
      [&](int w, std::uint64_t begin, std::uint64_t end) {
        Tally t;
        for (std::uint64_t i = begin; i < end; ++i) {
          const automata::Word word = s.At(i);
          const bool x = b[w]->Accept(word), y = a[w]->Accept(word);
          if (x != y && t.changed++ == 0) t.first = i, t.first_before = x;
          if (language) {
            const bool truth = language->Contains(word);
            t.right_before += x == truth;
            t.right_after += y == truth;
          }
        }
        std::lock_guard<std::mutex> lock(mu);
        all.changed += t.changed;
        all.right_before += t.right_before;
        all.right_after += t.right_after;
        if (t.first < all.first)
          all.first = t.first, all.first_before = t.first_before;
      });
  // A decider that failed on a string (fixed:p out of its range) answered
  // false there: the comparison would be wrong.
  for (int t = 0; t < threads; ++t) {
    for (const Decider* d : {b[t].get(), a[t].get()}) {
      if (d->failure()) return d->failure()->status;
    }
  }
  return all;
}

absl::Status CheckAlphabets(const Decider& before, const Decider& after,
                            const automata::Language* language) {
  const std::string& s = before.alphabet().symbols();
  if (after.alphabet().symbols() != s) {
    return absl::InvalidArgumentError(
        absl::StrCat("the two models have different alphabets ('", s, "' and '",
                     after.alphabet().symbols(), "')"));
  }
  if (language && language->alphabet().symbols() != s) {
    return absl::InvalidArgumentError(
        absl::StrCat("the language ", language->spec(), " has the alphabet '",
                     language->alphabet().symbols(), "', the model '", s, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<LengthComparison>> CompareDecisions(
    const Decider& before, const Decider& after,
    const automata::Language* language, const std::vector<int>& lengths,
    const CompareOptions& options) {
  if (absl::Status s = CheckAlphabets(before, after, language); !s.ok()) {
    return s;
  }
  const int k = before.alphabet().size();
  const int threads = internal::ThreadsFor(options.threads);
  std::vector<LengthComparison> out;
  for (const int n : lengths) {
    if (n < 0) {
      return absl::InvalidArgumentError(absl::StrCat("length ", n, " < 0"));
    }
    LengthComparison c;
    c.n = n;
    const std::optional<std::uint64_t> all = automata::NumWords(k, n);
    std::vector<automata::Word> sample;
    Strings s{.k = k, .n = n};
    if (all && *all <= options.exhaustive_limit) {
      c.exhaustive = true;
      s.count = *all;
    } else if (language == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("length ", n, ": ", k, "^", n,
                       " strings, more than the ", options.exhaustive_limit,
                       " compared exhaustively; give a language to sample it"));
    } else {
      CheckOptions co;
      co.samples = options.samples;
      co.seed = options.seed;
      absl::StatusOr<std::vector<automata::Word>> words =
          SampleCheckWords(*language, n, co);
      if (!words.ok()) return words.status();
      sample = *std::move(words);
      s.list = &sample;
      s.count = sample.size();
    }
    absl::StatusOr<Tally> tally =
        CompareStrings(before, after, language, s, threads);
    if (!tally.ok()) return tally.status();
    const Tally& t = *tally;
    c.strings = s.count;
    c.changed = t.changed;
    c.right_before = t.right_before;
    c.right_after = t.right_after;
    if (t.changed > 0)
      c.first_changed = s.At(t.first), c.first_before = t.first_before;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace satcirc::extract
