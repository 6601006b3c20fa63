// A check's journal: the shards it finished (ShardStore), kept in a file that
// is rewritten atomically — a temporary file renamed over it — after each
// one. A check killed at any point (SIGINT, SIGKILL) and started again with
// the same arguments finds the shards finished before, does not redo them,
// and ends with the same report. The journal's first lines name the
// arguments; a journal of other arguments is refused, naming the first that
// differs, and a file that is not a journal is never overwritten.
//
// The format (text, one record a line):
//   satcirc-check-journal/1
//   arg NAME VALUE              (the check's arguments, in order)
//   shard N MODE BEGIN END CHECKED MEMBERS FALSE+ FALSE- MIN|Y| CX CX-MEMBER
//         MEMBERS-EXIST NON-MEMBERS-EXIST
// MODE is exhaustive or sampled; MIN|Y| a C99 hexadecimal float (exact) or
// nan; CX "-" for none, else "w:" and the counterexample's symbol indices
// separated by commas.
#ifndef SATCIRC_LIB_CHECK_JOURNAL_H_
#define SATCIRC_LIB_CHECK_JOURNAL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/check/check.h"

namespace satcirc {

// NAME VALUE pairs: what makes two checks the same check.
using JournalArgs = std::vector<std::pair<std::string, std::string>>;

class CheckJournal : public ShardStore {
 public:
  // The journal at `path` for a check with these arguments: the shards of an
  // existing journal of the same arguments, or none when the file does not
  // exist yet (it is written at the first shard). InvalidArgument, naming the
  // file and line, for a journal of other arguments, a malformed one, or a
  // file that is not a journal.
  // The journals in `also_read` (those of the other processes of a
  // distributed run) are read too, for Find; shards are recorded in `path`
  // alone.
  static absl::StatusOr<std::unique_ptr<CheckJournal>> Open(
      const std::string& path, const JournalArgs& args,
      const std::vector<std::string>& also_read = {});

  const LengthReport* Find(const ShardKey& key) const override;
  absl::Status Record(const ShardKey& key, const LengthReport& part) override;

  // Shards read from the file when it was opened, and how many of them a
  // check has found since.
  int loaded() const { return loaded_; }
  int found() const { return found_; }
  // The shards of `path`: those read, then those recorded.
  const std::vector<std::pair<ShardKey, LengthReport>>& shards() const {
    return shards_;
  }

 private:
  CheckJournal(std::string path, const JournalArgs& args);
  static absl::StatusOr<std::vector<std::pair<ShardKey, LengthReport>>> Parse(
      const std::string& file, const std::string& text,
      const JournalArgs& args);
  std::string Text() const;

  std::string path_;
  std::string header_;
  std::vector<std::pair<ShardKey, LengthReport>> shards_;  // in path_
  std::vector<std::pair<ShardKey, LengthReport>> others_;  // also_read
  int loaded_ = 0;
  mutable int found_ = 0;
};

// A fingerprint of bytes (FNV-1a, 64 bits, as 16 hex digits): the same on
// every machine and run, for arguments too long to write out (a model).
std::string Fingerprint(const std::string& bytes);

}  // namespace satcirc

#endif  // SATCIRC_LIB_CHECK_JOURNAL_H_
