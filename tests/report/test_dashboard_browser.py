"""The dashboard in a real headless Chromium: it renders, shows every lead, is accessible."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import require_service
from leadqual import datasets
from leadqual.report import PALETTE, render_dashboard

N = 10_000


def chromium() -> str:
    """The Chromium binary (``LEADQUAL_CHROMIUM`` or on PATH); skip or fail without one."""
    found = os.environ.get("LEADQUAL_CHROMIUM") or shutil.which("chromium")
    if not found:
        require_service("chromium", "install Debian's chromium (.ci/setup.d/30-chromium.sh)")
    assert found is not None
    return found


def headless(*args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with flags that work as root in a container."""
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-dev-shm-usage", *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of 10,000 generated leads with CRM histories, written to a file."""
    leads = list(datasets.generate_histories(N, seed=12))
    path = tmp_path_factory.mktemp("dash") / "dashboard.html"
    path.write_text(render_dashboard(leads, as_of=datasets.DEFAULT_AS_OF), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dom(page: Path) -> _Dom:
    """The DOM after Chromium ran the page's scripts, parsed once."""
    parsed = _Dom()
    parsed.feed(headless("--dump-dom", page.as_uri()).stdout)
    return parsed


class _Dom(HTMLParser):
    """Collects what the smoke checks need from the rendered DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.rows = 0
        self.in_body = False
        self.headers: list[dict[str, str | None]] = []
        self.controls: list[str | None] = []
        self.label_for: set[str] = set()
        self.svgs: list[dict[str, str | None]] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_lang = found.get("lang")
        elif tag == "tbody" and found.get("id") == "leads-body":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows += 1
        elif tag == "th":
            self.headers.append(found)
        elif tag in {"input", "select"}:
            self.controls.append(found.get("id"))
        elif tag == "label" and found.get("for"):
            self.label_for.add(str(found["for"]))
        elif tag == "svg":
            self.svgs.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False


def _luminance(colour: str) -> float:
    channels = [int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def png_is_blank(data: bytes) -> bool:
    """Whether a PNG's pixel stream is (nearly) one colour: few distinct byte values."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(idat))) < 16


class TestDashboardInChromium:
    """render_dashboard, opened in headless Chromium."""

    def test_dom_holds_every_lead(self, dom: _Dom) -> None:
        """After the scripts ran, the table has one row per lead, 10,000 of them."""
        assert dom.rows == N

    def test_screenshot_is_not_blank(self, page: Path, tmp_path: Path) -> None:
        """The screenshot shows something: the charts and the table."""
        shot = tmp_path / "shot.png"
        headless(f"--screenshot={shot}", "--window-size=1280,1400", page.as_uri())
        assert not png_is_blank(shot.read_bytes())

    def test_accessibility_smoke(self, dom: _Dom) -> None:
        """Column headers have scope, every control has a label, charts have names."""
        assert dom.html_lang == "en"
        assert dom.headers
        assert all(h.get("scope") == "col" for h in dom.headers)
        assert dom.controls
        assert all(c is not None and c in dom.label_for for c in dom.controls)
        assert dom.svgs
        assert all(s.get("role") == "img" and s.get("aria-label") for s in dom.svgs)
        assert contrast(PALETTE["text"], PALETTE["background"]) >= 7
        assert contrast(PALETTE["text"], PALETTE["header"]) >= 4.5
        assert contrast(PALETTE["accent"], PALETTE["background"]) >= 4.5
        assert contrast(PALETTE["bar"], PALETTE["background"]) >= 3


_FILTER_PROBE = (
    "<script>var s=document.getElementById('f-stage');s.value='mql';"
    "s.dispatchEvent(new Event('change'));var shown=0;"
    "document.querySelectorAll('#leads-body tr').forEach(function(r){"
    "if(getComputedStyle(r).display!=='none')shown++;});"
    "var p=document.createElement('p');p.id='probe';"
    "p.textContent=shown+','+document.getElementById('shown').textContent+','+"
    "getComputedStyle(document.querySelector('#leads-body tr')).contentVisibility;"
    "document.body.appendChild(p);</script>"
)


class TestLazyLayout:
    """Rows are grid rows with ``content-visibility: auto``; filtering still hides them."""

    def test_filter_hides_rows(self, page: Path, tmp_path: Path) -> None:
        """The stage filter leaves only MQL rows displayed, as many as the count says."""
        probed = tmp_path / "probed.html"
        text = page.read_text(encoding="utf-8")
        probed.write_text(text.replace("</body>", _FILTER_PROBE + "</body>"), encoding="utf-8")
        dom = headless("--dump-dom", probed.as_uri()).stdout
        found = re.search(r'id="probe">([0-9]+),([0-9]+),([a-z]+)<', dom)
        assert found is not None
        shown, counted, visibility = int(found[1]), int(found[2]), found[3]
        mqls = text.count('data-stage="mql"')
        assert 0 < mqls < N
        assert shown == counted == mqls
        assert visibility == "auto"

    def test_table_roles(self, page: Path) -> None:
        """The re-displayed table keeps its semantics by explicit ARIA roles."""
        text = page.read_text(encoding="utf-8")
        assert text.count('<tr role="row"') == N + 1
        assert text.count('<td role="cell"') == 9 * N
        assert f'role="table" aria-rowcount="{N + 1}"' in text


class TestBlankDetector:
    """png_is_blank, the screenshot check itself."""

    def test_uniform_image_is_blank(self) -> None:
        """A one-colour PNG is blank."""
        raw = b"".join(b"\x00" + b"\xff\xff\xff" * 8 for _ in range(8))
        chunk = zlib.compress(raw)
        data = (
            b"\x89PNG\r\n\x1a\n"
            + (13).to_bytes(4, "big") + b"IHDR" + bytes(13) + bytes(4)
            + len(chunk).to_bytes(4, "big") + b"IDAT" + chunk + bytes(4)
            + bytes(4) + b"IEND" + bytes(4)
        )  # fmt: skip
        assert png_is_blank(data)
