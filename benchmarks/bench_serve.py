"""A bounded load test of ``leadqual serve`` on loopback: nothing lost, one hand-off per key.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_serve.py [--events 20000] [--clients 50]
                                                    [--db URL] [--quick]

It starts ``leadqual serve`` as its own process on a free 127.0.0.1 port (a SQLite file
store unless ``--db`` names another, which must be empty: the checks count its whole
outbox; the API token from ``LEADQUAL_TOKEN``, the
hand-off worker in the same process) and an HTTP receiver for the hand-offs on
127.0.0.1. ``--clients`` threads, each on one keep-alive connection, then post
``--events`` events, one per request, to ``POST /leads/{id}/events`` for leads of 20
events each (the leads created first, untimed: events for an unknown lead get
404); every lead's events include one demo request, so every lead crosses
to SQL once; 5% of the requests repeat an event already sent (same id). Then it waits
for the worker and checks:

- the store holds exactly the events sent, by id, per lead (repeats counted once);
- the receiver got every lead's hand-off exactly once (counted by ``Idempotency-Key``),
  and the outbox has no item left unsent.

It prints the throughput and the p50/p99 latency of the requests, and, as a baseline
measured in the same run, the same events ingested one per call straight into a store
(``store.ingest``, no HTTP): the ratio is what serving over HTTP costs per event.
The run is bounded: a fixed number of requests, each with a timeout, and a deadline
for the worker. It exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import http.server
import json
import os
import queue
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from leadqual import Lead
from leadqual.lifecycle import default_qualifier
from leadqual.store import open_store

TOKEN = "bench-token-0123456789abcdef"  # noqa: S105 - a throw-away token for this run
EVENTS_PER_LEAD = 20
REPEAT_SHARE = 0.05


def _events(lead: int, now: dt.datetime, rng: random.Random) -> list[dict[str, Any]]:
    """One lead's events, oldest first; one of them is the demo request."""
    demo = rng.randrange(EVENTS_PER_LEAD)
    events = []
    for j in range(EVENTS_PER_LEAD):
        at = (now - dt.timedelta(minutes=EVENTS_PER_LEAD - j)).isoformat()
        event: dict[str, Any] = {"id": f"e-{lead}-{j}", "at": at}
        if j == demo:
            event["type"] = "demo_requested"
        else:
            event["type"] = "page_view"
            event["properties"] = {"url": rng.choice(["/pricing", "/blog/roi", "/cases"])}
        events.append(event)
    return events


class _Hook(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _HookHandler)
        self.keys: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()


