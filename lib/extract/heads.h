// The heads of a model in its saturated limit (docs/heads.md), as Merrill et
// al. (2021) read them off saturated networks: at each position a saturated
// head averages its argmax set — the keys of maximal score. A head whose
// argmax sets stay a few positions as n grows attends locally; one whose sets
// grow with n averages, and so counts.
#ifndef SATCIRC_LIB_EXTRACT_HEADS_H_
#define SATCIRC_LIB_EXTRACT_HEADS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/language.h"
#include "lib/model/model.h"

namespace satcirc::extract {

struct HeadsOptions {
  // Strings per length: every string when |Σ|ⁿ is at most this, else a
  // sample of `samples` (uniform strings, and with a language as many from
  // its checker's mix).
  std::uint64_t exhaustive_limit = 256;
  int samples = 100;
  std::uint64_t seed = 1;
};

// One head at one length, over the attention rows of the strings: one row per
// position whose mask is not empty.
struct HeadLength {
  int n = 0;
  std::uint64_t strings = 0;
  std::uint64_t rows = 0;
  double mean_size = 0;  // mean |argmax set|
  int max_size = 0;
  double single_share = 0;   // rows with |argmax set| = 1
  double mean_fraction = 0;  // mean |argmax set| / |keys of the mask|
};

struct HeadReport {
  std::string name;         // "L1H2 (name)" as the model names it
  int layer = 0, head = 0;  // from 1
  Mask mask = Mask::kNone;
  std::vector<HeadLength> lengths;
  // "local", "averaging" or "mixed" (docs/heads.md).
  std::string kind;
  // The growth of mean_size with n: exponent of a power-law fit (nullopt
  // with fewer than two lengths).
  std::optional<double> growth;
};

// The attention limit of `model` (AttentionLimit) run by the exact engine on
// the strings of each length (lengths ≥ 1). Errors: AttentionLimit's, a
// length with more than 2^20 attention entries per string for one head.
absl::StatusOr<std::vector<HeadReport>> AnalyzeHeads(
    const Model& model, const automata::Language* language,
    const std::vector<int>& lengths, const HeadsOptions& options = {});

}  // namespace satcirc::extract

#endif  // SATCIRC_LIB_EXTRACT_HEADS_H_
