#include "circuits/write_json.h"

#include <nlohmann/json.hpp>
#include <string>

namespace satcirc::circuits {
namespace {

std::string Quote(const std::string& s) { return nlohmann::json(s).dump(); }

}  // namespace

std::ostream& WriteJson(std::ostream& out, const Circuit& circuit,
                        const JsonOptions& options) {
  out << "{\n  \"format\": \"satcirc-circuit\",\n  \"version\": 1,\n";
  out << "  \"gates\": [";
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = circuit.gate(id);
    out << (id == 0 ? "\n" : ",\n") << "    {\"id\": " << id << ", \"kind\": \""
        << GateKindName(g.kind) << "\"";
    if (g.kind == GateKind::kInput) {
      out << ", \"name\": " << Quote(g.name);
    } else if (g.kind == GateKind::kConstant) {
      out << ", \"value\": " << (g.value ? 1 : 0);
    } else {
      out << ", \"inputs\": [";
      bool first = true;
      for (const Fanin& f : circuit.fanins(id)) {
        out << (first ? "" : ", ") << "[" << f.gate << ", " << f.weight << "]";
        first = false;
      }
      out << "], \"threshold\": " << g.threshold;
    }
    if (options.blocks && !g.block.empty()) {
      out << ", \"block\": " << Quote(g.block);
    }
    out << "}";
  }
  out << "\n  ],\n  \"outputs\": [";
  bool first = true;
  for (const Output& o : circuit.outputs()) {
    out << (first ? "\n" : ",\n") << "    {\"name\": " << Quote(o.name)
        << ", \"gate\": " << o.gate << "}";
    first = false;
  }
  out << "\n  ]\n}\n";
  return out;
}

}  // namespace satcirc::circuits
