// To be written: see bindings.h.
#include "python/src/bindings.h"

namespace satcirc::python {

void BindCompile(py::module_& /*m*/) {}

}  // namespace satcirc::python
