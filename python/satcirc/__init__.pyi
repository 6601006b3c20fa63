"""Type stubs of the package satcirc: the compiled core's names and the torch bridge."""

from typing import Any

from satcirc._satcirc import *  # noqa: F401,F403
from satcirc._satcirc import Model

def to_torch(model: Model, scale: float = 1.0, hard: bool = False) -> Any: ...
def from_torch(module: Any) -> Model: ...
