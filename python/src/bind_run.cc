// run (one word, one engine, optionally its trace) and decide (a batch of
// words through the checker's deciders, sorted so that the exact decider
// shares the work of common prefixes, on several threads, with the GIL
// released).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/base/parallel.h"
#include "lib/check/check.h"
#include "lib/engine/engine.h"
#include "lib/engine/float_engine.h"
#include "lib/engine/param_limit.h"
#include "lib/engine/trace.h"
#include "lib/model/model.h"
#include "python/src/bindings.h"

namespace satcirc::python {
namespace {

// What run() returns: the decision and y (exact for exact and fixed:P).
struct RunResult {
  bool accept = false;
  py::object y, y_fraction, trace;
  double y_float = 0;
  std::string engine;
};

py::list StageList(const std::vector<std::vector<Rational>>& stage) {
  py::list rows;
  for (const auto& row : stage) {
    py::list cells;
    for (const Rational& r : row) cells.append(ToFraction(r));
    rows.append(cells);
  }
  return rows;
}

// The trace as `satcirc run --json --trace` writes it (lib/engine/trace.cc),
// with every value a fractions.Fraction instead of a string.
py::dict TraceDict(const Model& model, const Trace& trace) {
  py::dict out;
  out["tokens"] = py::cast(trace.tokens);
  out["features"] = py::cast(model.features);
  out["embedding"] = StageList(trace.embedding);
  py::list layers;
  for (size_t l = 0; l < trace.layers.size(); ++l) {
    py::list heads;
    for (size_t h = 0; h < trace.layers[l].heads.size(); ++h) {
      py::dict head;
      head["name"] = model.layers[l].heads[h].name;
      head["attended"] = py::cast(trace.layers[l].heads[h].attended);
      heads.append(head);
    }
    py::dict layer;
    layer["heads"] = heads;
    layer["residual"] = StageList(trace.layers[l].residual);
    layers.append(layer);
  }
  out["layers"] = layers;
  out["readout_position"] = trace.readout_position;
  out["readout_value"] = ToFraction(trace.readout_value);
  out["accept"] = trace.accept;
  return out;
}

absl::Status CheckTraceSize(const Model& model, int n) {
  const std::int64_t entries = EstimateTraceEntries(model, n);
  if (entries <= kMaxTraceEntries) return absl::OkStatus();
  return absl::OutOfRangeError(absl::StrCat(
      "trace: the trace of this input (length ", n, ") would hold about ",
      entries, " values; the limit is ", kMaxTraceEntries,
      ": run without trace, or trace a shorter input"));
}

// The engine run() used last, kept for the next call with an equal model and
// the same spec (making one can cost more than a run: run() in a Python loop
// makes it once). Used with the GIL held, so by one thread at a time.
template <typename Engine>
struct LastEngine {
  std::optional<Engine> engine;
  std::string spec;
};

template <typename Engine, typename Make>
Engine& CachedEngine(LastEngine<Engine>& last, const Model& model,
                     const std::string& spec, const Make& make) {
  if (!last.engine || last.spec != spec || !(last.engine->model() == model)) {
    last.engine.reset();
    last.engine.emplace(Unwrap(make()));
    last.spec = spec;
  }
  return *last.engine;
}

// Never destroyed: no engine outlives the interpreter's teardown in a
// destructor.
template <typename Engine>
LastEngine<Engine>& LastOf() {
  static auto* last = new LastEngine<Engine>();
  return *last;
}

RunResult RunFloat(const Model& model, const EngineSpec& spec,
                   const automata::Word& word) {
  FloatEngine& engine = CachedEngine(
      LastOf<FloatEngine>(), model, spec.text,
      [&] { return FloatEngine::Create(model, {.scale = spec.scale}); });
  const FloatDecision d = Unwrap(engine.Run(word));
  RunResult result;
  result.accept = d.accept;
  result.y = py::float_(d.value);
  result.y_float = d.value;
  result.y_fraction = py::none();
  result.trace = py::none();
  result.engine = spec.text;
  return result;
}

// y is a polynomial in c: its coefficients, lowest first, as Fractions;
// y_float is NaN.
RunResult RunParamLimit(const Model& model, const EngineSpec& spec,
                        const automata::Word& word) {
  const ParamLimitDecision d =
      Unwrap(ParamLimitEngine::Create(model)).Run(word);
  py::list coefficients;
  for (int k = 0; k <= d.value.degree(); ++k) {
    coefficients.append(ToFraction(d.value.coefficient(k)));
  }
  RunResult result;
  result.accept = d.accept;
  result.y = coefficients;
  result.y_float = std::nan("");
  result.y_fraction = py::none();
  result.trace = py::none();
  result.engine = spec.text;
  return result;
}

RunResult Run(const Model& model, const std::string& text,
              const std::string& engine_text, bool want_trace) {
  const EngineSpec spec = Unwrap(ParseEngineSpec(engine_text));
  const automata::Word word = ParseWord(model.alphabet, text);
  if (spec.kind == EngineSpec::Kind::kFloat) {
    if (want_trace) {
      ThrowIfError(absl::InvalidArgumentError(
          "trace: the float engine has no trace (run the exact or fixed:P "
          "engine)"));
    }
    return RunFloat(model, spec, word);
  }
  if (spec.kind == EngineSpec::Kind::kParamLimit) {
    if (want_trace) {
      ThrowIfError(absl::InvalidArgumentError(
          "trace: the param-limit engine has no trace (run the exact or "
          "fixed:P engine)"));
    }
    return RunParamLimit(model, spec, word);
  }
  if (want_trace) {
    ThrowIfError(CheckTraceSize(model, static_cast<int>(word.size())));
  }
  Trace trace;
  Trace* t = want_trace ? &trace : nullptr;
  Decision d;
  if (spec.kind == EngineSpec::Kind::kFixed) {
    FixedEngine& engine = CachedEngine(
        LastOf<FixedEngine>(), model, spec.text,
        [&] { return FixedEngine::Create(model, spec.frac_bits); });
    d = Unwrap(engine.Run(word, t));
  } else {
    ExactEngine& engine =
        CachedEngine(LastOf<ExactEngine>(), model, spec.text,
                     [&] { return ExactEngine::Create(model); });
    d = engine.Run(word, t);
  }
  RunResult result;
  result.accept = d.accept;
  result.y = result.y_fraction = ToFraction(d.value);
  // Python's float(Fraction): correctly rounded.
  result.y_float = py::float_(result.y).cast<double>();
  result.trace = want_trace ? py::object(TraceDict(model, trace)) : py::none();
  result.engine = spec.text;
  return result;
}

// A batch of words stored end to end: word i is symbols[begin[i], begin[i+1]).
struct Batch {
  std::vector<automata::Symbol> symbols;
  std::vector<std::size_t> begin = {0};
  std::size_t size() const { return begin.size() - 1; }
  int length(std::size_t i) const {
    return static_cast<int>(begin[i + 1] - begin[i]);
  }
  const automata::Symbol* word(std::size_t i) const {
    return symbols.data() + begin[i];
  }
};

Batch BatchFromList(const Model& model, const py::list& words) {
  Batch batch;
  for (const py::handle w : words) {
    if (!py::isinstance<py::str>(w)) {
      throw py::type_error(
          "decide: words is a list of str or a 2-D integer "
          "numpy array; the list holds a " +
          py::str(py::type::of(w)).cast<std::string>());
    }
    absl::StatusOr<automata::Word> word =
        model.alphabet.Parse(w.cast<std::string>());
    if (!word.ok()) {
      throw StatusError(absl::Status(
          word.status().code(), absl::StrCat("decide: words[", batch.size(),
                                             "]: ", word.status().message())));
    }
    batch.symbols.insert(batch.symbols.end(), word->begin(), word->end());
    batch.begin.push_back(batch.symbols.size());
  }
  return batch;
}

// Copies a C-contiguous [rows, n] array of integer type T, checking every
// index against the alphabet.
template <typename T>
void CopySymbols(const Model& model, const py::array& a, Batch& batch) {
  const auto rows = static_cast<std::size_t>(a.shape(0));
  const auto n = static_cast<std::size_t>(a.shape(1));
  const std::int64_t k = model.alphabet.size();
  const T* data = static_cast<const T*>(a.data());
  batch.symbols.resize(rows * n);
  batch.begin.resize(rows + 1);
  for (std::size_t i = 0; i < rows * n; ++i) {
    const auto v = static_cast<std::int64_t>(data[i]);
    if (v < 0 || v >= k) {
      ThrowIfError(absl::InvalidArgumentError(
          absl::StrCat("decide: words[", i / n, ", ", i % n, "] = ", v,
                       " is not a symbol index of the alphabet '",
                       model.alphabet.symbols(), "' (0..", k - 1, ")")));
    }
    batch.symbols[i] = static_cast<automata::Symbol>(v);
  }
  for (std::size_t i = 0; i <= rows; ++i) batch.begin[i] = i * n;
}

Batch BatchFromArray(const Model& model, const py::array& array) {
  const char kind = array.dtype().kind();
  if ((kind != 'i' && kind != 'u') || array.ndim() != 2) {
    throw py::type_error(
        "decide: a numpy array of words is 2-D [batch, n] with an integer "
        "dtype (symbol indices); got " +
        py::str(array.dtype()).cast<std::string>() + " with " +
        std::to_string(array.ndim()) + " dimensions");
  }
  const py::array a = py::array::ensure(array, py::array::c_style);
  Batch batch;
  const bool u = kind == 'u';
  switch (a.itemsize()) {
    case 1:
      u ? CopySymbols<std::uint8_t>(model, a, batch)
        : CopySymbols<std::int8_t>(model, a, batch);
      break;
    case 2:
      u ? CopySymbols<std::uint16_t>(model, a, batch)
        : CopySymbols<std::int16_t>(model, a, batch);
      break;
    case 4:
      u ? CopySymbols<std::uint32_t>(model, a, batch)
        : CopySymbols<std::int32_t>(model, a, batch);
      break;
    default:
      u ? CopySymbols<std::uint64_t>(model, a, batch)
        : CopySymbols<std::int64_t>(model, a, batch);
      break;
  }
  return batch;
}

// The batch's indices by length, then lexicographically: neighbours share
// long prefixes, which the exact decider computes once. Each word's first
// symbols are packed into a 64-bit key, so that most comparisons are of two
// integers.
std::vector<std::size_t> SortedOrder(const Batch& batch, int alphabet_size) {
  int bits = 1;
  while ((1 << bits) < alphabet_size) ++bits;
  const int per_key = 64 / bits;
  struct Entry {
    int length;
    std::uint64_t key;
    std::size_t index;
  };
  std::vector<Entry> entries(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const int n = batch.length(i);
    std::uint64_t key = 0;
    for (int p = 0; p < per_key; ++p) {
      key = (key << bits) | (p < n ? batch.word(i)[p] : 0);
    }
    entries[i] = {n, key, i};
  }
  std::sort(
      entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
        if (a.length != b.length) return a.length < b.length;
        if (a.key != b.key) return a.key < b.key;
        if (a.length <= per_key) return false;
        return std::lexicographical_compare(
            batch.word(a.index) + per_key, batch.word(a.index) + a.length,
            batch.word(b.index) + per_key, batch.word(b.index) + b.length);
      });
  std::vector<std::size_t> order(entries.size());
  for (std::size_t r = 0; r < entries.size(); ++r) order[r] = entries[r].index;
  return order;
}

// Decides order[begin, end) with one decider, writing out[index].
void DecideRange(Decider& decider, const Batch& batch,
                 const std::vector<std::size_t>& order, std::size_t begin,
                 std::size_t end, bool* out) {
  automata::Word word;
  int previous = -1;
  constexpr std::size_t kAhead = 16;  // the words are read in sorted order
  for (std::size_t r = begin; r < end; ++r) {
    if (r + kAhead < end) {
      __builtin_prefetch(batch.word(order[r + kAhead]));
      __builtin_prefetch(out + order[r + kAhead], 1);
    }
    const std::size_t i = order[r];
    const int n = batch.length(i);
    const automata::Symbol* w = batch.word(i);
    int same = 0;
    if (n == previous) {
      while (same < n && word[same] == w[same]) ++same;
    }
    word.assign(w, w + n);
    double abs_y;
    out[i] = decider.AcceptNext(word, same, &abs_y);
    previous = n;
  }
}

// Below this many words a batch is decided on one thread.
constexpr std::size_t kWordsPerThread = 1 << 12;

// The deciding itself, without the GIL; the failure of a decider that can
// fail (fixed:P out of range) is returned, that of the smallest word.
absl::Status DecideBatch(const Decider& prototype, const Batch& batch,
                         int threads, bool* out) {
  const std::vector<std::size_t> order =
      SortedOrder(batch, prototype.alphabet().size());
  const std::size_t total = order.size();
  const int workers = static_cast<int>(std::max<std::size_t>(
      1, std::min<std::size_t>(internal::ThreadsFor(threads),
                               total / kWordsPerThread)));
  std::vector<std::unique_ptr<Decider>> deciders(workers);
  for (auto& d : deciders) d = prototype.Clone();
  internal::RunWorkers(workers, [&](int w) {
    DecideRange(*deciders[w], batch, order, total * w / workers,
                total * (w + 1) / workers, out);
  });
  std::optional<Decider::Failure> failure;
  for (const auto& d : deciders) {
    if (d->failure() && (!failure || d->failure()->word < failure->word)) {
      failure = d->failure();
    }
  }
  if (!failure) return absl::OkStatus();
  return absl::Status(failure->status.code(),
                      absl::StrCat("decide: ", failure->status.message()));
}

Batch BatchOf(const Model& model, const py::object& words) {
  if (py::isinstance<py::array>(words)) {
    return BatchFromArray(model, words.cast<py::array>());
  }
  if (py::isinstance<py::list>(words) || py::isinstance<py::tuple>(words)) {
    return BatchFromList(model, py::list(words));
  }
  throw py::type_error(
      "decide: words is a list of str or a 2-D integer numpy array; got " +
      py::str(py::type::of(words)).cast<std::string>());
}

py::array_t<bool> Decide(const Model& model, const py::object& words,
                         const std::string& engine, int threads) {
  if (threads < 0)
    throw py::value_error("decide: threads is 0 (one per core) or more");
  const Batch batch = BatchOf(model, words);
  std::unique_ptr<Decider> decider = Unwrap(MakeDecider(model, engine));
  py::array_t<bool> result(static_cast<py::ssize_t>(batch.size()));
  bool* out = result.mutable_data();
  absl::Status status;
  {
    py::gil_scoped_release release;
    status = DecideBatch(*decider, batch, std::min(threads, kMaxThreads), out);
  }
  ThrowIfError(status);
  return result;
}

}  // namespace

