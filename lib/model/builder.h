// A C++ API for writing constructions the way their papers describe them: named
// features in the residual stream, heads that "attend uniformly and average the
// indicator of '1' into frac_ones", ReLU units over linear combinations of
// features. Build() lays the features out and emits the same IR a model file
// holds.
//
//   ModelBuilder b("majority", "01");
//   Feature is_one = b.TokenIndicator("is_one", '1');
//   Feature frac = b.AddFeature("frac_ones");
//   b.AddLayer().AddHead("mean", AttentionMode::kSaturated, Mask::kNone)
//       .Average(is_one, frac);                       // uniform: no score
//       terms
//   b.SetReadout(ReadoutPosition::kLast, {{frac, 1}}, Rational(-1, 2));
//   absl::StatusOr<Model> model = b.Build();
#ifndef SATCIRC_LIB_MODEL_BUILDER_H_
#define SATCIRC_LIB_MODEL_BUILDER_H_

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/model/model.h"

namespace satcirc {

// A residual-stream feature, by index in order of creation.
struct Feature {
  int index = -1;
};

// Σ coefficient · feature.
using Linear = std::vector<std::pair<Feature, Rational>>;

class HeadBuilder {
 public:
  // Adds one dimension to queries and keys: score += weight · x_p[query] ·
  // x_q[key]. A head with no score terms is uniform over its mask.
  HeadBuilder& ScoreTerm(Feature query, Feature key, Rational weight = 1);
  // Adds one value dimension: target += coefficient · (attention average of
  // source).
  HeadBuilder& Average(Feature source, Feature target,
                       Rational coefficient = 1);
  // Score scale (only the float engine's softmax sees it; argmax ignores it).
  HeadBuilder& Scale(Rational scale);

 private:
  friend class ModelBuilder;
  friend class LayerBuilder;
  std::string name_;
  AttentionMode mode_ = AttentionMode::kSaturated;
  Mask mask_ = Mask::kNone;
  Rational scale_ = 1;
  std::vector<std::tuple<Feature, Feature, Rational>> score_terms_;
  std::vector<std::tuple<Feature, Feature, Rational>> values_;
};

class LayerBuilder {
 public:
  HeadBuilder& AddHead(std::string name, AttentionMode mode, Mask mask);
  // One ReLU unit: h = ReLU(Σ input + bias); each target feature += coefficient
  // · h.
  LayerBuilder& Relu(Linear input, Rational bias, Linear output);
  // x[target] += value at every position, after the MLP (the MLP's b2).
  LayerBuilder& AddConstant(Feature target, Rational value);

 private:
  friend class ModelBuilder;
  struct Unit {
    Linear input;
    Rational bias;
    Linear output;
  };
  std::deque<HeadBuilder> heads_;  // deque: references stay valid
  std::vector<Unit> units_;
  std::vector<std::pair<Feature, Rational>> constants_;
};

class ModelBuilder {
 public:
  ModelBuilder(std::string name, absl::string_view alphabet_symbols);
  ModelBuilder& Describe(std::string description);
  ModelBuilder& WithBos();
  ModelBuilder& WithEos();

  // A feature that starts at 0 everywhere.
  Feature AddFeature(std::string name);
  // A feature that is 1 at positions holding `symbol`, 0 elsewhere.
  Feature TokenIndicator(std::string name, char symbol);
  // A feature that is 1 at the BOS (or EOS) position.
  Feature BosIndicator(std::string name);
  Feature EosIndicator(std::string name);
  // A feature holding a positional function of (p, N).
  Feature Positional(std::string name, PositionalFunction function);
  // Adds `value` to the embedding of `symbol` in `feature`.
  ModelBuilder& Embed(char symbol, Feature feature, Rational value);

  LayerBuilder& AddLayer();
  ModelBuilder& SetReadout(ReadoutPosition position, Linear weights,
                           Rational bias);

  // Lays out the features and emits the model; errors name the problem (an
  // unknown symbol, a duplicate feature name, a feature from another builder
  // ...).
  absl::StatusOr<Model> Build() const;

 private:
  // The parts of Build(): a feature index checked against the d features
  // (`where` names the use), the embedding, one head, one layer.
  absl::Status CheckFeature(Feature f, int d, absl::string_view where) const;
  absl::Status BuildEmbedding(Model& model) const;
  absl::StatusOr<Head> BuildHead(const HeadBuilder& hb, size_t l, int d) const;
  absl::StatusOr<Layer> BuildLayer(const LayerBuilder& lb, size_t l,
                                   int d) const;

  std::string name_, description_, symbols_;
  bool bos_ = false, eos_ = false;
  std::vector<std::string> features_;
  // (token name, feature, value): token name is a symbol, "<bos>" or "<eos>".
  std::vector<std::tuple<std::string, Feature, Rational>> embeddings_;
  std::vector<PositionalFeature> positional_;
  std::deque<LayerBuilder> layers_;
  ReadoutPosition readout_position_ = ReadoutPosition::kLast;
  Linear readout_weights_;
  Rational readout_bias_;
};

}  // namespace satcirc

#endif  // SATCIRC_LIB_MODEL_BUILDER_H_
