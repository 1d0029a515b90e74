"""The SQLite backend: the stdlib ``sqlite3``, WAL, one writer at a time."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from leadqual.exceptions import StoreError
from leadqual.store._sql import SQLStore

__all__ = ["SQLiteStore"]

_BUSY_MS = 60_000


class SQLiteStore(SQLStore):
    """A store in one SQLite file (or ``:memory:``).

    Write-ahead logging lets readers work while one writer writes; every writer starts
    with ``BEGIN IMMEDIATE``, so two processes never interleave halves of their
    transactions and a waiting writer waits (up to a minute) instead of failing. An
    outbox lease is taken under that same lock.
    """

    def __init__(self, path: str | Path, **kwargs: Any) -> None:  # noqa: ANN401
        self.path = str(path)
        super().__init__(f"sqlite:///{self.path}", **kwargs)

    def _connect(self) -> sqlite3.Connection:
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.is_dir():
                msg = f"{self.path}: cannot open the store: no folder {str(parent)!r}"
                raise StoreError(msg)
        conn = None
        try:
            conn = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across a crash of the process (WAL); FULL would also
            # cover a power cut at the price of a sync per transaction.
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            msg = f"{self.path}: cannot open the store: {exc}"
            raise StoreError(msg) from exc
        return conn

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[Any]:
        conn = self._conn
        if conn is None:
            msg = f"{self.url}: the store is closed"
            raise StoreError(msg)
        cur = conn.cursor()
        try:
            cur.execute(begin)
        except sqlite3.OperationalError as exc:
            msg = f"{self.url}: {exc}"
            raise StoreError(msg) from exc
        try:
            yield cur
            conn.commit()
        except sqlite3.Error as exc:
            conn.rollback()
            msg = f"{self.url}: {exc}"
            raise StoreError(msg) from exc
        except BaseException:
            conn.rollback()
            raise
        finally:
            cur.close()

    def _write(self) -> contextlib.AbstractContextManager[Any]:
        return self._transaction("BEGIN IMMEDIATE")

    def _read(self) -> contextlib.AbstractContextManager[Any]:
        return self._transaction("BEGIN")
