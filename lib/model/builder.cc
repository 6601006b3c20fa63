#include "lib/model/builder.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace satcirc {

HeadBuilder& HeadBuilder::ScoreTerm(Feature query, Feature key,
                                    Rational weight) {
  score_terms_.emplace_back(query, key, std::move(weight));
  return *this;
}

HeadBuilder& HeadBuilder::Average(Feature source, Feature target,
                                  Rational coefficient) {
  values_.emplace_back(source, target, std::move(coefficient));
  return *this;
}

HeadBuilder& HeadBuilder::Scale(Rational scale) {
  scale_ = std::move(scale);
  return *this;
}

HeadBuilder& LayerBuilder::AddHead(std::string name, AttentionMode mode,
                                   Mask mask) {
  HeadBuilder& head = heads_.emplace_back();
  head.name_ = std::move(name);
  head.mode_ = mode;
  head.mask_ = mask;
  return head;
}

LayerBuilder& LayerBuilder::Relu(Linear input, Rational bias, Linear output) {
  units_.push_back(Unit{std::move(input), std::move(bias), std::move(output)});
  return *this;
}

LayerBuilder& LayerBuilder::AddConstant(Feature target, Rational value) {
  constants_.emplace_back(target, std::move(value));
  return *this;
}

ModelBuilder::ModelBuilder(std::string name, absl::string_view alphabet_symbols)
    : name_(std::move(name)), symbols_(alphabet_symbols) {}

ModelBuilder& ModelBuilder::Describe(std::string description) {
  description_ = std::move(description);
  return *this;
}
ModelBuilder& ModelBuilder::WithBos() {
  bos_ = true;
  return *this;
}
ModelBuilder& ModelBuilder::WithEos() {
  eos_ = true;
  return *this;
}

Feature ModelBuilder::AddFeature(std::string name) {
  features_.push_back(std::move(name));
  return Feature{static_cast<int>(features_.size()) - 1};
}

Feature ModelBuilder::TokenIndicator(std::string name, char symbol) {
  Feature f = AddFeature(std::move(name));
  embeddings_.emplace_back(std::string(1, symbol), f, Rational(1));
  return f;
}

Feature ModelBuilder::BosIndicator(std::string name) {
  bos_ = true;
  Feature f = AddFeature(std::move(name));
  embeddings_.emplace_back(std::string(kBosToken), f, Rational(1));
  return f;
}

Feature ModelBuilder::EosIndicator(std::string name) {
  eos_ = true;
  Feature f = AddFeature(std::move(name));
  embeddings_.emplace_back(std::string(kEosToken), f, Rational(1));
  return f;
}

Feature ModelBuilder::Positional(std::string name,
                                 PositionalFunction function) {
  Feature f = AddFeature(std::move(name));
  positional_.push_back(PositionalFeature{f.index, function});
  return f;
}

ModelBuilder& ModelBuilder::Embed(char symbol, Feature feature,
                                  Rational value) {
  embeddings_.emplace_back(std::string(1, symbol), feature, std::move(value));
  return *this;
}

LayerBuilder& ModelBuilder::AddLayer() { return layers_.emplace_back(); }

ModelBuilder& ModelBuilder::SetReadout(ReadoutPosition position, Linear weights,
                                       Rational bias) {
  readout_position_ = position;
  readout_weights_ = std::move(weights);
  readout_bias_ = std::move(bias);
  return *this;
}

absl::Status ModelBuilder::CheckFeature(Feature f, int d,
                                        absl::string_view where) const {
  if (f.index < 0 || f.index >= d) {
    return absl::InvalidArgumentError(
        absl::StrCat(name_, ": ", where, ": feature #", f.index,
                     " was not created by ", "this builder"));
  }
  return absl::OkStatus();
}

absl::Status ModelBuilder::BuildEmbedding(Model& model) const {
  const int d = model.dim();
  model.token_embedding = Matrix(model.num_tokens(), d);
  for (const auto& [token, feature, value] : embeddings_) {
    if (absl::Status s = CheckFeature(feature, d, "embedding"); !s.ok()) {
      return s;
    }
    int index = -1;
    for (int t = 0; t < model.num_tokens(); ++t) {
      if (model.TokenName(t) == token) index = t;
    }
    if (index < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          name_, ": embedding: token '", token, "' is not in the alphabet {",
          symbols_, "}",
          (token == kBosToken || token == kEosToken) ? " (call WithBos/WithEos)"
                                                     : ""));
    }
    model.token_embedding.at(index, feature.index) += value;
  }
  model.positional = positional_;
  return absl::OkStatus();
}

