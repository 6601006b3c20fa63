// B-RASP: the parser, the interpreter on hand-worked cases, the compiled
// model against the interpreter on seeded random programs, the DFA of
// left-looking programs, the program library against its languages, and a
// catalogue of malformed programs.
#include "lib/programs/brasp.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "automata/enumerate.h"
#include "automata/minimize.h"
#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "tests/lib/random_brasp.h"
#include "tests/lib/sanitized.h"
#include "tests/lib/shrink_brasp.h"

namespace satcirc::programs {
namespace {

using ::testing::HasSubstr;

std::string Vec(const std::vector<bool>& v) {
  std::string s;
  for (bool b : v) s += b ? '1' : '0';
  return s;
}

// Every word of length 0 … max_len over k symbols.
std::vector<automata::Word> Words(int k, int max_len) {
  std::vector<automata::Word> all;
  for (int n = 0; n <= max_len; ++n) {
    automata::Word w(n, 0);
    do all.push_back(w);
    while (automata::NextWord(k, w));
  }
  return all;
}

TEST(BraspTest, InterpreterOnWorkedExamples) {
  // Every mask and direction; the attended vector is the symbol's index.
  const char* kProgram = R"(alphabet "ab"
let a = Q(a)
let first_b_before = leftmost j < i where Q(b)[j] of a else true
let last_a_after = rightmost j > i where Q(a)[j] of !a else false
let any_same = leftmost j where a[i] & a[j] | !a[i] & !a[j] of true else false
let next = leftmost j > i where true of a else a
output next
)";
  absl::StatusOr<BraspProgram> p = ParseBrasp(kProgram, "t.brasp");
  ASSERT_TRUE(p.ok()) << p.status();
  // Word abba: a = 1001.
  const BraspRun r = RunBrasp(*p, *p->alphabet.Parse("abba"));
  EXPECT_EQ(Vec(r.values[0]), "1001");
  // First b before i: position 1 (a b), value a = 0; before it, none.
  EXPECT_EQ(Vec(r.values[1]), "1100");
  // Last a after i: position 3 for i < 3, value !a = 0; for i = 3 none.
  EXPECT_EQ(Vec(r.values[2]), "0000");
  // Every position sees itself (mask none): always found.
  EXPECT_EQ(Vec(r.values[3]), "1111");
  // The next symbol's a; the last position its own.
  EXPECT_EQ(Vec(r.values[4]), "0011");
  EXPECT_TRUE(r.accept);
  EXPECT_FALSE(RunBrasp(*p, {}).accept);  // empty: reject by default
}

TEST(BraspTest, FormatParsesBackToTheSameProgram) {
  std::mt19937_64 rng(11);
  for (int t = 0; t < 500; ++t) {
    const BraspProgram p = testing::RandomBrasp(rng, {.allow_after = true});
    const std::string text = FormatBrasp(p);
    absl::StatusOr<BraspProgram> back = ParseBrasp(text);
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << text;
    EXPECT_EQ(FormatBrasp(*back), text);
    for (const automata::Word& w : Words(p.alphabet.size(), 4)) {
      ASSERT_EQ(RunBrasp(*back, w).values, RunBrasp(p, w).values) << text;
    }
  }
}

// Whether the compiled model decides some word of length ≤ 5 otherwise than
// the interpreter, or with |y| ≠ 1/2 (false when it is not compiled).
bool CompiledDisagrees(const BraspProgram& p) {
  absl::StatusOr<Model> model = CompileBrasp(p, "random");
  if (!model.ok()) return false;
  absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*model);
  if (!engine.ok()) return true;
  for (const automata::Word& w : Words(p.alphabet.size(), 5)) {
    const Decision d = engine->Run(w);
    const bool want = RunBrasp(p, w).accept;
    if (d.accept != want ||
        d.value != (want ? Rational(1, 2) : Rational(-1, 2)))
      return true;
  }
  return false;
}

// A failing program shrinks to a 1-minimal one that still fails: here the
// "failure" is accepting a word of length ≤ 3 that holds no 0 (a stand-in
// property most random programs have).
TEST(BraspTest, ShrinkingFindsOneMinimalPrograms) {
  std::mt19937_64 rng(5);
  int shrunk = 0;
  auto fails = [](const BraspProgram& q) {
    for (const automata::Word& w : Words(q.alphabet.size(), 3)) {
      const bool has_zero = std::find(w.begin(), w.end(), 0) != w.end();
      if (!has_zero && RunBrasp(q, w).accept) return true;
    }
    return false;
  };
  for (int t = 0; t < 200 && shrunk < 10; ++t) {
    const BraspProgram p = testing::RandomBrasp(rng, {.allow_after = true});
    if (!fails(p) || testing::BraspSize(p) < 12) continue;
    const BraspProgram small = testing::ShrinkBrasp(p, fails);
    EXPECT_TRUE(fails(small));
    EXPECT_LT(testing::BraspSize(small), testing::BraspSize(p));
    for (const BraspProgram& s : testing::BraspShrinks(small)) {
      if (testing::BraspSize(s) < testing::BraspSize(small)) {
        EXPECT_FALSE(fails(s)) << "not minimal:\n" << FormatBrasp(small);
      }
    }
    // Dropping unread definitions keeps every decision.
    const BraspProgram dropped = testing::DropUnread(p);
    for (const automata::Word& w : Words(p.alphabet.size(), 3))
      EXPECT_EQ(RunBrasp(dropped, w).accept, RunBrasp(p, w).accept);
    ++shrunk;
  }
  EXPECT_EQ(shrunk, 10);
}

