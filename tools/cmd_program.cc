// satcirc program: B-RASP programs run by the interpreter, compiled to a
// model, and compared with a regular language for every length.
#include <functional>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "automata/dfa.h"
#include "automata/minimize.h"
#include "lib/model/model_io.h"
#include "lib/programs/brasp.h"
#include "lib/programs/crasp.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/input_arg.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "program",
    .usage =
        "satcirc program run FILE (--input S | --input-file F) [--trace] "
        "[--json]\n"
        "       satcirc program compile FILE -o MODEL.json\n"
        "       satcirc program equiv FILE --lang L",
    .summary =
        "B-RASP (*.brasp, docs/brasp.md) and C-RASP (*.crasp, docs/crasp.md) "
        "programs. run: the interpreter's "
        "decision on one input, with --trace every vector at every position. "
        "compile: the exact satcirc model of the program (any command takes "
        "FILE.brasp as --model and compiles it on the fly). equiv: for a "
        "program whose attention looks only left (j < i), its minimal DFA "
        "against the regular language L: equal for every length, or the "
        "shortest counterexample (exit 1); B-RASP only.",
    .flags = {{"input", true, "S", "the input string (run), or - for stdin"},
              {"input-file", true, "F",
               "a file holding the input string (run; - for stdin)"},
              {"trace", false, "", "every vector at every position (run)"},
              {"output", true, "FILE", "where compile writes the model"},
              {"lang", true, "L",
               "the regular language to compare with (equiv)"}},
    .max_positionals = 2,
};

absl::StatusOr<programs::BraspProgram> LoadProgram(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileUpTo(path, kMaxProgramBytes);
  if (!text.ok()) return text.status();
  return programs::ParseBrasp(*text, path == "-" ? "<stdin>" : path);
}

std::string Bits(const std::vector<bool>& v) {
  std::string s;
  for (bool b : v) s += b ? '1' : '0';
  return s;
}

// An interpreter's run, however its vectors print: `row(d)` is vector d's
// line of the trace (under `input_row`), `json(d)` its JSON value.
struct RunView {
  std::string input_row;
  bool accept = false;
  std::vector<std::string> names;
  std::function<std::string(size_t)> row, json;
};

int PrintRun(const ParsedArgs& args, const Input& in, const RunView& v,
             std::ostream& out) {
  const bool trace = args.Has("trace");
  if (args.json()) {
    out << "{\"input\": " << JsonQuote(in.text)
        << ", \"accept\": " << (v.accept ? "true" : "false");
    if (trace) {
      out << ", \"vectors\": {";
      for (size_t d = 0; d < v.names.size(); ++d)
        out << (d ? ", " : "") << JsonQuote(v.names[d]) << ": " << v.json(d);
      out << "}";
    }
    out << "}\n";
    return kExitOk;
  }
  if (trace) {
    size_t width = 5;
    for (const std::string& n : v.names) width = std::max(width, n.size());
    out << PadLeft("input", static_cast<int>(width)) << "  " << v.input_row
        << "\n";
    for (size_t d = 0; d < v.names.size(); ++d)
      out << PadLeft(v.names[d], static_cast<int>(width)) << "  " << v.row(d)
          << "\n";
  }
  out << (v.accept ? "accept" : "reject") << "\n";
  return kExitOk;
}

int Run(const ParsedArgs& args, const programs::BraspProgram& p,
        std::ostream& out, std::ostream& err) {
  if (absl::Status s = CheckInputFlags(args, "program"); !s.ok())
    return BadInput(kSpec, s, err);
  absl::StatusOr<Input> in = ReadInput(args, p.alphabet);
  if (!in.ok()) return BadInput(kSpec, in.status(), err);
  const programs::BraspRun run = programs::RunBrasp(p, in->word);
  RunView v;
  v.input_row = in->text;
  v.accept = run.accept;
  for (const auto& d : p.defs) v.names.push_back(d.name);
  v.row = [&](size_t d) { return Bits(run.values[d]); };
  v.json = [&](size_t d) { return JsonQuote(Bits(run.values[d])); };
  return PrintRun(args, *in, v, out);
}

int Compile(const ParsedArgs& args, const std::string& path, std::ostream& out,
            std::ostream& err) {
  if (absl::Status s = RequireFlags(args, {"output"}); !s.ok())
    return BadInput(kSpec, s, err);
  absl::StatusOr<Model> model = LoadProgramModel(path);
  if (!model.ok()) return BadInput(kSpec, model.status(), err);
  std::ostringstream text;
  WriteModel(text, *model);
  if (absl::Status s =
          WriteFileAtomically(*args.Get("output"), text.str(), out);
      !s.ok()) {
    return BadInput(kSpec, s, err);
  }
  int heads = 0;
  for (const Layer& l : model->layers)
    heads += static_cast<int>(l.heads.size());
  // The model itself may be going to stdout (-o -): then the size goes to
  // stderr.
  const std::string to = *args.Get("output");
  (to == "-" ? err : out) << "wrote " << (to == "-" ? "<stdout>" : to) << ": "
                          << model->layers.size() << " layers, " << heads
                          << " heads, residual width " << model->dim() << "\n";
  return kExitOk;
}

