#include "automata/regex.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/minimize.h"

namespace satcirc::automata {
namespace {

constexpr absl::string_view kOperators = "|*+?()";

// The expression as quoted in errors: it can be thousands of characters long.
std::string Quoted(absl::string_view text) {
  constexpr std::size_t kShown = 60;
  if (text.size() <= kShown) return std::string(text);
  return absl::StrCat(text.substr(0, kShown), "... (", text.size(),
                      " characters)");
}

// A Thompson NFA: each state has epsilon moves and at most one symbol move.
struct Nfa {
  struct State {
    std::vector<int> epsilon;
    char symbol = 0;  // 0: no symbol move
    int target = -1;
  };
  std::vector<State> states;
  int Add() {
    states.emplace_back();
    return static_cast<int>(states.size()) - 1;
  }
};

struct Fragment {
  int start;
  int end;  // the single accepting state of the fragment, without moves
};

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<Fragment> ParseAll() {
    absl::StatusOr<Fragment> f = ParseUnion();
    if (!f.ok()) return f;
    if (pos_ < text_.size()) {
      // Only a ')' can stop ParseUnion early.
      return Error("unexpected ')' with no matching '('");
    }
    return f;
  }

  Nfa& nfa() { return nfa_; }

 private:
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(
        "regex:", Quoted(text_), ": position ", pos_ + 1, ": ", what));
  }

  Fragment Epsilon() {
    int s = nfa_.Add();
    int e = nfa_.Add();
    nfa_.states[s].epsilon.push_back(e);
    return {s, e};
  }

  absl::StatusOr<Fragment> ParseUnion() {
    absl::StatusOr<Fragment> first = ParseConcat();
    if (!first.ok()) return first;
    if (pos_ >= text_.size() || text_[pos_] != '|') return first;
    int s = nfa_.Add();
    int e = nfa_.Add();
    auto attach = [&](const Fragment& f) {
      nfa_.states[s].epsilon.push_back(f.start);
      nfa_.states[f.end].epsilon.push_back(e);
    };
    attach(*first);
    while (pos_ < text_.size() && text_[pos_] == '|') {
      ++pos_;
      absl::StatusOr<Fragment> next = ParseConcat();
      if (!next.ok()) return next;
      attach(*next);
    }
    return Fragment{s, e};
  }

  absl::StatusOr<Fragment> ParseConcat() {
    std::optional<Fragment> result;
    while (pos_ < text_.size() && text_[pos_] != '|' && text_[pos_] != ')') {
      absl::StatusOr<Fragment> f = ParseRepeat();
      if (!f.ok()) return f;
      if (!result) {
        result = *f;
      } else {
        nfa_.states[result->end].epsilon.push_back(f->start);
        result->end = f->end;
      }
    }
    if (!result) return Epsilon();
    return *result;
  }

  absl::StatusOr<Fragment> ParseRepeat() {
    absl::StatusOr<Fragment> f = ParseAtom();
    if (!f.ok()) return f;
    Fragment cur = *f;
    while (pos_ < text_.size() &&
           (text_[pos_] == '*' || text_[pos_] == '+' || text_[pos_] == '?')) {
      const char op = text_[pos_++];
      int s = nfa_.Add();
      int e = nfa_.Add();
      nfa_.states[s].epsilon.push_back(cur.start);
      nfa_.states[cur.end].epsilon.push_back(e);
      if (op != '+') nfa_.states[s].epsilon.push_back(e);                // skip
      if (op != '?') nfa_.states[cur.end].epsilon.push_back(cur.start);  // loop
      cur = {s, e};
    }
    return cur;
  }

  absl::StatusOr<Fragment> ParseAtom() {
    const char c = text_[pos_];
    if (c == '(') {
      // Each '(' recurses; the bound keeps the stack small (8,000 nested
      // parentheses overflowed it).
      if (depth_ == kMaxRegexNesting) {
        return Error(absl::StrCat("parentheses nested deeper than ",
                                  kMaxRegexNesting,
                                  " (the limit; see docs/limits.md)"));
      }
      ++pos_;
      ++depth_;
      absl::StatusOr<Fragment> inner = ParseUnion();
      --depth_;
      if (!inner.ok()) return inner;
      if (pos_ >= text_.size() || text_[pos_] != ')') {
        return Error("expected ')'");
      }
      ++pos_;
      return inner;
    }
    if (c == '*' || c == '+' || c == '?') {
      return Error(
          absl::StrCat("'", std::string(1, c), "' has nothing to repeat"));
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= 128 || !std::isgraph(u)) {
      return Error(absl::StrCat("character with code ", static_cast<int>(u),
                                " is not a printable, non-space symbol"));
    }
    ++pos_;
    int s = nfa_.Add();
    int e = nfa_.Add();
    nfa_.states[s].symbol = c;
    nfa_.states[s].target = e;
    return Fragment{s, e};
  }

  absl::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  Nfa nfa_;
};

