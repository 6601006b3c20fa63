#include "lib/extract/heads.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "automata/enumerate.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/engine/trace.h"
#include "lib/experiments/plot.h"
#include "lib/extract/limit.h"
#include "lib/extract/sample_words.h"

namespace satcirc::extract {
namespace {

// Every string of Σⁿ up to the exhaustive limit, else the sample.
absl::StatusOr<std::vector<automata::Word>> HeadStrings(
    const automata::Language* language, int k, int n,
    const HeadsOptions& options) {
  const std::optional<std::uint64_t> all = automata::NumWords(k, n);
  if (!all || *all > options.exhaustive_limit) {
    return UniformAndCheckerWords(language, k, n, options.samples, options.seed,
                                  10);
  }
  std::vector<automata::Word> words;
  for (std::uint64_t i = 0; i < *all; ++i) {
    words.push_back(automata::WordAt(k, n, i));
  }
  return words;
}

struct Sums {
  std::uint64_t rows = 0, singles = 0;
  double size = 0, fraction = 0;
  int max_size = 0;
};

// Adds one run's attention rows to sums[head index].
void AddTrace(const Model& model, const Trace& trace, std::vector<Sums>& sums) {
  const int total = static_cast<int>(trace.tokens.size());
  size_t index = 0;
  for (size_t l = 0; l < model.layers.size(); ++l) {
    for (size_t h = 0; h < model.layers[l].heads.size(); ++h, ++index) {
      const Mask mask = model.layers[l].heads[h].mask;
      const HeadTrace& ht = trace.layers[l].heads[h];
      Sums& s = sums[index];
      for (int p = 0; p < total; ++p) {
        const int keys = MaskRange(mask, p, total).size();
        const int size = static_cast<int>(ht.attended[p].size());
        if (keys == 0 || size == 0) continue;
        ++s.rows;
        s.singles += size == 1;
        s.size += size;
        s.fraction += static_cast<double>(size) / keys;
        s.max_size = std::max(s.max_size, size);
      }
    }
  }
}

std::vector<HeadReport> EmptyReports(const Model& model) {
  std::vector<HeadReport> reports;
  for (size_t l = 0; l < model.layers.size(); ++l) {
    for (size_t h = 0; h < model.layers[l].heads.size(); ++h) {
      const Head& head = model.layers[l].heads[h];
      HeadReport r;
      r.layer = static_cast<int>(l) + 1;
      r.head = static_cast<int>(h) + 1;
      r.name = absl::StrCat("L", r.layer, "H", r.head);
      if (!head.name.empty() && head.name != r.name) {
        absl::StrAppend(&r.name, " (", head.name, ")");
      }
      r.mask = head.mask;
      reports.push_back(std::move(r));
    }
  }
  return reports;
}

// local: at most 2 keys on average at every length and no growth; averaging:
// the sets grow like n^0.5 or faster (or, at one length, take at least half
// of the keys); mixed: anything between.
void Classify(HeadReport& r) {
  std::vector<double> x, y;
  double largest = 0;
  for (const HeadLength& l : r.lengths) {
    x.push_back(l.n);
    y.push_back(l.mean_size);
    largest = std::max(largest, l.mean_size);
  }
  const std::optional<PowerFit> fit = FitPowerLaw(x, y);
  if (fit) r.growth = fit->exponent;
  const double fraction =
      r.lengths.empty() ? 0 : r.lengths.back().mean_fraction;
  const bool grows = r.growth ? *r.growth >= 0.5 : fraction >= 0.5;
  if (largest <= 2 && (!r.growth || *r.growth < 0.25)) {
    r.kind = "local";
  } else if (grows) {
    r.kind = "averaging";
  } else {
    r.kind = "mixed";
  }
}

}  // namespace

absl::StatusOr<std::vector<HeadReport>> AnalyzeHeads(
    const Model& model, const automata::Language* language,
    const std::vector<int>& lengths, const HeadsOptions& options) {
  absl::StatusOr<Model> limit = AttentionLimit(model);
  if (!limit.ok()) return limit.status();
  absl::StatusOr<ExactEngine> engine = ExactEngine::Create(*limit);
  if (!engine.ok()) return engine.status();
  std::vector<HeadReport> reports = EmptyReports(*limit);
  const int k = limit->alphabet.size();
  for (const int n : lengths) {
    if (n < 1 || EstimateTraceEntries(*limit, n) > kMaxTraceEntries) {
      return absl::InvalidArgumentError(
          absl::StrCat("length ", n,
                       ": expected 1 … the largest length whose trace has "
                       "at most ",
                       kMaxTraceEntries, " entries"));
    }
    absl::StatusOr<std::vector<automata::Word>> sample =
        HeadStrings(language, k, n, options);
    if (!sample.ok()) return sample.status();
    const std::vector<automata::Word>& words = *sample;
    std::vector<Sums> sums(reports.size());
    for (const automata::Word& w : words) {
      Trace trace;
      engine->Run(w, &trace);
      AddTrace(*limit, trace, sums);
    }
    for (size_t i = 0; i < reports.size(); ++i) {
      const Sums& s = sums[i];
      const double rows = s.rows == 0 ? 1 : static_cast<double>(s.rows);
      reports[i].lengths.push_back({.n = n,
                                    .strings = words.size(),
                                    .rows = s.rows,
                                    .mean_size = s.size / rows,
                                    .max_size = s.max_size,
                                    .single_share = s.singles / rows,
                                    .mean_fraction = s.fraction / rows});
    }
  }
  for (HeadReport& r : reports) Classify(r);
  return reports;
}

}  // namespace satcirc::extract
