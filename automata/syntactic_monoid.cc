#include "automata/syntactic_monoid.h"

#include <algorithm>
#include <memory>
#include <unordered_set>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc::automata {
namespace {

// True when every cycle of the functional graph of t (n states) is a fixed
// point.
bool IsAperiodic(const std::int32_t* t, int n) {
  // color: 0 unvisited, 1 on the current path, 2 done.
  std::vector<std::uint8_t> color(n, 0);
  std::vector<int> path;
  for (int s = 0; s < n; ++s) {
    if (color[s]) continue;
    path.clear();
    int v = s;
    while (color[v] == 0) {
      color[v] = 1;
      path.push_back(v);
      v = t[v];
    }
    // v closes a new cycle iff it is on the current path; the cycle is
    // v → t[v] → … → v, of length 1 iff t[v] == v.
    if (color[v] == 1 && t[v] != v) return false;
    for (int p : path) color[p] = 2;
  }
  return true;
}

int CountReachable(const Dfa& dfa) {
  std::vector<char> seen(dfa.num_states(), 0);
  std::vector<int> queue = {dfa.start()};
  seen[dfa.start()] = 1;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    for (int a = 0; a < dfa.alphabet().size(); ++a) {
      const int t = dfa.Next(queue[i], static_cast<Symbol>(a));
      if (!seen[t]) {
        seen[t] = 1;
        queue.push_back(t);
      }
    }
  }
  return static_cast<int>(queue.size());
}

// The elements found so far: their maps in fixed-size chunks (never moved, so
// memory never doubles while growing), found again through a hash set of
// their indexes; each remembers its parent and last symbol, for the witness.
class MonoidBuilder {
 public:
  MonoidBuilder(const Dfa& dfa, std::int64_t cap)
      : dfa_(dfa),
        n_(dfa.num_states()),
        per_chunk_(std::max<std::int64_t>(1, (std::int64_t{1} << 18) / n_)),
        cap_(cap),
        index_(64, Hasher{this}, Equal{this}) {}

  // Adds the map of word(parent)·a, or finds it; false when it was known.
  absl::StatusOr<bool> AddSuccessor(std::int64_t parent, int a);
  absl::StatusOr<bool> AddIdentity();
  std::int64_t size() const { return static_cast<std::int64_t>(hash_.size()); }
  const std::int32_t* Map(std::int64_t i) const {
    return chunks_[i / per_chunk_].get() + (i % per_chunk_) * n_;
  }
  Word WordOf(std::int64_t i) const;

 private:
  struct Hasher {
    const MonoidBuilder* self;
    std::size_t operator()(std::int64_t i) const { return self->hash_[i]; }
  };
  struct Equal {
    const MonoidBuilder* self;
    bool operator()(std::int64_t a, std::int64_t b) const {
      return std::equal(self->Map(a), self->Map(a) + self->n_, self->Map(b));
    }
  };
  std::int32_t* Slot(std::int64_t i);
  // Keeps the map written into Slot(size()) if it is new.
  absl::StatusOr<bool> Commit(std::int64_t parent, int symbol);

  const Dfa& dfa_;
  const int n_;
  const std::int64_t per_chunk_;
  const std::int64_t cap_;
  std::vector<std::unique_ptr<std::int32_t[]>> chunks_;
  std::vector<std::uint64_t> hash_;
  std::vector<std::int64_t> parent_;
  std::vector<std::uint8_t> symbol_;
  std::unordered_set<std::int64_t, Hasher, Equal> index_;
};

std::int32_t* MonoidBuilder::Slot(std::int64_t i) {
  while (static_cast<std::int64_t>(chunks_.size()) * per_chunk_ <= i) {
    chunks_.push_back(std::make_unique<std::int32_t[]>(per_chunk_ * n_));
  }
  return chunks_[i / per_chunk_].get() + (i % per_chunk_) * n_;
}

absl::StatusOr<bool> MonoidBuilder::Commit(std::int64_t parent, int symbol) {
  const std::int64_t i = size();
  const std::int32_t* map = Map(i);
  std::uint64_t h = 0x9e3779b97f4a7c15u;
  for (int s = 0; s < n_; ++s) {
    h = (h ^ static_cast<std::uint32_t>(map[s])) * 0x100000001b3u;
  }
  hash_.push_back(h ^ (h >> 29));
  if (index_.count(i)) {
    hash_.pop_back();
    return false;
  }
  if (i >= cap_) {
    return absl::ResourceExhaustedError("");  // worded by the caller
  }
  index_.insert(i);
  parent_.push_back(parent);
  symbol_.push_back(static_cast<std::uint8_t>(symbol));
  return true;
}

absl::StatusOr<bool> MonoidBuilder::AddIdentity() {
  std::int32_t* map = Slot(size());
  for (int s = 0; s < n_; ++s) map[s] = s;
  return Commit(-1, 0);
}

absl::StatusOr<bool> MonoidBuilder::AddSuccessor(std::int64_t parent, int a) {
  std::int32_t* map = Slot(size());
  const std::int32_t* from = Map(parent);
  // The map of word·a: first the word, then a.
  for (int s = 0; s < n_; ++s) {
    map[s] = dfa_.Next(from[s], static_cast<Symbol>(a));
  }
  return Commit(parent, a);
}

Word MonoidBuilder::WordOf(std::int64_t i) const {
  Word word;
  for (; parent_[i] >= 0; i = parent_[i]) word.push_back(symbol_[i]);
  std::reverse(word.begin(), word.end());
  return word;
}

}  // namespace

absl::StatusOr<SyntacticMonoid> ComputeSyntacticMonoid(
    const Dfa& dfa, const MonoidOptions& options) {
  const int states = dfa.num_states();
  const std::int64_t bytes_each =
      4 * std::int64_t{states} + kMonoidBytesPerElement;
  const std::int64_t cap =
      std::min(options.max_elements, options.max_bytes / bytes_each);
  auto too_large = [&](absl::string_view count) {
    const bool by_memory = cap < options.max_elements;
    return absl::ResourceExhaustedError(absl::StrCat(
        "syntactic monoid: ", count, " elements",
        by_memory
            ? absl::StrCat(", which at ", bytes_each, " bytes each (", states,
                           " states) would take more than ", options.max_bytes,
                           " bytes, the memory limit")
            : absl::StrCat("; the limit is ", options.max_elements),
        " (see docs/limits.md)"));
  };
  // Every reachable state is the image of the start state under the map of
  // some word, and distinct images mean distinct maps.
  if (const int reachable = CountReachable(dfa); reachable > cap) {
    return too_large(absl::StrCat("at least ", reachable));
  }
  MonoidBuilder builder(dfa, cap);
  if (absl::StatusOr<bool> s = builder.AddIdentity(); !s.ok()) {
    return too_large("at least 1");
  }
  SyntacticMonoid monoid;
  monoid.aperiodic = true;
  std::int64_t witness = -1;
  for (std::int64_t i = 0; i < builder.size(); ++i) {
    for (int a = 0; a < dfa.alphabet().size(); ++a) {
      absl::StatusOr<bool> added = builder.AddSuccessor(i, a);
      if (!added.ok()) return too_large(absl::StrCat("more than ", cap));
      if (!*added || witness >= 0) continue;
      const std::int64_t j = builder.size() - 1;
      if (!IsAperiodic(builder.Map(j), states)) witness = j;
    }
  }
  monoid.size = builder.size();
  if (witness >= 0) {
    monoid.aperiodic = false;
    monoid.periodic_witness = builder.WordOf(witness);
  }
  return monoid;
}

}  // namespace satcirc::automata
