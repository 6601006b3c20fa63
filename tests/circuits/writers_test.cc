// Writers: DOT (both views) rendered through libgvc, and the netlists
// simulated by independent tools (Icarus Verilog, Yosys) on every input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
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
#include "lib/compile/compile.h"
#include "lib/experiments/precision.h"
#include "lib/zoo/zoo.h"
#include "tests/circuits/test_util.h"

// Graphviz 2.43's dot layout leaks its cluster skeletons (virtual nodes and
// edges), its nop2 redraw what init_nop allocates (valgrind: ~110 kB for
// zoo:majority at n = 4), fontconfig its pattern caches; none of it is ours.
// Only read by LeakSanitizer in the sanitizer build.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvplugin_dot_layout.so\n"
         "leak:libgvplugin_neato_layout.so\n"  // the nop2 redraw (render.cc)
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

// Large enough for SmallCircuit's gate view.
constexpr DotOptions kAnySize = {.max_gates = 1000, .max_wires = 1000};

TEST(Dot, GateViewHasNestedClustersWeightsAndThresholds) {
  Circuit c = SmallCircuit();
  std::ostringstream dot;
  WriteDot(dot, c, kAnySize);
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
  WriteDot(again, c, kAnySize);
  EXPECT_EQ(s, again.str());  // deterministic
}

TEST(Dot, SummaryViewHasOneNodePerBlock) {
  Circuit c = SmallCircuit();
  std::ostringstream dot;
  WriteDot(dot, c, {.summary = true});
  const std::string s = dot.str();
  EXPECT_THAT(s, HasSubstr("label=\"average\\n"));
  EXPECT_THAT(s, HasSubstr(" gates\""));
  // The positions of a block are the rows of one table, in order.
  EXPECT_THAT(s, HasSubstr(">embed</TD></TR><TR><TD PORT=\"p"));
  EXPECT_THAT(s, HasSubstr(">pos 0 · 2 inputs</TD>"));
  EXPECT_THAT(s, Not(HasSubstr("\xE2\x89\xA5 ")));
  // Too many gates: the summary view is chosen automatically, and says so.
  std::ostringstream small;
  WriteDot(small, c, {.max_gates = 10});
  EXPECT_THAT(small.str(), HasSubstr("// Summary: one node per block"));
  EXPECT_THAT(small.str(), HasSubstr("gate by gate it would be"));
}

Circuit Zoo(const std::string& name, int n, int p) {
  absl::StatusOr<Circuit> c = Compile(*zoo::Build(name), n, p);
  EXPECT_TRUE(c.ok()) << c.status();
  return *std::move(c);
}

// The gate view only while it can be read (issue #12: 54 gates is a
// hairball), then ever coarser summaries, each saying why.
TEST(Dot, GateByGateOnlyWhileReadable) {
  const DotPlan majority4 = PlanDot(Zoo("majority", 4, 2));
  EXPECT_EQ(majority4.view, DotView::kGates);
  EXPECT_EQ(majority4.gates, 9);
  EXPECT_EQ(majority4.wires, 30);
  EXPECT_EQ(majority4.note, "");
  for (auto [name, n, p] :
       {std::tuple{"majority", 3, 3}, std::tuple{"majority", 6, 3},
        std::tuple{"parity", 2, 2}, std::tuple{"anbn", 2, 2}}) {
    const DotPlan plan = PlanDot(Zoo(name, n, p));
    EXPECT_NE(plan.view, DotView::kGates) << name << " " << n;
    EXPECT_THAT(plan.note, HasSubstr("gate by gate it would be"));
    EXPECT_LE(plan.nodes, DotOptions{}.max_blocks);
    EXPECT_LE(plan.edges, DotOptions{}.max_block_edges);
  }
  // Dyck-1 at n = 8 by position would be 37 nodes and 90 edges.
  const DotPlan dyck8 = PlanDot(Zoo("dyck1", 8, 4), {.summary = true});
  EXPECT_EQ(dyck8.view, DotView::kComponents);
  EXPECT_THAT(dyck8.note, HasSubstr("positions merged"));
  EXPECT_THAT(dyck8.note, Not(HasSubstr("gate by gate")));  // asked for
  // Eleven layers of Dyck-2: one node per layer.
  const DotPlan deep = PlanDot(Zoo("dyck2-depth3", 8, 8));
  EXPECT_EQ(deep.view, DotView::kLayers);
  std::ostringstream dot;
  WriteDot(dot, Zoo("dyck2-depth3", 8, 8));
  EXPECT_THAT(dot.str(), HasSubstr("label=\"layer 11\\n"));
  EXPECT_THAT(dot.str(), HasSubstr("labelloc=b; labeljust=l"));  // caption
}

