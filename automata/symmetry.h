// Permutation symmetry of a language at length n (Lavie, Gur-Ari, Ringel 2024):
// how much of the ±1 function f (f = +1 on members) is invariant under
// permuting positions, and, for binary alphabets, how its energy E[f²] = 1
// splits over the isotypic components of the symmetric group S_n.
//
// Functions on {0,1}ⁿ decompose under S_n into the components of the two-row
// irreducibles S^(n−k,k), k = 0 ... ⌊n/2⌋ (James 1978, §5 and §17). Each
// weight slice {x : |x| = w} is a copy of the permutation module M^(n−w,w) on
// w-sets, and splits as V₀ ⊕ … ⊕ V_m, m = min(w, n−w), with V_k ≅ S^(n−k,k)
// (Delsarte 1973, the Johnson scheme). The energy of the restriction g of f to
// a slice (w <= n/2; larger slices are complemented) is found from the
// shadows N_i = Σ_{|A|=i} (Σ_{S ⊇ A, |S|=w} g(S))², i = 0 ... w, since
// N_i = Σ_{k<=i} C(w−k, i−k)·C(n−i−k, w−i)·‖proj_{V_k} g‖² (the eigenvalues of
// the inclusion matrices W_{iw}ᵀW_{iw}; Wilson 1990), a triangular system
// solved exactly over the rationals.
#ifndef SATCIRC_AUTOMATA_SYMMETRY_H_
#define SATCIRC_AUTOMATA_SYMMETRY_H_

#include <gmpxx.h>

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace satcirc::automata {

struct SymmetryOptions {
  // The isotypic split costs O(n²·2ⁿ) additions and 5 bytes per word of
  // scratch; skip it beyond 2ⁿ > this. Values fit in int32 up to n = 24.
  std::uint64_t isotypic_limit = std::uint64_t{1} << 24;
};

struct SymmetryProfile {
  // ‖P f‖² / ‖f‖² for P the average over all permutations of positions; any
  // alphabet. Exact.
  mpq_class symmetric_energy;
  // Binary alphabets within isotypic_limit: isotypic[k] = energy in the
  // component of S^(n−k,k), k = 0 ... ⌊n/2⌋; they sum to 1 and isotypic[0] =
  // symmetric_energy. Empty otherwise.
  std::vector<mpq_class> isotypic;
};

// From a membership table of Σⁿ in lexicographic order (enumerate.h).
SymmetryProfile ComputeSymmetryProfile(const std::vector<std::uint8_t>& table,
                                       int alphabet_size, int n,
                                       const SymmetryOptions& options = {});

}  // namespace satcirc::automata

#endif  // SATCIRC_AUTOMATA_SYMMETRY_H_
