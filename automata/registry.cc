#include "automata/registry.h"

#include <fstream>
#include <map>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "automata/counting_language.h"
#include "automata/dfa_io.h"
#include "automata/languages.h"
#include "automata/minimize.h"
#include "automata/regex.h"
#include "automata/regular_language.h"
#include "automata/spec_error.h"

namespace satcirc::automata {
namespace {

using internal::Quoted;
using internal::SpecError;

// Parses "k=2,depth=3" into a map; only `allowed` keys, each at most once.
// `params` is nullopt when the spec has no ':' (every parameter defaulted);
// "name:" has one empty parameter, an error.
absl::StatusOr<std::map<std::string, int>> ParseParams(
    absl::string_view spec, std::optional<absl::string_view> params,
    const std::vector<std::string>& allowed, int min_value, int max_value) {
  std::map<std::string, int> values;
  if (!params) return values;
  for (absl::string_view item : absl::StrSplit(*params, ',')) {
    if (item.empty()) {
      // "dyck:" and "dyck:k=2," were read as if the empty part were absent.
      return SpecError(
          spec, absl::StrCat("an empty parameter (expected ",
                             absl::StrJoin(allowed, "=N or "),
                             "=N between "
                             "the commas; omit the ':' for the defaults)"));
    }
    std::vector<absl::string_view> kv =
        absl::StrSplit(item, absl::MaxSplits('=', 1));
    const std::string key(kv[0]);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return SpecError(
          spec, absl::StrCat("unknown parameter '", Quoted(key), "' (expected ",
                             absl::StrJoin(allowed, " or "), ")"));
    }
    int value;
    if (kv.size() != 2 || !absl::SimpleAtoi(kv[1], &value) ||
        value < min_value || value > max_value) {
      return SpecError(
          spec,
          absl::StrCat("parameter ", key, " needs an integer value in ",
                       min_value, "..", max_value, ", as in ", key, "=2"));
    }
    if (!values.emplace(key, value).second) {
      return SpecError(spec, absl::StrCat("parameter ", key, " given twice"));
    }
  }
  return values;
}

// Reads at most kMaxDfaFileBytes + 1 bytes, so that /dev/zero or a huge file
// is refused instead of read until memory runs out.
absl::StatusOr<std::string> ReadFile(absl::string_view spec,
                                     const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return SpecError(spec, absl::StrCat(path, ": cannot open for reading"));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxDfaFileBytes) {
      return SpecError(spec,
                       absl::StrCat(path, ": longer than ", kMaxDfaFileBytes,
                                    " bytes (the limit for a DFA file; see "
                                    "docs/limits.md)"));
    }
  }
  if (in.bad()) return SpecError(spec, absl::StrCat(path, ": read error"));
  return text;
}

// The DFA of `dfa` over `declared`, a superset of its alphabet in the order
// written: a symbol not in dfa's alphabet leads to a new rejecting sink.
absl::StatusOr<Dfa> OverAlphabet(absl::string_view spec, const Dfa& dfa,
                                 absl::string_view declared) {
  absl::StatusOr<Alphabet> alphabet =
      Alphabet::FromSymbols(std::string_view(declared.data(), declared.size()));
  if (!alphabet.ok()) {
    return SpecError(spec, absl::StrCat("alphabet=", Quoted(declared), ": ",
                                        alphabet.status().message()));
  }
  for (char c : dfa.alphabet().symbols()) {
    if (!alphabet->Find(c)) {
      return SpecError(spec,
                       absl::StrCat("the regex symbol '", std::string(1, c),
                                    "' is not in alphabet=", Quoted(declared)));
    }
  }
  const int k = alphabet->size(), sink = dfa.num_states();
  std::vector<std::int32_t> delta;
  std::vector<bool> accepting;
  for (int q = 0; q <= sink; ++q) {
    accepting.push_back(q < sink && dfa.accepting(q));
    for (int s = 0; s < k; ++s) {
      const std::optional<Symbol> old =
          dfa.alphabet().Find(alphabet->symbol(static_cast<Symbol>(s)));
      delta.push_back(q < sink && old ? dfa.Next(q, *old) : sink);
    }
  }
  absl::StatusOr<Dfa> wide =
      Dfa::Create(*std::move(alphabet), sink + 1, dfa.start(), std::move(delta),
                  std::move(accepting));
  if (!wide.ok()) return wide.status();
  return Minimize(*wide);
}

