// The trainable network of lib/train (LibTorch): the float:1 semantics of a
// satcirc-model/1 file with softmax heads (docs/semantics.md), in float64, so
// that the exported model file runs under `--engine float:1` as trained.
#ifndef SATCIRC_LIB_TRAIN_NET_H_
#define SATCIRC_LIB_TRAIN_NET_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "lib/model/model.h"
#include "lib/train/train.h"

namespace satcirc::train {

class NetImpl : public torch::nn::Module {
 public:
  // Parameters initialized from torch's global generator (seed it first).
  NetImpl(const Architecture& architecture, const automata::Alphabet& alphabet);

  // tokens: [batch, n] symbol indices (no BOS or EOS). Returns y [batch].
  // With `saturation`, also one entry per head (layer by layer): the mean of
  // ‖softmax row − ζ‖₁ over the batch and positions. Without it, the last
  // layer is computed at the readout's position only (the same y).
  torch::Tensor forward(const torch::Tensor& tokens,
                        std::vector<double>* saturation = nullptr);

  // The network as a model file (every weight the exact rational of its
  // double).
  Model ToModel(const std::string& name, const std::string& description) const;

  std::vector<std::string> HeadNames() const;

 private:
  struct HeadParams {
    torch::Tensor wq, wk, wv, wo;
  };
  struct MlpParams {
    torch::Tensor w1, b1, w2, b2;
  };
  torch::Tensor Embed(const torch::Tensor& tokens) const;
  // The head's output at the rows of `queries` (all positions of `a`, or
  // the last one), keys and values from every position of `a`.
  torch::Tensor Attention(const torch::Tensor& queries, const torch::Tensor& a,
                          const HeadParams& head, const torch::Tensor& allowed,
                          std::vector<double>* saturation) const;
  torch::Tensor Norm(const torch::Tensor& x) const;

  Architecture arch_;
  automata::Alphabet alphabet_;
  torch::Tensor embedding_;  // [tokens, d]
  std::vector<std::vector<HeadParams>> heads_;
  std::vector<MlpParams> mlps_;
  torch::Tensor readout_w_, readout_b_;
};
TORCH_MODULE(Net);

// Words of one length as NetImpl::forward's input: [words, n] symbol indices
// (the network adds BOS and EOS itself).
torch::Tensor EncodeWords(const std::vector<automata::Word>& words);

// ‖softmax row − ζ‖₁ averaged over the rows: w and s are [.., N, N] weights
// and scores (−inf outside the mask); ζ is uniform over the scores within
// 10⁻⁹·(1 + |max|) of the row's maximum.
double MeanSaturationDistance(const torch::Tensor& weights,
                              const torch::Tensor& scores);

}  // namespace satcirc::train

#endif  // SATCIRC_LIB_TRAIN_NET_H_
