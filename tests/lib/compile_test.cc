// The compiler against the fixed:p engine and the exact engine.
#include "lib/compile/compile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "automata/registry.h"
#include "circuits/stats.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/experiments/precision.h"
#include "lib/zoo/zoo.h"
#include "tests/lib/sanitized.h"

namespace satcirc {
namespace {

std::vector<automata::Word> AllWords(int k, int n) {
  std::vector<automata::Word> words;
  const std::uint64_t count = *automata::NumWords(k, n);
  automata::Word w(n, 0);
  for (std::uint64_t i = 0; i < count; ++i) {
    words.push_back(w);
    automata::NextWord(k, w);
  }
  return words;
}

// docs/semantics.md ("Circuits") and issue #5: for every zoo model and every n
// ≤ 12, at the precision p*(n) that `auto` finds, the circuit decides every
// string of length n as the fixed:p engine and the exact engine do (n ≤ 10
// under the sanitizers; the normal build runs them all). (dyck2-depth3, over
// four symbols and eleven layers, up to n = 8 here: 4^12 strings through eleven
// layers take minutes; n = 9…12 on samples below.)
TEST(CompileTest, ZooCircuitsAgreeWithBothEnginesAtEveryShortLength) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    const Model model = *e.build();
    const int max_n =
        e.name == "dyck2-depth3" ? 8 : (testing::kSanitized ? 10 : 12);
    absl::StatusOr<std::unique_ptr<automata::Language>> language =
        automata::ParseLanguage(e.language);
    ASSERT_TRUE(language.ok());
    for (int n = 0; n <= max_n; ++n) {
      absl::StatusOr<PrecisionResult> star = FindPrecision(
          model, n, {.exhaustive_limit = 1 << 24, .language = language->get()});
      ASSERT_TRUE(star.ok()) << e.name << " n = " << n << ": " << star.status();
      ASSERT_TRUE(star->exhaustive);
      const int p = star->frac_bits;
      absl::StatusOr<circuits::Circuit> circuit = Compile(model, n, p);
      ASSERT_TRUE(circuit.ok())
          << e.name << " n = " << n << ": " << circuit.status();
      EXPECT_EQ(circuit->outputs().size(), 1u) << "no overflow output";
      ExactEngine exact = *ExactEngine::Create(model);
      FixedEngine fixed = *FixedEngine::Create(model, p);
      const std::vector<automata::Word> words =
          AllWords(model.alphabet.size(), n);
      const std::vector<CircuitOutcome> out =
          RunCircuit(*circuit, model, words);
      for (size_t i = 0; i < words.size(); ++i) {
        absl::StatusOr<bool> f = fixed.Accept(words[i]);
        ASSERT_TRUE(f.ok()) << f.status();
        const bool x = exact.Accept(words[i]);
        ASSERT_EQ(out[i].accept, *f)
            << e.name << " n = " << n << " p = " << p << " '"
            << model.alphabet.Format(words[i]) << "'";
        ASSERT_EQ(*f, x) << e.name << " n = " << n << " p = " << p << " '"
                         << model.alphabet.Format(words[i]) << "'";
      }
    }
  }
}

// dyck2-depth3 beyond n = 8, on the checker's sample (members of Dyck-2 of
// depth ≤ 3, near misses, uniform strings): at 10 fractional bits, which is
// at least p*(n) there (docs/circuit-stats.md), circuit = fixed:10 = exact.
TEST(CompileTest, Dyck2CircuitsAgreeOnSamplesUpToTwelve) {
  const Model model = *zoo::Build("dyck2-depth3");
  auto language = *automata::ParseLanguage("dyck:k=2,depth=3");
  for (int n = 9; n <= 12; ++n) {
    CheckOptions co;
    co.samples = 3000;
    const std::vector<automata::Word> words =
        *SampleCheckWords(*language, n, co);
    absl::StatusOr<circuits::Circuit> circuit = Compile(model, n, 10);
    ASSERT_TRUE(circuit.ok()) << circuit.status();
    ExactEngine exact = *ExactEngine::Create(model);
    FixedEngine fixed = *FixedEngine::Create(model, 10);
    const std::vector<CircuitOutcome> out = RunCircuit(*circuit, model, words);
    int members = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      absl::StatusOr<bool> f = fixed.Accept(words[i]);
      ASSERT_TRUE(f.ok()) << f.status();
      ASSERT_EQ(out[i].accept, *f) << model.alphabet.Format(words[i]);
      ASSERT_EQ(*f, exact.Accept(words[i])) << model.alphabet.Format(words[i]);
      members += language->Contains(words[i]);
    }
    if (n % 2 == 0) {
      EXPECT_GT(members, 1000) << n;
    }
  }
}

// At p*(n) − 1 the search's witness really is a disagreement.
TEST(CompileTest, PrecisionWitnessDisagrees) {
  const Model model = *zoo::Build("parity");
  for (int n = 2; n <= 10; ++n) {
    absl::StatusOr<PrecisionResult> star = FindPrecision(model, n);
    ASSERT_TRUE(star.ok());
    ASSERT_GT(star->frac_bits, 0);
    ASSERT_TRUE(star->witness.has_value());
    FixedEngine below = *FixedEngine::Create(model, star->frac_bits - 1);
    ExactEngine exact = *ExactEngine::Create(model);
    absl::StatusOr<bool> f = below.Accept(*star->witness);
    EXPECT_TRUE(!f.ok() || *f != exact.Accept(*star->witness));
  }
}

