// libFuzzer harness: satcirc::fuzz::BraspProgram (targets.h). A broken property
// (Internal) aborts, so that libFuzzer keeps the input as a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const absl::Status status = satcirc::fuzz::BraspProgram(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (status.code() == absl::StatusCode::kInternal) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    std::abort();
  }
  return 0;
}
