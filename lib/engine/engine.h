// Engines run a model on an input word (docs/semantics.md).
//
// ExactEngine is the reference semantics: rational arithmetic, exact ties. It
// runs on int64 numerators over a shared denominator with every operation
// checked; when a value leaves int64 it reruns that input on 128-bit integers,
// and when a value leaves those, with GMP rationals, so exactness is never
// lost (ExactStats says how often each happened).
//
// DoubleEngine is the same engine instantiated on IEEE double: the same
// discrete semantics with rounded arithmetic. It exists to measure what
// exactness costs; the floating-point softmax reference is a separate engine.
//
// An engine object keeps a workspace between runs: use one per thread.
#ifndef SATCIRC_LIB_ENGINE_ENGINE_H_
#define SATCIRC_LIB_ENGINE_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "automata/alphabet.h"
#include "lib/base/rational.h"
#include "lib/engine/trace.h"
#include "lib/model/model.h"

namespace satcirc {

namespace internal {
template <typename Arith>
class EngineCore;
struct DoubleArith;
struct ExactCores;
struct FixedRangeError;
}  // namespace internal

struct Decision {
  bool accept = false;  // y > 0
  Rational value;       // the readout y
};

struct ExactStats {
  std::int64_t runs = 0;
  std::int64_t wide_runs = 0;  // runs that left int64 but not 128 bits
  std::int64_t big_runs = 0;   // runs that needed arbitrary precision
};

struct ExactEngineOptions {
  // Skip the int64 fast path (for tests of the fallback, and for comparison).
  bool force_big = false;
  // Compute every attention score (O(N²) per head) instead of the exact fast
  // paths; for testing them.
  bool fast_attention = true;
};

class ExactEngine {
 public:
  // Fails, naming the head, for a model the exact semantics does not cover (a
  // softmax head). The model is copied.
  static absl::StatusOr<ExactEngine> Create(
      const Model& model, const ExactEngineOptions& options = {});
  ExactEngine(ExactEngine&&) noexcept;
  ExactEngine& operator=(ExactEngine&&) noexcept;
  ~ExactEngine();

  // Runs one word (symbols of the model's alphabet). Fills `trace` when
  // non-null.
  Decision Run(const automata::Word& word, Trace* trace = nullptr);
  // The decision alone (y > 0), without building the exact value: for the
  // checker.
  bool Accept(const automata::Word& word);
  // The decision and |y| as a double (within an ulp), still without building
  // a GMP rational on the int64 path: for the checker's margin report.
  bool Accept(const automata::Word& word, double* abs_y);
  const Model& model() const { return *model_; }
  const ExactStats& stats() const { return stats_; }

 private:
  ExactEngine() = default;
  std::unique_ptr<Model> model_;
  std::unique_ptr<internal::ExactCores> cores_;
  ExactStats stats_;
};

// The fixed:p semantics (docs/semantics.md): every value written to the
// residual stream and every attention average rounded down to a multiple of
// 2^-p; a residual value outside the model's declared range [−2^integer_bits,
// 2^integer_bits) is an error naming the input, layer, position and feature.
// Scores, hidden MLP values and the readout are exact functions of the
// rounded values. This is the semantics the compiled circuits implement
// (lib/compile/compile.h). Runs on int64 fractions with the 128-bit and GMP
// fallbacks, like ExactEngine.
class FixedEngine {
 public:
  static constexpr int kMaxFracBits = 60;
  // Fails for a softmax head and for frac_bits outside 0 … kMaxFracBits.
  static absl::StatusOr<FixedEngine> Create(
      const Model& model, int frac_bits,
      const ExactEngineOptions& options = {});
  FixedEngine(FixedEngine&&) noexcept;
  FixedEngine& operator=(FixedEngine&&) noexcept;
  ~FixedEngine();

  // OutOfRange when a residual value leaves the declared range.
  absl::StatusOr<Decision> Run(const automata::Word& word,
                               Trace* trace = nullptr);
  absl::StatusOr<bool> Accept(const automata::Word& word);
  const Model& model() const { return *model_; }
  int frac_bits() const { return frac_bits_; }
  const ExactStats& stats() const { return stats_; }

 private:
  FixedEngine() = default;
  absl::Status RangeError(const internal::FixedRangeError& e,
                          const automata::Word& word) const;
  std::unique_ptr<Model> model_;
  int frac_bits_ = 0;
  std::unique_ptr<internal::ExactCores> cores_;
  ExactStats stats_;
};

// An engine named on the command line: "exact", "fixed:P" (0 ≤ P ≤ 60),
// "float:C" (C > 0, the float engine's logit scale) or "param-limit" (the
// exact limit of every parameter scaled by c → ∞: lib/engine/param_limit.h).
struct EngineSpec {
  enum class Kind { kExact, kFixed, kFloat, kParamLimit };
  Kind kind = Kind::kExact;
  int frac_bits = 0;  // fixed:P
  double scale = 1;   // float:C
  std::string text;   // as written, canonical: "exact", "fixed:8"
};
absl::StatusOr<EngineSpec> ParseEngineSpec(absl::string_view text);

struct DoubleDecision {
  bool accept = false;
  double value = 0;
};

class DoubleEngine {
 public:
  static absl::StatusOr<DoubleEngine> Create(const Model& model);
  DoubleEngine(DoubleEngine&&) noexcept;
  DoubleEngine& operator=(DoubleEngine&&) noexcept;
  ~DoubleEngine();
  DoubleDecision Run(const automata::Word& word);

 private:
  DoubleEngine() = default;
  std::unique_ptr<Model> model_;
  std::unique_ptr<internal::EngineCore<internal::DoubleArith>> core_;
};

// Checks that the exact semantics covers the model: no softmax head. The error
// names the head: "layer 1, head 2 'mix': mode softmax has no exact semantics
// ...".
absl::Status CheckExactSemantics(const Model& model);

}  // namespace satcirc

#endif  // SATCIRC_LIB_ENGINE_ENGINE_H_
