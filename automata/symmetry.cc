#include "automata/symmetry.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "automata/simd.h"

namespace satcirc::automata {
namespace {

using internal::Load;
using internal::Store;
using internal::V16;

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

// In place: h[A] = Σ_{S ⊇ A} h[S] (the superset-sum, or zeta, transform): for
// each bit, h[A] += h[A | bit] when A lacks the bit. Bits 1, 2, 4, 8 within
// 16-lane vectors, then three bits per pass over the data on whole vectors.
// Multiversioned like the Walsh–Hadamard transform (fourier.cc).
__attribute__((target_clones("avx512f", "avx2", "default"))) void SupersetSums(
    std::int32_t* h, std::size_t size) {
  if (size < 16) {
    for (std::size_t bit = 1; bit < size; bit <<= 1) {
      for (std::size_t a = 0; a < size; ++a) {
        if (!(a & bit)) h[a] += h[a | bit];
      }
    }
    return;
  }
  const V16 lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  const V16 zero = {};
  for (std::size_t i = 0; i < size; i += 16) {
    V16 v = Load(h + i);
    v += (lane & 1) ? zero : __builtin_shuffle(v, lane ^ 1);
    v += (lane & 2) ? zero : __builtin_shuffle(v, lane ^ 2);
    v += (lane & 4) ? zero : __builtin_shuffle(v, lane ^ 4);
    v += (lane & 8) ? zero : __builtin_shuffle(v, lane ^ 8);
    Store(h + i, v);
  }
  std::size_t span = 16;
  for (; 8 * span <= size; span *= 8) {
    for (std::size_t base = 0; base < size; base += 8 * span) {
      std::int32_t* x = h + base;
      for (std::size_t j = 0; j < span; j += 16) {
        V16 v[8];
        for (int t = 0; t < 8; ++t) v[t] = Load(x + t * span + j);
        for (int bit = 1; bit < 8; bit <<= 1) {
          for (int t = 0; t < 8; ++t) {
            if (!(t & bit)) v[t] += v[t | bit];
          }
        }
        for (int t = 0; t < 8; ++t) Store(x + t * span + j, v[t]);
      }
    }
  }
  for (; 2 * span <= size; span *= 2) {
    for (std::size_t base = 0; base < size; base += 2 * span) {
      std::int32_t* lo = h + base;
      for (std::size_t j = 0; j < span; j += 16) {
        Store(lo + j, Load(lo + j) + Load(lo + span + j));
      }
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
  // Hamming weights of all indices, once (the baseline target has no popcnt).
  std::vector<std::uint8_t> weight(size, 0);
  for (std::size_t x = 1; x < size; ++x) {
    weight[x] = static_cast<std::uint8_t>(weight[x >> 1] + (x & 1));
  }
  // Index x of the table has bit (n−1−i) for position i; the S_n action only
  // permutes bits, so sets are simply bit masks.
  for (int w = 0; w <= n; ++w) {
    const bool complement = w > n - w;
    const int m = complement ? n - w : w;
    std::fill(h.begin(), h.end(), 0);
    for (std::size_t x = 0; x < size; ++x) {
      if (weight[x] != w) continue;
      h[complement ? (~x & full) : x] = table[x] ? 1 : -1;
    }
    SupersetSums(h.data(), size);
    // Shadow norms N_i, i = 0 ... m. |h| <= C(n, n/2) < 2^23 for n <= 24, so
    // chunks of 2^12 squares fit in 64 bits.
    std::vector<__int128> norms(m + 1, 0);
    std::vector<std::uint64_t> chunk(n + 1, 0);
    for (std::size_t begin = 0; begin < size; begin += 4096) {
      const std::size_t end = std::min(size, begin + 4096);
      for (std::size_t a = begin; a < end; ++a) {
        const std::int64_t v = h[a];
        chunk[weight[a]] += static_cast<std::uint64_t>(v * v);
      }
      for (int i = 0; i <= n; ++i) {
        if (i <= m) norms[i] += chunk[i];
        chunk[i] = 0;
      }
    }
    // Solve N_i = Σ_{k<=i} C(m−k, i−k)·C(n−i−k, m−i)·E_k for E_0 ... E_m.
    std::vector<mpq_class> e(m + 1);
    for (int i = 0; i <= m; ++i) {
      mpq_class rest(FromInt128(norms[i]));
      for (int k = 0; k < i; ++k) {
        rest -= mpq_class(Binomial(m - k, i - k) * Binomial(n - i - k, m - i)) *
                e[k];
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

// Per type class (a (sum, count) pair): the sum of ±1 (+1 for a member) over
// the strings of the class, and their number.
using ClassSums = std::vector<std::pair<std::int64_t, std::int64_t>>;

// The class sums for a binary alphabet, whose types are Hamming weights: one
// per weight 0 ... n.
ClassSums WeightClassSums(const std::vector<std::uint8_t>& table, int n) {
  std::vector<std::int64_t> sum(n + 1, 0);
  std::vector<std::int64_t> count(n + 1, 0);
  for (std::size_t x = 0; x < table.size(); ++x) {
    const int w = std::popcount(x);
    sum[w] += table[x] ? 1 : -1;
    ++count[w];
  }
  ClassSums classes;
  for (int w = 0; w <= n; ++w) classes.emplace_back(sum[w], count[w]);
  return classes;
}

// The class sums for an alphabet of q symbols, in increasing order of the type
// key: the counts of symbols 0 ... q−2 in base n+1, updated as the odometer
// moves.
ClassSums TypeClassSums(const std::vector<std::uint8_t>& table, int q, int n) {
  std::vector<std::uint64_t> weight(q, 0);
  for (int s = 0, p = 1; s + 1 < q; ++s, p *= (n + 1)) weight[s] = p;
  std::unordered_map<std::uint64_t, std::pair<std::int64_t, std::int64_t>>
      types;
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
  ClassSums classes;
  for (std::uint64_t k : keys) classes.push_back(types[k]);
  return classes;
}

// ‖P f‖² = q⁻ⁿ Σ_T (Σ_{x∈T} f(x))² / |T|, from the class sums of a table of
// `table_size` = qⁿ entries.
mpq_class SymmetricEnergy(const ClassSums& classes, std::size_t table_size) {
  mpq_class total = 0;
  for (const auto& [sum, count] : classes) {
    mpq_class term(mpz_class(static_cast<long>(sum)) * sum,
                   mpz_class(static_cast<long>(count)));
    term.canonicalize();
    total += term;
  }
  total /= mpq_class(mpz_class(static_cast<long>(table_size)));
  total.canonicalize();
  return total;
}

}  // namespace

SymmetryProfile ComputeSymmetryProfile(const std::vector<std::uint8_t>& table,
                                       int alphabet_size, int n,
                                       const SymmetryOptions& options) {
  SymmetryProfile profile;
  const int q = alphabet_size;
  // P f is the mean of f over the type class (symbol counts) of x.
  profile.symmetric_energy = SymmetricEnergy(
      q == 2 ? WeightClassSums(table, n) : TypeClassSums(table, q, n),
      table.size());
  if (q == 2 && table.size() <= options.isotypic_limit) {
    profile.isotypic = IsotypicEnergies(table, n);
  }
  return profile;
}

}  // namespace satcirc::automata
