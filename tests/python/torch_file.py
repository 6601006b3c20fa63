"""What the two torch test scripts share: the command-line arguments and
python/satcirc/torch.py loaded as a file (not through the package, whose
__init__.py imports the compiled extension; torch.py needs only torch).

Usage, in a script run as SCRIPT SATCIRC_BINARY [REPO_ROOT]:
    from torch_file import SATCIRC, REPO, st
"""

import importlib.util
import os
import sys

SATCIRC = sys.argv[1]
REPO = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "../..")
sys.dont_write_bytecode = True  # no __pycache__ in python/satcirc or tests/python
_spec = importlib.util.spec_from_file_location(
    "satcirc_torch", os.path.join(REPO, "python", "satcirc", "torch.py"))
st = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(st)
