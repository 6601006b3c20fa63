// Shards and the check journal: a check's report does not depend on how its
// lengths are cut into shards; a check stopped after any shard and resumed
// from its journal ends with the same report and decides only the words of the
// shards it had not finished; journals are read back exactly and refused when
// they are of other arguments or malformed.
#include "lib/check/journal.h"

#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "automata/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/zoo/zoo.h"

namespace satcirc {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<automata::Language> Lang(const std::string& spec) {
  return *automata::ParseLanguage(spec);
}

std::unique_ptr<Decider> Exact(absl::string_view zoo_name) {
  return *MakeExactDecider(*zoo::Build(zoo_name));
}

// Every field of a report, as text.
std::string Describe(const CheckReport& report) {
  std::string s;
  for (const LengthReport& r : report.lengths) {
    absl::StrAppend(&s, r.n, " ", static_cast<int>(r.mode), " ", r.checked, " ",
                    r.members, " ", r.false_accepts, " ", r.false_rejects, " ",
                    r.members_exist, r.non_members_exist, " ",
                    r.min_abs_y_known, " ", r.min_abs_y, " ");
    if (r.counterexample) {
      absl::StrAppend(&s, "cx ", r.counterexample->size(), ":");
      for (automata::Symbol c : *r.counterexample) absl::StrAppend(&s, c, ",");
      absl::StrAppend(&s, r.counterexample_is_member);
    }
    s += "\n";
  }
  return s;
}

// Counts the words it decides (clones share the count).
class CountingDecider : public Decider {
 public:
  CountingDecider(std::shared_ptr<Decider> inner,
                  std::shared_ptr<std::atomic<std::uint64_t>> count)
      : inner_(std::move(inner)), count_(std::move(count)) {}
  bool Accept(const automata::Word& w) override {
    ++*count_;
    return inner_->Accept(w);
  }
  bool AcceptWithMargin(const automata::Word& w, double* abs_y) override {
    ++*count_;
    return inner_->AcceptWithMargin(w, abs_y);
  }
  std::unique_ptr<Decider> Clone() const override {
    return std::make_unique<CountingDecider>(inner_->Clone(), count_);
  }
  std::string engine_name() const override { return inner_->engine_name(); }
  const automata::Alphabet& alphabet() const override {
    return inner_->alphabet();
  }

 private:
  std::shared_ptr<Decider> inner_;
  std::shared_ptr<std::atomic<std::uint64_t>> count_;
};

// A store that fails to record after `limit` shards: a run killed then.
class DyingStore : public ShardStore {
 public:
  DyingStore(ShardStore& inner, int limit) : inner_(inner), limit_(limit) {}
  const LengthReport* Find(const ShardKey& key) const override {
    return inner_.Find(key);
  }
  absl::Status Record(const ShardKey& key, const LengthReport& part) override {
    if (recorded_ == limit_) return absl::AbortedError("killed");
    ++recorded_;
    return inner_.Record(key, part);
  }

 private:
  ShardStore& inner_;
  int limit_;
  int recorded_ = 0;
};

std::string TempPath(const std::string& name) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            absl::StrCat("satcirc_journal_", name))
                               .string();
  std::remove(path.c_str());
  return path;
}

const JournalArgs kArgs = {{"model", "m"}, {"lengths", "0..12"}};

struct Case {
  const char* model;
  const char* language;
  std::vector<int> lengths;
  std::uint64_t exhaustive_limit;
};
// A passing and a failing check, each with exhaustive and sampled lengths.
const Case kCases[] = {
    {"dyck1", "dyck:k=1", {0, 1, 6, 9, 10, 12}, 1024},
    {"majority", "parity", {0, 3, 8, 11, 12}, 2048},
};

TEST(ShardTest, TheReportDoesNotDependOnTheShards) {
  for (const Case& c : kCases) {
    CheckOptions options{.exhaustive_limit = c.exhaustive_limit,
                         .samples = 300};
    const std::string whole = Describe(
        *Check(*Exact(c.model), *Lang(c.language), c.lengths, options));
    for (std::uint64_t words : {1, 7, 64, 1000}) {
      options.shard_words = words;
      EXPECT_EQ(Describe(*Check(*Exact(c.model), *Lang(c.language), c.lengths,
                                options)),
                whole)
          << c.model << ", shards of " << words;
    }
  }
}

TEST(ShardTest, ExhaustiveShardsCoverTheLengthInOrder) {
  CheckOptions options{.shard_words = 100};
  const std::vector<ShardKey> shards = ExhaustiveShards(2, 10, options);
  ASSERT_EQ(shards.size(), 11u);
  EXPECT_EQ(shards.front().begin, 0u);
  EXPECT_EQ(shards.back().end, 1024u);
  for (size_t i = 1; i < shards.size(); ++i)
    EXPECT_EQ(shards[i].begin, shards[i - 1].end);
  // At most kMaxShardsPerLength, whatever the shard size asked for.
  options.shard_words = 1;
  EXPECT_EQ(ExhaustiveShards(2, 20, options).size(), kMaxShardsPerLength);
}

