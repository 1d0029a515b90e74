"""Speed to lead: from ingesting a crossing event to the webhook receiving the hand-off.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_speed_to_lead.py [--leads N]

One thread ingests leads one at a time into a SQLite store (each lead's last event, a
demo request, makes it an SQL, so the ingest writes a hand-off in its transaction);
an outbox worker thread on its own connection runs ``deliver`` in a loop and POSTs to
a real HTTP receiver on 127.0.0.1. Latency is the receipt time minus the moment the
ingest of that lead began. The baseline, measured in the same run: the same leads
ingested one at a time with no worker (ingest throughput). Leads then arrive at
``--load`` times that rate (default 0.5: a busy but not saturated desk; 1.0 means
back to back, where the one SQLite writer lock is the bottleneck), and the ratio says
how many ingest-times a hand-off takes to land.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from leadqual import Lead
from leadqual.automation import Backoff, deliver
from leadqual.notify import WebhookNotifier
from leadqual.store import open_store

AS_OF = dt.datetime(2026, 11, 21, 14, 10, tzinfo=dt.UTC)


def _lead(i: int, prefix: str) -> Lead:
    return Lead.from_mapping(
        {
            "id": f"{prefix}-{i:05d}",
            "job_title": "Operations Manager",
            "company": {"employees": 180, "industry": "manufacturing", "country": "NL"},
            "events": [
                {
                    "type": "page_view",
                    "at": "2026-11-20T09:12:00+01:00",
                    "properties": {"url": "/pricing"},
                },
                {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"},
                {"type": "pricing_requested", "at": "2026-11-21T14:03:00+01:00"},
            ],
            "answers": {"budget": "approved", "authority": "decision_maker"},
        }
    )


class _Hook(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.arrived: dict[str, float] = {}


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Hook

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.arrived.setdefault(body["lead_id"], time.perf_counter())
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401 - stdlib
        """Quiet."""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str]) -> None:  # noqa: PLR0915 - one measurement, start to end
    """Measure and print p50/p99 latency and ingest throughput."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument(
        "--load", type=float, default=0.5, help="arrival rate as a share of ingest throughput"
    )
    args = parser.parse_args(argv)
    n = args.leads
    with tempfile.TemporaryDirectory() as tmp:
        # Baseline: ingest alone, one lead per transaction.
        with open_store(Path(tmp) / "base.db") as store:
            leads = [_lead(i, "B") for i in range(n)]
            start = time.perf_counter()
            for lead in leads:
                store.ingest([lead], as_of=AS_OF)
            ingest_seconds = time.perf_counter() - start
        hook = _Hook()
        threading.Thread(target=hook.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{hook.server_address[1]}/hook"
        db = Path(tmp) / "s2l.db"
        open_store(db).close()
        stop = threading.Event()

        def work() -> None:
            with open_store(db) as outbox:
                notifier = WebhookNotifier(url)
                clock = lambda: dt.datetime.now(dt.UTC)  # noqa: E731 - a tiny clock
                while not stop.is_set():
                    report = deliver(
                        outbox,
                        [notifier],
                        clock=clock,
                        worker="bench",
                        limit=50,
                        backoff=Backoff(first=0.01),
                    )
                    if report.claimed == 0:
                        time.sleep(0.001)

        worker = threading.Thread(target=work)
        worker.start()
        started: dict[str, float] = {}
        leads = [_lead(i, "S") for i in range(n)]
        with open_store(db) as store:
            gap = ingest_seconds / n / args.load
            begin = time.perf_counter()
            for i, lead in enumerate(leads):
                pause = begin + i * gap - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                started[lead.id] = time.perf_counter()
                store.ingest([lead], as_of=AS_OF)
            ingest_with_worker = time.perf_counter() - begin
        deadline = time.perf_counter() + 60
        while len(hook.arrived) < n and time.perf_counter() < deadline:
            time.sleep(0.01)
        stop.set()
        worker.join()
        hook.shutdown()
        hook.server_close()
    latencies = [(hook.arrived[k] - started[k]) * 1000 for k in started if k in hook.arrived]
    per_lead_ms = ingest_seconds / n * 1000
    p50, p99 = _percentile(latencies, 0.5), _percentile(latencies, 0.99)
    print(f"leads: {n}, received: {len(latencies)}")
    print(f"ingest alone: {n / ingest_seconds:,.0f} leads/s ({per_lead_ms:.2f} ms per lead)")
    print(f"arrivals at {args.load:.0%} of that; achieved {n / ingest_with_worker:,.0f} leads/s")
    mean = statistics.fmean(latencies)
    print(f"crossing -> webhook: p50 {p50:.1f} ms, p99 {p99:.1f} ms, mean {mean:.1f} ms")
    print(f"ratio to one ingest: p50 {p50 / per_lead_ms:.2f}, p99 {p99 / per_lead_ms:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
