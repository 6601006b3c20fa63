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

absl::StatusOr<std::unique_ptr<MpiCollective>> StartMpi(int* argc,
                                                        char*** argv) {
  if (MPI_Init(argc, argv) != MPI_SUCCESS)
    return absl::InternalError("MPI_Init failed");
  std::unique_ptr<MpiCollective> c(new MpiCollective());
  MPI_Comm_rank(MPI_COMM_WORLD, &c->rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &c->size_);
  return c;
}

MpiCollective::~MpiCollective() { MPI_Finalize(); }

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

MpiCollective::~MpiCollective() = default;

absl::StatusOr<std::vector<std::string>> MpiCollective::AllGather(
    const std::string& mine) {
  return std::vector<std::string>{mine};
}

#endif

}  // namespace satcirc