// Graphviz's SVG: per node, edge and cluster group its title, text
// positions and order in the document.
struct SvgGroup {
  std::string cls, title;
  std::vector<std::pair<std::string, double>> texts;  // text, y
  bool white_box = false;  // a white filled polygon (a pinned label)
};

std::vector<SvgGroup> SvgGroups(const std::string& svg) {
  std::vector<SvgGroup> out;
  std::regex group_re(
      "<g id=\"[a-z_0-9]+\" class=\"(node|edge|cluster)\">\\s*<title>([^<]*)"
      "</title>([\\s\\S]*?)</g>");
  std::regex text_re("<text[^>]* y=\"([-0-9.]+)\"[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), group_re);
       it != std::sregex_iterator(); ++it) {
    SvgGroup g{(*it)[1], (*it)[2], {}, false};
    const std::string body = (*it)[3];
    for (auto t = std::sregex_iterator(body.begin(), body.end(), text_re);
         t != std::sregex_iterator(); ++t) {
      g.texts.push_back({(*t)[2], std::stod((*t)[1])});
    }
    g.white_box = body.find("<polygon fill=\"white\"") != std::string::npos;
    out.push_back(std::move(g));
  }
  return out;
}

std::string Render(const Circuit& c, const DotOptions& options = {}) {
  std::ostringstream dot;
  WriteDot(dot, c, options);
  absl::StatusOr<std::string> svg = RenderDot(dot.str(), ImageFormat::kSvg);
  EXPECT_TRUE(svg.ok()) << svg.status();
  return svg.ok() ? *svg : "";
}

// Cluster and edge labels are drawn as white-backed nodes after every edge:
// no wire is ever drawn over one (dot alone draws a cluster's label under
// the wires that cross it, and an edge's under later edges).
TEST(Render, LabelsAreNeverDrawnOver) {
  const std::vector<std::pair<std::string, std::string>> diagrams = {
      {"majority n = 4, gates", Render(Zoo("majority", 4, 2))},
      {"small circuit, gates", Render(SmallCircuit(), kAnySize)},
      {"small circuit, blocks", Render(SmallCircuit(), {.summary = true})},
      {"dyck1 n = 2, blocks", Render(Zoo("dyck1", 2, 2))},
      {"tomita7 n = 6, blocks", Render(Zoo("tomita7", 6, 0))},
      {"dyck1 n = 8, components", Render(Zoo("dyck1", 8, 4))}};
  for (const auto& [what, svg] : diagrams) {
    const std::vector<SvgGroup> groups = SvgGroups(svg);
    ASSERT_FALSE(groups.empty()) << what;
    std::size_t last_edge = 0, first_node = groups.size(), labels = 0;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const SvgGroup& g = groups[i];
      if (g.cls == "edge") last_edge = i;
      if (g.cls == "node") first_node = std::min(first_node, i);
      if (g.cls != "node") {
        EXPECT_TRUE(g.texts.empty())
            << what << ": " << g.cls << " " << g.title << " has its own label "
            << g.texts[0].first;
      }
      if (g.title.starts_with("satcirc_label_")) {
        ++labels;
        EXPECT_TRUE(g.white_box) << what << ": " << g.title;
      }
    }
    EXPECT_LT(last_edge, first_node) << what << ": an edge after a node";
    EXPECT_GT(labels, 0u) << what;
  }
}

