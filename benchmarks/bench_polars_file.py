"""File → scores: the Python path against the polars engine reading JSON lines natively.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_polars_file.py [--leads N] [--events K]
                                                          [--python-leads M]

It writes ``--leads`` synthetic leads (``leadqual.datasets.generate_leads``, seed 42,
about ``--events`` events each) as JSON lines with :func:`leadqual.io.write_leads`, then
scores the file with the starter model end to end (read, validate, score, rows in input
order) twice: ``score_file(engine="python")`` and ``score_file(engine="polars")``, whose
canonical records polars reads itself. The Python path is slow, so it runs on the first
``--python-leads`` lines (a file of its own); leads/s are compared. Before timing, the
two paths are checked to give identical rows on that smaller file.

Target (issue 14): polars native / Python path >= 40 in leads/s.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

import leadqual as lq
from leadqual.datasets import DEFAULT_AS_OF as AS_OF
from leadqual.datasets import generate_leads
from leadqual.engines import score_file


def _timed(model: lq.ScoringModel, path: Path, engine: str) -> tuple[float, list[object]]:
    gc.collect()
    start = time.perf_counter()
    rows = list(score_file(model, path, engine=engine, as_of=AS_OF))
    return time.perf_counter() - start, rows


def main() -> None:
    """Write the files, check both paths agree, time them and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=200_000)
    parser.add_argument("--events", type=float, default=20.0)
    parser.add_argument("--python-leads", type=int, default=5_000)
    args = parser.parse_args()
    model = lq.starter_model()
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "leads.jsonl"
        small = Path(folder) / "sample.jsonl"
        lq.io.write_leads(
            generate_leads(args.leads, seed=42, as_of=AS_OF, events_per_lead=args.events), big
        )
        with big.open(encoding="utf-8") as stream, small.open("w", encoding="utf-8") as out:
            for _, line in zip(range(args.python_leads), stream, strict=False):
                out.write(line)
        size = big.stat().st_size / 1e6
        print(f"file: {args.leads} leads, ~{args.events:g} events each, {size:.0f} MB")
        python_time, python_rows = _timed(model, small, "python")
        _, check_rows = _timed(model, small, "polars")
        if check_rows != python_rows:
            msg = "the polars engine's rows differ from the Python path's"
            raise SystemExit(msg)
        polars_time, polars_rows = _timed(model, big, "polars")
        if len(polars_rows) != args.leads:
            msg = f"expected {args.leads} rows, got {len(polars_rows)}"
            raise SystemExit(msg)
    python_rate = args.python_leads / python_time
    polars_rate = args.leads / polars_time
    print(f"python path : {python_rate:12,.0f} leads/s ({args.python_leads} leads)")
    print(f"polars native: {polars_rate:12,.0f} leads/s ({args.leads} leads)")
    print(f"ratio polars native / python path: {polars_rate / python_rate:.1f}x (target >= 40)")


if __name__ == "__main__":
    main()
