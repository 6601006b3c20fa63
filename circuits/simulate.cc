#include "circuits/simulate.h"

#include <bit>
#include <cassert>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace satcirc::circuits {

namespace {

// A threshold gate over literals: each negative weight w becomes the
// complemented input with weight |w|, so the threshold is θ' = θ + Σ|negative
// w|; total = Σ|w|, and unit says every |w| is 1.
struct LiteralForm {
  std::int64_t theta = 0;
  std::int64_t total = 0;
  bool unit = true;
};

// The literal form of gate g with fan-ins `in`.
LiteralForm ToLiteralForm(const Gate& g, const std::vector<Fanin>& in) {
  LiteralForm form;
  for (const Fanin& f : in) {
    if (std::llabs(f.weight) != 1) form.unit = false;
    form.total += std::llabs(f.weight);
  }
  std::int64_t negative = 0;
  for (const Fanin& f : in) {
    if (f.weight < 0) negative += -f.weight;
  }
  form.theta = g.threshold + negative;
  return form;
}

// The lanes whose count (nbits vertical bits c[0, nbits)) is ≥ θ.
inline std::uint64_t CountAtLeast(const std::uint64_t* c, int nbits,
                                  std::uint64_t theta) {
  // Bit-serially from the LSB: ge holds "the low bits of the count are ≥ the
  // low bits of θ".
  std::uint64_t ge = ~std::uint64_t{0};
  for (int k = 0; k < nbits; ++k) {
    const std::uint64_t tb = -((theta >> k) & 1);
    ge = (tb & c[k] & ge) | (~tb & (c[k] | ge));
  }
  return ge;
}

}  // namespace

BitParallelSimulator::BitParallelSimulator(const Circuit& circuit) {
  const std::size_t n = circuit.num_gates();
  kinds_.resize(n);
  begin_.assign(n + 1, 0);
  threshold_.assign(n, 0);
  counter_bits_.assign(n, 0);
  for (GateId id = 0; id < n; ++id) {
    begin_[id] = static_cast<std::uint32_t>(fanin_.size());
    const Gate& g = circuit.gate(id);
    if (g.kind == GateKind::kInput) {
      kinds_[id] = Op::kInput;
      continue;
    }
    if (g.kind == GateKind::kConstant) {
      kinds_[id] = g.value ? Op::kOne : Op::kZero;
      continue;
    }
    std::vector<Fanin> in = circuit.fanins(id);
    const auto [theta, total, unit] = ToLiteralForm(g, in);
    Op op;
    if (theta <= 0) {
      op = Op::kOne;
    } else if (theta > total) {
      op = Op::kZero;
    } else if (unit && theta == total) {
      op = Op::kAnd;  // every literal must be 1
    } else if (unit && theta == 1) {
      op = Op::kOr;  // some literal is 1
    } else {
      op = Op::kCounter;
    }
    kinds_[id] = op;
    if (op == Op::kOne || op == Op::kZero) continue;
    for (const Fanin& f : in) {
      fanin_.push_back(static_cast<std::uint32_t>(f.gate));
      weight_.push_back(static_cast<std::uint64_t>(std::llabs(f.weight)));
      complement_.push_back(f.weight < 0);
    }
    threshold_[id] = static_cast<std::uint64_t>(theta);
    counter_bits_[id] = static_cast<std::uint8_t>(
        std::bit_width(static_cast<std::uint64_t>(total)));
  }
  begin_[n] = static_cast<std::uint32_t>(fanin_.size());
  for (GateId id : circuit.inputs()) {
    input_gates_.push_back(static_cast<std::uint32_t>(id));
  }
  for (const Output& o : circuit.outputs()) {
    output_gates_.push_back(static_cast<std::uint32_t>(o.gate));
  }
}

