"""Helpers for the store tests: leads, files and a dump of every table."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import leadqual as lq
from leadqual.store import SQLStore

POSTGRES_ENV = "LEADQUAL_TEST_POSTGRES_URL"
AS_OF = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
TABLES = ("leads", "events", "snapshots", "history", "outbox")


def event(kind: str, at: str, *, url: str | None = None, id: str | None = None) -> dict[str, Any]:  # noqa: A002
    """An event as plain data."""
    data: dict[str, Any] = {"type": kind, "at": at}
    if url is not None:
        data["properties"] = {"url": url}
    if id is not None:
        data["id"] = id
    return data


def lead(lead_id: str, *events: dict[str, Any], **fields: Any) -> lq.Lead:
    """A lead from plain data."""
    return lq.Lead.from_mapping({"id": lead_id, "events": list(events), **fields})


def write_jsonl(path: Path, leads: Iterable[lq.Lead]) -> Path:
    """Leads as a JSON lines file."""
    with path.open("w", encoding="utf-8") as out:
        for item in leads:
            out.write(json.dumps(lq.unstructure(item)) + "\n")
    return path


def dump(store: SQLStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a fixed order: two equal dumps are equal stores."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with store._read() as cur:
        for table in TABLES:
            rows = store._exec(cur, f"SELECT * FROM {table}").fetchall()  # noqa: S608
            tables[table] = sorted(tuple(_plain(v) for v in row) for row in rows)
    return tables


def _plain(value: object) -> object:
    # PostgreSQL gives floats for DOUBLE PRECISION, SQLite keeps whole numbers whole.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def consistent(store: SQLStore) -> list[str]:
    """Problems with the bookkeeping of every lead (empty when consistent)."""
    problems = []
    with store._read() as cur:
        rows: Sequence[Any] = store._exec(
            cur, "SELECT id, events, history_len, snapshots_len, stage FROM leads"
        ).fetchall()
        for lead_id, events, history_len, snapshots_len, stage in rows:
            counts = []
            for table in ("events", "history", "snapshots"):
                query = f"SELECT COUNT(*) FROM {table} WHERE lead_id = ?"  # noqa: S608
                counts.append(store._exec(cur, query, (lead_id,)).fetchone()[0])
            if counts != [events, history_len, snapshots_len]:
                problems.append(f"{lead_id}: {counts} != {[events, history_len, snapshots_len]}")
            last = store._exec(
                cur,
                "SELECT stage FROM history WHERE lead_id = ? ORDER BY seq DESC LIMIT 1",
                (lead_id,),
            ).fetchone()
            if (last[0] if last else "new") != stage and history_len:
                problems.append(f"{lead_id}: stage {stage} but history ends in {last}")
    return problems


def postgres_url() -> str:
    """The test server's URL, or skip (fail under CI) when there is none."""
    from conftest import require_service  # noqa: PLC0415 - tests/ is on sys.path

    url = os.environ.get(POSTGRES_ENV)
    if not url:
        require_service("PostgreSQL", f"{POSTGRES_ENV} is not set (.ci/setup.d/20-postgres.sh)")
    return str(url)


@contextlib.contextmanager
def empty_store(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store: a SQLite file, or a PostgreSQL schema of its own.

    PostgreSQL comes from ``LEADQUAL_TEST_POSTGRES_URL`` (``.ci/setup.d/20-postgres.sh``
    starts one on loopback and exports it); the schema is dropped afterwards. Without
    the variable the PostgreSQL case skips locally and fails under CI.
    """
    if backend == "sqlite":
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
