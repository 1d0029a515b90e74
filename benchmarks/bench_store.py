"""What does keeping leads in a store cost, next to qualifying them in memory?

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_store.py [--leads N] [--postgres URL]

The baseline qualifies the generated leads in memory with the default qualifier (the
starter model and BANT). Each store ingests the same leads into an empty store (merge,
qualify, resolve, snapshot, history, outbox, one transaction per 100 leads), then
ingests them a second time (nothing changes: the idempotence check). Ratios are
against the baseline measured in the same run; the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

from leadqual.datasets import DEFAULT_AS_OF as AS_OF
from leadqual.datasets import generate_leads
from leadqual.lead import Lead
from leadqual.lifecycle import default_qualifier
from leadqual.store import open_store


def _baseline(leads: list[Lead]) -> float:
    qualifier = default_qualifier()
    start = time.perf_counter()
    for lead in leads:
        qualifier.qualify(lead, as_of=AS_OF)
    return time.perf_counter() - start


def _store(url: str, leads: list[Lead]) -> tuple[float, float]:
    with open_store(url) as store:
        start = time.perf_counter()
        store.ingest(leads, as_of=AS_OF)
        first = time.perf_counter() - start
        start = time.perf_counter()
        report = store.ingest(leads, as_of=AS_OF)
        again = time.perf_counter() - start
        if report.unchanged != len(leads):
            msg = f"the second ingest changed something: {report}"
            raise SystemExit(msg)
    return first, again


def _postgres(base: str) -> str:
    import psycopg  # noqa: PLC0415 - only with --postgres

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def main() -> None:
    """Print leads per second and the ratios against in-memory qualification."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--postgres", default=os.environ.get("LEADQUAL_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    leads: list[Lead] = list(generate_leads(args.leads, seed=11))
    events = sum(len(lead.events) for lead in leads)
    base = _baseline(leads)
    print(f"{args.leads} leads, {events} events")
    print(f"qualify in memory       {args.leads / base:8.0f} leads/s  (baseline)")
    targets = [("sqlite", str(Path(tempfile.mkdtemp()) / "bench.db"))]
    if args.postgres:
        targets.append(("postgresql", _postgres(args.postgres)))
    for name, url in targets:
        first, again = _store(url, leads)
        print(
            f"ingest {name:<12} {args.leads / first:8.0f} leads/s  "
            f"x{first / base:.1f} of the baseline; again (no change) x{again / base:.2f}"
        )


if __name__ == "__main__":
    main()
