#include "lib/train/net.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace satcirc::train {
namespace {

constexpr auto kDouble = torch::kFloat64;

// U(−1/√fan_in, 1/√fan_in), as torch.nn.Linear initializes its weights.
torch::Tensor Uniform(int rows, int cols) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(cols));
  return torch::empty({rows, cols}, kDouble).uniform_(-bound, bound);
}

Rational Exact(double v) { return Rational(mpq_class(v)); }

Matrix ToMatrix(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().contiguous();
  Matrix m(static_cast<int>(c.size(0)), static_cast<int>(c.size(1)));
  const double* data = c.data_ptr<double>();
  for (size_t i = 0; i < m.data.size(); ++i) m.data[i] = Exact(data[i]);
  return m;
}

Vector ToVector(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().contiguous();
  Vector v(static_cast<size_t>(c.numel()));
  const double* data = c.data_ptr<double>();
  for (size_t i = 0; i < v.size(); ++i) v[i] = Exact(data[i]);
  return v;
}

// [N, N] bool: the keys q each position p may attend to.
torch::Tensor Allowed(Mask mask, int total) {
  if (mask == Mask::kNone) return torch::ones({total, total}, torch::kBool);
  return torch::ones({total, total}, torch::kBool).tril();  // causal: q ≤ p
}

}  // namespace

NetImpl::NetImpl(const Architecture& architecture,
                 const automata::Alphabet& alphabet)
    : arch_(architecture), alphabet_(alphabet) {
  const int d = arch_.dim();
  const int tokens = alphabet.size() + (arch_.bos ? 1 : 0) + 1;
  embedding_ =
      register_parameter("embedding", torch::randn({tokens, d}, kDouble));
  for (int l = 0; l < arch_.layers; ++l) {
    std::vector<HeadParams>& layer = heads_.emplace_back();
    for (int h = 0; h < arch_.heads; ++h) {
      const std::string p = absl::StrCat("L", l + 1, "H", h + 1, "_");
      HeadParams head;
      head.wq = register_parameter(p + "W_Q", Uniform(arch_.head_dim, d));
      head.wk = register_parameter(p + "W_K", Uniform(arch_.head_dim, d));
      head.wv = register_parameter(p + "W_V", Uniform(arch_.head_dim, d));
      head.wo = register_parameter(p + "W_O", Uniform(d, arch_.head_dim));
      layer.push_back(std::move(head));
    }
    MlpParams mlp;
    if (arch_.mlp_width > 0) {
      const std::string p = absl::StrCat("L", l + 1, "_");
      mlp.w1 = register_parameter(p + "W1", Uniform(arch_.mlp_width, d));
      mlp.b1 = register_parameter(p + "b1",
                                  torch::zeros({arch_.mlp_width}, kDouble));
      mlp.w2 = register_parameter(p + "W2", Uniform(d, arch_.mlp_width));
      mlp.b2 = register_parameter(p + "b2", torch::zeros({d}, kDouble));
    }
    mlps_.push_back(std::move(mlp));
  }
  readout_w_ = register_parameter("readout_w", Uniform(1, d).reshape({d}));
  readout_b_ = register_parameter("readout_b", torch::zeros({1}, kDouble));
}

std::vector<std::string> NetImpl::HeadNames() const {
  std::vector<std::string> names;
  for (int l = 0; l < arch_.layers; ++l) {
    for (int h = 0; h < arch_.heads; ++h) {
      names.push_back(absl::StrCat("L", l + 1, "H", h + 1));
    }
  }
  return names;
}

torch::Tensor NetImpl::Embed(const torch::Tensor& tokens) const {
  const int64_t batch = tokens.size(0);
  std::vector<torch::Tensor> parts;
  const int64_t bos = alphabet_.size(), eos = bos + (arch_.bos ? 1 : 0);
  if (arch_.bos) parts.push_back(torch::full({batch, 1}, bos, torch::kLong));
  parts.push_back(tokens);
  parts.push_back(torch::full({batch, 1}, eos, torch::kLong));
  const torch::Tensor ids = torch::cat(parts, 1);
  const int total = static_cast<int>(ids.size(1));
  torch::Tensor x = embedding_.index({ids});  // [batch, N, d]
  if (arch_.positional.empty()) return x;
  // The catalogue's exact values, rounded once to double, in their own
  // columns after the learned ones.
  const int d = arch_.dim();
  torch::Tensor pos = torch::zeros({total, d}, kDouble);
  auto acc = pos.accessor<double, 2>();
  for (int p = 0; p < total; ++p) {
    for (size_t i = 0; i < arch_.positional.size(); ++i) {
      acc[p][arch_.width + static_cast<int>(i)] =
          EvaluatePositional(arch_.positional[i], p, total).ToDouble();
    }
  }
  return x + pos;
}

torch::Tensor NetImpl::Norm(const torch::Tensor& x) const {
  const torch::Tensor mean = x.mean(-1, true);
  const torch::Tensor var = (x - mean).pow(2).mean(-1, true);
  return (x - mean) / torch::sqrt(var + 1e-5);
}

