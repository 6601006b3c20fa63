// Extraction commands: a model changed — its weights rounded to a grid
// (satcirc quantize), its attention taken to the limit (satcirc limit) —
// written as a model, with the decisions that changed against the original
// at given lengths; the automaton of its function (satcirc automaton) and
// the argmax sets of its heads in the limit (satcirc heads).
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "automata/dfa_io.h"
#include "automata/lengths.h"
#include "circuits/render.h"
#include "lib/check/check.h"
#include "lib/experiments/plot.h"
#include "lib/extract/automaton.h"
#include "lib/extract/compare.h"
#include "lib/extract/heads.h"
#include "lib/extract/limit.h"
#include "lib/extract/quantize.h"
#include "lib/model/model_io.h"
#include "tools/cli.h"
#include "tools/commands.h"
#include "tools/model_arg.h"

namespace satcirc::cli {
namespace {

// The flags of a comparison at --lengths (quantize, limit), after the
// command's own.
std::vector<FlagSpec> WithComparisonFlags(std::vector<FlagSpec> own,
                                          const std::string& engine_help) {
  own.insert(
      own.end(),
      {{"lengths", true, "R",
        "compare the decisions at these lengths: A..B or 1,2,4"},
       {"lang", true, "L",
        "the language: accuracy of both, and strings of long lengths "
        "(default for zoo:NAME: its language)"},
       {"engine", true, "E", engine_help},
       {"samples", true, "K",
        "strings per length beyond 65,536 (default 1000)"},
       {"seed", true, "S", "sampling seed (default 1)"},
       {"threads", true, "T", "worker threads (default: one per core)"}});
  return own;
}

const CommandSpec kQuantizeSpec{
    .name = "quantize",
    .usage =
        "satcirc quantize --model M --round grid:K|bits:K [-o FILE] "
        "[--lengths R [--lang L] [--engine E] [--samples K] [--seed S] "
        "[--threads T]] [--json]",
    .summary =
        "Rounds every weight of a model (token embedding, W_Q, W_K, W_V, W_O, "
        "MLP matrices and biases, readout) to the multiples of 2^-K "
        "(grid:K) or to K significant bits (bits:K), ties away from zero, and "
        "writes the rounded model with -o. With --lengths it runs both "
        "models on the same strings (every string of a length with at most "
        "65,536, else the checker's sample of --lang) and prints the "
        "decisions that changed, and with --lang each one's accuracy "
        "(docs/quantize.md).",
    .flags = WithComparisonFlags(
        {{"model", true, "M", "the model (a file, - or zoo:NAME)"},
         {"round", true, "R", "grid:K (multiples of 2^-K) or bits:K"},
         {"output", true, "FILE", "write the rounded model here (-o)"}},
        "exact, fixed:P, float:C or param-limit (default: exact, float:1 for "
        "a model with softmax heads)"),
};

const CommandSpec kLimitSpec{
    .name = "limit",
    .usage =
        "satcirc limit --model M [-o FILE] [--lengths R [--lang L] "
        "[--engine E] [--samples K] [--seed S] [--threads T]] [--json]",
    .summary =
        "The attention limit of a model: every head saturated, the exact "
        "model that softmax(c·s) tends to as the logit scale c grows "
        "(docs/semantics.md), written with -o. With --lengths it runs the "
        "model (under --engine, default float:1: the network as trained) and "
        "its limit (exact) on the same strings (every string of a length "
        "with at most 65,536, else the checker's sample of --lang) and prints "
        "where they disagree, and with --lang each one's accuracy "
        "(docs/limit.md).",
    .flags = WithComparisonFlags(
        {{"model", true, "M", "the model (a file, - or zoo:NAME)"},
         {"output", true, "FILE", "write the limit here (-o)"}},
        "the original's engine: float:C (default float:1), exact, fixed:P or "
        "param-limit"),
};

const CommandSpec kAutomatonSpec{
    .name = "automaton",
    .usage =
        "satcirc automaton --model M [--lang L] [--engine E] "
        "[--exhaustive-length N] [--test-lengths R] [--samples K] [--seed S] "
        "[--max-states Q] [--threads T] [-o FILE] [--dot FILE] [--svg FILE] "
        "[--json]",
    .summary =
        "Learns the minimal DFA of the function a model computes with "
        "Angluin's L*: the model answers membership queries, and a hypothesis "
        "passes when it agrees with the model on every string up to length N "
        "and on sampled strings of the test lengths. Prints its size, whether "
        "it is star-free and, with --lang, whether it is the language's "
        "minimal DFA (else the shortest string where they differ); writes it "
        "as an AT&T DFA file (-o) and a drawing (--dot, --svg) "
        "(docs/automaton.md).",
    .flags =
        {{"model", true, "M", "the model (a file, - or zoo:NAME)"},
         {"lang", true, "L",
          "compare with this language's DFA, and sample its strings at "
          "the test lengths (default for zoo:NAME: its language)"},
         {"engine", true, "E",
          "exact, fixed:P, float:C or param-limit (default: exact, float:1 "
          "for a model with softmax heads)"},
         {"exhaustive-length", true, "N",
          "every string up to this length is evidence (default: the "
          "largest with at most 65,536 strings)"},
         {"test-lengths", true, "R",
          "longer lengths, sampled: A..B or 1,2,4 (default: none)"},
         {"samples", true, "K",
          "uniform strings per test length, and as many from --lang "
          "(default 200)"},
         {"seed", true, "S", "sampling seed (default 1)"},
         {"max-states", true, "Q", "give up beyond Q states (default 1000)"},
         {"threads", true, "T", "worker threads (default: one per core)"},
         {"output", true, "FILE", "write the DFA (AT&T text) here (-o)"},
         {"dot", true, "FILE", "write its Graphviz drawing here"},
         {"svg", true, "FILE", "render the drawing to SVG here"}},
};

const CommandSpec kHeadsSpec{
    .name = "heads",
    .usage =
        "satcirc heads --model M --lengths R [--lang L] [--samples K] "
        "[--seed S] [-o PREFIX] [--json]",
    .summary =
        "Every head of a model in its saturated limit (every head saturated, "
        "run by the exact engine): the size of its argmax sets — the keys of "
        "maximal score that a saturated head averages — over the strings of "
        "each length (every string up to 256 of them, else K uniform strings "
        "and, with --lang, K from its checker's mix), and what that makes the "
        "head: local (a few keys, as n grows) or averaging (sets that grow "
        "with n: it counts). -o PREFIX writes PREFIX.csv and one plot per "
        "layer, PREFIX-L1.svg, … (docs/heads.md).",
    .flags = {{"model", true, "M", "the model (a file, - or zoo:NAME)"},
              {"lengths", true, "R", "lengths ≥ 1: A..B or 1,2,4"},
              {"lang", true, "L",
               "also sample its checker's strings (default for zoo:NAME: its "
               "language)"},
              {"samples", true, "K",
               "strings per sampled length, of each kind (default 100)"},
              {"seed", true, "S", "sampling seed (default 1)"},
              {"output", true, "PREFIX",
               "write PREFIX.csv and PREFIX-L<layer>.svg (-o)"}},
};

// --model and the language it is read against (--lang, or a zoo model's own).
struct LoadedModel {
  std::string model_arg;
  Model original;
  std::unique_ptr<automata::Language> language;  // or null
};

// A model and a changed copy (rounded, or its limit), run on the same strings.
struct Comparison : LoadedModel {
  Model changed;
  std::string before_engine, after_engine;
  std::vector<extract::LengthComparison> lengths;
};

// Loads --model and the language.
absl::Status LoadModel(const ParsedArgs& args, LoadedModel& m) {
  m.model_arg = *args.Get("model");
  absl::StatusOr<Model> model = LoadModelArg(m.model_arg);
  if (!model.ok()) return model.status();
  m.original = *std::move(model);
  std::optional<std::string> spec = args.Get("lang");
  if (!spec) spec = ZooLanguageOf(m.model_arg);
  if (!spec) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<automata::Language>> lang =
      ParseLangArg(*spec);
  if (!lang.ok()) return lang.status();
  m.language = *std::move(lang);
  return absl::OkStatus();
}

// The flags that only a comparison reads are refused without --lengths.
absl::Status RefuseWithoutLengths(const ParsedArgs& args) {
  for (const char* flag : {"lang", "engine", "samples", "seed", "threads"}) {
    if (args.Has(flag)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, " needs --lengths (the comparison)"));
    }
  }
  return absl::OkStatus();
}

