// Differential random testing of the three pipelines — the exact engine, the
// fixed:p engine and the compiled circuit — against each other and against
// the naive reference (tests/lib/reference_engine.h), on seeded random small
// models (1–2 layers, every mode and mask) and every string of lengths 1–8.
// A disagreement is shrunk to a minimal model, length and string before it is
// reported.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "lib/compile/compile.h"
#include "lib/engine/engine.h"
#include "lib/experiments/precision.h"
#include "lib/model/model_io.h"
#include "tests/lib/random_model.h"
#include "tests/lib/reference_engine.h"
#include "tests/lib/sanitized.h"

namespace satcirc {
namespace {

using automata::Word;

std::vector<Word> WordsOfLength(int k, int n) {
  std::vector<Word> words;
  Word w(n, 0);
  for (std::uint64_t i = 0; i < *automata::NumWords(k, n); ++i) {
    words.push_back(w);
    automata::NextWord(k, w);
  }
  return words;
}

struct Disagreement {
  Word word;
  std::string what;
};

// A check of one (model, n, p): the first disagreement, if any.
using Property =
    std::function<std::optional<Disagreement>(const Model&, int n, int p)>;

// Every pipeline against every other at (n, p): exact vs the reference,
// fixed:p vs its reference (value and range error), the circuit vs fixed:p
// (decision, and its overflow output vs the range error), and at p*(n) the
// circuit vs the exact engine.
struct Coverage {
  int range_errors = 0;  // strings on which fixed:p reported one
  int accepts = 0, rejects = 0;
  int precisions_found = 0;
};
Coverage coverage;

std::optional<Disagreement> AllPipelines(const Model& model, int n, int p) {
  absl::StatusOr<ExactEngine> exact = ExactEngine::Create(model);
  absl::StatusOr<FixedEngine> fixed = FixedEngine::Create(model, p);
  absl::StatusOr<circuits::Circuit> circuit = Compile(model, n, p);
  if (!exact.ok() || !fixed.ok() || !circuit.ok()) {
    return Disagreement{
        {},
        absl::StrCat("a pipeline failed to build: ", exact.status().ToString(),
                     " / ", fixed.status().ToString(), " / ",
                     circuit.status().ToString())};
  }
  const std::vector<Word> words = WordsOfLength(model.alphabet.size(), n);
  const std::vector<CircuitOutcome> outcomes =
      RunCircuit(*circuit, model, words);
  for (size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    const Rational ref = testing::ReferenceRun(model, w);
    if (exact->Run(w).value != ref) return Disagreement{w, "exact ≠ reference"};
    const testing::ReferenceOutcome ref_fixed =
        testing::ReferenceRunFixed(model, w, p);
    absl::StatusOr<Decision> f = fixed->Run(w);
    if (f.ok() == ref_fixed.range_error) {
      return Disagreement{w, "fixed range error ≠ reference range error"};
    }
    if (f.ok() && f->value != ref_fixed.y) {
      return Disagreement{w, "fixed value ≠ reference fixed value"};
    }
    if (outcomes[i].overflow != !f.ok()) {
      return Disagreement{w, "circuit overflow output ≠ fixed range error"};
    }
    if (f.ok() && outcomes[i].accept != f->accept) {
      return Disagreement{w, "circuit ≠ fixed"};
    }
    ++(!f.ok() ? coverage.range_errors
               : (f->accept ? coverage.accepts : coverage.rejects));
  }
  absl::StatusOr<PrecisionResult> star =
      FindPrecision(model, n, {.threads = 1});
  if (star.ok()) {
    ++coverage.precisions_found;
    absl::StatusOr<circuits::Circuit> c = Compile(model, n, star->frac_bits);
    if (!c.ok()) return Disagreement{{}, "no circuit at p*"};
    const std::vector<CircuitOutcome> at_star = RunCircuit(*c, model, words);
    for (size_t i = 0; i < words.size(); ++i) {
      if (at_star[i].overflow || at_star[i].accept != exact->Accept(words[i])) {
        return Disagreement{words[i], "circuit at p* ≠ exact"};
      }
    }
  }
  return std::nullopt;
}

// ---- Shrinking ----

// Smaller variants of a model, one edit each: fewer layers, heads, hidden
// units, positional features, special tokens; one weight zeroed or made an
// integer.
std::vector<Model> Shrinks(const Model& m) {
  std::vector<Model> out;
  auto zero_entries = [&](auto get) {
    // get(Model&) returns a std::vector<Rational>* (matrix data or vector).
    Model probe = m;
    const size_t size = get(probe)->size();
    for (size_t i = 0; i < size; ++i) {
      Model c = m;
      Rational& r = (*get(c))[i];
      if (r.IsZero()) continue;
      const Rational old = r;
      r = 0;
      out.push_back(c);
      if (!old.IsInteger()) {
        Model c2 = m;
        (*get(c2))[i] = old.Sign();
        out.push_back(c2);
      }
    }
  };
  if (m.layers.size() > 1) {
    for (size_t l = 0; l < m.layers.size(); ++l) {
      Model c = m;
      c.layers.erase(c.layers.begin() + l);
      out.push_back(c);
    }
  }
  for (size_t l = 0; l < m.layers.size(); ++l) {
    for (size_t h = 0; h < m.layers[l].heads.size(); ++h) {
      Model c = m;
      c.layers[l].heads.erase(c.layers[l].heads.begin() + h);
      out.push_back(c);
    }
    const int hidden = m.layers[l].mlp.hidden();
    for (int i = 0; i < hidden; ++i) {
      Model c = m;
      Mlp& mlp = c.layers[l].mlp;
      Mlp smaller;
      smaller.w1 = Matrix(hidden - 1, m.dim());
      smaller.w2 = Matrix(m.dim(), hidden - 1);
      for (int r = 0, k = 0; r < hidden; ++r) {
        if (r == i) continue;
        for (int f = 0; f < m.dim(); ++f) {
          smaller.w1.at(k, f) = mlp.w1.at(r, f);
          smaller.w2.at(f, k) = mlp.w2.at(f, r);
        }
        smaller.b1.push_back(mlp.b1[r]);
        ++k;
      }
      smaller.b2 = mlp.b2;
      mlp = smaller;
      out.push_back(c);
    }
    if (!m.layers[l].mlp.b2.empty()) {
      Model c = m;
      c.layers[l].mlp.b2.clear();
      out.push_back(c);
    }
  }
  for (size_t i = 0; i < m.positional.size(); ++i) {
    Model c = m;
    c.positional.erase(c.positional.begin() + i);
    out.push_back(c);
  }
  zero_entries([](Model& x) { return &x.token_embedding.data; });
  for (size_t l = 0; l < m.layers.size(); ++l) {
    for (size_t h = 0; h < m.layers[l].heads.size(); ++h) {
      zero_entries([l, h](Model& x) { return &x.layers[l].heads[h].w_q.data; });
      zero_entries([l, h](Model& x) { return &x.layers[l].heads[h].w_k.data; });
      zero_entries([l, h](Model& x) { return &x.layers[l].heads[h].w_v.data; });
      zero_entries([l, h](Model& x) { return &x.layers[l].heads[h].w_o.data; });
    }
    zero_entries([l](Model& x) { return &x.layers[l].mlp.w1.data; });
    zero_entries([l](Model& x) { return &x.layers[l].mlp.w2.data; });
    zero_entries([l](Model& x) { return &x.layers[l].mlp.b1; });
    zero_entries([l](Model& x) { return &x.layers[l].mlp.b2; });
  }
  zero_entries([](Model& x) { return &x.readout.weights; });
  if (!m.readout.bias.IsZero()) {
    Model c = m;
    c.readout.bias = 0;
    out.push_back(c);
  }
  return out;
}

struct Counterexample {
  Model model;
  int n = 0;
  int p = 0;
  Disagreement disagreement;
};

// Greedy shrinking to a 1-minimal counterexample: no single edit of Shrinks,
// and no shorter length or smaller precision, still fails.
Counterexample Shrink(Counterexample c, const Property& property) {
  bool progress = true;
  while (progress) {
    progress = false;
    for (int n = 1; n < c.n && !progress; ++n) {
      if (auto d = property(c.model, n, c.p)) {
        c.n = n;
        c.disagreement = *d;
        progress = true;
      }
    }
    for (int p = 0; p < c.p && !progress; ++p) {
      if (auto d = property(c.model, c.n, p)) {
        c.p = p;
        c.disagreement = *d;
        progress = true;
      }
    }
    for (const Model& m : Shrinks(c.model)) {
      if (progress) break;
      if (!ValidateModel(m).ok()) continue;
      if (auto d = property(m, c.n, c.p)) {
        c.model = m;
        c.disagreement = *d;
        progress = true;
      }
    }
  }
  return c;
}

std::string Report(const Counterexample& c) {
  return absl::StrCat("n = ", c.n, ", p = ", c.p, ", input '",
                      c.model.alphabet.Format(c.disagreement.word),
                      "': ", c.disagreement.what, "\nminimal model:\n",
                      WriteModelToString(c.model));
}

// Layers, heads, hidden units, positional features and nonzero weights.
int Size(const Model& m) {
  auto nonzero = [](const std::vector<Rational>& v) {
    int c = 0;
    for (const Rational& r : v) c += !r.IsZero();
    return c;
  };
  int size = static_cast<int>(m.layers.size() + m.positional.size()) +
             nonzero(m.token_embedding.data) + nonzero(m.readout.weights) +
             !m.readout.bias.IsZero();
  for (const Layer& l : m.layers) {
    size += static_cast<int>(l.heads.size()) + l.mlp.hidden() +
            nonzero(l.mlp.w1.data) + nonzero(l.mlp.w2.data) +
            nonzero(l.mlp.b1) + nonzero(l.mlp.b2);
    for (const Head& h : l.heads) {
      size += nonzero(h.w_q.data) + nonzero(h.w_k.data) + nonzero(h.w_v.data) +
              nonzero(h.w_o.data);
    }
  }
  return size;
}

TEST(DifferentialTest, EveryPipelineAgreesOnRandomModels) {
  std::mt19937_64 rng(5);
  int pairs = 0;
  const int trials = testing::kSanitized ? 12 : 60;
  for (int trial = 0; trial < trials; ++trial) {
    Model m = testing::RandomModel(rng);
    // Narrow declared ranges half the time: range errors happen.
    m.integer_bits = rng() % 2 ? 32 : 1 + static_cast<int>(rng() % 4);
    const int max_n = m.alphabet.size() == 2 ? 8 : 5;
    for (int n = 1; n <= max_n; ++n) {
      const int p = static_cast<int>(rng() % 7);
      if (auto d = AllPipelines(m, n, p)) {
        const Counterexample c = Shrink({m, n, p, *d}, AllPipelines);
        FAIL() << "trial " << trial << ": " << Report(c);
      }
      ++pairs;
    }
  }
  EXPECT_GT(pairs, trials * 5);
  // Not vacuous: every outcome happened, and p* was found for most.
  EXPECT_GT(coverage.range_errors, trials * 8);
  EXPECT_GT(coverage.accepts, trials * 8);
  EXPECT_GT(coverage.rejects, trials * 8);
  EXPECT_GT(coverage.precisions_found, pairs / 2);
  std::printf("range errors %d, accepts %d, rejects %d, p* found %d of %d\n",
              coverage.range_errors, coverage.accepts, coverage.rejects,
              coverage.precisions_found, pairs);
}

// The shrinker on a real disagreement: fixed:0 against the exact engine
// disagrees on most random models; the shrunk model still disagrees, is no
// larger, and no single further edit keeps the disagreement.
std::optional<Disagreement> FixedMatchesExact(const Model& model, int n,
                                              int p) {
  absl::StatusOr<ExactEngine> exact = ExactEngine::Create(model);
  absl::StatusOr<FixedEngine> fixed = FixedEngine::Create(model, p);
  for (const Word& w : WordsOfLength(model.alphabet.size(), n)) {
    absl::StatusOr<bool> f = fixed->Accept(w);
    if (!f.ok() || *f != exact->Accept(w)) {
      return Disagreement{w, "fixed ≠ exact"};
    }
  }
  return std::nullopt;
}

TEST(DifferentialTest, ShrinkingFindsOneMinimalCounterexamples) {
  std::mt19937_64 rng(17);
  int shrunk = 0;
  for (int trial = 0; trial < 40 && shrunk < 5; ++trial) {
    Model m = testing::RandomModel(rng);
    auto d = FixedMatchesExact(m, 4, 0);
    if (!d) continue;
    const Counterexample c = Shrink({m, 4, 0, *d}, FixedMatchesExact);
    EXPECT_TRUE(FixedMatchesExact(c.model, c.n, c.p).has_value());
    EXPECT_LE(c.n, 4);
    EXPECT_LE(Size(c.model), Size(m));
    for (const Model& s : Shrinks(c.model)) {
      if (ValidateModel(s).ok()) {
        EXPECT_FALSE(FixedMatchesExact(s, c.n, c.p).has_value())
            << "not minimal:\n"
            << Report(c);
      }
    }
    ++shrunk;
  }
  EXPECT_EQ(shrunk, 5);
}

}  // namespace
}  // namespace satcirc
