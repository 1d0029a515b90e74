"""The PostgreSQL backend: psycopg 3 (the ``postgres`` extra), row locks, SKIP LOCKED."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from leadqual.exceptions import StoreError
from leadqual.store._sql import SQLStore

__all__ = ["PostgresStore"]

# Any constant works; it only has to be the same for every leadqual process.
_MIGRATION_LOCK = 0x1EAD_0001


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database.

    Writers lock the leads they change (``SELECT … FOR UPDATE``, in id order), so
    writers of different leads run side by side and writers of one lead take turns;
    outbox workers claim with ``FOR UPDATE SKIP LOCKED``, so two workers never hold
    the same item.
    """

    _skip_locked = " FOR UPDATE SKIP LOCKED"
    _for_update = " FOR UPDATE"

    def _connect(self) -> Any:  # noqa: ANN401 - a psycopg connection
        try:
            import psycopg  # noqa: PLC0415 - optional dependency, the postgres extra
        except ImportError as exc:
            msg = (
                f"{self.url}: PostgreSQL needs psycopg; install leadqual[postgres] "
                "(pip install 'leadqual[postgres]')"
            )
            raise StoreError(msg) from exc
        try:
            return psycopg.connect(self.url, autocommit=True)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            msg = f"{_redact(self.url)}: cannot open the store: {first}"
            raise StoreError(msg) from exc

    def _sql(self, text: str) -> str:
        return text.replace("?", "%s")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        conn = self._conn
        if conn is None:
            msg = f"{_redact(self.url)}: the store is closed"
            raise StoreError(msg)
        import psycopg  # noqa: PLC0415 - loaded by _connect already

        try:
            with conn.transaction(), conn.cursor() as cur:
                yield cur
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            msg = f"{_redact(self.url)}: {first}"
            raise StoreError(msg) from exc

    def _write(self) -> contextlib.AbstractContextManager[Any]:
        return self._transaction()

    def _read(self) -> contextlib.AbstractContextManager[Any]:
        return self._transaction()

    def _lock_migrations(self, cur: Any) -> None:  # noqa: ANN401
        self._exec(cur, "SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))

    def __repr__(self) -> str:
        return f"<PostgresStore {_redact(self.url)!r}>"


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, credentials = head.partition("//")
    user = credentials.split(":", 1)[0]
    return f"{scheme}//{user}:***@{tail}"
