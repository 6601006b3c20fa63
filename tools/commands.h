// The subcommands of `satcirc`. Each takes the words after its name and returns
// the process exit code; it writes results to `out` (stdout) and diagnostics to
// `err`.
#ifndef SATCIRC_TOOLS_COMMANDS_H_
#define SATCIRC_TOOLS_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace satcirc::cli {

using Args = std::vector<std::string>;

int RunDemo(const Args& args, std::ostream& out,
            std::ostream& err);  // cmd_demo.cc
int RunRun(const Args& args, std::ostream& out,
           std::ostream& err);  // cmd_run.cc
int RunZoo(const Args& args, std::ostream& out,
           std::ostream& err);  // cmd_zoo.cc
int RunCheck(const Args& args, std::ostream& out,
             std::ostream& err);  // cmd_check.cc
int RunAtlas(const Args& args, std::ostream& out,
             std::ostream& err);  // cmd_atlas.cc
// Languages (automata/): cmd_langs.cc
int RunLangs(const Args& args, std::ostream& out, std::ostream& err);
int RunCount(const Args& args, std::ostream& out, std::ostream& err);
int RunAnalyze(const Args& args, std::ostream& out, std::ostream& err);
int RunCompile(const Args& args, std::ostream& out, std::ostream& err);
int RunCircuitStats(const Args& args, std::ostream& out, std::ostream& err);
int RunSimulate(const Args& args, std::ostream& out,
                std::ostream& err);  // cmd_simulate.cc
int RunSaturate(const Args& args, std::ostream& out, std::ostream& err);
int RunSharpness(const Args& args, std::ostream& out, std::ostream& err);
int RunPrecision(const Args& args, std::ostream& out, std::ostream& err);
// cmd_train.cc in satcirc-train; in satcirc, cmd_train_exec.cc runs that
// program, or refuses (exit 2) naming the package when it was not built.
int RunTrain(const Args& args, std::ostream& out, std::ostream& err);
// Extraction (lib/extract): cmd_extract.cc
int RunQuantize(const Args& args, std::ostream& out, std::ostream& err);
int RunLimit(const Args& args, std::ostream& out, std::ostream& err);
int RunAutomaton(const Args& args, std::ostream& out, std::ostream& err);
int RunHeads(const Args& args, std::ostream& out, std::ostream& err);
int RunProgram(const Args& args, std::ostream& out,
               std::ostream& err);  // cmd_program.cc

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_COMMANDS_H_