// Killed after k shards (k = 0 … all), then resumed from the file: the same
// report, and the resumed run decides only the unfinished shards' words.
TEST(JournalTest, AResumedCheckEqualsAnUninterruptedOne) {
  for (const Case& c : kCases) {
    CheckOptions options{.exhaustive_limit = c.exhaustive_limit,
                         .samples = 200,
                         .shard_words = 100};
    auto lang = Lang(c.language);
    std::shared_ptr<Decider> exact = Exact(c.model);
    // The uninterrupted run, journaled: its shards and the words it decides.
    const std::string full_path = TempPath(absl::StrCat(c.model, "full"));
    std::unique_ptr<CheckJournal> full = *CheckJournal::Open(full_path, kArgs);
    auto all = std::make_shared<std::atomic<std::uint64_t>>(0);
    CountingDecider counting_all(exact, all);
    CheckOptions o = options;
    o.shards = full.get();
    const std::string whole =
        Describe(*Check(counting_all, *lang, c.lengths, o));
    EXPECT_EQ(Describe(*Check(*exact, *lang, c.lengths, options)), whole);
    const int shards = static_cast<int>(full->shards().size());
    EXPECT_GT(shards, 10);
    std::remove(full_path.c_str());
    for (int k = 0; k <= shards; k += 3) {
      const std::string path = TempPath(absl::StrCat(c.model, k));
      {
        std::unique_ptr<CheckJournal> j = *CheckJournal::Open(path, kArgs);
        DyingStore dying(*j, k);
        o.shards = &dying;
        absl::StatusOr<CheckReport> r = Check(*exact, *lang, c.lengths, o);
        EXPECT_EQ(r.ok(), k == shards) << r.status();
      }
      std::unique_ptr<CheckJournal> j = *CheckJournal::Open(path, kArgs);
      ASSERT_EQ(j->loaded(), k);
      std::uint64_t done = 0;
      for (int i = 0; i < k; ++i) done += j->shards()[i].second.checked;
      auto count = std::make_shared<std::atomic<std::uint64_t>>(0);
      CountingDecider counting(exact, count);
      o.shards = j.get();
      EXPECT_EQ(Describe(*Check(counting, *lang, c.lengths, o)), whole)
          << c.model << " killed after " << k << " shards";
      EXPECT_EQ(j->found(), k);
      EXPECT_EQ(*count, *all - done) << c.model << " killed after " << k;
      std::remove(path.c_str());
    }
  }
}

// Stopped (CheckOptions::stop, set by `progress` once some work is done, as
// the Python module does on Ctrl-C): Cancelled, every shard recorded is whole
// (it reads back as the uninterrupted run recorded it), and resuming from
// them gives the uninterrupted report.
TEST(JournalTest, AStoppedCheckRecordsOnlyWholeShards) {
  for (const Case& c : kCases) {
    CheckOptions options{.exhaustive_limit = c.exhaustive_limit,
                         .samples = 200,
                         .threads = 2,
                         .shard_words = 100};
    auto lang = Lang(c.language);
    std::unique_ptr<Decider> exact = Exact(c.model);
    const std::string full_path = TempPath(absl::StrCat(c.model, "unstopped"));
    std::unique_ptr<CheckJournal> full = *CheckJournal::Open(full_path, kArgs);
    CheckOptions o = options;
    o.shards = full.get();
    const std::string whole = Describe(*Check(*exact, *lang, c.lengths, o));
    for (std::uint64_t after : {1, 500, 1500}) {
      const std::string path = TempPath(absl::StrCat(c.model, "stop", after));
      std::atomic<bool> stop{false};
      {
        std::unique_ptr<CheckJournal> j = *CheckJournal::Open(path, kArgs);
        o.shards = j.get();
        o.stop = &stop;
        o.progress = [&](std::uint64_t done, std::uint64_t) {
          if (done >= after) stop = true;
        };
        EXPECT_EQ(Check(*exact, *lang, c.lengths, o).status().code(),
                  absl::StatusCode::kCancelled)
            << c.model << " stopped after " << after;
      }
      std::unique_ptr<CheckJournal> j = *CheckJournal::Open(path, kArgs);
      EXPECT_LT(j->loaded(), static_cast<int>(full->shards().size()));
      for (const auto& [key, part] : j->shards()) {
        const LengthReport* expected = full->Find(key);
        ASSERT_NE(expected, nullptr);
        EXPECT_EQ(FormatShardRecord(key, part),
                  FormatShardRecord(key, *expected));
      }
      o = options;
      o.shards = j.get();
      EXPECT_EQ(Describe(*Check(*exact, *lang, c.lengths, o)), whole)
          << c.model << " stopped after " << after;
      std::remove(path.c_str());
    }
    std::remove(full_path.c_str());
  }
}

