// 16 int32 lanes as a GCC vector, loaded and stored without alignment
// assumptions: shared by the transforms of automata/fourier.cc and symmetry.cc.
#ifndef SATCIRC_AUTOMATA_SIMD_H_
#define SATCIRC_AUTOMATA_SIMD_H_

#include <cstdint>
#include <cstring>

namespace satcirc::automata::internal {

typedef std::int32_t V16 __attribute__((vector_size(64)));

__attribute__((always_inline)) inline V16 Load(const std::int32_t* p) {
  V16 v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
__attribute__((always_inline)) inline void Store(std::int32_t* p, V16 v) {
  std::memcpy(p, &v, sizeof(v));
}

}  // namespace satcirc::automata::internal

#endif  // SATCIRC_AUTOMATA_SIMD_H_
