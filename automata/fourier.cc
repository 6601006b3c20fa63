#include "automata/fourier.h"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <thread>

#include "automata/simd.h"

namespace satcirc::automata {
namespace {

using internal::Load;
using internal::Store;
using internal::V16;

// The hot loops are compiled for AVX-512, AVX2 and the baseline, chosen at run
// time (GCC function multiversioning), so that a generic build still uses the
// machine's vector width.
#define SATCIRC_VECTOR_CLONES \
  __attribute__((target_clones("avx512f", "avx2", "default")))

// Sixteen int32 lanes (GCC vector extension; lowered to narrower vectors where
// the target has none this wide).

// Eight int32 lanes: the halves of a V16. Shuffles are written on these, as
// GCC lowers shuffles of the 64-byte type lane by lane through memory where
// the target has no 64-byte vectors (the AVX2 clone was 10× slower so).
typedef std::int32_t V8 __attribute__((vector_size(32)));

// Radix-2 levels h = 1, 2, 4 inside one 8-value vector: the partner of lane i
// is lane i ^ h; lanes with bit h set take (partner − self), the others
// (self + partner).
__attribute__((always_inline)) inline V8 LowLevels8(V8 v) {
  const V8 lane = {0, 1, 2, 3, 4, 5, 6, 7};
  {
    const V8 p = __builtin_shuffle(v, lane ^ 1);
    v = (lane & 1) ? p - v : v + p;
  }
  {
    const V8 p = __builtin_shuffle(v, lane ^ 2);
    v = (lane & 2) ? p - v : v + p;
  }
  {
    const V8 p = __builtin_shuffle(v, lane ^ 4);
    v = (lane & 4) ? p - v : v + p;
  }
  return v;
}

// Levels h = 1, 2, 4, 8 of 16 values: h <= 4 within each half, h = 8 between
// the halves.
__attribute__((always_inline)) inline void LowLevels16(std::int32_t* a) {
  V8 lo, hi;
  std::memcpy(&lo, a, sizeof(lo));
  std::memcpy(&hi, a + 8, sizeof(hi));
  lo = LowLevels8(lo);
  hi = LowLevels8(hi);
  const V8 sum = lo + hi, difference = lo - hi;
  std::memcpy(a, &sum, sizeof(sum));
  std::memcpy(a + 8, &difference, sizeof(difference));
}

// One butterfly column of a radix-2^M pass: the 16-value vectors at x + j +
// i·span, i < 2^M.
template <int M>
__attribute__((always_inline)) inline void RadixColumn(std::int32_t* x,
                                                       std::size_t span,
                                                       std::size_t j) {
  if constexpr (M == 3) {
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
  } else if constexpr (M == 2) {
    const V16 v0 = Load(x + j), v1 = Load(x + span + j);
    const V16 v2 = Load(x + 2 * span + j), v3 = Load(x + 3 * span + j);
    const V16 a0 = v0 + v1, a1 = v0 - v1, a2 = v2 + v3, a3 = v2 - v3;
    Store(x + j, a0 + a2);
    Store(x + span + j, a1 + a3);
    Store(x + 2 * span + j, a0 - a2);
    Store(x + 3 * span + j, a1 - a3);
  } else {
    static_assert(M == 1);
    const V16 v0 = Load(x + j), v1 = Load(x + span + j);
    Store(x + j, v0 + v1);
    Store(x + span + j, v0 - v1);
  }
}

// One radix-2^M pass: the M levels of span `span`, 2·span, ..., 2^(M−1)·span at
// once, so that the values are loaded and stored once per M levels. Butterfly
// column q (of size / 2^M) holds the 2^M values base + j + i·span, i < 2^M,
// where j = q mod span and base = (q / span)·2^M·span; only columns
// [q_begin, q_end) are done, so that threads can share a pass. `span`,
// q_begin and q_end are multiples of 16.
//
// With kDescending, the columns are taken from the last to the first. The
// last pass over memory runs so: it then starts with the values the passes
// before it touched last, some of which are still in L3 (saves 0.2–0.3 ms of
// the 2.7 ms of the last pass at 2^24 on one thread). Runs of 4096 columns
// taken in descending order, each ascending, were slower (about 13 ms in all
// rather than 10): they defeat the hardware prefetcher.
template <int M, bool kDescending = false>
__attribute__((always_inline)) inline void RadixPass(std::int32_t* a,
                                                     std::size_t span,
                                                     std::size_t q_begin,
                                                     std::size_t q_end) {
  if constexpr (kDescending) {
    // Only the last pass runs so: its columns form one row (j = q).
    assert(q_end <= span);
    for (std::size_t j = q_end; j > q_begin;) {
      j -= 16;
      RadixColumn<M>(a, span, j);
    }
    return;
  }
  for (std::size_t q = q_begin; q < q_end;) {
    const std::size_t j_begin = q % span;
    const std::size_t j_end = std::min(span, j_begin + (q_end - q));
    std::int32_t* x = a + (q / span) * (span << M);
    for (std::size_t j = j_begin; j < j_end; j += 16) {
      RadixColumn<M>(x, span, j);
    }
    q += j_end - j_begin;
  }
}

// The radix (log2) for the next pass from `span` over `size` values: three
// levels at a time while they fit.
int NextRadix(std::size_t size, std::size_t span) {
  return 8 * span <= size ? 3 : 4 * span <= size ? 2 : 1;
}

// All levels of span first_span ... size/2 over `size` contiguous values.
__attribute__((always_inline)) inline void LevelsFrom(std::int32_t* a,
                                                      std::size_t size,
                                                      std::size_t first_span) {
  for (std::size_t span = first_span; span < size;) {
    const int m = NextRadix(size, span);
    if (m == 3) {
      RadixPass<3>(a, span, 0, size >> 3);
    } else if (m == 2) {
      RadixPass<2>(a, span, 0, size >> 2);
    } else {
      RadixPass<1>(a, span, 0, size >> 1);
    }
    span <<= m;
  }
}

// The whole transform of one contiguous block of size >= 16: the levels of
// span 1, 2, 4, 8 within vectors, then the rest as rows of 16 values.
SATCIRC_VECTOR_CLONES
void TransformBlock(std::int32_t* a, std::size_t size) {
  for (std::size_t i = 0; i < size; i += 16) LowLevels16(a + i);
  LevelsFrom(a, size, 16);
}

// Columns [q_begin, q_end) of one radix-2^m pass of span >= 16 (see
// RadixPass).
SATCIRC_VECTOR_CLONES
void StreamingPass(std::int32_t* a, int m, std::size_t span,
                   std::size_t q_begin, std::size_t q_end) {
  if (m == 3) {
    RadixPass<3>(a, span, q_begin, q_end);
  } else if (m == 2) {
    RadixPass<2>(a, span, q_begin, q_end);
  } else {
    RadixPass<1>(a, span, q_begin, q_end);
  }
}

// The same, columns in descending order (see RadixPass).
SATCIRC_VECTOR_CLONES
void DescendingPass(std::int32_t* a, int m, std::size_t span,
                    std::size_t q_begin, std::size_t q_end) {
  if (m == 3) {
    RadixPass<3, true>(a, span, q_begin, q_end);
  } else if (m == 2) {
    RadixPass<2, true>(a, span, q_begin, q_end);
  } else {
    RadixPass<1, true>(a, span, q_begin, q_end);
  }
}

// AVX-512 kernels (intrinsics, chosen at run time when the CPU has AVX-512F):
// the levels of span 1 ... 128 of 256 values at once in 16 registers, and the
// levels of span 1 ... 8 inside a register with one shuffle and two
// additions each (GCC lowers the portable form to about twice that). About
// 1.6× faster in cache than the portable kernels above.
#define SATCIRC_AVX512 __attribute__((target("avx512f")))
#define SATCIRC_AVX512_INLINE \
  __attribute__((target("avx512f"), always_inline)) inline

// Levels of span 1, 2, 4, 8 inside one register: lane i becomes
// partner + (bit h of i ? −self : self), partner = lane i ^ h.
SATCIRC_AVX512_INLINE __m512i LowLevels512(__m512i v) {
  // Shuffles through GCC's generic form: _mm512_shuffle_epi32 and
  // _mm512_shuffle_i32x4 draw -Wmaybe-uninitialized false positives from GCC
  // 12's own header. GCC emits one vpshufd or vshufi32x4 for each.
  typedef std::int32_t I16 __attribute__((vector_size(64)));
  const I16 swap1 = {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14};
  const I16 swap2 = {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13};
  const I16 swap4 = {4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11};
  const I16 swap8 = {8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7};
  const __m512i zero = _mm512_setzero_si512();
  __m512i p = (__m512i)__builtin_shuffle((I16)v, swap1);
  v = _mm512_add_epi32(_mm512_mask_sub_epi32(v, 0xAAAA, zero, v), p);
  p = (__m512i)__builtin_shuffle((I16)v, swap2);
  v = _mm512_add_epi32(_mm512_mask_sub_epi32(v, 0xCCCC, zero, v), p);
  p = (__m512i)__builtin_shuffle((I16)v, swap4);
  v = _mm512_add_epi32(_mm512_mask_sub_epi32(v, 0xF0F0, zero, v), p);
  p = (__m512i)__builtin_shuffle((I16)v, swap8);
  v = _mm512_add_epi32(_mm512_mask_sub_epi32(v, 0xFF00, zero, v), p);
  return v;
}

// Radix-16 butterflies over 16 registers.
SATCIRC_AVX512_INLINE void Butterflies16(__m512i* x) {
#pragma GCC unroll 4
  for (int h = 1; h < 16; h <<= 1) {
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) {
      if (!(i & h)) {
        const __m512i u = x[i], w = x[i + h];
        x[i] = _mm512_add_epi32(u, w);
        x[i + h] = _mm512_sub_epi32(u, w);
      }
    }
  }
}

// The levels of span `span` ... 8·span over `size` values (radix 16), span a
// multiple of 16. Only for small spans: 16 streams 4 KiB or more apart would
// share one set of the 8-way L1.
SATCIRC_AVX512_INLINE void Radix16Pass512(std::int32_t* a, std::size_t size,
                                          std::size_t span) {
  for (std::size_t base = 0; base < size; base += 16 * span) {
    std::int32_t* x = a + base;
    for (std::size_t j = 0; j < span; j += 16) {
      __m512i v[16];
#pragma GCC unroll 16
      for (int i = 0; i < 16; ++i) v[i] = _mm512_loadu_si512(x + i * span + j);
      Butterflies16(v);
#pragma GCC unroll 16
      for (int i = 0; i < 16; ++i) _mm512_storeu_si512(x + i * span + j, v[i]);
    }
  }
}

// The whole transform of a contiguous block of size >= 256: chunks of up to
// 4096 values (16 KiB, inside L1) get levels of span 1 ... 128 in registers
// and then radix-16 passes; the levels above, radix-8 passes over the block.
SATCIRC_AVX512 void TransformBlock512(std::int32_t* a, std::size_t size) {
  constexpr std::size_t kChunk = 4096;
  const std::size_t chunk = std::min(size, kChunk);
  for (std::size_t c = 0; c < size; c += chunk) {
    for (std::int32_t* x = a + c; x < a + c + chunk; x += 256) {
      __m512i v[16];
#pragma GCC unroll 16
      for (int i = 0; i < 16; ++i)
        v[i] = LowLevels512(_mm512_loadu_si512(x + 16 * i));
      Butterflies16(v);
#pragma GCC unroll 16
      for (int i = 0; i < 16; ++i) _mm512_storeu_si512(x + 16 * i, v[i]);
    }
    std::size_t span = 256;
    for (; 16 * span <= chunk; span *= 16) Radix16Pass512(a + c, chunk, span);
    LevelsFrom(a + c, chunk, span);
  }
  LevelsFrom(a, size, chunk);
}

// Runs work(begin, end) over [0, count) split into `threads` pieces whose
// bounds are multiples of `grain`; the calling thread takes the last piece.
template <typename Work>
void ParallelFor(int threads, std::size_t count, std::size_t grain,
                 const Work& work) {
  const std::size_t grains = count / grain;
  const std::size_t pieces = std::min<std::size_t>(
      std::max(threads, 1), std::max<std::size_t>(grains, 1));
  if (pieces <= 1) {
    work(std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> helpers;
  helpers.reserve(pieces - 1);
  auto bound = [&](std::size_t p) {
    return p == pieces ? count : grains * p / pieces * grain;
  };
  for (std::size_t p = 0; p + 1 < pieces; ++p)
    helpers.emplace_back(
        [&work, b = bound(p), e = bound(p + 1)] { work(b, e); });
  work(bound(pieces - 1), count);
  for (std::thread& t : helpers) t.join();
}

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

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

void WalshHadamardTransform(std::int32_t* values, std::size_t size,
                            const WalshHadamardOptions& options) {
  if (size < 16) {
    WalshHadamardTransformSimple(values, size);
    return;
  }
  // Blocks of kBlock values (1 MiB, the size of L2 on the machines measured
  // in docs/performance.md) are transformed whole, in cache. The levels above
  // are streaming radix-8 passes, each column of a pass reading and writing
  // eight sequential streams; those up to kGroup values (8 MiB, a quarter of
  // L3) run on each group of blocks as soon as its blocks are done, while the
  // group is still in L3, and only the levels above kGroup take passes over
  // memory: one at 2^24 values. (Gathering column tiles of rows 2^14 or more
  // values apart so as to take a single pass after the blocks was slower: the
  // rows fall into the same cache sets, so every gathered line is evicted
  // before it is written back. Smaller blocks, 2^15 or 2^16, cost one more
  // pass.)
  constexpr std::size_t kBlock = std::size_t{1} << 18;
  constexpr std::size_t kGroup = std::size_t{1} << 21;
  const bool avx512 = options.use_avx512 && __builtin_cpu_supports("avx512f");
  const int threads =
      size >= options.parallel_threshold ? std::max(options.threads, 1) : 1;
  const std::size_t block = std::min(size, kBlock);
  const std::size_t group = std::min(size, kGroup);
  auto blocks = [&](std::size_t begin, std::size_t end) {
    for (std::size_t b = begin; b < end; b += block) {
      if (avx512 && block >= 256) {
        TransformBlock512(values + b, block);
      } else {
        TransformBlock(values + b, block);
      }
    }
  };
  // Passes of spans [span, span_end) over the whole array, split between the
  // threads; the last in descending order (see RadixPass).
  auto passes = [&](std::size_t span, std::size_t span_end) {
    while (span < span_end) {
      const int m = NextRadix(span_end, span);
      const bool last = (span << m) >= size;
      ParallelFor(threads, size >> m, 16,
                  [&](std::size_t begin, std::size_t end) {
                    if (last) {
                      DescendingPass(values, m, span, begin, end);
                    } else {
                      StreamingPass(values, m, span, begin, end);
                    }
                  });
      span <<= m;
    }
  };
  if (size / group >= static_cast<std::size_t>(threads)) {
    // Whole groups per thread.
    ParallelFor(threads, size, group, [&](std::size_t begin, std::size_t end) {
      for (std::size_t g = begin; g < end; g += group) {
        blocks(g, g + group);
        for (std::size_t span = block; span < group;) {
          const int m = NextRadix(group, span);
          StreamingPass(values + g, m, span, 0, group >> m);
          span <<= m;
        }
      }
    });
  } else {
    ParallelFor(threads, size, block, blocks);
    passes(block, group);
  }
  passes(group, size);
}

FourierProfile ComputeFourierProfile(const std::vector<std::uint8_t>& table,
                                     int alphabet_size, int n) {
  FourierProfile profile;
  const std::size_t size = table.size();
  if (alphabet_size == 2) {
    profile.exact = true;
    // 64-byte aligned, so that every vector load of the transform is one cache
    // line rather than two (malloc aligns large arrays to 16 bytes); see
    // docs/performance.md.
    const std::size_t bytes = (size * sizeof(std::int32_t) + 63) / 64 * 64;
    std::unique_ptr<std::int32_t[], FreeDeleter> values(
        static_cast<std::int32_t*>(std::aligned_alloc(64, bytes)));
    if (values == nullptr) throw std::bad_alloc();
    for (std::size_t i = 0; i < size; ++i) values[i] = table[i] ? 1 : -1;
    WalshHadamardTransform(values.get(), size);
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