// Every field is read back exactly: a NaN or tiny margin, the empty word and
// symbols past 9 as counterexamples, sampled shards' classes.
TEST(JournalTest, RecordsReadBackExactly) {
  const std::string path = TempPath("exact");
  LengthReport a;
  a.n = 0;
  a.checked = 1;
  a.min_abs_y = std::ldexp(1.0, -1074);
  a.counterexample = automata::Word{};
  a.counterexample_is_member = true;
  LengthReport b;
  b.n = 3;
  b.mode = LengthMode::kSampled;
  b.checked = 3;
  b.members = 2;
  b.false_accepts = 1;
  b.min_abs_y = std::nan("");
  b.counterexample = automata::Word{11, 0, 10};
  b.members_exist = false;
  const ShardKey ka{.n = 0, .begin = 0, .end = 1};
  const ShardKey kb{.n = 3, .mode = LengthMode::kSampled, .begin = 0, .end = 3};
  {
    std::unique_ptr<CheckJournal> j = *CheckJournal::Open(path, kArgs);
    ASSERT_TRUE(j->Record(ka, a).ok());
    ASSERT_TRUE(j->Record(kb, b).ok());
  }
  std::unique_ptr<CheckJournal> j = *CheckJournal::Open(path, kArgs);
  ASSERT_EQ(j->loaded(), 2);
  const LengthReport* ra = j->Find(ka);
  const LengthReport* rb = j->Find(kb);
  ASSERT_NE(ra, nullptr);
  ASSERT_NE(rb, nullptr);
  EXPECT_EQ(ra->min_abs_y, a.min_abs_y);
  EXPECT_EQ(ra->counterexample, a.counterexample);
  EXPECT_TRUE(ra->counterexample_is_member);
  EXPECT_TRUE(std::isnan(rb->min_abs_y));
  EXPECT_EQ(rb->counterexample, b.counterexample);
  EXPECT_EQ(rb->members, 2u);
  EXPECT_EQ(rb->false_accepts, 1u);
  EXPECT_FALSE(rb->members_exist);
  EXPECT_TRUE(rb->non_members_exist);
  EXPECT_EQ(j->Find(ShardKey{.n = 3, .begin = 0, .end = 3}), nullptr);
  std::remove(path.c_str());
}

// Other arguments, a malformed record, a file that is not a journal:
// InvalidArgument naming the file and line, and the file is left alone.
TEST(JournalTest, RefusesWhatItCannotResume) {
  const std::string path = TempPath("refuse");
  {
    std::unique_ptr<CheckJournal> j = *CheckJournal::Open(path, kArgs);
    ASSERT_TRUE(j->Record({.n = 1, .begin = 0, .end = 2}, LengthReport{}).ok());
  }
  auto refusal = [&](const JournalArgs& args) {
    absl::StatusOr<std::unique_ptr<CheckJournal>> j =
        CheckJournal::Open(path, args);
    EXPECT_TRUE(absl::IsInvalidArgument(j.status()));
    return std::string(j.status().message());
  };
  EXPECT_THAT(refusal({{"model", "m"}, {"lengths", "0..13"}}),
              HasSubstr(":3: a journal of other arguments: lengths 0..12, now "
                        "lengths 0..13"));
  EXPECT_THAT(refusal({{"model", "m"}}), HasSubstr(":3: a journal of other "
                                                   "arguments (more of them)"));
  EXPECT_THAT(refusal({{"model", "m"}, {"lengths", "0..12"}, {"seed", "1"}}),
              HasSubstr(":4: a journal of other arguments (fewer of them)"));
  for (const std::string& bad :
       {std::string("shard 1 exhaustive 0 2 0 0 0 0 0x0p+0 - 0 1"),
        std::string("shard 1 partial 0 2 0 0 0 0 0x0p+0 - 0 1 1"),
        std::string("shard 1 exhaustive 2 2 0 0 0 0 0x0p+0 - 0 1 1"),
        std::string("shard 1 exhaustive 0 2 0 0 0 0 half - 0 1 1"),
        std::string("shard 1 exhaustive 0 2 0 0 0 0 0x0p+0 w:a 0 1 1"),
        std::string("shard 1 exhaustive 0 2 0 0 0 0 0x0p+0 - 2 1 1")}) {
    std::ofstream(path) << "satcirc-check-journal/1\narg model m\n"
                        << "arg lengths 0..12\n"
                        << bad << "\n";
    EXPECT_THAT(refusal(kArgs), HasSubstr(":4: not a shard record")) << bad;
  }
  std::ofstream(path) << "my notes\n";
  EXPECT_THAT(refusal(kArgs), HasSubstr(":1: not a check journal"));
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "my notes");
  std::remove(path.c_str());
}

