// C-RASP programs (Yang & Chiang 2024): Boolean and count vectors over the
// positions of a word. A count vector is a prefix count #_{j ≤ i}[P(j)], a
// linear combination of counts with integer coefficients and constants, or a
// conditional; a comparison of two counts is a Boolean vector. docs/crasp.md
// gives the grammar and the semantics; this header gives the parser, the
// interpreter and the exact compiler to a satcirc model (causal saturated
// heads and ReLU MLPs).
#ifndef SATCIRC_LIB_PROGRAMS_CRASP_H_
#define SATCIRC_LIB_PROGRAMS_CRASP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "automata/alphabet.h"
#include "lib/model/model.h"

namespace satcirc::programs {

enum class Compare { kLess, kLessEq, kGreater, kGreaterEq, kEqual, kNotEqual };

// One node of a C-RASP expression: Boolean (the first group) or count.
struct CNode {
  enum class Kind {
    kConstBool,
    kSymbol,
    kBoolVar,
    kNot,
    kAnd,
    kOr,
    kCompare,  // Boolean
    kNumber,
    kCountVar,
    kCount,
    kSum,
    kScale,
    kIf,  // count
  };
  Kind kind = Kind::kConstBool;
  bool truth = false;           // kConstBool
  std::int64_t number = 0;      // kNumber; kScale: the coefficient
  automata::Symbol symbol = 0;  // kSymbol
  int var = -1;                 // kBoolVar, kCountVar
  Compare compare = Compare::kLess;
  // kNot: 1; kAnd, kOr, kCompare, kSum: 2; kCount, kScale: 1 (kCount's is
  // Boolean); kIf: condition, then, else.
  std::vector<CNode> args;
  bool is_count() const { return kind >= Kind::kNumber; }
};

struct CDefinition {
  std::string name;
  int line = 0;
  CNode expr;
};

struct CraspProgram {
  automata::Alphabet alphabet;
  std::vector<CDefinition> defs;
  int output = -1;  // a Boolean definition, read at the last position
  bool accept_empty = false;
  std::string language;  // the language it claims, or empty
};

// InvalidArgument "FILE:LINE:COLUMN: message" for a malformed program.
absl::StatusOr<CraspProgram> ParseCrasp(absl::string_view text,
                                        absl::string_view file = "program");
std::string FormatCrasp(const CraspProgram& program);

// Every vector at every position: Booleans as 0/1, counts as integers.
struct CraspRun {
  std::vector<std::vector<std::int64_t>> values;  // [definition][position]
  bool accept = false;
};
CraspRun RunCrasp(const CraspProgram& program, const automata::Word& word);

// The program as a satcirc model with BOS. A count C is carried as C/(p + 1)
// at position p (p counts the BOS): a prefix count is a causal uniform head's
// average of its 0/1 indicator, a constant k is k·inverse_position, and sums
// and integer multiples are linear. A comparison is one causal saturated head
// whose score at the BOS is T = (C − C' ∓ 1/2)/(p + 1) and 0 elsewhere: the
// BOS alone wins when T > 0, the word's positions when T < 0, and T is never
// 0, so the head's average of the BOS indicator is exactly the comparison.
// Boolean operations are ReLU MLPs, a conditional count four ReLU units with
// the counts' bound. y = out − 1/2 at the last position (the BOS for the empty
// word), so |y| = 1/2.
absl::StatusOr<Model> CompileCrasp(const CraspProgram& program,
                                   absl::string_view name);

}  // namespace satcirc::programs

#endif  // SATCIRC_LIB_PROGRAMS_CRASP_H_
