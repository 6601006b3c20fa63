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
#include <random>
#include <vector>

namespace satcirc::automata {

// Uniform in [0, bound), bound >= 1: Lemire's multiply-and-reject method
// (Lemire 2019, "Fast random integer generation in an interval", ACM TOMACS
// 29(1)), exact and almost never dividing. Same law as UniformBelow in
// random.h (which divides twice per draw), a different use of the stream.
std::uint64_t FastBelow(std::uint64_t bound, std::mt19937_64& rng);

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
// (S_j = Σ_{i<j} t_i), read lazily as in the DFA sampler (regular_language.cc):
// 64 bits of U against double approximations of S_j / Σ t settle it by a
// binary search unless U is within 2^-40 of a boundary; then the exact
// prefix sums are walked from the nearest kept one (every ⌈√(last+1)⌉-th) and
// more bits of U are drawn until the comparison is exact. Building: O(last)
// steps; memory: last + 2 doubles and O(√last) big numbers; a sample:
// O(log last) almost always.
class TermSampler {
 public:
  using Step = std::function<void(int j, mpz_class& t)>;
  // Terms must be >= 0 with a positive sum. `always_exact` (for tests) settles
  // every draw by the exact comparison.
  TermSampler(mpz_class first, int last, Step step, bool always_exact = false);
  const mpz_class& total() const { return total_; }
  int Sample(std::mt19937_64& rng) const;

 private:
  int SampleExactly(std::uint64_t u, std::mt19937_64& rng) const;

  int last_;
  int stride_;
  Step step_;
  bool always_exact_;
  std::vector<mpz_class> term_;     // t_{c·stride}
  std::vector<mpz_class> before_;   // S_{c·stride}
  std::vector<double> cumulative_;  // ≈ S_j / Σ t, j = 0 ... last + 1
  mpz_class total_;
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_COMBINATORIAL_SAMPLING_H_
