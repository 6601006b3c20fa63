#include "automata/counter_language.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/random.h"

namespace satcirc::automata {
namespace {

class CounterMemberSampler : public MemberSampler {
 public:
  CounterMemberSampler(const CounterLanguage& language, int n)
      : language_(language), n_(n) {
    count_ = language.Completions(language.Start(), n);
  }
  const mpz_class& count() const override { return count_; }

  Word Sample(std::mt19937_64& rng) const override {
    const int k = language_.alphabet().size();
    mpz_class x = UniformBelow(count_, rng);
    Word word(n_);
    CounterLanguage::State state = language_.Start();
    for (int i = 0; i < n_; ++i) {
      for (int a = 0; a < k; ++a) {
        CounterLanguage::State next = state;
        if (!language_.Step(next, static_cast<Symbol>(a))) continue;
        mpz_class c = language_.Completions(next, n_ - i - 1);
        if (x < c) {
          word[i] = static_cast<Symbol>(a);
          state = next;
          break;
        }
        x -= c;
      }
    }
    return word;
  }

 private:
  const CounterLanguage& language_;
  int n_;
  mpz_class count_;
};

}  // namespace

mpz_class CounterLanguage::Completions(const State& state,
                                       int remaining) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return CompletionsLocked(state, remaining);
}

mpz_class CounterLanguage::CompletionsLocked(const State& state,
                                             int remaining) const {
  if (remaining == 0) return Accepts(state) ? 1 : 0;
  if (!Viable(state, remaining)) return 0;
  auto key = std::make_pair(state, remaining);
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  // Recursion depth is at most `remaining`; callers use modest lengths.
  mpz_class total = 0;
  const int k = alphabet().size();
  for (int a = 0; a < k; ++a) {
    State next = state;
    if (Step(next, static_cast<Symbol>(a))) {
      total += CompletionsLocked(next, remaining - 1);
    }
  }
  memo_.emplace(key, total);
  return total;
}

mpz_class CounterLanguage::CountMembers(int n) const {
  return Completions(Start(), n);
}

absl::StatusOr<std::unique_ptr<MemberSampler>>
CounterLanguage::NewMemberSampler(int n) const {
  auto sampler = std::make_unique<CounterMemberSampler>(*this, n);
  if (sampler->count() == 0) {
    return absl::NotFoundError(
        absl::StrCat(spec(), " has no members of length ", n));
  }
  return sampler;
}

}  // namespace satcirc::automata