// Runs the comparison of --lengths, with c.before_engine and c.after_engine
// set.
absl::Status Compare(const ParsedArgs& args, Comparison& c) {
  absl::StatusOr<std::vector<int>> lengths =
      automata::ParseLengths(*args.Get("lengths"));
  if (!lengths.ok()) return lengths.status();
  extract::CompareOptions options;
  for (absl::Status s :
       {ParseIntegerFlag(args, "samples", &options.samples, true),
        ParseIntegerFlag(args, "seed", &options.seed, false),
        ParseIntegerFlag(args, "threads", &options.threads, true)}) {
    if (!s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<Decider>> before =
      MakeDecider(c.original, c.before_engine);
  if (!before.ok()) return before.status();
  absl::StatusOr<std::unique_ptr<Decider>> after =
      MakeDecider(c.changed, c.after_engine);
  if (!after.ok()) return after.status();
  absl::StatusOr<std::vector<extract::LengthComparison>> rows =
      extract::CompareDecisions(**before, **after, c.language.get(), *lengths,
                                options);
  if (!rows.ok()) return rows.status();
  c.lengths = *std::move(rows);
  return absl::OkStatus();
}

std::string Ratio(std::uint64_t a, std::uint64_t b) {
  return b == 0 ? "-" : absl::StrFormat("%.4f", static_cast<double>(a) / b);
}

// The table of a comparison; `what` names the changed model ("rounded").
void PrintComparison(const Comparison& c, const std::string& what,
                     std::ostream& out) {
  if (c.lengths.empty()) return;
  const bool lang = c.language != nullptr;
  const std::string engines =
      c.before_engine == c.after_engine
          ? absl::StrCat("under ", c.before_engine)
          : absl::StrCat("of the original under ", c.before_engine, " and the ",
                         what, " model under ", c.after_engine);
  out << "decisions " << engines << ", the " << what
      << " model against the original"
      << (lang ? absl::StrCat(", and each against ", c.language->spec()) : "")
      << ":\n";
  out << absl::StrFormat("%5s %9s  %-10s %8s", "n", "strings", "mode",
                         "changed");
  if (lang) out << absl::StrFormat(" %9s %9s", "original", what);
  out << "  first changed\n";
  for (const extract::LengthComparison& l : c.lengths) {
    out << absl::StrFormat("%5d %9d  %-10s %8d", l.n, l.strings,
                           l.exhaustive ? "exhaustive" : "sampled", l.changed);
    if (lang) {
      out << absl::StrFormat(" %9s %*s", Ratio(l.right_before, l.strings),
                             std::max<int>(9, what.size()),
                             Ratio(l.right_after, l.strings));
    }
    if (l.first_changed) {
      out << absl::StrFormat("  \"%s\" (%s → %s)",
                             c.original.alphabet.Format(*l.first_changed),
                             l.first_before ? "accept" : "reject",
                             l.first_before ? "reject" : "accept");
    }
    out << "\n";
  }
}

// The comparison's JSON keys: "engine(s)", "language", "lengths".
std::string ComparisonJson(const Comparison& c, const std::string& what) {
  std::vector<std::string> rows;
  for (const extract::LengthComparison& l : c.lengths) {
    std::string row = absl::StrFormat(
        "{\"n\": %d, \"mode\": \"%s\", \"strings\": %d, \"changed\": %d", l.n,
        l.exhaustive ? "exhaustive" : "sampled", l.strings, l.changed);
    if (c.language) {
      absl::StrAppendFormat(&row, ", \"original_right\": %d, \"%s_right\": %d",
                            l.right_before, what, l.right_after);
    }
    if (l.first_changed) {
      absl::StrAppend(
          &row, ", \"first_changed\": ",
          JsonQuote(c.original.alphabet.Format(*l.first_changed)),
          ", \"original_accepts\": ", l.first_before ? "true" : "false");
    }
    rows.push_back(row + "}");
  }
  const std::string engines =
      absl::StrCat("\"engine\": ", JsonQuote(c.before_engine), ", \"", what,
                   "_engine\": ", JsonQuote(c.after_engine));
  return absl::StrCat(engines, ", \"language\": ",
                      c.language ? JsonQuote(c.language->spec()) : "null",
                      ", \"lengths\": [", absl::StrJoin(rows, ", "), "]");
}

// Writes -o (when given) and prints the text or the JSON `json_head` + the
// comparison. Returns the exit code.
int Finish(const CommandSpec& spec, const ParsedArgs& args, const Comparison& c,
           const std::string& what, const std::string& summary,
           const std::string& json_head, std::ostream& out, std::ostream& err) {
  const std::optional<std::string> path = args.Get("output");
  if (path) {
    absl::Status w =
        WriteFileAtomically(*path, WriteModelToString(c.changed), out);
    if (!w.ok()) return BadInput(spec, w, err);
    if (*path == "-") return kExitOk;
  }
  if (args.json()) {
    out << "{\"model\": " << JsonQuote(c.model_arg) << ", " << json_head << ", "
        << ComparisonJson(c, what) << "}\n";
    return kExitOk;
  }
  out << summary;
  PrintComparison(c, what, out);
  if (path) out << "wrote " << *path << "\n";
  return kExitOk;
}

// A denominator as 2^e when it is a power of two above 1024 (a float's, or a
// fine grid's).
std::string DenominatorText(const Rational& d) {
  const mpz_class& z = d.gmp().get_num();
  const size_t bits = mpz_sizeinbase(z.get_mpz_t(), 2);
  if (z > 1024 && mpz_popcount(z.get_mpz_t()) == 1) {
    return absl::StrCat("2^", bits - 1);
  }
  return d.ToString();
}

std::string QuantizeSummary(const Comparison& c, const extract::Rounding& r,
                            const extract::QuantizeStats& s) {
  return absl::StrFormat(
      "%s rounded to %s: %d of %d weights moved, by at most %.3g; %d "
      "nonzero (%d before); denominators up to %s\n",
      c.original.name, extract::RoundingPhrase(r), s.changed, s.weights,
      s.largest_change.ToDouble(), s.nonzero_after, s.nonzero_before,
      DenominatorText(s.largest_denominator));
}

std::string QuantizeJsonHead(const extract::Rounding& r,
                             const extract::QuantizeStats& s) {
  return absl::StrCat(
      "\"round\": \"", extract::RoundingName(r), "\", \"weights\": ", s.weights,
      ", \"moved\": ", s.changed, ", \"largest_change\": \"",
      s.largest_change.ToString(), "\", \"nonzero_before\": ", s.nonzero_before,
      ", \"nonzero_after\": ", s.nonzero_after, ", \"largest_denominator\": \"",
      s.largest_denominator.ToString(), "\"");
}

absl::StatusOr<extract::Rounding> ReadRounding(const ParsedArgs& args) {
  if (absl::Status s = RequireFlags(args, {"model", "round"}); !s.ok()) {
    return s;
  }
  absl::StatusOr<extract::Rounding> r =
      extract::ParseRounding(*args.Get("round"));
  if (!r.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--round ", r.status().message()));
  }
  return r;
}

std::string LimitSummary(const Comparison& c, const extract::LimitStats& s) {
  return absl::StrFormat(
      "%s in the limit c → ∞: %d softmax and %d hard head(s) made saturated, "
      "%d saturated already\n",
      c.original.name, s.softmax_heads, s.hard_heads, s.saturated_heads);
}

std::string LimitJsonHead(const extract::LimitStats& s) {
  return absl::StrCat("\"limit\": \"attention\", \"softmax_heads\": ",
                      s.softmax_heads, ", \"hard_heads\": ", s.hard_heads,
                      ", \"saturated_heads\": ", s.saturated_heads);
}

absl::StatusOr<extract::AutomatonOptions> ReadAutomatonOptions(
    const ParsedArgs& args) {
  extract::AutomatonOptions o;
  for (absl::Status s :
       {ParseIntegerFlag(args, "exhaustive-length", &o.exhaustive_length,
                         false),
        ParseIntegerFlag(args, "samples", &o.samples, true),
        ParseIntegerFlag(args, "seed", &o.seed, false),
        ParseIntegerFlag(args, "max-states", &o.lstar.max_states, true),
        ParseIntegerFlag(args, "threads", &o.threads, true)}) {
    if (!s.ok()) return s;
  }
  if (std::optional<std::string> t = args.Get("test-lengths")) {
    absl::StatusOr<std::vector<int>> lengths = automata::ParseLengths(*t);
    if (!lengths.ok()) return lengths.status();
    o.test_lengths = *std::move(lengths);
  }
  return o;
}

std::string WordText(const automata::Alphabet& a, const automata::Word& w) {
  return w.empty() ? "the empty string" : absl::StrCat("\"", a.Format(w), "\"");
}

std::string AutomatonText(const LoadedModel& c, const std::string& engine,
                          const extract::ExtractedAutomaton& r) {
  const automata::Dfa& dfa = r.learned.dfa;
  std::string text = absl::StrFormat(
      "automaton of %s (%s), learned by L*: %d states\n"
      "  evidence: every string up to length %d (%d)",
      c.model_arg, engine, dfa.num_states(), r.exhaustive_length,
      r.exhaustive_strings);
  if (r.sampled_strings > 0) {
    absl::StrAppendFormat(&text, ", and %d sampled of longer lengths",
                          r.sampled_strings);
  }
  absl::StrAppendFormat(
      &text,
      "; the DFA agrees with the model on all of it\n"
      "  L*: %d membership queries, %d hypothes%s, longest counterexample %d\n",
      r.learned.membership, r.learned.equivalence,
      r.learned.equivalence == 1 ? "is" : "es",
      r.learned.longest_counterexample);
  if (r.monoid_size) {
    absl::StrAppendFormat(
        &text, "  syntactic monoid: %d elements, %s\n", *r.monoid_size,
        *r.star_free ? "aperiodic: star-free" : "not aperiodic: not star-free");
  }
  if (r.equals_language) {
    absl::StrAppend(
        &text, "  ", c.language->spec(), ": ",
        *r.equals_language
            ? "the same language (the DFA is its minimal DFA)\n"
            : absl::StrCat(
                  "a different language: they differ first on ",
                  WordText(dfa.alphabet(), *r.difference), ", which the DFA ",
                  dfa.Contains(*r.difference) ? "accepts" : "rejects", "\n"));
  } else if (c.language) {
    absl::StrAppend(&text, "  ", c.language->spec(),
                    ": not regular, so no DFA is it\n");
  }
  return text;
}

std::string AutomatonJson(const LoadedModel& c, const std::string& engine,
                          const extract::ExtractedAutomaton& r) {
  const automata::Dfa& dfa = r.learned.dfa;
  return absl::StrCat(
      "{\"model\": ", JsonQuote(c.model_arg),
      ", \"engine\": ", JsonQuote(engine), ", \"states\": ", dfa.num_states(),
      ", \"exhaustive_length\": ", r.exhaustive_length,
      ", \"exhaustive_strings\": ", r.exhaustive_strings,
      ", \"sampled_strings\": ", r.sampled_strings,
      ", \"membership_queries\": ", r.learned.membership,
      ", \"hypotheses\": ", r.learned.equivalence, ", \"monoid_size\": ",
      r.monoid_size ? absl::StrCat(*r.monoid_size) : "null",
      ", \"star_free\": ",
      r.star_free ? (*r.star_free ? "true" : "false") : "null",
      ", \"language\": ", c.language ? JsonQuote(c.language->spec()) : "null",
      ", \"equals_language\": ",
      r.equals_language ? (*r.equals_language ? "true" : "false") : "null",
      ", \"difference\": ",
      r.difference ? JsonQuote(dfa.alphabet().Format(*r.difference)) : "null",
      "}\n");
}

// -o, --dot and --svg: each written to a temporary file and renamed.
absl::Status WriteAutomatonFiles(const ParsedArgs& args, const LoadedModel& c,
                                 const automata::Dfa& dfa,
                                 std::vector<std::string>* wrote,
                                 std::ostream& out) {
  if (std::optional<std::string> path = args.Get("output")) {
    std::ostringstream att;
    automata::WriteAttDfa(att, dfa);
    if (absl::Status s = WriteFileAtomically(*path, att.str(), out); !s.ok()) {
      return s;
    }
    wrote->push_back(*path);
  }
  const std::string dot = automata::DfaToDot(
      dfa, absl::StrCat("the automaton of ", c.original.name));
  if (std::optional<std::string> path = args.Get("dot")) {
    if (absl::Status s = WriteFileAtomically(*path, dot, out); !s.ok()) {
      return s;
    }
    wrote->push_back(*path);
  }
  if (std::optional<std::string> path = args.Get("svg")) {
    absl::StatusOr<std::string> svg =
        circuits::RenderDot(dot, circuits::ImageFormat::kSvg);
    if (!svg.ok()) return svg.status();
    if (absl::Status s = WriteFileAtomically(*path, *svg, out); !s.ok()) {
      return s;
    }
    wrote->push_back(*path);
  }
  // Standard output, when one of them, goes last: then nothing else is
  // printed.
  std::stable_partition(wrote->begin(), wrote->end(),
                        [](const std::string& p) { return p != "-"; });
  return absl::OkStatus();
}

std::string HeadsText(const std::string& model_arg,
                      const std::vector<extract::HeadReport>& heads) {
  std::string text = absl::StrCat(
      "heads of ", model_arg,
      " in the saturated limit: the argmax sets each head averages\n");
  int width = 4;
  for (const extract::HeadReport& h : heads) {
    width = std::max<int>(width, h.name.size());
  }
  absl::StrAppendFormat(&text, "%-*s %6s %8s %9s %8s %8s %9s\n", width, "head",
                        "n", "strings", "mean |A|", "max |A|", "|A| = 1",
                        "|A|/keys");
  for (const extract::HeadReport& h : heads) {
    for (const extract::HeadLength& l : h.lengths) {
      absl::StrAppendFormat(&text, "%-*s %6d %8d %9.3f %8d %7.1f%% %9.3f\n",
                            width, h.name, l.n, l.strings, l.mean_size,
                            l.max_size, 100 * l.single_share, l.mean_fraction);
    }
  }
  for (const extract::HeadReport& h : heads) {
    absl::StrAppend(&text, h.name, ": ", h.kind);
    if (h.growth) {
      absl::StrAppendFormat(&text, " (mean |A| ~ n^%.2f)", *h.growth);
    }
    absl::StrAppend(&text, "\n");
  }
  return text;
}

std::string HeadsJson(const std::string& model_arg,
                      const std::vector<extract::HeadReport>& heads) {
  std::vector<std::string> items;
  for (const extract::HeadReport& h : heads) {
    std::vector<std::string> rows;
    for (const extract::HeadLength& l : h.lengths) {
      rows.push_back(absl::StrFormat(
          "{\"n\": %d, \"strings\": %d, \"rows\": %d, \"mean_size\": %.6g, "
          "\"max_size\": %d, \"single_share\": %.6g, \"mean_fraction\": %.6g}",
          l.n, l.strings, l.rows, l.mean_size, l.max_size, l.single_share,
          l.mean_fraction));
    }
    items.push_back(
        absl::StrCat("{\"head\": ", JsonQuote(h.name), ", \"layer\": ", h.layer,
                     ", \"mask\": \"", MaskName(h.mask), "\", \"kind\": \"",
                     h.kind, "\", \"growth\": ",
                     h.growth ? absl::StrFormat("%.6g", *h.growth) : "null",
                     ", \"lengths\": [", absl::StrJoin(rows, ", "), "]}"));
  }
  return absl::StrCat("{\"model\": ", JsonQuote(model_arg),
                      ", \"heads\": [\n  ", absl::StrJoin(items, ",\n  "),
                      "\n]}\n");
}

// PREFIX.csv and one plot per layer: mean |A| against n, log–log, each head
// with its fitted growth.
OutputFiles HeadsFiles(const std::string& prefix, const std::string& model_arg,
                       const std::vector<extract::HeadReport>& heads) {
  std::string csv =
      "head,layer,n,strings,rows,mean_size,max_size,single_share,"
      "mean_fraction\n";
  std::map<int, std::vector<PlotSeries>> layers;
  for (const extract::HeadReport& h : heads) {
    PlotSeries series{.label = absl::StrCat(h.name, ": ", h.kind),
                      .show_fit = h.lengths.size() >= 2};
    for (const extract::HeadLength& l : h.lengths) {
      absl::StrAppendFormat(&csv, "%s,%d,%d,%d,%d,%.6g,%d,%.6g,%.6g\n", h.name,
                            h.layer, l.n, l.strings, l.rows, l.mean_size,
                            l.max_size, l.single_share, l.mean_fraction);
      series.x.push_back(l.n);
      series.y.push_back(l.mean_size);
    }
    layers[h.layer].push_back(std::move(series));
  }
  OutputFiles files = {{prefix + ".csv", csv}};
  for (const auto& [layer, series] : layers) {
    PlotOptions o{.title = absl::StrCat(model_arg, ", layer ", layer,
                                        ": argmax sets in the saturated limit"),
                  .x_label = "input length n",
                  .y_label = "mean size of the argmax set |A|",
                  .log_x = true,
                  .log_y = true};
    files.push_back(
        {absl::StrCat(prefix, "-L", layer, ".svg"), RenderPlotSvg(o, series)});
  }
  return files;
}

}  // namespace

int RunQuantize(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kQuantizeSpec, args, out, err, &code);
  if (!parsed) return code;
  absl::StatusOr<extract::Rounding> r = ReadRounding(*parsed);
  if (!r.ok()) return BadInput(kQuantizeSpec, r.status(), err);
  Comparison c;
  if (absl::Status s = LoadModel(*parsed, c); !s.ok()) {
    return BadInput(kQuantizeSpec, s, err);
  }
  extract::QuantizeStats stats;
  c.changed = extract::Quantize(c.original, *r, &stats);
  c.before_engine = c.after_engine = parsed->GetOr(
      "engine", c.original.HasSoftmaxHead() ? "float:1" : "exact");
  absl::Status s = parsed->Has("lengths") ? Compare(*parsed, c)
                                          : RefuseWithoutLengths(*parsed);
  if (!s.ok()) return BadInput(kQuantizeSpec, s, err);
  return Finish(kQuantizeSpec, *parsed, c, "rounded",
                QuantizeSummary(c, *r, stats), QuantizeJsonHead(*r, stats), out,
                err);
}

