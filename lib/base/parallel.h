// Chunked parallel loops over string indices (internal to lib/).
#ifndef SATCIRC_LIB_BASE_PARALLEL_H_
#define SATCIRC_LIB_BASE_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <system_error>
#include <thread>
#include <vector>

namespace satcirc::internal {

// Worker threads for `requested` (0: one per core).
inline int ThreadsFor(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

// Runs work(w) for w = 0 … threads − 1, worker 0 on the calling thread, the
// others on threads of their own. Where the system makes no more threads (a
// process limit), the workers it could not start are skipped: callers whose
// workers take their work from a shared queue get the same result.
inline void RunWorkers(int threads, const std::function<void(int)>& work) {
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work, t);
    } catch (const std::system_error&) {
      break;
    }
  }
  work(0);
  for (std::thread& t : pool) t.join();
}

// Runs fn(worker, begin, end) over [0, total) in increasing chunks on
// `threads` workers (worker 0 is the calling thread); a chunk that starts at or
// after stop_at() is skipped. fn is called concurrently with distinct workers.
inline void ForChunks(
    std::uint64_t total, int threads,
    const std::function<std::uint64_t()>& stop_at,
    const std::function<void(int, std::uint64_t, std::uint64_t)>& fn) {
  const std::uint64_t chunk = std::max<std::uint64_t>(64, total / 256 + 1);
  std::atomic<std::uint64_t> next{0};
  auto worker = [&](int w) {
    while (true) {
      const std::uint64_t begin = next.fetch_add(chunk);
      if (begin >= total || begin >= stop_at()) break;
      fn(w, begin, std::min(total, begin + chunk));
    }
  };
  RunWorkers(threads, worker);
}

}  // namespace satcirc::internal

#endif  // SATCIRC_LIB_BASE_PARALLEL_H_