// Depth does not grow with n: no depth over n = 13…24 passes the largest over
// n = 2…12, for every zoo model at a fixed precision (2…16 split at 8 under
// the sanitizers).
TEST(CompileTest, DepthDoesNotGrowWithLength) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    const Model model = *e.build();
    int small = 0, large = 0;
    const int max_n = testing::kSanitized ? 16 : 24, split = max_n / 2;
    for (int n = 2; n <= max_n; ++n) {
      absl::StatusOr<circuits::Circuit> c = Compile(model, n, 10);
      ASSERT_TRUE(c.ok()) << e.name << " n = " << n << ": " << c.status();
      const int depth = circuits::ComputeStats(*c).depth;
      (n <= split ? small : large) =
          std::max(n <= split ? small : large, depth);
    }
    EXPECT_LE(large, small) << e.name;
  }
}

// fixed:p's range errors become the circuit's "overflow" output.
TEST(CompileTest, OverflowOutputMarksRangeErrors) {
  Model model = *zoo::Build("dyck1");
  model.integer_bits = 1;  // counts leave [−2, 2)
  model.positional.push_back({0, PositionalFunction::kPosition});
  const int n = 6;
  absl::StatusOr<circuits::Circuit> c = Compile(model, n, 3);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->outputs().size(), 2u);
  EXPECT_EQ(c->outputs()[1].name, "overflow");
  FixedEngine fixed = *FixedEngine::Create(model, 3);
  const std::vector<automata::Word> words = AllWords(2, n);
  const std::vector<CircuitOutcome> out = RunCircuit(*c, model, words);
  int errors = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    absl::StatusOr<bool> f = fixed.Accept(words[i]);
    ASSERT_EQ(out[i].overflow, !f.ok()) << model.alphabet.Format(words[i]);
    if (f.ok()) {
      ASSERT_EQ(out[i].accept, *f);
    } else {
      ++errors;
      EXPECT_EQ(f.status().code(), absl::StatusCode::kOutOfRange);
      EXPECT_THAT(std::string(f.status().message()),
                  ::testing::HasSubstr("outside the declared range"));
    }
  }
  EXPECT_GT(errors, 0);
}

TEST(CompileTest, RefusesWhatItCannotCompile) {
  Model softmax = *zoo::Build("majority");
  softmax.layers[0].heads[0].mode = AttentionMode::kSoftmax;
  absl::StatusOr<circuits::Circuit> c = Compile(softmax, 4, 4);
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(c.status().message()),
              ::testing::HasSubstr("softmax"));

  const Model parity = *zoo::Build("parity");
  absl::StatusOr<std::int64_t> estimate = EstimateGates(parity, 64, 12);
  ASSERT_TRUE(estimate.ok());
  c = Compile(parity, 64, 12, {.max_gates = *estimate - 1});
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(c.status().message()),
              ::testing::HasSubstr(absl::StrCat("estimated at ", *estimate)));
  EXPECT_FALSE(Compile(parity, 4, 61).ok());
  EXPECT_FALSE(Compile(parity, -1, 4).ok());
}

// The wire budget stops the build where it is passed, whatever the gate
// budget; a budget the circuit stays under changes nothing.
TEST(CompileTest, WireBudgetStopsTheBuild) {
  const Model parity = *zoo::Build("parity");
  absl::StatusOr<circuits::Circuit> c =
      Compile(parity, 64, 12, {.max_gates = 0, .max_wires = 1000});
  EXPECT_EQ(c.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(c.status().message()),
              ::testing::HasSubstr("budget of 1000 wires"));
  EXPECT_THAT(std::string(c.status().message()),
              ::testing::HasSubstr("(raise --max-wires)"));

  const absl::StatusOr<circuits::Circuit> free =
      Compile(parity, 16, 8, {.max_wires = 0});
  ASSERT_TRUE(free.ok());
  const absl::StatusOr<circuits::Circuit> unsimplified =
      Compile(parity, 16, 8, {.max_wires = 0, .simplify = false});
  ASSERT_TRUE(unsimplified.ok());
  const auto wires = static_cast<std::int64_t>(unsimplified->num_wires());
  absl::StatusOr<circuits::Circuit> at =
      Compile(parity, 16, 8, {.max_wires = wires});
  ASSERT_TRUE(at.ok()) << at.status();
  EXPECT_EQ(at->num_wires(), free->num_wires());
  EXPECT_EQ(Compile(parity, 16, 8, {.max_wires = wires - 1}).status().code(),
            absl::StatusCode::kResourceExhausted);
}

// The estimate is an upper-bound-minded guess: never below the real size on
// the zoo.
TEST(CompileTest, EstimateIsAtLeastTheSize) {
  for (const zoo::ZooEntry& e : zoo::Entries()) {
    const Model model = *e.build();
    for (int n : {1, 4, 9, 16}) {
      absl::StatusOr<circuits::Circuit> c = Compile(model, n, 8);
      ASSERT_TRUE(c.ok());
      EXPECT_GE(*EstimateGates(model, n, 8),
                circuits::ComputeStats(*c).num_logic_gates)
          << e.name << " n = " << n;
    }
  }
}

}  // namespace
}  // namespace satcirc