// regex:EXPR or regex:EXPR,alphabet=SYMS (the last ",alphabet=" splits).
absl::StatusOr<std::unique_ptr<Language>> ParseRegexSpec(
    absl::string_view spec, std::optional<absl::string_view> params) {
  if (!params) return SpecError(spec, "expected regex:EXPR, as in regex:(ab)*");
  absl::string_view expr = *params;
  std::optional<absl::string_view> declared;
  if (std::size_t at = expr.rfind(",alphabet=");
      at != absl::string_view::npos) {
    declared = expr.substr(at + 10);
    expr = expr.substr(0, at);
  }
  absl::StatusOr<Dfa> dfa = RegexToDfa(std::string(expr));
  if (!dfa.ok()) return dfa.status();
  if (declared) {
    dfa = OverAlphabet(spec, *dfa, *declared);
    if (!dfa.ok()) return dfa.status();
  }
  return std::make_unique<RegularLanguage>(
      std::string(spec), *dfa,
      LanguageInfo{
          .is_regular = true,
          .known_class = "regular",
          .description = absl::StrCat("the regular expression ", expr)});
}

}  // namespace

namespace {

using Params = std::optional<absl::string_view>;  // after ':', if any

absl::StatusOr<std::unique_ptr<Language>> ParseDyck(absl::string_view spec,
                                                    Params params) {
  absl::StatusOr<std::map<std::string, int>> p =
      ParseParams(spec, params, {"k", "depth"}, 0, 1 << 20);
  if (!p.ok()) return p.status();
  const int k = p->count("k") ? p->at("k") : 1;
  if (k < 1 || k > 4) return SpecError(spec, "k must be 1, 2, 3 or 4");
  std::optional<int> depth;
  if (p->count("depth")) {
    depth = p->at("depth");
    if (*depth < 1) return SpecError(spec, "depth must be at least 1");
  }
  absl::StatusOr<std::unique_ptr<Language>> dyck = MakeDyck(k, depth);
  if (!dyck.ok()) return SpecError(spec, std::string(dyck.status().message()));
  return dyck;
}

absl::StatusOr<std::unique_ptr<Language>> ParseShuffleDyck(
    absl::string_view spec, Params params) {
  absl::StatusOr<std::map<std::string, int>> p =
      ParseParams(spec, params, {"k"}, 0, 1 << 20);
  if (!p.ok()) return p.status();
  const int k = p->count("k") ? p->at("k") : 2;
  if (k < 1 || k > 4) return SpecError(spec, "k must be 1, 2, 3 or 4");
  return MakeShuffleDyck(k);
}

absl::StatusOr<std::unique_ptr<Language>> ParseCountMod(absl::string_view spec,
                                                        Params params) {
  absl::StatusOr<std::map<std::string, int>> p =
      ParseParams(spec, params, {"m", "r"}, 0, 1000);
  if (!p.ok()) return p.status();
  if (!p->count("m"))
    return SpecError(spec, "needs m, as in count-mod:m=3,r=0");
  const int m = p->at("m");
  const int r = p->count("r") ? p->at("r") : 0;
  if (m < 1) return SpecError(spec, "m must be at least 1");
  if (r >= m) return SpecError(spec, absl::StrCat("r must be in 0..", m - 1));
  return MakeCountMod(m, r);
}

// dfa:FILE or dfa:FILE,syms=SYMBOLS (an AT&T file and its symbol table).
absl::StatusOr<std::unique_ptr<Language>> ParseDfaSpec(absl::string_view spec,
                                                       Params params) {
  if (!params || params->empty()) {
    return SpecError(spec, "expected dfa:FILE or dfa:FILE,syms=SYMBOLS");
  }
  std::string path(*params);
  std::optional<std::string> syms_path;
  if (std::size_t at = params->rfind(",syms="); at != absl::string_view::npos) {
    path = std::string(params->substr(0, at));
    syms_path = std::string(params->substr(at + 6));
  }
  absl::StatusOr<std::string> text = ReadFile(spec, path);
  if (!text.ok()) return text.status();
  std::optional<std::string> syms;
  if (syms_path) {
    absl::StatusOr<std::string> s = ReadFile(spec, *syms_path);
    if (!s.ok()) return s.status();
    syms = *s;
  }
  absl::StatusOr<Dfa> dfa =
      ReadAttDfa(*text, path,
                 syms ? std::optional<std::string_view>(*syms) : std::nullopt);
  if (!dfa.ok()) return dfa.status();
  return std::make_unique<RegularLanguage>(
      std::string(spec), *dfa,
      LanguageInfo{.is_regular = true,
                   .known_class = "regular",
                   .description = absl::StrCat("the DFA in ", path)});
}

// The languages without parameters, by name; nullptr for another name.
absl::StatusOr<std::unique_ptr<Language>> MakePlain(absl::string_view name) {
  if (name == "parity") return MakeParity();
  if (name == "majority") return MakeMajority();
  if (name == "first") return MakeFirst();
  if (name == "and") return MakeAnd();
  if (name == "or") return MakeOr();
  if (name == "anbn") return MakeAnbn();
  if (name == "anbncn") return MakeAnbncn();
  return std::unique_ptr<Language>();
}

absl::Status UnknownLanguage(absl::string_view spec, absl::string_view name) {
  std::vector<std::string> names;
  for (const LanguageFamily& f : LanguageFamilies()) {
    names.push_back(f.syntax.substr(0, f.syntax.find_first_of(":[")));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown language '", Quoted(name), "' in '", Quoted(spec),
      "' (known: ", absl::StrJoin(names, ", "), "; see satcirc langs)"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Language>> ParseLanguage(
    std::string_view spec_in) {
  // This Abseil's absl::string_view is not std::string_view (Debian 12).
  const absl::string_view spec(spec_in.data(), spec_in.size());
  const std::size_t colon = spec.find(':');
  const absl::string_view name = spec.substr(0, colon);
  const Params params = colon == absl::string_view::npos
                            ? std::nullopt
                            : Params(spec.substr(colon + 1));
  absl::StatusOr<std::unique_ptr<Language>> plain = MakePlain(name);
  if (!plain.ok() || *plain != nullptr) {
    if (params) {
      return SpecError(spec, absl::StrCat("'", name, "' takes no parameters"));
    }
    return plain;
  }
  if (name == "dyck") return ParseDyck(spec, params);
  if (name == "shuffle-dyck") return ParseShuffleDyck(spec, params);
  if (name == "count-mod") return ParseCountMod(spec, params);
  if (name == "tomita") {
    int index;
    if (!absl::SimpleAtoi(params.value_or(""), &index) || index < 1 ||
        index > 7) {
      return SpecError(spec, "expected tomita:N with N in 1..7");
    }
    return MakeTomita(index);
  }
  if (name == "regex") return ParseRegexSpec(spec, params);
  if (name == "counts") return ParseCounts(spec_in);
  if (name == "dfa") return ParseDfaSpec(spec, params);
  return UnknownLanguage(spec, name);
}

const std::vector<LanguageFamily>& LanguageFamilies() {
  static const auto* families = new std::vector<LanguageFamily>{
      {"parity", "01", "parity", "an odd number of 1s"},
      {"majority", "01", "majority", "strictly more 1s than 0s"},
      {"first", "01", "first", "the first symbol is 1"},
      {"and", "01", "and", "every symbol is 1"},
      {"or", "01", "or", "at least one 1"},
      {"count-mod:m=M[,r=R]", "01", "count-mod:m=3,r=1",
       "the number of 1s is R mod M (R defaults to 0)"},
      {"tomita:N", "01", "tomita:3", "Tomita grammar N = 1..7"},
      {"dyck[:k=K][,depth=D]", "()[]{}<>, first 2K", "dyck:k=2,depth=3",
       "balanced brackets of K = 1..4 kinds (default 1), depth <= D"},
      {"shuffle-dyck[:k=K]", "()[]{}<>, first 2K", "shuffle-dyck:k=2",
       "each of K kinds balanced on its own (default 2)"},
      {"anbn", "ab", "anbn", "a^m b^m"},
      {"anbncn", "abc", "anbncn", "a^m b^m c^m"},
      {"regex:EXPR[,alphabet=SYMS]", "symbols written, or SYMS",
       "regex:(ab)*,alphabet=abc", "a regular expression: | * + ? ( )"},
      {"counts:PHI[,alphabet=SYMS]", "symbols written, or SYMS",
       "counts:#a=#b&#b=#c", "symbol counts: #a = 2#b, #1 = 0 mod 3, & | !"},
      {"dfa:FILE[,syms=SYMS]", "labels used", "dfa:FILE",
       "a DFA in AT&T text format"},
  };
  return *families;
}

}  // namespace satcirc::automata
