#include "lib/distributed/mpi.h"

#include <cstdint>
#include <cstdlib>

#ifdef SATCIRC_HAVE_MPI
#include <mpi.h>
#endif

namespace satcirc {

bool LaunchedByMpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

#ifdef SATCIRC_HAVE_MPI

bool HaveMpi() { return true; }

struct MpiCollective::Window {
  MPI_Win win = MPI_WIN_NULL;
  std::uint64_t* sum = nullptr;  // on rank 0
};

absl::StatusOr<std::unique_ptr<MpiCollective>> StartMpi(int* argc,
                                                        char*** argv) {
  // Worker threads make no MPI calls: the thread that calls Check does.
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
      MPI_SUCCESS)
    return absl::InternalError("MPI_Init_thread failed");
  std::unique_ptr<MpiCollective> c(new MpiCollective());
  MPI_Comm_rank(MPI_COMM_WORLD, &c->rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &c->size_);
  c->window_ = std::make_unique<MpiCollective::Window>();
  const MPI_Aint bytes = c->rank_ == 0 ? sizeof(std::uint64_t) : 0;
  if (MPI_Win_allocate(bytes, sizeof(std::uint64_t), MPI_INFO_NULL,
                       MPI_COMM_WORLD, &c->window_->sum,
                       &c->window_->win) != MPI_SUCCESS)
    return absl::InternalError("MPI_Win_allocate failed");
  if (c->rank_ == 0) *c->window_->sum = 0;
  MPI_Barrier(MPI_COMM_WORLD);  // the sum is 0 before anyone adds to it
  return c;
}

MpiCollective::~MpiCollective() {
  if (window_ != nullptr && window_->win != MPI_WIN_NULL)
    MPI_Win_free(&window_->win);
  MPI_Finalize();
}

void MpiCollective::AddProgress(std::uint64_t work) {
  pending_ += work;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_sent_ < std::chrono::milliseconds(100)) return;
  last_sent_ = now;
  FlushProgress();
}

void MpiCollective::FlushProgress() {
  if (pending_ == 0) return;
  MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_->win);
  MPI_Accumulate(&pending_, 1, MPI_UINT64_T, 0, 0, 1, MPI_UINT64_T, MPI_SUM,
                 window_->win);
  MPI_Win_unlock(0, window_->win);
  sent_ += pending_;
  pending_ = 0;
}

std::uint64_t MpiCollective::JobProgress() {
  if (rank_ != 0) return sent_ + pending_;
  std::uint64_t sum = 0;
  MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_->win);
  MPI_Get(&sum, 1, MPI_UINT64_T, 0, 0, 1, MPI_UINT64_T, window_->win);
  MPI_Win_unlock(0, window_->win);
  return sum + pending_;
}

absl::StatusOr<std::vector<std::string>> MpiCollective::AllGather(
    const std::string& mine) {
  if (mine.size() > static_cast<size_t>(INT32_MAX))
    return absl::ResourceExhaustedError("more than 2 GiB to exchange");
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(size_), offsets(size_);
  if (MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT,
                    MPI_COMM_WORLD) != MPI_SUCCESS)
    return absl::InternalError("MPI_Allgather failed");
  std::int64_t total = 0;
  for (int r = 0; r < size_; ++r) {
    offsets[r] = static_cast<int>(total);
    total += lengths[r];
  }
  if (total > INT32_MAX)
    return absl::ResourceExhaustedError("more than 2 GiB to exchange");
  std::string all(static_cast<size_t>(total), '\0');
  if (MPI_Allgatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(),
                     offsets.data(), MPI_CHAR, MPI_COMM_WORLD) != MPI_SUCCESS)
    return absl::InternalError("MPI_Allgatherv failed");
  std::vector<std::string> out;
  for (int r = 0; r < size_; ++r)
    out.push_back(all.substr(offsets[r], lengths[r]));
  return out;
}

#else

bool HaveMpi() { return false; }

absl::StatusOr<std::unique_ptr<MpiCollective>> StartMpi(int*, char***) {
  return absl::FailedPreconditionError(
      "this satcirc was built without MPI (tools/dev/setup.sh installs Open "
      "MPI; then reconfigure)");
}

struct MpiCollective::Window {};

MpiCollective::~MpiCollective() = default;

void MpiCollective::AddProgress(std::uint64_t work) { pending_ += work; }

void MpiCollective::FlushProgress() {}

std::uint64_t MpiCollective::JobProgress() { return pending_; }

absl::StatusOr<std::vector<std::string>> MpiCollective::AllGather(
    const std::string& mine) {
  return std::vector<std::string>{mine};
}

#endif

}  // namespace satcirc
