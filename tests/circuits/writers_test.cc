// Writers: DOT (both views) rendered through libgvc, and the netlists
// simulated by independent tools (Icarus Verilog, Yosys) on every input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "circuits/builder.h"
#include "circuits/gadgets.h"
#include "circuits/names.h"
#include "circuits/render.h"
#include "circuits/simulate.h"
#include "circuits/write_blif.h"
#include "circuits/write_dot.h"
#include "circuits/write_verilog.h"
#include "lib/compile.h"
#include "lib/zoo/zoo.h"
#include "tests/circuits/test_util.h"

// Graphviz 2.43's dot layout leaks its cluster skeletons (virtual nodes and
// edges) and fontconfig its pattern caches; none of it is ours. Only read by
// LeakSanitizer in the sanitizer build.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvplugin_dot_layout.so\n"
         "leak:libgvc.so\n"
         "leak:libfontconfig.so\n"
         "leak:libpango\n";
}

namespace satcirc::circuits {
namespace {

using ::testing::HasSubstr;

// A small transformer-shaped circuit: two 2-bit values per position, a
// comparison, a weighted sum, an average; blocks per layer/head/position.
Circuit SmallCircuit() {
  CircuitBuilder b;
  std::vector<Number> v;
  for (int p = 0; p < 3; ++p) {
    b.SetBlock(absl::StrCat("embed/pos ", p));
    v.push_back(*InputNumber(b, absl::StrCat("x[", p, "]"), 2, false));
  }
  std::vector<GateId> selected;
  b.SetBlock("layer 1/head 1/argmax");
  selected = ArgmaxIndicators(b, v);
  b.SetBlock("layer 1/head 1/average");
  Number avg = *SelectedAverageFloor(b, selected, v);
  b.SetBlock("layer 1/mlp");
  Term t[2] = {{avg, 3}, {v[0], -2}};
  Number sum = *WeightedSum(b, t, 1);
  b.SetBlock("readout");
  b.AddOutput("accept", GreaterEqualConstant(b, sum, 2));
  b.AddOutput("first_is_max", selected[0]);
  b.AddOutput("sum[0]", sum.bits[0]);
  auto c = b.Build();
  EXPECT_TRUE(c.ok());
  return *std::move(c);
}

TEST(Dot, GateViewHasNestedClustersWeightsAndThresholds) {
  Circuit c = SmallCircuit();
  std::ostringstream dot;
  WriteDot(dot, c);
  const std::string s = dot.str();
  EXPECT_THAT(s, HasSubstr("digraph circuit {"));
  EXPECT_THAT(s, HasSubstr("label=\"layer 1\""));
  EXPECT_THAT(s, HasSubstr("label=\"head 1\""));
  EXPECT_THAT(s, HasSubstr("label=\"pos 2\""));
  EXPECT_THAT(s, HasSubstr("\xE2\x89\xA5 "));  // a threshold node "≥ θ"
  EXPECT_THAT(s, HasSubstr("style=dashed"));   // a negative weight
  EXPECT_THAT(s, HasSubstr("[label=\"x[0][1]\""));
  EXPECT_THAT(s, HasSubstr("label=\"accept\""));
  std::ostringstream again;
  WriteDot(again, c);
  EXPECT_EQ(s, again.str());  // deterministic
}

TEST(Dot, SummaryViewHasOneNodePerBlock) {
  Circuit c = SmallCircuit();
  std::ostringstream dot;
  WriteDot(dot, c, {.summary = true});
  const std::string s = dot.str();
  EXPECT_THAT(s, HasSubstr("label=\"average\\n"));
  EXPECT_THAT(s, HasSubstr(" gates\""));
  EXPECT_THAT(s, HasSubstr("label=\"pos 0\\n2 inputs\""));
  EXPECT_THAT(s, Not(HasSubstr("\xE2\x89\xA5 ")));
  // Too many gates: the summary view is chosen automatically.
  std::ostringstream small;
  WriteDot(small, c, {.max_gates = 10});
  EXPECT_THAT(small.str(), HasSubstr("summary view"));
}

TEST(Render, SvgAndPngHaveValidHeaders) {
  Circuit c = SmallCircuit();
  std::ostringstream dot;
  WriteDot(dot, c);
  auto svg = RenderDot(dot.str(), ImageFormat::kSvg);
  ASSERT_TRUE(svg.ok()) << svg.status();
  EXPECT_THAT(*svg, HasSubstr("<svg"));
  EXPECT_THAT(*svg, HasSubstr("</svg>"));
  auto png = RenderDot(dot.str(), ImageFormat::kPng);
  ASSERT_TRUE(png.ok()) << png.status();
  ASSERT_GT(png->size(), 8u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::ostringstream summary;
  WriteDot(summary, c, {.summary = true});
  const std::string dir = ::testing::TempDir();
  ASSERT_TRUE(
      RenderDotToFile(dot.str(), ImageFormat::kPng, dir + "/circuit_gates.png")
          .ok());
  ASSERT_TRUE(RenderDotToFile(summary.str(), ImageFormat::kPng,
                              dir + "/circuit_summary.png")
                  .ok());
  EXPECT_GT(std::filesystem::file_size(dir + "/circuit_gates.png"), 1000u);
  EXPECT_FALSE(RenderDot("digraph {", ImageFormat::kSvg).ok());
  EXPECT_FALSE(
      RenderDotToFile(dot.str(), ImageFormat::kSvg, "/nonexistent/dir/x.svg")
          .ok());
}

bool HaveTool(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A testbench that drives every assignment (input i = bit i) and prints the
// outputs, first output first, one line per assignment.
std::string Testbench(const Circuit& c, const std::string& module) {
  const PortNames ports = MakePortNames(c);
  const std::size_t k = c.inputs().size(), o = c.outputs().size();
  std::ostringstream tb;
  tb << "module tb;\n  reg [" << k - 1 << ":0] in;\n  wire [" << o - 1
     << ":0] out;\n  " << module << " dut(";
  for (std::size_t i = 0; i < k; ++i)
    tb << (i ? ", " : "") << "." << ports.inputs[i] << "(in[" << i << "])";
  for (std::size_t j = 0; j < o; ++j)
    tb << ", ." << ports.outputs[j] << "(out[" << j << "])";
  tb << ");\n  integer a, j;\n  initial begin\n"
     << "    for (a = 0; a < " << (1u << k) << "; a = a + 1) begin\n"
     << "      in = a; #1;\n"
     << "      for (j = 0; j < " << o
     << "; j = j + 1) $write(\"%b\", out[j]);\n"
     << "      $write(\"\\n\");\n    end\n    $finish;\n  end\nendmodule\n";
  return tb.str();
}

std::string Expected(const Circuit& c) {
  auto tables = ExhaustiveTruthTables(c);
  std::string s;
  const std::uint64_t n = std::uint64_t{1} << c.inputs().size();
  for (std::uint64_t a = 0; a < n; ++a) {
    for (const auto& t : *tables)
      s += ((t[a / 64] >> (a % 64)) & 1) ? '1' : '0';
    s += '\n';
  }
  return s;
}

// Runs `netlist` (Verilog) through Icarus with the testbench; returns stdout.
std::string RunIcarus(const std::string& dir, const std::string& netlist,
                      const Circuit& c, const std::string& module) {
  std::ofstream(dir + "/tb.v") << Testbench(c, module);
  const std::string cmd =
      "cd " + dir + " && iverilog -g2005 -o sim tb.v " + netlist +
      " >iverilog.log 2>&1 && vvp -n sim >vvp.out 2>vvp.log";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir + "/iverilog.log");
  std::string out = ReadFile(dir + "/vvp.out");
  // vvp prints a "$finish called" note on some versions; keep the bit lines.
  std::istringstream lines(out);
  std::string line, bits;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.find_first_not_of("01") == std::string::npos)
      bits += line + "\n";
  }
  return bits;
}

std::string MakeTempDir(const std::string& name) {
  std::string dir =
      absl::StrCat(::testing::TempDir(), "/satcirc_", name, "_", ::getpid());
  std::filesystem::create_directories(dir);
  return dir;
}

// A small hand-made circuit, two random ones, and circuits compiled from the
// zoo (lib/compile.h) at their p*(n): MAJORITY at n = 4, Dyck-1 at n = 4,
// PARITY at n = 3.
std::vector<Circuit> NetlistCircuits() {
  std::vector<Circuit> circuits = {SmallCircuit()};
  std::mt19937_64 rng(5);
  circuits.push_back(testing::RandomCircuit(rng, 7, 30, 4, 6, 9));
  circuits.push_back(testing::RandomCircuit(rng, 6, 25, 3, 12, 1000));
  for (auto [name, n, p] :
       {std::tuple{"majority", 4, 2}, std::tuple{"dyck1", 4, 3},
        std::tuple{"parity", 3, 4}}) {
    absl::StatusOr<Circuit> c = Compile(*zoo::Build(name), n, p);
    EXPECT_TRUE(c.ok()) << c.status();
    EXPECT_GT(c->num_gates(), c->inputs().size()) << name;
    circuits.push_back(*std::move(c));
  }
  return circuits;
}

TEST(Verilog, IcarusAgreesOnAllInputs) {
  if (!HaveTool("iverilog") || !HaveTool("vvp"))
    GTEST_SKIP() << "iverilog not installed";
  const std::string dir = MakeTempDir("verilog");
  for (const Circuit& c : NetlistCircuits()) {
    for (bool lower : {false, true}) {
      std::ofstream f(dir + "/circuit.v");
      ASSERT_TRUE(WriteVerilog(f, c, {.lower_thresholds = lower}).ok());
      f.close();
      EXPECT_EQ(RunIcarus(dir, "circuit.v", c, "circuit"), Expected(c))
          << "lowered: " << lower << "\n"
          << ReadFile(dir + "/circuit.v");
    }
  }
}

TEST(Verilog, YosysSynthesisAgreesOnAllInputs) {
  if (!HaveTool("yosys") || !HaveTool("iverilog"))
    GTEST_SKIP() << "yosys/iverilog not installed";
  const std::string dir = MakeTempDir("yosys_verilog");
  for (const Circuit& c : NetlistCircuits()) {
    // Synthesis turns every wide threshold into adders: the compiled Dyck-1
    // and PARITY circuits take half a minute; Icarus and the BLIF reader
    // check those.
    if (c.num_gates() > 60) continue;
    std::ofstream f(dir + "/circuit.v");
    ASSERT_TRUE(WriteVerilog(f, c).ok());
    f.close();
    const std::string cmd =
        "cd " + dir +
        " && yosys -q -p 'read_verilog circuit.v; synth -top circuit; "
        "write_verilog -noattr synth.v' >yosys.log 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir + "/yosys.log");
    EXPECT_EQ(RunIcarus(dir, "synth.v", c, "circuit"), Expected(c));
  }
}

TEST(Blif, YosysReadsItAndAgreesOnAllInputs) {
  if (!HaveTool("yosys") || !HaveTool("iverilog"))
    GTEST_SKIP() << "yosys/iverilog not installed";
  const std::string dir = MakeTempDir("blif");
  for (const Circuit& c : NetlistCircuits()) {
    for (int max_cover : {8, 0}) {
      std::ofstream f(dir + "/circuit.blif");
      ASSERT_TRUE(WriteBlif(f, c, {.max_cover_fanin = max_cover}).ok());
      f.close();
      const std::string cmd =
          "cd " + dir +
          " && yosys -q -p 'read_blif circuit.blif; "
          "write_verilog -noattr from_blif.v' >yosys.log 2>&1";
      ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir + "/yosys.log");
      EXPECT_EQ(RunIcarus(dir, "from_blif.v", c, "circuit"), Expected(c))
          << ReadFile(dir + "/circuit.blif");
    }
  }
}

TEST(Blif, CoversOfTypedGates) {
  CircuitBuilder b({.absorb_not = false});
  GateId x = b.Input("x[0]"), y = b.Input("y");
  b.AddOutput("and", b.And(x, y));
  b.AddOutput("or", b.Or(x, y));
  b.AddOutput("not", b.Not(x));
  std::ostringstream out;
  ASSERT_TRUE(WriteBlif(out, b.circuit()).ok());
  EXPECT_EQ(out.str(),
            "# satcirc threshold circuit: 5 gates\n"
            ".model circuit\n.inputs x_0_ y\n.outputs p_and p_or p_not\n"
            ".names x_0_ y w2\n11 1\n"
            ".names x_0_ y w3\n1- 1\n-1 1\n"
            ".names x_0_ w4\n0 1\n"
            ".names w2 p_and\n1 1\n.names w3 p_or\n1 1\n.names w4 p_not\n1 "
            "1\n.end\n");
}

}  // namespace
}  // namespace satcirc::circuits
