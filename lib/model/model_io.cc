#include "lib/model/model_io.h"

#include <initializer_list>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "lib/base/json.h"

namespace satcirc {
namespace {

using json::Value;

// Reading walks the JSON tree with a "where" string for messages.
absl::Status Error(absl::string_view where, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", message));
}

absl::Status ExpectKind(const Value& v, Value::Kind kind,
                        absl::string_view where) {
  if (v.kind() == kind) return absl::OkStatus();
  return Error(where, absl::StrCat("expected ", Value::KindName(kind),
                                   ", found ", Value::KindName(v.kind())));
}

// Only these keys are allowed in an object; a misspelt key is an error rather
// than a silently ignored weight.
absl::Status CheckKeys(const Value& v, absl::string_view where,
                       std::initializer_list<absl::string_view> allowed) {
  for (const auto& [key, unused] : v.members()) {
    bool ok = false;
    for (absl::string_view a : allowed) ok = ok || a == key;
    if (!ok) {
      return Error(where,
                   absl::StrCat("unknown key \"", key, "\" (expected one of: ",
                                absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<const Value*> Require(const Value& obj, absl::string_view key,
                                     absl::string_view where) {
  const Value* v = obj.Find(key);
  if (v == nullptr)
    return Error(where, absl::StrCat("missing key \"", key, "\""));
  return v;
}

absl::StatusOr<Rational> ReadNumber(const Value& v, absl::string_view where) {
  if (!v.is_number() && !v.is_string()) {
    return Error(
        where, absl::StrCat("expected a number (or a string such as \"1/3\"), "
                            "found ",
                            Value::KindName(v.kind())));
  }
  absl::StatusOr<Rational> r = Rational::Parse(v.text());
  if (!r.ok()) return Error(where, r.status().message());
  return r;
}

absl::StatusOr<std::string> ReadString(const Value& v,
                                       absl::string_view where) {
  if (absl::Status s = ExpectKind(v, Value::Kind::kString, where); !s.ok())
    return s;
  return v.text();
}

absl::StatusOr<bool> ReadBool(const Value& v, absl::string_view where) {
  if (absl::Status s = ExpectKind(v, Value::Kind::kBool, where); !s.ok())
    return s;
  return v.boolean();
}

absl::StatusOr<Vector> ReadVector(const Value& v, absl::string_view where) {
  if (absl::Status s = ExpectKind(v, Value::Kind::kArray, where); !s.ok())
    return s;
  Vector out;
  out.reserve(v.items().size());
  for (size_t i = 0; i < v.items().size(); ++i) {
    absl::StatusOr<Rational> r =
        ReadNumber(v.items()[i], absl::StrCat(where, "[", i, "]"));
    if (!r.ok()) return r.status();
    out.push_back(*std::move(r));
  }
  return out;
}

// A matrix is an array of rows. An empty array is a matrix with no rows whose
// column count is `empty_cols` (the shape the model expects there).
absl::StatusOr<Matrix> ReadMatrix(const Value& v, absl::string_view where,
                                  int empty_cols) {
  if (absl::Status s = ExpectKind(v, Value::Kind::kArray, where); !s.ok()) {
    return Error(where,
                 absl::StrCat("expected a matrix (an array of rows), found ",
                              Value::KindName(v.kind())));
  }
  Matrix m;
  m.rows = static_cast<int>(v.items().size());
  m.cols = empty_cols;
  for (int r = 0; r < m.rows; ++r) {
    const std::string row_where = absl::StrCat(where, " row ", r + 1);
    absl::StatusOr<Vector> row = ReadVector(v.items()[r], row_where);
    if (!row.ok()) return row.status();
    if (r == 0) {
      m.cols = static_cast<int>(row->size());
    } else if (static_cast<int>(row->size()) != m.cols) {
      return Error(row_where, absl::StrCat("has ", row->size(),
                                           " entries, but row 1 has ", m.cols));
    }
    for (Rational& x : *row) m.data.push_back(std::move(x));
  }
  return m;
}

// An object with only the listed keys.
absl::Status ExpectObject(const Value& v, absl::string_view where,
                          std::initializer_list<absl::string_view> keys) {
  if (absl::Status s = ExpectKind(v, Value::Kind::kObject, where); !s.ok()) {
    return s;
  }
  return CheckKeys(v, where, keys);
}

// The string under a key that must be there; `what` names it in messages.
absl::StatusOr<std::string> RequireString(const Value& object,
                                          absl::string_view key,
                                          absl::string_view where,
                                          const std::string& what) {
  absl::StatusOr<const Value*> v = Require(object, key, where);
  if (!v.ok()) return v.status();
  return ReadString(**v, what);
}

// A head's mask, mode and scale.
absl::Status ReadHeadKind(const Value& v, const std::string& where,
                          Head& head) {
  absl::StatusOr<std::string> mask_name =
      RequireString(v, "mask", where, where + ": mask");
  if (!mask_name.ok()) return mask_name.status();
  std::optional<Mask> m = ParseMask(*mask_name);
  if (!m) {
    return Error(where,
                 absl::StrCat("unknown mask \"", *mask_name,
                              "\" (expected none, causal, strict or future)"));
  }
  head.mask = *m;
  absl::StatusOr<std::string> mode_name =
      RequireString(v, "mode", where, where + ": mode");
  if (!mode_name.ok()) return mode_name.status();
  std::optional<AttentionMode> am = ParseAttentionMode(*mode_name);
  if (!am) {
    return Error(
        where,
        absl::StrCat(
            "unknown mode \"", *mode_name,
            "\" (expected saturated, hard_left, hard_right or softmax)"));
  }
  head.mode = *am;
  if (const Value* scale = v.Find("scale")) {
    absl::StatusOr<Rational> s = ReadNumber(*scale, where + ": scale");
    if (!s.ok()) return s.status();
    head.scale = *s;
  }
  return absl::OkStatus();
}

// W_Q, W_K, W_V (d columns each) and W_O (as many columns as W_V has rows).
absl::Status ReadHeadMatrices(const Value& v, const std::string& where, int d,
                              Head& head) {
  for (auto [key, dest] :
       {std::pair{"W_Q", &head.w_q}, std::pair{"W_K", &head.w_k},
        std::pair{"W_V", &head.w_v}, std::pair{"W_O", &head.w_o}}) {
    absl::StatusOr<const Value*> mv = Require(v, key, where);
    if (!mv.ok()) return mv.status();
    const int columns = dest == &head.w_o ? head.w_v.rows : d;
    absl::StatusOr<Matrix> mat =
        ReadMatrix(**mv, absl::StrCat(where, ": ", key), columns);
    if (!mat.ok()) return mat.status();
    *dest = *std::move(mat);
  }
  return absl::OkStatus();
}

absl::StatusOr<Head> ReadHead(const Value& v, absl::string_view where, int d) {
  if (absl::Status s = ExpectObject(
          v, where,
          {"name", "mask", "mode", "scale", "W_Q", "W_K", "W_V", "W_O"});
      !s.ok()) {
    return s;
  }
  Head head;
  if (const Value* name = v.Find("name")) {
    absl::StatusOr<std::string> s =
        ReadString(*name, absl::StrCat(where, ": name"));
    if (!s.ok()) return s.status();
    head.name = *s;
  }
  std::string full_where(where);
  if (!head.name.empty()) absl::StrAppend(&full_where, " '", head.name, "'");
  if (absl::Status s = ReadHeadKind(v, full_where, head); !s.ok()) return s;
  if (absl::Status s = ReadHeadMatrices(v, full_where, d, head); !s.ok()) {
    return s;
  }
  return head;
}

absl::StatusOr<Mlp> ReadMlp(const Value& v, absl::string_view where, int d) {
  if (absl::Status s = ExpectKind(v, Value::Kind::kObject, where); !s.ok())
    return s;
  if (absl::Status s = CheckKeys(v, where, {"W1", "b1", "W2", "b2"}); !s.ok())
    return s;
  Mlp mlp;
  for (absl::string_view key : {"W1", "b1", "W2", "b2"}) {
    if (v.Find(key) == nullptr) {
      return Error(where, absl::StrCat("missing key \"", key, "\""));
    }
  }
  absl::StatusOr<Matrix> w1 =
      ReadMatrix(*v.Find("W1"), absl::StrCat(where, ": W1"), d);
  if (!w1.ok()) return w1.status();
  mlp.w1 = *std::move(w1);
  absl::StatusOr<Vector> b1 =
      ReadVector(*v.Find("b1"), absl::StrCat(where, ": b1"));
  if (!b1.ok()) return b1.status();
  mlp.b1 = *std::move(b1);
  absl::StatusOr<Matrix> w2 =
      ReadMatrix(*v.Find("W2"), absl::StrCat(where, ": W2"), mlp.w1.rows);
  if (!w2.ok()) return w2.status();
  mlp.w2 = *std::move(w2);
  absl::StatusOr<Vector> b2 =
      ReadVector(*v.Find("b2"), absl::StrCat(where, ": b2"));
  if (!b2.ok()) return b2.status();
  mlp.b2 = *std::move(b2);
  // Without hidden units W2 is d x 0 however the file wrote it ([] or [[],
  // ...]).
  if (mlp.w1.rows == 0 && mlp.w2.cols == 0) mlp.w2 = Matrix(d, 0);
  return mlp;
}

// format, name, description, alphabet, bos, eos, integer_bits.
absl::Status ReadHeader(const Value& root, Model& model) {
  absl::StatusOr<std::string> tag =
      RequireString(root, "format", "top level", "format");
  if (!tag.ok()) return tag.status();
  if (*tag != kModelFormatTag) {
    return Error("format",
                 absl::StrCat("\"", *tag, "\" is not supported (expected \"",
                              kModelFormatTag, "\")"));
  }
  for (auto [key, dest] : {std::pair{"name", &model.name},
                           std::pair{"description", &model.description}}) {
    if (const Value* v = root.Find(key)) {
      absl::StatusOr<std::string> s = ReadString(*v, key);
      if (!s.ok()) return s.status();
      *dest = *s;
    }
  }
  absl::StatusOr<std::string> symbols =
      RequireString(root, "alphabet", "top level", "alphabet");
  if (!symbols.ok()) return symbols.status();
  absl::StatusOr<automata::Alphabet> a =
      automata::Alphabet::FromSymbols(*symbols);
  if (!a.ok()) return a.status();
  model.alphabet = *std::move(a);
  for (auto [key, dest] :
       {std::pair{"bos", &model.bos}, std::pair{"eos", &model.eos}}) {
    if (const Value* v = root.Find(key)) {
      absl::StatusOr<bool> b = ReadBool(*v, key);
      if (!b.ok()) return b.status();
      *dest = *b;
    }
  }
  if (const Value* v = root.Find("integer_bits")) {
    absl::StatusOr<Rational> bits = ReadNumber(*v, "integer_bits");
    if (!bits.ok()) return bits.status();
    const std::optional<std::int64_t> b =
        bits->IsInteger() ? bits->SmallNumerator() : std::nullopt;
    if (!b || *b < 1 || *b > 62) {
      return Error("integer_bits",
                   absl::StrCat(v->text(), " is not an integer in 1 … 62"));
    }
    model.integer_bits = static_cast<int>(*b);
  }
  return absl::OkStatus();
}

absl::StatusOr<LayerNormSpec> ReadLayerNorm(const Value& ln) {
  if (absl::Status s = ExpectObject(ln, "layer_norm", {"placement", "epsilon"});
      !s.ok()) {
    return s;
  }
  LayerNormSpec norm;
  absl::StatusOr<std::string> p =
      RequireString(ln, "placement", "layer_norm", "layer_norm: placement");
  if (!p.ok()) return p.status();
  if (*p == "pre") {
    norm.placement = LayerNormPlacement::kPre;
  } else if (*p == "post") {
    norm.placement = LayerNormPlacement::kPost;
  } else if (*p != "none") {
    return Error("layer_norm: placement",
                 absl::StrCat("\"", *p, "\" is not pre, post or none"));
  }
  if (const Value* eps = ln.Find("epsilon")) {
    absl::StatusOr<Rational> e = ReadNumber(*eps, "layer_norm: epsilon");
    if (!e.ok()) return e.status();
    if (e->Sign() <= 0) {
      return Error("layer_norm: epsilon",
                   absl::StrCat(eps->text(), " is not positive"));
    }
    norm.epsilon = *e;
  }
  return norm;
}

// The feature names into model.features; returns name → index, so that
// lookups stay linear in the file.
absl::StatusOr<std::unordered_map<std::string, int>> ReadFeatures(
    const Value& root, Model& model) {
  absl::StatusOr<const Value*> features =
      Require(root, "features", "top level");
  if (!features.ok()) return features.status();
  if (absl::Status s = ExpectKind(**features, Value::Kind::kArray, "features");
      !s.ok()) {
    return s;
  }
  const std::vector<Value>& items = (*features)->items();
  if (items.size() > static_cast<std::size_t>(kMaxFeatures)) {
    return Error(
        "features",
        absl::StrCat(items.size(), " features, more than the limit of ",
                     kMaxFeatures, " (see docs/limits.md)"));
  }
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < items.size(); ++i) {
    absl::StatusOr<std::string> f =
        ReadString(items[i], absl::StrCat("features[", i, "]"));
    if (!f.ok()) return f.status();
    if (!index.emplace(*f, static_cast<int>(i)).second) {
      return Error("features",
                   absl::StrCat("feature '", *f, "' appears twice"));
    }
    model.features.push_back(*f);
  }
  return index;
}

// The index of a token named in the file, or an error listing the tokens.
absl::StatusOr<int> TokenIndex(const Model& model, const std::string& token) {
  for (int t = 0; t < model.num_tokens(); ++t) {
    if (model.TokenName(t) == token) return t;
  }
  std::vector<std::string> names;
  for (int t = 0; t < model.num_tokens(); ++t) {
    names.push_back(model.TokenName(t));
  }
  return Error(
      "token_embedding",
      absl::StrCat("\"", token, "\" is not a token of the model (tokens: ",
                   absl::StrJoin(names, " "), ")"));
}

// token_embedding: {"token": [d numbers], ...}; every token must appear once.
absl::Status ReadTokenEmbedding(const Value& root, Model& model) {
  absl::StatusOr<const Value*> emb =
      Require(root, "token_embedding", "top level");
  if (!emb.ok()) return emb.status();
  if (absl::Status s =
          ExpectKind(**emb, Value::Kind::kObject, "token_embedding");
      !s.ok()) {
    return s;
  }
  const int d = model.dim();
  model.token_embedding = Matrix(model.num_tokens(), d);
  std::vector<bool> seen(model.num_tokens(), false);
  for (const auto& [token, row] : (*emb)->members()) {
    absl::StatusOr<int> index = TokenIndex(model, token);
    if (!index.ok()) return index.status();
    const std::string where = absl::StrCat("token_embedding \"", token, "\"");
    absl::StatusOr<Vector> values = ReadVector(row, where);
    if (!values.ok()) return values.status();
    if (static_cast<int>(values->size()) != d) {
      return Error(
          where, absl::StrCat("has ", values->size(), " entries, expected ", d,
                              " (the residual stream has ", d, " features)"));
    }
    for (int j = 0; j < d; ++j) {
      model.token_embedding.at(*index, j) = (*values)[j];
    }
    seen[*index] = true;
  }
  for (int t = 0; t < model.num_tokens(); ++t) {
    if (!seen[t]) {
      return Error(
          "token_embedding",
          absl::StrCat("token \"", model.TokenName(t), "\" has no embedding"));
    }
  }
  return absl::OkStatus();
}

// One entry of "positional": {"feature": name, "function": name}.
absl::StatusOr<PositionalFeature> ReadPositionalFeature(
    const Value& item, const std::string& where,
    const std::unordered_map<std::string, int>& feature_index) {
  if (absl::Status s = ExpectObject(item, where, {"feature", "function"});
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> feature =
      RequireString(item, "feature", where, where + ": feature");
  if (!feature.ok()) return feature.status();
  absl::StatusOr<std::string> function =
      RequireString(item, "function", where, where + ": function");
  if (!function.ok()) return function.status();
  const auto it = feature_index.find(*feature);
  if (it == feature_index.end()) {
    return Error(where, absl::StrCat("feature \"", *feature,
                                     "\" is not in \"features\""));
  }
  std::optional<PositionalFunction> f = ParsePositionalFunction(*function);
  if (!f) {
    std::vector<absl::string_view> names;
    for (PositionalFunction g : kAllPositionalFunctions) {
      names.push_back(PositionalFunctionName(g));
    }
    return Error(where, absl::StrCat("unknown positional function \"",
                                     *function, "\" (expected one of: ",
                                     absl::StrJoin(names, ", "), ")"));
  }
  return PositionalFeature{.feature = it->second, .function = *f};
}

absl::Status ReadPositional(
    const Value& pos, const std::unordered_map<std::string, int>& feature_index,
    Model& model) {
  if (absl::Status s = ExpectKind(pos, Value::Kind::kArray, "positional");
      !s.ok()) {
    return s;
  }
  for (size_t i = 0; i < pos.items().size(); ++i) {
    absl::StatusOr<PositionalFeature> pf = ReadPositionalFeature(
        pos.items()[i], absl::StrCat("positional[", i, "]"), feature_index);
    if (!pf.ok()) return pf.status();
    model.positional.push_back(*pf);
  }
  return absl::OkStatus();
}

// Layer l (from 0): {"heads": [...], "mlp": {...}}, both optional.
absl::StatusOr<Layer> ReadLayer(const Value& lv, size_t l, int d) {
  const std::string where = absl::StrCat("layer ", l + 1);
  if (absl::Status s = ExpectObject(lv, where, {"heads", "mlp"}); !s.ok()) {
    return s;
  }
  Layer layer;
  if (const Value* heads = lv.Find("heads")) {
    if (absl::Status s =
            ExpectKind(*heads, Value::Kind::kArray, where + ": heads");
        !s.ok()) {
      return s;
    }
    for (size_t h = 0; h < heads->items().size(); ++h) {
      absl::StatusOr<Head> head =
          ReadHead(heads->items()[h], absl::StrCat(where, ", head ", h + 1), d);
      if (!head.ok()) return head.status();
      layer.heads.push_back(*std::move(head));
    }
  }
  if (const Value* mlp = lv.Find("mlp")) {
    absl::StatusOr<Mlp> m = ReadMlp(*mlp, where + ", mlp", d);
    if (!m.ok()) return m.status();
    layer.mlp = *std::move(m);
  } else {
    layer.mlp.w1 = Matrix(0, d);
    layer.mlp.w2 = Matrix(d, 0);
  }
  return layer;
}

absl::Status ReadLayers(const Value& layers, Model& model) {
  if (absl::Status s = ExpectKind(layers, Value::Kind::kArray, "layers");
      !s.ok()) {
    return s;
  }
  for (size_t l = 0; l < layers.items().size(); ++l) {
    absl::StatusOr<Layer> layer = ReadLayer(layers.items()[l], l, model.dim());
    if (!layer.ok()) return layer.status();
    model.layers.push_back(*std::move(layer));
  }
  return absl::OkStatus();
}

absl::StatusOr<Readout> ReadReadout(const Value& root) {
  absl::StatusOr<const Value*> readout = Require(root, "readout", "top level");
  if (!readout.ok()) return readout.status();
  if (absl::Status s =
          ExpectObject(**readout, "readout", {"position", "weights", "bias"});
      !s.ok()) {
    return s;
  }
  Readout out;
  absl::StatusOr<std::string> position_name =
      RequireString(**readout, "position", "readout", "readout: position");
  if (!position_name.ok()) return position_name.status();
  std::optional<ReadoutPosition> rp = ParseReadoutPosition(*position_name);
  if (!rp) {
    return Error("readout",
                 absl::StrCat("unknown position \"", *position_name,
                              "\" (expected first, last, bos or eos)"));
  }
  out.position = *rp;
  absl::StatusOr<const Value*> weights =
      Require(**readout, "weights", "readout");
  if (!weights.ok()) return weights.status();
  absl::StatusOr<Vector> w = ReadVector(**weights, "readout: weights");
  if (!w.ok()) return w.status();
  out.weights = *std::move(w);
  if (const Value* bias = (*readout)->Find("bias")) {
    absl::StatusOr<Rational> b = ReadNumber(*bias, "readout: bias");
    if (!b.ok()) return b.status();
    out.bias = *b;
  }
  return out;
}

// The model in a parsed file, section by section in the file's order.
absl::StatusOr<Model> ReadModelTree(const Value& root) {
  if (absl::Status s =
          ExpectObject(root, "top level",
                       {"format", "name", "description", "alphabet", "bos",
                        "eos", "integer_bits", "layer_norm", "features",
                        "token_embedding", "positional", "layers", "readout"});
      !s.ok()) {
    return s;
  }
  Model model;
  if (absl::Status s = ReadHeader(root, model); !s.ok()) return s;
  if (const Value* ln = root.Find("layer_norm")) {
    absl::StatusOr<LayerNormSpec> norm = ReadLayerNorm(*ln);
    if (!norm.ok()) return norm.status();
    model.layer_norm = *std::move(norm);
  }
  absl::StatusOr<std::unordered_map<std::string, int>> feature_index =
      ReadFeatures(root, model);
  if (!feature_index.ok()) return feature_index.status();
  if (absl::Status s = ReadTokenEmbedding(root, model); !s.ok()) return s;
  if (const Value* pos = root.Find("positional")) {
    if (absl::Status s = ReadPositional(*pos, *feature_index, model); !s.ok()) {
      return s;
    }
  }
  if (const Value* layers = root.Find("layers")) {
    if (absl::Status s = ReadLayers(*layers, model); !s.ok()) return s;
  }
  absl::StatusOr<Readout> readout = ReadReadout(root);
  if (!readout.ok()) return readout.status();
  model.readout = *std::move(readout);
  if (absl::Status s = ValidateModel(model); !s.ok()) return s;
  return model;
}

// ---- Writing ----

std::string NumberText(const Rational& r) {
  if (r.IsInteger()) return r.ToString();
  return absl::StrCat("\"", r.ToString(), "\"");
}

std::string VectorText(const Vector& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += NumberText(v[i]);
  }
  return out + "]";
}

void WriteMatrix(std::ostream& out, const Matrix& m,
                 const std::string& indent) {
  if (m.rows == 0) {
    out << "[]";
    return;
  }
  out << "[\n";
  for (int r = 0; r < m.rows; ++r) {
    Vector row(m.data.begin() + static_cast<long>(r) * m.cols,
               m.data.begin() + static_cast<long>(r + 1) * m.cols);
    out << indent << "  " << VectorText(row) << (r + 1 < m.rows ? ",\n" : "\n");
  }
  out << indent << "]";
}

// format … features, one indent `i1` deep.
void WriteHeaderFields(std::ostream& out, const Model& model,
                       const std::string& i1) {
  out << i1 << "\"format\": " << json::Quote(kModelFormatTag) << ",\n";
  out << i1 << "\"name\": " << json::Quote(model.name) << ",\n";
  out << i1 << "\"description\": " << json::Quote(model.description) << ",\n";
  out << i1 << "\"alphabet\": " << json::Quote(model.alphabet.symbols())
      << ",\n";
  out << i1 << "\"bos\": " << (model.bos ? "true" : "false") << ",\n";
  out << i1 << "\"eos\": " << (model.eos ? "true" : "false") << ",\n";
  if (model.layer_norm.placement != LayerNormPlacement::kNone) {
    out << i1 << "\"layer_norm\": {\"placement\": "
        << json::Quote(LayerNormPlacementName(model.layer_norm.placement))
        << ", \"epsilon\": " << NumberText(model.layer_norm.epsilon) << "},\n";
  }
  if (model.integer_bits != Model::kDefaultIntegerBits) {
    out << i1 << "\"integer_bits\": " << model.integer_bits << ",\n";
  }
  out << i1 << "\"features\": [";
  for (int i = 0; i < model.dim(); ++i) {
    out << (i ? ", " : "") << json::Quote(model.features[i]);
  }
  out << "],\n";
}

// token_embedding and positional.
void WriteEmbedding(std::ostream& out, const Model& model,
                    const std::string& i1) {
  const std::string i2 = i1 + i1;
  out << i1 << "\"token_embedding\": {\n";
  for (int t = 0; t < model.num_tokens(); ++t) {
    Vector row(
        model.token_embedding.data.begin() + static_cast<long>(t) * model.dim(),
        model.token_embedding.data.begin() +
            static_cast<long>(t + 1) * model.dim());
    out << i2 << json::Quote(model.TokenName(t)) << ": " << VectorText(row)
        << (t + 1 < model.num_tokens() ? ",\n" : "\n");
  }
  out << i1 << "},\n";
  out << i1 << "\"positional\": [";
  for (size_t i = 0; i < model.positional.size(); ++i) {
    const PositionalFeature& p = model.positional[i];
    out << (i ? "," : "") << "\n"
        << i2 << "{\"feature\": " << json::Quote(model.features[p.feature])
        << ", \"function\": " << json::Quote(PositionalFunctionName(p.function))
        << "}";
  }
  out << (model.positional.empty() ? "" : "\n" + i1) << "],\n";
}

// One head, four indents deep (its fields five).
void WriteHead(std::ostream& out, const Head& head, const std::string& i1) {
  const std::string i4 = i1 + i1 + i1 + i1, i5 = i4 + i1;
  out << i4 << "{\n";
  out << i5 << "\"name\": " << json::Quote(head.name) << ",\n";
  out << i5 << "\"mask\": " << json::Quote(MaskName(head.mask)) << ",\n";
  out << i5 << "\"mode\": " << json::Quote(AttentionModeName(head.mode))
      << ",\n";
  out << i5 << "\"scale\": " << NumberText(head.scale) << ",\n";
  for (auto [key, m] :
       {std::pair{"W_Q", &head.w_q}, std::pair{"W_K", &head.w_k},
        std::pair{"W_V", &head.w_v}, std::pair{"W_O", &head.w_o}}) {
    out << i5 << "\"" << key << "\": ";
    WriteMatrix(out, *m, i5);
    out << (absl::string_view(key) == "W_O" ? "\n" : ",\n");
  }
  out << i4 << "}";
}

// One layer, two indents deep: its heads, then its MLP when it has one.
void WriteLayer(std::ostream& out, const Layer& layer, const std::string& i1) {
  const std::string i2 = i1 + i1, i3 = i2 + i1, i4 = i3 + i1;
  out << i2 << "{\n" << i3 << "\"heads\": [";
  for (size_t h = 0; h < layer.heads.size(); ++h) {
    out << (h ? "," : "") << "\n";
    WriteHead(out, layer.heads[h], i1);
  }
  out << (layer.heads.empty() ? "" : "\n" + i3) << "]";
  if (layer.mlp.hidden() > 0 || !layer.mlp.b2.empty()) {
    out << ",\n" << i3 << "\"mlp\": {\n";
    out << i4 << "\"W1\": ";
    WriteMatrix(out, layer.mlp.w1, i4);
    out << ",\n" << i4 << "\"b1\": " << VectorText(layer.mlp.b1) << ",\n";
    out << i4 << "\"W2\": ";
    WriteMatrix(out, layer.mlp.w2, i4);
    out << ",\n"
        << i4 << "\"b2\": " << VectorText(layer.mlp.b2) << "\n"
        << i3 << "}";
  }
  out << "\n" << i2 << "}";
}

}  // namespace

absl::StatusOr<Model> ReadModelFromString(absl::string_view text,
                                          absl::string_view source) {
  absl::StatusOr<json::Value> root = json::Parse(text, source);
  if (!root.ok()) return root.status();
  absl::StatusOr<Model> model = ReadModelTree(*root);
  if (!model.ok()) {
    return absl::Status(model.status().code(),
                        absl::StrCat(source, ": ", model.status().message()));
  }
  return model;
}

absl::StatusOr<Model> ReadModel(std::istream& in, absl::string_view source) {
  // At most one byte past the limit is read (a stream may never end).
  std::string text;
  char buffer[1 << 16];
  while (text.size() <= json::kMaxBytes &&
         (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad())
    return absl::DataLossError(absl::StrCat(source, ": read error"));
  if (text.size() > json::kMaxBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": longer than ", json::kMaxBytes,
                     " bytes, the "
                     "limit for a JSON document (see docs/limits.md)"));
  }
  return ReadModelFromString(text, source);
}

std::ostream& WriteModel(std::ostream& out, const Model& model,
                         const ModelWriteOptions& options) {
  const std::string i1(options.indent, ' ');
  out << "{\n";
  WriteHeaderFields(out, model, i1);
  WriteEmbedding(out, model, i1);
  out << i1 << "\"layers\": [";
  for (size_t l = 0; l < model.layers.size(); ++l) {
    out << (l ? "," : "") << "\n";
    WriteLayer(out, model.layers[l], i1);
  }
  out << (model.layers.empty() ? "" : "\n" + i1) << "],\n";
  out << i1 << "\"readout\": {\"position\": "
      << json::Quote(ReadoutPositionName(model.readout.position))
      << ", \"weights\": " << VectorText(model.readout.weights)
      << ", \"bias\": " << NumberText(model.readout.bias) << "}\n";
  out << "}\n";
  return out;
}

std::string WriteModelToString(const Model& model,
                               const ModelWriteOptions& options) {
  std::ostringstream out;
  WriteModel(out, model, options);
  return out.str();
}

}  // namespace satcirc
