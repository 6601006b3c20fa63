// ParseAiger: satcirc's own AIGER files and Yosys's (ASCII and binary, with
// and without symbols) read back to the same function; bad files, including
// the ones that crashed or exhausted memory in the old reader, are errors
// naming the line and the limit.
#include "circuits/read_aiger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "circuits/builder.h"
#include "circuits/names.h"
#include "circuits/simulate.h"
#include "circuits/stats.h"
#include "circuits/write_aiger.h"
#include "lib/compile/compile.h"
#include "lib/zoo/zoo.h"
#include "tests/circuits/test_util.h"

namespace satcirc::circuits {

// The old reader, ReadAiger(std::istream&) of write_aiger.h, crashed on
// malformed files; ParseAiger replaced it. Were it declared again, it would
// win overload resolution against this stand-in (never defined) and the
// static_assert below would fail to compile.
struct NoOldAigerReader {};
template <typename T>
NoOldAigerReader ReadAiger(T&&);
static_assert(
    std::is_same_v<decltype(ReadAiger(std::declval<std::istream&>())),
                   NoOldAigerReader>,
    "write_aiger.h declares ReadAiger again: read AIGER with ParseAiger");

}  // namespace satcirc::circuits

namespace satcirc::circuits {
namespace {

using ::std::string_literals::operator""s;
using ::testing::HasSubstr;
using testing::RandomCircuit;
using testing::ScalarTruthTables;

std::string Aiger(const Circuit& c) {
  std::ostringstream out;
  EXPECT_TRUE(WriteAiger(out, c).ok());
  return out.str();
}

std::string ErrorOf(const std::string& data) {
  absl::StatusOr<Circuit> c = ParseAiger(data, "t.aag");
  EXPECT_FALSE(c.ok()) << data;
  return std::string(c.status().message());
}

// Whether `got` computes `want` when inputs and outputs are matched by name.
void ExpectSameFunctionByName(const Circuit& want, const Circuit& got) {
  ASSERT_EQ(got.inputs().size(), want.inputs().size());
  ASSERT_EQ(got.outputs().size(), want.outputs().size());
  std::map<std::string, std::size_t> input_of;
  for (std::size_t i = 0; i < got.inputs().size(); ++i) {
    input_of[got.gate(got.inputs()[i]).name] = i;
  }
  std::map<std::string, std::size_t> output_of;
  for (std::size_t o = 0; o < got.outputs().size(); ++o) {
    output_of[got.outputs()[o].name] = o;
  }
  const std::size_t k = want.inputs().size();
  for (std::uint64_t x = 0; x < (std::uint64_t{1} << k); ++x) {
    std::vector<bool> a(k), b(k);
    for (std::size_t i = 0; i < k; ++i) {
      a[i] = (x >> i) & 1;
      const std::string& name = want.gate(want.inputs()[i]).name;
      ASSERT_TRUE(input_of.count(name)) << name;
      b[input_of[name]] = a[i];
    }
    const std::vector<bool> w = EvaluateScalar(want, a);
    const std::vector<bool> g = EvaluateScalar(got, b);
    for (std::size_t o = 0; o < w.size(); ++o) {
      const std::string& name = want.outputs()[o].name;
      ASSERT_TRUE(output_of.count(name)) << name;
      ASSERT_EQ(g[output_of[name]], w[o]) << "assignment " << x << ", " << name;
    }
  }
}

TEST(ReadAiger, SatcircFilesRoundTrip) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 12; ++trial) {
    const Circuit c = RandomCircuit(rng, 7, 40, 4, 6, trial % 2 ? 2 : 25);
    const std::string text = Aiger(c);
    absl::StatusOr<Circuit> read = ParseAiger(text, "c.aag");
    ASSERT_TRUE(read.ok()) << read.status() << "\n" << text;
    EXPECT_EQ(read->gate(read->inputs()[3]).name, c.gate(c.inputs()[3]).name);
    EXPECT_EQ(*ExhaustiveTruthTables(*read), ScalarTruthTables(c)) << text;
  }
}

