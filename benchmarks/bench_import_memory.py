"""Peak memory of converting a CRM export: a small and a ten times larger one.

Each size runs in a fresh child process that streams a synthetic HubSpot-style export
(generated on the fly, never held in memory) through ``read_leads(..., preset="hubspot")``
and writes lead JSON lines to /dev/null; the child reports its peak resident set size.
Constant memory means the ratio of the two peaks stays near 1 while the rows grow tenfold.

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


def child(rows: int) -> None:
    """Convert ``rows`` rows; print the count, the seconds and the peak RSS in KiB."""
    from leadqual import unstructure  # noqa: PLC0415 - measured in the child only
    from leadqual.io import Loaded, read_leads  # noqa: PLC0415

    start = time.perf_counter()
    loaded = 0
    with open("/dev/null", "w", encoding="utf-8") as sink:  # noqa: PTH123 - a device
        for row in read_leads(Export(rows), format="csv", preset="hubspot"):  # type: ignore[arg-type]
            if isinstance(row, Loaded):
                sink.write(json.dumps(unstructure(row.lead)) + "\n")
                loaded += 1
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": loaded, "seconds": seconds, "peak_kib": peak}))


def measure(rows: int) -> dict[str, float]:
    """Run one child and return what it reported."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", str(rows)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    """Measure the small and the large export and print the memory ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rows", type=int, default=100_000, help="rows of the small export (the large one has 10x)"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    small, large = measure(args.rows), measure(args.rows * 10)
    for result in (small, large):
        rate = result["rows"] / result["seconds"]
        print(
            f"{int(result['rows']):>9,} rows: peak RSS {result['peak_kib'] / 1024:6.1f} MiB, "
            f"{result['seconds']:6.1f} s ({rate:,.0f} rows/s)"
        )
    ratio = large["peak_kib"] / small["peak_kib"]
    print(f"peak memory ratio (10x rows): {ratio:.2f}  (1.00 = constant memory)")


if __name__ == "__main__":
    main()
