"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``LEADQUAL_TEST_POSTGRES_URL`` (``.ci/setup.d/20-postgres.sh``
starts one on loopback and exports it); each test gets a schema of its own, dropped
afterwards. Without the variable the PostgreSQL half skips locally and fails under CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store_support import empty_store


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store on each backend."""
    with empty_store(request.param, tmp_path) as url:
        yield url
