"""Shared test setup.

Tests run with ``--import-mode=importlib``, where ``tests/`` is not a package and test
modules cannot import each other. Helpers shared by several test modules live in plain
modules next to this file (``strategies.py``: hypothesis strategies for leads) and are
made importable by putting this directory on ``sys.path`` here, once.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
