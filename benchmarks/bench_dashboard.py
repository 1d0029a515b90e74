"""How long the dashboard of 10,000 leads takes to open in headless Chromium.

The target is under 3 s of page time: the page's own clock (``performance.now()`` once
the page is parsed, its script has run and the whole page is laid out), which is the
open time a user sees, without the browser's start-up. Wall-clock time for
``chromium --headless --dump-dom`` (start, parse, script, serialise the DOM) is printed
too, with a dashboard of 10 leads as the start-up baseline.

Two baselines are measured in the same run, interleaved with the measured page so load
on the machine hits all alike: the dashboard of 10 leads, and the same 10,000-lead page
without ``LAZY_CSS`` -- the previous rendering, a real table that lays out every cell.
The ratio of the two 10,000-lead page times is what the lazy layout saves.
Run: ``python benchmarks/bench_dashboard.py [N] [REPEAT]``.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from leadqual import datasets
from leadqual.report import render_dashboard
from leadqual.report._dashboard import LAZY_CSS

# Added to the benchmark's copy only, last in the body: force style and layout of the whole
# page (after its own script ran), then write the page's own clock into the dumped DOM.
_PROBE = (
    "<script>var h=document.body.offsetHeight;var p=document.createElement('p');"
    "p.id='opened-ms';p.textContent=String(performance.now());"
    "document.body.appendChild(p);</script>"
)


def _open_once(browser: str, page: Path) -> tuple[float, float, int]:
    """Wall-clock seconds, page seconds and the number of lead rows in the dumped DOM."""
    start = time.perf_counter()
    dom = subprocess.run(  # noqa: S603 - our own browser binary and file
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
         page.as_uri()],
        capture_output=True, check=True, timeout=120, text=True,
    ).stdout  # fmt: skip
    wall = time.perf_counter() - start
    found = re.search(r'id="opened-ms">([0-9.]+)<', dom)
    return wall, float(found.group(1)) / 1000 if found else float("nan"), dom.count("<tr ") - 1


def main() -> None:
    """Render the pages, open them in turn REPEAT times, print the medians and the ratios."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    browser = os.environ.get("LEADQUAL_CHROMIUM") or shutil.which("chromium")
    if browser is None:
        print("chromium not found; see .ci/setup.d/30-chromium.sh")
        return
    with tempfile.TemporaryDirectory() as folder:
        pages: dict[str, Path] = {}
        for size in (10, n):
            leads = list(datasets.generate_histories(size, seed=12))
            start = time.perf_counter()
            html = render_dashboard(leads, as_of=datasets.DEFAULT_AS_OF)
            render = time.perf_counter() - start
            print(f"{size:>6} leads: rendered in {render:.2f} s, {len(html) / 1e6:.1f} MB")
            variants = {f"{size}": html}
            if size == n:
                assert LAZY_CSS in html  # noqa: S101 - the baseline must differ
                variants[f"{size}-table"] = html.replace(LAZY_CSS, "")
            for name, text in variants.items():
                path = Path(folder) / f"dash-{name}.html"
                path.write_text(text.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
                pages[name] = path
        runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in pages}
        for _ in range(repeat):
            for name, path in pages.items():
                runs[name].append(_open_once(browser, path))
    wall = {name: statistics.median(r[0] for r in found) for name, found in runs.items()}
    page = {name: statistics.median(r[1] for r in found) for name, found in runs.items()}
    rows = {name: found[0][2] for name, found in runs.items()}
    table, lazy = f"{n}-table", f"{n}"
    print(f"median of {repeat} opens each, interleaved; load average {os.getloadavg()[0]:.1f}")
    print(f"open    10 leads: {wall['10']:.2f} s wall, page {page['10']:.2f} s (start-up baseline)")
    print(
        f"open {n} leads, table layout (before): {wall[table]:.2f} s wall, "
        f"page {page[table]:.2f} s, {rows[table]} rows in the DOM"
    )
    print(
        f"open {n} leads, lazy layout (now):     {wall[lazy]:.2f} s wall, "
        f"page {page[lazy]:.2f} s, {rows[lazy]} rows in the DOM"
    )
    verdict = "meets" if page[lazy] < 3.0 else "misses"
    print(f"  {verdict} the 3 s target (page clock: from navigation to laid out)")
    print(
        f"ratio lazy / table: {page[lazy] / page[table]:.2f} page time "
        f"({page[table] / page[lazy]:.1f}x faster), {wall[lazy] / wall[table]:.2f} wall time; "
        f"lazy / 10 leads: {wall[lazy] / wall['10']:.2f}x wall"
    )


if __name__ == "__main__":
    main()
