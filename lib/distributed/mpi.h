// MPI for satcirc: a process started by an MPI launcher (mpirun, Slurm's
// srun) joins the run's processes, and the checks of lib/check split their
// shards over them (CheckOptions::collective). Built only when MPI is found
// (SATCIRC_HAVE_MPI); without it, StartMpi says so and nothing else changes.
#ifndef SATCIRC_LIB_DISTRIBUTED_MPI_H_
#define SATCIRC_LIB_DISTRIBUTED_MPI_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/check/check.h"

namespace satcirc {

// Whether the environment says an MPI launcher started this process (Open
// MPI's OMPI_COMM_WORLD_SIZE, or PMI_SIZE / PMIX_RANK as srun sets them).
bool LaunchedByMpi();

// Whether this build has MPI.
bool HaveMpi();

// MPI_COMM_WORLD as a Collective; MPI is initialized by StartMpi and
// finalized when the object is destroyed.
class MpiCollective : public Collective {
 public:
  ~MpiCollective() override;
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  absl::StatusOr<std::vector<std::string>> AllGather(
      const std::string& mine) override;
  // Work is summed on rank 0 through a one-sided window (MPI_Accumulate),
  // sent at most every 100 ms from each rank.
  void AddProgress(std::uint64_t work) override;
  std::uint64_t JobProgress() override;

 private:
  friend absl::StatusOr<std::unique_ptr<MpiCollective>> StartMpi(int*, char***);
  MpiCollective() = default;
  void FlushProgress();
  int rank_ = 0;
  int size_ = 1;
  struct Window;  // the MPI window of the progress sum
  std::unique_ptr<Window> window_;
  std::uint64_t pending_ = 0;  // work not sent yet
  std::uint64_t sent_ = 0;     // work sent (this rank's share of the sum)
  std::chrono::steady_clock::time_point last_sent_{};
};

// Initializes MPI (one per process). FailedPrecondition in a build without
// MPI; Internal when MPI_Init fails.
absl::StatusOr<std::unique_ptr<MpiCollective>> StartMpi(int* argc,
                                                        char*** argv);

}  // namespace satcirc

#endif  // SATCIRC_LIB_DISTRIBUTED_MPI_H_
