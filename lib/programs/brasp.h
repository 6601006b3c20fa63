// B-RASP programs (Yang, Chiang & Angluin 2024): Boolean vectors over the
// positions of a word, defined one after another from the symbols, Boolean
// operations and leftmost/rightmost attention; a program accepts a word when
// its output vector is true at the last position. docs/brasp.md gives the
// grammar and the semantics; this header gives the parser, the interpreter,
// the compiler to an exact satcirc model, and the DFA of a program whose
// attention looks only left.
#ifndef SATCIRC_LIB_PROGRAMS_BRASP_H_
#define SATCIRC_LIB_PROGRAMS_BRASP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "automata/alphabet.h"
#include "automata/dfa.h"
#include "lib/model/model.h"

namespace satcirc::programs {

// Which position a vector is read at inside an attention's score predicate:
// the attending position i or the attended position j.
enum class Side { kI, kJ };

// A Boolean expression of B-RASP.
struct BExpr {
  enum class Kind { kConst, kSymbol, kVar, kNot, kAnd, kOr };
  Kind kind = Kind::kConst;
  bool value = false;           // kConst
  automata::Symbol symbol = 0;  // kSymbol: Q_a
  int var = -1;                 // kVar: the index of an earlier definition
  Side side = Side::kI;         // kSymbol, kVar
  std::vector<BExpr> args;      // kNot: 1; kAnd, kOr: 2
};

// P(i) = V(j*) where j* is the leftmost (rightmost) j in the mask with
// S(i, j), or D(i) when there is none.
struct Attention {
  enum class Mask { kBefore, kAfter, kAll };  // j < i, j > i, every j
  bool leftmost = true;
  Mask mask = Mask::kBefore;
  BExpr score;     // S(i, j): vectors read at i or at j
  BExpr value;     // V(j): vectors read at j
  BExpr fallback;  // D(i): vectors read at i
};

struct Definition {
  std::string name;
  int line = 0;
  bool is_attention = false;
  BExpr expr;           // when !is_attention: read at i
  Attention attention;  // when is_attention
};

struct BraspProgram {
  automata::Alphabet alphabet;
  std::vector<Definition> defs;
  int output = -1;  // the definition read at the last position
  bool accept_empty = false;
  // The language the program claims to recognize (a language spec with the
  // program's alphabet), or empty: what `program equiv` and the atlas check
  // it against when not told otherwise.
  std::string language;
};

// InvalidArgument "FILE:LINE:COLUMN: message" for a malformed program.
absl::StatusOr<BraspProgram> ParseBrasp(absl::string_view text,
                                        absl::string_view file = "program");

// The program as text that ParseBrasp reads back to the same program (every
// expression fully parenthesized, every index in a score written out).
std::string FormatBrasp(const BraspProgram& program);

// Every vector at every position, exactly as the semantics says.
struct BraspRun {
  std::vector<std::vector<bool>> values;  // [definition][position]
  bool accept = false;
};
BraspRun RunBrasp(const BraspProgram& program, const automata::Word& word);

// The program as a satcirc model: Booleans as 0/1 features, each definition's
// Boolean function a ReLU MLP, each attention a hard_left / hard_right head
// (mask strict for j < i, future for j > i, none for every j) whose score is
// exactly S(i, j), and the readout y = out − 1/2 (accept_empty: out − one +
// 1/2), so |y| = 1/2 on every word. FailedPrecondition for a score that reads
// more vectors than the compiler's limit.
absl::StatusOr<Model> CompileBrasp(const BraspProgram& program,
                                   absl::string_view name);

// Whether every attention has mask j < i (the program reads its word left to
// right; its language is then regular and BraspDfa builds its DFA).
bool LooksOnlyLeft(const BraspProgram& program);

// Whether every attention has mask j > i. Then at the last position, where
// the output is read, every attention sees no position: the program's
// language depends only on the last symbol.
bool LooksOnlyRight(const BraspProgram& program);

// The minimal DFA of the language of a program whose attention looks one way
// (LooksOnlyLeft or LooksOnlyRight). FailedPrecondition otherwise.
absl::StatusOr<automata::Dfa> BraspDfa(const BraspProgram& program);

// Evaluates e at one position (the interpreter's, exposed for the compiler's
// truth tables): vars[v] and symbol are the values read at the expression's
// side; `other` those at the other side (score predicates).
bool Evaluate(const BExpr& e, const std::vector<bool>& at_i,
              automata::Symbol symbol_i, const std::vector<bool>& at_j,
              automata::Symbol symbol_j);

}  // namespace satcirc::programs

#endif  // SATCIRC_LIB_PROGRAMS_BRASP_H_
