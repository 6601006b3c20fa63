"""satcirc from Python: transformers with hard and saturated attention, run
exactly, compiled to threshold circuits, checked against formal languages.

The compiled core is satcirc._satcirc; this package re-exports it. See
docs/python.md for a walkthrough.
"""

from satcirc._satcirc import (  # noqa: F401
    Error,
    Feature,
    HeadBuilder,
    Language,
    LayerBuilder,
    Model,
    ModelBuilder,
    Program,
    RunResult,
    __version__,
    brasp,
    crasp,
    decide,
    language,
    language_families,
    load,
    load_program,
    run,
    zoo,
    zoo_entries,
)

__all__ = ["Error", "Model", "load", "zoo", "zoo_entries",
           "ModelBuilder", "LayerBuilder", "HeadBuilder", "Feature",
           "Program", "brasp", "crasp", "load_program",
           "Language", "language", "language_families",
           "RunResult", "run", "decide"]
