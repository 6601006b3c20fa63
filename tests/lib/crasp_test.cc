// C-RASP: the interpreter on a worked example, the compiled model against the
// interpreter on seeded random programs, printing and parsing back, the
// program library against its languages, and malformed programs.
#include "lib/programs/crasp.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "automata/enumerate.h"
#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "tests/lib/random_crasp.h"
#include "tests/lib/sanitized.h"
#include "tests/lib/shrink_crasp.h"

namespace satcirc::programs {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<automata::Word> Words(int k, int max_len) {
  std::vector<automata::Word> all;
  for (int n = 0; n <= max_len; ++n) {
    automata::Word w(n, 0);
    do all.push_back(w);
    while (automata::NextWord(k, w));
  }
  return all;
}

TEST(CraspTest, InterpreterOnAWorkedExample) {
  absl::StatusOr<CraspProgram> p = ParseCrasp(R"(alphabet "ab"
let a = count(Q(a))
let d = 2 * a - count(Q(b)) + 1
let pos = d > 0
let c = if pos then a else -1
let out = c >= 2 | !pos
output out
)");
  ASSERT_TRUE(p.ok()) << p.status();
  const CraspRun r = RunCrasp(*p, *p->alphabet.Parse("abbba"));
  EXPECT_THAT(r.values[0], ElementsAre(1, 1, 1, 1, 2));
  EXPECT_THAT(r.values[1], ElementsAre(3, 2, 1, 0, 2));
  EXPECT_THAT(r.values[2], ElementsAre(1, 1, 1, 0, 1));
  EXPECT_THAT(r.values[3], ElementsAre(1, 1, 1, -1, 2));
  EXPECT_THAT(r.values[4], ElementsAre(0, 0, 0, 1, 1));
  EXPECT_TRUE(r.accept);
}

TEST(CraspTest, FormatParsesBackToTheSameVectors) {
  std::mt19937_64 rng(3);
  for (int t = 0; t < 500; ++t) {
    const CraspProgram p = testing::RandomCrasp(rng).Make();
    const std::string text = FormatCrasp(p);
    absl::StatusOr<CraspProgram> back = ParseCrasp(text);
    ASSERT_TRUE(back.ok()) << back.status() << "\n" << text;
    for (const automata::Word& w : Words(p.alphabet.size(), 4))
      ASSERT_EQ(RunCrasp(*back, w).values, RunCrasp(p, w).values) << text;
  }
}

// Whether the compiled model decides some word of length ≤ 5 otherwise than
// the interpreter, or with |y| ≠ 1/2, or does not compile.
bool CompiledDisagrees(const CraspProgram& p) {
  absl::StatusOr<Model> model = CompileCrasp(p, "random");
  if (!model.ok()) return true;
  absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*model);
  if (!engine.ok()) return true;
  for (const automata::Word& w : Words(p.alphabet.size(), 5)) {
    const Decision d = engine->Run(w);
    const bool want = RunCrasp(p, w).accept;
    if (d.accept != want ||
        d.value != (want ? Rational(1, 2) : Rational(-1, 2)))
      return true;
  }
  return false;
}

// The compiled model decides every word as the interpreter, with |y| = 1/2;
// a disagreement is reported with its program shrunk.
TEST(CraspTest, CompiledModelEqualsTheInterpreter) {
  std::mt19937_64 rng(2025);
  const int programs = testing::RandomPrograms(2000);
  for (int t = 0; t < programs; ++t) {
    const CraspProgram p = testing::RandomCrasp(rng).Make();
    if (CompiledDisagrees(p)) {
      const CraspProgram small = testing::ShrinkCrasp(p, CompiledDisagrees);
      FAIL() << "the compiled model and the interpreter disagree on\n"
             << FormatCrasp(p) << "shrunk to\n"
             << FormatCrasp(small);
    }
  }
}

// A failing program shrinks to a 1-minimal one that still fails: here the
// "failure" is accepting a word of length ≤ 3 that holds no 0 (a stand-in
// property many random programs have).
TEST(CraspTest, ShrinkingFindsOneMinimalPrograms) {
  std::mt19937_64 rng(5);
  int shrunk = 0;
  auto fails = [](const CraspProgram& q) {
    for (const automata::Word& w : Words(q.alphabet.size(), 3)) {
      const bool has_zero = std::find(w.begin(), w.end(), 0) != w.end();
      if (!has_zero && RunCrasp(q, w).accept) return true;
    }
    return false;
  };
  for (int t = 0; t < 400 && shrunk < 10; ++t) {
    const CraspProgram p = testing::RandomCrasp(rng).Make();
    if (!fails(p) || testing::CraspSize(p) < 12) continue;
    const CraspProgram small = testing::ShrinkCrasp(p, fails);
    EXPECT_TRUE(fails(small));
    EXPECT_LT(testing::CraspSize(small), testing::CraspSize(p));
    for (const CraspProgram& s : testing::CraspShrinks(small)) {
      if (testing::CraspSize(s) < testing::CraspSize(small)) {
        EXPECT_FALSE(fails(s)) << "not minimal:\n" << FormatCrasp(small);
      }
    }
    // The shrunk program prints and parses back; dropping unread
    // definitions keeps every decision.
    EXPECT_TRUE(ParseCrasp(FormatCrasp(small)).ok()) << FormatCrasp(small);
    const CraspProgram dropped = testing::CraspDropUnread(p);
    for (const automata::Word& w : Words(p.alphabet.size(), 3))
      EXPECT_EQ(RunCrasp(dropped, w).accept, RunCrasp(p, w).accept);
    ++shrunk;
  }
  EXPECT_EQ(shrunk, 10);
}