int RunLimit(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kLimitSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status s = RequireFlags(*parsed, {"model"}); !s.ok()) {
    return BadInput(kLimitSpec, s, err);
  }
  Comparison c;
  if (absl::Status s = LoadModel(*parsed, c); !s.ok()) {
    return BadInput(kLimitSpec, s, err);
  }
  extract::LimitStats stats;
  absl::StatusOr<Model> limit = extract::AttentionLimit(c.original, &stats);
  if (!limit.ok()) return BadInput(kLimitSpec, limit.status(), err);
  c.changed = *std::move(limit);
  c.before_engine = parsed->GetOr("engine", "float:1");
  c.after_engine = "exact";
  absl::Status s = parsed->Has("lengths") ? Compare(*parsed, c)
                                          : RefuseWithoutLengths(*parsed);
  if (!s.ok()) return BadInput(kLimitSpec, s, err);
  return Finish(kLimitSpec, *parsed, c, "limit", LimitSummary(c, stats),
                LimitJsonHead(stats), out, err);
}

int RunAutomaton(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kAutomatonSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status s = RequireFlags(*parsed, {"model"}); !s.ok()) {
    return BadInput(kAutomatonSpec, s, err);
  }
  int to_stdout = 0;
  for (const char* flag : {"output", "dot", "svg"}) {
    to_stdout += parsed->GetOr(flag, "") == "-";
  }
  if (to_stdout > 1) {
    return BadInput(kAutomatonSpec,
                    absl::InvalidArgumentError(
                        "more than one of -o, --dot and --svg is - (standard "
                        "output): give all but one as files"),
                    err);
  }
  absl::StatusOr<extract::AutomatonOptions> options =
      ReadAutomatonOptions(*parsed);
  if (!options.ok()) return BadInput(kAutomatonSpec, options.status(), err);
  LoadedModel c;
  if (absl::Status s = LoadModel(*parsed, c); !s.ok()) {
    return BadInput(kAutomatonSpec, s, err);
  }
  const std::string engine = parsed->GetOr(
      "engine", c.original.HasSoftmaxHead() ? "float:1" : "exact");
  absl::StatusOr<std::unique_ptr<Decider>> decider =
      MakeDecider(c.original, engine);
  if (!decider.ok()) return BadInput(kAutomatonSpec, decider.status(), err);
  absl::StatusOr<extract::ExtractedAutomaton> r =
      extract::ExtractAutomaton(**decider, c.language.get(), *options);
  if (!r.ok()) return BadInput(kAutomatonSpec, r.status(), err);
  std::vector<std::string> wrote;
  if (absl::Status s =
          WriteAutomatonFiles(*parsed, c, r->learned.dfa, &wrote, out);
      !s.ok()) {
    return BadInput(kAutomatonSpec, s, err);
  }
  if (!wrote.empty() && wrote.back() == "-") return kExitOk;  // stdout: that
  if (parsed->json()) {
    out << AutomatonJson(c, engine, *r);
  } else {
    out << AutomatonText(c, engine, *r);
    for (const std::string& path : wrote) out << "wrote " << path << "\n";
  }
  return kExitOk;
}

