"""The lead store on both backends: merging, idempotence, lifecycle, snapshots, outbox."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path

import attrs
import pytest

import leadqual as lq
from leadqual.exceptions import LifecycleError, StoreError, UnknownLeadError
from leadqual.lead import Outcome
from leadqual.lifecycle import Action, Feedback, HandOff, OutboxStatus, default_qualifier
from leadqual.lifecycle import qualify as lifecycle_qualify
from leadqual.stage import Reason
from leadqual.store import SCHEMA_VERSION, SQLiteStore, SQLStore, open_store, verdict_json
from leadqual.testing import check_store
from leadqual.typing import Store
from leadqual.verdict import Qualifier
from store_support import AS_OF, consistent, dump, event, lead

DEMO = event("demo_requested", "2026-11-21T14:02:00+01:00")
PRICING = event("page_view", "2026-11-21T14:00:00+01:00", url="/pricing")
BLOG = event("page_view", "2026-11-20T10:00:00+01:00", url="/blog/x")
LATER = AS_OF + dt.timedelta(days=1)


class TestOpenStore:
    """open_store: URLs, creation, schema versions."""

    def test_creates_and_reopens(self, store_url: str) -> None:
        """A new store is at the library's schema version and keeps its data on reopen."""
        with open_store(store_url) as store:
            assert store.schema_version == SCHEMA_VERSION
            store.ingest([lead("L-1", DEMO)], as_of=AS_OF)
        with open_store(store_url) as store:
            assert [item.id for item in store.leads()] == ["L-1"]

    def test_sqlite_urls(self, tmp_path: Path) -> None:
        """A path and sqlite:///path name the same SQLite file; sqlite:// is in memory."""
        path = tmp_path / "a.db"
        with open_store(f"sqlite:///{path}") as store:
            store.ingest([lead("L-1")], as_of=AS_OF)
        with open_store(path) as store:
            assert isinstance(store, SQLiteStore)
            assert len(store.leads()) == 1
        with open_store("sqlite://") as store:
            assert store.leads() == []

    def test_wal(self, tmp_path: Path) -> None:
        """SQLite stores use write-ahead logging."""
        path = tmp_path / "a.db"
        open_store(path).close()
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def test_bad_urls(self, tmp_path: Path) -> None:
        """An unknown scheme or a missing folder is a StoreError naming the URL."""
        with pytest.raises(StoreError, match=r"^mysql://x: unsupported store URL"):
            open_store("mysql://x")
        with pytest.raises(StoreError, match="cannot open the store: no folder"):
            open_store(tmp_path / "missing" / "a.db")

    def test_not_a_database(self, tmp_path: Path) -> None:
        """A file that is not SQLite is a StoreError naming it."""
        path = tmp_path / "notes.txt"
        path.write_text("not a database, " * 200)
        with pytest.raises(StoreError, match=r"notes\.txt: cannot open the store"):
            open_store(path)

    def test_newer_schema_refused(self, store_url: str) -> None:
        """A store written by a newer leadqual is refused, not damaged."""
        with open_store(store_url) as store, store._write() as cur:
            store._exec(cur, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        with pytest.raises(StoreError, match="schema version 99, newer than"):
            open_store(store_url)

    def test_closed(self, tmp_path: Path) -> None:
        """A closed store says so; closing twice is fine."""
        store = open_store(tmp_path / "a.db")
        store.close()
        store.close()
        with pytest.raises(StoreError, match="closed"):
            store.leads()

    def test_repr(self, tmp_path: Path) -> None:
        """The repr names the backend and URL."""
        with open_store(tmp_path / "a.db") as store:
            assert repr(store).startswith("<SQLiteStore 'sqlite:///")


class TestIngest:
    """Store.ingest: merging, idempotence, hand-offs."""

    def test_same_input_twice_changes_nothing(self, store_url: str) -> None:
        """Rows, history and outbox are identical after the same input a second time."""
        leads = [lead("L-1", DEMO, PRICING, PRICING), lead("L-2", BLOG)]
        with open_store(store_url) as store:
            first = store.ingest(leads, as_of=AS_OF)
            before = dump(store)
            again = store.ingest(leads, as_of=LATER)
            assert dump(store) == before
        assert (first.created, first.events_added, len(first.handoffs)) == (2, 4, 1)
        assert (again.unchanged, again.events_added, again.handoffs) == (2, 0, ())

    def test_identical_events_without_id(self, store_url: str) -> None:
        """Two identical id-less events in one input are two; input seen before adds none."""
        with open_store(store_url) as store:
            store.ingest([lead("L-1", PRICING, PRICING)], as_of=AS_OF)
            store.ingest([lead("L-1", PRICING)], as_of=AS_OF)
            assert store.lead("L-1").events == 2
            report = store.ingest([lead("L-1", PRICING, PRICING, PRICING)], as_of=AS_OF)
            assert report.events_added == 1
            assert store.lead("L-1").events == 3

    def test_event_ids_count_once(self, store_url: str) -> None:
        """An event id counts once, whatever order its differing copies come in."""
        early = event("demo_requested", "2026-11-21T10:00:00+01:00", id="e-1")
        late = event("demo_requested", "2026-11-21T12:00:00+01:00", id="e-1")
        stored: list[tuple[lq.Event, ...]] = []
        for order in ((early, late), (late, early)):
            with open_store(store_url) as store:
                for item in order:
                    store.ingest([lead(f"L-{len(stored)}", item)], as_of=AS_OF)
                stored.append(store.lead(f"L-{len(stored)}").lead.events)
        assert stored[0] == stored[1]
        assert [e.at.hour for e in stored[0]] == [10]

    def test_new_events_merge(self, store_url: str) -> None:
        """A lead seen again gains its new events and is qualified again."""
        with open_store(store_url) as store:
            store.ingest([lead("L-1", BLOG)], as_of=AS_OF)
            assert store.lead("L-1").stage is lq.Stage.NEW
            report = store.ingest([lead("L-1", DEMO)], as_of=AS_OF)
            stored = store.lead("L-1")
            assert (report.changed, report.events_added) == (1, 1)
            assert stored.events == 2
            assert stored.stage is lq.Stage.SQL
            assert len(store.snapshots("L-1")) == 2

    def test_one_handoff_per_new_sql(self, store_url: str) -> None:
        """Newly SQL: one hand-off, with a stable key, written with the stage change."""
        with open_store(store_url) as store:
            report = store.ingest([lead("L-1", DEMO, owner="anna@acme.nl")], as_of=AS_OF)
            store.ingest([lead("L-1", DEMO, PRICING)], as_of=AS_OF)
            items = store.outbox(lead_id="L-1")
        assert [item.key for item in items] == list(report.handoffs)
        payload = items[0].payload
        assert payload["key"] == items[0].key
        assert payload["owner"] == {"name": "anna@acme.nl", "email": "anna@acme.nl"}
        assert payload["crossed_at"] == "2026-11-21T14:02:00+01:00"
        assert items[0].due == dt.datetime(2026, 11, 21, 14, 2, tzinfo=dt.UTC)

    def test_custom_handoff_builder(self, store_url: str) -> None:
        """A HandoffBuilder gives the payload; the store adds the key."""
        with open_store(store_url) as store:
            store.ingest(
                [lead("L-1", DEMO)],
                as_of=AS_OF,
                handoff=lambda lead, _verdict, entry: {"who": lead.id, "at": entry.at.isoformat()},
            )
            item = store.outbox()[0]
        assert dict(item.payload) == {
            "who": "L-1",
            "at": "2026-11-21T14:02:00+01:00",
            "key": item.key,
        }

    def test_profile_change_requalifies(self, store_url: str) -> None:
        """New answers without new events still count as a change."""
        with open_store(store_url) as store:
            store.ingest([lead("L-1", BLOG)], as_of=AS_OF)
            answers = {"budget": "approved", "need": "urgent", "authority": "decision_maker"}
            report = store.ingest([lead("L-1", BLOG, answers=answers)], as_of=AS_OF)
            assert report.changed == 1
            assert store.lead("L-1").stage is lq.Stage.SQL

    def test_crm_stage_imported(self, store_url: str) -> None:
        """The CRM's stage of a lead new to the store starts its history."""
        history = [{"stage": "opportunity", "at": "2026-11-01T10:00:00+01:00"}]
        crm = lead("L-1", DEMO, stage="opportunity", stage_history=history)
        with open_store(store_url) as store:
            store.ingest([crm], as_of=AS_OF)
            entries = store.history("L-1").entries
            assert store.lead("L-1").stage is lq.Stage.OPPORTUNITY
            assert store.outbox() == []
        assert [(e.kind, e.stage) for e in entries] == [(Action.IMPORTED, lq.Stage.OPPORTUNITY)]

    def test_many_leads_in_batches(self, store_url: str) -> None:
        """More leads than one batch: every one stored, the books consistent."""
        leads = [lead(f"L-{k:03d}", DEMO if k % 3 == 0 else BLOG) for k in range(250)]
        with open_store(store_url) as store:
            report = store.ingest(leads, as_of=AS_OF)
            assert report.created == 250
            assert len(report.handoffs) == 84
            assert len(store.leads(stage=lq.Stage.SQL)) == 84
            assert consistent(store) == []

    def test_error_names_the_lead(self, store_url: str) -> None:
        """A lead that breaks the qualifier is named; its batch is not written."""

        def broken(lead: lq.Lead, _as_of: dt.datetime | None) -> float:
            if lead.id == "L-2":
                msg = "attributes.x: broken"
                raise lq.LeadError(msg)
            return 0

        qualifier = Qualifier(model=lq.ScoringModel([lq.CustomRule("broken", broken)]))
        with open_store(store_url) as store:
            with pytest.raises(lq.LeadError, match=r"^lead 'L-2': attributes.x: broken"):
                store.ingest([lead("L-1"), lead("L-2")], as_of=AS_OF, qualifier=qualifier)
            assert store.leads() == []

    def test_database_errors(self, store_url: str) -> None:
        """A database failure is a StoreError naming the store, not a driver traceback."""
        with open_store(store_url) as store:
            with store._write() as cur:
                store._exec(cur, "DROP TABLE events")
            with pytest.raises(StoreError, match="events"):
                store.ingest([lead("L-1", DEMO)], as_of=AS_OF)

    def test_naive_as_of(self, store_url: str) -> None:
        """as_of must carry a time zone."""
        with open_store(store_url) as store, pytest.raises(StoreError, match="time zone"):
            store.ingest([], as_of=dt.datetime(2026, 1, 1))  # noqa: DTZ001 - the point

    def test_unknown_lead(self, store_url: str) -> None:
        """Reading a lead the store does not hold is an UnknownLeadError."""
        with open_store(store_url) as store:
            for call in (store.lead, store.history, store.snapshots):
                with pytest.raises(UnknownLeadError, match="no lead 'nope'"):
                    call("nope")
            with pytest.raises(UnknownLeadError):
                store.feedback("nope", Feedback.accept(AS_OF))


class TestSnapshots:
    """Each verdict is stored; re-qualifying reproduces it."""

    def test_requalify_byte_for_byte(self, store_url: str) -> None:
        """Re-qualifying a stored lead as of its snapshot gives the same JSON."""
        answers = {"budget": "planned", "need": "urgent"}
        with open_store(store_url) as store:
            store.ingest([lead("L-1", BLOG, PRICING, answers=answers)], as_of=AS_OF)
            store.ingest([lead("L-1", DEMO)], as_of=LATER)
            stored, history = store.lead("L-1"), store.history("L-1")
            snapshots = store.snapshots("L-1")
        last = snapshots[-1]
        # The snapshot judged the lead on the history before its own move.
        before = attrs.evolve(history, entries=history.entries[:-1])
        again = lifecycle_qualify(default_qualifier(), stored.lead, before, last["as_of"])
        assert verdict_json(again) == last["verdict"]
        assert json.loads(last["verdict"])["as_of"] == LATER.isoformat()


class TestFeedback:
    """Store.feedback: checked moves, recorded with who, when and why."""

    def test_lost_needs_a_losing_reason(self, store_url: str) -> None:
        """--lost budget is refused, naming the allowed reasons; nothing is written."""
        with open_store(store_url) as store:
            store.ingest([lead("L-1", DEMO)], as_of=AS_OF)
            before = dump(store)
            with pytest.raises(LifecycleError, match="allowed reasons: competitor, no_interest"):
                store.feedback("L-1", Feedback.lost("budget", LATER))
            assert dump(store) == before
            entry = store.feedback("L-1", Feedback.lost("competitor", LATER, by="anna"))
            assert (entry.stage, entry.reason) == (lq.Stage.LOST, Reason.COMPETITOR)
            assert store.lead("L-1").stage is lq.Stage.LOST
            assert store.history("L-1").outcome == Outcome("lost", at=LATER, reason="competitor")

    def test_accept_then_won(self, store_url: str) -> None:
        """An SQL accepted becomes an opportunity; won makes it a customer with an amount."""
        with open_store(store_url) as store:
            store.ingest([lead("L-1", DEMO)], as_of=AS_OF)
            store.feedback("L-1", Feedback.accept(LATER, by="anna"))
            store.feedback("L-1", Feedback.won(LATER, amount=12000, note="signed"))
            history = store.history("L-1")
        assert [e.stage.value for e in history.entries] == ["sql", "opportunity", "customer"]
        assert history.outcome == Outcome("won", at=LATER, amount=12000)
        assert history.replay() is lq.Stage.CUSTOMER

    def test_reject_reasons_route(self, store_url: str) -> None:
        """A rejected MQL goes to nurture or disqualified by its reason code."""
        with open_store(store_url) as store:
            store.ingest([lead("A"), lead("B")], as_of=AS_OF)
            assert store.feedback("A", Feedback.reject("timing", LATER)).stage.value == "nurture"
            assert store.feedback("B", Feedback.reject("bad_data", LATER)).stage.value == (
                "disqualified"
            )
            with pytest.raises(LifecycleError, match=r"from disqualified; .*allowed: none"):
                store.feedback("B", Feedback.accept(LATER))

    def test_not_now_and_back(self, store_url: str) -> None:
        """Not now parks the lead with a revisit date; new signals bring it back as SQL."""
        revisit = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)
        parked = AS_OF + dt.timedelta(days=2)
        with open_store(store_url) as store:
            store.ingest([lead("L-1", DEMO)], as_of=AS_OF)
            store.feedback("L-1", Feedback.not_now(parked, revisit=revisit, by="anna"))
            assert store.lead("L-1").revisit == revisit
            # Old engagement does not bring it back: a profile change re-qualifies it.
            store.ingest([lead("L-1", DEMO, job_title="CFO")], as_of=parked)
            assert store.lead("L-1").stage is lq.Stage.NURTURE
            # A blog read after parking is a signal, but not one that crosses the line.
            blog = event("page_view", "2026-11-25T10:00:00+00:00", url="/blog/a")
            store.ingest([lead("L-1", blog)], as_of=parked + dt.timedelta(days=2))
            assert store.lead("L-1").stage is lq.Stage.NURTURE
            demo = event("demo_requested", "2026-11-26T10:00:00+00:00")
            report = store.ingest([lead("L-1", demo)], as_of=parked + dt.timedelta(days=3))
            history = store.history("L-1")
            assert store.lead("L-1").stage is lq.Stage.SQL
            assert store.lead("L-1").events == 3
        assert len(report.handoffs) == 1
        kinds = [(e.kind.value, e.stage.value) for e in history.entries]
        assert kinds == [("qualified", "sql"), ("not_now", "nurture"), ("qualified", "sql")]
        assert history.entries[-1].at == dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC)

    def test_back_to_mql(self, store_url: str) -> None:
        """From nurture, signals that reach the MQL line make it an MQL again."""
        with open_store(store_url) as store:
            store.ingest([lead("L-1")], as_of=AS_OF)
            store.feedback("L-1", Feedback.not_now(AS_OF))
            views = [event("page_view", f"2026-11-2{d}T10:00Z", url="/pricing") for d in (3, 4, 5)]
            store.ingest([lead("L-1", *views)], as_of=AS_OF + dt.timedelta(days=4))
            assert store.lead("L-1").stage is lq.Stage.MQL