TEST(ReadAiger, AsciiAndsInAnyOrderAndConstants) {
  // y = NOT(a AND b) AND TRUE and the constant 0, the ANDs listed before
  // what they use.
  absl::StatusOr<Circuit> c = ParseAiger(
      "aag 4 2 0 2 2\n2\n4\n8\n0\n8 7 1\n6 2 4\ni0 a\ni1 b\no0 "
      "y\nc\nanything\n",
      "c.aag");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->gate(c->inputs()[1]).name, "b");
  EXPECT_EQ(c->outputs()[0].name, "y");
  EXPECT_EQ(c->outputs()[1].name, "o1");
  for (int x = 0; x < 4; ++x) {
    const std::vector<bool> out =
        EvaluateScalar(*c, {(x & 1) != 0, (x & 2) != 0});
    EXPECT_EQ(out[0], x != 3);
    EXPECT_FALSE(out[1]);
  }
}

TEST(ReadAiger, BinaryFormat) {
  // Two inputs, one AND (literal 6 = 4 AND 2: deltas 2 and 2), output NOT 6.
  const std::string data =
      std::string("aig 3 2 0 1 1\n7\n") + '\x02' + '\x02' + "i0 a\ni1 b\n";
  absl::StatusOr<Circuit> c = ParseAiger(data, "c.aig");
  ASSERT_TRUE(c.ok()) << c.status();
  for (int x = 0; x < 4; ++x) {
    EXPECT_EQ(EvaluateScalar(*c, {(x & 1) != 0, (x & 2) != 0})[0], x != 3);
  }
  // A multi-byte delta: AND 130 = 2 AND 0 (deltas 128 = 0x80 0x01, and 2).
  const std::string wide = "aig 65 64 0 1 1\n130\n\x80\x01\x02"s;
  absl::StatusOr<Circuit> w = ParseAiger(wide, "w.aig");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->inputs().size(), 64u);
}

bool HaveYosys() {
  return std::system("command -v yosys >/dev/null 2>&1") == 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// satcirc -> Yosys (read_aiger; write_aiger in four variants) -> ParseAiger.
TEST(ReadAiger, YosysFilesRoundTrip) {
  if (!HaveYosys()) GTEST_SKIP() << "yosys not installed";
  const std::string dir =
      absl::StrCat(::testing::TempDir(), "/satcirc_aiger_", ::getpid());
  std::filesystem::create_directories(dir);
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 3; ++trial) {
    const Circuit c = RandomCircuit(rng, 6, 30, 3, 5, trial % 2 ? 3 : 9);
    std::ofstream(dir + "/c.aag") << Aiger(c);
    const std::string cmd = absl::StrCat(
        "cd ", dir, " && yosys -q -p 'read_aiger -module_name top c.aag; ",
        "write_aiger -ascii -symbols sa.aag; write_aiger -symbols sb.aig; ",
        "write_aiger -ascii a.aag; write_aiger b.aig' >yosys.log 2>&1");
    ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir + "/yosys.log");
    absl::StatusOr<Circuit> named[2] = {
        ParseAiger(ReadFile(dir + "/sa.aag"), "sa.aag"),
        ParseAiger(ReadFile(dir + "/sb.aig"), "sb.aig")};
    for (const auto& r : named) {
      ASSERT_TRUE(r.ok()) << r.status();
      ExpectSameFunctionByName(c, *r);
    }
    // Without symbols the inputs keep Yosys's order, the one named above.
    for (const char* file : {"a.aag", "b.aig"}) {
      absl::StatusOr<Circuit> r = ParseAiger(ReadFile(dir + "/" + file), file);
      ASSERT_TRUE(r.ok()) << file << ": " << r.status();
      EXPECT_EQ(*ExhaustiveTruthTables(*r), *ExhaustiveTruthTables(*named[0]))
          << file;
    }
  }
  std::filesystem::remove_all(dir);
}