// The subset construction (Rabin & Scott 1959). Each DFA state is a sorted set
// of NFA states closed under epsilon moves; the sets are kept once, in one
// flat array, and found again through a hash set of their ids. The empty set
// is the rejecting sink.
class SubsetConstruction {
 public:
  SubsetConstruction(const Nfa& nfa, const Alphabet& alphabet)
      : nfa_(nfa),
        alphabet_(alphabet),
        mark_(nfa.states.size(), 0),
        ids_(16, SetHash{this}, SetEq{this}) {}

  absl::StatusOr<Dfa> Run(int start, int accept, absl::string_view expression);

 private:
  struct SetHash {
    const SubsetConstruction* self;
    std::size_t operator()(int id) const { return self->Hash(id); }
  };
  struct SetEq {
    const SubsetConstruction* self;
    bool operator()(int a, int b) const { return self->Equal(a, b); }
  };

  std::size_t Hash(int id) const {
    std::uint64_t h = 0x9e3779b97f4a7c15u;
    for (std::int64_t i = offsets_[id]; i < offsets_[id + 1]; ++i) {
      h = (h ^ static_cast<std::uint32_t>(entries_[i])) * 0x100000001b3u;
    }
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
  bool Equal(int a, int b) const {
    return std::equal(entries_.begin() + offsets_[a],
                      entries_.begin() + offsets_[a + 1],
                      entries_.begin() + offsets_[b],
                      entries_.begin() + offsets_[b + 1]);
  }
  // Adds the epsilon closure of `set` as a candidate state, returns the id of
  // the equal state kept before or of the new one.
  absl::StatusOr<int> Intern(std::vector<int>* set);
  absl::Status Limit(absl::string_view what, std::int64_t limit) const;

  const Nfa& nfa_;
  const Alphabet& alphabet_;
  std::vector<std::uint32_t> mark_;  // closure marks, by generation
  std::uint32_t generation_ = 0;
  std::vector<std::int32_t> entries_;       // the sets, one after another
  std::vector<std::int64_t> offsets_ = {0};  // set i is [offsets_[i], [i+1])
  std::unordered_set<int, SetHash, SetEq> ids_;
  std::int64_t steps_ = 0;
  absl::string_view expression_;
};

absl::Status SubsetConstruction::Limit(absl::string_view what,
                                       std::int64_t limit) const {
  return absl::ResourceExhaustedError(absl::StrCat(
      "regex:", Quoted(expression_), ": the subset construction needs more "
      "than ", limit, " ", what, " (the limit; see docs/limits.md): the "
      "expression describes too large a DFA"));
}

absl::StatusOr<int> SubsetConstruction::Intern(std::vector<int>* set) {
  ++generation_;
  for (int s : *set) mark_[s] = generation_;
  for (std::size_t i = 0; i < set->size(); ++i) {
    for (int t : nfa_.states[(*set)[i]].epsilon) {
      if (mark_[t] != generation_) {
        mark_[t] = generation_;
        set->push_back(t);
      }
    }
  }
  steps_ += static_cast<std::int64_t>(set->size()) + 1;
  if (steps_ > kMaxRegexSteps) return Limit("steps", kMaxRegexSteps);
  std::sort(set->begin(), set->end());
  // Appended as a candidate with the next id; dropped again if it is known.
  const int id = static_cast<int>(offsets_.size()) - 1;
  entries_.insert(entries_.end(), set->begin(), set->end());
  offsets_.push_back(static_cast<std::int64_t>(entries_.size()));
  auto [it, inserted] = ids_.insert(id);
  if (!inserted) {
    offsets_.pop_back();
    entries_.resize(offsets_.back());
    return *it;
  }
  if (id >= kMaxRegexDfaStates) return Limit("DFA states", kMaxRegexDfaStates);
  if (std::int64_t{id + 1} * alphabet_.size() > kMaxRegexTransitions) {
    return Limit("transitions", kMaxRegexTransitions);
  }
  if (static_cast<std::int64_t>(entries_.size()) > kMaxRegexSetEntries) {
    return Limit("NFA states in its state sets (64 MiB)",
                 kMaxRegexSetEntries);
  }
  return id;
}

absl::StatusOr<Dfa> SubsetConstruction::Run(int start, int accept,
                                            absl::string_view expression) {
  expression_ = expression;
  const int k = alphabet_.size();
  std::vector<int> set = {start};
  if (absl::StatusOr<int> id = Intern(&set); !id.ok()) return id.status();
  std::vector<std::int32_t> delta;
  std::vector<bool> accepting;
  std::vector<std::vector<int>> next(k);
  for (int i = 0; i + 1 < static_cast<int>(offsets_.size()); ++i) {
    for (auto& n : next) n.clear();
    bool accepts = false;
    // Moves of set i, by symbol, in one pass over it (indexes, not iterators:
    // Intern appends to entries_).
    for (std::int64_t e = offsets_[i]; e < offsets_[i + 1]; ++e) {
      const Nfa::State& s = nfa_.states[entries_[e]];
      accepts |= entries_[e] == accept;
      if (s.symbol != 0) next[*alphabet_.Find(s.symbol)].push_back(s.target);
    }
    steps_ += offsets_[i + 1] - offsets_[i];
    accepting.push_back(accepts);
    for (int a = 0; a < k; ++a) {
      absl::StatusOr<int> id = Intern(&next[a]);
      if (!id.ok()) return id.status();
      delta.push_back(*id);
    }
  }
  // Counted before the vectors are moved into the arguments.
  const int num_states = static_cast<int>(accepting.size());
  return Dfa::Create(alphabet_, num_states, 0, std::move(delta),
                     std::move(accepting));
}

}  // namespace

