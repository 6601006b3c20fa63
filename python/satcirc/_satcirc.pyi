"""Type stubs of satcirc's compiled core (python/src); the package re-exports it."""

from fractions import Fraction
from typing import Any, Iterable, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

__version__: str

class Error(ValueError):
    """A satcirc error: the tool's message; `code` is the status ("INVALID_ARGUMENT", ...)."""
    code: str

# ----- model files, the zoo (bind_model.cc) -----

class Model:
    """A transformer: a model file's contents, weights exact."""
    language: Optional[str]
    @staticmethod
    def from_json(text: str, source: str = "<string>") -> Model: ...
    def to_json(self) -> str: ...
    def save(self, path: str) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def alphabet(self) -> str: ...
    @property
    def bos(self) -> bool: ...
    @property
    def eos(self) -> bool: ...
    @property
    def features(self) -> list[str]: ...
    @property
    def d(self) -> int: ...
    @property
    def num_layers(self) -> int: ...
    @property
    def layers(self) -> list[dict[str, Any]]: ...
    @property
    def has_softmax_head(self) -> bool: ...
    def _repr_markdown_(self) -> str: ...

def load(spec: str) -> Model: ...
def validate(spec: str) -> Optional[str]: ...
def zoo(name: str) -> Model: ...
def zoo_entries() -> list[dict[str, Any]]: ...

# ----- the builder and programs (bind_build.cc) -----


# ----- languages (bind_languages.cc) -----


# ----- run, decide (bind_run.cc) -----


# ----- check (bind_check.cc) -----


# ----- compile, circuits (bind_compile.cc) -----


# ----- analyze, experiments (bind_analyze.cc) -----