// `got` (named by MakePortNames(want), as WriteAiger names its symbols)
// computes what `want` computes, on 256 seeded random assignments.
void ExpectSameByPortNames(const Circuit& want, const Circuit& got,
                           const std::string& what) {
  const PortNames ports = MakePortNames(want);
  std::map<std::string, std::size_t> in_of, out_of;
  for (std::size_t i = 0; i < got.inputs().size(); ++i)
    in_of[got.gate(got.inputs()[i]).name] = i;
  for (std::size_t o = 0; o < got.outputs().size(); ++o)
    out_of[got.outputs()[o].name] = o;
  std::mt19937_64 rng(3);
  const BitParallelSimulator sw(want), sg(got);
  for (int round = 0; round < 4; ++round) {
    std::vector<std::uint64_t> a(want.inputs().size()), b(got.inputs().size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      a[i] = rng();
      if (in_of.count(ports.inputs[i])) b[in_of[ports.inputs[i]]] = a[i];
    }
    const std::vector<std::uint64_t> w = sw.RunOutputs(a), g = sg.RunOutputs(b);
    for (std::size_t o = 0; o < w.size(); ++o) {
      ASSERT_TRUE(out_of.count(ports.outputs[o]))
          << what << ": no output " << ports.outputs[o];
      ASSERT_EQ(g[out_of[ports.outputs[o]]], w[o])
          << what << ": " << ports.outputs[o] << ", round " << round;
    }
  }
}

