"""The store's tables, one definition for SQLite and PostgreSQL, and their migrations.

Timestamps are stored as ISO-8601 text in UTC with microseconds
(``2026-11-21T13:02:00.000000+00:00``), so they sort and compare as text on both
backends; JSON is stored as text (sorted keys, UTF-8). The ``meta`` table holds
``schema_version``; :data:`MIGRATIONS` takes a store from any older version to
:data:`SCHEMA_VERSION`, each step in one transaction.

The outbox (what ``leadqual deliver`` reads)::

    outbox(key TEXT PRIMARY KEY,        -- stable hand-off key (Idempotency-Key)
           lead_id TEXT, kind TEXT,     -- the lead; 'sql' for a new SQL
           payload TEXT,                -- JSON body for the notifiers
           status TEXT,                 -- pending | sent | dead
           attempts INTEGER,            -- claims so far
           next_attempt_at TEXT,        -- not claimed before this moment
           created_at TEXT, due_at TEXT,
           lease_owner TEXT, lease_expires_at TEXT,   -- the worker holding it
           last_error TEXT, sent_at TEXT)

The round-robin counters (version 2): one row per rotation (a team's members), advanced
in the same transaction as the hand-off it assigns::

    rotations(name TEXT PRIMARY KEY, turns INTEGER)   -- hand-offs assigned so far
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

_V1 = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE leads (
        id TEXT PRIMARY KEY,
        profile TEXT NOT NULL,
        stage TEXT NOT NULL,
        owner TEXT,
        points DOUBLE PRECISION,
        score DOUBLE PRECISION,
        decision TEXT,
        verdict_stage TEXT,
        model_stage TEXT,
        events INTEGER NOT NULL DEFAULT 0,
        qualified_at TEXT,
        revisit_at TEXT,
        notes TEXT,
        history_len INTEGER NOT NULL DEFAULT 0,
        snapshots_len INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX leads_stage ON leads (stage)",
    """CREATE TABLE events (
        lead_id TEXT NOT NULL,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (lead_id, key)
    )""",
    """CREATE TABLE snapshots (
        lead_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        as_of TEXT NOT NULL,
        verdict TEXT NOT NULL,
        PRIMARY KEY (lead_id, seq)
    )""",
    """CREATE TABLE history (
        lead_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        stage TEXT NOT NULL,
        source TEXT,
        reason TEXT,
        by_name TEXT,
        note TEXT,
        revisit_at TEXT,
        amount DOUBLE PRECISION,
        decision TEXT,
        score DOUBLE PRECISION,
        PRIMARY KEY (lead_id, seq)
    )""",
    """CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        lead_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        due_at TEXT,
        lease_owner TEXT,
        lease_expires_at TEXT,
        last_error TEXT,
        sent_at TEXT
    )""",
    "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
    "CREATE INDEX outbox_lead ON outbox (lead_id)",
)

_V2 = (
    """CREATE TABLE rotations (
        name TEXT PRIMARY KEY,
        turns INTEGER NOT NULL DEFAULT 0
    )""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)
"""Step ``n`` (0-based) takes the store from version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The version this library writes and reads."""
