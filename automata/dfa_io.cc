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

constexpr absl::string_view kLineSyntax =
    "expected 'SRC DST LABEL [WEIGHT]' or 'STATE [WEIGHT]'";

struct Arc {
  int src;
  int dst;
  char symbol;
  int line;
};

// What the lines of a file say, before any table is built.
struct Lines {
  std::vector<Arc> arcs;
  std::vector<std::pair<int, int>> finals;  // state, line
  std::vector<int> mentioned;               // every state named, repeats kept
  int start = -1;
};

// A symbol table: name -> symbol character, id -> symbol character.
struct SymbolTable {
  std::map<std::string, char> by_name;
  std::map<int, char> by_id;
  std::string symbols;  // in id order
};

class AttReader {
 public:
  explicit AttReader(std::string_view source) : source_(source) {}

  absl::Status Error(int line, absl::string_view what) const {
    return absl::InvalidArgumentError(
        line > 0 ? absl::StrCat(source_, ": line ", line, ": ", what)
                 : absl::StrCat(source_, ": ", what));
  }
  absl::Status TableError(int line, absl::string_view what) const {
    return absl::InvalidArgumentError(
        line > 0
            ? absl::StrCat(source_, " symbol table: line ", line, ": ", what)
            : absl::StrCat(source_, " symbol table: ", what));
  }

  absl::StatusOr<SymbolTable> ParseSymbolTable(absl::string_view text) const;
  absl::StatusOr<Lines> ParseLines(absl::string_view text,
                                   const SymbolTable* table) const;
  absl::StatusOr<int> CountStates(std::vector<int> mentioned) const;
  absl::StatusOr<Dfa> Build(const Lines& lines, int num_states,
                            Alphabet alphabet) const;

 private:
  absl::Status ParseArc(const std::vector<absl::string_view>& f, int line,
                        const SymbolTable* table, Lines* lines) const;
  absl::StatusOr<char> ParseLabel(absl::string_view label, int line,
                                  const SymbolTable* table) const;
  // A state field: digits only, below kMaxDfaStates. `what` is the error for
  // a field that is not a number at all.
  absl::Status ParseState(absl::string_view text, int line,
                          absl::string_view what, int* state) const;

  std::string source_;
};

std::vector<absl::string_view> Fields(absl::string_view line) {
  return absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
}

bool IsNumber(absl::string_view text) {
  return !text.empty() &&
         text.find_first_not_of("0123456789") == absl::string_view::npos;
}

// A non-negative int written with digits only.
bool ParseId(absl::string_view text, int* id) {
  return IsNumber(text) && absl::SimpleAtoi(text, id);
}

absl::Status AttReader::ParseState(absl::string_view text, int line,
                                   absl::string_view what, int* state) const {
  if (!IsNumber(text)) return Error(line, what);
  std::int64_t value;
  if (text.size() > 18 || !absl::SimpleAtoi(text, &value) ||
      value >= kMaxDfaStates) {
    return Error(line,
                 absl::StrCat("state ", text.substr(0, 20),
                              " is beyond the limit of ", kMaxDfaStates - 1,
                              " (at most 2^24 states; "
                              "see docs/limits.md)"));
  }
  *state = static_cast<int>(value);
  return absl::OkStatus();
}

absl::StatusOr<SymbolTable> AttReader::ParseSymbolTable(
    absl::string_view text) const {
  SymbolTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    std::vector<absl::string_view> f = Fields(line);
    if (f.empty()) continue;
    int id;
    if (f.size() != 2 || !ParseId(f[1], &id)) {
      return TableError(line_number,
                        "expected 'SYMBOL ID' with a non-negative integer ID");
    }
    if (id == 0) continue;  // epsilon, by OpenFst convention
    if (f[0].size() != 1) {
      return TableError(line_number,
                        absl::StrCat("symbol '", f[0].substr(0, 40),
                                     "' is not a single character"));
    }
    if (table.by_id.count(id) || table.by_name.count(std::string(f[0]))) {
      return TableError(line_number, absl::StrCat("symbol '", f[0], "' or id ",
                                                  id, " defined twice"));
    }
    table.by_id[id] = f[0][0];
    table.by_name.emplace(std::string(f[0]), f[0][0]);
  }
  for (const auto& [id, c] : table.by_id) table.symbols.push_back(c);
  if (table.symbols.empty()) return TableError(0, "it defines no symbols");
  return table;
}