// Compiled zoo circuits written as ASCII and binary AIGER: the symbols are
// the port names docs/circuit-format.md promises (x[3][1] → x_3__1_), the
// header's I and O are the inputs and outputs circuit-stats counts, A is the
// ANDs in the file (and what WriteAiger reports), and Yosys reads both files
// to the circuit's function.
TEST(WriteAiger, ZooCircuitsHaveDocumentedNamesAndCountsAndReadInYosys) {
  if (!HaveYosys()) GTEST_SKIP() << "yosys not installed";
  const std::string dir =
      absl::StrCat(::testing::TempDir(), "/satcirc_aiger_zoo_", ::getpid());
  std::filesystem::create_directories(dir);
  for (auto [name, n, p] :
       {std::tuple{"majority", 5, 3}, std::tuple{"dyck1", 4, 3},
        std::tuple{"parity", 4, 4}}) {
    const absl::StatusOr<Circuit> c = Compile(*zoo::Build(name), n, p);
    ASSERT_TRUE(c.ok()) << c.status();
    const CircuitStats st = ComputeStats(*c);
    for (bool binary : {false, true}) {
      const std::string file = absl::StrCat(name, binary ? ".aig" : ".aag");
      std::ostringstream out;
      AigerHeader h;
      ASSERT_TRUE(WriteAiger(out, *c, {.binary = binary}, &h).ok());
      EXPECT_THAT(out.str(), HasSubstr("i0 x_0__0_\n")) << file;
      EXPECT_THAT(out.str(), HasSubstr("\no0 accept\n")) << file;
      EXPECT_EQ(out.str().substr(0, 4), binary ? "aig " : "aag ");
      EXPECT_EQ(h.inputs, static_cast<std::uint64_t>(st.num_inputs)) << file;
      EXPECT_EQ(h.outputs, static_cast<std::uint64_t>(st.num_outputs));
      EXPECT_EQ(h.max_var, h.inputs + h.ands);
      const absl::StatusOr<Circuit> mine = ParseAiger(out.str(), file);
      ASSERT_TRUE(mine.ok()) << mine.status();
      EXPECT_EQ(
          ComputeStats(*mine).gates_by_kind[static_cast<int>(GateKind::kAnd)],
          static_cast<std::int64_t>(h.ands))
          << file;
      ExpectSameByPortNames(*c, *mine, file);
      std::ofstream(dir + "/" + file, std::ios::binary) << out.str();
      const std::string cmd = absl::StrCat(
          "cd ", dir, " && yosys -q -p 'read_aiger -module_name top ", file,
          "; write_aiger -ascii -symbols back.aag' >yosys.log 2>&1");
      ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir + "/yosys.log");
      const absl::StatusOr<Circuit> back =
          ParseAiger(ReadFile(dir + "/back.aag"), "back.aag");
      ASSERT_TRUE(back.ok()) << back.status();
      ExpectSameByPortNames(*c, *back, file + " through Yosys");
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(ReadAiger, TheOldReadersCrashesAreErrors) {
  // An input literal beyond 2M+1 wrote past the end of a table.
  EXPECT_THAT(ErrorOf("aag 1 1 0 1 0\n4000\n2\n"),
              HasSubstr("t.aag: line 2: input 0: '4000' is not a literal in "
                        "0..2M+1 = 0..3"));
  // Header counts in the billions allocated tables of that size.
  EXPECT_THAT(ErrorOf("aag 4000000000 3000000000 0 1000000000 0\n"),
              HasSubstr("line 1: M = 4000000000 variables, more than the limit "
                        "of 1048576"));
  EXPECT_THAT(ErrorOf("aag 1048576 1000 0 0 0\n2\n"),
              HasSubstr("the header promises 1000 inputs, 0 outputs and 0 "
                        "ANDs, more than the 2 bytes after it can hold"));
  EXPECT_THAT(ErrorOf("aag 5 1 0 4000000000 0\n2\n"),
              HasSubstr("4000000000 outputs"));
  // I + A wrapped around 2^64 and passed M >= I + A.
  EXPECT_THAT(ErrorOf("aag 3 18446744073709551615 0 0 4\n"),
              HasSubstr("M = 3 is less than I + A = 18446744073709551615 + 4"));
  EXPECT_THAT(ErrorOf("aag 3 2 0 0 18446744073709551615\n"),
              HasSubstr("M = 3 is less than I + A"));
  EXPECT_THAT(ErrorOf("aag 99999999999999999999 1 0 0 0\n"),
              HasSubstr("expected the header"));
}

TEST(ReadAiger, BadFilesNameTheLine) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("empty"));
  EXPECT_THAT(ErrorOf("aag 1 0 1 0 0\n2 3\n"), HasSubstr("latches"));
  EXPECT_THAT(ErrorOf("aag 1 1 0 0 0 1\n2\n"), HasSubstr("bad-state"));
  EXPECT_THAT(ErrorOf("aag 2 1 0 1 1\n3\n4\n4 2 2\n"),
              HasSubstr("line 2: input 0: literal 3 is not an even literal"));
  EXPECT_THAT(ErrorOf("aag 2 2 0 0 0\n2\n2\n"),
              HasSubstr("line 3: input 1: variable 1 (literal 2) is defined "
                        "twice"));
  EXPECT_THAT(ErrorOf("aag 3 1 0 1 2\n2\n4\n4 6 2\n6 4 2\n"),
              HasSubstr("depends on itself"));
  EXPECT_THAT(ErrorOf("aag 3 1 0 1 1\n2\n4\n4 6 2\n"),
              HasSubstr("literal 6 uses variable 3, which is neither an input "
                        "nor an AND"));
  EXPECT_THAT(ErrorOf("aag 1 1 0 1 0\n2\n2\nx0 a\n"),
              HasSubstr("line 4: expected a symbol"));
  EXPECT_THAT(ErrorOf("aag 1 1 0 1 0\n2\n2\ni1 a\n"),
              HasSubstr("line 4: symbol for input 1, but there are only 1"));
  EXPECT_THAT(ErrorOf("aag 2 2 0 0 0\n2\n4\ni0 a\ni1 a\n"),
              HasSubstr("not valid"));
  EXPECT_THAT(ErrorOf("aag 1 1 0 0 0\n 2\n"),
              HasSubstr("line 2: input 0: expected 1 literal"));
  EXPECT_THAT(ErrorOf("aig 2 1 0 1 1\n4\n\x05\x00"s),
              HasSubstr("AND 0 (literal 4): deltas 5"));
  EXPECT_THAT(ErrorOf("aig 2 1 0 1 1\n4\n\x82"),
              HasSubstr("AND 0: the file ends inside its binary encoding"));
  EXPECT_THAT(ErrorOf("aig 2 1 0 1 1\n4\n\xff\xff\xff\xff\xff\x01\x01"),
              HasSubstr("a delta beyond 32 bits"));
  // Found by the fuzzer: continuation bytes without payload shifted past 64.
  EXPECT_THAT(ErrorOf("aig 2 1 0 1 1\n4\n" + std::string(60, '\x80') + "\x01"),
              HasSubstr("a delta beyond 32 bits"));
  EXPECT_THAT(ErrorOf("aig 3 1 0 1 1\n4\n\x02\x00"s),
              HasSubstr("binary format needs M = I + L + A = 2"));
  EXPECT_THAT(ErrorOf(std::string(kMaxAigerBytes + 1, ' ')),
              HasSubstr("more than the limit of 268435456"));
}

}  // namespace
}  // namespace satcirc::circuits
