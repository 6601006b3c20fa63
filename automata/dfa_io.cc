#include "automata/dfa_io.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace satcirc::automata {
namespace {

struct Arc {
  int src;
  int dst;
  char symbol;
  int line;
};

std::vector<absl::string_view> Fields(absl::string_view line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
}

bool ParseState(absl::string_view text, int* state) {
  return absl::SimpleAtoi(text, state) && *state >= 0 &&
         text.find_first_not_of("0123456789") == absl::string_view::npos;
}

}  // namespace

absl::StatusOr<Dfa> ReadAttDfa(
    std::string_view text_in, std::string_view source_in,
    std::optional<std::string_view> symbol_table_in) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  const absl::string_view text(text_in.data(), text_in.size());
  const std::string source(source_in);
  std::optional<absl::string_view> symbol_table;
  if (symbol_table_in) {
    symbol_table =
        absl::string_view(symbol_table_in->data(), symbol_table_in->size());
  }
  auto error = [&](int line, absl::string_view what) {
    return absl::InvalidArgumentError(
        line > 0 ? absl::StrCat(source, ": line ", line, ": ", what)
                 : absl::StrCat(source, ": ", what));
  };
  // Symbol table: name -> symbol character, id -> symbol character.
  std::map<std::string, char> by_name;
  std::map<int, char> by_id;
  std::string table_symbols;
  if (symbol_table) {
    int line_number = 0;
    for (absl::string_view line : absl::StrSplit(*symbol_table, '\n')) {
      ++line_number;
      std::vector<absl::string_view> f = Fields(line);
      if (f.empty()) continue;
      int id;
      if (f.size() != 2 || !ParseState(f[1], &id)) {
        return absl::InvalidArgumentError(absl::StrCat(
            source, " symbol table: line ", line_number,
            ": expected 'SYMBOL ID' with a non-negative integer ID"));
      }
      if (id == 0) continue;  // epsilon, by OpenFst convention
      if (f[0].size() != 1) {
        return absl::InvalidArgumentError(
            absl::StrCat(source, " symbol table: line ", line_number,
                         ": symbol '", f[0], "' is not a single character"));
      }
      if (by_id.count(id) || by_name.count(std::string(f[0]))) {
        return absl::InvalidArgumentError(
            absl::StrCat(source, " symbol table: line ", line_number,
                         ": symbol '", f[0], "' or id ", id, " defined twice"));
      }
      by_id[id] = f[0][0];
      by_name.emplace(std::string(f[0]), f[0][0]);
    }
    for (const auto& [id, c] : by_id) table_symbols.push_back(c);
    if (table_symbols.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, " symbol table: it defines no symbols"));
    }
  }

  std::vector<Arc> arcs;
  std::vector<std::pair<int, int>> finals;  // state, line
  std::map<int, int> first_mention;         // state -> line
  int start = -1;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    std::vector<absl::string_view> f = Fields(line);
    if (f.empty()) continue;
    double weight;
    if (f.size() == 1 || f.size() == 2) {
      int state;
      if (!ParseState(f[0], &state) ||
          (f.size() == 2 && !absl::SimpleAtod(f[1], &weight))) {
        return error(line_number,
                     "expected 'SRC DST LABEL [WEIGHT]' or 'STATE [WEIGHT]'");
      }
      finals.emplace_back(state, line_number);
      first_mention.emplace(state, line_number);
      if (start < 0) start = state;
      continue;
    }
    if (f.size() > 4 || (f.size() == 4 && !absl::SimpleAtod(f[3], &weight))) {
      return error(line_number,
                   "expected 'SRC DST LABEL [WEIGHT]' or 'STATE [WEIGHT]'");
    }
    int src, dst;
    if (!ParseState(f[0], &src) || !ParseState(f[1], &dst)) {
      return error(line_number,
                   "states must be non-negative integers (expected 'SRC DST "
                   "LABEL [WEIGHT]')");
    }
    const absl::string_view label = f[2];
    char symbol = 0;
    if (label == "<eps>" || (label == "0" && symbol_table)) {
      return error(line_number, "epsilon arc: a DFA has none");
    }
    if (symbol_table) {
      int id;
      if (auto it = by_name.find(std::string(label)); it != by_name.end()) {
        symbol = it->second;
      } else if (ParseState(label, &id) && by_id.count(id)) {
        symbol = by_id[id];
      } else {
        return error(line_number, absl::StrCat("label '", label,
                                               "' is not in the symbol table"));
      }
    } else {
      if (label.size() != 1) {
        return error(line_number,
                     absl::StrCat("label '", label,
                                  "' is not a single character (use a symbol "
                                  "table for numeric labels)"));
      }
      symbol = label[0];
    }
    arcs.push_back({src, dst, symbol, line_number});
    first_mention.emplace(src, line_number);
    first_mention.emplace(dst, line_number);
    if (start < 0) start = src;
  }
  if (start < 0) return error(0, "no arcs and no final states");
  const int num_states = first_mention.rbegin()->first + 1;
  if (static_cast<int>(first_mention.size()) != num_states) {
    int missing = 0;
    while (first_mention.count(missing)) ++missing;
    return error(
        0,
        absl::StrCat("state ", missing,
                     " is missing: states must be numbered 0..", num_states - 1,
                     " without gaps, but no line mentions ", missing));
  }

  std::string symbols = table_symbols;
  if (!symbol_table) {
    for (const Arc& a : arcs) {
      if (symbols.find(a.symbol) == std::string::npos)
        symbols.push_back(a.symbol);
    }
    std::sort(symbols.begin(), symbols.end());
    if (symbols.empty()) {
      return error(0, "no arcs, so no alphabet (give a symbol table)");
    }
  }
  absl::StatusOr<Alphabet> alphabet = Alphabet::FromSymbols(symbols);
  // (symbols is a std::string, which converts to either string_view.)
  if (!alphabet.ok()) {
    return error(0, std::string(alphabet.status().message()));
  }
  const int k = alphabet->size();
  const int sink = num_states;
  std::vector<std::int32_t> delta(static_cast<std::size_t>(num_states + 1) * k,
                                  -1);
  std::vector<int> arc_line(delta.size(), 0);
  for (const Arc& a : arcs) {
    const std::size_t slot =
        static_cast<std::size_t>(a.src) * k + *alphabet->Find(a.symbol);
    if (delta[slot] >= 0 && delta[slot] != a.dst) {
      return error(
          a.line,
          absl::StrCat("state ", a.src, " has a second arc on '",
                       std::string(1, a.symbol), "' (line ", arc_line[slot],
                       " has the first): not deterministic"));
    }
    delta[slot] = a.dst;
    arc_line[slot] = a.line;
  }
  bool used_sink = false;
  for (auto& t : delta) {
    if (t < 0) {
      t = sink;
      used_sink = true;
    }
  }
  std::vector<bool> accepting(num_states + 1, false);
  for (const auto& [state, line] : finals) accepting[state] = true;
  const int total = used_sink ? num_states + 1 : num_states;
  delta.resize(static_cast<std::size_t>(total) * k);
  accepting.resize(total);
  return Dfa::Create(*std::move(alphabet), total, start, std::move(delta),
                     std::move(accepting));
}