class TestOutbox:
    """The outbox operations the deliver worker builds on."""

    def _store_with_items(self, store_url: str, count: int = 3) -> SQLStore:
        store = open_store(store_url)
        items = [HandOff(f"k-{n}", f"L-{n}", {"n": n}) for n in range(count)]
        assert store.enqueue(items, now=AS_OF) == count
        assert store.enqueue(items, now=AS_OF) == 0
        return store

    def test_claim_and_mark_sent(self, store_url: str) -> None:
        """A claimed item is held by one worker; once sent it is never claimed again."""
        with self._store_with_items(store_url) as store:
            first = store.claim("w1", now=AS_OF, limit=2)
            assert [item.key for item in first] == ["k-0", "k-1"]
            assert all(item.lease_owner == "w1" and item.attempts == 1 for item in first)
            second = store.claim("w2", now=AS_OF, limit=5)
            assert [item.key for item in second] == ["k-2"]
            assert not store.mark_sent("k-0", worker="w2", now=AS_OF)
            assert store.mark_sent("k-0", worker="w1", now=AS_OF)
            later = AS_OF + dt.timedelta(hours=1)
            reclaimed = store.claim("w3", now=later, limit=5)
            assert [item.key for item in reclaimed] == ["k-1", "k-2"]
            assert [item.attempts for item in reclaimed] == [2, 2]
            assert not store.mark_sent("k-1", worker="w1", now=later)
            sent = store.outbox(status=OutboxStatus.SENT)
            assert [(item.key, item.sent_at) for item in sent] == [("k-0", AS_OF)]

    def test_mark_failed_retry_and_dead(self, store_url: str) -> None:
        """A failure retries from retry_at; without one the item is dead."""
        with self._store_with_items(store_url, 1) as store:
            store.claim("w1", now=AS_OF)
            retry = AS_OF + dt.timedelta(minutes=5)
            assert store.mark_failed("k-0", worker="w1", now=AS_OF, error="503", retry_at=retry)
            assert store.claim("w1", now=AS_OF + dt.timedelta(minutes=1)) == []
            (item,) = store.claim("w1", now=retry)
            assert (item.last_error, item.attempts) == ("503", 2)
            assert store.mark_failed("k-0", worker="w1", now=retry, error="gone", retry_at=None)
            assert store.claim("w1", now=retry + dt.timedelta(days=1)) == []
            (dead,) = store.outbox(status=OutboxStatus.DEAD)
            assert (dead.key, dead.last_error) == ("k-0", "gone")


