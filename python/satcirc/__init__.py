"""satcirc from Python: transformers with hard and saturated attention, run
exactly, compiled to threshold circuits, checked against formal languages.

The compiled core is satcirc._satcirc; this package re-exports it. See
docs/python.md for a walkthrough.
"""

from satcirc._satcirc import (  # noqa: F401
    Error,
    Model,
    __version__,
    load,
    validate,
    zoo,
    zoo_entries,
)

__all__ = ["Error", "Model", "load", "validate", "zoo", "zoo_entries"]
