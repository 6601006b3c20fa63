#include "circuits/circuit.h"

#include <cassert>
#include <cstdlib>
#include <limits>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace satcirc::circuits {

absl::string_view GateKindName(GateKind kind) {
  switch (kind) {
    case GateKind::kInput:
      return "input";
    case GateKind::kConstant:
      return "const";
    case GateKind::kThreshold:
      return "threshold";
    case GateKind::kAnd:
      return "and";
    case GateKind::kOr:
      return "or";
    case GateKind::kNot:
      return "not";
    case GateKind::kMajority:
      return "majority";
  }
  return "?";
}

bool ParseGateKind(absl::string_view name, GateKind* kind) {
  for (int k = 0; k < kNumGateKinds; ++k) {
    if (GateKindName(static_cast<GateKind>(k)) == name) {
      *kind = static_cast<GateKind>(k);
      return true;
    }
  }
  return false;
}

GateKind ClassifyThreshold(std::span<const std::int64_t> weights,
                           std::int64_t threshold) {
  const std::int64_t k = static_cast<std::int64_t>(weights.size());
  if (k == 1 && weights[0] == -1 && threshold == 0) return GateKind::kNot;
  if (k < 2) return GateKind::kThreshold;
  for (std::int64_t w : weights) {
    if (w != 1) return GateKind::kThreshold;
  }
  if (threshold == k) return GateKind::kAnd;
  if (threshold == 1) return GateKind::kOr;
  if (k >= 3 && threshold == k / 2 + 1) return GateKind::kMajority;
  return GateKind::kThreshold;
}

std::vector<Fanin> Circuit::fanins(GateId id) const {
  std::vector<Fanin> result;
  result.reserve(boost::in_degree(id, *graph_));
  for (auto [it, end] = boost::in_edges(id, *graph_); it != end; ++it) {
    result.push_back({boost::source(*it, *graph_), (*graph_)[*it].weight});
  }
  return result;
}

GateId Circuit::AddInput(std::string name, std::string block) {
  GateId id = boost::add_vertex(*graph_);
  Gate& g = (*graph_)[id];
  g.kind = GateKind::kInput;
  g.name = std::move(name);
  g.block = std::move(block);
  inputs_.push_back(id);
  return id;
}

GateId Circuit::AddConstant(bool value, std::string block) {
  GateId id = boost::add_vertex(*graph_);
  Gate& g = (*graph_)[id];
  g.kind = GateKind::kConstant;
  g.value = value;
  g.block = std::move(block);
  return id;
}

GateId Circuit::AddGate(GateKind kind, std::span<const Fanin> fanins,
                        std::int64_t threshold, std::string block) {
  assert(kind != GateKind::kInput && kind != GateKind::kConstant);
  GateId id = boost::add_vertex(*graph_);
  for (const Fanin& f : fanins) {
    assert(f.gate < id);
    boost::add_edge(f.gate, id, Edge{f.weight}, *graph_);
  }
  Gate& g = (*graph_)[id];
  g.kind = kind;
  g.threshold = threshold;
  g.block = std::move(block);
  return id;
}

void Circuit::AddOutput(std::string name, GateId gate) {
  assert(gate < num_gates());
  outputs_.push_back({std::move(name), gate});
}

absl::Status Circuit::Validate() const {
  absl::flat_hash_set<std::string> names;
  for (GateId id = 0; id < num_gates(); ++id) {
    const Gate& g = (*graph_)[id];
    const std::vector<Fanin> in = fanins(id);
    if (g.kind == GateKind::kInput || g.kind == GateKind::kConstant) {
      if (!in.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("gate ", id, ": an ", GateKindName(g.kind),
                         " gate has ", in.size(), " inputs, expected none"));
      }
      if (g.kind == GateKind::kInput && !names.insert(g.name).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            "gate ", id, ": input name '", g.name, "' is used twice"));
      }
      continue;
    }
    std::vector<std::int64_t> weights;
    std::int64_t total = 0;
    for (const Fanin& f : in) {
      if (f.gate >= id) {
        return absl::InvalidArgumentError(absl::StrCat(
            "gate ", id, ": input from gate ", f.gate,
            ", expected a smaller id (gates must be in topological order)"));
      }
      if (f.weight == std::numeric_limits<std::int64_t>::min() ||
          __builtin_add_overflow(total, std::llabs(f.weight), &total)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "gate ", id, ": the sum of |weights| exceeds 64-bit integers"));
      }
      weights.push_back(f.weight);
    }
    if (g.threshold == std::numeric_limits<std::int64_t>::min()) {
      return absl::InvalidArgumentError(
          absl::StrCat("gate ", id, ": threshold out of range"));
    }
    GateKind typed = ClassifyThreshold(weights, g.threshold);
    if (g.kind != GateKind::kThreshold && g.kind != typed) {
      return absl::InvalidArgumentError(absl::StrCat(
          "gate ", id, ": declared ", GateKindName(g.kind),
          " but its weights and threshold make it ", GateKindName(typed)));
    }
  }
  absl::flat_hash_set<std::string> output_names;
  for (const Output& o : outputs_) {
    if (o.gate >= num_gates()) {
      return absl::InvalidArgumentError(
          absl::StrCat("output '", o.name, "': gate ", o.gate,
                       " does not exist (", num_gates(), " gates)"));
    }
    if (!output_names.insert(o.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("output name '", o.name, "' is used twice"));
    }
  }
  return absl::OkStatus();
}

bool operator==(const Circuit& a, const Circuit& b) {
  if (a.num_gates() != b.num_gates() || a.inputs_ != b.inputs_ ||
      a.outputs_ != b.outputs_) {
    return false;
  }
  for (GateId id = 0; id < a.num_gates(); ++id) {
    const Gate& x = (*a.graph_)[id];
    const Gate& y = (*b.graph_)[id];
    if (x.kind != y.kind || x.threshold != y.threshold || x.value != y.value ||
        x.name != y.name || x.block != y.block ||
        a.fanins(id) != b.fanins(id)) {
      return false;
    }
  }
  return true;
}

}  // namespace satcirc::circuits