// The compiled model decides every word as the interpreter, with |y| = 1/2;
// a disagreement is reported with its program shrunk. Every mask compiles
// (half of the programs may also look right, j > i).
TEST(BraspTest, CompiledModelEqualsTheInterpreter) {
  std::mt19937_64 rng(2024);
  const int programs = testing::RandomPrograms(3000);
  int looking_right = 0;
  for (int t = 0; t < programs; ++t) {
    const BraspProgram p =
        testing::RandomBrasp(rng, {.allow_after = t % 2 == 0});
    absl::StatusOr<Model> model = CompileBrasp(p, "random");
    ASSERT_TRUE(model.ok()) << model.status() << "\n" << FormatBrasp(p);
    looking_right += std::any_of(p.defs.begin(), p.defs.end(), [](auto& d) {
      return d.is_attention && d.attention.mask == Attention::Mask::kAfter;
    });
    if (CompiledDisagrees(p)) {
      const BraspProgram small = testing::ShrinkBrasp(p, CompiledDisagrees);
      FAIL() << "the compiled model and the interpreter disagree on\n"
             << FormatBrasp(p) << "shrunk to\n"
             << FormatBrasp(small);
    }
  }
  EXPECT_GT(looking_right, programs / 10);
}

// The DFA of a program whose attention looks one way decides every word as
// the interpreter (left: summaries of the prefix; right: the last symbol).
TEST(BraspTest, DfaOfAOneWayProgramEqualsTheInterpreter) {
  std::mt19937_64 rng(7);
  for (int t = 0; t < (testing::kSanitized ? 300 : 2000); ++t) {
    const bool left = t % 4 != 0;
    const BraspProgram p =
        testing::RandomBrasp(rng, {.only_before = left, .only_after = !left});
    ASSERT_TRUE(left ? LooksOnlyLeft(p) : LooksOnlyRight(p));
    absl::StatusOr<automata::Dfa> dfa = BraspDfa(p);
    ASSERT_TRUE(dfa.ok()) << dfa.status();
    EXPECT_EQ(*dfa, automata::Minimize(*dfa));  // already minimal
    for (const automata::Word& w : Words(p.alphabet.size(), 6)) {
      ASSERT_EQ(dfa->Contains(w), RunBrasp(p, w).accept)
          << FormatBrasp(p) << "on '" << p.alphabet.Format(w) << "'";
    }
  }
  BraspProgram both = testing::RandomBrasp(rng);
  Definition d;
  d.name = "later";
  d.is_attention = true;
  d.attention.mask = Attention::Mask::kAll;
  both.defs.push_back(d);
  EXPECT_TRUE(absl::IsFailedPrecondition(BraspDfa(both).status()));
}

// Every program of the library (examples/programs/*.brasp) declares the
// language it recognizes and does: its compiled model on every word up to
// n = 14, and for every n by DFA equivalence.
TEST(BraspTest, LibraryProgramsRecognizeTheirLanguages) {
  int programs = 0;
  const std::string dir =
      absl::StrCat(SATCIRC_SOURCE_DIR, "/examples/programs");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".brasp") continue;
    ++programs;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<BraspProgram> p = ParseBrasp(text.str(), path);
    ASSERT_TRUE(p.ok()) << p.status();
    ASSERT_FALSE(p->language.empty()) << path << " declares no language";
    auto lang = *automata::ParseLanguage(p->language);
    absl::StatusOr<Model> model = CompileBrasp(*p, "library");
    ASSERT_TRUE(model.ok()) << model.status();
    // Every word of up to 2^16 a length (n = 14 over two symbols, 8 over
    // four), seeded samples beyond; the DFA below covers every length.
    std::vector<int> lengths;
    for (int n = 0; n <= 14; ++n) lengths.push_back(n);
    const CheckOptions options{.exhaustive_limit = 1 << 16, .samples = 500};
    CheckReport report =
        *Check(**MakeExactDecider(*model), *lang, lengths, options);
    EXPECT_TRUE(report.holds()) << path;
    if (LooksOnlyLeft(*p)) {
      ASSERT_NE(lang->dfa(), nullptr) << path;
      EXPECT_EQ(*BraspDfa(*p), automata::Minimize(*lang->dfa())) << path;
    }
  }
  EXPECT_GE(programs, 11);
}

struct Malformed {
  const char* text;
  const char* where;    // "line:column"
  const char* message;  // a fragment
};

