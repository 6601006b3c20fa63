// Fourier analysis of the ±1 function of a language at length n:
// f(x) = +1 for members, −1 otherwise.
//
// Binary alphabets: the Walsh–Fourier expansion f = Σ_S f̂(S)·χ_S (O'Donnell
// 2014, ch. 1), computed exactly with an integer fast Walsh–Hadamard transform.
// The weight at degree k is W_k = Σ_{|S|=k} f̂(S)², Σ_k W_k = 1, and the total
// influence Σ_S |S|·f̂(S)² equals the average sensitivity (O'Donnell 2014,
// Thm. 2.38).
//
// Larger alphabets (q symbols): the Efron–Stein decomposition, computed in an
// orthonormal product basis (a Helmert basis of functions of one symbol under
// the uniform distribution), in double precision. Degree = number of positions
// a basis function depends on. Its total influence Σ_i E[Var_{xᵢ} f] equals
// 2(q−1)/q times the average sensitivity of sensitivity.h.
#ifndef SATCIRC_AUTOMATA_FOURIER_H_
#define SATCIRC_AUTOMATA_FOURIER_H_

#include <gmpxx.h>

#include <cstdint>
#include <vector>

namespace satcirc::automata {

struct WalshHadamardOptions {
  // Threads sharing the transform (the caller's included); each phase is
  // split between them.
  int threads = 1;
  // Smaller arrays are transformed by the calling thread alone.
  std::size_t parallel_threshold = std::size_t{1} << 20;
  // Use the AVX-512 kernels when the CPU has AVX-512F and BW; false forces the
  // portable ones (for tests and comparisons).
  bool use_avx512 = true;
};

// In-place, unnormalized fast Walsh–Hadamard transform of `size` = 2^k values:
// out[S] = Σ_x in[x]·(−1)^{popcount(S & x)}, in exact integer arithmetic.
// Cache-blocked: blocks of 2^18 values are transformed whole in cache, the
// levels above in streaming passes of three levels each. Values must not
// overflow: |in| <= 1 gives |out| <= size.
void WalshHadamardTransform(std::int32_t* values, std::size_t size,
                            const WalshHadamardOptions& options = {});

// The transform of the ±1 function of a membership table: out[S] = Σ_x
// f(x)·(−1)^{popcount(S & x)}, f(x) = +1 where members[x] != 0 and −1
// elsewhere, `size` = 2^k. From 2^12 to 2^24 values on CPUs with AVX-512BW it
// runs the first levels in int8 and int16 lanes (|values| <= 2^j after j
// levels) and writes `out` once, with non-temporal stores when it is 64-byte
// aligned; elsewhere it fills `out` with ±1 and calls WalshHadamardTransform.
void WalshHadamardTransformSigns(const std::uint8_t* members, std::int32_t* out,
                                 std::size_t size,
                                 const WalshHadamardOptions& options = {});

// The plain radix-2 transform, one pass over memory per bit (for tests and the
// benchmark's comparison).
void WalshHadamardTransformSimple(std::int32_t* values, std::size_t size);

struct FourierProfile {
  // weight_by_degree[k] for k = 0 ... n; sums to 1.
  std::vector<mpq_class> weight_by_degree;
  // Σ_k k·weight_by_degree[k].
  mpq_class total_influence;
  // True for binary alphabets (integer transform); false when computed in
  // double precision (then the rationals hold the doubles exactly).
  bool exact = false;
};

// From a membership table of Σⁿ in lexicographic order (enumerate.h).
// Binary: O(n·2ⁿ) integer additions. q symbols: O(n·q^(n+1)) flops.
// Binary alphabets go through the transform of WalshHadamardTransformSigns
// (`options` choose its threads and kernels), straight into the sums by degree.
FourierProfile ComputeFourierProfile(const std::vector<std::uint8_t>& table,
                                     int alphabet_size, int n,
                                     const WalshHadamardOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_FOURIER_H_
