#include "lib/extract/model_language.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "lib/base/parallel.h"

namespace satcirc::extract {

ModelLanguage::ModelLanguage(const Decider& decider, std::string name,
                             int threads)
    : decider_(decider.Clone()),
      name_(std::move(name)),
      threads_(internal::ThreadsFor(threads)) {}

const automata::Alphabet& ModelLanguage::alphabet() const {
  return decider_->alphabet();
}

bool ModelLanguage::Contains(const automata::Word& word) const {
  std::lock_guard<std::mutex> lock(mu_);
  const bool accept = decider_->Accept(word);
  if (decider_->failure() && failure_.ok()) {
    failure_ = decider_->failure()->status;
  }
  return accept;
}

automata::LanguageInfo ModelLanguage::info() const {
  return {.is_regular = false,
          .known_not_regular = false,
          .known_class = "",
          .description = absl::StrCat("the strings ", name_, " accepts (",
                                      decider_->engine_name(), ")")};
}

absl::Status ModelLanguage::CheckCountingLimits(int n) const {
  const std::optional<std::uint64_t> total =
      automata::NumWords(alphabet().size(), n);
  if (total && *total <= kMaxModelLanguageWords) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat(name_, " at n = ", n, ": ", alphabet().size(), "^", n,
                   " strings, more than the ", kMaxModelLanguageWords,
                   " a model is run on for one length"));
}

const std::vector<std::uint8_t>& ModelLanguage::Table(int n) const {
  // Called with mu_ held.
  if (table_n_ == n) return table_;
  if (absl::Status s = CheckCountingLimits(n); !s.ok()) {
    if (failure_.ok()) failure_ = s;
    table_.clear();
    table_n_ = n;
    return table_;
  }
  const int k = alphabet().size();
  const std::uint64_t total = *automata::NumWords(k, n);
  table_.assign(total, 0);
  std::vector<std::unique_ptr<Decider>> clones;
  for (int t = 0; t < threads_; ++t) clones.push_back(decider_->Clone());
  internal::ForChunks(
      total, threads_, [] { return std::numeric_limits<std::uint64_t>::max(); },
      [&](int w, std::uint64_t begin, std::uint64_t end) {
        for (std::uint64_t i = begin; i < end; ++i) {
          table_[i] = clones[w]->Accept(automata::WordAt(k, n, i));
        }
      });
  for (const auto& c : clones) {
    if (c->failure() && failure_.ok()) failure_ = c->failure()->status;
  }
  table_n_ = n;
  return table_;
}

void ModelLanguage::FillMembership(int n, std::uint8_t* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  const std::vector<std::uint8_t>& t = Table(n);
  std::copy(t.begin(), t.end(), out);  // nothing beyond the limit
}

mpz_class ModelLanguage::CountMembers(int n) const {
  std::lock_guard<std::mutex> lock(mu_);
  const std::vector<std::uint8_t>& t = Table(n);
  return mpz_class(
      static_cast<unsigned long>(std::count(t.begin(), t.end(), 1)));
}

double ModelLanguage::NonMemberShareAtLeast(int n) const {
  const mpz_class members = CountMembers(n);
  const double total =
      static_cast<double>(*automata::NumWords(alphabet().size(), n));
  return 1 - members.get_d() / total;
}

absl::StatusOr<std::unique_ptr<automata::MemberSampler>>
ModelLanguage::NewMemberSampler(int /*n*/) const {
  return absl::UnimplementedError(absl::StrCat(
      name_,
      ": a model's members have no uniform sampler (the strings of "
      "a length are enumerated instead)"));
}

absl::StatusOr<std::unique_ptr<automata::WordSampler>>
ModelLanguage::NewNonMemberSampler(int /*n*/) const {
  return absl::UnimplementedError(absl::StrCat(
      name_,
      ": a model's non-members have no uniform sampler (the strings "
      "of a length are enumerated instead)"));
}

absl::Status ModelLanguage::failure() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

absl::StatusOr<std::vector<FunctionAnalysis>> AnalyzeModelFunction(
    const Decider& decider, const std::string& name,
    const automata::Language& target, const std::vector<int>& lengths,
    const automata::AnalyzeOptions& options) {
  if (decider.alphabet().symbols() != target.alphabet().symbols()) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " has the alphabet '", decider.alphabet().symbols(), "', ",
        target.spec(), " '", target.alphabet().symbols(), "'"));
  }
  const ModelLanguage model(decider, name);
  std::vector<FunctionAnalysis> out;
  for (const int n : lengths) {
    if (absl::Status s = model.CheckCountingLimits(n); !s.ok()) return s;
    FunctionAnalysis f;
    absl::StatusOr<automata::LengthAnalysis> a =
        automata::AnalyzeLength(model, n, options);
    if (!a.ok()) return a.status();
    f.analysis = *std::move(a);
    absl::StatusOr<std::vector<std::uint8_t>> mine =
        automata::MembershipTable(model, n);
    absl::StatusOr<std::vector<std::uint8_t>> theirs =
        automata::MembershipTable(target, n);
    if (!mine.ok()) return mine.status();
    if (!theirs.ok()) return theirs.status();
    for (size_t i = 0; i < mine->size(); ++i) {
      f.agrees += (*mine)[i] == (*theirs)[i];
    }
    if (absl::Status s = model.failure(); !s.ok()) return s;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace satcirc::extract
