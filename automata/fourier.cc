#include "automata/fourier.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace satcirc::automata {
namespace {

// Transform over the low `bits` bits inside one contiguous block. Levels of
// stride < 8 and >= 8 are separated so that the inner loops vectorize.
inline void TransformBlock(std::int32_t* a, std::size_t size) {
  for (std::size_t h = 1; h < size; h <<= 1) {
    for (std::size_t base = 0; base < size; base += 2 * h) {
      std::int32_t* x = a + base;
      std::int32_t* y = x + h;
      for (std::size_t j = 0; j < h; ++j) {
        const std::int32_t u = x[j], v = y[j];
        x[j] = u + v;
        y[j] = u - v;
      }
    }
  }
}

// Column transform: `rows` rows of `width` contiguous values (one tile), rows
// `row_stride` apart in a buffer: butterflies between rows.
inline void TransformRows(std::int32_t* t, std::size_t rows, std::size_t width) {
  for (std::size_t h = 1; h < rows; h <<= 1) {
    for (std::size_t base = 0; base < rows; base += 2 * h) {
      for (std::size_t r = base; r < base + h; ++r) {
        std::int32_t* x = t + r * width;
        std::int32_t* y = x + h * width;
        for (std::size_t j = 0; j < width; ++j) {
          const std::int32_t u = x[j], v = y[j];
          x[j] = u + v;
          y[j] = u - v;
        }
      }
    }
  }
}

}  // namespace

void WalshHadamardTransformSimple(std::int32_t* values, std::size_t size) {
  TransformBlock(values, size);
}

void WalshHadamardTransform(std::int32_t* values, std::size_t size) {
  // View the array as a rows × cols matrix (row-major) with cols = 2^14 values
  // (64 KiB, fits in L2): H_size = H_rows ⊗ H_cols, so transform every row,
  // then every column. Columns are done 64 at a time (256 bytes of each row)
  // through a contiguous tile buffer of rows × 64 values.
  constexpr std::size_t kCols = std::size_t{1} << 14;
  constexpr std::size_t kTileWidth = 64;
  if (size <= kCols * 4) {
    TransformBlock(values, size);
    return;
  }
  const std::size_t rows = size / kCols;
  for (std::size_t r = 0; r < rows; ++r) TransformBlock(values + r * kCols, kCols);
  std::vector<std::int32_t> tile(rows * kTileWidth);
  for (std::size_t c = 0; c < kCols; c += kTileWidth) {
    for (std::size_t r = 0; r < rows; ++r) {
      std::copy_n(values + r * kCols + c, kTileWidth, tile.data() + r * kTileWidth);
    }
    TransformRows(tile.data(), rows, kTileWidth);
    for (std::size_t r = 0; r < rows; ++r) {
      std::copy_n(tile.data() + r * kTileWidth, kTileWidth, values + r * kCols + c);
    }
  }
}

FourierProfile ComputeFourierProfile(const std::vector<std::uint8_t>& table,
                                     int alphabet_size, int n) {
  FourierProfile profile;
  const std::size_t size = table.size();
  if (alphabet_size == 2) {
    profile.exact = true;
    std::vector<std::int32_t> values(size);
    for (std::size_t i = 0; i < size; ++i) values[i] = table[i] ? 1 : -1;
    WalshHadamardTransform(values.data(), size);
    // 2ⁿ·f̂(S) = values[S]; W_k = Σ_{|S|=k} values[S]² / 4ⁿ. Sums need up to
    // 2·n + n bits, so accumulate in 128 bits.
    std::vector<unsigned __int128> sums(n + 1, 0);
    for (std::size_t s = 0; s < size; ++s) {
      const std::int64_t v = values[s];
      sums[std::popcount(s)] += static_cast<unsigned __int128>(v * v);
    }
    mpz_class denominator = 1;
    denominator <<= 2 * n;
    profile.total_influence = 0;
    for (int k = 0; k <= n; ++k) {
      // Split the 128-bit sum into two 64-bit halves for GMP.
      mpz_class hi(static_cast<unsigned long>(sums[k] >> 64));
      mpz_class lo(static_cast<unsigned long>(static_cast<std::uint64_t>(sums[k])));
      mpq_class w(hi * (mpz_class(1) << 64) + lo, denominator);
      w.canonicalize();
      profile.total_influence += k * w;
      profile.weight_by_degree.push_back(w);
    }
    return profile;
  }
  // Orthonormal Helmert basis on one symbol (uniform measure): φ₀ = 1,
  // φⱼ(t) = c_j·([t < j] − j·[t = j]) with c_j = sqrt(q / (j(j+1))). The
  // coefficient map v ↦ (E_t v(t)φⱼ(t))ⱼ is applied along every position.
  const int q = alphabet_size;
  std::vector<double> basis(q * q, 0.0);  // basis[j*q + t] = φⱼ(t) / q
  for (int t = 0; t < q; ++t) basis[t] = 1.0 / q;
  for (int j = 1; j < q; ++j) {
    const double c = std::sqrt(static_cast<double>(q) / (j * (j + 1.0)));
    for (int t = 0; t < j; ++t) basis[j * q + t] = c / q;
    basis[j * q + j] = -j * c / q;
  }
  std::vector<double> values(size);
  for (std::size_t i = 0; i < size; ++i) values[i] = table[i] ? 1.0 : -1.0;
  std::vector<double> in(q), out(q);
  std::size_t stride = size;
  for (int i = 0; i < n; ++i) {
    stride /= q;
    const std::size_t block = stride * q;
    for (std::size_t base = 0; base < size; base += block) {
      for (std::size_t j = 0; j < stride; ++j) {
        for (int t = 0; t < q; ++t) in[t] = values[base + j + t * stride];
        for (int r = 0; r < q; ++r) {
          double acc = 0;
          for (int t = 0; t < q; ++t) acc += basis[r * q + t] * in[t];
          out[r] = acc;
        }
        for (int t = 0; t < q; ++t) values[base + j + t * stride] = out[t];
      }
    }
  }
  // Degree of a coefficient = number of nonzero base-q digits of its index.
  std::vector<double> weights(n + 1, 0.0);
  std::vector<int> digits(n, 0);
  int degree = 0;
  for (std::size_t s = 0; s < size; ++s) {
    weights[degree] += values[s] * values[s];
    // Odometer over digits, tracking the number of nonzero digits.
    for (int i = n - 1; i >= 0; --i) {
      if (digits[i] == 0) ++degree;
      if (++digits[i] < q) break;
      digits[i] = 0;
      --degree;
    }
  }
  double total = 0;
  for (int k = 0; k <= n; ++k) {
    profile.weight_by_degree.push_back(mpq_class(weights[k]));
    total += k * weights[k];
  }
  profile.total_influence = mpq_class(total);
  return profile;
}

}  // namespace satcirc::automata
