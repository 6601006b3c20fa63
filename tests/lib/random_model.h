// Seeded random models for the differential tests (tests only).
#ifndef SATCIRC_TESTS_LIB_RANDOM_MODEL_H_
#define SATCIRC_TESTS_LIB_RANDOM_MODEL_H_

#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "automata/alphabet.h"
#include "lib/model/model.h"

namespace satcirc::testing {

inline Rational RandomWeight(std::mt19937_64& rng) {
  static const Rational kChoices[] = {0,
                                      0,
                                      0,
                                      0,
                                      1,
                                      -1,
                                      2,
                                      -2,
                                      Rational(1, 2),
                                      Rational(-1, 3),
                                      Rational(3, 4)};
  return kChoices[rng() % std::size(kChoices)];
}

inline Matrix RandomMatrix(std::mt19937_64& rng, int rows, int cols) {
  Matrix m(rows, cols);
  for (Rational& r : m.data) r = RandomWeight(rng);
  return m;
}

inline Model RandomModel(std::mt19937_64& rng) {
  Model m;
  m.name = "random";
  m.alphabet = *automata::Alphabet::FromSymbols(rng() % 2 ? "ab" : "abc");
  m.bos = rng() % 2;
  m.eos = rng() % 3 == 0;
  const int d = 2 + static_cast<int>(rng() % 3);
  for (int f = 0; f < d; ++f) m.features.push_back("f" + std::to_string(f));
  m.token_embedding = RandomMatrix(rng, m.num_tokens(), d);
  const int npos = static_cast<int>(rng() % 3);
  for (int i = 0; i < npos; ++i) {
    m.positional.push_back(
        {static_cast<int>(rng() % d),
         kAllPositionalFunctions[rng() % std::size(kAllPositionalFunctions)]});
  }
  const int layers = 1 + static_cast<int>(rng() % 2);
  for (int l = 0; l < layers; ++l) {
    Layer layer;
    const int heads = 1 + static_cast<int>(rng() % 2);
    for (int h = 0; h < heads; ++h) {
      Head head;
      head.mode = static_cast<AttentionMode>(
          rng() % 3);  // saturated, hard_left, hard_right
      head.mask = static_cast<Mask>(rng() % 4);  // none … future
      const int dk = static_cast<int>(rng() % 3),
                dv = 1 + static_cast<int>(rng() % 2);
      head.w_q = RandomMatrix(rng, dk, d);
      head.w_k = RandomMatrix(rng, dk, d);
      head.w_v = RandomMatrix(rng, dv, d);
      head.w_o = RandomMatrix(rng, d, dv);
      layer.heads.push_back(head);
    }
    const int hidden = static_cast<int>(rng() % 3);
    layer.mlp.w1 = RandomMatrix(rng, hidden, d);
    for (int i = 0; i < hidden; ++i) layer.mlp.b1.push_back(RandomWeight(rng));
    layer.mlp.w2 = RandomMatrix(rng, d, hidden);
    if (rng() % 2) {
      for (int f = 0; f < d; ++f) layer.mlp.b2.push_back(RandomWeight(rng));
    }
    m.layers.push_back(layer);
  }
  m.readout.position =
      static_cast<ReadoutPosition>(rng() % 2);  // first or last
  for (int f = 0; f < d; ++f) m.readout.weights.push_back(RandomWeight(rng));
  m.readout.bias = RandomWeight(rng);
  return m;
}

// Every word of length <= max_len, in length-then-lexicographic order.
inline std::vector<automata::Word> AllWords(int k, int max_len) {
  std::vector<automata::Word> words = {{}};
  for (size_t i = 0; i < words.size(); ++i) {
    if (static_cast<int>(words[i].size()) == max_len) continue;
    for (int s = 0; s < k; ++s) {
      automata::Word w = words[i];
      w.push_back(static_cast<automata::Symbol>(s));
      words.push_back(w);
    }
  }
  return words;
}

// Models whose heads take the fast attention paths: queries or keys read few
// features, often constant positional ones.
inline Model StructuredRandomModel(std::mt19937_64& rng) {
  Model m = RandomModel(rng);
  const int d = m.dim();
  for (Layer& layer : m.layers) {
    for (Head& head : layer.heads) {
      const int dk = 1 + static_cast<int>(rng() % 2);
      head.w_q = Matrix(dk, d);
      head.w_k = Matrix(dk, d);
      // Queries: from one feature (often constant or one-varying); keys from
      // one or two.
      const int qf = static_cast<int>(rng() % d);
      for (int r = 0; r < dk; ++r) {
        head.w_q.at(r, rng() % 2 ? qf : static_cast<int>(rng() % d)) =
            RandomWeight(rng);
        head.w_k.at(r, static_cast<int>(rng() % d)) =
            1 + static_cast<int>(rng() % 2);
      }
    }
  }
  // A constant feature makes constant queries likely.
  m.positional.push_back({0, PositionalFunction::kConstant});
  return m;
}

// A trained network rounded to the grid 2^-bits: every weight k / 2^bits with
// |k| ≤ 3 · 2^(bits−1), dense, in `layers` layers of two heads (saturated or
// hard, causal or not) and a four-unit MLP, over token and position
// features. Its second layer's values have denominators near 2^(5 · bits):
// past int64, within 128 bits.
inline Model GridRandomModel(std::mt19937_64& rng, int bits, int layers) {
  const std::int64_t scale = std::int64_t{1} << bits;
  const auto weight = [&] {
    const auto k =
        static_cast<std::int64_t>(rng() % (3 * scale + 1)) - 3 * scale / 2;
    return Rational(k, scale);
  };
  const auto matrix = [&](int rows, int cols) {
    Matrix out(rows, cols);
    for (Rational& r : out.data) r = weight();
    return out;
  };
  Model m;
  m.name = "grid";
  m.alphabet = *automata::Alphabet::FromSymbols("ab");
  m.bos = true;
  const int d = 4;
  for (int f = 0; f < d; ++f) m.features.push_back("f" + std::to_string(f));
  m.token_embedding = matrix(m.num_tokens(), d);
  m.positional.push_back({0, PositionalFunction::kPositionFraction});
  m.positional.push_back({1, PositionalFunction::kIsLast});
  for (int l = 0; l < layers; ++l) {
    Layer layer;
    for (int h = 0; h < 2; ++h) {
      Head head;
      head.mode = static_cast<AttentionMode>(rng() % 3);
      head.mask = static_cast<Mask>(rng() % 2);  // none or causal
      head.w_q = matrix(2, d);
      head.w_k = matrix(2, d);
      head.w_v = matrix(2, d);
      head.w_o = matrix(d, 2);
      layer.heads.push_back(head);
    }
    layer.mlp.w1 = matrix(4, d);
    for (int i = 0; i < 4; ++i) layer.mlp.b1.push_back(weight());
    layer.mlp.w2 = matrix(d, 4);
    for (int f = 0; f < d; ++f) layer.mlp.b2.push_back(weight());
    m.layers.push_back(layer);
  }
  m.readout.position = ReadoutPosition::kLast;
  for (int f = 0; f < d; ++f) m.readout.weights.push_back(weight());
  m.readout.bias = weight();
  return m;
}

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_RANDOM_MODEL_H_
