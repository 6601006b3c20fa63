// p*(n): the smallest precision at which the fixed-point engine decides every
// string of length n as the exact engine does (issue #5, `--precision auto`;
// Merrill, Sabharwal, Smith 2022 need O(log n) bits for saturated attention).
#ifndef SATCIRC_LIB_EXPERIMENTS_PRECISION_H_
#define SATCIRC_LIB_EXPERIMENTS_PRECISION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "automata/language.h"
#include "lib/model/model.h"

namespace satcirc {

struct PrecisionOptions {
  // Every string of length n when |Σ|ⁿ is at most this; beyond it, a seeded
  // sample.
  std::uint64_t exhaustive_limit = std::uint64_t{1} << 20;
  // Strings in the sample, and its seed. With a language, the checker's mix
  // (half members, near misses, uniform strings: SampleCheckWords), which
  // reaches the strings where rounding matters; without, uniform strings.
  int samples = 2000;
  std::uint64_t seed = 1;
  const automata::Language* language = nullptr;
  // The search gives up above this many fractional bits.
  int max_frac_bits = 40;
  int threads = 0;  // 0: one per core
};

struct PrecisionResult {
  int n = 0;
  int frac_bits = 0;  // p*(n)
  bool exhaustive = false;
  std::uint64_t strings = 0;
  // When p* > 0: a string on which fixed:(p*−1) disagrees with the exact
  // engine, and how.
  std::optional<automata::Word> witness;
  std::string witness_reason;
};

// Tries p = 0, 1, 2, … and returns the first at which fixed:p agrees with the
// exact engine on every string tried (a range error counts as a
// disagreement). NotFound when none up to max_frac_bits does.
absl::StatusOr<PrecisionResult> FindPrecision(
    const Model& model, int n, const PrecisionOptions& options = {});

}  // namespace satcirc

#endif  // SATCIRC_LIB_EXPERIMENTS_PRECISION_H_