std::ostream& WriteAttDfa(std::ostream& out, const Dfa& dfa) {
  const int k = dfa.alphabet().size();
  // A state is live when some accepting state is reachable from it.
  std::vector<char> live(dfa.num_states(), 0);
  for (int s = 0; s < dfa.num_states(); ++s) live[s] = dfa.accepting(s);
  for (bool changed = true; changed;) {
    changed = false;
    for (int s = 0; s < dfa.num_states(); ++s) {
      for (int a = 0; a < k && !live[s]; ++a) {
        if (live[dfa.Next(s, static_cast<Symbol>(a))]) live[s] = changed = true;
      }
    }
  }
  // The start state comes first (it is the source of the first line), then the
  // live states in order; dead states other than the start are left out, so
  // the numbering has no gaps.
  std::vector<int> id(dfa.num_states(), -1);
  std::vector<int> order = {dfa.start()};
  id[dfa.start()] = 0;
  for (int s = 0; s < dfa.num_states(); ++s) {
    if (live[s] && id[s] < 0) {
      id[s] = static_cast<int>(order.size());
      order.push_back(s);
    }
  }
  bool wrote_arc = false;
  for (int s : order) {
    for (int a = 0; a < k; ++a) {
      const int t = dfa.Next(s, static_cast<Symbol>(a));
      if (!live[t]) continue;
      out << id[s] << '\t' << id[t] << '\t'
          << dfa.alphabet().symbol(static_cast<Symbol>(a)) << '\n';
      wrote_arc = true;
    }
  }
  for (int s : order) {
    if (dfa.accepting(s)) out << id[s] << '\n';
  }
  if (!wrote_arc && !live[dfa.start()]) {
    // The empty language: a non-final start state with a self-loop, so that
    // the file is not empty.
    out << "0\t0\t" << dfa.alphabet().symbol(0) << '\n';
  }
  return out;
}

}  // namespace satcirc::automata
