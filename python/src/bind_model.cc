// Model: a model file's contents (docs/model-format.md), loaded from a file, a
// program, the zoo or JSON text, and written back exactly.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/base/files.h"
#include "lib/model/model.h"
#include "lib/model/model_io.h"
#include "lib/zoo/zoo.h"
#include "python/src/bindings.h"
#include "tools/model_arg.h"

namespace satcirc::python {
namespace {

// The language a model is checked against when none is given: a zoo entry's,
// a program's declaration; None otherwise.
py::object DeclaredLanguage(const std::string& spec) {
  if (std::optional<std::string> lang = cli::ZooLanguageOf(spec)) {
    return py::str(*lang);
  }
  if (cli::IsProgramFile(spec)) {
    const std::string lang = Unwrap(cli::ProgramLanguage(spec));
    if (!lang.empty()) return py::str(lang);
  }
  return py::none();
}

py::object Load(const std::string& spec) {
  py::object model = py::cast(Unwrap(cli::LoadModelArg(spec)));
  model.attr("language") = DeclaredLanguage(spec);
  return model;
}

py::list HeadSummaries(const Model& model) {
  py::list layers;
  for (const Layer& layer : model.layers) {
    py::list heads;
    for (const Head& h : layer.heads) {
      py::dict head;
      head["name"] = h.name;
      head["mode"] = std::string(AttentionModeName(h.mode));
      head["mask"] = std::string(MaskName(h.mask));
      head["scale"] = ToFraction(h.scale);
      head["d_k"] = h.w_q.rows;
      head["d_v"] = h.w_v.rows;
      heads.append(head);
    }
    py::dict entry;
    entry["heads"] = heads;
    entry["mlp_hidden"] = layer.mlp.hidden();
    layers.append(entry);
  }
  return layers;
}

std::string Repr(const Model& model) {
  int heads = 0;
  for (const Layer& l : model.layers) heads += static_cast<int>(l.heads.size());
  return absl::StrCat("<satcirc.Model '", model.name, "': alphabet '",
                      model.alphabet.symbols(), "', d=", model.dim(), ", ",
                      model.layers.size(), " layers, ", heads, " heads>");
}

std::string Markdown(const Model& model) {
  std::string text = absl::StrCat("**", model.name, "**");
  if (!model.description.empty())
    absl::StrAppend(&text, ": ", model.description);
  absl::StrAppend(&text,
                  "\n\n| layer | head | mode | mask | d_k | d_v | MLP |\n",
                  "|---|---|---|---|---|---|---|\n");
  for (size_t l = 0; l < model.layers.size(); ++l) {
    const Layer& layer = model.layers[l];
    const std::string mlp = absl::StrCat(layer.mlp.hidden(), " hidden");
    if (layer.heads.empty())
      absl::StrAppend(&text, "| ", l + 1, " | | | | | | ", mlp, " |\n");
    for (const Head& h : layer.heads) {
      absl::StrAppend(&text, "| ", l + 1, " | ", h.name, " | ",
                      AttentionModeName(h.mode), " | ", MaskName(h.mask), " | ",
                      h.w_q.rows, " | ", h.w_v.rows, " | ", mlp, " |\n");
    }
  }
  absl::StrAppend(&text, "\nalphabet `", model.alphabet.symbols(),
                  "`, d = ", model.dim(), ", readout at ",
                  ReadoutPositionName(model.readout.position),
                  model.bos ? ", BOS" : "", model.eos ? ", EOS" : "", "\n");
  return text;
}

// The model's fields and summaries, read-only.
void BindModelFields(py::class_<Model>& c) {
  c.def_readonly("name", &Model::name, "The model file's name (a str).")
      .def_readonly("description", &Model::description,
                    "The model file's description ('' when it gives none).")
      .def_property_readonly(
          "alphabet", [](const Model& m) { return m.alphabet.symbols(); },
          "The input symbols in token order, as one str (e.g. 'ab').")
      .def_readonly("bos", &Model::bos,
                    "Whether a <bos> token is prepended to every input.")
      .def_readonly("eos", &Model::eos,
                    "Whether an <eos> token is appended to every input.")
      .def_readonly("features", &Model::features,
                    "The residual stream's feature names, one per dimension.")
      .def_property_readonly(
          "d", &Model::dim,
          "The residual stream's width d (the number of features).")
      .def_property_readonly(
          "num_layers", [](const Model& m) { return m.layers.size(); },
          "The number of layers (each: attention heads, then an MLP).")
      .def_property_readonly("layers", &HeadSummaries,
                             "Per layer: its heads (name, mode, mask, scale, "
                             "d_k, d_v) and its MLP's hidden width.")
      .def_property_readonly("has_softmax_head", &Model::HasSoftmaxHead,
                             "Whether any head uses softmax attention (then "
                             "the model has no exact semantics).");
}

void BindModelClass(py::module_& m) {
  py::class_<Model> c(m, "Model", py::dynamic_attr(), R"doc(
A transformer: a model file's contents (docs/model-format.md), weights exact.

Load one with satcirc.load (a file, a B-RASP/C-RASP program, or "zoo:NAME"),
satcirc.zoo(NAME), Model.from_json(text) or a ModelBuilder. `language` is the
language the model is checked against by default (a zoo entry's, a program's
declaration), or None.)doc");
  c.def_static(
       "from_json",
       [](const std::string& text, const std::string& source) {
         py::object model = py::cast(Unwrap(ReadModelFromString(text, source)));
         model.attr("language") = py::none();
         return model;
       },
       py::arg("text"), py::arg("source") = "<string>",
       "A model from model-file JSON text; errors name `source` and where.")
      .def(
          "to_json",
          [](const Model& model) { return WriteModelToString(model); },
          "The model file's text: deterministic, weights exact.")
      .def(
          "save",
          [](const Model& model, const std::string& path) {
            ThrowIfError(WriteFileAtomically(path, WriteModelToString(model)));
          },
          py::arg("path"),
          "Writes the model file (a temporary file renamed over `path`).")
      .def("__eq__", [](const Model& a, const Model& b) { return a == b; })
      .def("__repr__", &Repr)
      .def("_repr_markdown_", &Markdown);
  BindModelFields(c);
}

}  // namespace

void BindModel(py::module_& m) {
  BindModelClass(m);
  m.def("load", &Load, py::arg("spec"), R"doc(
A model: a model file's path, a program (*.brasp, *.crasp, compiled exactly), or
"zoo:NAME". Raises satcirc.Error naming the file and where it is malformed.)doc");
  m.def(
      "validate",
      [](const std::string& spec) -> py::object {
        absl::StatusOr<Model> model = cli::LoadModelArg(spec);
        if (model.ok()) return py::none();
        return py::str(std::string(model.status().message()));
      },
      py::arg("spec"), R"doc(
None when `spec` (as for satcirc.load) is a valid model, else the message naming
what is wrong and where ("m.json: layer 1, head 1 'mean': W_Q has 3 columns ...").)doc");
  m.def(
      "zoo", [](const std::string& name) { return Load("zoo:" + name); },
      py::arg("name"),
      "The zoo's construction NAME (satcirc.zoo_entries() lists them).");
  m.def(
      "zoo_entries",
      [] {
        py::list entries;
        for (const zoo::ZooEntry& e : zoo::Entries()) {
          py::dict entry;
          entry["name"] = e.name;
          entry["language"] = e.language;
          entry["negative_control"] = e.negative_control;
          entry["summary"] = e.summary;
          entry["source"] = e.source;
          entries.append(entry);
        }
        return entries;
      },
      "The zoo: one dict per construction, then the negative controls.");
}

}  // namespace satcirc::python
