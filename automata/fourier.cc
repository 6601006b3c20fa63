#include "automata/fourier.h"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <barrier>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
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

// AVX-512 kernels (intrinsics, chosen at run time when the CPU has AVX-512F
// and AVX-512BW, see Avx512Usable): the levels of span 1 ... 128 of 256 values
// at once in 16 registers, and the levels of span 1 ... 8 inside a register
// with one shuffle and two additions each (GCC lowers the portable form to
// about twice that). About 1.6× faster in cache than the portable kernels
// above.
#define SATCIRC_AVX512 __attribute__((target("avx512f,avx512bw,popcnt")))
#define SATCIRC_AVX512_INLINE \
  __attribute__((target("avx512f,avx512bw,popcnt"), always_inline)) inline

bool Avx512Usable() {
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw");
}

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

// Radix-kCount butterflies between kCount registers of kBits-wide lanes.
template <int kBits, int kCount>
SATCIRC_AVX512_INLINE void LaneButterflies(__m512i* x) {
#pragma GCC unroll 4
  for (int h = 1; h < kCount; h <<= 1) {
#pragma GCC unroll 16
    for (int i = 0; i < kCount; ++i) {
      if (i & h) continue;
      const __m512i u = x[i], w = x[i + h];
      if constexpr (kBits == 8) {
        x[i] = _mm512_add_epi8(u, w);
        x[i + h] = _mm512_sub_epi8(u, w);
      } else if constexpr (kBits == 16) {
        x[i] = _mm512_add_epi16(u, w);
        x[i + h] = _mm512_sub_epi16(u, w);
      } else {
        static_assert(kBits == 32);
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
      LaneButterflies<32, 16>(v);
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
      LaneButterflies<32, 16>(v);
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

// `count` values of T at a 64-byte boundary. Through malloc with the
// alignment done here: glibc serves large aligned_alloc requests with a fresh
// mmap every time (a little over its adaptive threshold), so every call of a
// transform faulted its scratch in anew (2,000–6,000 page faults a call at
// 2^24); malloc's own requests come from the heap from the third call on.
template <typename T>
class AlignedArray {
 public:
  explicit AlignedArray(std::size_t count)
      : storage_(std::malloc(count * sizeof(T) + 64)) {
    if (storage_ == nullptr) throw std::bad_alloc();
    const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(storage_.get());
    data_ = reinterpret_cast<T*>((at + 63) / 64 * 64);
  }
  T* get() const { return data_; }

 private:
  std::unique_ptr<void, FreeDeleter> storage_;
  T* data_;
};

// popcount of 0 ... 4095.
const std::array<std::uint8_t, 4096> kPopcount12 = [] {
  std::array<std::uint8_t, 4096> t{};
  for (int i = 1; i < 4096; ++i)
    t[i] = static_cast<std::uint8_t>(t[i >> 1] + (i & 1));
  return t;
}();

// ---------------------------------------------------------------------------
// The transform of a ±1 function from its membership bytes
// (WalshHadamardTransformSigns, and the Fourier profile at sizes 2^12 ... 2^24
// on CPUs with AVX-512BW).
//
// After j levels from ±1 inputs every value is at most 2^j in magnitude, so the
// first 6 levels fit in int8 lanes (64 to a register) and the first 14 in
// int16 lanes (32 to a register); only the last 10 need int32. The levels
// commute, so each runs where it is cheapest:
//  - bits 21 ... k−1 (at most 3 of them), int8, in one streaming pass from the
//    membership bytes into an int8 scratch array;
//  - then each group of 2^21 values (2 MiB of scratch in, 8 MiB of int32
//    out), in one buffer that stays in L3 (threads share each group, and
//    wait for each other between its passes):
//      bits 0, 1, 2: int8, inside registers;
//      bits 3, 4: int16, inside registers; bits 5 ... 10: int16, between
//        registers (chunks of 2048 values, in L1);
//      bits 11 ... 15: int32, over blocks of 2^16 values (256 KiB, in L2;
//        blocks of 2^18 filled L2 and took 2.5× as long);
//      bits 16 ... 20: int32, over the group; the last pass hands its
//        results to a sink instead of storing them back: non-temporal stores
//        into the output (written once, never read back), or the sums of
//        squares by degree of the Fourier profile (no output at all).
// At 2^24 this moves 112 MiB to and from memory (16 MiB of membership bytes
// read, 16 MiB of scratch written and read, 64 MiB of output written) where
// the int32 transform in place moves 256 MiB, and runs the in-register levels
// on 64 lanes rather than 16. Measured (docs/performance.md): into an int32
// array it is about as fast as filling the array with ±1 and running the
// int32 transform (the 512-bit stores and the int32 levels dominate both); the
// Fourier profile, which writes no array, takes 8–10 ms at 2^24 where the
// int32 transform and a scalar sum by degree took 75 ms.

constexpr int kSignGroupBits = 21;
constexpr int kSignBlockBits = 16;
constexpr int kSignChunkBits = 11;
// Sizes the sign kernels take: at least one int32 level, and at most 3 levels
// ahead of the groups (int8 holds 6 levels: 3 there and 3 in the groups).
constexpr int kSignMinBits = kSignChunkBits + 1;
constexpr int kSignMaxBits = kSignGroupBits + 3;

bool SignKernelsUsable(const WalshHadamardOptions& options, int bits) {
  return options.use_avx512 && bits >= kSignMinBits && bits <= kSignMaxBits &&
         Avx512Usable();
}

// +1 where the membership byte is nonzero, −1 elsewhere, in 64 int8 lanes.
SATCIRC_AVX512_INLINE __m512i Signs8(const std::uint8_t* p) {
  const __m512i t = _mm512_loadu_si512(p);
  return _mm512_mask_blend_epi8(_mm512_test_epi8_mask(t, t),
                                _mm512_set1_epi8(-1), _mm512_set1_epi8(1));
}

// vpshufb controls: byte i of each 16-byte lane takes byte i ^ (1 << h).
alignas(64) constexpr std::array<std::array<std::int8_t, 64>, 3> kByteSwap =
    [] {
      std::array<std::array<std::int8_t, 64>, 3> c{};
      for (int h = 0; h < 3; ++h) {
        for (int i = 0; i < 64; ++i) c[h][i] = (i ^ (1 << h)) & 15;
      }
      return c;
    }();

// Levels of span 1, 2, 4 in int8 lanes: lane i becomes partner + (bit h of i
// ? −self : self), partner = lane i ^ h (as LowLevels512).
SATCIRC_AVX512_INLINE __m512i ByteLevels(__m512i v) {
  constexpr __mmask64 kHigh[3] = {0xAAAAAAAAAAAAAAAA, 0xCCCCCCCCCCCCCCCC,
                                  0xF0F0F0F0F0F0F0F0};
  const __m512i zero = _mm512_setzero_si512();
  for (int h = 0; h < 3; ++h) {
    const __m512i p =
        _mm512_shuffle_epi8(v, _mm512_load_si512(kByteSwap[h].data()));
    v = _mm512_add_epi8(_mm512_mask_sub_epi8(v, kHigh[h], zero, v), p);
  }
  return v;
}

// Levels of span 8 and 16 in int16 lanes: the 16-byte quarters swapped in
// pairs, then the halves.
SATCIRC_AVX512_INLINE __m512i WordLevels(__m512i v) {
  typedef std::int64_t I64x8 __attribute__((vector_size(64)));
  const __m512i zero = _mm512_setzero_si512();
  const I64x8 swap_quarters = {2, 3, 0, 1, 6, 7, 4, 5};
  const I64x8 swap_halves = {4, 5, 6, 7, 0, 1, 2, 3};
  __m512i p = (__m512i)__builtin_shuffle((I64x8)v, swap_quarters);
  v = _mm512_add_epi16(_mm512_mask_sub_epi16(v, 0xFF00FF00, zero, v), p);
  p = (__m512i)__builtin_shuffle((I64x8)v, swap_halves);
  v = _mm512_add_epi16(_mm512_mask_sub_epi16(v, 0xFFFF0000, zero, v), p);
  return v;
}

// The lower (kHalf = 0) or upper half of a register's int8 (int16) lanes
// sign-extended to int16 (int32). The maskz forms, as the plain ones
// (_mm512_cvtepi8_epi16, _mm512_castsi512_si256, ...) draw
// -Wmaybe-uninitialized false positives from GCC 12's own header.
template <int kHalf>
SATCIRC_AVX512_INLINE __m256i Half(__m512i v) {
  return _mm512_maskz_extracti64x4_epi64(0xF, v, kHalf);
}
template <int kHalf>
SATCIRC_AVX512_INLINE __m512i WidenBytes(__m512i v) {
  return _mm512_maskz_cvtepi8_epi16(~__mmask32{0}, Half<kHalf>(v));
}
template <int kHalf>
SATCIRC_AVX512_INLINE __m512i WidenWords(__m512i v) {
  return _mm512_maskz_cvtepi16_epi32(0xFFFF, Half<kHalf>(v));
}

// Bits 0 ... 10 of 2048 values, from membership bytes (kFromTable) or from
// int8 values of magnitude <= 8, into int32 values at `out`.
template <bool kFromTable>
SATCIRC_AVX512_INLINE void SignChunk(const void* in, std::int32_t* out) {
  alignas(64) std::int16_t words[1 << kSignChunkBits];
  for (int q = 0; q < 2048; q += 512) {
    __m512i w[16];
#pragma GCC unroll 8
    for (int a = 0; a < 8; ++a) {
      const std::size_t at = q + 64 * a;
      const __m512i b = ByteLevels(
          kFromTable
              ? Signs8(static_cast<const std::uint8_t*>(in) + at)
              : _mm512_loadu_si512(static_cast<const std::int8_t*>(in) + at));
      w[2 * a] = WordLevels(WidenBytes<0>(b));
      w[2 * a + 1] = WordLevels(WidenBytes<1>(b));
    }
    // Register r holds values q + 32r ...: bits 5 ... 8 are r's.
    LaneButterflies<16, 16>(w);
#pragma GCC unroll 16
    for (int r = 0; r < 16; ++r) _mm512_store_si512(words + q + 32 * r, w[r]);
  }
  for (int j = 0; j < 512; j += 32) {
    __m512i w[4];
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) w[i] = _mm512_load_si512(words + j + 512 * i);
    LaneButterflies<16, 4>(w);  // bits 9, 10
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      std::int32_t* o = out + j + 512 * i;
      _mm512_storeu_si512(o, WidenWords<0>(w[i]));
      _mm512_storeu_si512(o + 16, WidenWords<1>(w[i]));
    }
  }
}

// Where a pass's results go: back into the array (StoreBack), or to a sink
// that takes the index in the whole transform (AtIndex).
struct StoreBack {
  std::int32_t* a;
  SATCIRC_AVX512_INLINE void operator()(std::size_t offset, __m512i v) const {
    _mm512_storeu_si512(a + offset, v);
  }
};
template <typename Sink>
struct AtIndex {
  Sink* sink;
  std::size_t base;
  SATCIRC_AVX512_INLINE void operator()(std::size_t offset, __m512i v) const {
    (*sink)(base + offset, v);
  }
};

// Columns [q_begin, q_end) of one radix-2^M pass of span `span` over int32
// values at `a` (column q: the 2^M vectors base + j + i·span, j = 16·(q mod
// span/16), base = (q div span/16)·2^M·span, as RadixPass), its results
// handed to to(offset, vector).
template <int M, typename To>
SATCIRC_AVX512_INLINE void Int32Pass(const std::int32_t* a, std::size_t span,
                                     std::size_t q_begin, std::size_t q_end,
                                     const To& to) {
  const std::size_t row = span / 16;
  for (std::size_t q = q_begin; q < q_end;) {
    // The columns left in this row of the pass.
    const std::size_t j_begin = (q / row) * (span << M) + (q % row) * 16;
    const std::size_t j_end = j_begin + 16 * std::min(q_end - q, row - q % row);
    for (std::size_t j = j_begin; j < j_end; j += 16) {
      __m512i v[1 << M];
#pragma GCC unroll 16
      for (int i = 0; i < (1 << M); ++i)
        v[i] = _mm512_loadu_si512(a + j + i * span);
      LaneButterflies<32, (1 << M)>(v);
#pragma GCC unroll 16
      for (int i = 0; i < (1 << M); ++i) to(j + i * span, v[i]);
    }
    q += (j_end - j_begin) / 16;
  }
}

// Splits passes between the threads of a SignTransform: thread `part` of
// `parts` takes its share of every pass's columns, and all wait for each other
// between passes (parts = 1: no waiting).
struct Share {
  int part = 0;
  int parts = 1;
  std::barrier<>* sync = nullptr;
  std::pair<std::size_t, std::size_t> Of(std::size_t count) const {
    return {count * part / parts, count * (part + 1) / parts};
  }
  void Wait() const {
    if (parts > 1) sync->arrive_and_wait();
  }
};

// The levels of span `span` ... size/2 over `size` int32 values at `a`, in
// passes of radix 8 (or 16 where that saves a pass, 4 or 2 at the top); the
// last pass hands its results to put(offset, vector) rather than storing
// them back.
template <typename Put>
SATCIRC_AVX512_INLINE void Int32Levels(std::int32_t* a, std::size_t size,
                                       std::size_t span, const Put& put,
                                       const Share& share = {}) {
  const StoreBack back{a};
  while (span < size) {
    const int levels = std::countr_zero(size / span);
    const int m = levels % 3 == 1 && levels >= 4 ? 4 : std::min(levels, 3);
    const bool last = (span << m) == size;
    const auto [q_begin, q_end] = share.Of((size >> m) / 16);
    if (m == 4) {
      last ? Int32Pass<4>(a, span, q_begin, q_end, put)
           : Int32Pass<4>(a, span, q_begin, q_end, back);
    } else if (m == 3) {
      last ? Int32Pass<3>(a, span, q_begin, q_end, put)
           : Int32Pass<3>(a, span, q_begin, q_end, back);
    } else if (m == 2) {
      last ? Int32Pass<2>(a, span, q_begin, q_end, put)
           : Int32Pass<2>(a, span, q_begin, q_end, back);
    } else {
      last ? Int32Pass<1>(a, span, q_begin, q_end, put)
           : Int32Pass<1>(a, span, q_begin, q_end, back);
    }
    span <<= m;
    share.Wait();
  }
}

// One group of 2^group_bits values (see above): from `in` (membership bytes,
// or int8 scratch values) through `buffer` to sink(index, vector), index =
// base + offset in the group; this thread's share of it.
template <typename Sink>
SATCIRC_AVX512 void SignGroup(const void* in, bool from_table, int group_bits,
                              std::int32_t* buffer, std::size_t base,
                              Sink& sink, const Share& share) {
  const std::size_t group = std::size_t{1} << group_bits;
  const std::size_t block = std::min(group, std::size_t{1} << kSignBlockBits);
  const std::size_t chunk = std::size_t{1} << kSignChunkBits;
  // A group of one block is too small to share (SignTransform runs it on one
  // thread): its block passes are the last ones and go to the sink.
  assert(block < group || share.parts == 1);
  const auto [b_begin, b_end] = share.Of(group / block);
  for (std::size_t b = b_begin * block; b < b_end * block; b += block) {
    for (std::size_t c = b; c < b + block; c += chunk) {
      if (from_table) {
        SignChunk<true>(static_cast<const std::uint8_t*>(in) + c, buffer + c);
      } else {
        SignChunk<false>(static_cast<const std::int8_t*>(in) + c, buffer + c);
      }
    }
    if (block == group) {
      Int32Levels(buffer, group, chunk, AtIndex<Sink>{&sink, base});
      return;
    }
    Int32Levels(buffer + b, block, chunk, StoreBack{buffer + b});
  }
  share.Wait();
  Int32Levels(buffer, group, block, AtIndex<Sink>{&sink, base}, share);
}

// Columns [begin, end) of the int8 pass over the top log2(kCount) bits: the
// kCount values table[j + i·span] as ±1, butterflies, into scratch
// (non-temporal: it is read back only after the whole pass).
template <int kCount>
SATCIRC_AVX512_INLINE void SignHighColumns(const std::uint8_t* table,
                                           std::int8_t* scratch,
                                           std::size_t span, std::size_t begin,
                                           std::size_t end) {
  for (std::size_t j = begin; j < end; j += 64) {
    __m512i v[kCount];
#pragma GCC unroll 8
    for (int i = 0; i < kCount; ++i) v[i] = Signs8(table + j + i * span);
    LaneButterflies<8, kCount>(v);
#pragma GCC unroll 8
    for (int i = 0; i < kCount; ++i) {
      _mm512_stream_si512(reinterpret_cast<__m512i*>(scratch + j + i * span),
                          v[i]);
    }
  }
}

SATCIRC_AVX512 void SignHighPass(const std::uint8_t* table,
                                 std::int8_t* scratch, int high,
                                 std::size_t span, std::size_t begin,
                                 std::size_t end) {
  if (high == 3) {
    SignHighColumns<8>(table, scratch, span, begin, end);
  } else if (high == 2) {
    SignHighColumns<4>(table, scratch, span, begin, end);
  } else {
    SignHighColumns<2>(table, scratch, span, begin, end);
  }
  _mm_sfence();
}

// Sinks for the last pass, called with the index of the first of 16 values.
// OutputSink: the transform into `out` (non-temporal stores when `out` is
// 64-byte aligned). DegreeSink: Σ v² by popcount of the index, in int64
// lanes (squares of the even and of the odd int32 lanes, by the popcount of
// index / 16; Parseval bounds every sum by 4^bits, so 64 bits hold up to
// 2^31 values).
template <bool kAligned>
struct OutputSink {
  std::int32_t* out;
  SATCIRC_AVX512_INLINE void operator()(std::size_t index, __m512i v) const {
    if constexpr (kAligned) {
      _mm512_stream_si512(reinterpret_cast<__m512i*>(out + index), v);
    } else {
      _mm512_storeu_si512(out + index, v);
    }
  }
  void Merge(const OutputSink&) {}
};

struct DegreeSink {
  static constexpr int kMaxDegree = 32;
  alignas(64) std::int64_t even[kMaxDegree][8] = {};
  alignas(64) std::int64_t odd[kMaxDegree][8] = {};
  SATCIRC_AVX512_INLINE void operator()(std::size_t index, __m512i v) {
    // The maskz forms: the plain ones draw the same GCC 12 false positives
    // as above.
    const int d = std::popcount(index >> 4);
    const __m512i high = _mm512_maskz_srli_epi64(0xFF, v, 32);
    _mm512_store_si512(even[d],
                       _mm512_add_epi64(_mm512_load_si512(even[d]),
                                        _mm512_maskz_mul_epi32(0xFF, v, v)));
    _mm512_store_si512(
        odd[d], _mm512_add_epi64(_mm512_load_si512(odd[d]),
                                 _mm512_maskz_mul_epi32(0xFF, high, high)));
  }
  void Merge(const DegreeSink& other) {
    for (int d = 0; d < kMaxDegree; ++d) {
      for (int m = 0; m < 8; ++m) {
        even[d][m] += other.even[d][m];
        odd[d][m] += other.odd[d][m];
      }
    }
  }
  // Σ_{popcount(S) = k} v[S]² for k = 0 ... bits.
  std::vector<std::uint64_t> ByDegree(int bits) const {
    std::vector<std::uint64_t> sums(bits + 1, 0);
    for (int d = 0; d + 4 <= bits; ++d) {
      for (int m = 0; m < 8; ++m) {
        // Lane 2m has popcount(m) more bits set, lane 2m + 1 one more still.
        sums[d + std::popcount(static_cast<unsigned>(m))] += even[d][m];
        sums[d + std::popcount(static_cast<unsigned>(m)) + 1] += odd[d][m];
      }
    }
    return sums;
  }
};

// The transform of the ±1 function of table[0 ... 2^bits), kSignMinBits <=
// bits <= kSignMaxBits, handed to `sink` (see above); groups are split
// between the threads, each with its own buffer and its own copy of the sink
// as it came in (so a DegreeSink must come in empty), merged into `sink` at
// the end.
template <typename Sink>
void SignTransform(const std::uint8_t* table, int bits, int threads,
                   Sink& sink) {
  const int group_bits = std::min(bits, kSignGroupBits);
  const int high = bits - group_bits;
  const std::size_t group = std::size_t{1} << group_bits;
  std::optional<AlignedArray<std::int8_t>> scratch;
  if (high > 0) {
    scratch.emplace(std::size_t{1} << bits);
    ParallelFor(threads, group, 64, [&](std::size_t begin, std::size_t end) {
      SignHighPass(table, scratch->get(), high, group, begin, end);
    });
  }
  // The threads share each group (its buffer stays in L3: one buffer for all
  // of them, rather than one per thread, halves what L3 must hold).
  const int parts = group_bits > kSignBlockBits ? std::max(threads, 1) : 1;
  const AlignedArray<std::int32_t> buffer(group);
  const Sink empty = sink;  // each thread's sink starts as `sink` did
  std::barrier<> sync(parts);
  std::mutex mutex;
  auto work = [&](int part) {
    const Share share{part, parts, &sync};
    auto local = std::make_unique<Sink>(empty);
    for (std::size_t g = 0; g < (std::size_t{1} << high); ++g) {
      const std::size_t base = g * group;
      if (high > 0) {
        SignGroup(scratch->get() + base, false, group_bits, buffer.get(), base,
                  *local, share);
      } else {
        SignGroup(table + base, true, group_bits, buffer.get(), base, *local,
                  share);
      }
    }
    _mm_sfence();
    std::lock_guard<std::mutex> lock(mutex);
    sink.Merge(*local);
  };
  std::vector<std::thread> helpers;
  for (int part = 1; part < parts; ++part) helpers.emplace_back(work, part);
  work(0);
  for (std::thread& t : helpers) t.join();
}

// Transforms the blocks of `block` values in [begin, end), each whole, in
// cache.
void TransformBlocks(std::int32_t* values, std::size_t begin, std::size_t end,
                     std::size_t block, bool avx512) {
  for (std::size_t b = begin; b < end; b += block) {
    if (avx512 && block >= 256) {
      TransformBlock512(values + b, block);
    } else {
      TransformBlock(values + b, block);
    }
  }
}

// The levels of span first_span ... size/2 over one group of `size` values, in
// streaming passes on the calling thread.
void GroupLevels(std::int32_t* a, std::size_t size, std::size_t first_span) {
  for (std::size_t span = first_span; span < size;) {
    const int m = NextRadix(size, span);
    StreamingPass(a, m, span, 0, size >> m);
    span <<= m;
  }
}

// Passes of spans [span, span_end) over all `size` values, split between the
// threads; the transform's last pass in descending order (see RadixPass).
void SharedPasses(std::int32_t* values, std::size_t size, std::size_t span,
                  std::size_t span_end, int threads) {
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
}

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
  const bool avx512 = options.use_avx512 && Avx512Usable();
  const int threads =
      size >= options.parallel_threshold ? std::max(options.threads, 1) : 1;
  const std::size_t block = std::min(size, kBlock);
  const std::size_t group = std::min(size, kGroup);
  if (size / group >= static_cast<std::size_t>(threads)) {
    // Whole groups per thread.
    ParallelFor(threads, size, group, [&](std::size_t begin, std::size_t end) {
      for (std::size_t g = begin; g < end; g += group) {
        TransformBlocks(values, g, g + group, block, avx512);
        GroupLevels(values + g, group, block);
      }
    });
  } else {
    ParallelFor(threads, size, block, [&](std::size_t begin, std::size_t end) {
      TransformBlocks(values, begin, end, block, avx512);
    });
    SharedPasses(values, size, block, group, threads);
  }
  SharedPasses(values, size, group, size, threads);
}

void WalshHadamardTransformSigns(const std::uint8_t* members, std::int32_t* out,
                                 std::size_t size,
                                 const WalshHadamardOptions& options) {
  assert(std::has_single_bit(size) || size == 0);
  const int bits = std::countr_zero(size);
  if (size > 0 && SignKernelsUsable(options, bits)) {
    const int threads =
        size >= options.parallel_threshold ? options.threads : 1;
    if (reinterpret_cast<std::uintptr_t>(out) % 64 == 0) {
      OutputSink<true> sink{out};
      SignTransform(members, bits, threads, sink);
    } else {
      OutputSink<false> sink{out};
      SignTransform(members, bits, threads, sink);
    }
    return;
  }
  for (std::size_t i = 0; i < size; ++i) out[i] = members[i] ? 1 : -1;
  WalshHadamardTransform(out, size, options);
}

namespace {

// Σ_{|S|=k} values[S]² for k = 0 ... n into sums, values the transform of the
// ±1 function of table: straight from the membership bytes (no transform
// array). By Parseval the squares sum to 4ⁿ, so 64 bits hold every sum.
void DegreeSumsFromSigns(const std::vector<std::uint8_t>& table, int n,
                         const WalshHadamardOptions& options,
                         std::vector<unsigned __int128>& sums) {
  auto sink = std::make_unique<DegreeSink>();
  SignTransform(
      table.data(), n,
      table.size() >= options.parallel_threshold ? options.threads : 1, *sink);
  const std::vector<std::uint64_t> by_degree = sink->ByDegree(n);
  std::copy(by_degree.begin(), by_degree.end(), sums.begin());
}

// The same sums through an int32 transform array.
void DegreeSumsFromTransform(const std::vector<std::uint8_t>& table, int n,
                             const WalshHadamardOptions& options,
                             std::vector<unsigned __int128>& sums) {
  const std::size_t size = table.size();
  // 64-byte aligned, so that every vector load of the transform is one
  // cache line rather than two (malloc aligns large arrays to 16 bytes);
  // see docs/performance.md.
  const AlignedArray<std::int32_t> values(size);
  for (std::size_t i = 0; i < size; ++i) values.get()[i] = table[i] ? 1 : -1;
  WalshHadamardTransform(values.get(), size, options);
  // Chunks of 2^12 squares (each <= 2^48) fit in 64 bits.
  std::vector<std::uint64_t> chunk(n + 1, 0);
  for (std::size_t begin = 0; begin < size; begin += 4096) {
    const std::size_t end = std::min(size, begin + 4096);
    // popcount(s) = popcount(high bits) + popcount(low 12 bits), the
    // latter from a table (no popcnt instruction in the baseline target).
    const int high = std::popcount(begin);
    for (std::size_t s = begin; s < end; ++s) {
      const std::int64_t v = values.get()[s];
      chunk[high + kPopcount12[s - begin]] += static_cast<std::uint64_t>(v * v);
    }
    for (int k = 0; k <= n; ++k) {
      sums[k] += chunk[k];
      chunk[k] = 0;
    }
  }
}

// The exact profile of a binary alphabet from sums[k] = Σ_{|S|=k} values[S]²:
// 2ⁿ·f̂(S) = values[S], so W_k = sums[k] / 4ⁿ.
FourierProfile ExactProfile(const std::vector<unsigned __int128>& sums, int n) {
  FourierProfile profile;
  profile.exact = true;
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

// The coefficients of the ±1 function of table over q symbols in the
// orthonormal Helmert basis on one symbol (uniform measure): φ₀ = 1,
// φⱼ(t) = c_j·([t < j] − j·[t = j]) with c_j = sqrt(q / (j(j+1))). The
// coefficient map v ↦ (E_t v(t)φⱼ(t))ⱼ is applied along every position.
std::vector<double> HelmertCoefficients(const std::vector<std::uint8_t>& table,
                                        int q, int n) {
  const std::size_t size = table.size();
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
  return values;
}

// Σ of the squared coefficients by degree k = 0 ... n, the degree of a
// coefficient being the number of nonzero base-q digits of its index.
std::vector<double> WeightsByDegree(const std::vector<double>& values, int q,
                                    int n) {
  std::vector<double> weights(n + 1, 0.0);
  std::vector<int> digits(n, 0);
  int degree = 0;
  for (std::size_t s = 0; s < values.size(); ++s) {
    weights[degree] += values[s] * values[s];
    // Odometer over digits, tracking the number of nonzero digits.
    for (int i = n - 1; i >= 0; --i) {
      if (digits[i] == 0) ++degree;
      if (++digits[i] < q) break;
      digits[i] = 0;
      --degree;
    }
  }
  return weights;
}

}  // namespace

FourierProfile ComputeFourierProfile(const std::vector<std::uint8_t>& table,
                                     int alphabet_size, int n,
                                     const WalshHadamardOptions& options) {
  if (alphabet_size == 2) {
    std::vector<unsigned __int128> sums(n + 1, 0);
    if (SignKernelsUsable(options, n)) {
      DegreeSumsFromSigns(table, n, options, sums);
    } else {
      DegreeSumsFromTransform(table, n, options, sums);
    }
    return ExactProfile(sums, n);
  }
  const std::vector<double> weights = WeightsByDegree(
      HelmertCoefficients(table, alphabet_size, n), alphabet_size, n);
  FourierProfile profile;
  double total = 0;
  for (int k = 0; k <= n; ++k) {
    profile.weight_by_degree.push_back(mpq_class(weights[k]));
    total += k * weights[k];
  }
  profile.total_influence = mpq_class(total);
  return profile;
}

}  // namespace satcirc::automata
