"""Shared test setup.

Tests run with ``--import-mode=importlib``, where ``tests/`` is not a package and test
modules cannot import each other. Helpers shared by several test modules live in plain
modules next to this file (``lead_strategies.py``: leads with any JSON content, for round
trips; ``strategies.py``: realistic leads and random scoring models) and are made
importable by putting this directory on ``sys.path`` here, once.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import settings

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

settings.register_profile("leadqual", max_examples=60, deadline=None)
settings.load_profile("leadqual")
