// Whether the tests run under AddressSanitizer (the .ci/run sanitizer pass),
// where the longest exhaustive tests check a smaller range: the same
// assertions, fewer lengths or trials (the normal build runs them all).
#ifndef SATCIRC_TESTS_LIB_SANITIZED_H_
#define SATCIRC_TESTS_LIB_SANITIZED_H_

#include <cstdlib>

namespace satcirc::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

// How many random programs a differential test runs: `normal` (a tenth under
// the sanitizers), or SATCIRC_RANDOM_PROGRAMS when set (the full run:
// SATCIRC_RANDOM_PROGRAMS=10000 build/tests/lib/programs_test).
inline int RandomPrograms(int normal) {
  if (const char* env = std::getenv("SATCIRC_RANDOM_PROGRAMS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return kSanitized ? normal / 10 : normal;
}

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_SANITIZED_H_
