"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``LEADQUAL_TEST_POSTGRES_URL`` (``.ci/setup.d/20-postgres.sh``
starts one on loopback and exports it); each test gets a schema of its own, dropped
afterwards. Without the variable the PostgreSQL half skips locally and fails under CI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import require_service

POSTGRES_ENV = "LEADQUAL_TEST_POSTGRES_URL"


def postgres_url() -> str:
    """The test server's URL, or skip (fail under CI) when there is none."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        require_service("PostgreSQL", f"{POSTGRES_ENV} is not set (.ci/setup.d/20-postgres.sh)")
    return str(url)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "leads.db")
        return
    import psycopg  # noqa: PLC0415 - only the PostgreSQL half needs it

    base = postgres_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
