#include "lib/zoo/zoo.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace satcirc::zoo {

const std::vector<ZooEntry>& Entries() {
  static const auto* entries = [] {
    auto* e = new std::vector<ZooEntry>{
        {"majority", "majority", false,
         "strict majority of 1s: one uniform saturated head, threshold 1/2 + "
         "1/(4n)",
         "Merrill et al. 2021, sec. 5",
         &BuildMajority},
        {"parity", "parity", false,
         "odd number of 1s: a counting head, then a saturated score peak at j "
         "= #1 "
         "reading (-1)^j",
         "Chiang & Cholak 2022 (counting), a saturated score peak for (-1)^k",
         &BuildParity},
        {"first", "first", false,
         "first symbol is 1: one hard_left head with tied scores",
         "Hahn 2020; Hao, Angluin, Frank 2022 (unique hard attention)",
         &BuildFirst},
        {"dyck1", "dyck:k=1", false,
         "balanced parentheses: causal uniform head for the prefix balance, "
         "then a max "
         "head for the most negative prefix",
         "Merrill, Sabharwal, Smith 2022, sec. 5 "
         "(saturated heads "
         "count)",
         &BuildDyck1},
        {"anbn", "anbn", false,
         "a^n b^n: counting heads for #a - #b and for a 'b' before an 'a', a "
         "max head",
         "Merrill et al. 2021, sec. 5 (counting with saturated attention)",
         &BuildAnbn},
        {"anbncn", "anbncn", false,
         "a^n b^n c^n: two counting heads, order violations, a max head",
         "Merrill et al. 2021, sec. 5 (counting with saturated attention)",
         &BuildAnbncn},
        {"dyck2-depth3", "dyck:k=2,depth=3", false,
         "Dyck-(2,3) with hard attention: 3 rounds cancel innermost pairs (11 "
         "layers)",
         "Yao, Peng, Papadimitriou, Narasimhan 2021, Thm 4.1 (rounds of "
         "cancellation)",
         &BuildDyck2Depth3},
        {"tomita1", "tomita:1", false, "1*: a hard head looks for a 0",
         "Yang, Chiang, Angluin 2024 (masked hard attention = star-free)",
         &BuildTomita1},
        {"tomita2", "tomita:2", false,
         "(10)*: symbol vs (-1)^p, a hard head for a mismatch",
         "Yang, Chiang, Angluin 2024 (masked hard attention = star-free)",
         &BuildTomita2},
        {"tomita4", "tomita:4", false,
         "no 000: strict hard heads read the two previous symbols",
         "Yang, Chiang, Angluin 2024 (masked hard attention = star-free)",
         &BuildTomita4},
        {"tomita7", "tomita:7", false,
         "0*1*0*1*: strict hard heads track the subsequence 1010",
         "Yang, Chiang, Angluin 2024 (masked hard attention = star-free)",
         &BuildTomita7},
        {"majority-hard", "majority", true,
         "negative control: majority's weights with a hard_left head (computes "
         "FIRST)",
         "Hahn 2020; Hao, Angluin, Frank 2022: unique hard attention cannot "
         "count",
         &BuildMajorityHard},
        {"parity-hard", "parity", true,
         "negative control: parity's weights with hard_left heads (rejects "
         "everything)",
         "Furst, Saxe, Sipser 1984; Hahn 2020: PARITY is not in AC0",
         &BuildParityHard},
    };
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
  return absl::NotFoundError(absl::StrCat(
      "zoo:", name,
      ": no such construction (known: ", absl::StrJoin(names, ", "), ")"));
}

}  // namespace satcirc::zoo
