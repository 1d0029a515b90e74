"""The store's logic, shared by the SQLite and PostgreSQL backends.

Each backend gives a connection, a write transaction that holds the right locks
(SQLite: ``BEGIN IMMEDIATE``, one writer at a time; PostgreSQL: row locks taken with
``SELECT … FOR UPDATE`` in id order, so writers of different leads run side by side)
and its dialect's placeholders. Everything else is here, once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from leadqual._convert import unstructure
from leadqual._core.closing import Closing
from leadqual.exceptions import LeadqualError, StoreError, UnknownLeadError
from leadqual.frameworks import Text
from leadqual.lead import Lead
from leadqual.lifecycle import (
    DEFAULT_TRANSITIONS,
    Action,
    Entry,
    Feedback,
    HandOff,
    History,
    IngestReport,
    OutboxItem,
    OutboxStatus,
    StoredLead,
    Transitions,
    default_qualifier,
    handoff_key,
    handoff_payload,
    qualify,
    resolve,
)
from leadqual.stage import Reason, Stage
from leadqual.store._schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from leadqual.lifecycle import Resolution
    from leadqual.typing import HandoffBuilder
    from leadqual.verdict import Qualifier, Verdict

from leadqual.typing import RoutedHandoffBuilder

__all__ = ["SQLStore", "event_keys", "verdict_json"]

_CHUNK = 100
_CRM_STATE = ("events", "owner", "stage", "stage_history", "outcome")


def _ts(moment: dt.datetime) -> str:
    """UTC text that sorts like the moment it names."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _opt_ts(moment: dt.datetime | None) -> str | None:
    return None if moment is None else _ts(moment)


