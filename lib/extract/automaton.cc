#include "lib/extract/automaton.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "automata/minimize.h"
#include "automata/syntactic_monoid.h"
#include "lib/extract/model_language.h"
#include "lib/extract/sample_words.h"

namespace satcirc::extract {
namespace {

constexpr std::uint64_t kDefaultEvidence = std::uint64_t{1} << 16;

// The strings the oracle checks, with the model's decisions: all of Σⁿ for
// n ≤ N (tables in lexicographic order), then the sampled words.
struct Evidence {
  int k = 0;
  std::vector<std::vector<std::uint8_t>> tables;  // [n][index]
  std::vector<std::pair<automata::Word, bool>> samples;
  std::map<automata::Word, bool> sampled;  // the same, for lookups
};

// The longest N with |Σ⁰| + … + |Σᴺ| within kDefaultEvidence.
int DefaultExhaustiveLength(int k) {
  std::uint64_t total = 1;  // Σ⁰
  int n = 0;
  while (true) {
    const std::optional<std::uint64_t> next = automata::NumWords(k, n + 1);
    if (!next || total + *next > kDefaultEvidence) return n;
    total += *next;
    ++n;
  }
}

absl::StatusOr<Evidence> Gather(const Decider& decider,
                                const automata::Language* target, int length,
                                const AutomatonOptions& options) {
  Evidence e;
  e.k = decider.alphabet().size();
  const ModelLanguage model(decider, "the model", options.threads);
  for (int n = 0; n <= length; ++n) {
    if (absl::Status s = model.CheckCountingLimits(n); !s.ok()) return s;
    std::vector<std::uint8_t> table(*automata::NumWords(e.k, n));
    model.FillMembership(n, table.data());
    e.tables.push_back(std::move(table));
  }
  std::unique_ptr<Decider> d = decider.Clone();
  for (const int n : options.test_lengths) {
    absl::StatusOr<std::vector<automata::Word>> words = UniformAndCheckerWords(
        target, e.k, n, options.samples, options.seed, 9);
    if (!words.ok()) return words.status();
    for (automata::Word& w : *words) {
      if (e.sampled.contains(w)) continue;
      const bool a = d->Accept(w);
      e.sampled.emplace(w, a);
      e.samples.emplace_back(std::move(w), a);
    }
  }
  if (d->failure()) return d->failure()->status;
  if (absl::Status s = model.failure(); !s.ok()) return s;
  return e;
}

std::uint64_t IndexOf(const automata::Word& w, int k) {
  std::uint64_t i = 0;
  for (const automata::Symbol s : w) i = i * k + s;
  return i;
}

// The first string of the evidence the hypothesis decides otherwise. The
// states of Σⁿ in lexicographic order come from those of Σⁿ⁻¹ (string i·k + s
// is string i followed by s), so each string costs one transition.
std::optional<automata::Word> Disagreement(const Evidence& e,
                                           const automata::Dfa& h) {
  std::vector<std::int32_t> states = {h.start()}, next;
  for (size_t n = 0; n < e.tables.size(); ++n) {
    if (n > 0) {
      next.resize(states.size() * e.k);
      for (size_t i = 0; i < next.size(); ++i) {
        next[i] =
            h.Next(states[i / e.k], static_cast<automata::Symbol>(i % e.k));
      }
      states.swap(next);
    }
    for (std::uint64_t i = 0; i < e.tables[n].size(); ++i) {
      if (h.accepting(states[i]) != (e.tables[n][i] != 0)) {
        return automata::WordAt(e.k, static_cast<int>(n), i);
      }
    }
  }
  for (const auto& [w, a] : e.samples) {
    if (h.Contains(w) != a) return w;
  }
  return std::nullopt;
}

void Describe(const automata::Language* target, ExtractedAutomaton& r) {
  absl::StatusOr<automata::SyntacticMonoid> monoid =
      automata::ComputeSyntacticMonoid(r.learned.dfa);
  if (monoid.ok()) {
    r.monoid_size = monoid->size;
    r.star_free = monoid->aperiodic;
  }
  if (target && target->dfa()) {
    r.difference = automata::ShortestDifference(r.learned.dfa, *target->dfa());
    r.equals_language = !r.difference.has_value();
  }
}

}  // namespace

absl::StatusOr<ExtractedAutomaton> ExtractAutomaton(
    const Decider& decider, const automata::Language* target,
    const AutomatonOptions& options) {
  const int k = decider.alphabet().size();
  if (target && target->alphabet().symbols() != decider.alphabet().symbols()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the model's alphabet is '", decider.alphabet().symbols(), "', ",
        target->spec(), "'s '", target->alphabet().symbols(), "'"));
  }
  ExtractedAutomaton r;
  r.exhaustive_length = options.exhaustive_length >= 0
                            ? options.exhaustive_length
                            : DefaultExhaustiveLength(k);
  const std::optional<std::uint64_t> last =
      automata::NumWords(k, r.exhaustive_length);
  if (!last || *last > kMaxModelLanguageWords) {
    return absl::InvalidArgumentError(absl::StrCat(
        "exhaustive length ", r.exhaustive_length, ": ", k, "^",
        r.exhaustive_length, " strings of that length, more than the ",
        kMaxModelLanguageWords, " a model is run on for one length"));
  }
  absl::StatusOr<Evidence> e =
      Gather(decider, target, r.exhaustive_length, options);
  if (!e.ok()) return e.status();
  for (const auto& t : e->tables) r.exhaustive_strings += t.size();
  r.sampled_strings = e->samples.size();
  std::unique_ptr<Decider> d = decider.Clone();
  auto member = [&](const automata::Word& w) {
    if (static_cast<int>(w.size()) <= r.exhaustive_length) {
      return e->tables[w.size()][IndexOf(w, k)] != 0;
    }
    const auto it = e->sampled.find(w);
    return it != e->sampled.end() ? it->second : d->Accept(w);
  };
  auto equivalent = [&](const automata::Dfa& h)
      -> absl::StatusOr<std::optional<automata::Word>> {
    return Disagreement(*e, h);
  };
  absl::StatusOr<automata::LStarResult> learned =
      automata::LearnDfa(decider.alphabet(), member, equivalent, options.lstar);
  if (!learned.ok()) {
    if (!absl::IsResourceExhausted(learned.status())) return learned.status();
    const AutomatonOptions::Names& n = options.names;
    return absl::ResourceExhaustedError(absl::StrCat(
        learned.status().message(),
        ". No DFA that small agrees with the model on the evidence: its "
        "function is not regular there, or it errs on strings the evidence "
        "holds (fewer ",
        n.test_lengths, " or a smaller ", n.exhaustive_length, " ask less; ",
        n.max_states, " allows more)"));
  }
  if (d->failure()) return d->failure()->status;
  r.learned = *std::move(learned);
  Describe(target, r);
  return r;
}

}  // namespace satcirc::extract
