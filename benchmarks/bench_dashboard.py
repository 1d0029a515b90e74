"""How long the dashboard of 10,000 leads takes to open in headless Chromium.

The target is under 3 s. Time is wall-clock for ``chromium --headless --dump-dom`` (start,
parse, run the page's script, serialise the DOM), so the baseline measured in the same run
is the same command on a dashboard of 10 leads: the ratio is what 10,000 leads add on top
of starting a browser. Run: ``python benchmarks/bench_dashboard.py [N]``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from leadqual import datasets
from leadqual.report import render_dashboard


def _open_seconds(browser: str, page: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(  # noqa: S603 - our own browser binary and file
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
             page.as_uri()],
            capture_output=True, check=True, timeout=120,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Render both pages, open each three times, print the medians and the ratio."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    browser = os.environ.get("LEADQUAL_CHROMIUM") or shutil.which("chromium")
    if browser is None:
        print("chromium not found; see .ci/setup.d/30-chromium.sh")
        return
    with tempfile.TemporaryDirectory() as folder:
        pages = {}
        for size in (10, n):
            leads = list(datasets.generate_histories(size, seed=12))
            start = time.perf_counter()
            html = render_dashboard(leads, as_of=datasets.DEFAULT_AS_OF)
            render = time.perf_counter() - start
            path = Path(folder) / f"dash-{size}.html"
            path.write_text(html, encoding="utf-8")
            pages[size] = path
            print(f"{size:>6} leads: rendered in {render:.2f} s, {len(html) / 1e6:.1f} MB")
        base = _open_seconds(browser, pages[10])
        full = _open_seconds(browser, pages[n])
    verdict = "meets" if full < 3.0 else "misses"
    print(f"open   10 leads: {base:.2f} s (baseline: browser start-up)")
    print(f"open {n} leads: {full:.2f} s ({verdict} the 3 s target)")
    print(f"ratio {full / base:.2f}x the baseline; added by the leads: {full - base:.2f} s")


if __name__ == "__main__":
    main()
