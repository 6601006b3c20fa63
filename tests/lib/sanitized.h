// Whether the tests run under AddressSanitizer (the .ci/run sanitizer pass),
// where the longest exhaustive tests check a smaller range: the same
// assertions, fewer lengths or trials (the normal build runs them all).
#ifndef SATCIRC_TESTS_LIB_SANITIZED_H_
#define SATCIRC_TESTS_LIB_SANITIZED_H_

namespace satcirc::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace satcirc::testing

#endif  // SATCIRC_TESTS_LIB_SANITIZED_H_
