// The function a model computes, as a language: w is a member when the model
// (under one engine) accepts it. So every analysis of automata/ — average
// sensitivity, Walsh–Fourier and symmetry spectra, membership tables — runs
// on a trained network, its limit or a construction, beside the language it
// was meant to recognize (satcirc analyze --model).
//
// Counting runs the model on all of Σⁿ; there are no uniform samplers of its
// members or non-members (Unimplemented). A decider that fails on a string
// (fixed:P out of its range) answers false there; failure() then holds the
// first such failure, which callers must check after using the language.
#ifndef SATCIRC_LIB_EXTRACT_MODEL_LANGUAGE_H_
#define SATCIRC_LIB_EXTRACT_MODEL_LANGUAGE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "automata/analyze.h"
#include "automata/language.h"
#include "lib/check/check.h"

namespace satcirc::extract {

// The most strings a ModelLanguage runs for one length (16 M): minutes on a
// small model.
inline constexpr std::uint64_t kMaxModelLanguageWords = std::uint64_t{1} << 24;

class ModelLanguage : public automata::Language {
 public:
  // `name` is what spec() returns (e.g. the --model argument); threads: 0 is
  // one per core.
  ModelLanguage(const Decider& decider, std::string name, int threads = 0);

  const automata::Alphabet& alphabet() const override;
  std::string spec() const override { return name_; }
  bool Contains(const automata::Word& word) const override;
  automata::LanguageInfo info() const override;
  // ResourceExhausted beyond kMaxModelLanguageWords strings of length n.
  absl::Status CheckCountingLimits(int n) const override;
  // Runs the model on Σⁿ. Beyond the limit: 0, with failure() set.
  mpz_class CountMembers(int n) const override;
  absl::StatusOr<std::unique_ptr<automata::MemberSampler>> NewMemberSampler(
      int n) const override;
  absl::StatusOr<std::unique_ptr<automata::WordSampler>> NewNonMemberSampler(
      int n) const override;
  double NonMemberShareAtLeast(int n) const override;
  // Every word of Σⁿ run on the model, in parallel (the last length's table
  // is kept: analyses ask for the same length more than once).
  void FillMembership(int n, std::uint8_t* out) const override;

  // OK, or the first failure of the decider on a string.
  absl::Status failure() const;

 private:
  const std::vector<std::uint8_t>& Table(int n) const;

  std::unique_ptr<Decider> decider_;
  std::string name_;
  int threads_;
  mutable std::mutex mu_;
  mutable int table_n_ = -1;
  mutable std::vector<std::uint8_t> table_;
  mutable absl::Status failure_;
};

// The analyses of automata/analyze.h of the function `decider` computes at
// each length, and on how many strings of Σⁿ it agrees with `target`.
// Exhaustive lengths only (ResourceExhausted beyond kMaxModelLanguageWords);
// InvalidArgument when the alphabets differ; a decider's failure as it is.
struct FunctionAnalysis {
  automata::LengthAnalysis analysis;
  std::uint64_t agrees = 0;
};
absl::StatusOr<std::vector<FunctionAnalysis>> AnalyzeModelFunction(
    const Decider& decider, const std::string& name,
    const automata::Language& target, const std::vector<int>& lengths,
    const automata::AnalyzeOptions& options);

}  // namespace satcirc::extract

#endif  // SATCIRC_LIB_EXTRACT_MODEL_LANGUAGE_H_
