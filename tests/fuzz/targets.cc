#include "tests/fuzz/targets.h"

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "automata/dfa_io.h"
#include "automata/enumerate.h"
#include "automata/lengths.h"
#include "automata/minimize.h"
#include "automata/registry.h"
#include "circuits/read_aiger.h"
#include "circuits/read_json.h"
#include "circuits/simulate.h"
#include "circuits/write_aiger.h"
#include "circuits/write_json.h"
#include "lib/engine/engine.h"
#include "lib/model/model_io.h"
#include "lib/programs/brasp.h"
#include "lib/programs/crasp.h"
#include "tests/automata/reference_minimize.h"

namespace satcirc::fuzz {
namespace {

absl::Status Broken(absl::string_view what) {
  return absl::InternalError(absl::StrCat("property broken: ", what));
}

}  // namespace

absl::Status ModelJson(std::string_view data) {
  const absl::string_view text(data.data(), data.size());
  absl::StatusOr<Model> model = ReadModelFromString(text, "fuzz.json");
  if (!model.ok()) return model.status();
  const std::string written = WriteModelToString(*model);
  absl::StatusOr<Model> again = ReadModelFromString(written, "written.json");
  if (!again.ok()) {
    return Broken(absl::StrCat("the written model does not read back: ",
                               again.status().message()));
  }
  if (!(*again == *model)) return Broken("read(write(m)) != m");
  return absl::OkStatus();
}

absl::Status LanguageSpec(std::string_view data) {
  if (absl::StartsWith(absl::string_view(data.data(), data.size()), "dfa")) {
    return absl::InvalidArgumentError("dfa specs read files: not fuzzed here");
  }
  absl::StatusOr<std::unique_ptr<automata::Language>> language =
      automata::ParseLanguage(data);
  if (!language.ok()) return language.status();
  if (const automata::Dfa* dfa = (*language)->dfa()) {
    if (!(automata::Minimize(*dfa).num_states() == dfa->num_states())) {
      return Broken("the DFA of a regular language is not minimal");
    }
  }
  return absl::OkStatus();
}

absl::Status DfaFile(std::string_view data) {
  const std::size_t nul = data.find('\0');
  absl::StatusOr<automata::Dfa> dfa =
      nul == std::string_view::npos
          ? automata::ReadAttDfa(data, "fuzz.att")
          : automata::ReadAttDfa(data.substr(0, nul), "fuzz.att",
                                 data.substr(nul + 1));
  if (!dfa.ok()) return dfa.status();
  const automata::Dfa minimal = automata::Minimize(*dfa);
  if (!(minimal == automata::testing::MooreMinimize(*dfa))) {
    return Broken("Hopcroft's minimization differs from Moore's");
  }
  if (!(automata::Minimize(minimal) == minimal)) {
    return Broken("Minimize is not idempotent");
  }
  std::ostringstream out;
  automata::WriteAttDfa(out, minimal);
  absl::StatusOr<automata::Dfa> back = automata::ReadAttDfa(out.str(), "w.att");
  if (!back.ok()) {
    return Broken(absl::StrCat("the written DFA does not read back: ",
                               back.status().message()));
  }
  // Read without a symbol table, the alphabet comes back sorted; a table
  // may have listed it in another order, so then only the size is compared.
  const std::string& symbols = minimal.alphabet().symbols();
  const bool sorted = std::is_sorted(symbols.begin(), symbols.end());
  const automata::Dfa back_minimal = automata::Minimize(*back);
  if (sorted ? !(back_minimal == minimal)
             : back_minimal.num_states() != minimal.num_states()) {
    return Broken("the written DFA reads back as another language");
  }
  return absl::OkStatus();
}

absl::Status CircuitJson(std::string_view data) {
  std::istringstream in{std::string(data)};
  absl::StatusOr<circuits::Circuit> c = circuits::ReadJson(in);
  if (!c.ok()) return c.status();
  std::ostringstream out;
  circuits::WriteJson(out, *c);
  std::istringstream back_in(out.str());
  absl::StatusOr<circuits::Circuit> back = circuits::ReadJson(back_in);
  if (!back.ok()) return Broken("the written netlist does not read back");
  if (!(*back == *c)) return Broken("ReadJson(WriteJson(c)) != c");
  return absl::OkStatus();
}

absl::Status Aiger(std::string_view data) {
  absl::StatusOr<circuits::Circuit> c = circuits::ParseAiger(data, "fuzz.aag");
  if (!c.ok()) return c.status();
  // Small circuits only: the check enumerates every input.
  if (c->inputs().size() > 8 || c->num_gates() > 4000) return absl::OkStatus();
  std::ostringstream out;
  if (absl::Status s = circuits::WriteAiger(out, *c); !s.ok()) {
    return Broken(absl::StrCat("WriteAiger fails: ", s.message()));
  }
  absl::StatusOr<circuits::Circuit> back =
      circuits::ParseAiger(out.str(), "written.aag");
  if (!back.ok()) {
    return Broken(absl::StrCat("the written AIGER does not read back: ",
                               back.status().message()));
  }
  if (*circuits::ExhaustiveTruthTables(*back) !=
      *circuits::ExhaustiveTruthTables(*c)) {
    return Broken("the written AIGER computes another function");
  }
  return absl::OkStatus();
}

absl::Status Lengths(std::string_view data) {
  absl::StatusOr<std::vector<int>> lengths = automata::ParseLengths(data);
  if (!lengths.ok()) return lengths.status();
  if (lengths->empty() ||
      lengths->size() > static_cast<std::size_t>(automata::kMaxLengthCount)) {
    return Broken("the number of lengths is out of range");
  }
  std::vector<bool> seen(automata::kMaxLength + 1, false);
  for (int n : *lengths) {
    if (n < 0 || n > automata::kMaxLength || seen[n]) {
      return Broken(absl::StrCat("length ", n, " out of range or repeated"));
    }
    seen[n] = true;
  }
  return absl::OkStatus();
}

absl::Status EngineSpec(std::string_view data) {
  absl::StatusOr<satcirc::EngineSpec> spec =
      ParseEngineSpec(absl::string_view(data.data(), data.size()));
  if (!spec.ok()) return spec.status();
  absl::StatusOr<satcirc::EngineSpec> again = ParseEngineSpec(spec->text);
  if (!again.ok() || again->kind != spec->kind ||
      again->frac_bits != spec->frac_bits || again->scale != spec->scale) {
    return Broken(absl::StrCat("the canonical text '", spec->text,
                               "' does not parse to the same engine"));
  }
  return absl::OkStatus();
}

namespace {

// Every word of length ≤ max_len over k symbols.
std::vector<automata::Word> ShortWords(int k, int max_len) {
  std::vector<automata::Word> all;
  for (int n = 0; n <= max_len; ++n) {
    automata::Word w(n, 0);
    do all.push_back(w);
    while (automata::NextWord(k, w));
  }
  return all;
}

// The compiled model of a program decides `words` as `accepts` says.
template <typename Accepts>
absl::Status SameDecisions(const absl::StatusOr<Model>& model,
                           const std::vector<automata::Word>& words,
                           Accepts accepts) {
  if (!model.ok()) return absl::OkStatus();  // refused (a limit)
  absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*model);
  if (!engine.ok()) return Broken("the compiled model has no exact semantics");
  for (const automata::Word& w : words) {
    if (engine->Run(w).accept != accepts(w))
      return Broken("the compiled model and the interpreter disagree");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BraspProgram(std::string_view data) {
  absl::StatusOr<programs::BraspProgram> p = programs::ParseBrasp(
      absl::string_view(data.data(), data.size()), "fuzz.brasp");
  if (!p.ok()) return p.status();
  const std::string text = programs::FormatBrasp(*p);
  absl::StatusOr<programs::BraspProgram> back = programs::ParseBrasp(text);
  if (!back.ok() || programs::FormatBrasp(*back) != text)
    return Broken("FormatBrasp does not parse back to the same program");
  if (p->defs.size() > 8 || p->alphabet.size() > 4) return absl::OkStatus();
  const auto words = ShortWords(p->alphabet.size(), 3);
  auto accepts = [&](const automata::Word& w) {
    return programs::RunBrasp(*p, w).accept;
  };
  if (absl::Status s =
          SameDecisions(programs::CompileBrasp(*p, "fuzz"), words, accepts);
      !s.ok())
    return s;
  if (!programs::LooksOnlyLeft(*p) || p->defs.size() > 4 ||
      p->alphabet.size() > 3)
    return absl::OkStatus();
  absl::StatusOr<automata::Dfa> dfa = programs::BraspDfa(*p);
  if (!dfa.ok()) return absl::OkStatus();  // too many states
  for (const automata::Word& w : words) {
    if (dfa->Contains(w) != accepts(w))
      return Broken("the program's DFA and the interpreter disagree");
  }
  return absl::OkStatus();
}

absl::Status CraspProgram(std::string_view data) {
  absl::StatusOr<programs::CraspProgram> p = programs::ParseCrasp(
      absl::string_view(data.data(), data.size()), "fuzz.crasp");
  if (!p.ok()) return p.status();
  absl::StatusOr<programs::CraspProgram> back =
      programs::ParseCrasp(programs::FormatCrasp(*p));
  if (!back.ok()) return Broken("FormatCrasp does not parse back");
  if (p->alphabet.size() > 4) return absl::OkStatus();
  const auto words = ShortWords(p->alphabet.size(), 3);
  for (const automata::Word& w : words) {
    if (programs::RunCrasp(*back, w).values != programs::RunCrasp(*p, w).values)
      return Broken("FormatCrasp parses back to other vectors");
  }
  if (p->defs.size() > 8) return absl::OkStatus();
  return SameDecisions(programs::CompileCrasp(*p, "fuzz"), words,
                       [&](const automata::Word& w) {
                         return programs::RunCrasp(*p, w).accept;
                       });
}

const std::vector<Target>& Targets() {
  static const auto* targets = new std::vector<Target>{
      {"model_json", ModelJson},
      {"language_spec", LanguageSpec},
      {"dfa", DfaFile},
      {"circuit_json", CircuitJson},
      {"aiger", Aiger},
      {"lengths", Lengths},
      {"engine_spec", EngineSpec},
      {"brasp", BraspProgram},
      {"crasp", CraspProgram},
  };
  return *targets;
}

}  // namespace satcirc::fuzz
