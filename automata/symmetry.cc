#include "automata/symmetry.h"

#include <algorithm>
#include <bit>
#include <unordered_map>

namespace satcirc::automata {
namespace {

mpz_class Binomial(int n, int k) {
  if (k < 0 || n < 0 || k > n) return 0;
  mpz_class r;
  mpz_bin_uiui(r.get_mpz_t(), n, k);
  return r;
}

mpz_class FromInt128(__int128 v) {
  const bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v)
                                 : static_cast<unsigned __int128>(v);
  mpz_class r(static_cast<unsigned long>(u >> 64));
  r <<= 64;
  r += static_cast<unsigned long>(static_cast<std::uint64_t>(u));
  return negative ? mpz_class(-r) : r;
}

// In place: h[A] = Σ_{S ⊇ A} h[S] (the superset-sum, or zeta, transform).
void SupersetSums(std::int32_t* h, std::size_t size) {
  for (std::size_t bit = 1; bit < size; bit <<= 1) {
    for (std::size_t base = 0; base < size; base += 2 * bit) {
      std::int32_t* lo = h + base;
      const std::int32_t* hi = lo + bit;
      for (std::size_t j = 0; j < bit; ++j) lo[j] += hi[j];
    }
  }
}

std::vector<mpq_class> IsotypicEnergies(const std::vector<std::uint8_t>& table,
                                        int n) {
  const std::size_t size = table.size();
  const std::size_t full = size - 1;
  const int half = n / 2;
  std::vector<mpq_class> energy(half + 1, 0);
  std::vector<std::int32_t> h(size);
  // Index x of the table has bit (n−1−i) for position i; the S_n action only
  // permutes bits, so sets are simply bit masks.
  for (int w = 0; w <= n; ++w) {
    const bool complement = w > n - w;
    const int m = complement ? n - w : w;
    std::fill(h.begin(), h.end(), 0);
    for (std::size_t x = 0; x < size; ++x) {
      if (std::popcount(x) != w) continue;
      h[complement ? (~x & full) : x] = table[x] ? 1 : -1;
    }
    SupersetSums(h.data(), size);
    // Shadow norms N_i, i = 0 ... m.
    std::vector<__int128> norms(m + 1, 0);
    for (std::size_t a = 0; a < size; ++a) {
      const int i = std::popcount(a);
      if (i > m) continue;
      norms[i] += static_cast<__int128>(h[a]) * h[a];
    }
    // Solve N_i = Σ_{k<=i} C(m−k, i−k)·C(n−i−k, m−i)·E_k for E_0 ... E_m.
    std::vector<mpq_class> e(m + 1);
    for (int i = 0; i <= m; ++i) {
      mpq_class rest(FromInt128(norms[i]));
      for (int k = 0; k < i; ++k) {
        rest -= mpq_class(Binomial(m - k, i - k) * Binomial(n - i - k, m - i)) * e[k];
      }
      e[i] = rest / mpq_class(Binomial(n - 2 * i, m - i));
      energy[i] += e[i];
    }
  }
  for (auto& v : energy) {
    v /= mpq_class(mpz_class(1) << n);
    v.canonicalize();
  }
  return energy;
}

}  // namespace

SymmetryProfile ComputeSymmetryProfile(const std::vector<std::uint8_t>& table,
                                       int alphabet_size, int n,
                                       const SymmetryOptions& options) {
  SymmetryProfile profile;
  const int q = alphabet_size;
  // P f is the mean of f over the type class (symbol counts) of x, so
  // ‖P f‖² = q⁻ⁿ Σ_T (Σ_{x∈T} f(x))² / |T|. Types are keyed by the counts of
  // symbols 0 ... q−2 in base n+1, updated as the odometer moves.
  if (q == 2) {
    // Types are Hamming weights.
    std::vector<std::int64_t> sum(n + 1, 0);
    std::vector<std::int64_t> count(n + 1, 0);
    for (std::size_t x = 0; x < table.size(); ++x) {
      const int w = std::popcount(x);
      sum[w] += table[x] ? 1 : -1;
      ++count[w];
    }
    mpq_class total = 0;
    for (int w = 0; w <= n; ++w) {
      mpq_class term(mpz_class(static_cast<long>(sum[w])) * sum[w],
                     mpz_class(static_cast<long>(count[w])));
      term.canonicalize();
      total += term;
    }
    total /= mpq_class(mpz_class(static_cast<long>(table.size())));
    total.canonicalize();
    profile.symmetric_energy = total;
    if (table.size() <= options.isotypic_limit) {
      profile.isotypic = IsotypicEnergies(table, n);
    }
    return profile;
  }
  std::vector<std::uint64_t> weight(q, 0);
  for (int s = 0, p = 1; s + 1 < q; ++s, p *= (n + 1)) weight[s] = p;
  std::unordered_map<std::uint64_t, std::pair<std::int64_t, std::int64_t>> types;
  std::vector<int> word(n, 0);
  std::uint64_t key = n > 0 ? weight[0] * n : 0;
  for (std::size_t x = 0; x < table.size(); ++x) {
    auto& [sum, count] = types[key];
    sum += table[x] ? 1 : -1;
    ++count;
    for (int i = n - 1; i >= 0; --i) {
      key -= weight[word[i]];
      if (++word[i] < q) {
        key += weight[word[i]];
        break;
      }
      word[i] = 0;
      key += weight[0];
    }
  }
  // Sort keys so that the sum is accumulated in a fixed order.
  std::vector<std::uint64_t> keys;
  for (const auto& [k, v] : types) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  mpq_class total = 0;
  for (std::uint64_t k : keys) {
    const auto& [sum, count] = types[k];
    mpq_class term(mpz_class(static_cast<long>(sum)) * sum,
                   mpz_class(static_cast<long>(count)));
    term.canonicalize();
    total += term;
  }
  total /= mpq_class(mpz_class(static_cast<long>(table.size())));
  total.canonicalize();
  profile.symmetric_energy = total;
  if (q == 2 && table.size() <= options.isotypic_limit) {
    profile.isotypic = IsotypicEnergies(table, n);
  }
  return profile;
}

}  // namespace satcirc::automata
