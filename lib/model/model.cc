#include "lib/model/model.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace satcirc {
namespace {

template <typename Enum, size_t N>
std::optional<Enum> FindByName(
    const std::pair<Enum, absl::string_view> (&table)[N],
    absl::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
absl::string_view NameOf(const std::pair<Enum, absl::string_view> (&table)[N],
                         Enum v) {
  for (const auto& [value, text] : table) {
    if (value == v) return text;
  }
  return "?";
}

constexpr std::pair<PositionalFunction, absl::string_view> kPositionalNames[] =
    {
        {PositionalFunction::kPosition, "position"},
        {PositionalFunction::kPositionFraction, "position_fraction"},
        {PositionalFunction::kPositionFractionSquared,
         "position_fraction_squared"},
        {PositionalFunction::kInversePosition, "inverse_position"},
        {PositionalFunction::kAlternating, "alternating"},
        {PositionalFunction::kIsFirst, "is_first"},
        {PositionalFunction::kIsLast, "is_last"},
        {PositionalFunction::kConstant, "constant"},
};
constexpr std::pair<Mask, absl::string_view> kMaskNames[] = {
    {Mask::kNone, "none"},
    {Mask::kCausal, "causal"},
    {Mask::kStrict, "strict"},
    {Mask::kFuture, "future"}};
constexpr std::pair<AttentionMode, absl::string_view> kModeNames[] = {
    {AttentionMode::kSaturated, "saturated"},
    {AttentionMode::kHardLeft, "hard_left"},
    {AttentionMode::kHardRight, "hard_right"},
    {AttentionMode::kSoftmax, "softmax"}};
constexpr std::pair<ReadoutPosition, absl::string_view> kReadoutNames[] = {
    {ReadoutPosition::kFirst, "first"},
    {ReadoutPosition::kLast, "last"},
    {ReadoutPosition::kBos, "bos"},
    {ReadoutPosition::kEos, "eos"}};

absl::Status CheckShape(const Matrix& m, int rows, int cols,
                        absl::string_view where, absl::string_view what,
                        absl::string_view rows_meaning,
                        absl::string_view cols_meaning) {
  if (rows >= 0 && m.rows != rows) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", what, " has ", m.rows, " rows, expected ",
                     rows, " (", rows_meaning, ")"));
  }
  if (m.cols != cols) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", what, " has ", m.cols, " columns, expected ",
                     cols, " (", cols_meaning, ")"));
  }
  if (m.data.size() != static_cast<size_t>(m.rows) * m.cols) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": ", what, " has inconsistent storage"));
  }
  return absl::OkStatus();
}

}  // namespace

Matrix MatrixProduct(const Matrix& a, const Matrix& b) {
  Matrix c(a.rows, b.cols);
  for (int i = 0; i < a.rows; ++i) {
    for (int k = 0; k < a.cols; ++k) {
      if (a.at(i, k).IsZero()) continue;
      for (int j = 0; j < b.cols; ++j) {
        if (!b.at(k, j).IsZero()) c.at(i, j) += a.at(i, k) * b.at(k, j);
      }
    }
  }
  return c;
}

bool Matrix::IsZero() const {
  for (const Rational& r : data) {
    if (!r.IsZero()) return false;
  }
  return true;
}

absl::string_view PositionalFunctionName(PositionalFunction f) {
  return NameOf(kPositionalNames, f);
}
std::optional<PositionalFunction> ParsePositionalFunction(
    absl::string_view name) {
  return FindByName(kPositionalNames, name);
}
absl::string_view MaskName(Mask m) { return NameOf(kMaskNames, m); }
std::optional<Mask> ParseMask(absl::string_view name) {
  return FindByName(kMaskNames, name);
}
absl::string_view AttentionModeName(AttentionMode m) {
  return NameOf(kModeNames, m);
}
std::optional<AttentionMode> ParseAttentionMode(absl::string_view name) {
  return FindByName(kModeNames, name);
}
absl::string_view ReadoutPositionName(ReadoutPosition r) {
  return NameOf(kReadoutNames, r);
}
std::optional<ReadoutPosition> ParseReadoutPosition(absl::string_view name) {
  return FindByName(kReadoutNames, name);
}

Rational EvaluatePositional(PositionalFunction f, int p, int n_total) {
  switch (f) {
    case PositionalFunction::kPosition:
      return Rational(p);
    case PositionalFunction::kPositionFraction:
      return Rational(p, n_total);
    case PositionalFunction::kPositionFractionSquared:
      return Rational(static_cast<std::int64_t>(p) * p,
                      static_cast<std::int64_t>(n_total) * n_total);
    case PositionalFunction::kInversePosition:
      return Rational(1, p + 1);
    case PositionalFunction::kAlternating:
      return Rational(p % 2 == 0 ? 1 : -1);
    case PositionalFunction::kIsFirst:
      return Rational(p == 0 ? 1 : 0);
    case PositionalFunction::kIsLast:
      return Rational(p == n_total - 1 ? 1 : 0);
    case PositionalFunction::kConstant:
      return Rational(1);
  }
  return Rational(0);
}

std::string Model::TokenName(int token) const {
  if (token < alphabet.size()) return std::string(1, alphabet.symbol(token));
  if (bos && token == bos_token()) return std::string(kBosToken);
  return std::string(kEosToken);
}

int Model::FeatureIndex(absl::string_view name) const {
  for (int i = 0; i < dim(); ++i) {
    if (features[i] == name) return i;
  }
  return -1;
}