int RunHeads(const Args& args, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  std::optional<ParsedArgs> parsed =
      ParseOrExit(kHeadsSpec, args, out, err, &code);
  if (!parsed) return code;
  if (absl::Status s = RequireFlags(*parsed, {"model", "lengths"}); !s.ok()) {
    return BadInput(kHeadsSpec, s, err);
  }
  extract::HeadsOptions options;
  for (absl::Status s :
       {ParseIntegerFlag(*parsed, "samples", &options.samples, true),
        ParseIntegerFlag(*parsed, "seed", &options.seed, false)}) {
    if (!s.ok()) return BadInput(kHeadsSpec, s, err);
  }
  absl::StatusOr<std::vector<int>> lengths =
      automata::ParseLengths(*parsed->Get("lengths"));
  if (!lengths.ok()) return BadInput(kHeadsSpec, lengths.status(), err);
  LoadedModel c;
  if (absl::Status s = LoadModel(*parsed, c); !s.ok()) {
    return BadInput(kHeadsSpec, s, err);
  }
  absl::StatusOr<std::vector<extract::HeadReport>> heads =
      extract::AnalyzeHeads(c.original, c.language.get(), *lengths, options);
  if (!heads.ok()) return BadInput(kHeadsSpec, heads.status(), err);
  const std::optional<std::string> prefix = parsed->Get("output");
  OutputFiles files;
  if (prefix) {
    files = HeadsFiles(*prefix, c.model_arg, *heads);
    if (absl::Status s = WriteAllOrNone(files); !s.ok()) {
      return BadInput(kHeadsSpec, s, err);
    }
  }
  if (parsed->json()) {
    out << HeadsJson(c.model_arg, *heads);
    return kExitOk;
  }
  out << HeadsText(c.model_arg, *heads);
  for (const auto& [path, contents] : files) out << "wrote " << path << "\n";
  return kExitOk;
}

}  // namespace satcirc::cli
