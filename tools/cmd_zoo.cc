// satcirc zoo: list the built-in constructions, or write one as a model file.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/model/model_io.h"
#include "lib/zoo/zoo.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

const CommandSpec kSpec{
    .name = "zoo",
    .usage = "satcirc zoo [NAME -o FILE] [--json]",
    .summary =
        "Without NAME, lists the built-in constructions with the language each "
        "recognizes and its source. With NAME, writes that model as a model "
        "file "
        "(docs/model-format.md) to FILE (- for stdout).",
    .flags = {{"output", true, "FILE", "where to write the model (-o FILE)"}},
    .max_positionals = 1,
};

}  // namespace

int RunZoo(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed = ParseOrExit(kSpec, args, out, err, &code);
  if (!parsed) return code;
  if (parsed->positionals().empty()) {
    if (parsed->json()) {
      out << "[";
      bool first = true;
      for (const zoo::ZooEntry& e : zoo::Entries()) {
        out << (first ? "\n" : ",\n") << "  {\"name\": " << JsonQuote(e.name)
            << ", \"language\": " << JsonQuote(e.language)
            << ", \"summary\": " << JsonQuote(e.summary)
            << ", \"source\": " << JsonQuote(e.source) << "}";
        first = false;
      }
      out << "\n]\n";
    } else {
      for (const zoo::ZooEntry& e : zoo::Entries()) {
        out << absl::StrFormat("%-14s %-18s %s\n", e.name, e.language,
                               e.summary);
      }
    }
    return kExitOk;
  }
  // NAME or zoo:NAME; an unknown name gets the nearest as a hint.
  std::string name = parsed->positionals()[0];
  if (name.rfind("zoo:", 0) != 0) name = "zoo:" + name;
  absl::StatusOr<Model> model = LoadModelArg(name);
  if (!model.ok()) return BadInput(kSpec, model.status(), err);
  std::optional<std::string> output = parsed->Get("output");
  if (!output) {
    return BadInput(kSpec,
                    absl::InvalidArgumentError("-o FILE is required with NAME"),
                    err);
  }
  if (absl::Status s =
          WriteFileAtomically(*output, WriteModelToString(*model), out);
      !s.ok()) {
    return BadInput(kSpec, s, err);
  }
  return kExitOk;
}

}  // namespace satcirc::cli
