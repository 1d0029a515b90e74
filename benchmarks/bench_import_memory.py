"""Peak memory of ``leadqual import`` on a CRM export: a small and a ten times larger one.

Each size runs in a fresh child process that runs ``leadqual import - --preset hubspot
-o /dev/null`` on a synthetic HubSpot-style export streamed into its standard input
(generated on the fly by the parent, never held in memory); the child reports its peak
resident set size. Constant memory means the ratio of the two peaks stays near 1 (the
target: within 10%) while the rows grow tenfold. The duplicate-id check is part of the
run (``leadqual.io._ids.FirstLines``); ``--read-leads`` measures ``read_leads`` with its
own in-memory id check instead, for comparison.

    python benchmarks/bench_import_memory.py              # 100,000 vs 1,000,000 rows
    python benchmarks/bench_import_memory.py --rows 20000 # 20,000 vs 200,000 rows
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

HEADER = (
    "Record ID,First Name,Email,Job Title,Company Name,Number of Employees,Annual Revenue,"
    "Country/Region,Create Date,Lifecycle Stage,Recent Conversion,Recent Conversion Date,"
    "Last Page Seen\n"
)
COUNTRIES = ("Nederland", "België", "Netherlands", "Belgique", "Deutschland")


class Export:
    """A text stream of ``rows`` export lines, made as they are read."""

    name = "<synthetic export>"

    def __init__(self, rows: int) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[str]:
        yield HEADER
        for k in range(self.rows):
            yield (
                f"{k},Jan,jan{k}@firma{k % 997}.nl,Inkoper,Firma {k % 997},{k % 5000},"
                f'"{k % 90}.000,50",{COUNTRIES[k % 5]},2026-11-{1 + k % 28:02d} 09:{k % 60:02d},'
                f"marketingqualifiedlead,Demo aanvraag,2026-11-{1 + k % 28:02d} 10:00,/prijzen\n"
            )


def child(_rows: int, *, read_leads_check: bool) -> None:
    """Convert the export on stdin; print the count, the seconds and the peak RSS in KiB."""
    import io  # noqa: PLC0415 - measured in the child only

    start = time.perf_counter()
    if read_leads_check:
        from leadqual import unstructure  # noqa: PLC0415
        from leadqual.io import Loaded, read_leads  # noqa: PLC0415

        loaded = 0
        with open("/dev/null", "w", encoding="utf-8") as sink:  # noqa: PTH123 - a device
            for row in read_leads("-", format="csv", preset="hubspot"):
                if isinstance(row, Loaded):
                    sink.write(json.dumps(unstructure(row.lead)) + "\n")
                    loaded += 1
    else:
        from leadqual.cli import main as leadqual  # noqa: PLC0415

        err = io.StringIO()
        code = leadqual(["import", "-", "--preset", "hubspot", "-o", "/dev/null"], stderr=err)
        if code != 0:
            raise SystemExit(err.getvalue())
        loaded = int(err.getvalue().split()[1])  # "leadqual: N imported, 0 rejected"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(json.dumps({"rows": loaded, "seconds": seconds, "peak_kib": peak}) + "\n")


def measure(rows: int, *, read_leads_check: bool) -> dict[str, float]:
    """Run one child, stream the export into it and return what it reported."""
    command = [sys.executable, __file__, "--child", str(rows)]
    if read_leads_check:
        command.append("--read-leads")
    with subprocess.Popen(  # noqa: S603 - our own interpreter and script
        command,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    ) as proc:
        assert proc.stdin is not None  # noqa: S101 - asked for above
        for line in Export(rows):
            proc.stdin.write(line)
        proc.stdin.close()
        assert proc.stderr is not None  # noqa: S101
        report = proc.stderr.read()
    if proc.returncode != 0:
        raise SystemExit(report)
    result: dict[str, float] = json.loads(report.strip().splitlines()[-1])
    return result


def main() -> None:
    """Measure the small and the large export and print the memory ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows of the small export (the large one has 10x)"
    )
    parser.add_argument(
        "--read-leads",
        action="store_true",
        help="measure read_leads with its own in-memory duplicate-id check instead",
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, read_leads_check=args.read_leads)
        return
    what = "read_leads (dict of ids)" if args.read_leads else "leadqual import (FirstLines)"
    print(what)
    small = measure(args.rows, read_leads_check=args.read_leads)
    large = measure(args.rows * 10, read_leads_check=args.read_leads)
    for result in (small, large):
        rate = result["rows"] / result["seconds"]
        print(
            f"{int(result['rows']):>9,} rows: peak RSS {result['peak_kib'] / 1024:6.1f} MiB, "
            f"{result['seconds']:6.1f} s ({rate:,.0f} rows/s)"
        )
    ratio = large["peak_kib"] / small["peak_kib"]
    print(f"peak memory ratio (10x rows): {ratio:.2f}  (1.00 = constant memory; target <= 1.10)")


if __name__ == "__main__":
    main()
