// The parser entry points the fuzzers drive, shared by the libFuzzer harnesses
// (fuzz_*.cc, built with clang when SATCIRC_FUZZ is on) and by the replay test
// of every normal build (replay_test.cc), so that a crash input kept under
// regressions/ goes through exactly the code the fuzzer found it in.
//
// Each target parses `data` and, when it is valid, checks a property of the
// result (a round trip, a second implementation). It returns OK for a valid
// input, the parser's error for a bad one, and Internal when a property
// fails: a bug, which the harnesses turn into a crash.
#ifndef SATCIRC_TESTS_FUZZ_TARGETS_H_
#define SATCIRC_TESTS_FUZZ_TARGETS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace satcirc::fuzz {

// A model file (lib/model/model_io.h): ReadModelFromString, then
// ReadModel(WriteModel(m)) == m.
absl::Status ModelJson(std::string_view data);
// A language spec (automata/registry.h), regexes included; dfa:FILE specs are
// refused (they read files; the dfa target covers the format). A regular
// language's DFA must be minimal.
absl::Status LanguageSpec(std::string_view data);
// An AT&T DFA file (automata/dfa_io.h); a NUL byte separates an optional
// symbol table. Minimize() must equal Moore's algorithm, and the written file
// must read back as the same language.
absl::Status DfaFile(std::string_view data);
// A circuit JSON netlist (circuits/read_json.h); ReadJson(WriteJson(c)) == c.
absl::Status CircuitJson(std::string_view data);
// An AIGER file, ASCII or binary (circuits/read_aiger.h); small circuits must
// keep their function through WriteAiger and ParseAiger.
absl::Status Aiger(std::string_view data);
// A --lengths argument (automata/lengths.h): no duplicates, all in range.
absl::Status Lengths(std::string_view data);
// An --engine argument (lib/engine/engine.h): its canonical text parses to the
// same.
absl::Status EngineSpec(std::string_view data);

// A B-RASP program (lib/programs/brasp.h): FormatBrasp parses back to the
// same text; a small program's compiled model decides every word up to length
// 3 as the interpreter, and so does the DFA of a small left-looking one.
absl::Status BraspProgram(std::string_view data);
// A C-RASP program (lib/programs/crasp.h): FormatCrasp parses back to the same
// vectors; a small program's compiled model decides every word up to length 3
// as the interpreter.
absl::Status CraspProgram(std::string_view data);

struct Target {
  std::string name;  // also the folder of its corpus: regressions/NAME
  absl::Status (*run)(std::string_view data);
};
const std::vector<Target>& Targets();

}  // namespace satcirc::fuzz

#endif  // SATCIRC_TESTS_FUZZ_TARGETS_H_