void BitParallelSimulator::Run(std::span<const std::uint64_t> inputs,
                               std::span<std::uint64_t> values) const {
  assert(inputs.size() == input_gates_.size());
  assert(values.size() == kinds_.size());
  for (std::size_t i = 0; i < input_gates_.size(); ++i) {
    values[input_gates_[i]] = inputs[i];
  }
  const std::uint32_t* fanin = fanin_.data();
  const std::uint8_t* complement = complement_.data();
  const std::uint64_t* weight = weight_.data();
  std::uint64_t* v = values.data();
  for (std::size_t g = 0; g < kinds_.size(); ++g) {
    const std::uint32_t b = begin_[g], e = begin_[g + 1];
    std::uint64_t word = 0;
    switch (kinds_[g]) {
      case Op::kInput:
        continue;
      case Op::kZero:
        word = 0;
        break;
      case Op::kOne:
        word = ~std::uint64_t{0};
        break;
      case Op::kAnd:
        word = ~std::uint64_t{0};
        for (std::uint32_t i = b; i < e; ++i) {
          // -mask flips the word when the literal is complemented.
          word &= v[fanin[i]] ^ -static_cast<std::uint64_t>(complement[i]);
        }
        break;
      case Op::kOr:
        for (std::uint32_t i = b; i < e; ++i) {
          word |= v[fanin[i]] ^ -static_cast<std::uint64_t>(complement[i]);
        }
        break;
      case Op::kCounter: {
        // A vertical counter: bit k of lane ℓ's count is bit ℓ of c[k].
        const int nbits = counter_bits_[g];
        std::uint64_t c[64];
        for (int k = 0; k < nbits; ++k) c[k] = 0;
        for (std::uint32_t i = b; i < e; ++i) {
          const std::uint64_t x =
              v[fanin[i]] ^ -static_cast<std::uint64_t>(complement[i]);
          std::uint64_t w = weight[i];
          while (w != 0) {
            int k = std::countr_zero(w);
            w &= w - 1;
            std::uint64_t carry = x;
            // Ripple until the carry dies; Σ|w| < 2^nbits bounds k.
            for (; carry != 0; ++k) {
              const std::uint64_t t = c[k] & carry;
              c[k] ^= carry;
              carry = t;
            }
          }
        }
        // θ < 2^nbits since θ ≤ Σ|w|.
        word = CountAtLeast(c, nbits, threshold_[g]);
        break;
      }
    }
    v[g] = word;
  }
}

std::vector<std::uint64_t> BitParallelSimulator::RunOutputs(
    std::span<const std::uint64_t> inputs) const {
  std::vector<std::uint64_t> values(kinds_.size());
  Run(inputs, values);
  std::vector<std::uint64_t> out;
  out.reserve(output_gates_.size());
  for (std::uint32_t g : output_gates_) out.push_back(values[g]);
  return out;
}

std::vector<bool> EvaluateScalar(const Circuit& circuit,
                                 const std::vector<bool>& inputs) {
  const std::vector<bool> value = EvaluateGates(circuit, inputs);
  std::vector<bool> out;
  for (const Output& o : circuit.outputs()) out.push_back(value[o.gate]);
  return out;
}

std::vector<bool> EvaluateGates(const Circuit& circuit,
                                const std::vector<bool>& inputs) {
  assert(inputs.size() == circuit.inputs().size());
  const Graph& graph = circuit.graph();
  std::vector<bool> value(circuit.num_gates());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    value[circuit.inputs()[i]] = inputs[i];
  }
  for (GateId id = 0; id < circuit.num_gates(); ++id) {
    const Gate& g = graph[id];
    if (g.kind == GateKind::kInput) continue;
    if (g.kind == GateKind::kConstant) {
      value[id] = g.value;
      continue;
    }
    __int128 sum = 0;
    for (auto [it, end] = boost::in_edges(id, graph); it != end; ++it) {
      if (value[boost::source(*it, graph)]) sum += graph[*it].weight;
    }
    value[id] = sum >= g.threshold;
  }
  return value;
}

absl::StatusOr<std::vector<std::vector<std::uint64_t>>> ExhaustiveTruthTables(
    const Circuit& circuit) {
  const std::size_t k = circuit.inputs().size();
  if (k > 26) {
    return absl::InvalidArgumentError(
        absl::StrCat("exhaustive simulation: the circuit has ", k,
                     " inputs, at most 26 (2^26 assignments) are supported"));
  }
  // Inputs 0…5 vary inside a word (the classic truth-table masks); input
  // i ≥ 6 is constant over a word: bit i−6 of the word index.
  static constexpr std::uint64_t kMasks[6] = {
      0xAAAAAAAAAAAAAAAAull, 0xCCCCCCCCCCCCCCCCull, 0xF0F0F0F0F0F0F0F0ull,
      0xFF00FF00FF00FF00ull, 0xFFFF0000FFFF0000ull, 0xFFFFFFFF00000000ull};
  const std::size_t words = k <= 6 ? 1 : std::size_t{1} << (k - 6);
  const std::uint64_t valid =
      k >= 6 ? ~std::uint64_t{0} : (std::uint64_t{1} << (1u << k)) - 1;
  BitParallelSimulator sim(circuit);
  std::vector<std::vector<std::uint64_t>> tables(
      circuit.outputs().size(), std::vector<std::uint64_t>(words));
  std::vector<std::uint64_t> in(k), values(circuit.num_gates());
  for (std::size_t w = 0; w < words; ++w) {
    for (std::size_t i = 0; i < k; ++i) {
      in[i] =
          i < 6 ? kMasks[i] : -static_cast<std::uint64_t>((w >> (i - 6)) & 1);
    }
    sim.Run(in, values);
    for (std::size_t o = 0; o < tables.size(); ++o) {
      tables[o][w] = values[sim.output_gates()[o]] & valid;
    }
  }
  return tables;
}

}  // namespace satcirc::circuits