absl::StatusOr<char> AttReader::ParseLabel(absl::string_view label, int line,
                                           const SymbolTable* table) const {
  if (label == "<eps>" || (label == "0" && table)) {
    return Error(line, "epsilon arc: a DFA has none");
  }
  if (table) {
    int id;
    if (auto it = table->by_name.find(std::string(label));
        it != table->by_name.end()) {
      return it->second;
    }
    if (ParseId(label, &id) && table->by_id.count(id)) {
      return table->by_id.at(id);
    }
    return Error(line, absl::StrCat("label '", label.substr(0, 40),
                                    "' is not in the symbol table"));
  }
  if (label.size() != 1) {
    return Error(line, absl::StrCat("label '", label.substr(0, 40),
                                    "' is not a single character (use a "
                                    "symbol table for numeric labels)"));
  }
  return label[0];
}

absl::Status AttReader::ParseArc(const std::vector<absl::string_view>& f,
                                 int line, const SymbolTable* table,
                                 Lines* lines) const {
  double weight;
  if (f.size() > 4 || (f.size() == 4 && !absl::SimpleAtod(f[3], &weight))) {
    return Error(line, kLineSyntax);
  }
  constexpr absl::string_view kBadState =
      "states must be non-negative integers (expected 'SRC DST LABEL "
      "[WEIGHT]')";
  int src, dst;
  if (absl::Status s = ParseState(f[0], line, kBadState, &src); !s.ok())
    return s;
  if (absl::Status s = ParseState(f[1], line, kBadState, &dst); !s.ok())
    return s;
  absl::StatusOr<char> symbol = ParseLabel(f[2], line, table);
  if (!symbol.ok()) return symbol.status();
  lines->arcs.push_back({src, dst, *symbol, line});
  lines->mentioned.push_back(src);
  lines->mentioned.push_back(dst);
  if (lines->start < 0) lines->start = src;
  return absl::OkStatus();
}

absl::StatusOr<Lines> AttReader::ParseLines(absl::string_view text,
                                            const SymbolTable* table) const {
  Lines lines;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    std::vector<absl::string_view> f = Fields(line);
    if (f.empty()) continue;
    if (f.size() >= 3) {
      if (absl::Status s = ParseArc(f, line_number, table, &lines); !s.ok())
        return s;
      continue;
    }
    int state;
    double weight;
    if (absl::Status s = ParseState(f[0], line_number, kLineSyntax, &state);
        !s.ok()) {
      return s;
    }
    if (f.size() == 2 && !absl::SimpleAtod(f[1], &weight)) {
      return Error(line_number, kLineSyntax);
    }
    lines.finals.emplace_back(state, line_number);
    lines.mentioned.push_back(state);
    if (lines.start < 0) lines.start = state;
  }
  if (lines.start < 0) return Error(0, "no arcs and no final states");
  return lines;
}

// The number of states, once every state 0..N-1 is known to be mentioned.
absl::StatusOr<int> AttReader::CountStates(std::vector<int> mentioned) const {
  std::sort(mentioned.begin(), mentioned.end());
  mentioned.erase(std::unique(mentioned.begin(), mentioned.end()),
                  mentioned.end());
  const int num_states = mentioned.back() + 1;
  if (static_cast<int>(mentioned.size()) == num_states) return num_states;
  int missing = 0;
  while (mentioned[missing] == missing) ++missing;
  return Error(0, absl::StrCat("state ", missing,
                               " is missing: states must be numbered 0..",
                               num_states - 1,
                               " without gaps, but no line "
                               "mentions ",
                               missing));
}