class _HookHandler(http.server.BaseHTTPRequestHandler):
    server: _Hook

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.server.lock:
            self.server.keys[self.headers.get("Idempotency-Key", "")] += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Quiet."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> Any:  # noqa: ANN401 - JSON
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {TOKEN}"})
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def _create(port: int, lead_ids: list[str]) -> None:
    """Create the leads (no events) first: events for an unknown lead get 404."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    try:
        for start in range(0, len(lead_ids), 500):
            body = json.dumps([{"id": lead_id} for lead_id in lead_ids[start : start + 500]])
            conn.request("POST", "/leads", body=body, headers=headers)
            answer = conn.getresponse()
            answer.read()
            if answer.status != 200:
                sys.exit(f"POST /leads answered {answer.status}")
    finally:
        conn.close()


def _wait_up(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"leadqual serve exited with {process.returncode}")
        try:
            _get(port, "/health")
        except OSError:
            time.sleep(0.1)
            continue
        return
    sys.exit("leadqual serve did not start in time")


def _client(
    port: int, jobs: queue.SimpleQueue[tuple[str, dict[str, Any]] | None], out: list[float]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    try:
        while (job := jobs.get()) is not None:
            lead_id, event = job
            body = json.dumps({"events": [event]})
            started = time.perf_counter()
            conn.request("POST", f"/leads/{lead_id}/events", body=body, headers=headers)
            answer = conn.getresponse()
            answer.read()
            out.append(time.perf_counter() - started)
            if answer.status != 200:
                msg = f"POST /leads/{lead_id}/events answered {answer.status}"
                raise RuntimeError(msg)
    finally:
        conn.close()


def _baseline(plan: list[tuple[str, dict[str, Any]]], folder: Path) -> float:
    """Events per second ingested one per call straight into a SQLite store."""
    qualifier = default_qualifier()  # built once, as the server does
    with open_store(folder / "baseline.db") as store:
        started = time.perf_counter()
        for lead_id, event in plan:
            lead = Lead.from_mapping({"id": lead_id, "events": [event]})
            store.ingest([lead], as_of=dt.datetime.now(dt.UTC), qualifier=qualifier)
        return len(plan) / (time.perf_counter() - started)


def _check(url: str, sent: dict[str, set[str]], hook: _Hook) -> list[str]:
    problems = []
    with open_store(url) as store:
        for lead_id, ids in sent.items():
            stored = {event.id for event in store.lead(lead_id).lead.events}
            if stored != ids:
                problems.append(f"{lead_id}: stored {len(stored)} events, sent {len(ids)}")
        unsent = [item.key for item in store.outbox() if item.status.value != "sent"]
        keys = {item.key for item in store.outbox()}
    if unsent:
        problems.append(f"{len(unsent)} hand-offs not sent")
    if len(keys) != len(sent):
        problems.append(f"{len(keys)} hand-offs in the outbox for {len(sent)} leads")
    twice = {key: n for key, n in hook.keys.items() if n != 1}
    if twice or set(hook.keys) != keys:
        problems.append(f"receiver: {len(hook.keys)} keys, {len(twice)} not exactly once")
    return problems


def main(argv: list[str]) -> None:  # noqa: PLR0915 - one measurement, start to end
    """Run the load test; exit 1 when the store or the hand-offs are not exact."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000, help="requests to send")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--db", help="an empty store's URL (default: a new SQLite file)")
    parser.add_argument("--quick", action="store_true", help="2,000 events, 20 clients")
    args = parser.parse_args(argv)
    total, clients = (2_000, 20) if args.quick else (args.events, args.clients)
    rng = random.Random(42)
    now = dt.datetime.now(dt.UTC)
    repeats = int(total * REPEAT_SHARE)
    leads = max(1, (total - repeats) // EVENTS_PER_LEAD)
    plan = [(f"L-{i:05d}", event) for i in range(leads) for event in _events(i, now, rng)]
    plan = plan[: total - repeats]
    plan += [rng.choice(plan) for _ in range(repeats)]
    rng.shuffle(plan)  # events of one lead arrive out of order and in parallel
    sent: dict[str, set[str]] = collections.defaultdict(set)
    for lead_id, event in plan:
        sent[lead_id].add(event["id"])

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = _baseline(plan[: min(len(plan), 2_000)], folder)
        hook = _Hook()
        threading.Thread(target=hook.serve_forever, daemon=True).start()
        url = args.db or str(folder / "leads.db")
        config = folder / "desk.toml"
        hook_url = f"http://127.0.0.1:{hook.server_address[1]}/hook"
        config.write_text(
            "[serve]\nworker_poll_seconds = 0.2\n"
            f'[[notify]]\nkind = "webhook"\nurl = "{hook_url}"\n'
        )
        port = _free_port()
        command = [sys.executable, "-m", "leadqual", "serve", "--db", url, "--config", str(config)]
        process = subprocess.Popen(  # noqa: S603 - our own command
            [*command, "--port", str(port), "--log-level", "warning"],
            env={**os.environ, "LEADQUAL_TOKEN": TOKEN},
        )
        try:
            _wait_up(port, process)
            _create(port, sorted(sent))
            jobs: queue.SimpleQueue[tuple[str, dict[str, Any]] | None] = queue.SimpleQueue()
            for job in plan:
                jobs.put(job)
            for _ in range(clients):
                jobs.put(None)
            latencies: list[list[float]] = [[] for _ in range(clients)]
            threads = [
                threading.Thread(target=_client, args=(port, jobs, latencies[k]))
                for k in range(clients)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            done = [value for part in latencies for value in part]
            if len(done) != len(plan):
                sys.exit(f"only {len(done)} of {len(plan)} requests answered")
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and len(hook.keys) < len(sent):
                time.sleep(0.2)
            time.sleep(1.0)  # a repeat would arrive now
            health = _get(port, "/health")
        finally:
            process.terminate()
            process.wait(timeout=60)
        problems = _check(url, sent, hook)
        hook.shutdown()

    rate = len(plan) / elapsed
    cuts = statistics.quantiles(done, n=100)
    p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    unique = sum(len(ids) for ids in sent.values())
    print(
        f"{len(plan)} requests ({unique} unique events, {repeats} repeats) for {len(sent)} "
        f"leads from {clients} clients in {elapsed:.1f} s"
    )
    print(f"served: {rate:,.0f} events/s; latency p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(f"baseline: store.ingest one event per call, no HTTP: {baseline:,.0f} events/s")
    print(f"ratio served / baseline throughput: {rate / baseline:.2f}")
    print(
        f"hand-offs: {len(hook.keys)} keys received, {sum(hook.keys.values())} posts, "
        f"worker rounds {health['worker']['rounds']}"
    )
    if problems:
        print("FAILED:", *problems[:10], sep="\n  ")
        sys.exit(1)
    print("ok: the store holds exactly what was sent; every hand-off arrived exactly once")


if __name__ == "__main__":
    main(sys.argv[1:])
