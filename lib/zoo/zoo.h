// The zoo: hand-built constructions, each with its source. `zoo:NAME` names one
// wherever a model is taken. See docs/zoo.md.
#ifndef SATCIRC_LIB_ZOO_ZOO_H_
#define SATCIRC_LIB_ZOO_ZOO_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/model/model.h"

namespace satcirc::zoo {

struct ZooEntry {
  std::string name;  // e.g. "majority"
  // The language spec it is checked against, e.g. "majority". For a negative
  // control, the language it fails to recognize.
  std::string language;
  bool negative_control = false;
  std::string summary;  // one line
  std::string source;   // paper and section
  absl::StatusOr<Model> (*build)();
};

// All entries: the constructions, then the negative controls (docs/zoo.md
// order).
const std::vector<ZooEntry>& Entries();

// The model called `name`; an unknown name is an error listing the known ones.
absl::StatusOr<Model> Build(absl::string_view name);

// Constructions (one file each in lib/zoo/).
absl::StatusOr<Model> BuildMajority();      // majority.cc
absl::StatusOr<Model> BuildMajorityHard();  // majority.cc (negative control)
absl::StatusOr<Model> BuildParity();        // parity.cc
absl::StatusOr<Model> BuildParityHard();    // parity.cc (negative control)
absl::StatusOr<Model> BuildFirst();         // first.cc
absl::StatusOr<Model> BuildDyck1();         // dyck1.cc
absl::StatusOr<Model> BuildAnbn();          // anbn.cc
absl::StatusOr<Model> BuildAnbncn();        // anbn.cc
// Dyck-(k, D) with hard attention, 3D + 2 layers (dyck_kd.cc); 1 <= k <= 4.
absl::StatusOr<Model> BuildDyckKD(int k, int depth);
absl::StatusOr<Model> BuildDyck2Depth3();  // dyck_kd.cc
absl::StatusOr<Model> BuildTomita1();      // tomita.cc
absl::StatusOr<Model> BuildTomita2();
absl::StatusOr<Model> BuildTomita4();
absl::StatusOr<Model> BuildTomita7();

}  // namespace satcirc::zoo

#endif  // SATCIRC_LIB_ZOO_ZOO_H_
