"""The lead store: merged leads, verdict snapshots, histories and the outbox.

``open_store(url)`` opens SQLite (a file path or ``sqlite:///path``, the embedded
default) or PostgreSQL (``postgresql://…``, with the ``postgres`` extra). Both implement
:class:`leadqual.typing.Store`; see ``docs/store.md``.

>>> import datetime as dt, pathlib, tempfile
>>> import leadqual as lq
>>> from leadqual.store import open_store
>>> path = pathlib.Path(tempfile.mkdtemp()) / "leads.db"
>>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
>>> with open_store(path) as store:
...     report = store.ingest([lead], as_of=dt.datetime(2026, 11, 21, 14, 30, tzinfo=dt.UTC))
...     again = store.ingest([lead], as_of=dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC))
...     stage = store.lead("L-1").stage
>>> report.created, len(report.handoffs), again.unchanged, len(again.handoffs), stage.value
(1, 1, 1, 0, 'sql')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leadqual._core.public import publish as _publish
from leadqual.exceptions import StoreError
from leadqual.store._postgres import PostgresStore
from leadqual.store._schema import MIGRATIONS, SCHEMA_VERSION
from leadqual.store._sql import SQLStore, event_keys, verdict_json
from leadqual.store._sqlite import SQLiteStore

__all__ = [
    "MIGRATIONS",
    "PostgresStore",
    "SCHEMA_VERSION",
    "SQLStore",
    "SQLiteStore",
    "event_keys",
    "open_store",
    "verdict_json",
]


def open_store(url: str | Path, **kwargs: Any) -> SQLStore:  # noqa: ANN401 - backend options
    """Open (and create or migrate) the store at ``url``.

    - a path (``leads.db``) or ``sqlite:///path`` (``sqlite:///:memory:`` for a
      throw-away store): SQLite;
    - ``postgresql://user:password@host/db`` (or ``postgres://``): PostgreSQL, with
      ``pip install 'leadqual[postgres]'``.

    Keyword arguments go to the store (``transitions=``).

    >>> open_store("mysql://localhost/leads")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.StoreError: mysql://localhost/leads: unsupported store URL; ...
    """
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresStore(text, **kwargs)
    if text.startswith("sqlite:///"):
        return SQLiteStore(text.removeprefix("sqlite:///"), **kwargs)
    if text.startswith("sqlite://"):
        return SQLiteStore(text.removeprefix("sqlite://") or ":memory:", **kwargs)
    if "://" in text:
        msg = (
            f"{text}: unsupported store URL; expected a file path, sqlite:///path "
            "or postgresql://..."
        )
        raise StoreError(msg)
    return SQLiteStore(text, **kwargs)


# Public names show their public package in reprs and pickles (as httpx does).
_publish(__name__, globals(), __all__)
