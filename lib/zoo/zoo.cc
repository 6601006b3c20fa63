#include "lib/zoo/zoo.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace satcirc::zoo {

const std::vector<ZooEntry>& Entries() {
  static const auto* entries = [] {
    auto* e = new std::vector<ZooEntry>{
        {"dyck1", "dyck:k=1",
         "balanced parentheses: causal uniform head for the prefix balance, then a max "
         "head for the most negative prefix",
         "REFERENCES.md, Dyck-1; Merrill, Sabharwal, Smith 2022, sec. 5 (saturated heads "
         "count)",
         &BuildDyck1},
        {"majority", "majority",
         "strict majority of 1s: one uniform saturated head, no positional encoding",
         "Merrill et al. 2021, sec. 5; REFERENCES.md, MAJORITY", &BuildMajority},
    };
    std::sort(e->begin(), e->end(),
              [](const ZooEntry& a, const ZooEntry& b) { return a.name < b.name; });
    return e;
  }();
  return *entries;
}

absl::StatusOr<Model> Build(absl::string_view name) {
  std::vector<std::string> names;
  for (const ZooEntry& e : Entries()) {
    if (e.name == name) return e.build();
    names.push_back(e.name);
  }
  return absl::NotFoundError(absl::StrCat("zoo:", name, ": no such construction (known: ",
                                          absl::StrJoin(names, ", "), ")"));
}

}  // namespace satcirc::zoo
