// satcirc demo: the main job's built-in default until the atlas exists. Runs
// the zoo's models on a few inputs with the exact engine and prints one trace
// each.
#include "absl/strings/str_format.h"
#include "lib/engine/engine.h"
#include "lib/zoo/zoo.h"
#include "tools/cli.h"
#include "tools/commands.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "demo",
    .usage = "satcirc demo",
    .summary =
        "Runs every zoo model on a few inputs with the exact engine, printing "
        "the "
        "decisions and the trace of the first input.",
    .has_json = false,
};

struct DemoCase {
  const char* model;
  std::vector<const char*> inputs;
};

}  // namespace

int RunDemo(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  const std::vector<DemoCase> cases = {
      {"majority", {"0110", "", "1", "0011", "11010", "000111"}},
      {"dyck1", {"(())", "", "()()", "(()", ")(", "(()())", "())(()"}},
  };
  for (const DemoCase& c : cases) {
    absl::StatusOr<Model> model = zoo::Build(c.model);
    if (!model.ok()) return BadInput(kSpec, model.status(), err);
    absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*model);
    if (!engine.ok()) return BadInput(kSpec, engine.status(), err);
    out << "== zoo:" << c.model << " — " << model->description << "\n\n";
    for (size_t i = 0; i < c.inputs.size(); ++i) {
      automata::Word word = *model->alphabet.Parse(c.inputs[i]);
      Trace trace;
      Decision d = engine->Run(word, i == 0 ? &trace : nullptr);
      if (i == 0) {
        out << "trace of \"" << c.inputs[i] << "\":\n";
        WriteTrace(out, *model, trace);
        out << "\n";
      }
      out << absl::StrFormat(
          "  %-8s %-6s y = %s\n", absl::StrCat("\"", c.inputs[i], "\""),
          d.accept ? "accept" : "reject", d.value.ToString());
    }
    out << "\n";
  }
  return kExitOk;
}

}  // namespace satcirc::cli