TEST(BraspTest, MalformedProgramsNameLineAndColumn) {
  const Malformed kCases[] = {
      {"", "1:1", "names no alphabet"},
      {"alphabet \"01\"\n", "2:1", "names no output"},
      {"alphabet \"01\"\noutput x\n", "2:8", "'x' is not defined"},
      {"let x = Q(0)\n", "1:5", "alphabet must come before"},
      {"alphabet \"01\"\nalphabet \"ab\"\n", "2:10", "second alphabet"},
      {"alphabet \"0 1\"\n", "1:10", "symbol"},
      {"alphabet \"001\"\n", "1:10", "twice"},
      {"alphabet\n", "1:9", "expected the alphabet's symbols"},
      {"alphabet \"01\n", "1:10", "unterminated quoted string"},
      {"alphabet \"01\"\nlet = Q(0)\n", "2:5", "expected a vector name"},
      {"alphabet \"01\"\nlet 2x = Q(0)\n", "2:5", "expected a vector name"},
      {"alphabet \"01\"\nlet where = Q(0)\n", "2:5", "is a keyword"},
      {"alphabet \"01\"\nlet x Q(0)\n", "2:7", "expected '=' after"},
      {"alphabet \"01\"\nlet x = Q(2)\noutput x\n", "2:11",
       "not in the program's alphabet"},
      {"alphabet \"01\"\nlet x = Q(01)\n", "2:11", "one symbol in Q(...)"},
      {"alphabet \"01\"\nlet x = Q 0\n", "2:11", "'(' after Q"},
      {"alphabet \"01\"\nlet x = Q(0\n", "2:12", "')' after the symbol"},
      {"alphabet \"01\"\nlet x = y\n", "2:9", "'y' is not defined before here"},
      {"alphabet \"01\"\nlet x = x\n", "2:9", "'x' is not defined before here"},
      {"alphabet \"01\"\nlet x = Q(0)\nlet x = Q(1)\n", "3:5",
       "already defined"},
      {"alphabet \"01\"\nlet x = Q(0) &\n", "2:15", "expected a vector"},
      {"alphabet \"01\"\nlet x = (Q(0)\n", "2:14", "expected ')'"},
      {"alphabet \"01\"\nlet x = Q(0) Q(1)\n", "2:14", "end of the line"},
      {"alphabet \"01\"\nlet x = Q(0) $\n", "2:14", "unexpected character '$'"},
      {"alphabet \"01\"\nlet x = leftmost i < j where true of true else true\n",
       "2:18", "'j' after leftmost"},
      {"alphabet \"01\"\nlet x = leftmost j < k where true of true else true\n",
       "2:22", "'i' in the mask"},
      {"alphabet \"01\"\nlet x = leftmost j < i of true else true\n", "2:24",
       "expected where"},
      {"alphabet \"01\"\nlet x = leftmost j < i where Q(0) of true else true\n",
       "2:30", "needs [i] or [j]"},
      {"alphabet \"01\"\nlet x = leftmost j < i where Q(0)[k] of true else "
       "true\n",
       "2:35", "expected i or j"},
      {"alphabet \"01\"\nlet x = leftmost j < i where true true else true\n",
       "2:35", "of after the score"},
      {"alphabet \"01\"\nlet x = leftmost j < i where true of true\n", "2:42",
       "else after the value"},
      {"alphabet \"01\"\nlet y = Q(0)\nlet x = leftmost j < i where true of "
       "y[i] else true\n",
       "3:40", "read at j"},
      {"alphabet \"01\"\nlet y = Q(0)\nlet x = leftmost j < i where true of y "
       "else y[j]\n",
       "3:47", "read at i"},
      {"alphabet \"01\"\nlet x = Q(0)\noutput x\noutput x\n", "4:1",
       "second output"},
      {"alphabet \"01\"\nlet x = Q(0)\noutput\n", "3:7",
       "vector name after output"},
      {"alphabet \"01\"\nempty maybe\n", "2:7", "accept or reject"},
      {"alphabet \"01\"\nlets x = Q(0)\n", "2:1",
       "expected alphabet, let, output, empty or language"},
      {"language \"first\"\n", "1:1", "alphabet must come before the language"},
      {"alphabet \"01\"\nlanguage \"nope\"\n", "2:10", "unknown language"},
      {"alphabet \"ab\"\nlanguage \"first\"\n", "2:10",
       "is not the program's 'ab'"},
      {"alphabet \"01\"\nlanguage first\nlanguage first\n", "3:1",
       "second language"},
      {"alphabet \"01\"\nlanguage\n", "2:9", "expected a language spec"},
  };
  for (const Malformed& m : kCases) {
    absl::StatusOr<BraspProgram> p = ParseBrasp(m.text, "bad.brasp");
    ASSERT_FALSE(p.ok()) << m.text;
    EXPECT_TRUE(absl::IsInvalidArgument(p.status()));
    EXPECT_THAT(p.status().message(),
                HasSubstr(absl::StrCat("bad.brasp:", m.where, ": ")))
        << m.text;
    EXPECT_THAT(p.status().message(), HasSubstr(m.message)) << m.text;
  }
}

}  // namespace
}  // namespace satcirc::programs