absl::StatusOr<Dfa> RegexToDfa(std::string_view expression_in) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  const absl::string_view expression(expression_in.data(),
                                     expression_in.size());
  if (expression.size() > static_cast<std::size_t>(kMaxRegexLength)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "regex:", Quoted(expression), ": longer than ", kMaxRegexLength,
        " characters (the limit; see docs/limits.md)"));
  }
  Parser parser(expression);
  absl::StatusOr<Fragment> fragment = parser.ParseAll();
  if (!fragment.ok()) return fragment.status();

  std::string symbols;
  for (char c : expression) {
    if (kOperators.find(c) == absl::string_view::npos &&
        symbols.find(c) == std::string::npos) {
      symbols.push_back(c);
    }
  }
  std::sort(symbols.begin(), symbols.end());
  if (symbols.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "regex:", Quoted(expression),
        ": the expression uses no symbols, so it has no alphabet"));
  }
  absl::StatusOr<Alphabet> alphabet = Alphabet::FromSymbols(symbols);
  if (!alphabet.ok()) return alphabet.status();
  SubsetConstruction subsets(parser.nfa(), *alphabet);
  absl::StatusOr<Dfa> dfa =
      subsets.Run(fragment->start, fragment->end, expression);
  if (!dfa.ok()) return dfa.status();
  return Minimize(*dfa);
}

}  // namespace satcirc::automata
