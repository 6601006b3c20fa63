#include "automata/counter_language.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/random.h"

namespace satcirc::automata {
namespace {

class CounterMemberSampler : public MemberSampler {
 public:
  CounterMemberSampler(const CounterLanguage& language, int n)
      : language_(language), n_(n), table_(language.Completions(n)) {
    auto it = table_[0].find(language.Start());
    count_ = it == table_[0].end() ? 0 : it->second;
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
        auto it = table_[i + 1].find(next);
        if (it == table_[i + 1].end()) continue;  // not viable
        if (x < it->second) {
          word[i] = static_cast<Symbol>(a);
          state = next;
          break;
        }
        x -= it->second;
      }
    }
    return word;
  }

 private:
  const CounterLanguage& language_;
  int n_;
  CounterLanguage::CompletionTable table_;
  mpz_class count_;
};

}  // namespace

CounterLanguage::CompletionTable CounterLanguage::Completions(int n) const {
  const int k = alphabet().size();
  CompletionTable table(n + 1);
  // Forward: the viable states of each layer.
  if (Viable(Start(), n) || n == 0) table[0].emplace(Start(), 0);
  for (int i = 0; i < n; ++i) {
    for (const auto& [state, unused] : table[i]) {
      for (int a = 0; a < k; ++a) {
        State next = state;
        if (Step(next, static_cast<Symbol>(a)) &&
            (i + 1 == n || Viable(next, n - i - 1))) {
          table[i + 1].emplace(next, 0);
        }
      }
    }
  }
  // Backward: completions.
  for (auto& [state, count] : table[n]) count = Accepts(state) ? 1 : 0;
  for (int i = n - 1; i >= 0; --i) {
    for (auto& [state, count] : table[i]) {
      for (int a = 0; a < k; ++a) {
        State next = state;
        if (!Step(next, static_cast<Symbol>(a))) continue;
        auto it = table[i + 1].find(next);
        if (it != table[i + 1].end()) count += it->second;
      }
    }
  }
  return table;
}

mpz_class CounterLanguage::CountByLayers(int n) const {
  const int k = alphabet().size();
  std::map<State, mpz_class> layer, next_layer;
  layer.emplace(Start(), 1);
  for (int i = 0; i < n; ++i) {
    next_layer.clear();
    for (const auto& [state, ways] : layer) {
      for (int a = 0; a < k; ++a) {
        State next = state;
        if (Step(next, static_cast<Symbol>(a)) && Viable(next, n - i - 1)) {
          next_layer[next] += ways;
        }
      }
    }
    std::swap(layer, next_layer);
  }
  mpz_class total = 0;
  for (const auto& [state, ways] : layer) {
    if (Accepts(state)) total += ways;
  }
  return total;
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
