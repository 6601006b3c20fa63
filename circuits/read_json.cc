#include "circuits/read_json.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace satcirc::circuits {
namespace {

using nlohmann::json;

absl::Status Error(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("circuit JSON: ", where, ": ", what));
}

bool GetInt64(const json& j, std::int64_t* v) {
  if (j.is_number_integer()) {
    if (j.is_number_unsigned() &&
        j.get<std::uint64_t>() >
            static_cast<std::uint64_t>(
                std::numeric_limits<std::int64_t>::max())) {
      return false;
    }
    *v = j.get<std::int64_t>();
    return true;
  }
  return false;
}

// Reads at most kMaxCircuitJsonBytes + 1 bytes.
absl::StatusOr<std::string> ReadBounded(std::istream& in) {
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= kMaxCircuitJsonBytes &&
         (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return Error("document", "read error");
  if (text.size() > kMaxCircuitJsonBytes) {
    return Error("document",
                 absl::StrCat("longer than ", kMaxCircuitJsonBytes,
                              " bytes (the limit; see docs/limits.md)"));
  }
  return text;
}

// Refuses arrays and objects nested deeper than kMaxCircuitJsonDepth, naming
// the byte offset of the first one too deep. Strings are skipped; malformed
// JSON is left to the parser.
absl::Status CheckDepth(absl::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxCircuitJsonDepth) {
        return Error("document",
                     absl::StrCat("byte ", i, ": arrays and objects nested "
                                  "deeper than ", kMaxCircuitJsonDepth,
                                  " (the limit; see docs/limits.md)"));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Circuit> ReadJson(std::istream& in) {
  absl::StatusOr<std::string> text = ReadBounded(in);
  if (!text.ok()) return text.status();
  if (absl::Status s = CheckDepth(*text); !s.ok()) return s;
  json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error("document", "not valid JSON");
  if (!doc.is_object()) return Error("document", "expected an object");
  if (!doc.contains("format") || doc["format"] != "satcirc-circuit") {
    return Error("\"format\"", "expected \"satcirc-circuit\"");
  }
  if (!doc.contains("version") || doc["version"] != 1) {
    return Error("\"version\"", "expected 1");
  }
  if (!doc.contains("gates") || !doc["gates"].is_array()) {
    return Error("\"gates\"", "expected an array");
  }
  Circuit c;
  const json& gates = doc["gates"];
  for (std::size_t i = 0; i < gates.size(); ++i) {
    const json& g = gates[i];
    const std::string where = absl::StrCat("gates[", i, "]");
    if (!g.is_object()) return Error(where, "expected an object");
    std::int64_t id;
    if (!g.contains("id") || !GetInt64(g["id"], &id) ||
        id != static_cast<std::int64_t>(i)) {
      return Error(where, absl::StrCat("expected \"id\": ", i,
                                       " (gates are listed in id order)"));
    }
    GateKind kind;
    if (!g.contains("kind") || !g["kind"].is_string() ||
        !ParseGateKind(g["kind"].get<std::string>(), &kind)) {
      return Error(where,
                   "expected \"kind\": one of input, const, threshold, "
                   "and, or, not, majority");
    }
    std::string block;
    if (g.contains("block")) {
      if (!g["block"].is_string())
        return Error(where, "\"block\" must be a string");
      block = g["block"].get<std::string>();
    }
    if (kind == GateKind::kInput) {
      if (!g.contains("name") || !g["name"].is_string()) {
        return Error(where, "an input needs a string \"name\"");
      }
      c.AddInput(g["name"].get<std::string>(), block);
      continue;
    }
    if (kind == GateKind::kConstant) {
      std::int64_t v;
      if (!g.contains("value") || !GetInt64(g["value"], &v) ||
          (v != 0 && v != 1)) {
        return Error(where, "a constant needs \"value\": 0 or 1");
      }
      c.AddConstant(v == 1, block);
      continue;
    }
    std::int64_t threshold;
    if (!g.contains("threshold") || !GetInt64(g["threshold"], &threshold)) {
      return Error(where, "expected an integer \"threshold\"");
    }
    if (!g.contains("inputs") || !g["inputs"].is_array()) {
      return Error(where, "expected \"inputs\": [[gate, weight], ...]");
    }
    std::vector<Fanin> fanins;
    for (const json& e : g["inputs"]) {
      std::int64_t src, w;
      if (!e.is_array() || e.size() != 2 || !GetInt64(e[0], &src) ||
          !GetInt64(e[1], &w)) {
        return Error(where, "each input must be [gate, weight] with integers");
      }
      if (src < 0 || src >= static_cast<std::int64_t>(i)) {
        return Error(where, absl::StrCat("input from gate ", src,
                                         ", expected a gate id below ", i,
                                         " (topological order)"));
      }
      fanins.push_back({static_cast<GateId>(src), w});
    }
    c.AddGate(kind, fanins, threshold, block);
  }
  if (!doc.contains("outputs") || !doc["outputs"].is_array()) {
    return Error("\"outputs\"", "expected an array");
  }
  for (std::size_t i = 0; i < doc["outputs"].size(); ++i) {
    const json& o = doc["outputs"][i];
    const std::string where = absl::StrCat("outputs[", i, "]");
    std::int64_t gate;
    if (!o.is_object() || !o.contains("name") || !o["name"].is_string() ||
        !o.contains("gate") || !GetInt64(o["gate"], &gate)) {
      return Error(where, "expected {\"name\": string, \"gate\": id}");
    }
    if (gate < 0 || gate >= static_cast<std::int64_t>(c.num_gates())) {
      return Error(where, absl::StrCat("gate ", gate, " does not exist (",
                                       c.num_gates(), " gates)"));
    }
    c.AddOutput(o["name"].get<std::string>(), static_cast<GateId>(gate));
  }
  if (absl::Status s = c.Validate(); !s.ok()) {
    return Error("netlist", s.message());
  }
  return c;
}

}  // namespace satcirc::circuits
