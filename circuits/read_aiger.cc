#include "circuits/read_aiger.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace satcirc::circuits {
namespace {

struct Header {
  bool binary = false;
  std::uint64_t m = 0, i = 0, l = 0, o = 0, a = 0;
};

struct And {
  std::uint32_t lhs, rhs0, rhs1;
  std::uint32_t line;  // 0 in the binary format
};

// A non-negative decimal integer below 2^64, digits only (no sign, no
// spaces).
bool ParseUnsigned(absl::string_view text, std::uint64_t* value) {
  return !text.empty() &&
         text.find_first_not_of("0123456789") == absl::string_view::npos &&
         absl::SimpleAtoi(text, value);
}

class AigerParser {
 public:
  AigerParser(absl::string_view data, absl::string_view source)
      : data_(data), source_(source) {}

  absl::StatusOr<Circuit> Parse();

 private:
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(
        line_ > 0 ? absl::StrCat(source_, ": line ", line_, ": ", what)
                  : absl::StrCat(source_, ": ", what));
  }
  // The next line without its '\n'; false at the end of the data.
  bool NextLine(absl::string_view* line);
  absl::Status ParseHeader();
  absl::Status CheckHeaderFits() const;
  // One line holding `count` literals, each at most 2M + 1.
  absl::Status ParseLiterals(absl::string_view what, int count,
                             std::uint32_t* out);
  absl::Status Define(std::uint32_t literal, std::uint32_t definition,
                      absl::string_view what);
  absl::Status ParseInputs();
  absl::Status ParseOutputs();
  absl::Status ParseAsciiAnds();
  absl::Status ParseBinaryAnds();
  absl::StatusOr<std::uint32_t> ReadVarint(std::uint64_t k);
  absl::Status ParseSymbols();
  absl::StatusOr<Circuit> Build();
  absl::Status BuildAnd(std::size_t k, Circuit* c);
  absl::StatusOr<GateId> GateOf(std::uint32_t literal, absl::string_view user,
                                Circuit* c);

  absl::string_view data_;
  std::string source_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 0;  // the line errors name; 0 for none
  bool count_lines_ = true;
  Header h_;
  std::vector<std::uint32_t> inputs_, outputs_;  // literals
  std::vector<And> ands_;
  std::vector<std::string> input_names_, output_names_;
  // Variable -> definition: input k is k, AND k is I + k. A hash map, since
  // M may be far larger than the number of variables defined.
  absl::flat_hash_map<std::uint32_t, std::uint32_t> definition_;
  // Per definition: its gate, its negation (made when first used), and the
  // state of the depth-first build (0 new, 1 in progress, 2 built).
  std::vector<std::int64_t> gate_, negation_;
  std::vector<std::uint8_t> state_;
  std::int64_t constant_[2] = {-1, -1};
};

bool AigerParser::NextLine(absl::string_view* line) {
  if (pos_ >= data_.size()) return false;
  std::size_t end = data_.find('\n', pos_);
  if (end == absl::string_view::npos) end = data_.size();
  *line = data_.substr(pos_, end - pos_);
  if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
  pos_ = end + 1;
  if (count_lines_) ++line_;
  return true;
}

