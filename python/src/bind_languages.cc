// Language: a language spec (docs/language-specs.md) parsed as `--lang` is,
// with exact membership, exact counts, the checker's seeded samplers and the
// words of one length; language_families: the list `satcirc langs` prints.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "automata/language.h"
#include "automata/registry.h"
#include "lib/check/check.h"
#include "python/src/bindings.h"
#include "tools/model_arg.h"

namespace satcirc::python {
namespace {

struct PyLanguage {
  std::shared_ptr<const automata::Language> lang;
};

// words(n) refuses lengths with more words than this.
constexpr std::uint64_t kMaxWords = std::uint64_t{1} << 20;

PyLanguage MakeLanguage(const std::string& spec) {
  return PyLanguage{Unwrap(cli::ParseLangArg(spec))};
}

void CheckLength(int n, const char* what) {
  if (n < 0) {
    ThrowIfError(absl::InvalidArgumentError(
        absl::StrCat(what, ": the length n is 0 or more; got ", n)));
  }
}

py::int_ Count(const PyLanguage& l, int n) {
  CheckLength(n, "count");
  ThrowIfError(l.lang->CheckCountingLimits(n));
  const mpz_class count = l.lang->CountMembers(n);
  return py::int_(py::str(count.get_str()));
}

py::list FormatAll(const automata::Alphabet& alphabet,
                   const std::vector<automata::Word>& words) {
  py::list out;
  for (const automata::Word& w : words) out.append(py::str(alphabet.Format(w)));
  return out;
}

// k words of one class from the language's uniform sampler of that class,
// seeded as the checker seeds it (stream 1 members, 3 non-members).
std::vector<automata::Word> SampleClass(const automata::Language& lang, int n,
                                        int k, std::uint64_t seed,
                                        bool members) {
  std::unique_ptr<automata::WordSampler> sampler;
  if (members) {
    sampler = Unwrap(lang.NewMemberSampler(n));
  } else {
    sampler = Unwrap(lang.NewNonMemberSampler(n));
  }
  std::mt19937_64 rng(LengthSeed(seed, n, members ? 1 : 3));
  std::vector<automata::Word> words;
  for (int i = 0; i < k; ++i) words.push_back(sampler->Sample(rng));
  return words;
}

py::list Sample(const PyLanguage& l, int n, int k, std::uint64_t seed,
                std::optional<bool> members) {
  CheckLength(n, "sample");
  if (k < 0 || k > kMaxSamples) {
    ThrowIfError(absl::InvalidArgumentError(
        absl::StrCat("sample: k is 0 .. ", kMaxSamples, " words; got ", k)));
  }
  ThrowIfError(l.lang->CheckCountingLimits(n));
  std::vector<automata::Word> words;
  if (members) {
    words = SampleClass(*l.lang, n, k, seed, *members);
  } else {
    words = Unwrap(SampleCheckWords(*l.lang, n, {.samples = k, .seed = seed}));
  }
  return FormatAll(l.lang->alphabet(), words);
}

// Every word of length n in lexicographic order, or only the members (the
// non-members) with `members` set.
py::list Words(const PyLanguage& l, int n, std::optional<bool> members) {
  CheckLength(n, "words");
  const int k = l.lang->alphabet().size();
  if (std::pow(static_cast<double>(k), n) > static_cast<double>(kMaxWords)) {
    ThrowIfError(absl::OutOfRangeError(absl::StrCat(
        "words: ", k, "^", n, " words of length ", n, " are more than the ",
        kMaxWords, " this lists; use sample(n, k) or count(n)")));
  }
  std::uint64_t total = 1;
  for (int i = 0; i < n; ++i) total *= k;
  std::vector<std::uint8_t> in(total);
  if (members) l.lang->FillMembership(n, in.data());
  py::list out;
  automata::Word w(n, 0);
  for (std::uint64_t i = 0; i < total; ++i) {
    if (!members || static_cast<bool>(in[i]) == *members) {
      out.append(py::str(l.lang->alphabet().Format(w)));
    }
    for (int p = n - 1; p >= 0; --p) {  // the next word
      if (++w[p] < k) break;
      w[p] = 0;
    }
  }
  return out;
}

bool Contains(const PyLanguage& l, const std::string& word) {
  return l.lang->Contains(ParseWord(l.lang->alphabet(), word));
}

py::list Families() {
  py::list out;
  for (const automata::LanguageFamily& f : automata::LanguageFamilies()) {
    py::dict family;
    family["syntax"] = f.syntax;
    family["alphabet"] = f.alphabet;
    family["example"] = f.example;
    family["description"] = f.description;
    out.append(family);
  }
  return out;
}

}  // namespace

void BindLanguages(py::module_& m) {
  py::class_<PyLanguage>(m, "Language", R"doc(
A formal language from a spec (docs/language-specs.md): "parity",
"dyck:k=2,depth=3", "tomita:3", "regex:(ab)*", "counts:#a=#b", ...
Membership is exact (`word in lang`), counts are exact Python ints, samples are
the checker's seeded uniform samplers. Make one with satcirc.language(spec).)doc")
      .def_property_readonly(
          "spec", [](const PyLanguage& l) { return l.lang->spec(); },
          "The canonical spec, e.g. \"dyck:k=2,depth=3\".")
      .def_property_readonly(
          "name",
          [](const PyLanguage& l) {
            const std::string spec = l.lang->spec();
            return spec.substr(0, spec.find(':'));
          },
          "The family, e.g. \"dyck\".")
      .def_property_readonly(
          "alphabet",
          [](const PyLanguage& l) { return l.lang->alphabet().symbols(); },
          "The symbols in order, e.g. \"()[]\".")
      .def_property_readonly(
          "description",
          [](const PyLanguage& l) { return l.lang->info().description; },
          "One line, e.g. \"balanced brackets of 2 kinds\".")
      .def_property_readonly(
          "is_regular",
          [](const PyLanguage& l) { return l.lang->info().is_regular; },
          "Whether the language is known regular (it has a DFA).")
      .def("contains", &Contains, py::arg("word"),
           "Whether `word` (a str over the alphabet) is a member; an unknown "
           "symbol raises satcirc.Error.")
      .def("__contains__", &Contains)
      .def("count", &Count, py::arg("n"),
           "The exact number of members of length n (as `satcirc count`).")
      .def("sample", &Sample, py::arg("n"), py::arg("k"), py::arg("seed") = 1,
           py::arg("members") = py::none(), R"doc(
k words of length n, deterministic per seed. members=None: the checker's mix
(satcirc check's sample of a length: half members, a quarter near misses, the
rest non-members, SampleCheckWords); True: k uniform members; False: k uniform
non-members. Raises satcirc.Error when the class is empty at n.)doc")
      .def("words", &Words, py::arg("n"), py::arg("members") = py::none(),
           "Every word of length n in lexicographic order (members only with "
           "members=True, non-members with False); refused above 2^20 words.")
      .def("__repr__", [](const PyLanguage& l) {
        return absl::StrCat("<satcirc.Language '", l.lang->spec(), "' over '",
                            l.lang->alphabet().symbols(), "'>");
      });
  m.def("language", &MakeLanguage, py::arg("spec"),
        "The language of a spec, parsed as `--lang` is: an unknown family "
        "raises satcirc.Error with the CLI's hint (\"did you mean parity?\").");
  m.def("language_families", &Families,
        "The registry's families as `satcirc langs` lists them: dicts of "
        "syntax, alphabet, example and description.");
}

}  // namespace satcirc::python