torch::Tensor NetImpl::Attention(const torch::Tensor& queries,
                                 const torch::Tensor& a, const HeadParams& head,
                                 const torch::Tensor& allowed,
                                 std::vector<double>* saturation) const {
  const torch::Tensor q = torch::matmul(queries, head.wq.t());
  const torch::Tensor k = torch::matmul(a, head.wk.t());
  const torch::Tensor s =
      torch::matmul(q, k.transpose(1, 2))
          .masked_fill(allowed.logical_not(),
                       -std::numeric_limits<double>::infinity());
  const torch::Tensor w = torch::softmax(s, -1);
  if (saturation != nullptr) {
    saturation->push_back(MeanSaturationDistance(w, s));
  }
  const torch::Tensor v = torch::matmul(a, head.wv.t());
  return torch::matmul(torch::matmul(w, v), head.wo.t());
}

torch::Tensor NetImpl::forward(const torch::Tensor& tokens,
                               std::vector<double>* saturation) {
  torch::Tensor x = Embed(tokens);
  const int total = static_cast<int>(x.size(1));
  const torch::Tensor allowed = Allowed(arch_.mask, total);
  const bool pre = arch_.layer_norm == LayerNormPlacement::kPre;
  const bool post = arch_.layer_norm == LayerNormPlacement::kPost;
  // Only the readout's position matters after the last layer: without
  // statistics to gather, its attention is computed for that query alone
  // (O(N) instead of O(N²)); the EOS row of either mask sees every key.
  const bool last_row_only = saturation == nullptr;
  for (int l = 0; l < arch_.layers; ++l) {
    const bool last = last_row_only && l + 1 == arch_.layers;
    const torch::Tensor a = pre ? Norm(x) : x;
    const torch::Tensor queries = last ? a.narrow(1, total - 1, 1) : a;
    const torch::Tensor mask = last ? allowed.narrow(0, total - 1, 1) : allowed;
    torch::Tensor out = last ? x.narrow(1, total - 1, 1) : x;
    for (const HeadParams& head : heads_[l]) {
      out = out + Attention(queries, a, head, mask, saturation);
    }
    x = post ? Norm(out) : out;
    const MlpParams& mlp = mlps_[l];
    if (!mlp.w1.defined()) continue;
    const torch::Tensor in = pre ? Norm(x) : x;
    const torch::Tensor hidden =
        torch::relu(torch::matmul(in, mlp.w1.t()) + mlp.b1);
    x = x + torch::matmul(hidden, mlp.w2.t()) + mlp.b2;
    if (post) x = Norm(x);
  }
  torch::Tensor y = x.select(1, x.size(1) - 1);
  if (pre) y = Norm(y);
  return torch::matmul(y, readout_w_) + readout_b_;
}

Model NetImpl::ToModel(const std::string& name,
                       const std::string& description) const {
  Model m;
  m.name = name;
  m.description = description;
  m.alphabet = alphabet_;
  m.bos = arch_.bos;
  m.eos = true;
  for (int i = 0; i < arch_.width; ++i)
    m.features.push_back(absl::StrCat("h", i + 1));
  for (size_t i = 0; i < arch_.positional.size(); ++i) {
    m.features.emplace_back(PositionalFunctionName(arch_.positional[i]));
    m.positional.push_back({.feature = arch_.width + static_cast<int>(i),
                            .function = arch_.positional[i]});
  }
  m.token_embedding = ToMatrix(embedding_);
  for (int l = 0; l < arch_.layers; ++l) {
    Layer& layer = m.layers.emplace_back();
    for (int h = 0; h < arch_.heads; ++h) {
      const HeadParams& p = heads_[l][h];
      layer.heads.push_back({.name = absl::StrCat("L", l + 1, "H", h + 1),
                             .mask = arch_.mask,
                             .mode = AttentionMode::kSoftmax,
                             .scale = 1,
                             .w_q = ToMatrix(p.wq),
                             .w_k = ToMatrix(p.wk),
                             .w_v = ToMatrix(p.wv),
                             .w_o = ToMatrix(p.wo)});
    }
    const MlpParams& mlp = mlps_[l];
    if (mlp.w1.defined()) {
      layer.mlp = {.w1 = ToMatrix(mlp.w1),
                   .b1 = ToVector(mlp.b1),
                   .w2 = ToMatrix(mlp.w2),
                   .b2 = ToVector(mlp.b2)};
    } else {
      layer.mlp.w1 = Matrix(0, arch_.dim());
      layer.mlp.w2 = Matrix(arch_.dim(), 0);
    }
  }
  m.readout = {.position = ReadoutPosition::kEos,
               .weights = ToVector(readout_w_),
               .bias = Exact(readout_b_.item<double>())};
  m.layer_norm.placement = arch_.layer_norm;
  return m;
}

torch::Tensor EncodeWords(const std::vector<automata::Word>& words) {
  const int64_t n = words.empty() ? 0 : static_cast<int64_t>(words[0].size());
  torch::Tensor t =
      torch::empty({static_cast<int64_t>(words.size()), n}, torch::kLong);
  auto acc = t.accessor<int64_t, 2>();
  for (size_t i = 0; i < words.size(); ++i) {
    for (int64_t j = 0; j < n; ++j) acc[i][j] = words[i][j];
  }
  return t;
}

double MeanSaturationDistance(const torch::Tensor& weights,
                              const torch::Tensor& scores) {
  torch::NoGradGuard no_grad;
  const torch::Tensor s = scores.detach();
  const torch::Tensor best = std::get<0>(s.max(-1, true));
  const torch::Tensor ties =
      (s >= best - 1e-9 * (1 + best.abs())) & torch::isfinite(s);
  const torch::Tensor t = ties.to(kDouble);
  const torch::Tensor zeta = t / t.sum(-1, true);
  return (weights.detach() - zeta).abs().sum(-1).mean().item<double>();
}

}  // namespace satcirc::train
