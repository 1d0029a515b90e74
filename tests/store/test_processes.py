"""Real processes on one store: concurrent ingests lose nothing; SIGKILL loses nothing.

Bounded: a few hundred leads per run, seconds per test.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import leadqual as lq
from leadqual.datasets import generate_leads
from leadqual.store import open_store
from store_support import consistent, dump, event, lead, write_jsonl

AS_OF = "2026-12-01T09:00:00+01:00"
TIMEOUT = 120


def _ingest(path: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "leadqual", "ingest", str(path), "--db", url, "--as-of", AS_OF],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish(process: subprocess.Popen[str]) -> None:
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, (out, err)


def _day(n: int, hour: int) -> str:
    return f"2026-11-{1 + n % 28:02d}T{hour:02d}:00:00+00:00"


class TestConcurrentIngest:
    """Two processes ingesting overlapping files at once."""

    def test_no_event_lost(self, store_url: str, tmp_path: Path) -> None:
        """Every event of both files is stored once; each new SQL is handed off once."""
        first, second, expected = [], [], {}
        for n in range(160):
            shared = event("page_view", _day(n, 9), url="/pricing")
            mine = event("content_download", _day(n, 10))
            theirs = event("demo_requested" if n % 2 else "webinar_registered", _day(n, 11))
            if n < 110:
                first.append(lead(f"L-{n:03d}", mine, shared, shared))
            if n >= 50:
                second.append(
                    lead(f"L-{n:03d}", shared, theirs, event("x", _day(n, 12), id=f"e{n}"))
                )
            expected[f"L-{n:03d}"] = (
                (3 if n < 110 else 0) + (2 if n >= 50 else 0) + (1 if n >= 110 else 0)
            )
        for n in range(50, 110):
            expected[f"L-{n:03d}"] = 5  # 2 copies of the shared view, one each, the id event
        files = [
            write_jsonl(tmp_path / "a.jsonl", first),
            write_jsonl(tmp_path / "b.jsonl", second),
        ]
        open_store(store_url).close()  # the schema, before the race starts
        processes = [_ingest(path, store_url) for path in files]
        for process in processes:
            _finish(process)
        with open_store(store_url) as store:
            stored = {item.id: item for item in store.leads()}
            assert {key: item.events for key, item in stored.items()} == expected
            assert consistent(store) == []
            outbox = store.outbox()
        keys = [item.key for item in outbox]
        assert len(keys) == len(set(keys))
        sql = {key for key, item in stored.items() if item.stage is lq.Stage.SQL}
        assert sorted(item.lead_id for item in outbox) == sorted(sql)
        assert len(sql) >= 55


class TestKilledIngest:
    """SIGKILL in the middle of an ingest."""

    def test_consistent_and_rerun_completes(self, store_url: str, tmp_path: Path) -> None:
        """The store stays consistent; a rerun ends where an uninterrupted ingest ends."""
        path = tmp_path / "leads.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for item in generate_leads(700, seed=7, events_per_lead=6):
                out.write(json.dumps(lq.unstructure(item)) + "\n")
        open_store(store_url).close()
        process = _ingest(path, store_url)
        deadline = time.monotonic() + TIMEOUT
        with open_store(store_url) as store:
            while time.monotonic() < deadline and process.poll() is None:
                if store.leads():
                    break
                time.sleep(0.01)
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=TIMEOUT)
            partial = len(store.leads())
            assert consistent(store) == []
        assert 0 < partial < 700
        _finish(_ingest(path, store_url))
        reference = tmp_path / "reference.db"
        _finish(_ingest(path, str(reference)))
        with open_store(store_url) as store, open_store(reference) as clean:
            assert dump(store) == dump(clean)
            assert len(store.leads()) == 700