absl::StatusOr<Dfa> AttReader::Build(const Lines& lines, int num_states,
                                     Alphabet alphabet) const {
  const int k = alphabet.size();
  const std::int64_t entries = (std::int64_t{num_states} + 1) * k;
  if (entries > kMaxDfaTransitions) {
    return Error(
        0, absl::StrCat(num_states, " states and ", k,
                        " symbols "
                        "make ",
                        entries,
                        " transitions, more than "
                        "the limit of ",
                        kMaxDfaTransitions, " (2^26; see docs/limits.md)"));
  }
  const int sink = num_states;
  std::vector<std::int32_t> delta(static_cast<std::size_t>(entries), -1);
  for (const Arc& a : lines.arcs) {
    const std::size_t slot =
        static_cast<std::size_t>(a.src) * k + *alphabet.Find(a.symbol);
    if (delta[slot] >= 0 && delta[slot] != a.dst) {
      // The first arc's line, found again only on this error path.
      int first = 0;
      for (const Arc& b : lines.arcs) {
        if (b.src == a.src && b.symbol == a.symbol) {
          first = b.line;
          break;
        }
      }
      return Error(a.line,
                   absl::StrCat("state ", a.src,
                                " has a second arc "
                                "on '",
                                std::string(1, a.symbol), "' (line ", first,
                                " has the first): "
                                "not deterministic"));
    }
    delta[slot] = a.dst;
  }
  bool used_sink = false;
  for (auto& t : delta) {
    if (t < 0) {
      t = sink;
      used_sink = true;
    }
  }
  std::vector<bool> accepting(num_states + 1, false);
  for (const auto& [state, line] : lines.finals) accepting[state] = true;
  const int total = used_sink ? num_states + 1 : num_states;
  delta.resize(static_cast<std::size_t>(total) * k);
  accepting.resize(total);
  return Dfa::Create(std::move(alphabet), total, lines.start, std::move(delta),
                     std::move(accepting));
}

}  // namespace

absl::StatusOr<Dfa> ReadAttDfa(
    std::string_view text_in, std::string_view source,
    std::optional<std::string_view> symbol_table_in) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  const absl::string_view text(text_in.data(), text_in.size());
  AttReader reader(source);
  if (text.size() > kMaxDfaFileBytes ||
      (symbol_table_in && symbol_table_in->size() > kMaxDfaFileBytes)) {
    return reader.Error(0, absl::StrCat("longer than ", kMaxDfaFileBytes,
                                        " bytes (the limit for a DFA file or "
                                        "symbol table; see docs/limits.md)"));
  }
  std::optional<SymbolTable> table;
  if (symbol_table_in) {
    absl::StatusOr<SymbolTable> t = reader.ParseSymbolTable(
        absl::string_view(symbol_table_in->data(), symbol_table_in->size()));
    if (!t.ok()) return t.status();
    table = *std::move(t);
  }
  absl::StatusOr<Lines> lines =
      reader.ParseLines(text, table ? &*table : nullptr);
  if (!lines.ok()) return lines.status();
  absl::StatusOr<int> num_states = reader.CountStates(lines->mentioned);
  if (!num_states.ok()) return num_states.status();

  std::string symbols = table ? table->symbols : "";
  if (!table) {
    for (const Arc& a : lines->arcs) {
      if (symbols.find(a.symbol) == std::string::npos)
        symbols.push_back(a.symbol);
    }
    std::sort(symbols.begin(), symbols.end());
    if (symbols.empty()) {
      return reader.Error(0, "no arcs, so no alphabet (give a symbol table)");
    }
  }
  absl::StatusOr<Alphabet> alphabet = Alphabet::FromSymbols(symbols);
  if (!alphabet.ok()) {
    return reader.Error(0, std::string(alphabet.status().message()));
  }
  return reader.Build(*lines, *num_states, *std::move(alphabet));
}

