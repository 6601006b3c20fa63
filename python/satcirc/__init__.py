"""satcirc from Python: transformers with hard and saturated attention, run
exactly, compiled to threshold circuits, checked against formal languages.

The compiled core is satcirc._satcirc; this package re-exports it. See
docs/python.md for a walkthrough.
"""

from satcirc import _satcirc
from satcirc._satcirc import *  # noqa: F401,F403  (every public name of the core)

__version__ = _satcirc.__version__
__all__ = sorted([name for name in dir(_satcirc) if not name.startswith("_")]
                 + ["to_torch", "from_torch"])


def to_torch(model, scale=1.0, hard=False):
    """The model as a torch.nn.Module (satcirc.torch) whose weights are trainable
    parameters: forward(tokens [batch, n]) gives y as `satcirc run --engine float:C`
    computes it at C = `scale` (hard=True: the heads' own saturated and hard
    attention on exact float ties). Needs PyTorch."""
    from satcirc import torch as satcirc_torch
    return satcirc_torch.from_model(model, scale=scale, hard=hard)


def from_torch(module):
    """A module made by to_torch (trained or not) back as a Model: every weight the
    exact rational of its float value, everything else as it was."""
    from satcirc import torch as satcirc_torch
    return satcirc_torch.to_model(module)
