// Exact uniform samplers for the combinatorial classes behind the non-regular
// languages: random arrangements of a multiset, Dyck paths by the cycle lemma,
// the hypergeometric law, and a weighted index whose weights form a
// hypergeometric-term sequence (t_{j+1}/t_j rational in j). All draw from a
// seeded std::mt19937_64 through automata/random.h, so a seed fixes the output.
#ifndef SATCIRC_AUTOMATA_COMBINATORIAL_SAMPLING_H_
#define SATCIRC_AUTOMATA_COMBINATORIAL_SAMPLING_H_

#include <gmpxx.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <vector>

namespace satcirc::automata {

// Uniform in [0, bound), bound >= 1: Lemire's multiply-and-reject method
// (Lemire 2019, "Fast random integer generation in an interval", ACM TOMACS
// 29(1)), exact and almost never dividing. Same law as UniformBelow in
// random.h (which divides twice per draw), a different use of the stream.
std::uint64_t FastBelow(std::uint64_t bound, std::mt19937_64& rng);

// The exact draws' refinement step: a uniform U known as [prefix, prefix + 1)
// / 2^bits gets 64 more random bits (prefix and bits updated).
void MoreRandomBits(std::mt19937_64& rng, mpz_class& prefix,
                    unsigned long& bits);

// Sets out[0 .. counts-sum) to a uniformly random arrangement of the multiset
// with counts[c] copies of c: each position takes c with probability
// (copies of c left) / (positions left), which gives every arrangement
// probability Π counts[c]! / (Σ counts)! (selection sampling, Knuth TAOCP
// vol. 2 §3.4.2, Algorithm S, generalized to several colours). O(length ·
// #colours), one UniformBelow per position.
void UniformArrangement(const std::vector<int>& counts, std::mt19937_64& rng,
                        std::uint8_t* out);

// A uniformly random Dyck path with m up-steps (written 0) and m down-steps
// (written 1) into out[0 .. 2m). Cycle lemma (Dvoretzky & Motzkin 1947; Raney
// 1960): of the 2m+1 rotations of a sequence of m ups and m+1 downs exactly one
// has every proper prefix sum >= 0 — the one starting right after the first
// position where the prefix sum reaches its minimum — and the rotations are
// pairwise distinct. So rotating a uniform arrangement of m ups and m+1 downs
// that way and dropping its final down-step is a (2m+1)-to-1 map onto the
// C_m Dyck paths: uniform. O(m), 2m+1 UniformBelow calls.
void UniformDyckPath(int m, std::mt19937_64& rng, std::uint8_t* out);

// The number of red balls among `draws` taken without replacement from an urn
// of `red` red and `blue` blue balls (the hypergeometric law), exactly.
// O(draws).
int HypergeometricDraw(int red, int blue, int draws, std::mt19937_64& rng);

// Draws j in [0, last] with probability t_j / Σ t, where t_0 is given and
// step(j, t) turns t_j into t_{j+1} in place (for hypergeometric terms: a few
// multiplications and exact divisions by small integers, linear in the size of
// t). A uniform real U ∈ [0, 1) picks the j with S_j ≤ U·Σ t < S_{j+1}
// (S_j = Σ_{i<j} t_i), read lazily as in the DFA sampler (dfa_sampler.h):
// 64 bits of U against double approximations of S_j / Σ t settle it by a
// binary search unless U is within the proven error margin of a boundary; then
// the exact prefix sums are walked from the nearest kept one (every
// ⌈√(last+1)⌉-th) and more bits of U are drawn until the comparison is exact.
//
// Given `ratio(j)` = t_{j+1}/t_j rounded to long double (for terms > 0), the
// approximations come from the ratios alone — O(last) floating-point steps,
// each term kept as a mantissa with its own exponent, relative error below
// 8·(last + 1)·2^-64 — and the exact terms (O(last) steps on numbers that grow
// to the size of Σ t: quadratic) are computed only when the exact comparison
// is first needed, or total() is asked for. Without `ratio`, the exact terms
// are computed at once and give the approximations. Memory: last + 2 doubles
// and O(√last) big numbers; a sample: O(log last) almost always.
class TermSampler {
 public:
  using Step = std::function<void(int j, mpz_class& t)>;
  using Ratio = std::function<long double(int j)>;
  // Terms must be >= 0 with a positive sum (> 0 each with `ratio`).
  // `always_exact` (for tests) settles every draw by the exact comparison.
  TermSampler(mpz_class first, int last, Step step, bool always_exact = false);
  TermSampler(mpz_class first, int last, Step step, Ratio ratio,
              bool always_exact = false);
  // Σ t, exactly.
  const mpz_class& total() const;
  int Sample(std::mt19937_64& rng) const;

 private:
  void BuildExact() const;
  void BuildFromRatios();
  void ApproximateFromExact();
  int SampleExactly(std::uint64_t u, std::mt19937_64& rng) const;

  mpz_class first_;
  int last_;
  int stride_;
  Step step_;
  Ratio ratio_;
  bool always_exact_;
  double margin_ = 0x1.0p-40;
  std::vector<double> cumulative_;  // ≈ S_j / Σ t, j = 0 ... last + 1
  // The exact side, made once (at construction without `ratio`).
  mutable std::once_flag exact_once_;
  mutable std::vector<mpz_class> term_;    // t_{c·stride}
  mutable std::vector<mpz_class> before_;  // S_{c·stride}
  mutable mpz_class total_;
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_COMBINATORIAL_SAMPLING_H_
