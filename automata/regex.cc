#include "automata/regex.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/minimize.h"

namespace satcirc::automata {
namespace {

constexpr absl::string_view kOperators = "|*+?()";

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
    return absl::InvalidArgumentError(
        absl::StrCat("regex:", text_, ": position ", pos_ + 1, ": ", what));
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
      ++pos_;
      absl::StatusOr<Fragment> inner = ParseUnion();
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
  Nfa nfa_;
};

void Closure(const Nfa& nfa, std::vector<int>* set) {
  std::vector<char> in(nfa.states.size(), 0);
  for (int s : *set) in[s] = 1;
  for (std::size_t i = 0; i < set->size(); ++i) {
    for (int t : nfa.states[(*set)[i]].epsilon) {
      if (!in[t]) {
        in[t] = 1;
        set->push_back(t);
      }
    }
  }
  std::sort(set->begin(), set->end());
}

}  // namespace

absl::StatusOr<Dfa> RegexToDfa(std::string_view expression_in) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  const absl::string_view expression(expression_in.data(),
                                     expression_in.size());
  Parser parser(expression);
  absl::StatusOr<Fragment> fragment = parser.ParseAll();
  if (!fragment.ok()) return fragment.status();
  const Nfa& nfa = parser.nfa();

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
        "regex:", expression,
        ": the expression uses no symbols, so it has no alphabet"));
  }
  absl::StatusOr<Alphabet> alphabet = Alphabet::FromSymbols(symbols);
  if (!alphabet.ok()) return alphabet.status();
  const int k = alphabet->size();

  // Subset construction; the empty set is the rejecting sink.
  std::map<std::vector<int>, int> ids;
  std::vector<std::vector<int>> sets;
  std::vector<int> initial = {fragment->start};
  Closure(nfa, &initial);
  ids[initial] = 0;
  sets.push_back(initial);
  std::vector<std::int32_t> delta;
  std::vector<bool> accepting;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const std::vector<int> current = sets[i];
    accepting.push_back(
        std::binary_search(current.begin(), current.end(), fragment->end));
    for (int a = 0; a < k; ++a) {
      const char c = alphabet->symbol(static_cast<Symbol>(a));
      std::vector<int> next;
      for (int s : current) {
        if (nfa.states[s].symbol == c) next.push_back(nfa.states[s].target);
      }
      Closure(nfa, &next);
      auto [it, inserted] = ids.emplace(next, static_cast<int>(sets.size()));
      if (inserted) sets.push_back(next);
      delta.push_back(it->second);
    }
  }
  absl::StatusOr<Dfa> dfa =
      Dfa::Create(*alphabet, static_cast<int>(sets.size()), 0, std::move(delta),
                  std::move(accepting));
  if (!dfa.ok()) return dfa.status();
  return Minimize(*dfa);
}

}  // namespace satcirc::automata