namespace {

// A state is live when some accepting state is reachable from it.
std::vector<char> LiveStates(const Dfa& dfa) {
  const int k = dfa.alphabet().size();
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
  return live;
}

// The start state first, then the live states in order; dead states other
// than the start are left out, so the numbering has no gaps. *id maps a state
// to its number (-1 when left out).
std::vector<int> NumberStates(const Dfa& dfa, const std::vector<char>& live,
                              std::vector<int>* id) {
  id->assign(dfa.num_states(), -1);
  std::vector<int> order = {dfa.start()};
  (*id)[dfa.start()] = 0;
  for (int s = 0; s < dfa.num_states(); ++s) {
    if (live[s] && (*id)[s] < 0) {
      (*id)[s] = static_cast<int>(order.size());
      order.push_back(s);
    }
  }
  return order;
}

std::string DotQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::ostream& WriteAttDfa(std::ostream& out, const Dfa& dfa) {
  const int k = dfa.alphabet().size();
  const std::vector<char> live = LiveStates(dfa);
  std::vector<int> id;
  const std::vector<int> order = NumberStates(dfa, live, &id);
  std::vector<char> labels_an_arc(k, 0);
  for (int s : order) {
    for (int a = 0; a < k; ++a) {
      const int t = dfa.Next(s, static_cast<Symbol>(a));
      if (!live[t]) continue;
      out << id[s] << '\t' << id[t] << '\t'
          << dfa.alphabet().symbol(static_cast<Symbol>(a)) << '\n';
      labels_an_arc[a] = 1;
    }
  }
  // The alphabet is the labels read, so a symbol that labels no arc above
  // (all of them for the empty language; every one for {ε}) gets an arc from
  // the start state into one dead state, numbered last. The start state's
  // own arc on it leads to a dead state too, so this stays deterministic.
  const int dead = static_cast<int>(order.size());
  for (int a = 0; a < k; ++a) {
    if (!labels_an_arc[a]) {
      out << "0\t" << dead << '\t'
          << dfa.alphabet().symbol(static_cast<Symbol>(a)) << '\n';
    }
  }
  for (int s : order) {
    if (dfa.accepting(s)) out << id[s] << '\n';
  }
  return out;
}

std::string DfaToDot(const Dfa& dfa, std::string_view title) {
  const int k = dfa.alphabet().size();
  const std::vector<char> live = LiveStates(dfa);
  std::vector<int> id;
  const std::vector<int> order = NumberStates(dfa, live, &id);
  const int dead = dfa.num_states() - static_cast<int>(order.size());
  std::string caption(title);
  absl::StrAppend(&caption, "\n", dfa.num_states(), " states");
  if (dead == 1) {
    absl::StrAppend(&caption,
                    "; the rejecting sink is not drawn (a missing arc leads "
                    "to it)");
  } else if (dead > 1) {
    absl::StrAppend(&caption, "; ", dead,
                    " states that accept nothing are not drawn (a missing arc "
                    "leads to one)");
  }
  std::string dot = absl::StrCat(
      "digraph dfa {\n  rankdir=LR;\n  labelloc=t;\n  fontname=\"Helvetica\";\n"
      "  label=",
      DotQuote(caption),
      ";\n  node [shape=circle, fontname=\"Helvetica\"];\n"
      "  edge [fontname=\"Helvetica\"];\n  start [shape=point, label=\"\"];\n"
      "  start -> q0;\n");
  for (int s : order) {
    absl::StrAppend(&dot, "  q", id[s], " [label=\"", id[s], "\"",
                    dfa.accepting(s) ? ", shape=doublecircle" : "", "];\n");
  }
  for (int s : order) {
    std::map<int, std::string> labels;  // target id -> symbols
    for (int a = 0; a < k; ++a) {
      const int t = dfa.Next(s, static_cast<Symbol>(a));
      if (id[t] < 0) continue;
      std::string& l = labels[id[t]];
      if (!l.empty()) l += ",";
      l += dfa.alphabet().symbol(static_cast<Symbol>(a));
    }
    for (const auto& [t, l] : labels) {
      absl::StrAppend(&dot, "  q", id[s], " -> q", t, " [label=", DotQuote(l),
                      "];\n");
    }
  }
  return dot + "}\n";
}

}  // namespace satcirc::automata