absl::Status AigerParser::ParseHeader() {
  absl::string_view line;
  if (!NextLine(&line))
    return Error("empty; expected an 'aag' or 'aig' header");
  std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
  std::uint64_t v[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  bool ok = (f.size() == 6 || (f.size() >= 7 && f.size() <= 10)) &&
            (f[0] == "aag" || f[0] == "aig");
  for (std::size_t k = 1; ok && k < f.size(); ++k) {
    ok = ParseUnsigned(f[k], &v[k - 1]);
  }
  if (!ok) {
    return Error(
        absl::StrCat("expected the header 'aag M I L O A' or 'aig M I "
                     "L O A' (unsigned integers), found '",
                     line.substr(0, 80), "'"));
  }
  h_ = {f[0] == "aig", v[0], v[1], v[2], v[3], v[4]};
  if (h_.l != 0) {
    return Error("L = " + std::to_string(h_.l) +
                 ": latches are not supported (a satcirc circuit is "
                 "combinational)");
  }
  if (v[5] + v[6] + v[7] + v[8] != 0) {
    return Error(
        "bad-state, constraint, justice and fairness properties (B C "
        "J F) are not supported");
  }
  return CheckHeaderFits();
}

absl::Status AigerParser::CheckHeaderFits() const {
  if (h_.m > kMaxAigerVariables) {
    return Error(absl::StrCat("M = ", h_.m,
                              " variables, more than the limit "
                              "of ",
                              kMaxAigerVariables,
                              " (2^20; see "
                              "docs/limits.md)"));
  }
  // I and A are compared with M one at a time, so that I + A cannot wrap.
  if (h_.i > h_.m || h_.a > h_.m || h_.i + h_.a > h_.m) {
    return Error(absl::StrCat("M = ", h_.m, " is less than I + A = ", h_.i,
                              " + ", h_.a));
  }
  if (h_.binary && h_.m != h_.i + h_.a) {
    return Error(absl::StrCat("M = ", h_.m,
                              " but the binary format needs M = "
                              "I + L + A = ",
                              h_.i + h_.a));
  }
  // The shortest lines: "2\n" per input or output, "2 0 0\n" per ASCII AND,
  // two bytes per binary AND; the last line may lack its '\n'.
  const std::uint64_t remaining = data_.size() - std::min(pos_, data_.size());
  const bool fits =
      h_.o <= (remaining + 1) / 2 &&
      2 * h_.o + (h_.binary ? 2 * h_.a : 2 * h_.i + 6 * h_.a) <= remaining + 1;
  if (!fits) {
    return Error(absl::StrCat("the header promises ",
                              h_.binary ? "" : absl::StrCat(h_.i, " inputs, "),
                              h_.o, " outputs and ", h_.a,
                              " ANDs, more than "
                              "the ",
                              remaining, " bytes after it can hold"));
  }
  return absl::OkStatus();
}

absl::Status AigerParser::ParseLiterals(absl::string_view what, int count,
                                        std::uint32_t* out) {
  absl::string_view line;
  if (!NextLine(&line)) {
    return Error(absl::StrCat(what, ": the file ends; expected ", count,
                              count == 1 ? " literal" : " literals"));
  }
  std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
  if (static_cast<int>(f.size()) != count) {
    return Error(absl::StrCat(what, ": expected ", count,
                              count == 1 ? " literal" : " literals",
                              " separated by single spaces"));
  }
  for (int k = 0; k < count; ++k) {
    std::uint64_t v;
    if (!ParseUnsigned(f[k], &v) || v > 2 * h_.m + 1) {
      return Error(absl::StrCat(what, ": '", f[k].substr(0, 24),
                                "' is not a literal in 0..2M+1 = 0..",
                                2 * h_.m + 1));
    }
    out[k] = static_cast<std::uint32_t>(v);
  }
  return absl::OkStatus();
}

absl::Status AigerParser::Define(std::uint32_t literal,
                                 std::uint32_t definition,
                                 absl::string_view what) {
  if (literal < 2 || literal % 2 != 0) {
    return Error(absl::StrCat(what, ": literal ", literal,
                              " is not an even literal of a variable (2, 4, "
                              "...)"));
  }
  if (!definition_.emplace(literal / 2, definition).second) {
    return Error(absl::StrCat(what, ": variable ", literal / 2, " (literal ",
                              literal, ") is defined twice"));
  }
  return absl::OkStatus();
}

absl::Status AigerParser::ParseInputs() {
  for (std::uint32_t k = 0; k < h_.i; ++k) {
    std::uint32_t lit = 2 * (k + 1);  // implicit in the binary format
    const std::string what = absl::StrCat("input ", k);
    if (!h_.binary) {
      if (absl::Status s = ParseLiterals(what, 1, &lit); !s.ok()) return s;
    }
    if (absl::Status s = Define(lit, k, what); !s.ok()) return s;
    inputs_.push_back(lit);
  }
  return absl::OkStatus();
}

absl::Status AigerParser::ParseOutputs() {
  for (std::uint64_t k = 0; k < h_.o; ++k) {
    std::uint32_t lit = 0;
    if (absl::Status s = ParseLiterals(absl::StrCat("output ", k), 1, &lit);
        !s.ok()) {
      return s;
    }
    outputs_.push_back(lit);
  }
  return absl::OkStatus();
}

absl::Status AigerParser::ParseAsciiAnds() {
  for (std::uint32_t k = 0; k < h_.a; ++k) {
    std::uint32_t lits[3] = {0, 0, 0};
    const std::string what = absl::StrCat("AND ", k);
    if (absl::Status s = ParseLiterals(what, 3, lits); !s.ok()) return s;
    if (absl::Status s =
            Define(lits[0], static_cast<std::uint32_t>(h_.i) + k, what);
        !s.ok()) {
      return s;
    }
    ands_.push_back(
        {lits[0], lits[1], lits[2], static_cast<std::uint32_t>(line_)});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::uint32_t> AigerParser::ReadVarint(std::uint64_t k) {
  std::uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    if (pos_ >= data_.size()) {
      return Error(absl::StrCat("AND ", k,
                                ": the file ends inside its "
                                "binary encoding"));
    }
    const auto byte = static_cast<std::uint8_t>(data_[pos_++]);
    // A 32-bit delta takes at most 5 bytes; zero payloads must not shift on
    // past 64 bits (found by the fuzzer).
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (value > 0xffffffffu || (shift == 28 && (byte & 0x80) != 0)) {
      return Error(absl::StrCat("AND ", k, ": a delta beyond 32 bits"));
    }
    if ((byte & 0x80) == 0) return static_cast<std::uint32_t>(value);
  }
}

// Binary ANDs: lhs = 2(I + L + k + 1), then two deltas, lhs − rhs0 and
// rhs0 − rhs1, with lhs > rhs0 ≥ rhs1.
absl::Status AigerParser::ParseBinaryAnds() {
  // Binary data and the symbol table after it have no lines to name.
  count_lines_ = false;
  line_ = 0;
  for (std::uint64_t k = 0; k < h_.a; ++k) {
    const auto lhs = static_cast<std::uint32_t>(2 * (h_.i + k + 1));
    absl::StatusOr<std::uint32_t> d0 = ReadVarint(k);
    if (!d0.ok()) return d0.status();
    absl::StatusOr<std::uint32_t> d1 = ReadVarint(k);
    if (!d1.ok()) return d1.status();
    if (*d0 == 0 || *d0 > lhs || *d1 > lhs - *d0) {
      return Error(absl::StrCat("AND ", k, " (literal ", lhs, "): deltas ", *d0,
                                " and ", *d1,
                                " do not give lhs > rhs0 "
                                ">= rhs1 >= 0"));
    }
    const std::uint32_t rhs0 = lhs - *d0;
    ands_.push_back({lhs, rhs0, rhs0 - *d1, 0});
    definition_.emplace(lhs / 2, static_cast<std::uint32_t>(h_.i + k));
  }
  return absl::OkStatus();
}

// Symbols "i<k> NAME" and "o<k> NAME", then an optional comment section from
// a line "c" to the end.
absl::Status AigerParser::ParseSymbols() {
  input_names_.resize(h_.i);
  output_names_.resize(h_.o);
  absl::string_view line;
  while (NextLine(&line)) {
    if (line == "c") break;
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    std::uint64_t index;
    const char kind = line[0];
    std::vector<std::string>* names = kind == 'i'   ? &input_names_
                                      : kind == 'o' ? &output_names_
                                                    : nullptr;
    if (names == nullptr || space == absl::string_view::npos ||
        space + 1 == line.size() ||
        !ParseUnsigned(line.substr(1, space - 1), &index)) {
      return Error(
          absl::StrCat("expected a symbol 'i<k> NAME' or 'o<k> NAME' "
                       "or the comment line 'c', found '",
                       line.substr(0, 40), "'"));
    }
    if (index >= names->size()) {
      return Error(absl::StrCat("symbol for ",
                                kind == 'i' ? "input " : "output ", index,
                                ", but there are only ", names->size()));
    }
    if (!(*names)[index].empty()) {
      return Error(absl::StrCat("a second symbol for ",
                                kind == 'i' ? "input " : "output ", index));
    }
    (*names)[index] = std::string(line.substr(space + 1));
  }
  for (std::size_t k = 0; k < input_names_.size(); ++k) {
    if (input_names_[k].empty()) input_names_[k] = absl::StrCat("i", k);
  }
  for (std::size_t k = 0; k < output_names_.size(); ++k) {
    if (output_names_[k].empty()) output_names_[k] = absl::StrCat("o", k);
  }
  return absl::OkStatus();
}

absl::StatusOr<GateId> AigerParser::GateOf(std::uint32_t literal,
                                           absl::string_view user, Circuit* c) {
  const std::uint32_t var = literal / 2;
  const int negated = literal % 2;
  if (var == 0) {
    if (constant_[negated] < 0) {
      constant_[negated] = static_cast<std::int64_t>(c->AddConstant(negated));
    }
    return static_cast<GateId>(constant_[negated]);
  }
  const auto it = definition_.find(var);
  if (it == definition_.end()) {
    return Error(absl::StrCat(user, ": literal ", literal, " uses variable ",
                              var, ", which is neither an input nor an AND"));
  }
  const std::uint32_t d = it->second;
  if (!negated) return static_cast<GateId>(gate_[d]);
  if (negation_[d] < 0) {
    const Fanin f{static_cast<GateId>(gate_[d]), -1};
    negation_[d] =
        static_cast<std::int64_t>(c->AddGate(GateKind::kNot, {&f, 1}, 0));
  }
  return static_cast<GateId>(negation_[d]);
}

// Builds AND k after the ANDs it depends on, depth first with an explicit
// stack (a chain of millions of ANDs must not recurse).
absl::Status AigerParser::BuildAnd(std::size_t k, Circuit* c) {
  std::vector<std::size_t> stack = {k};
  while (!stack.empty()) {
    const std::size_t j = stack.back();
    const std::uint32_t d = static_cast<std::uint32_t>(h_.i + j);
    if (state_[d] == 2) {
      stack.pop_back();
      continue;
    }
    const And& g = ands_[j];
    line_ = g.line;
    const std::string user = absl::StrCat("AND ", j, " (literal ", g.lhs, ")");
    if (state_[d] == 0) {
      state_[d] = 1;
      for (std::uint32_t rhs : {g.rhs0, g.rhs1}) {
        const auto it = definition_.find(rhs / 2);
        if (it == definition_.end() || it->second < h_.i) continue;
        if (state_[it->second] == 1) {
          return Error(absl::StrCat(user, " depends on itself through literal ",
                                    rhs, ": a cycle"));
        }
        if (state_[it->second] == 0) stack.push_back(it->second - h_.i);
      }
      continue;
    }
    absl::StatusOr<GateId> x = GateOf(g.rhs0, user, c);
    if (!x.ok()) return x.status();
    absl::StatusOr<GateId> y = GateOf(g.rhs1, user, c);
    if (!y.ok()) return y.status();
    const Fanin f[2] = {{*x, 1}, {*y, 1}};
    gate_[d] = static_cast<std::int64_t>(c->AddGate(GateKind::kAnd, f, 2));
    state_[d] = 2;
    stack.pop_back();
  }
  return absl::OkStatus();
}

absl::StatusOr<Circuit> AigerParser::Build() {
  const std::size_t definitions = h_.i + h_.a;
  gate_.assign(definitions, -1);
  negation_.assign(definitions, -1);
  state_.assign(definitions, 0);
  Circuit c;
  for (std::size_t k = 0; k < h_.i; ++k) {
    gate_[k] = static_cast<std::int64_t>(c.AddInput(input_names_[k]));
    state_[k] = 2;
  }
  for (std::size_t k = 0; k < ands_.size(); ++k) {
    if (absl::Status s = BuildAnd(k, &c); !s.ok()) return s;
  }
  count_lines_ = false;
  line_ = 0;
  for (std::size_t k = 0; k < outputs_.size(); ++k) {
    absl::StatusOr<GateId> g =
        GateOf(outputs_[k], absl::StrCat("output ", k), &c);
    if (!g.ok()) return g.status();
    c.AddOutput(output_names_[k], *g);
  }
  if (absl::Status s = c.Validate(); !s.ok()) {
    return Error(absl::StrCat("the circuit is not valid: ", s.message()));
  }
  return c;
}

absl::StatusOr<Circuit> AigerParser::Parse() {
  if (data_.size() > kMaxAigerBytes) {
    return Error(absl::StrCat(data_.size(), " bytes, more than the limit of ",
                              kMaxAigerBytes,
                              " for an AIGER file (see "
                              "docs/limits.md)"));
  }
  if (absl::Status s = ParseHeader(); !s.ok()) return s;
  if (absl::Status s = ParseInputs(); !s.ok()) return s;
  if (absl::Status s = ParseOutputs(); !s.ok()) return s;
  absl::Status ands = h_.binary ? ParseBinaryAnds() : ParseAsciiAnds();
  if (!ands.ok()) return ands;
  if (absl::Status s = ParseSymbols(); !s.ok()) return s;
  return Build();
}

}  // namespace

absl::StatusOr<Circuit> ParseAiger(std::string_view data,
                                   std::string_view source) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  return AigerParser(absl::string_view(data.data(), data.size()),
                     absl::string_view(source.data(), source.size()))
      .Parse();
}

}  // namespace satcirc::circuits