// Every C-RASP program of the library declares its language and recognizes
// it: every word up to n = 10 and 200 seeded samples at n = 64 and 500.
TEST(CraspTest, LibraryProgramsRecognizeTheirLanguages) {
  int programs = 0;
  const std::string dir =
      absl::StrCat(SATCIRC_SOURCE_DIR, "/examples/programs");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".crasp") continue;
    ++programs;
    const std::string path = entry.path().string();
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<CraspProgram> p = ParseCrasp(text.str(), path);
    ASSERT_TRUE(p.ok()) << p.status();
    ASSERT_FALSE(p->language.empty()) << path;
    auto lang = *automata::ParseLanguage(p->language);
    absl::StatusOr<Model> model = CompileCrasp(*p, "library");
    ASSERT_TRUE(model.ok()) << model.status();
    CheckOptions options;
    options.samples = 200;
    options.exhaustive_limit = 1 << 10;
    const CheckReport report =
        *Check(**MakeExactDecider(*model), *lang,
               {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 64, 500}, options);
    EXPECT_TRUE(report.holds()) << path;
  }
  EXPECT_GE(programs, 4);
}

struct Malformed {
  const char* text;
  const char* where;
  const char* message;
};

TEST(CraspTest, MalformedProgramsNameLineAndColumn) {
  const Malformed kCases[] = {
      {"alphabet \"01\"\nlet c = count(Q(1))\noutput c\n", "3:8",
       "is a count; the output must be Boolean"},
      {"alphabet \"01\"\nlet c = count(Q(1)) & Q(0)\n", "2:9",
       "expected a Boolean before '&', found a count"},
      {"alphabet \"01\"\nlet b = Q(1) + 1\n", "2:9",
       "expected a count before '+', found a Boolean"},
      {"alphabet \"01\"\nlet b = Q(1) > 1\n", "2:9",
       "expected a count before '>', found a Boolean"},
      {"alphabet \"01\"\nlet b = 1 > Q(1)\n", "2:13", "expected a count here"},
      {"alphabet \"01\"\nlet c = count(1)\n", "2:15",
       "expected a Boolean here"},
      {"alphabet \"01\"\nlet c = count Q(1)\n", "2:15", "'(' after count"},
      {"alphabet \"01\"\nlet c = count(Q(1)\n", "2:19",
       "')' after count's predicate"},
      {"alphabet \"01\"\nlet c = if Q(1) then 1\n", "2:23",
       "else after the first count"},
      {"alphabet \"01\"\nlet c = if Q(1) 1 else 2\n", "2:17",
       "then after the condition"},
      {"alphabet \"01\"\nlet c = if 1 then 1 else 2\n", "2:12",
       "expected a Boolean here"},
      {"alphabet \"01\"\nlet c = if Q(1) then Q(0) else 2\n", "2:22",
       "expected a count here"},
      {"alphabet \"01\"\nlet c = 2 * Q(1)\n", "2:13", "expected a count here"},
      {"alphabet \"01\"\nlet c = 99999999999999 * count(Q(1))\n", "2:9",
       "larger than"},
      {"alphabet \"01\"\nlet c = 1000000 * count(Q(1))\nlet d = 10000000 * c\n",
       "3:5", "add up to more than"},
      {"alphabet \"01\"\nlet c = count(Q(2))\n", "2:17",
       "not in the program's alphabet"},
      {"alphabet \"01\"\nlet c = count(x)\n", "2:15",
       "'x' is not defined before here"},
      {"alphabet \"01\"\nlet count = 1\n", "2:5", "is a keyword"},
      {"alphabet \"01\"\nlet c = 1 +\n", "2:12", "expected a vector, a number"},
      {"alphabet \"01\"\nlet c = (1\n", "2:11", "expected ')'"},
      {"alphabet \"01\"\nlet c = 1 1\n", "2:11", "end of the line"},
      {"alphabet \"01\"\nlet b = Q(1) @\n", "2:14", "unexpected character '@'"},
      {"alphabet \"01\"\nlet b = !count(Q(1))\n", "2:10",
       "expected a Boolean here"},
      {"alphabet \"01\"\nlet b = -Q(1)\n", "2:10", "expected a count here"},
  };
  for (const Malformed& m : kCases) {
    absl::StatusOr<CraspProgram> p = ParseCrasp(m.text, "bad.crasp");
    ASSERT_FALSE(p.ok()) << m.text;
    EXPECT_TRUE(absl::IsInvalidArgument(p.status()));
    EXPECT_THAT(p.status().message(),
                HasSubstr(absl::StrCat("bad.crasp:", m.where, ": ")))
        << m.text;
    EXPECT_THAT(p.status().message(), HasSubstr(m.message)) << m.text;
  }
}

}  // namespace
}  // namespace satcirc::programs
