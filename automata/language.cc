#include "automata/language.h"

#include <vector>

namespace satcirc::automata {

void Language::FillMembership(int n, std::uint8_t* out) const {
  const int q = alphabet().size();
  Word word(n, 0);
  std::size_t index = 0;
  while (true) {
    out[index++] = Contains(word) ? 1 : 0;
    // Odometer step: the last position is the least significant.
    int i = n - 1;
    while (i >= 0 && word[i] == q - 1) word[i--] = 0;
    if (i < 0) break;
    ++word[i];
  }
}

}  // namespace satcirc::automata
