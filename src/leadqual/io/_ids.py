"""The line each lead id was first seen on, exactly, in bounded memory.

Rejecting a repeated lead id needs every id seen so far. A ``dict`` of them costs about
120 bytes per id, so a million-row CRM export would need over 100 MiB for the check
alone. :class:`FirstLines` keeps the first ``in_memory`` ids in a ``dict`` (a typical
file never leaves it); past that it moves them to a private temporary SQLite file (the
``""`` database: created on disk, removed when closed) with a small page cache, and
from then on holds only a batch of new ids in memory. Memory stays bounded whatever the
number of rows; the check stays exact (no hashing, so no false duplicates).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Final

from leadqual._core.closing import Closing

__all__ = ["FirstLines"]

IN_MEMORY = 20_000
"""How many ids :class:`FirstLines` keeps in a ``dict`` before it spills (about 2.5 MiB)."""

_CACHE_KIB: Final = 1024
"""SQLite's page cache for the spilled ids, in KiB (``PRAGMA cache_size``)."""


class FirstLines(Closing):
    """Lead id → the line it was first seen on.

    >>> with FirstLines(in_memory=2, batch=2) as seen:
    ...     lines = [seen.first(key, line) for line, key in enumerate("abcadb", start=1)]
    ...     spilled = seen.spilled
    >>> lines, spilled
    ([1, 2, 3, 1, 5, 2], True)
    """

    def __init__(self, *, in_memory: int | None = None, batch: int = 4_096) -> None:
        """Hold up to ``in_memory`` ids (:data:`IN_MEMORY`) in memory; then spill in batches."""
        self._memory: dict[str, int] = {}
        self._in_memory = IN_MEMORY if in_memory is None else in_memory
        self._batch = batch
        self._db: sqlite3.Connection | None = None

    @property
    def spilled(self) -> bool:
        """Whether the ids moved to the temporary file."""
        return self._db is not None

    def first(self, key: str, line: int) -> int:
        """The line ``key`` was first seen on; ``line`` (and remembered) when it is new."""
        found = self._memory.get(key)
        if found is not None:
            return found
        db = self._db
        if db is not None:
            row = db.execute("SELECT line FROM first_line WHERE id = ?", (key,)).fetchone()
            if row is not None:
                return int(row[0])
        self._memory[key] = line
        if db is None and len(self._memory) > self._in_memory:
            self._spill()
        elif db is not None and len(self._memory) >= self._batch:
            self._flush()
        return line

    def first_many(self, pairs: Sequence[tuple[str, int]]) -> list[int]:
        """:meth:`first` for each ``(key, line)`` in order, with one query per 500 keys.

        Once spilled, looking ids up a batch at a time is far cheaper than a query per row.

        >>> with FirstLines(in_memory=1, batch=8) as seen:
        ...     head = [seen.first("a", 1), seen.first("b", 2)]
        ...     rest = seen.first_many([("c", 3), ("a", 4), ("c", 5)])
        >>> head, rest
        ([1, 2], [3, 1, 3])
        """
        db = self._db
        if db is None:
            return [self.first(key, line) for key, line in pairs]
        stored: dict[str, int] = {}
        wanted = list({key for key, _ in pairs if key not in self._memory})
        step = 500  # SQLite's host parameters per statement, with room to spare
        for start in range(0, len(wanted), step):
            part = wanted[start : start + step]
            marks = ",".join("?" * len(part))
            query = f"SELECT id, line FROM first_line WHERE id IN ({marks})"  # noqa: S608 - only ?s
            stored.update(db.execute(query, part).fetchall())
        lines: list[int] = []
        for key, line in pairs:
            found = self._memory.get(key)
            if found is None:
                found = stored.get(key)
            if found is None:
                self._memory[key] = found = line
            lines.append(found)
        if len(self._memory) >= self._batch:
            self._flush()
        return lines

    def _spill(self) -> None:
        db = sqlite3.connect("")  # a private temporary file, deleted on close
        db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(
            "CREATE TABLE first_line (id TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
        )
        self._db = db
        self._flush()

    def _flush(self) -> None:
        assert self._db is not None  # noqa: S101 - only called once spilled
        with self._db:
            self._db.executemany("INSERT INTO first_line VALUES (?, ?)", self._memory.items())
        self._memory = {}  # a new dict: the old one's table is freed, not kept at its peak

    def close(self) -> None:
        """Remove the temporary file, if there is one."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._memory = {}
