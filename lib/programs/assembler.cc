#include "lib/programs/assembler.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc::programs::internal {
namespace {

std::string Symbols(const automata::Alphabet& a) {
  std::string s;
  for (int k = 0; k < a.size(); ++k)
    s += a.symbol(static_cast<automata::Symbol>(k));
  return s;
}

}  // namespace

Assembler::Assembler(std::string name, const automata::Alphabet& alphabet)
    : b_(std::move(name), Symbols(alphabet)) {
  one_ = Input(b_.Positional("(one)", PositionalFunction::kConstant));
}

LayerBuilder& Assembler::Layer(int l) {
  while (static_cast<int>(layers_.size()) < l)
    layers_.push_back(&b_.AddLayer());
  return *layers_[l - 1];
}

Feature Assembler::Make(const std::string& name, int stage) {
  Feature f = b_.AddFeature(name);
  stage_[f.index] = stage;
  return f;
}

Feature Assembler::Input(Feature f) {
  stage_[f.index] = 0;
  return f;
}

int Assembler::Stage(const Linear& l) const {
  int s = 0;
  for (const auto& [f, w] : l) s = std::max(s, Stage(f));
  return s;
}

absl::StatusOr<Feature> Assembler::Function(const std::string& name,
                                            const std::vector<Feature>& in,
                                            const Table& f) {
  const int m = static_cast<int>(in.size());
  if (m > kMaxInputs) {
    return absl::FailedPreconditionError(
        absl::StrCat("'", name, "' reads ", m, " vectors; at most ", kMaxInputs,
                     " in one expression (split it into several lets)"));
  }
  std::vector<int> ones, zeros;
  int stage = 0;
  for (Feature x : in) stage = std::max(stage, Stage(x));
  for (int a = 0; a < (1 << m); ++a) {
    std::vector<bool> bits(m);
    for (int k = 0; k < m; ++k) bits[k] = (a >> k) & 1;
    (f(bits) ? ones : zeros).push_back(a);
  }
  if (zeros.empty()) return one_;
  if (ones.empty()) return Make(name, 0);  // never written: 0 everywhere
  if (m == 1 && ones == std::vector<int>{1}) return in[0];  // the identity
  const int l = MlpLayer(stage);
  Feature out = Make(name, 2 * l);
  const bool by_ones = ones.size() <= zeros.size();
  for (int a : by_ones ? ones : zeros) {
    Linear x;
    int set = 0;
    for (int k = 0; k < m; ++k) {
      const bool bit = (a >> k) & 1;
      x.push_back({in[k], bit ? 1 : -1});
      set += bit;
    }
    Layer(l).Relu(x, 1 - set, {{out, by_ones ? 1 : -1}});
  }
  if (!by_ones) Layer(l).AddConstant(out, 1);
  return out;
}

}  // namespace satcirc::programs::internal