// Processes simulated by threads: AllGather waits for every one.
class ThreadCollective {
 public:
  explicit ThreadCollective(int size) : size_(size), slots_(size) {}
  class Member : public Collective {
   public:
    Member(ThreadCollective& group, int rank) : group_(group), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return group_.size_; }
    absl::StatusOr<std::vector<std::string>> AllGather(
        const std::string& mine) override {
      return group_.Gather(rank_, mine);
    }

   private:
    ThreadCollective& group_;
    int rank_;
  };

 private:
  std::vector<std::string> Gather(int rank, const std::string& mine) {
    std::unique_lock<std::mutex> lock(mu_);
    slots_[rank] = mine;
    const int generation = generation_;
    if (++arrived_ == size_) {
      result_ = slots_;
      arrived_ = 0;
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation_ != generation; });
    }
    return result_;
  }
  int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> slots_, result_;
  int arrived_ = 0, generation_ = 0;
};

// R processes (threads here) each deciding their shards return, every one,
// the report of one process; a journal per process resumes under another R.
TEST(DistributedCheckTest, EveryProcessReturnsTheOneProcessReport) {
  for (const Case& c : kCases) {
    CheckOptions options{.exhaustive_limit = c.exhaustive_limit,
                         .samples = 200,
                         .shard_words = 100};
    auto lang = Lang(c.language);
    auto one = std::make_shared<std::atomic<std::uint64_t>>(0);
    const std::string whole = Describe(*Check(
        CountingDecider(Exact(c.model), one), *lang, c.lengths, options));
    for (int ranks : {1, 2, 3, 5}) {
      // Every word is decided once, by one process.
      auto decided = std::make_shared<std::atomic<std::uint64_t>>(0);
      ThreadCollective group(ranks);
      std::vector<std::string> reports(ranks);
      std::vector<std::thread> threads;
      for (int r = 0; r < ranks; ++r) {
        threads.emplace_back([&, r] {
          ThreadCollective::Member member(group, r);
          CheckOptions o = options;
          o.collective = &member;
          absl::StatusOr<CheckReport> report = Check(
              CountingDecider(Exact(c.model), decided), *lang, c.lengths, o);
          reports[r] = report.ok() ? Describe(*report)
                                   : std::string(report.status().message());
        });
      }
      for (std::thread& t : threads) t.join();
      EXPECT_EQ(*decided, *one) << c.model << ", " << ranks << " processes";
      for (int r = 0; r < ranks; ++r) {
        EXPECT_EQ(reports[r], whole)
            << c.model << ": rank " << r << " of " << ranks;
      }
    }
  }
}

// A distributed check's shards are recorded by the process that decided
// them; processes that find them in its journal (here, one shared journal
// read by a second run of one process) do not redo them.
TEST(DistributedCheckTest, JournaledSharesResumeInOneProcess) {
  const Case& c = kCases[1];
  CheckOptions options{.exhaustive_limit = c.exhaustive_limit,
                       .samples = 200,
                       .shard_words = 100};
  auto lang = Lang(c.language);
  std::shared_ptr<Decider> exact = Exact(c.model);
  const std::string whole = Describe(*Check(*exact, *lang, c.lengths, options));
  // Two processes, each with its own journal; then one process reads both.
  const std::string p0 = TempPath("rank0"), p1 = TempPath("rank1");
  ThreadCollective group(2);
  std::vector<std::thread> threads;
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&, r] {
      std::unique_ptr<CheckJournal> j =
          *CheckJournal::Open(r == 0 ? p0 : p1, kArgs);
      ThreadCollective::Member member(group, r);
      CheckOptions o = options;
      o.collective = &member;
      o.shards = j.get();
      EXPECT_TRUE(Check(*exact, *lang, c.lengths, o).ok());
    });
  }
  for (std::thread& t : threads) t.join();
  std::unique_ptr<CheckJournal> j = *CheckJournal::Open(p0, kArgs, {p1});
  EXPECT_GT(j->loaded(), 10);
  auto count = std::make_shared<std::atomic<std::uint64_t>>(0);
  CountingDecider counting(exact, count);
  CheckOptions o = options;
  o.shards = j.get();
  EXPECT_EQ(Describe(*Check(counting, *lang, c.lengths, o)), whole);
  EXPECT_EQ(*count, 0u);  // every shard found
  std::remove(p0.c_str());
  std::remove(p1.c_str());
}

TEST(JournalTest, FingerprintIsFnv1a) {
  EXPECT_EQ(Fingerprint(""), "cbf29ce484222325");
  EXPECT_EQ(Fingerprint("a"), "af63dc4c8601ec8c");
}

}  // namespace
}  // namespace satcirc