absl::string_view LayerNormPlacementName(LayerNormPlacement p) {
  switch (p) {
    case LayerNormPlacement::kNone:
      return "none";
    case LayerNormPlacement::kPre:
      return "pre";
    case LayerNormPlacement::kPost:
      return "post";
  }
  return "none";
}

bool Model::HasSoftmaxHead() const {
  for (const Layer& layer : layers) {
    for (const Head& head : layer.heads) {
      if (head.mode == AttentionMode::kSoftmax) return true;
    }
  }
  return false;
}

namespace {

// Alphabet, features, integer bits, embedding and positional features.
absl::Status ValidateStream(const Model& model, const std::string& meaning) {
  const int d = model.dim();
  if (model.alphabet.size() == 0) {
    return absl::InvalidArgumentError("alphabet: the model has no alphabet");
  }
  if (d == 0) {
    return absl::InvalidArgumentError(
        "features: the residual stream has no features");
  }
  if (model.integer_bits < 1 || model.integer_bits > 62) {
    return absl::InvalidArgumentError(absl::StrCat(
        "integer_bits: ", model.integer_bits, " is not an integer in 1 … 62"));
  }
  absl::flat_hash_set<std::string> seen;
  for (const std::string& f : model.features) {
    if (f.empty())
      return absl::InvalidArgumentError("features: a feature name is empty");
    if (!seen.insert(f).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("features: feature '", f, "' appears twice"));
    }
  }
  if (absl::Status s = CheckShape(model.token_embedding, model.num_tokens(), d,
                                  "token_embedding", "the embedding",
                                  "one row per token", meaning);
      !s.ok()) {
    return s;
  }
  for (size_t i = 0; i < model.positional.size(); ++i) {
    if (model.positional[i].feature < 0 || model.positional[i].feature >= d) {
      return absl::InvalidArgumentError(
          absl::StrCat("positional[", i, "]: feature index out of range"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateHead(const Head& head, int d, const std::string& where,
                          const std::string& meaning) {
  if (head.scale.Sign() <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": scale is ", head.scale.ToString(), ", it must be > 0"));
  }
  for (auto [m, what] :
       {std::pair{&head.w_q, "W_Q"}, std::pair{&head.w_k, "W_K"},
        std::pair{&head.w_v, "W_V"}}) {
    if (absl::Status s = CheckShape(*m, -1, d, where, what, "", meaning);
        !s.ok()) {
      return s;
    }
  }
  if (head.w_q.rows != head.w_k.rows) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": W_Q has ", head.w_q.rows, " rows and W_K has ", head.w_k.rows,
        "; queries and keys must have the same dimension"));
  }
  return CheckShape(head.w_o, d, head.w_v.rows, where, "W_O", meaning,
                    absl::StrCat("W_V has ", head.w_v.rows, " rows"));
}

absl::Status ValidateMlp(const Mlp& mlp, int d, const std::string& where,
                         const std::string& meaning) {
  const int h = mlp.w1.rows;
  if (absl::Status s = CheckShape(mlp.w1, h, d, where, "W1", "", meaning);
      !s.ok()) {
    return s;
  }
  if (static_cast<int>(mlp.b1.size()) != h) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": b1 has ", mlp.b1.size(), " entries, expected ",
                     h, " (W1 has ", h, " rows)"));
  }
  if (h > 0 || mlp.w2.rows > 0) {
    if (absl::Status s = CheckShape(mlp.w2, d, h, where, "W2", meaning,
                                    absl::StrCat("W1 has ", h, " rows"));
        !s.ok()) {
      return s;
    }
  }
  if (!mlp.b2.empty() && static_cast<int>(mlp.b2.size()) != d) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": b2 has ", mlp.b2.size(), " entries, expected ",
                     d, " (", meaning, ")"));
  }
  return absl::OkStatus();
}

absl::Status ValidateReadout(const Model& model, const std::string& meaning) {
  if (static_cast<int>(model.readout.weights.size()) != model.dim()) {
    return absl::InvalidArgumentError(
        absl::StrCat("readout: weights has ", model.readout.weights.size(),
                     " entries, expected ", model.dim(), " (", meaning, ")"));
  }
  if (model.readout.position == ReadoutPosition::kBos && !model.bos) {
    return absl::InvalidArgumentError(
        "readout: position is \"bos\" but the model has no BOS token");
  }
  if (model.readout.position == ReadoutPosition::kEos && !model.eos) {
    return absl::InvalidArgumentError(
        "readout: position is \"eos\" but the model has no EOS token");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateModel(const Model& model) {
  const int d = model.dim();
  const std::string meaning =
      absl::StrCat("the residual stream has ", d, " features");
  if (absl::Status s = ValidateStream(model, meaning); !s.ok()) return s;
  for (size_t l = 0; l < model.layers.size(); ++l) {
    const Layer& layer = model.layers[l];
    for (size_t h = 0; h < layer.heads.size(); ++h) {
      const Head& head = layer.heads[h];
      const std::string where = absl::StrCat(
          "layer ", l + 1, ", head ", h + 1, head.name.empty() ? "" : " '",
          head.name, head.name.empty() ? "" : "'");
      if (absl::Status s = ValidateHead(head, d, where, meaning); !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = ValidateMlp(
            layer.mlp, d, absl::StrCat("layer ", l + 1, ", mlp"), meaning);
        !s.ok()) {
      return s;
    }
  }
  return ValidateReadout(model, meaning);
}

}  // namespace satcirc
