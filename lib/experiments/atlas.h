// The atlas: every zoo model against its language and its natural neighbours,
// verified length by length — the table a researcher reads first ("saturated
// attention recognizes PARITY at every length checked; unique hard attention
// does not"), with each language's known class.
#ifndef SATCIRC_LIB_EXPERIMENTS_ATLAS_H_
#define SATCIRC_LIB_EXPERIMENTS_ATLAS_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/check/check.h"

namespace satcirc {

struct AtlasOptions {
  // Exhaustive at every n from 0 while |Σ|ⁿ <= this (2^16: n <= 16 for binary
  // alphabets, 10 for three symbols, 8 for four).
  std::uint64_t exhaustive_words = std::uint64_t{1} << 16;
  // Then these lengths on seeded samples, each moved up to the first length
  // (at most 12 further) at which the language has both members and
  // non-members.
  std::vector<int> sampled_lengths = {32, 64, 128, 256, 512, 1000, 10000};
  int samples = 1000;
  std::uint64_t seed = 1;
  int threads = 0;
  // Only these models (zoo names); empty means the whole zoo, unless
  // `file_models` is not empty.
  std::vector<std::string> models;
  // Models from outside the zoo (files), each checked against `language`
  // (relation "own"; no neighbours). `name` labels its rows (the path).
  struct FileModel {
    std::string name;
    Model model;
    std::string language;
  };
  std::vector<FileModel> file_models;
  // (pairs done, pairs in all, what is being checked now: "MODEL vs LANG at
  // n = N"), called from one thread at a time.
  std::function<void(int, int, const std::string&)> progress;
  // The processes of a distributed run, or null: process r checks the pairs
  // i with i mod R = r, and every process returns the whole atlas.
  Collective* collective = nullptr;
};

struct AtlasRow {
  std::string model;  // zoo name, or the file's name when from_file
  bool from_file = false;
  automata::Alphabet alphabet;  // the model's
  std::string language;         // spec
  // "own" (the language it was built for), "neighbour", or "negative control".
  std::string relation;
  std::string attention;  // e.g. "saturated", "hard", "saturated + hard"
  int layers = 0;
  std::string
      language_class;  // known class, with star-freeness for regular ones
  CheckReport report;
  int max_exhaustive_n = -1;  // largest length checked exhaustively
  bool holds() const { return report.holds(); }
};

struct Atlas {
  std::vector<AtlasRow> rows;
  AtlasOptions options;
};

// Checks every pair. A pair stops at its first failing length (the atlas
// reports that length and its counterexample). Pairs run on `threads`
// workers at once (0: one per core), each check on as many; the atlas is the
// same whatever the number.
absl::StatusOr<Atlas> BuildAtlas(const AtlasOptions& options = {});

std::ostream& WriteAtlasMarkdown(std::ostream& out, const Atlas& atlas);
std::ostream& WriteAtlasJson(std::ostream& out, const Atlas& atlas);

}  // namespace satcirc

#endif  // SATCIRC_LIB_EXPERIMENTS_ATLAS_H_