absl::StatusOr<Head> ModelBuilder::BuildHead(const HeadBuilder& hb, size_t l,
                                             int d) const {
  const std::string where =
      absl::StrCat("layer ", l + 1, ", head '", hb.name_, "'");
  Head head;
  head.name = hb.name_;
  head.mode = hb.mode_;
  head.mask = hb.mask_;
  head.scale = hb.scale_;
  const int dk = static_cast<int>(hb.score_terms_.size());
  head.w_q = Matrix(dk, d);
  head.w_k = Matrix(dk, d);
  for (int i = 0; i < dk; ++i) {
    const auto& [q, k, w] = hb.score_terms_[i];
    if (absl::Status s = CheckFeature(q, d, where); !s.ok()) return s;
    if (absl::Status s = CheckFeature(k, d, where); !s.ok()) return s;
    head.w_q.at(i, q.index) = w;
    head.w_k.at(i, k.index) = 1;
  }
  const int dv = static_cast<int>(hb.values_.size());
  head.w_v = Matrix(dv, d);
  head.w_o = Matrix(d, dv);
  for (int i = 0; i < dv; ++i) {
    const auto& [source, target, c] = hb.values_[i];
    if (absl::Status s = CheckFeature(source, d, where); !s.ok()) return s;
    if (absl::Status s = CheckFeature(target, d, where); !s.ok()) return s;
    head.w_v.at(i, source.index) = 1;
    head.w_o.at(target.index, i) = c;
  }
  return head;
}

absl::StatusOr<Layer> ModelBuilder::BuildLayer(const LayerBuilder& lb, size_t l,
                                               int d) const {
  Layer layer;
  for (const HeadBuilder& hb : lb.heads_) {
    absl::StatusOr<Head> head = BuildHead(hb, l, d);
    if (!head.ok()) return head.status();
    layer.heads.push_back(*std::move(head));
  }
  const int h = static_cast<int>(lb.units_.size());
  layer.mlp.w1 = Matrix(h, d);
  layer.mlp.w2 = Matrix(d, h);
  for (int u = 0; u < h; ++u) {
    const std::string where =
        absl::StrCat("layer ", l + 1, ", ReLU unit ", u + 1);
    for (const auto& [f, w] : lb.units_[u].input) {
      if (absl::Status s = CheckFeature(f, d, where); !s.ok()) return s;
      layer.mlp.w1.at(u, f.index) += w;
    }
    layer.mlp.b1.push_back(lb.units_[u].bias);
    for (const auto& [f, w] : lb.units_[u].output) {
      if (absl::Status s = CheckFeature(f, d, where); !s.ok()) return s;
      layer.mlp.w2.at(f.index, u) += w;
    }
  }
  if (!lb.constants_.empty()) {
    layer.mlp.b2.assign(d, Rational(0));
    for (const auto& [f, v] : lb.constants_) {
      if (absl::Status s =
              CheckFeature(f, d, absl::StrCat("layer ", l + 1, ", constant"));
          !s.ok()) {
        return s;
      }
      layer.mlp.b2[f.index] += v;
    }
  }
  return layer;
}

absl::StatusOr<Model> ModelBuilder::Build() const {
  Model model;
  model.name = name_;
  model.description = description_;
  absl::StatusOr<automata::Alphabet> alphabet =
      automata::Alphabet::FromSymbols(symbols_);
  if (!alphabet.ok()) return alphabet.status();
  model.alphabet = *std::move(alphabet);
  model.bos = bos_;
  model.eos = eos_;
  model.features = features_;
  const int d = model.dim();
  if (absl::Status s = BuildEmbedding(model); !s.ok()) return s;
  for (size_t l = 0; l < layers_.size(); ++l) {
    absl::StatusOr<Layer> layer = BuildLayer(layers_[l], l, d);
    if (!layer.ok()) return layer.status();
    model.layers.push_back(*std::move(layer));
  }
  model.readout.position = readout_position_;
  model.readout.weights.assign(d, Rational(0));
  for (const auto& [f, w] : readout_weights_) {
    if (absl::Status s = CheckFeature(f, d, "readout"); !s.ok()) return s;
    model.readout.weights[f.index] += w;
  }
  model.readout.bias = readout_bias_;
  if (absl::Status s = ValidateModel(model); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(name_, ": ", s.message()));
  }
  return model;
}

}  // namespace satcirc