void BindRun(py::module_& m) {
  py::class_<RunResult>(m, "RunResult", R"doc(
One run of a model on one word (satcirc.run): `accept` (y > 0), `y` (a
fractions.Fraction for the exact and fixed:P engines, a float for float:C),
`y_fraction` (the same Fraction, or None for float:C), `y_float`, `engine`
(canonical spec) and, with trace=True, `trace`: a dict with the information
of `satcirc run --json --trace` (tokens, features, embedding, layers -> heads ->
per-position attended key positions and residual values, readout position and
value), values as Fractions.)doc")
      .def_readonly("accept", &RunResult::accept, "Whether y > 0.")
      .def_readonly("y", &RunResult::y,
                    "y: a Fraction (exact, fixed:P) or a float (float:C).")
      .def_readonly("y_fraction", &RunResult::y_fraction,
                    "y as a Fraction, or None for float:C.")
      .def_readonly("y_float", &RunResult::y_float, "y as the nearest float.")
      .def_readonly("trace", &RunResult::trace,
                    "The trace dict (trace=True), or None.")
      .def_readonly("engine", &RunResult::engine,
                    "The engine's canonical spec.")
      .def("__bool__", [](const RunResult& r) { return r.accept; })
      .def("__repr__", [](const RunResult& r) {
        return absl::StrCat(
            "<satcirc.RunResult ", r.accept ? "accept" : "reject",
            " y=", py::str(r.y).cast<std::string>(), " (", r.engine, ")>");
      });
  m.def("run", &Run, py::arg("model"), py::arg("word"),
        py::arg("engine") = "exact", py::arg("trace") = false, R"doc(
Runs `model` on `word` (a str over its alphabet) as `satcirc run` does.

engine: "exact" (rational arithmetic, the reference semantics), "fixed:P"
(values rounded to multiples of 2^-P, as the compiled circuits compute) or
"float:C" (floating-point softmax with logit scale C). trace=True records every
residual value and every head's attended positions (not for float:C).
Returns a RunResult; raises satcirc.Error for a symbol outside the alphabet, a
bad engine spec or a fixed:P range error.)doc");
  m.def("decide", &Decide, py::arg("model"), py::arg("words"),
        py::arg("engine") = "exact", py::arg("threads") = 0, R"doc(
Decides a batch of words: a numpy bool array, result[i] = model accepts words[i].

words: a list of str over the model's alphabet, or a 2-D integer numpy array
[batch, n] of symbol indices 0..|alphabet|-1. engine as in satcirc.run.
threads: 0 = one per core (batches of a few thousand words use one). The words
are decided in sorted order, so that the exact engine shares the work of
common prefixes, without the GIL; results are in the caller's order.)doc");
}

}  // namespace satcirc::python
