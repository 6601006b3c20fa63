// lib/extract: rounding checked against a brute-force search of the grid;
// quantized zoo models decide as the originals; the limit of a softmax copy
// of a saturated model is that model; CompareDecisions counted
// against the languages' own membership.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "automata/enumerate.h"
#include "automata/minimize.h"
#include "automata/registry.h"
#include "lib/check/check.h"
#include "lib/extract/automaton.h"
#include "lib/extract/compare.h"
#include "lib/extract/heads.h"
#include "lib/extract/limit.h"
#include "lib/extract/model_language.h"
#include "lib/extract/quantize.h"
#include "lib/programs/brasp.h"
#include "lib/zoo/zoo.h"

namespace satcirc::extract {
namespace {

Rational Pow2(int e) {  // 2^e, any sign of e
  Rational r = 1;
  for (int i = 0; i < std::abs(e); ++i) r = e > 0 ? r * 2 : r / 2;
  return r;
}

Rational Abs(const Rational& x) { return x.Sign() < 0 ? -x : x; }

// The nearest multiple of `step` to w, ties away from zero, by trying the
// multiples around w's double value.
Rational NearestMultiple(const Rational& w, const Rational& step) {
  const double guess = std::floor(w.ToDouble() / step.ToDouble());
  Rational best;
  bool have = false;
  for (int d = -2; d <= 3; ++d) {
    const Rational m = Rational(static_cast<long>(guess) + d) * step;
    if (!have) {
      best = m, have = true;
      continue;
    }
    const Rational e = Abs(m - w), eb = Abs(best - w);
    if (e < eb || (e == eb && Abs(m) > Abs(best))) best = m;
  }
  return best;
}

TEST(RoundTest, GridIsTheNearestMultipleTiesAwayFromZero) {
  for (int k = 0; k <= 5; ++k) {
    const Rounding r{Rounding::Kind::kGrid, k};
    for (int q = 1; q <= 12; ++q) {
      for (int p = -50; p <= 50; ++p) {
        const Rational w(p, q);
        EXPECT_EQ(Round(w, r), NearestMultiple(w, Pow2(-k)))
            << w << " on grid:" << k;
      }
    }
  }
}

TEST(RoundTest, BitsKeepsKSignificantBits) {
  for (int k = 1; k <= 5; ++k) {
    const Rounding r{Rounding::Kind::kBits, k};
    for (int q = 1; q <= 12; ++q) {
      for (int p = -50; p <= 50; ++p) {
        const Rational w(p, q);
        if (p == 0) {
          EXPECT_EQ(Round(w, r), w);
          continue;
        }
        int e = 0;  // 2^e <= |w| < 2^(e+1), found by walking
        while (Pow2(e) > Abs(w)) --e;
        while (Pow2(e + 1) <= Abs(w)) ++e;
        EXPECT_EQ(Round(w, r), NearestMultiple(w, Pow2(e - k + 1)))
            << w << " to bits:" << k;
        EXPECT_LE(Abs(Round(w, r) - w), Abs(w) * Pow2(-k));
      }
    }
  }
}

TEST(RoundTest, ParsesAndNamesItsSpecs) {
  for (const char* spec :
       {"grid:0", "grid:8", "grid:62", "bits:1", "bits:62"}) {
    absl::StatusOr<Rounding> r = ParseRounding(spec);
    ASSERT_TRUE(r.ok()) << spec << ": " << r.status();
    EXPECT_EQ(RoundingName(*r), spec);
  }
  for (const char* spec : {"grid", "grid:", "grid:-1", "grid:63", "bits:0",
                           "bits:x", "nearest:4"}) {
    absl::StatusOr<Rounding> r = ParseRounding(spec);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << spec;
    EXPECT_NE(r.status().message().find(spec), std::string::npos) << r.status();
  }
}

// Every zoo construction (negative controls included), quantized: the same
// decisions as the original under the exact engine on every string up to
// 2^14 strings, every weight within the grid's bound, and quantizing twice
// changes nothing more.
TEST(QuantizeTest, ZooModelsKeepTheirDecisions) {
  for (const zoo::ZooEntry& entry : zoo::Entries()) {
    absl::StatusOr<Model> model = entry.build();
    ASSERT_TRUE(model.ok()) << entry.name;
    for (const Rounding r : {Rounding{Rounding::Kind::kGrid, 24},
                             Rounding{Rounding::Kind::kBits, 24}}) {
      QuantizeStats stats;
      const Model q = Quantize(*model, r, &stats);
      ASSERT_TRUE(ValidateModel(q).ok()) << entry.name;
      if (r.kind == Rounding::Kind::kGrid) {
        EXPECT_LE(stats.largest_change, Pow2(-25)) << entry.name;
        EXPECT_LE(stats.largest_denominator, Pow2(24)) << entry.name;
      }
      QuantizeStats again;
      Model qq = Quantize(q, r, &again);
      EXPECT_EQ(again.changed, 0) << entry.name;
      qq.name = q.name, qq.description = q.description;
      EXPECT_EQ(qq, q) << entry.name;

      auto before = MakeExactDecider(*model);
      auto after = MakeExactDecider(q);
      ASSERT_TRUE(before.ok() && after.ok()) << entry.name;
      std::vector<int> lengths;  // every length with at most 2^14 strings
      for (int n = 0; *automata::NumWords(q.alphabet.size(), n) <= 1 << 14;
           ++n) {
        lengths.push_back(n);
      }
      absl::StatusOr<std::vector<LengthComparison>> c =
          CompareDecisions(**before, **after, nullptr, lengths, {.threads = 2});
      ASSERT_TRUE(c.ok()) << entry.name << ": " << c.status();
      for (const LengthComparison& l : *c) {
        EXPECT_EQ(l.changed, 0u)
            << entry.name << " " << RoundingName(r) << " at n = " << l.n;
      }
    }
  }
}

TEST(QuantizeTest, CoarseGridMovesWeightsAndSaysSo) {
  absl::StatusOr<Model> model = zoo::Build("majority");
  ASSERT_TRUE(model.ok());
  QuantizeStats stats;
  const Model q = Quantize(*model, {Rounding::Kind::kGrid, 0}, &stats);
  EXPECT_EQ(q.name, model->name + "-grid:0");
  EXPECT_GT(stats.weights, 0);
  EXPECT_LE(stats.largest_change, Rational(1, 2));
  EXPECT_LE(stats.changed, stats.weights);
  for (const Layer& layer : q.layers) {
    for (const Head& h : layer.heads) {
      for (const Rational& w : h.w_q.data) EXPECT_TRUE(w.IsInteger());
    }
  }
}

Model SoftmaxCopy(Model m) {
  for (Layer& layer : m.layers) {
    for (Head& h : layer.heads) h.mode = AttentionMode::kSoftmax;
  }
  return m;
}

// The attention limit of the softmax copy of every zoo model: the model with
// every head saturated — the model itself when its heads are saturated — and
// float:c at a large c decides every short string as the limit does.
TEST(LimitTest, SoftmaxCopyTendsToTheSaturatedModel) {
  for (const zoo::ZooEntry& entry : zoo::Entries()) {
    absl::StatusOr<Model> model = entry.build();
    ASSERT_TRUE(model.ok()) << entry.name;
    int heads = 0, saturated = 0;
    for (const Layer& layer : model->layers) {
      for (const Head& h : layer.heads) {
        ++heads;
        saturated += h.mode == AttentionMode::kSaturated;
      }
    }
    LimitStats stats;
    absl::StatusOr<Model> limit = AttentionLimit(SoftmaxCopy(*model), &stats);
    ASSERT_TRUE(limit.ok()) << entry.name << ": " << limit.status();
    EXPECT_EQ(stats.softmax_heads, heads) << entry.name;
    EXPECT_EQ(stats.hard_heads + stats.saturated_heads, 0) << entry.name;
    EXPECT_EQ(limit->name, model->name + "-limit");
    if (saturated == heads) {
      Model same = *limit;
      same.name = model->name, same.description = model->description;
      EXPECT_EQ(same, *model) << entry.name;
    }
    LimitStats direct;
    ASSERT_TRUE(AttentionLimit(*model, &direct).ok());
    EXPECT_EQ(direct.saturated_heads, saturated) << entry.name;
    EXPECT_EQ(direct.hard_heads, heads - saturated) << entry.name;
  }
  // zoo:majority, its softmax copy at c = 2^12: the limit's decisions.
  absl::StatusOr<Model> majority = zoo::Build("majority");
  ASSERT_TRUE(majority.ok());
  auto soft = MakeDecider(SoftmaxCopy(*majority), "float:4096");
  auto exact = MakeDecider(*AttentionLimit(SoftmaxCopy(*majority)), "exact");
  ASSERT_TRUE(soft.ok() && exact.ok());
  absl::StatusOr<std::vector<LengthComparison>> c =
      CompareDecisions(**soft, **exact, nullptr, {1, 2, 5, 8, 11}, {});
  ASSERT_TRUE(c.ok()) << c.status();
  for (const LengthComparison& l : *c) EXPECT_EQ(l.changed, 0u) << l.n;
}

TEST(LimitTest, RefusesLayerNorm) {
  absl::StatusOr<Model> model = zoo::Build("majority");
  ASSERT_TRUE(model.ok());
  model->layer_norm.placement = LayerNormPlacement::kPre;
  absl::StatusOr<Model> limit = AttentionLimit(*model);
  EXPECT_EQ(limit.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(limit.status().message().find("layer normalization"),
            std::string::npos)
      << limit.status();
}

// A zoo construction computes its language exactly: the analyses of its
// function are the language's own (automata/, from the language's membership),
// and it agrees on every string. The negative control majority-hard agrees
// where the checker says it does.
TEST(ModelLanguageTest, ZooFunctionsAnalyzeAsTheirLanguages) {
  for (const zoo::ZooEntry& entry : zoo::Entries()) {
    absl::StatusOr<Model> model = entry.build();
    ASSERT_TRUE(model.ok()) << entry.name;
    auto lang = automata::ParseLanguage(entry.language);
    ASSERT_TRUE(lang.ok()) << entry.language;
    auto decider = MakeExactDecider(*model);
    ASSERT_TRUE(decider.ok()) << entry.name;
    std::vector<int> lengths;
    for (int n = 1; *automata::NumWords(model->alphabet.size(), n) <= 1 << 10;
         ++n) {
      lengths.push_back(n);
    }
    absl::StatusOr<std::vector<FunctionAnalysis>> f = AnalyzeModelFunction(
        **decider, entry.name, **lang, lengths, {.syntactic_monoid = false});
    ASSERT_TRUE(f.ok()) << entry.name << ": " << f.status();
    absl::StatusOr<CheckReport> check = Check(**decider, **lang, lengths);
    ASSERT_TRUE(check.ok()) << check.status();
    for (size_t i = 0; i < lengths.size(); ++i) {
      const int n = lengths[i];
      const automata::LengthAnalysis& a = (*f)[i].analysis;
      const std::uint64_t words =
          *automata::NumWords(model->alphabet.size(), n);
      EXPECT_EQ((*f)[i].agrees, words - check->lengths[i].errors())
          << entry.name << " n = " << n;
      if (entry.negative_control) continue;
      absl::StatusOr<automata::LengthAnalysis> truth =
          automata::AnalyzeLength(**lang, n, {.syntactic_monoid = false});
      ASSERT_TRUE(truth.ok());
      EXPECT_EQ((*f)[i].agrees, words) << entry.name << " n = " << n;
      EXPECT_EQ(a.members, truth->members) << entry.name << " n = " << n;
      EXPECT_EQ(a.sensitivity, truth->sensitivity) << entry.name << " " << n;
      EXPECT_EQ(a.fourier.weight_by_degree, truth->fourier.weight_by_degree)
          << entry.name << " n = " << n;
      EXPECT_EQ(a.symmetry.symmetric_energy, truth->symmetry.symmetric_energy)
          << entry.name << " n = " << n;
      EXPECT_EQ(a.symmetry.isotypic, truth->symmetry.isotypic)
          << entry.name << " n = " << n;
    }
  }
}

TEST(ModelLanguageTest, RefusesWhatItCannotEnumerate) {
  auto model = zoo::Build("majority");
  ASSERT_TRUE(model.ok());
  auto decider = MakeExactDecider(*model);
  ASSERT_TRUE(decider.ok());
  auto majority = automata::ParseLanguage("majority");
  auto dyck = automata::ParseLanguage("dyck:k=1");
  ASSERT_TRUE(majority.ok() && dyck.ok());
  absl::StatusOr<std::vector<FunctionAnalysis>> long_length =
      AnalyzeModelFunction(**decider, "m", **majority, {25}, {});
  EXPECT_EQ(long_length.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(long_length.status().message().find("n = 25"), std::string::npos)
      << long_length.status();
  EXPECT_EQ(
      AnalyzeModelFunction(**decider, "m", **dyck, {2}, {}).status().code(),
      absl::StatusCode::kInvalidArgument);
  const ModelLanguage language(**decider, "m");
  EXPECT_EQ(language.NewMemberSampler(3).status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(language.CountMembers(5), 16);
  EXPECT_TRUE(language.Contains({1, 1, 0}));
  EXPECT_TRUE(language.failure().ok());
}

// L* on a model that recognizes a regular language returns that language's
// minimal DFA (the same language, as many states).
void ExpectLanguageDfa(const Model& model, const std::string& spec,
                       const std::string& what) {
  auto lang = automata::ParseLanguage(spec);
  ASSERT_TRUE(lang.ok()) << spec;
  ASSERT_NE((*lang)->dfa(), nullptr) << spec;
  auto decider = MakeExactDecider(model);
  ASSERT_TRUE(decider.ok()) << what;
  absl::StatusOr<ExtractedAutomaton> r = ExtractAutomaton(
      **decider, lang->get(), {.test_lengths = {24, 40}, .samples = 50});
  ASSERT_TRUE(r.ok()) << what << ": " << r.status();
  ASSERT_TRUE(r->equals_language.has_value()) << what;
  EXPECT_TRUE(*r->equals_language) << what;
  EXPECT_TRUE(automata::Equivalent(r->learned.dfa, *(*lang)->dfa())) << what;
  EXPECT_EQ(r->learned.dfa.num_states(),
            automata::Minimize(*(*lang)->dfa()).num_states())
      << what;
}

TEST(AutomatonTest, ZooConstructionsOfRegularLanguagesGiveTheirDfas) {
  for (const zoo::ZooEntry& entry : zoo::Entries()) {
    auto lang = automata::ParseLanguage(entry.language);
    ASSERT_TRUE(lang.ok());
    if (entry.negative_control || (*lang)->dfa() == nullptr) continue;
    absl::StatusOr<Model> model = entry.build();
    ASSERT_TRUE(model.ok());
    ExpectLanguageDfa(*model, entry.language, entry.name);
  }
}

TEST(AutomatonTest, BraspProgramsGiveTheirLanguagesDfas) {
  const std::filesystem::path dir =
      std::filesystem::path(SATCIRC_SOURCE_DIR) / "examples/programs";
  int programs = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() != ".brasp") continue;
    std::ifstream in(file.path());
    std::stringstream text;
    text << in.rdbuf();
    auto program = programs::ParseBrasp(text.str(), file.path().string());
    ASSERT_TRUE(program.ok()) << program.status();
    auto lang = automata::ParseLanguage(program->language);
    if (program->language.empty() || !lang.ok() || !(*lang)->dfa()) continue;
    auto model = programs::CompileBrasp(*program, "program");
    ASSERT_TRUE(model.ok()) << model.status();
    ExpectLanguageDfa(*model, program->language, file.path().string());
    ++programs;
  }
  EXPECT_GE(programs, 8);
}

// The negative control parity-hard fails PARITY: its automaton is not
// PARITY's, and the shortest difference is a string it decides wrongly.
TEST(AutomatonTest, ANegativeControlIsNotItsLanguage) {
  absl::StatusOr<Model> model = zoo::Build("parity-hard");
  ASSERT_TRUE(model.ok());
  auto lang = automata::ParseLanguage("parity");
  auto decider = MakeExactDecider(*model);
  ASSERT_TRUE(lang.ok() && decider.ok());
  absl::StatusOr<ExtractedAutomaton> r =
      ExtractAutomaton(**decider, lang->get(), {.exhaustive_length = 10});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->equals_language.has_value());
  EXPECT_FALSE(*r->equals_language);
  ASSERT_TRUE(r->difference.has_value());
  EXPECT_NE((*decider)->Accept(*r->difference),
            (*lang)->Contains(*r->difference));
}

// The first layer's argmax sets computed from the definitions alone: the
// embedding, the scores q_p · k_q, the mask, the keys of maximal score.
struct FirstLayerSets {
  double mean = 0, single = 0, fraction = 0;
  int max = 0;
};

FirstLayerSets ReferenceFirstLayer(const Model& m, int head, int n) {
  const int k = m.alphabet.size();
  const Head& h = m.layers[0].heads[head];
  double rows = 0, sizes = 0, singles = 0, fractions = 0;
  int max = 0;
  for (std::uint64_t i = 0; i < *automata::NumWords(k, n); ++i) {
    const automata::Word w = automata::WordAt(k, n, i);
    std::vector<int> tokens;
    if (m.bos) tokens.push_back(m.bos_token());
    for (automata::Symbol s : w) tokens.push_back(s);
    if (m.eos) tokens.push_back(m.eos_token());
    const int total = static_cast<int>(tokens.size());
    std::vector<Vector> x(total, Vector(m.dim()));
    for (int p = 0; p < total; ++p) {
      for (int f = 0; f < m.dim(); ++f)
        x[p][f] = m.token_embedding.at(tokens[p], f);
      for (const PositionalFeature& pf : m.positional) {
        x[p][pf.feature] += EvaluatePositional(pf.function, p, total);
      }
    }
    auto apply = [](const Matrix& w, const Vector& v) {
      Vector out(w.rows);
      for (int r = 0; r < w.rows; ++r) {
        for (int c = 0; c < w.cols; ++c) out[r] += w.at(r, c) * v[c];
      }
      return out;
    };
    for (int p = 0; p < total; ++p) {
      const KeyRange keys = MaskRange(h.mask, p, total);
      if (keys.empty()) continue;
      const Vector q = apply(h.w_q, x[p]);
      std::vector<Rational> scores;
      for (int j = keys.begin; j < keys.end; ++j) {
        const Vector kv = apply(h.w_k, x[j]);
        Rational s = 0;
        for (size_t d = 0; d < q.size(); ++d) s += q[d] * kv[d];
        scores.push_back(s);
      }
      const Rational best = *std::max_element(scores.begin(), scores.end());
      const int size =
          static_cast<int>(std::count(scores.begin(), scores.end(), best));
      rows += 1, sizes += size, singles += size == 1;
      fractions += static_cast<double>(size) / keys.size();
      max = std::max(max, size);
    }
  }
  return {sizes / rows, singles / rows, fractions / rows, max};
}

TEST(HeadsTest, FirstLayerArgmaxSetsAsDefined) {
  for (const char* name : {"majority", "dyck1", "parity", "tomita4", "first"}) {
    absl::StatusOr<Model> model = zoo::Build(name);
    ASSERT_TRUE(model.ok());
    absl::StatusOr<std::vector<HeadReport>> heads =
        AnalyzeHeads(*model, nullptr, {1, 3, 6}, {.exhaustive_limit = 64});
    ASSERT_TRUE(heads.ok()) << name << ": " << heads.status();
    for (const HeadReport& r : *heads) {
      if (r.layer != 1) continue;
      for (const HeadLength& l : r.lengths) {
        const FirstLayerSets ref = ReferenceFirstLayer(*model, r.head - 1, l.n);
        if (l.rows == 0) {  // every mask empty (strict at n = 1): no rows
          EXPECT_TRUE(std::isnan(ref.mean)) << name << " " << l.n;
          continue;
        }
        EXPECT_DOUBLE_EQ(l.mean_size, ref.mean) << name << " " << r.name << l.n;
        EXPECT_DOUBLE_EQ(l.single_share, ref.single) << name << " " << l.n;
        EXPECT_NEAR(l.mean_fraction, ref.fraction, 1e-12) << name << " " << l.n;
        EXPECT_EQ(l.max_size, ref.max) << name << " " << l.n;
        EXPECT_EQ(l.strings, *automata::NumWords(model->alphabet.size(), l.n));
      }
    }
  }
}

TEST(HeadsTest, KindsFollowTheGrowthOfTheSets) {
  // zoo:majority's head averages every key: |A| = N at every position.
  absl::StatusOr<Model> majority = zoo::Build("majority");
  ASSERT_TRUE(majority.ok());
  auto m = AnalyzeHeads(*majority, nullptr, {8, 16, 32, 64}, {.samples = 20});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ((*m)[0].kind, "averaging");
  EXPECT_EQ((*m)[0].lengths.back().mean_fraction, 1.0);
  ASSERT_TRUE((*m)[0].growth.has_value());
  EXPECT_NEAR(*(*m)[0].growth, 1.0, 0.05);
  // A head whose scores rank the keys strictly (q·k = 1/(p+1) · 1/(q+1): the
  // first key is the only maximum) is local.
  Model local = *majority;
  Head& h = local.layers[0].heads[0];
  const int pos = local.FeatureIndex("inv_pos");
  ASSERT_GE(pos, 0);
  h.w_q = Matrix(1, local.dim());
  h.w_k = Matrix(1, local.dim());
  h.w_q.at(0, pos) = 1;
  h.w_k.at(0, pos) = 1;
  auto l = AnalyzeHeads(local, nullptr, {8, 16, 32}, {.samples = 10});
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ((*l)[0].kind, "local");
  EXPECT_EQ((*l)[0].lengths.back().single_share, 1.0);
}

// CompareDecisions against the languages: zoo:majority and zoo:parity
// recognize their languages, so they decide differently exactly where the
// languages differ.
TEST(CompareTest, CountsWhereTwoModelsDisagree) {
  auto majority = zoo::Build("majority");
  auto parity = zoo::Build("parity");
  ASSERT_TRUE(majority.ok() && parity.ok());
  auto a = MakeExactDecider(*majority);
  auto b = MakeExactDecider(*parity);
  ASSERT_TRUE(a.ok() && b.ok());
  auto maj = automata::ParseLanguage("majority");
  auto par = automata::ParseLanguage("parity");
  ASSERT_TRUE(maj.ok() && par.ok());
  absl::StatusOr<std::vector<LengthComparison>> c =
      CompareDecisions(**a, **b, maj->get(), {1, 4, 7, 9}, {.threads = 2});
  ASSERT_TRUE(c.ok()) << c.status();
  for (const LengthComparison& l : *c) {
    std::uint64_t differ = 0, parity_right = 0;
    std::optional<automata::Word> first;
    for (std::uint64_t i = 0; i < *automata::NumWords(2, l.n); ++i) {
      const automata::Word w = automata::WordAt(2, l.n, i);
      const bool x = (*maj)->Contains(w), y = (*par)->Contains(w);
      if (x != y && !first) first = w;
      differ += x != y;
      parity_right += y == x;
    }
    EXPECT_TRUE(l.exhaustive);
    EXPECT_EQ(l.strings, *automata::NumWords(2, l.n));
    EXPECT_EQ(l.changed, differ) << "n = " << l.n;
    EXPECT_EQ(l.right_before, l.strings);
    EXPECT_EQ(l.right_after, parity_right);
    EXPECT_EQ(l.first_changed, first);
    if (first) {
      EXPECT_EQ(l.first_before, (*maj)->Contains(*first));
    }
  }
}

TEST(CompareTest, SamplesBeyondTheLimitOnlyWithALanguage) {
  auto m = zoo::Build("majority");
  ASSERT_TRUE(m.ok());
  auto d = MakeExactDecider(*m);
  ASSERT_TRUE(d.ok());
  CompareOptions o{.exhaustive_limit = 1 << 10, .samples = 200};
  absl::StatusOr<std::vector<LengthComparison>> none =
      CompareDecisions(**d, **d, nullptr, {12}, o);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(none.status().message().find("length 12"), std::string::npos)
      << none.status();
  auto lang = automata::ParseLanguage("majority");
  ASSERT_TRUE(lang.ok());
  absl::StatusOr<std::vector<LengthComparison>> c =
      CompareDecisions(**d, **d, lang->get(), {12, 40}, o);
  ASSERT_TRUE(c.ok()) << c.status();
  for (const LengthComparison& l : *c) {
    EXPECT_FALSE(l.exhaustive);
    EXPECT_GE(l.strings, 200u);
    EXPECT_EQ(l.changed, 0u);
    EXPECT_EQ(l.right_after, l.strings);
  }
  auto dyck = automata::ParseLanguage("dyck:k=1");
  ASSERT_TRUE(dyck.ok());
  EXPECT_EQ(CompareDecisions(**d, **d, dyck->get(), {2}, o).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace satcirc::extract