class TestCheckStore:
    """leadqual.testing.check_store runs on both built-in backends."""

    def test_built_ins_pass(self, store_url: str) -> None:
        """The SQLite and PostgreSQL stores pass the store check."""
        with open_store(store_url) as store:
            typed: Store = store
            check_store(typed)

    def test_non_empty_store_refused(self, tmp_path: Path) -> None:
        """The check needs an empty store and says so."""
        with open_store(tmp_path / "a.db") as store:
            store.ingest([lead("L-1")], as_of=AS_OF)
            with pytest.raises(lq.ConfigError, match="must be empty"):
                check_store(store)


class TestConcurrentClaims:
    """Workers on their own connections never claim the same item."""

    def test_no_item_claimed_twice(self, store_url: str) -> None:
        """Four workers drain 60 items: each item claimed once, none left behind."""
        with open_store(store_url) as store:
            store.enqueue([HandOff(f"k-{n:02d}", f"L-{n}", {}) for n in range(60)], now=AS_OF)
        claimed: list[str] = []
        lock = threading.Lock()

        def work(name: str) -> None:
            with open_store(store_url) as mine:
                while items := mine.claim(name, now=AS_OF, limit=3):
                    with lock:
                        claimed.extend(item.key for item in items)
                    for item in items:
                        mine.mark_sent(item.key, worker=name, now=AS_OF)

        threads = [threading.Thread(target=work, args=(f"w{k}",)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(claimed) == [f"k-{n:02d}" for n in range(60)]
        with open_store(store_url) as store:
            assert len(store.outbox(status=OutboxStatus.SENT)) == 60
