#include "automata/fourier.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>

namespace satcirc::automata {
namespace {

// The hot loops are compiled for AVX-512, AVX2 and the baseline, chosen at run
// time (GCC function multiversioning), so that a generic build still uses the
// machine's vector width.
#define SATCIRC_VECTOR_CLONES \
  __attribute__((target_clones("avx512f", "avx2", "default")))

// Sixteen int32 lanes (GCC vector extension; lowered to narrower vectors where
// the target has none this wide).
typedef std::int32_t V16 __attribute__((vector_size(64)));

// Radix-2 levels h = 1, 2, 4, 8 inside one 16-value vector: the partner of lane
// i is lane i ^ h; lanes with bit h set take (partner − self), the others
// (self + partner).
__attribute__((always_inline)) inline V16 LowLevels(V16 v) {
  const V16 lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  {
    const V16 p = __builtin_shuffle(v, lane ^ 1);
    v = (lane & 1) ? p - v : v + p;
  }
  {
    const V16 p = __builtin_shuffle(v, lane ^ 2);
    v = (lane & 2) ? p - v : v + p;
  }
  {
    const V16 p = __builtin_shuffle(v, lane ^ 4);
    v = (lane & 4) ? p - v : v + p;
  }
  {
    const V16 p = __builtin_shuffle(v, lane ^ 8);
    v = (lane & 8) ? p - v : v + p;
  }
  return v;
}

// Levels of span L, 2L and 4L at once (radix 8) over `size` values: the
// butterflies pair values L, 2L and 4L apart. Three levels per pass over the
// data cut the loads and stores of radix 2 by three. L is a multiple of 16,
// so the loop runs over whole V16 vectors.
__attribute__((always_inline)) inline V16 Load(const std::int32_t* p) {
  V16 v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
__attribute__((always_inline)) inline void Store(std::int32_t* p, V16 v) {
  std::memcpy(p, &v, sizeof(v));
}

__attribute__((always_inline)) inline void Radix8Levels(std::int32_t* a,
                                                        std::size_t size,
                                                        std::size_t span) {
  for (std::size_t base = 0; base < size; base += 8 * span) {
    std::int32_t* x = a + base;
    for (std::size_t j = 0; j < span; j += 16) {
      const V16 v0 = Load(x + j), v1 = Load(x + span + j);
      const V16 v2 = Load(x + 2 * span + j), v3 = Load(x + 3 * span + j);
      const V16 v4 = Load(x + 4 * span + j), v5 = Load(x + 5 * span + j);
      const V16 v6 = Load(x + 6 * span + j), v7 = Load(x + 7 * span + j);
      const V16 a0 = v0 + v1, a1 = v0 - v1, a2 = v2 + v3, a3 = v2 - v3;
      const V16 a4 = v4 + v5, a5 = v4 - v5, a6 = v6 + v7, a7 = v6 - v7;
      const V16 b0 = a0 + a2, b1 = a1 + a3, b2 = a0 - a2, b3 = a1 - a3;
      const V16 b4 = a4 + a6, b5 = a5 + a7, b6 = a4 - a6, b7 = a5 - a7;
      Store(x + j, b0 + b4);
      Store(x + span + j, b1 + b5);
      Store(x + 2 * span + j, b2 + b6);
      Store(x + 3 * span + j, b3 + b7);
      Store(x + 4 * span + j, b0 - b4);
      Store(x + 5 * span + j, b1 - b5);
      Store(x + 6 * span + j, b2 - b6);
      Store(x + 7 * span + j, b3 - b7);
    }
  }
}

__attribute__((always_inline)) inline void Radix4Levels(std::int32_t* a,
                                                        std::size_t size,
                                                        std::size_t span) {
  for (std::size_t base = 0; base < size; base += 4 * span) {
    std::int32_t* x = a + base;
    for (std::size_t j = 0; j < span; j += 16) {
      const V16 v0 = Load(x + j), v1 = Load(x + span + j);
      const V16 v2 = Load(x + 2 * span + j), v3 = Load(x + 3 * span + j);
      const V16 a0 = v0 + v1, a1 = v0 - v1, a2 = v2 + v3, a3 = v2 - v3;
      Store(x + j, a0 + a2);
      Store(x + span + j, a1 + a3);
      Store(x + 2 * span + j, a0 - a2);
      Store(x + 3 * span + j, a1 - a3);
    }
  }
}

__attribute__((always_inline)) inline void Radix2Level(std::int32_t* a,
                                                       std::size_t size,
                                                       std::size_t span) {
  for (std::size_t base = 0; base < size; base += 2 * span) {
    std::int32_t* __restrict x = a + base;
    std::int32_t* __restrict y = x + span;
    for (std::size_t j = 0; j < span; ++j) {
      const std::int32_t u = x[j], v = y[j];
      x[j] = u + v;
      y[j] = u - v;
    }
  }
}

// All levels of span first_span ... size/2 over `size` contiguous values,
// three at a time where possible.
__attribute__((always_inline)) inline void LevelsFrom(std::int32_t* a,
                                                      std::size_t size,
                                                      std::size_t first_span) {
  std::size_t span = first_span;
  for (; 8 * span <= size; span *= 8) Radix8Levels(a, size, span);
  if (4 * span <= size) {
    Radix4Levels(a, size, span);
  } else if (2 * span <= size) {
    Radix2Level(a, size, span);
  }
}

// The whole transform of one contiguous block of size >= 16: levels 1 ... 8
// within vectors, then the rest as rows of 16 values.
SATCIRC_VECTOR_CLONES
void TransformBlock(std::int32_t* a, std::size_t size) {
  for (std::size_t i = 0; i < size; i += 16) {
    V16 v;
    std::memcpy(&v, a + i, sizeof(v));
    v = LowLevels(v);
    std::memcpy(a + i, &v, sizeof(v));
  }
  LevelsFrom(a, size, 16);
}

// Column transform of a tile: `rows` contiguous rows of `width` values.
SATCIRC_VECTOR_CLONES
void TransformTile(std::int32_t* tile, std::size_t rows, std::size_t width) {
  LevelsFrom(tile, rows * width, width);
}

// popcount of 0 ... 4095.
const std::array<std::uint8_t, 4096> kPopcount12 = [] {
  std::array<std::uint8_t, 4096> t{};
  for (int i = 1; i < 4096; ++i)
    t[i] = static_cast<std::uint8_t>(t[i >> 1] + (i & 1));
  return t;
}();

}  // namespace

void WalshHadamardTransformSimple(std::int32_t* values, std::size_t size) {
  for (std::size_t h = 1; h < size; h <<= 1) {
    for (std::size_t base = 0; base < size; base += 2 * h) {
      for (std::size_t j = base; j < base + h; ++j) {
        const std::int32_t u = values[j], v = values[j + h];
        values[j] = u + v;
        values[j + h] = u - v;
      }
    }
  }
}

void WalshHadamardTransform(std::int32_t* values, std::size_t size) {
  if (size < 16) {
    WalshHadamardTransformSimple(values, size);
    return;
  }
  // View the array as a rows × cols matrix (row-major) with cols = 2^14 values
  // (64 KiB, well inside L2): H_size = H_rows ⊗ H_cols, so transform every
  // row, then every column. Columns are done 64 at a time (256 bytes of each
  // row) through a contiguous tile of rows × 64 values that stays in L2. Large
  // arrays thus take two passes over memory.
  constexpr std::size_t kCols = std::size_t{1} << 14;
  constexpr std::size_t kTileWidth = 64;
  if (size <= kCols * 4) {
    TransformBlock(values, size);
    return;
  }
  const std::size_t rows = size / kCols;
  for (std::size_t r = 0; r < rows; ++r)
    TransformBlock(values + r * kCols, kCols);
  std::vector<std::int32_t> tile(rows * kTileWidth);
  for (std::size_t c = 0; c < kCols; c += kTileWidth) {
    for (std::size_t r = 0; r < rows; ++r) {
      std::memcpy(tile.data() + r * kTileWidth, values + r * kCols + c,
                  kTileWidth * sizeof(std::int32_t));
      // The rows of the next tile are scattered over as many pages; ask for
      // them a tile ahead (into L2) so that the next gather waits less.
      if (c + kTileWidth < kCols) {
        const std::int32_t* next = values + r * kCols + c + kTileWidth;
        for (std::size_t b = 0; b < kTileWidth * sizeof(std::int32_t);
             b += 64) {
          __builtin_prefetch(reinterpret_cast<const char*>(next) + b, 1, 2);
        }
      }
    }
    TransformTile(tile.data(), rows, kTileWidth);
    for (std::size_t r = 0; r < rows; ++r) {
      std::memcpy(values + r * kCols + c, tile.data() + r * kTileWidth,
                  kTileWidth * sizeof(std::int32_t));
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
    // Chunks of 2^12 squares (each <= 2^48) fit in 64 bits.
    std::vector<unsigned __int128> sums(n + 1, 0);
    std::vector<std::uint64_t> chunk(n + 1, 0);
    for (std::size_t begin = 0; begin < size; begin += 4096) {
      const std::size_t end = std::min(size, begin + 4096);
      // popcount(s) = popcount(high bits) + popcount(low 12 bits), the latter
      // from a table (no popcnt instruction in the baseline target).
      const int high = std::popcount(begin);
      for (std::size_t s = begin; s < end; ++s) {
        const std::int64_t v = values[s];
        chunk[high + kPopcount12[s - begin]] +=
            static_cast<std::uint64_t>(v * v);
      }
      for (int k = 0; k <= n; ++k) {
        sums[k] += chunk[k];
        chunk[k] = 0;
      }
    }
    mpz_class denominator = 1;
    denominator <<= 2 * n;
    profile.total_influence = 0;
    for (int k = 0; k <= n; ++k) {
      // Split the 128-bit sum into two 64-bit halves for GMP.
      mpz_class hi(static_cast<unsigned long>(sums[k] >> 64));
      mpz_class lo(
          static_cast<unsigned long>(static_cast<std::uint64_t>(sums[k])));
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
