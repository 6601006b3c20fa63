#include "automata/regular_language.h"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cmath>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/dfa_sampler.h"
#include "automata/minimize.h"
#include "automata/random.h"

namespace satcirc::automata {
namespace {

// A DFA sampler with a direct near-miss method (RegularLanguage::NearMissFn).
class DirectNearMissSampler : public MemberSampler {
 public:
  DirectNearMissSampler(std::unique_ptr<DfaSampler> members,
                        const RegularLanguage::NearMissFn& near_miss, int n)
      : members_(std::move(members)), near_miss_(near_miss), n_(n) {}
  const mpz_class& count() const override { return members_->count(); }
  Word Sample(std::mt19937_64& rng) const override {
    return members_->Sample(rng);
  }
  std::optional<Word> SampleNearMiss(std::mt19937_64& rng) const override {
    return near_miss_(n_, rng);
  }

 private:
  std::unique_ptr<DfaSampler> members_;
  const RegularLanguage::NearMissFn& near_miss_;
  int n_;
};

Dfa Complement(const Dfa& dfa) {
  std::vector<bool> accepting(dfa.num_states());
  for (int q = 0; q < dfa.num_states(); ++q) accepting[q] = !dfa.accepting(q);
  return *Dfa::Create(dfa.alphabet(), dfa.num_states(), dfa.start(),
                      dfa.delta(), accepting);
}

// The tables of a DFA sampler, refused beyond 1 GiB with what they would take.
absl::Status CheckSamplerSize(const std::string& spec, const Dfa& dfa, int n) {
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 30;
  const std::uint64_t bytes = DfaSampler::TableBytes(dfa, n);
  if (bytes <= kLimit) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      spec, ": drawing words of length ", n, " needs ", bytes >> 20,
      " MiB of tables (", dfa.num_states(), " DFA states x ", n,
      " positions x ", dfa.alphabet().size(), " symbols); the limit is ",
      kLimit >> 20, " MiB: sample a shorter length"));
}

}  // namespace

std::vector<std::vector<mpz_class>> CountCompletions(const Dfa& dfa, int n) {
  const int k = dfa.alphabet().size();
  std::vector<std::vector<mpz_class>> c(
      n + 1, std::vector<mpz_class>(dfa.num_states()));
  for (int q = 0; q < dfa.num_states(); ++q) c[0][q] = dfa.accepting(q) ? 1 : 0;
  for (int r = 1; r <= n; ++r) {
    for (int q = 0; q < dfa.num_states(); ++q) {
      mpz_class sum = 0;
      for (int a = 0; a < k; ++a)
        sum += c[r - 1][dfa.Next(q, static_cast<Symbol>(a))];
      c[r][q] = std::move(sum);
    }
  }
  return c;
}

RegularLanguage::RegularLanguage(std::string spec, const Dfa& dfa,
                                 LanguageInfo info, NearMissFn near_miss)
    : spec_(std::move(spec)),
      dfa_(Minimize(dfa)),
      complement_(Complement(dfa_)),
      info_(std::move(info)),
      near_miss_(std::move(near_miss)) {
  info_.is_regular = true;
}

mpz_class RegularLanguage::CountMembers(int n) const {
  // Forward counts over states use less memory than the completion table.
  std::vector<mpz_class> ways(dfa_.num_states()), next(dfa_.num_states());
  ways[dfa_.start()] = 1;
  const int k = dfa_.alphabet().size();
  for (int i = 0; i < n; ++i) {
    for (auto& v : next) v = 0;
    for (int q = 0; q < dfa_.num_states(); ++q) {
      if (ways[q] == 0) continue;
      for (int a = 0; a < k; ++a)
        next[dfa_.Next(q, static_cast<Symbol>(a))] += ways[q];
    }
    std::swap(ways, next);
  }
  mpz_class total = 0;
  for (int q = 0; q < dfa_.num_states(); ++q) {
    if (dfa_.accepting(q)) total += ways[q];
  }
  return total;
}

absl::StatusOr<std::unique_ptr<MemberSampler>>
RegularLanguage::NewMemberSampler(int n) const {
  if (absl::Status st = CheckSamplerSize(spec_, dfa_, n); !st.ok()) return st;
  auto sampler = std::make_unique<DfaSampler>(dfa_, n);
  if (sampler->empty()) {
    return absl::NotFoundError(
        absl::StrCat(spec_, " has no members of length ", n));
  }
  if (near_miss_) {
    return std::make_unique<DirectNearMissSampler>(std::move(sampler),
                                                   near_miss_, n);
  }
  return sampler;
}

absl::StatusOr<std::unique_ptr<WordSampler>>
RegularLanguage::NewNonMemberSampler(int n) const {
  if (absl::Status st = CheckSamplerSize(spec_, dfa_, n); !st.ok()) return st;
  auto sampler = std::make_unique<DfaSampler>(complement_, n);
  if (sampler->empty()) {
    return absl::NotFoundError(
        absl::StrCat(spec_, " has no non-members of length ", n));
  }
  return sampler;
}

std::unique_ptr<MemberSampler> NewExactStepDfaSampler(const Dfa& dfa, int n) {
  return std::make_unique<DfaSampler>(dfa, n, true);
}

void RegularLanguage::FillMembership(int n, std::uint8_t* out) const {
  const int k = dfa_.alphabet().size();
  const int states = dfa_.num_states();
  const std::int32_t* delta = dfa_.delta().data();
  // Suffix tables: block[q] holds [q·v accepted] for every v in Σ^m, in order,
  // with m as large as keeps the tables small (k^m <= 4096 bytes, states·k^m
  // <= 2^20). The prefixes of length n − m are walked like an odometer, and
  // each costs one copy of a block: O(1) per word, at memcpy speed.
  int m = 0;
  std::size_t block = 1;
  while (m < n && block * k <= 4096 && states * block * k <= (1 << 20)) {
    block *= k;
    ++m;
  }
  // table[q * block + v], built from the last symbol backwards.
  std::vector<std::uint8_t> table(states * block), next(states * block);
  for (int q = 0; q < states; ++q) table[q] = dfa_.accepting(q);
  for (std::size_t len = 1, width = 1; static_cast<int>(len) <= m; ++len) {
    // From tables of suffix length len−1 (width values) to length len.
    for (int q = 0; q < states; ++q) {
      for (int a = 0; a < k; ++a) {
        const int t = delta[static_cast<std::size_t>(q) * k + a];
        std::memcpy(next.data() + q * width * k + a * width,
                    table.data() + t * width, width);
      }
    }
    width *= k;
    std::swap(table, next);
  }
  const int prefix = n - m;
  if (prefix == 0) {
    std::memcpy(out, table.data() + dfa_.start() * block, block);
    return;
  }
  // state[i] = state after the first i symbols of the prefix.
  std::vector<int> state(prefix + 1, dfa_.start());
  Word word(prefix, 0);
  for (int i = 0; i < prefix; ++i) state[i + 1] = delta[state[i] * k];
  std::uint8_t* dst = out;
  while (true) {
    std::memcpy(dst,
                table.data() + static_cast<std::size_t>(state[prefix]) * block,
                block);
    dst += block;
    int i = prefix - 1;
    while (i >= 0 && word[i] == k - 1) word[i--] = 0;
    if (i < 0) break;
    ++word[i];
    for (int j = i; j < prefix; ++j) {
      state[j + 1] = delta[static_cast<std::size_t>(state[j]) * k + word[j]];
    }
  }
}

}  // namespace satcirc::automata
