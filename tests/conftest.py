"""Shared test setup: make ``tests/strategies.py`` importable under importlib mode."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import settings

# pytest runs with --import-mode=importlib, so test modules are not on sys.path; the
# shared hypothesis strategies live next to this file and are imported by name.
_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

settings.register_profile("leadqual", max_examples=60, deadline=None)
settings.load_profile("leadqual")
