#include "circuits/names.h"

#include <cctype>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace satcirc::circuits {
namespace {

bool NeedsPrefix(const std::string& s) {
  static const absl::flat_hash_set<std::string> kKeywords = {
      "always",  "and",     "assign",  "begin",     "buf",     "case",
      "default", "else",    "end",     "endmodule", "for",     "function",
      "if",      "initial", "inout",   "input",     "integer", "module",
      "nand",    "nor",     "not",     "or",        "output",  "parameter",
      "reg",     "signed",  "supply0", "supply1",   "wire",    "xnor",
      "xor",     "logic",   "bit",     "byte",      "int"};
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return true;
  if (kKeywords.contains(s)) return true;
  // w<digits> and w<digits>_<digits> are our nets (BLIF splits wide gates
  // into w<id>_<k>).
  if (s.size() > 1 && s[0] == 'w' &&
      std::isdigit(static_cast<unsigned char>(s[1]))) {
    bool ours = true;
    for (std::size_t i = 1; i < s.size(); ++i) {
      ours &= std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_';
    }
    if (ours) return true;
  }
  return false;
}

std::string Sanitize(const std::string& name) {
  std::string s;
  for (char c : name) {
    s.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c
                                                                        : '_');
  }
  if (NeedsPrefix(s)) s = "p_" + s;
  return s;
}

}  // namespace

PortNames MakePortNames(const Circuit& circuit) {
  PortNames ports;
  absl::flat_hash_set<std::string> used;
  auto unique = [&](const std::string& name) {
    std::string base = Sanitize(name), s = base;
    for (int k = 2; !used.insert(s).second; ++k) s = absl::StrCat(base, "_", k);
    return s;
  };
  for (GateId id : circuit.inputs())
    ports.inputs.push_back(unique(circuit.gate(id).name));
  for (const Output& o : circuit.outputs())
    ports.outputs.push_back(unique(o.name));
  return ports;
}

std::vector<std::string> NetNames(const Circuit& circuit,
                                  const PortNames& ports) {
  std::vector<std::string> names(circuit.num_gates());
  for (GateId id = 0; id < circuit.num_gates(); ++id)
    names[id] = absl::StrCat("w", id);
  for (std::size_t i = 0; i < circuit.inputs().size(); ++i) {
    names[circuit.inputs()[i]] = ports.inputs[i];
  }
  return names;
}

}  // namespace satcirc::circuits