// Inputs top to bottom in input order, and the positions of a block top to
// bottom in natural order (pos 2 before pos 10).
TEST(Render, InputsAndPositionsInOrder) {
  std::vector<double> ys;
  for (const SvgGroup& g : SvgGroups(Render(Zoo("majority", 4, 2)))) {
    if (g.cls == "node" && !g.texts.empty() &&
        g.texts[0].first.starts_with("x[")) {
      ys.push_back(g.texts[0].second);
    }
  }
  ASSERT_EQ(ys.size(), 8u);
  EXPECT_TRUE(std::is_sorted(ys.begin(), ys.end()));
  CircuitBuilder b;
  std::vector<GateId> xs;
  for (int p = 0; p < 12; ++p) {
    b.SetBlock(absl::StrCat("embed/pos ", p));
    GateId x = b.Input(absl::StrCat("x[", p, "]"));
    GateId y = b.Input(absl::StrCat("y[", p, "]"));
    xs.push_back(b.And(x, y));
  }
  b.SetBlock("readout");
  b.AddOutput("accept", b.Or(xs));
  absl::StatusOr<Circuit> c = b.Build();
  ASSERT_TRUE(c.ok());
  std::ostringstream dot;
  WriteDot(dot, *c, {.summary = true});
  EXPECT_LT(dot.str().find(">pos 2 · "), dot.str().find(">pos 10 · "));
  std::vector<std::pair<int, double>> rows;
  for (const SvgGroup& g : SvgGroups(Render(*c, {.summary = true}))) {
    for (const auto& [text, y] : g.texts) {
      if (text.starts_with("pos "))
        rows.push_back({std::stoi(text.substr(4)), y});
    }
  }
  ASSERT_EQ(rows.size(), 12u);
  std::sort(rows.begin(), rows.end());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_LT(rows[i - 1].second, rows[i].second) << "pos " << rows[i].first;
  }
}

// What Graphviz prints never reaches stderr raw: it comes back as warnings.
TEST(Render, GraphvizMessagesBecomeWarnings) {
  std::vector<std::string> warnings;
  ::testing::internal::CaptureStderr();
  absl::StatusOr<std::string> svg =
      RenderDot("digraph { a [shape=nosuchshape]; a -> b; }", ImageFormat::kSvg,
                &warnings);
  // A chain 600 nodes wide: past the PNG size limit, drawn at a lower dpi
  // (Graphviz itself would print "(null): graph is too large for
  // cairo-renderer bitmaps").
  std::string chain = "digraph { rankdir=LR; ";
  for (int i = 0; i < 600; ++i)
    absl::StrAppend(&chain, "n", i, " -> n", i + 1, "; ");
  chain += "}";
  absl::StatusOr<std::string> png =
      RenderDot(chain, ImageFormat::kPng, &warnings);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ASSERT_TRUE(svg.ok()) << svg.status();
  ASSERT_TRUE(png.ok()) << png.status();
  EXPECT_THAT(warnings, ::testing::Contains(HasSubstr("nosuchshape")));
  EXPECT_THAT(warnings, ::testing::Contains(HasSubstr("dpi to stay within")));
  for (const std::string& w : warnings) {
    EXPECT_THAT(w, Not(HasSubstr("(null)")));
    EXPECT_THAT(w, Not(HasSubstr("Warning:")));
  }
  // The PNG's width (IHDR, big-endian at byte 16) within the limit.
  ASSERT_GT(png->size(), 24u);
  const auto byte = [&](int i) {
    return static_cast<unsigned char>((*png)[i]);
  };
  const std::uint32_t width =
      byte(16) << 24 | byte(17) << 16 | byte(18) << 8 | byte(19);
  EXPECT_LE(width, static_cast<std::uint32_t>(kMaxPngPixels));
}

