// The zoo: hand-built constructions, each with its source. `zoo:NAME` names one
// wherever a model is taken. See docs/zoo.md.
#ifndef SATCIRC_LIB_ZOO_ZOO_H_
#define SATCIRC_LIB_ZOO_ZOO_H_

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "lib/model.h"

namespace satcirc::zoo {

struct ZooEntry {
  std::string name;      // e.g. "majority"
  std::string language;  // the language spec it recognizes, e.g. "majority"
  std::string summary;   // one line
  std::string source;    // paper and section
  absl::StatusOr<Model> (*build)();
};

// All entries, sorted by name.
const std::vector<ZooEntry>& Entries();

// The model called `name`; an unknown name is an error listing the known ones.
absl::StatusOr<Model> Build(absl::string_view name);

// Constructions (one file each in lib/zoo/).
absl::StatusOr<Model> BuildMajority();  // majority.cc
absl::StatusOr<Model> BuildDyck1();     // dyck1.cc

}  // namespace satcirc::zoo

#endif  // SATCIRC_LIB_ZOO_ZOO_H_
