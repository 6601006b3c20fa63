// Internal to lib/programs: what the program compilers share — features laid
// out in the first layer that can read their inputs, and Boolean functions of
// 0/1 features as one ReLU layer each.
#ifndef SATCIRC_LIB_PROGRAMS_ASSEMBLER_H_
#define SATCIRC_LIB_PROGRAMS_ASSEMBLER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "automata/alphabet.h"
#include "lib/model/builder.h"

namespace satcirc::programs::internal {

// A Boolean function of m bits.
using Table = std::function<bool(const std::vector<bool>&)>;

class Assembler {
 public:
  // More inputs than this in one Boolean function (2^m units) is refused.
  static constexpr int kMaxInputs = 12;

  Assembler(std::string name, const automata::Alphabet& alphabet);
  ModelBuilder& builder() { return b_; }
  // Layer l (from 1), made on demand.
  LayerBuilder& Layer(int l);
  // Stages: 0 is the embedding, 2l − 1 after layer l's attention, 2l after
  // its MLP. The first layer whose MLP (heads) can read a stage-s feature:
  static int MlpLayer(int s) { return s % 2 == 0 ? s / 2 + 1 : (s + 1) / 2; }
  static int HeadLayer(int s) { return (s + 1) / 2 + 1; }
  // A new feature, 0 until something writes it, available at `stage`.
  Feature Make(const std::string& name, int stage);
  // Registers an embedding feature (stage 0).
  Feature Input(Feature f);
  int Stage(Feature f) const { return stage_.at(f.index); }
  int Stage(const Linear& l) const;
  // The constant feature 1 (positional), made by the constructor.
  Feature one() const { return one_; }
  // A 0/1 feature equal to f(in) wherever every input is 0 or 1: one ReLU
  // unit per assignment where f is 1 (or 0, subtracted from 1, when those are
  // fewer); the input itself for the identity, one() for a constant 1, a
  // feature never written for a constant 0.
  absl::StatusOr<Feature> Function(const std::string& name,
                                   const std::vector<Feature>& in,
                                   const Table& f);

 private:
  ModelBuilder b_;
  std::vector<LayerBuilder*> layers_;
  std::map<int, int> stage_;  // feature index -> stage
  Feature one_;
};

}  // namespace satcirc::programs::internal

#endif  // SATCIRC_LIB_PROGRAMS_ASSEMBLER_H_
