"""satcirc from Python: transformers with hard and saturated attention, run
exactly, compiled to threshold circuits, checked against formal languages.

The compiled core is satcirc._satcirc; this package re-exports it. See
docs/python.md for a walkthrough.
"""

from satcirc._satcirc import (  # noqa: F401
    AnalyzeResult,
    CheckResult,
    Circuit,
    Error,
    GeneralizationResult,
    LengthAnalysis,
    Model,
    SaturateResult,
    SharpnessResult,
    __version__,
    analyze,
    check,
    compile,
    generalization,
    load,
    saturate,
    sharpness,
    zoo,
    zoo_entries,
)

__all__ = ["Error", "Model", "load", "zoo", "zoo_entries",
           "check", "generalization", "CheckResult", "GeneralizationResult",
           "compile", "Circuit", "analyze", "AnalyzeResult", "LengthAnalysis",
           "sharpness", "SharpnessResult", "saturate", "SaturateResult"]
