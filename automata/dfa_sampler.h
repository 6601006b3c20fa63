// Exactly uniform words of one length accepted by a DFA, fast at long lengths.
//
// From state q with r symbols to go after the next one, symbol a is taken with
// probability c[r][δ(q, a)] / c[r+1][q], where c[r][q] counts the accepted
// words of length r from q. The choice is made with a uniform real U ∈ [0, 1)
// per step: a falls where Σ_{b<a} c_b ≤ U·Σ c_b < Σ_{b≤a} c_b, and U is read
// lazily (exact sampling with random bits on demand, as in Knuth & Yao 1976).
// 64 bits of U and floating-point approximations of the c's settle the choice
// unless U lies within a proven error margin of a boundary; only then are the
// exact c's of that layer computed (big integers) and more bits of U drawn
// until the exact comparison settles it. The result is exactly uniform.
//
// The approximations are built without big integers: each c[r][q] is kept as
// a long double mantissa in [1, 2) with its own 64-bit exponent (so counts
// from 1 to |Σ|^r sit side by side), and c[r+1][q] = Σ_a c[r][δ(q, a)] is
// summed in long double (64-bit mantissa). Each layer adds a relative error
// below |Σ|·2^-63, so after n layers it is below n·|Σ|·2^-63 (2^-40 at
// n = 2^20, |Σ| = 8). From them every (state, symbols to go) keeps its |Σ| − 1
// boundaries Σ_{b<a} c_b / Σ c_b as 64-bit fixed-point numbers, which the 64
// bits of U are compared with directly (a symbol forced when only one can
// still lead to acceptance). Building costs O(n·states·|Σ|) floating-point
// operations and n·states·(8·(|Σ| − 1) + 2) bytes (TableBytes); a sample
// O(n·|Σ|) integer comparisons. The exact layers cost O(r²·states·|Σ|/64)
// word operations, paid with probability about n·|Σ|·2·margin per sample
// (below 10^-5 at n = 10^6).
#ifndef SATCIRC_AUTOMATA_DFA_SAMPLER_H_
#define SATCIRC_AUTOMATA_DFA_SAMPLER_H_

#include <gmpxx.h>

#include <cstdint>
#include <mutex>
#include <random>
#include <vector>

#include "automata/dfa.h"
#include "automata/language.h"

namespace satcirc::automata {

class DfaSampler : public MemberSampler {
 public:
  // `dfa` must outlive the sampler. `always_exact` (for tests) settles every
  // step by the exact comparison.
  DfaSampler(const Dfa& dfa, int n, bool always_exact = false);

  // The memory the tables of a sampler for `dfa` at length n take.
  static std::uint64_t TableBytes(const Dfa& dfa, int n);

  // True when the DFA accepts no word of length n (then Sample must not be
  // called).
  bool empty() const { return empty_; }
  // Exact, computed on the first call: O(n²·states·|Σ|/64) at long lengths.
  const mpz_class& count() const override;
  Word Sample(std::mt19937_64& rng) const override;

 private:
  Symbol Choose(int state, int r, std::mt19937_64& rng) const;
  Symbol ChooseExactly(int state, int r, std::uint64_t u,
                       std::mt19937_64& rng) const;
  // c[r][·] exactly.
  std::vector<mpz_class> ExactLayer(int r) const;
  void Advance(const std::vector<mpz_class>& layer,
               std::vector<mpz_class>& next) const;

  const Dfa& dfa_;
  int n_;
  int states_;
  int k_;
  bool always_exact_;
  bool empty_ = true;
  // Margin around the approximate boundaries, in units of 2^-64.
  std::uint64_t margin_;
  // Row (n − 1 − r)·states + q is state q with r symbols to go after the next
  // one (a sample reads the rows front to back): forced_[row] is the only
  // symbol that can still lead to acceptance, or −1, and
  // bounds_[row·(|Σ| − 1) + a − 1] ≈ 2^64·Σ_{b<a} c[r][δ(q, b)] / c[r+1][q].
  std::vector<std::int16_t> forced_;
  std::vector<std::uint64_t> bounds_;

  // Exact checkpoints c[j·stride][·] for short lengths, made on first need.
  static constexpr int kCheckpointLength = 1 << 12;
  int stride_;
  mutable std::once_flag checkpoints_once_;
  mutable std::vector<std::vector<mpz_class>> checkpoints_;
  mutable std::once_flag count_once_;
  mutable mpz_class count_;
};

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_DFA_SAMPLER_H_