// zoo:parity at n = 16 gate by gate took 13 minutes to PNG: a graph that
// size is refused before the layout, with the estimate.
TEST(Render, RefusesGraphsTooLargeToLayOut) {
  std::string dot = "digraph { ";
  for (int i = 0; i < 2100; ++i) {
    absl::StrAppend(&dot, "a", i % 40, " -> b", i, "; ");
  }
  dot += "}";
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::string> r = RenderDot(dot, ImageFormat::kPng);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(r.status().message(), HasSubstr("2100 edges"));
  EXPECT_THAT(r.status().message(), HasSubstr("--format dot"));
  // The zoo:parity n = 16 picture is a summary now, drawn in well under a
  // second.
  const DotPlan plan = PlanDot(Zoo("parity", 16, 8));
  EXPECT_NE(plan.view, DotView::kGates);
  EXPECT_LT(EstimateLayoutSeconds(plan.nodes, plan.edges), 1);
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
// The testbench's declarations and the device under test, wired to `in` and
// `out`.
void TestbenchHeader(std::ostream& tb, const Circuit& c,
                     const std::string& module) {
  const PortNames ports = MakePortNames(c);
  const std::size_t k = c.inputs().size(), o = c.outputs().size();
  tb << "module tb;\n  reg [" << k - 1 << ":0] in;\n  wire [" << o - 1
     << ":0] out;\n  " << module << " dut(";
  for (std::size_t i = 0; i < k; ++i)
    tb << (i ? ", " : "") << "." << ports.inputs[i] << "(in[" << i << "])";
  for (std::size_t j = 0; j < o; ++j)
    tb << ", ." << ports.outputs[j] << "(out[" << j << "])";
}

std::string Testbench(const Circuit& c, const std::string& module) {
  const std::size_t k = c.inputs().size(), o = c.outputs().size();
  std::ostringstream tb;
  TestbenchHeader(tb, c, module);
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

// A testbench that drives the given assignments (vectors[a][i] is input i)
// and prints the outputs as Testbench does.
std::string VectorTestbench(const Circuit& c, const std::string& module,
                            const std::vector<std::vector<bool>>& vectors) {
  const std::size_t k = c.inputs().size(), o = c.outputs().size();
  std::ostringstream tb;
  TestbenchHeader(tb, c, module);
  tb << ");\n  integer j;\n  initial begin\n";
  for (const std::vector<bool>& v : vectors) {
    tb << "    in = " << k << "'b";
    for (std::size_t i = k; i-- > 0;) tb << (v[i] ? '1' : '0');
    tb << "; #1; for (j = 0; j < " << o
       << "; j = j + 1) $write(\"%b\", out[j]); $write(\"\\n\");\n";
  }
  tb << "    $finish;\n  end\nendmodule\n";
  return tb.str();
}

// Runs `netlist` (Verilog) through Icarus with the testbench (by default
// Testbench's, every assignment); returns stdout.
std::string RunIcarus(const std::string& dir, const std::string& netlist,
                      const Circuit& c, const std::string& module,
                      const std::string& testbench = "") {
  std::ofstream(dir + "/tb.v")
      << (testbench.empty() ? Testbench(c, module) : testbench);
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
// zoo (lib/compile/compile.h) at their p*(n): MAJORITY at n = 4, Dyck-1 at n =
// 4, PARITY at n = 3.
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

// The widest .names of a BLIF text and its most rows.
std::pair<int, int> WidestNames(const std::string& blif) {
  std::istringstream lines(blif);
  std::string line;
  int widest = 0, most_rows = 0, rows = 0;
  while (std::getline(lines, line)) {
    if (line.rfind(".names", 0) == 0) {
      rows = 0;
      std::istringstream words(line);
      int w = -2;  // ".names" and the output
      for (std::string word; words >> word;) ++w;
      widest = std::max(widest, w);
    } else if (!line.empty() && line[0] != '.' && line[0] != '#') {
      most_rows = std::max(most_rows, ++rows);
    }
  }
  return {widest, most_rows};
}

// The one-hot assignment of every word of length n over k symbols (input
// i·k + s is [w_i = s]), and the outputs the circuit gives on each, one line
// per word as Testbench prints them.
std::vector<std::vector<bool>> OneHotWords(int n, int k) {
  std::vector<std::vector<bool>> vectors;
  std::vector<int> w(n, 0);
  for (bool more = true; more;) {
    std::vector<bool> v(n * k, false);
    for (int i = 0; i < n; ++i) v[i * k + w[i]] = true;
    vectors.push_back(std::move(v));
    more = false;
    for (int i = n - 1; i >= 0 && !more; --i) {
      more = ++w[i] < k;
      if (!more) w[i] = 0;
    }
  }
  return vectors;
}

std::string ExpectedOn(const Circuit& c,
                       const std::vector<std::vector<bool>>& vectors) {
  std::string s;
  for (const std::vector<bool>& v : vectors) {
    for (bool bit : EvaluateScalar(c, v)) s += bit ? '1' : '0';
    s += '\n';
  }
  return s;
}

// Every zoo circuit at n = 6 … 12 as `satcirc compile` writes it (at
// p*(n)), in BLIF: no .names wider than Yosys takes (12 inputs) or longer
// than 2^max_cover_fanin rows, and Yosys reads them all (one process). Dyck-2
// of depth 3 only at n = 6: at n = 12 it is 900,000 gates, 34 MB of BLIF.
// At n = 6, those of at most 400 kB of BLIF (all but Dyck-2) go on to Yosys →
// Verilog → Icarus, on every word of the length (its one-hot assignment).
TEST(Blif, EveryZooCircuitReadsInYosysAndAgrees) {
  if (!HaveTool("yosys")) GTEST_SKIP() << "yosys not installed";
  const std::string dir = MakeTempDir("blif_zoo");
  std::vector<std::pair<std::string, Circuit>> small;
  std::string script;
  for (const zoo::ZooEntry& entry : zoo::Entries()) {
    const absl::StatusOr<Model> model = zoo::Build(entry.name);
    ASSERT_TRUE(model.ok()) << model.status();
    const int last = entry.name == "dyck2-depth3" ? 6 : 12;
    for (int n = 6; n <= last; ++n) {
      const std::string name = absl::StrCat(entry.name, "_", n);
      absl::StatusOr<PrecisionResult> p = FindPrecision(*model, n);
      ASSERT_TRUE(p.ok()) << name << ": " << p.status();
      absl::StatusOr<Circuit> c = Compile(*model, n, p->frac_bits);
      ASSERT_TRUE(c.ok()) << name << ": " << c.status();
      std::ostringstream blif;
      ASSERT_TRUE(WriteBlif(blif, *c, {.model_name = "circuit"}).ok());
      const auto [widest, most_rows] = WidestNames(blif.str());
      EXPECT_LE(widest, kMaxBlifNamesInputs) << name;
      EXPECT_LE(most_rows, 1 << BlifOptions{}.max_cover_fanin) << name;
      std::ofstream(dir + "/" + name + ".blif") << blif.str();
      absl::StrAppend(&script, "read_blif -sop ", name,
                      ".blif; design -reset\n");
      if (n == 6 && blif.str().size() <= 400'000) small.emplace_back(name, *c);
    }
  }
  std::ofstream(dir + "/all.ys") << script;
  const std::string cmd =
      "cd " + dir + " && yosys -q -s all.ys >yosys.log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir + "/yosys.log");
  if (!HaveTool("iverilog") || !HaveTool("vvp")) return;
  for (const auto& [name, c] : small) {
    const std::string to_verilog =
        "cd " + dir + " && yosys -q -p 'read_blif " + name +
        ".blif; write_verilog -noattr from_blif.v' >yosys.log 2>&1";
    ASSERT_EQ(std::system(to_verilog.c_str()), 0)
        << ReadFile(dir + "/yosys.log");
    const int k = static_cast<int>(c.inputs().size()) / 6;
    const std::vector<std::vector<bool>> words = OneHotWords(6, k);
    EXPECT_EQ(RunIcarus(dir, "from_blif.v", c, "circuit",
                        VectorTestbench(c, "circuit", words)),
              ExpectedOn(c, words))
        << name;
  }
  std::filesystem::remove_all(dir);
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

namespace satcirc::circuits {
namespace {

// The same DOT text makes the same picture whatever state the heap is in.
// Graphviz's default IDs are the addresses of interned names, and clusters were
// drawn in address order: a multi-threaded p* search before rendering made
// byte-different SVGs of one circuit.
TEST(RenderDotTest, SamePictureWhateverTheHeap) {
  std::ostringstream dot;
  dot << "digraph {\n";
  for (int c = 0; c < 12; ++c) {
    dot << "  subgraph cluster_" << c << " { label=\"layer " << c << "\"; n"
        << c << "a; n" << c << "b; }\n";
    if (c > 0)
      dot << "  n" << c - 1 << "b -> n" << c << "a [label=\"" << c << "\"];\n";
  }
  dot << "}\n";
  std::optional<std::string> first;
  std::mt19937 rng(7);
  std::vector<std::unique_ptr<char[]>> kept;
  for (int trial = 0; trial < 8; ++trial) {
    // Holes of many sizes: keep every third block of a few hundred.
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 300; ++i) {
      blocks.push_back(std::make_unique<char[]>(8 + rng() % 120));
    }
    for (std::size_t i = 0; i < blocks.size(); i += 3) {
      kept.push_back(std::move(blocks[i]));
    }
    blocks.clear();
    absl::StatusOr<std::string> svg = RenderDot(dot.str(), ImageFormat::kSvg);
    ASSERT_TRUE(svg.ok()) << svg.status();
    if (!first) first = *svg;
    EXPECT_EQ(*svg, *first) << "trial " << trial;
  }
}

}  // namespace
}  // namespace satcirc::circuits