def _parse(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _whole(value: float | None) -> float | None:
    """A whole number as an int: both backends give ``25`` for 25 points."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _dumps(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def verdict_json(verdict: Verdict) -> str:
    """A verdict as the store keeps it: all its data as JSON with sorted keys.

    Re-qualifying the stored lead as of the snapshot's ``as_of`` gives this text again,
    byte for byte.
    """
    return _dumps(unstructure(verdict))


def event_keys(lead: Lead, seen: Counter[tuple[str, str]] | None = None) -> list[str]:
    """The store's key for each of a lead's events, in input order.

    An event with an id is keyed by its id. An id-less event is keyed by its content
    and its position among the identical copies of that lead seen so far in this
    input (``seen``): two identical page views in one input are two events, and
    ingesting input the store has seen adds nothing.

    >>> import leadqual as lq
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
    ...     {"type": "page_view", "at": "2026-11-20T09:00:00+01:00"},
    ...     {"type": "page_view", "at": "2026-11-20T09:00:00+01:00"},
    ...     {"type": "x", "at": "2026-11-20T09:00:00+01:00", "id": "e-1"}]})
    >>> [key[:2] + key[-2:] for key in event_keys(lead)]
    ['c::0', 'c::1', 'i:-1']
    """
    counter: Counter[tuple[str, str]] = Counter() if seen is None else seen
    keys = []
    for event in lead.events:
        if event.id is not None:
            keys.append(f"i:{event.id}")
            continue
        body = _dumps(unstructure(event))
        digest = hashlib.sha256(body.encode()).hexdigest()[:32]
        position = counter[lead.id, digest]
        counter[lead.id, digest] += 1
        keys.append(f"c:{digest}:{position}")
    return keys


def _payload_due(payload: dict[str, Any]) -> dt.datetime | None:
    due = payload.get("due")
    return dt.datetime.fromisoformat(due) if isinstance(due, str) else None


def _profile(lead: Lead) -> str:
    data = unstructure(lead)
    for key in _CRM_STATE:
        data.pop(key, None)
    return _dumps(data)


def _stored_event_key(body: str) -> tuple[str, ...]:
    from leadqual.scoring import canonical_key  # noqa: PLC0415 - evaluators load lazily

    event = Lead.from_mapping({"id": "x", "events": [json.loads(body)]}).events[0]
    at, *rest = canonical_key(event)
    return (_ts(at), *map(str, rest))


@attrs.frozen
class _Input:
    lead: Lead
    keys: tuple[str, ...]


class SQLStore(Closing):
    """A store over a DB-API connection; see :class:`leadqual.typing.Store`.

    Backends override ``_connect``, ``_write``, ``_read`` and ``_sql``.
    """

    url: str
    transitions: Transitions
    _skip_locked = ""
    _for_update = ""

    def __init__(self, url: str, *, transitions: Transitions = DEFAULT_TRANSITIONS) -> None:
        self.url = url
        self.transitions = transitions
        self._conn: Any = self._connect()
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # --- backend hooks --------------------------------------------------------------------

    def _connect(self) -> Any:  # noqa: ANN401 - a DB-API connection
        raise NotImplementedError

    def _write(self) -> contextlib.AbstractContextManager[Any]:
        raise NotImplementedError

    def _read(self) -> contextlib.AbstractContextManager[Any]:
        raise NotImplementedError

    def _sql(self, text: str) -> str:
        return text

    def _lock_migrations(self, cur: Any) -> None:  # noqa: ANN401
        """Serialize schema changes between processes (PostgreSQL: an advisory lock)."""

    def _exec(self, cur: Any, text: str, params: Sequence[object] = ()) -> Any:  # noqa: ANN401
        cur.execute(self._sql(text), tuple(params))
        return cur

    # --- lifecycle of the connection ------------------------------------------------------

    def close(self) -> None:
        """Release the connection (safe to call twice)."""
        conn, self._conn = getattr(self, "_conn", None), None
        if conn is not None:
            conn.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url!r} schema v{self.schema_version}>"

    # --- schema ---------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The version of the store's tables."""
        with self._read() as cur:
            return self._version(cur)

    def _version(self, cur: Any) -> int:  # noqa: ANN401
        row = self._exec(cur, "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return 0 if row is None else int(row[0])

    def _migrate(self) -> None:
        with self._write() as cur:
            self._lock_migrations(cur)
            self._exec(cur, MIGRATIONS[0][0])  # the meta table, so the version can be read
            version = self._version(cur)
            if version > SCHEMA_VERSION:
                msg = (
                    f"{self.url}: the store has schema version {version}, newer than this "
                    f"leadqual's {SCHEMA_VERSION}; upgrade leadqual"
                )
                raise StoreError(msg)
            for step in MIGRATIONS[version:]:
                for statement in step:
                    if "IF NOT EXISTS meta" not in statement:
                        self._exec(cur, statement)
            if version < SCHEMA_VERSION:
                self._exec(cur, "DELETE FROM meta WHERE key = 'schema_version'")
                self._exec(
                    cur,
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )

    # --- ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        leads: Iterable[Lead],
        *,
        as_of: dt.datetime,
        qualifier: Qualifier | None = None,
        handoff: HandoffBuilder | None = None,
        events_only: bool = False,
    ) -> IngestReport:
        """Merge ``leads`` in, qualify each lead that changed, record moves and hand-offs.

        A lead seen again gains its new events (see :func:`event_keys`) and takes the
        new input's profile; a lead that brings nothing new is left as it is, so the
        same input twice changes nothing. Each batch of leads is one transaction: the
        stage change and its hand-off are written together or not at all.

        With ``events_only`` (events posted for a lead, as a webhook does) a stored
        lead keeps its profile, read under the same lock as the merge; a lead new to
        the store takes the input's.
        """
        if as_of.utcoffset() is None:
            msg = f"as_of: timestamp {as_of.isoformat()!r} has no time zone"
            raise StoreError(msg)
        if qualifier is None:
            qualifier = default_qualifier()
        builder = handoff or handoff_payload
        seen: Counter[tuple[str, str]] = Counter()
        totals: Counter[str] = Counter()
        keys: list[str] = []
        chunk: list[_Input] = []
        for lead in leads:
            chunk.append(_Input(lead, tuple(event_keys(lead, seen))))
            if len(chunk) >= _CHUNK:
                keys.extend(
                    self._ingest_chunk(
                        chunk, as_of, qualifier, builder, totals, events_only=events_only
                    )
                )
                chunk = []
        if chunk:
            keys.extend(
                self._ingest_chunk(
                    chunk, as_of, qualifier, builder, totals, events_only=events_only
                )
            )
        return IngestReport(
            leads=totals["leads"],
            created=totals["created"],
            changed=totals["changed"],
            unchanged=totals["unchanged"],
            events_added=totals["events"],
            stage_changes=totals["entries"],
            handoffs=tuple(keys),
        )

    def _ingest_chunk(
        self,
        chunk: list[_Input],
        as_of: dt.datetime,
        qualifier: Qualifier,
        builder: HandoffBuilder,
        totals: Counter[str],
        *,
        events_only: bool = False,
    ) -> list[str]:
        # Lock leads in id order: two writers with overlapping batches never deadlock.
        order = sorted(range(len(chunk)), key=lambda k: (chunk[k].lead.id, k))
        part: Counter[str] = Counter()
        keys: list[str] = []
        with self._write() as cur:
            for index in order:
                try:
                    key = self._ingest_one(
                        cur,
                        chunk[index],
                        as_of=as_of,
                        qualifier=qualifier,
                        builder=builder,
                        totals=part,
                        events_only=events_only,
                    )
                except LeadqualError as exc:
                    if isinstance(exc, StoreError):
                        raise
                    msg = f"lead {chunk[index].lead.id!r}: {exc}"
                    raise type(exc)(msg, errors=exc.errors) from exc
                if key is not None:
                    keys.append(key)
        totals.update(part)
        return keys

    def _ingest_one(
        self,
        cur: Any,  # noqa: ANN401
        item: _Input,
        *,
        as_of: dt.datetime,
        qualifier: Qualifier,
        builder: HandoffBuilder,
        totals: Counter[str],
        events_only: bool = False,
    ) -> str | None:
        lead = item.lead
        totals["leads"] += 1
        inserted = self._exec(
            cur,
            "INSERT INTO leads (id, profile, stage) VALUES (?, '', 'new') "
            "ON CONFLICT (id) DO NOTHING",
            (lead.id,),
        ).rowcount
        row = self._exec(
            cur,
            "SELECT profile, owner, history_len, snapshots_len FROM leads WHERE id = ?"  # noqa: S608 - constant SQL
            + self._for_update,
            (lead.id,),
        ).fetchone()
        stored_profile, stored_owner, history_len, snapshots_len = row
        created = inserted == 1 or stored_profile == ""
        added = self._merge_events(cur, lead, item.keys)
        profile = stored_profile if events_only and stored_profile else _profile(lead)
        owner = lead.owner if lead.owner is not None else stored_owner
        changed = created or added > 0 or profile != stored_profile or owner != stored_owner
        if not changed and snapshots_len > 0:
            totals["unchanged"] += 1
            return None
        totals["created" if created else "changed"] += 1
        totals["events"] += added
        history = self._history(cur, lead.id)
        seq = history_len
        if created and lead.stage is not None and lead.stage is not Stage.NEW:
            at = max((change.at for change in lead.stage_history), default=as_of)
            imported = Entry(at, Action.IMPORTED, lead.stage, by=lead.owner)
            self._insert_entry(cur, lead.id, seq, imported)
            history, seq = history.then(imported), seq + 1
            totals["entries"] += 1
        merged = self._merged(cur, lead.id, profile, owner)
        verdict = qualify(qualifier, merged, history, as_of)
        found = resolve(history, verdict, as_of=as_of, transitions=self.transitions)
        self._exec(
            cur,
            "INSERT INTO snapshots (lead_id, seq, as_of, verdict) VALUES (?, ?, ?, ?)",
            (lead.id, snapshots_len, as_of.isoformat(), verdict_json(verdict)),
        )
        handed = None
        if found.entry is not None:
            self._insert_entry(cur, lead.id, seq, found.entry)
            before = history.stage
            history = history.then(found.entry)
            totals["entries"] += 1
            merged = attrs.evolve(merged, stage=found.stage)
            handoff = self._handoff(
                cur, builder, lead=merged, verdict=verdict, found=found, before=before, seq=seq
            )
            if handoff is not None:
                handed = self._enqueue(cur, handoff, as_of)
            seq += 1
        count = self._exec(cur, "SELECT COUNT(*) FROM events WHERE lead_id = ?", (lead.id,))
        events = int(count.fetchone()[0])
        self._exec(
            cur,
            "UPDATE leads SET profile = ?, stage = ?, owner = ?, points = ?, score = ?, "
            "decision = ?, verdict_stage = ?, model_stage = ?, events = ?, qualified_at = ?, "
            "revisit_at = ?, notes = ?, history_len = ?, snapshots_len = ? WHERE id = ?",
            (
                profile,
                found.stage.value,
                owner,
                verdict.points,
                verdict.score,
                verdict.decision.value,
                verdict.stage.value,
                verdict.model_stage.value if verdict.model_stage is not None else None,
                events,
                as_of.isoformat(),
                _opt_ts(history.revisit),
                _dumps([[note.en, note.nl] for note in found.notes]),
                seq,
                snapshots_len + 1,
                lead.id,
            ),
        )
        return handed

    def _merge_events(self, cur: Any, lead: Lead, keys: Sequence[str]) -> int:  # noqa: ANN401
        """Add the lead's new events; the caller holds the lead's lock. Returns how many."""
        # One read of the stored keys instead of a round trip per event: the lead's row
        # lock (PostgreSQL) or the write lock (SQLite) keeps other writers out meanwhile.
        stored = dict(
            self._exec(cur, "SELECT key, body FROM events WHERE lead_id = ?", (lead.id,)).fetchall()
        )
        new: dict[str, tuple[str, str, str, str]] = {}
        changed: dict[str, tuple[str, str, str, str]] = {}
        for event, key in zip(lead.events, keys, strict=True):
            body = _dumps(unstructure(event))
            row = (_ts(event.at), body, lead.id, key)
            old = stored.get(key)
            if old is None:
                stored[key] = body
                new[key] = row
            elif (
                event.id is not None
                and old != body
                and _stored_event_key(body) < _stored_event_key(old)
            ):
                # Copies of one id that differ: the earliest (canonical order) counts, as
                # in scoring, whatever order the copies arrive in.
                stored[key] = body
                (new if key in new else changed)[key] = row
        if new:
            cur.executemany(
                self._sql(
                    "INSERT INTO events (at, body, lead_id, key) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (lead_id, key) DO NOTHING"
                ),
                list(new.values()),
            )
        if changed:
            cur.executemany(
                self._sql("UPDATE events SET at = ?, body = ? WHERE lead_id = ? AND key = ?"),
                list(changed.values()),
            )
        return len(new) + len(changed)

    def _handoff(
        self,
        cur: Any,  # noqa: ANN401
        builder: HandoffBuilder,
        *,
        lead: Lead,
        verdict: Verdict,
        found: Resolution,
        before: Stage,
        seq: int,
    ) -> HandOff | None:
        """The hand-off the stage change ``found`` causes, if any (``seq``: its entry)."""
        entry = found.entry
        assert entry is not None  # noqa: S101 - only called for a move
        key = handoff_key(lead.id, entry.stage.value, seq)
        if isinstance(builder, RoutedHandoffBuilder):
            if not builder.hands_off(before, entry):
                return None
            # The round-robin turn is taken in this transaction: a rollback gives it
            # back, and concurrent writers never share one.
            payload = dict(
                builder.build(
                    lead,
                    verdict,
                    entry,
                    turn=lambda rotation, size: self._turn(cur, rotation, size),
                    before=before,
                )
            )
            due = _payload_due(payload)
        elif found.newly_sql:
            payload = dict(builder(lead, verdict, entry))
            due = verdict.follow_up.due
        else:
            return None
        payload.setdefault("key", key)
        return HandOff(key, lead.id, payload, kind=entry.stage.value, due=due)

    def _turn(self, cur: Any, rotation: str, size: int) -> int:  # noqa: ANN401
        """The next position (0 to ``size - 1``) in ``rotation``; the caller's transaction."""
        self._exec(
            cur,
            "INSERT INTO rotations (name, turns) VALUES (?, 0) ON CONFLICT (name) DO NOTHING",
            (rotation,),
        )
        # One statement reads and advances the counter: on PostgreSQL the row lock makes a
        # concurrent writer wait for this transaction; SQLite has one writer at a time.
        row = self._exec(
            cur,
            "UPDATE rotations SET turns = turns + 1 WHERE name = ? RETURNING turns",
            (rotation,),
        ).fetchone()
        return (int(row[0]) - 1) % size

    def rotations(self) -> dict[str, int]:
        """The round-robin counters: hand-offs assigned so far, by rotation (a team)."""
        with self._read() as cur:
            rows = self._exec(cur, "SELECT name, turns FROM rotations ORDER BY name").fetchall()
        return {str(name): int(turns) for name, turns in rows}

    def _enqueue(self, cur: Any, item: HandOff, now: dt.datetime) -> str | None:  # noqa: ANN401
        count = self._exec(
            cur,
            "INSERT INTO outbox (key, lead_id, kind, payload, status, attempts, "
            "next_attempt_at, created_at, due_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
            "ON CONFLICT (key) DO NOTHING",
            (
                item.key,
                item.lead_id,
                item.kind,
                _dumps(item.payload_data()),
                _ts(now),
                _ts(now),
                _opt_ts(item.due),
            ),
        ).rowcount
        return item.key if count == 1 else None

    def _merged(self, cur: Any, lead_id: str, profile: str, owner: str | None) -> Lead:  # noqa: ANN401
        data = json.loads(profile)
        rows = self._exec(
            cur, "SELECT body FROM events WHERE lead_id = ? ORDER BY at, key", (lead_id,)
        ).fetchall()
        data["events"] = [json.loads(row[0]) for row in rows]
        if owner is not None:
            data["owner"] = owner
        return Lead.from_mapping(data)

    def _insert_entry(self, cur: Any, lead_id: str, seq: int, entry: Entry) -> None:  # noqa: ANN401
        self._exec(
            cur,
            "INSERT INTO history (lead_id, seq, at, kind, stage, source, reason, by_name, note, "
            "revisit_at, amount, decision, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                lead_id,
                seq,
                entry.at.isoformat(),
                entry.kind.value,
                entry.stage.value,
                entry.source.value if entry.source is not None else None,
                entry.reason.value if entry.reason is not None else None,
                entry.by,
                entry.note,
                entry.revisit.isoformat() if entry.revisit is not None else None,
                entry.amount,
                entry.decision,
                entry.score,
            ),
        )

    def _history(self, cur: Any, lead_id: str) -> History:  # noqa: ANN401
        rows = self._exec(
            cur,
            "SELECT at, kind, stage, source, reason, by_name, note, revisit_at, amount, "
            "decision, score FROM history WHERE lead_id = ? ORDER BY seq",
            (lead_id,),
        ).fetchall()
        return History(
            Entry(
                at=dt.datetime.fromisoformat(row[0]),
                kind=Action(row[1]),
                stage=Stage(row[2]),
                source=Stage(row[3]) if row[3] is not None else None,
                reason=Reason(row[4]) if row[4] is not None else None,
                by=row[5],
                note=row[6],
                revisit=_parse(row[7]),
                amount=_whole(row[8]),
                decision=row[9],
                score=_whole(row[10]),
            )
            for row in rows
        )

    # --- reading --------------------------------------------------------------------------

    _LEAD_COLUMNS = (
        "id, profile, stage, owner, points, score, decision, verdict_stage, model_stage, "
        "events, qualified_at, revisit_at, notes"
    )

    def _stored(self, cur: Any, row: Sequence[Any], *, events: bool) -> StoredLead:  # noqa: ANN401
        lead_id, profile, stage, owner = row[0], row[1], Stage(row[2]), row[3]
        if events:
            lead = self._merged(cur, lead_id, profile, owner)
        else:
            data = json.loads(profile)
            if owner is not None:
                data["owner"] = owner
            lead = Lead.from_mapping(data)
        return StoredLead(
            lead=attrs.evolve(lead, stage=stage),
            stage=stage,
            points=_whole(row[4]),
            score=_whole(row[5]),
            decision=row[6],
            verdict_stage=Stage(row[7]) if row[7] is not None else None,
            model_stage=Stage(row[8]) if row[8] is not None else None,
            events=int(row[9]),
            qualified_at=_parse(row[10]),
            revisit=_parse(row[11]),
            notes=tuple(Text(en, nl) for en, nl in json.loads(row[12] or "[]")),
        )

    def lead(self, lead_id: str) -> StoredLead:
        """One stored lead with every stored event.

        Raises:
            UnknownLeadError: no lead with that id.
        """
        with self._read() as cur:
            row = self._exec(
                cur,
                f"SELECT {self._LEAD_COLUMNS} FROM leads WHERE id = ? AND profile <> ''",  # noqa: S608 - constant columns
                (lead_id,),
            ).fetchone()
            if row is None:
                raise self._unknown(lead_id)
            return self._stored(cur, row, events=True)

    def leads(self, *, stage: Stage | None = None) -> list[StoredLead]:
        """Every stored lead (or those in ``stage``), by id; without their events.

        ``StoredLead.events`` says how many events each has; :meth:`lead` loads them.
        """
        query = f"SELECT {self._LEAD_COLUMNS} FROM leads WHERE profile <> ''"  # noqa: S608
        params: tuple[object, ...] = ()
        if stage is not None:
            query += " AND stage = ?"
            params = (Stage(stage).value,)
        with self._read() as cur:
            rows = self._exec(cur, query + " ORDER BY id", params).fetchall()
            return [self._stored(cur, row, events=False) for row in rows]

    def history(self, lead_id: str) -> History:
        """The lead's timeline, oldest first.

        Raises:
            UnknownLeadError: no lead with that id.
        """
        with self._read() as cur:
            self._require(cur, lead_id)
            return self._history(cur, lead_id)

    def snapshots(self, lead_id: str) -> list[dict[str, Any]]:
        """Every verdict stored for the lead, oldest first: ``seq``, ``as_of``, ``verdict``.

        ``verdict`` is the JSON text (:func:`verdict_json`); ``as_of`` is the moment as
        it was given.
        """
        with self._read() as cur:
            self._require(cur, lead_id)
            rows = self._exec(
                cur,
                "SELECT seq, as_of, verdict FROM snapshots WHERE lead_id = ? ORDER BY seq",
                (lead_id,),
            ).fetchall()
        return [
            {"seq": row[0], "as_of": dt.datetime.fromisoformat(row[1]), "verdict": row[2]}
            for row in rows
        ]

    def _require(self, cur: Any, lead_id: str) -> None:  # noqa: ANN401
        found = self._exec(
            cur, "SELECT 1 FROM leads WHERE id = ? AND profile <> ''", (lead_id,)
        ).fetchone()
        if found is None:
            raise self._unknown(lead_id)

    def _unknown(self, lead_id: str) -> UnknownLeadError:
        return UnknownLeadError(f"{self.url}: no lead {lead_id!r} in the store")

    # --- feedback -------------------------------------------------------------------------

    def feedback(self, lead_id: str, feedback: Feedback) -> Entry:
        """Apply sales feedback: checked against the transitions, recorded in the history.

        Raises:
            UnknownLeadError: no lead with that id.
            LifecycleError: the move is not allowed from the lead's stage (the message
                names the stage and the allowed moves); nothing is written.
        """
        with self._write() as cur:
            row = self._exec(
                cur,
                "SELECT history_len FROM leads WHERE id = ? AND profile <> ''"  # noqa: S608 - constant SQL
                + self._for_update,
                (lead_id,),
            ).fetchone()
            if row is None:
                raise self._unknown(lead_id)
            history = self._history(cur, lead_id)
            entry = history.apply(feedback, self.transitions)
            self._insert_entry(cur, lead_id, row[0], entry)
            history = history.then(entry)
            self._exec(
                cur,
                "UPDATE leads SET stage = ?, revisit_at = ?, history_len = ? WHERE id = ?",
                (entry.stage.value, _opt_ts(history.revisit), row[0] + 1, lead_id),
            )
        return entry

    # --- the outbox -----------------------------------------------------------------------

    _OUTBOX_COLUMNS = (
        "key, lead_id, kind, payload, status, attempts, next_attempt_at, created_at, "
        "lease_owner, lease_expires_at, last_error, sent_at, due_at"
    )

    @staticmethod
    def _item(row: Sequence[Any]) -> OutboxItem:
        return OutboxItem(
            key=row[0],
            lead_id=row[1],
            kind=row[2],
            payload=json.loads(row[3]),
            status=OutboxStatus(row[4]),
            attempts=int(row[5]),
            next_attempt_at=_parse(row[6]),
            created_at=_parse(row[7]),
            lease_owner=row[8],
            lease_expires_at=_parse(row[9]),
            last_error=row[10],
            sent_at=_parse(row[11]),
            due=_parse(row[12]),
        )

    def enqueue(self, handoffs: Iterable[HandOff], *, now: dt.datetime) -> int:
        """Add hand-offs; a key already present is left as it is. Returns how many were new."""
        with self._write() as cur:
            return sum(self._enqueue(cur, item, now) is not None for item in handoffs)

    def claim(
        self,
        worker: str,
        *,
        now: dt.datetime,
        limit: int = 10,
        lease: dt.timedelta = dt.timedelta(seconds=60),
    ) -> list[OutboxItem]:
        """Take up to ``limit`` due items for ``worker`` until ``now + lease``, oldest first."""
        stamp = _ts(now)
        with self._write() as cur:
            rows = self._exec(
                cur,
                "UPDATE outbox SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1 "  # noqa: S608 - constant SQL
                "WHERE key IN (SELECT key FROM outbox WHERE status = 'pending' "
                "AND next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?) "
                f"ORDER BY created_at, key LIMIT ?{self._skip_locked}) "
                f"RETURNING {self._OUTBOX_COLUMNS}",
                (worker, _ts(now + lease), stamp, stamp, limit),
            ).fetchall()
        items = [self._item(row) for row in rows]
        return sorted(items, key=lambda item: (item.created_at or now, item.key))

    def mark_sent(self, key: str, *, worker: str, now: dt.datetime) -> bool:
        """Record that ``worker`` delivered ``key``; false when it no longer held the lease."""
        with self._write() as cur:
            count = self._exec(
                cur,
                "UPDATE outbox SET status = 'sent', sent_at = ?, lease_owner = NULL, "
                "lease_expires_at = NULL, last_error = NULL "
                "WHERE key = ? AND lease_owner = ? AND status = 'pending'",
                (_ts(now), key, worker),
            ).rowcount
        return bool(count == 1)

    def mark_failed(
        self,
        key: str,
        *,
        worker: str,
        now: dt.datetime,
        error: str,
        retry_at: dt.datetime | None,
    ) -> bool:
        """A failed delivery: pending again from ``retry_at``, or dead when ``None``."""
        status = OutboxStatus.PENDING if retry_at is not None else OutboxStatus.DEAD
        with self._write() as cur:
            count = self._exec(
                cur,
                "UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?, "
                "lease_owner = NULL, lease_expires_at = NULL "
                "WHERE key = ? AND lease_owner = ? AND status = 'pending'",
                (status.value, _ts(retry_at or now), error, key, worker),
            ).rowcount
        return bool(count == 1)

    def outbox(
        self, *, status: OutboxStatus | None = None, lead_id: str | None = None
    ) -> list[OutboxItem]:
        """The outbox rows (all, with ``status``, or for one lead), oldest first."""
        query = f"SELECT {self._OUTBOX_COLUMNS} FROM outbox WHERE 1 = 1"  # noqa: S608
        params: list[object] = []
        if status is not None:
            query += " AND status = ?"
            params.append(OutboxStatus(status).value)
        if lead_id is not None:
            query += " AND lead_id = ?"
            params.append(lead_id)
        with self._read() as cur:
            rows = self._exec(cur, query + " ORDER BY created_at, key", params).fetchall()
        return [self._item(row) for row in rows]
