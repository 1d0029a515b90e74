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


def require_service(name: str, why: str) -> None:
    """Skip a test whose real service (PostgreSQL, Chromium, ...) is absent.

    Under CI (``LEADQUAL_REQUIRE_SERVICES=1``, set by ``.ci/run``, which installs and
    starts every service) a missing service fails the test instead: a green CI must
    never hide a missing install step.
    """
    import os  # noqa: PLC0415 - only tests that need a service call this

    import pytest  # noqa: PLC0415

    if os.environ.get("LEADQUAL_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{name} is required under CI but unavailable: {why}")
    pytest.skip(f"{name} unavailable: {why}")