// C-RASP: Booleans as 0/1, counts as integers, one line per vector.
int RunC(const ParsedArgs& args, const programs::CraspProgram& p,
         std::ostream& out, std::ostream& err) {
  if (absl::Status s = CheckInputFlags(args, "program"); !s.ok())
    return BadInput(kSpec, s, err);
  absl::StatusOr<Input> in = ReadInput(args, p.alphabet);
  if (!in.ok()) return BadInput(kSpec, in.status(), err);
  const programs::CraspRun run = programs::RunCrasp(p, in->word);
  RunView v;
  v.input_row = absl::StrJoin(in->text, " ",
                              [](std::string* o, char c) { o->push_back(c); });
  v.accept = run.accept;
  for (const auto& d : p.defs) v.names.push_back(d.name);
  v.row = [&](size_t d) { return absl::StrJoin(run.values[d], " "); };
  v.json = [&](size_t d) {
    return absl::StrCat("[", absl::StrJoin(run.values[d], ", "), "]");
  };
  return PrintRun(args, *in, v, out);
}

int RunCraspProgram(const ParsedArgs& args, const std::string& action,
                    const std::string& path, std::ostream& out,
                    std::ostream& err) {
  absl::StatusOr<std::string> text = ReadFileUpTo(path, kMaxProgramBytes);
  if (!text.ok()) return BadInput(kSpec, text.status(), err);
  absl::StatusOr<programs::CraspProgram> p =
      programs::ParseCrasp(*text, path == "-" ? "<stdin>" : path);
  if (!p.ok()) return BadInput(kSpec, p.status(), err);
  if (action == "run") return RunC(args, *p, out, err);
  if (action == "compile") return Compile(args, path, out, err);
  return BadInput(kSpec,
                  absl::InvalidArgumentError(
                      "equiv is for B-RASP programs that look only left; a "
                      "C-RASP program counts, so its language is checked "
                      "length by length (satcirc check --model FILE.crasp, "
                      "satcirc atlas --models FILE.crasp)"),
                  err);
}

int Equiv(const ParsedArgs& args, const programs::BraspProgram& p,
          std::ostream& out, std::ostream& err) {
  const std::string spec = args.GetOr("lang", p.language);
  if (spec.empty()) {
    return BadInput(kSpec,
                    absl::InvalidArgumentError(
                        "equiv: give --lang L (the program declares no "
                        "language)"),
                    err);
  }
  absl::StatusOr<std::unique_ptr<automata::Language>> lang = ParseLangArg(spec);
  if (!lang.ok()) return BadInput(kSpec, lang.status(), err);
  const automata::Dfa* target = (*lang)->dfa();
  if (target == nullptr) {
    return BadInput(
        kSpec,
        absl::InvalidArgumentError(absl::StrCat(
            args.Has("lang") ? "--lang " : "the declared language ", spec,
            ": not a regular language, so there is no DFA to "
            "compare with (use satcirc check)")),
        err);
  }
  if (target->alphabet().symbols() != p.alphabet.symbols()) {
    return BadInput(
        kSpec,
        absl::InvalidArgumentError(absl::StrCat(
            "the program's alphabet '", p.alphabet.symbols(),
            "' is not the language's '", target->alphabet().symbols(), "'")),
        err);
  }
  absl::StatusOr<automata::Dfa> mine = programs::BraspDfa(p);
  if (!mine.ok()) return BadInput(kSpec, mine.status(), err);
  const automata::Dfa theirs = automata::Minimize(*target);
  std::optional<automata::Word> diff =
      automata::ShortestDifference(*mine, theirs);
  if (args.json()) {
    out << "{\"program_states\": " << mine->num_states()
        << ", \"language_states\": " << theirs.num_states()
        << ", \"equal\": " << (diff ? "false" : "true")
        << ", \"counterexample\": "
        << (diff ? JsonQuote(p.alphabet.Format(*diff)) : "null") << "}\n";
    return diff ? kExitCheckFailed : kExitOk;
  }
  out << "program: minimal DFA of " << mine->num_states() << " states; " << spec
      << ": " << theirs.num_states() << " states\n";
  if (!diff) {
    out << "equal for every length\n";
    return kExitOk;
  }
  const bool in_program = programs::RunBrasp(p, *diff).accept;
  out << "differ: shortest counterexample '" << p.alphabet.Format(*diff)
      << "' (length " << diff->size() << "), "
      << (in_program ? "accepted by the program, not in the language"
                     : "in the language, rejected by the program")
      << "\n";
  return kExitCheckFailed;
}

}  // namespace

int RunProgram(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  const std::vector<std::string>& pos = parsed->positionals();
  if (pos.size() != 2) {
    return BadInput(kSpec,
                    absl::InvalidArgumentError(
                        "expected an action and a program file: satcirc "
                        "program run|compile|equiv FILE"),
                    err);
  }
  const std::string& action = pos[0];
  if (action != "run" && action != "compile" && action != "equiv") {
    return BadInput(
        kSpec,
        absl::InvalidArgumentError(absl::StrCat(
            "unknown action '", action, "' (expected run, compile or equiv)")),
        err);
  }
  if (absl::EndsWith(pos[1], ".crasp"))
    return RunCraspProgram(*parsed, action, pos[1], out, err);
  absl::StatusOr<programs::BraspProgram> program = LoadProgram(pos[1]);
  if (!program.ok()) return BadInput(kSpec, program.status(), err);
  if (action == "run") return Run(*parsed, *program, out, err);
  if (action == "compile") return Compile(*parsed, pos[1], out, err);
  return Equiv(*parsed, *program, out, err);
}

}  // namespace satcirc::cli
