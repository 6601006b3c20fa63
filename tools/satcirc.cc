// satcirc: the command line. Dispatches to one subcommand; see docs/.
#include <iostream>
#include <memory>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "lib/distributed/mpi.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/suggest.h"

// Graphviz 2.43 (compile --format svg|png renders in-process through libgvc)
// keeps its layout skeletons and fontconfig its caches until exit; none of it
// is ours. Read only by LeakSanitizer, in the sanitizer build.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\n"
         "leak:libgvplugin_dot_layout.so\n"
         "leak:libgvplugin_neato_layout.so\n"  // the nop2 redraw (render.cc)
         "leak:libgvplugin_pango.so\n"
         "leak:libgvplugin_core.so\n"
         "leak:libfontconfig.so\n"
         "leak:libpango\n"
         "leak:libcairo.so\n"
         "leak:libcgraph.so\n"
         // Open MPI's own allocations at MPI_Init (docs/distributed.md).
         "leak:libmpi.so\n"
         "leak:libopen-pal.so\n"
         "leak:libopen-rte.so\n"
         "leak:libpmix.so\n"
         "leak:libhwloc.so\n"
         "leak:libevent\n"
         "leak:mca_\n";
}

// ... and says nothing about them on stderr, which the golden tests compare.
extern "C" const char* __lsan_default_options() {
  return "print_suppressions=0";
}

namespace {

struct Command {
  const char* name;
  int (*run)(const satcirc::cli::Args&, std::ostream&, std::ostream&);
  const char* summary;
};

// Keep in the order of the README's command list (languages, models, checks,
// circuits, experiments).
constexpr Command kCommands[] = {
    {"demo", satcirc::cli::RunDemo,
     "run a built-in model on a few inputs, with its trace"},
    {"langs", satcirc::cli::RunLangs,
     "list the language families (--lang specs)"},
    {"count", satcirc::cli::RunCount,
     "count the members of a language at each length"},
    {"analyze", satcirc::cli::RunAnalyze,
     "sensitivity, Fourier degree, symmetry and star-freeness of a language"},
    {"zoo", satcirc::cli::RunZoo,
     "list the built-in constructions, or write one to a file"},
    {"program", satcirc::cli::RunProgram,
     "B-RASP and C-RASP programs: run, compile to a model, compare with a "
     "regular language for every length"},
    {"run", satcirc::cli::RunRun, "run a model on one input string"},
    {"check", satcirc::cli::RunCheck,
     "does a model recognize a language? length by length, with a "
     "counterexample"},
    {"atlas", satcirc::cli::RunAtlas,
     "every zoo model against its language and neighbours, verified (the main "
     "job)"},
    {"compile", satcirc::cli::RunCompile,
     "compile a model at one length into a threshold circuit (json, blif, "
     "verilog, aiger, dot, svg, png)"},
    {"simulate", satcirc::cli::RunSimulate,
     "evaluate a compiled circuit (json, aiger) on one input string, with "
     "every gate's value"},
    {"circuit-stats", satcirc::cli::RunCircuitStats,
     "circuit size and depth per length, with the fitted growth exponent"},
    {"saturate", satcirc::cli::RunSaturate,
     "smallest logit scale c*(n) at which softmax decides as saturated "
     "attention; saturation metrics"},
    {"sharpness", satcirc::cli::RunSharpness,
     "loss increase and decision flips under Gaussian weight noise, beside "
     "the language's sensitivity"},
    {"train", satcirc::cli::RunTrain,
     "train a transformer on a language (LibTorch), with norm growth and "
     "the length-generalization protocol"},
    {"precision", satcirc::cli::RunPrecision,
     "fractional bits p*(n) at which fixed:p decides as exact, with its "
     "log-law fit"},
    {"quantize", satcirc::cli::RunQuantize,
     "round a model's weights to a grid, with the decisions that change"},
    {"limit", satcirc::cli::RunLimit,
     "the attention limit of a model (every head saturated), with where it "
     "disagrees with the model"},
    {"automaton", satcirc::cli::RunAutomaton,
     "learn the minimal DFA of the function a model computes (L*), beside "
     "the language's"},
    {"heads", satcirc::cli::RunHeads,
     "the argmax sets of a model's heads in its saturated limit: local or "
     "averaging"},
};

// A stream that drops what it is given: the output of MPI ranks other than 0.
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
};

// Runs a command; started by mpirun or srun, as one process of the run
// (docs/distributed.md): rank 0 alone prints and writes files.
int RunUnderMpiOrNot(const Command& c, const std::vector<std::string>& args,
                     int* argc, char*** argv) {
  std::unique_ptr<satcirc::MpiCollective> mpi;
  if (satcirc::LaunchedByMpi()) {
    absl::StatusOr<std::unique_ptr<satcirc::MpiCollective>> started =
        satcirc::StartMpi(argc, argv);
    if (started.ok()) {
      mpi = *std::move(started);
      satcirc::cli::SetCollective(mpi.get());
    } else {
      std::cerr << "satcirc: " << started.status().message()
                << "; every process runs the whole command\n";
    }
  }
  NullBuffer null_buffer;
  std::ostream null_stream(&null_buffer);
  const bool root = mpi == nullptr || mpi->rank() == 0;
  const int code = c.run(args, root ? std::cout : null_stream,
                         root ? std::cerr : null_stream);
  std::cout.flush();
  satcirc::cli::SetCollective(nullptr);
  return code;
}

void PrintUsage(std::ostream& out) {
  out << "usage: satcirc COMMAND [FLAGS]   (satcirc COMMAND --help for its "
         "flags; satcirc --version)\n\n"
         "commands:\n";
  for (const Command& c : kCommands) {
    out << absl::StrFormat("  %-13s %s\n", c.name, c.summary);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    PrintUsage(std::cerr);
    return satcirc::cli::kExitBadInput;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(std::cout);
    return satcirc::cli::kExitOk;
  }
  if (name == "--version" || name == "version") {
    if (argc > 2) {
      std::cerr << "satcirc: " << name << " takes no arguments\n";
      return satcirc::cli::kExitBadInput;
    }
    std::cout << "satcirc " << SATCIRC_VERSION << "\n";
    return satcirc::cli::kExitOk;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  for (const Command& c : kCommands) {
    if (name == c.name) return RunUnderMpiOrNot(c, args, &argc, &argv);
  }
  std::vector<std::string> names;
  for (const Command& c : kCommands) names.push_back(c.name);
  std::cerr << "satcirc: unknown command '" << name << "'"
            << satcirc::cli::DidYouMean(name, names) << "\n";
  PrintUsage(std::cerr);
  return satcirc::cli::kExitBadInput;
}
