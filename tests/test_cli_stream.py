"""``leadqual score`` and ``qualify`` stream: rows go out while the input is still coming.

No timings here (speed and memory are measured by ``benchmarks/bench_scale.py``); these
tests prove the shape: the first row is written before the last input line is read,
rejects stream to their file, the progress line appears only on a terminal, and the
index of lead ids seen gives the same duplicate rejects when it spills to disk.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import leadqual as lq
from leadqual.cli import EXIT_OK, EXIT_REJECTED, main
from leadqual.cli import _score as score_cli
from leadqual.cli._output import score_row
from leadqual.io import _leads

LEAD = (
    '{{"id": "L-{n}", "job_title": "Operations Manager", "events": '
    '[{{"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}}]}}\n'
)


class _Leads(io.RawIOBase):
    """Standard input that makes its lead lines only when read, counting them."""

    def __init__(self, count: int, bad: tuple[int, ...] = ()) -> None:
        self.count = count
        self.bad = bad
        self.made = 0
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self._pending) < len(buffer) and self.made < self.count:
            self.made += 1
            line = "{\n" if self.made in self.bad else LEAD.format(n=self.made)
            self._pending += line.encode()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class _Watched(io.StringIO):
    """Standard output that notes how many leads had been read at its first write."""

    def __init__(self, source: _Leads) -> None:
        super().__init__()
        self.source = source
        self.read_at_first_write: int | None = None

    def write(self, text: str) -> int:
        if self.read_at_first_write is None:
            self.read_at_first_write = self.source.made
        return super().write(text)


def _run_on_stdin(
    monkeypatch: pytest.MonkeyPatch, source: _Leads, *argv: str
) -> tuple[int, _Watched, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(source)))
    out, err = _Watched(source), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out, err.getvalue()


@pytest.mark.parametrize(
    ("command", "fmt"),
    [("score", "json"), ("score", "csv"), ("qualify", "json"), ("qualify", "csv")],
)
def test_rows_go_out_before_the_input_ends(
    monkeypatch: pytest.MonkeyPatch, command: str, fmt: str
) -> None:
    """The first row is written while most of the input is still unread."""
    source = _Leads(6_000)
    code, out, err = _run_on_stdin(monkeypatch, source, command, "-", "--format", fmt)
    assert code == EXIT_OK
    assert source.made == 6_000
    assert out.read_at_first_write is not None
    assert out.read_at_first_write < 2_000
    lines = out.getvalue().splitlines()
    assert len(lines) == 6_000 + (fmt == "csv")
    done = {"score": "scored", "qualify": "qualified"}[command]
    assert err.startswith(f"leadqual: 6000 {done}, 0 rejected (")


def test_sorting_holds_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """--sort points needs every row first: nothing is written before the input ends."""
    source = _Leads(3_000)
    code, out, _ = _run_on_stdin(
        monkeypatch, source, "score", "-", "--format", "json", "--sort", "points"
    )
    assert code == EXIT_OK
    assert out.read_at_first_write == 3_000


def test_streamed_json_is_what_scoring_each_lead_gives(tmp_path: Path) -> None:
    """Streaming changes when rows are written, not what: each line is score_row's."""
    leads = [lq.Lead.from_mapping(json.loads(LEAD.format(n=n))) for n in range(1, 6)] + list(
        lq.datasets.generate_leads(30, seed=3)
    )
    path = tmp_path / "leads.jsonl"
    lq.io.write_leads(leads, path)
    out, err = io.StringIO(), io.StringIO()
    as_of = "2026-12-01T00:00:00+00:00"
    assert (
        main(["score", str(path), "--format", "json", "--as-of", as_of], stdout=out, stderr=err)
        == 0
    )
    model = lq.starter_model()
    moment = lq.engines.resolve_as_of(as_of)
    expected = [
        json.dumps(score_row(model.score(lead, as_of=moment), lead, "en"), ensure_ascii=False)
        for lead in leads
    ]
    assert out.getvalue().splitlines() == expected


def test_rejects_stream_to_their_file_and_the_summary_shows_twenty(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every rejected row is in the file, in order; stderr lists twenty and counts the rest."""
    bad = tuple(range(5, 5_000, 100))  # 50 bad rows
    source = _Leads(5_000, bad=bad)
    rejects = tmp_path / "rejects.jsonl"
    code, out, err = _run_on_stdin(
        monkeypatch, source, "score", "-", "--format", "json", "--rejects", str(rejects)
    )
    assert code == EXIT_REJECTED
    assert len(out.getvalue().splitlines()) == 5_000 - 50
    written = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [record["line"] for record in written] == list(bad)
    assert written[0]["raw"] == "{"
    lines = err.splitlines()
    assert lines[0].startswith("leadqual: 4950 scored, 50 rejected (")
    assert lines[0].endswith(" leads/s)")
    assert len([line for line in lines if line.startswith("  line ")]) == 20
    assert lines[-1] == f"  … and 30 more (all in {rejects})"


def test_dutch_summary(tmp_path: Path) -> None:
    """The closing summary in Dutch: gescoord, geweigerd, decimal points as thousands."""
    path = tmp_path / "leads.jsonl"
    path.write_text(LEAD.format(n=1) + "{\n", encoding="utf-8")
    err = io.StringIO()
    code = main(["--lang", "nl", "score", str(path)], stdout=io.StringIO(), stderr=err)
    assert code == EXIT_REJECTED
    assert err.getvalue().startswith("leadqual: 1 gescoord, 1 geweigerd (")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, terminal: bool
) -> None:
    """A terminal gets a redrawn progress line (rows, rows/s), wiped at the end; a pipe not."""
    monkeypatch.setattr(score_cli._Progress, "EVERY", 0.0)
    path = tmp_path / "leads.jsonl"
    path.write_text("".join(LEAD.format(n=n) for n in range(50)), encoding="utf-8")
    err = _Terminal() if terminal else io.StringIO()
    assert main(["score", str(path), "--format", "json"], stdout=io.StringIO(), stderr=err) == 0
    text = err.getvalue()
    if terminal:
        assert "\r50 rows  " in text
        assert " rows/s" in text
        progress, _, summary = text.rpartition("\r")
        assert progress  # drawn, then wiped: the summary starts on a clean line
        assert summary.startswith("leadqual: 50 scored, 0 rejected (")
    else:
        assert "\r" not in text
        assert text.startswith("leadqual: 50 scored, 0 rejected (")


# --- the index of lead ids seen ------------------------------------------------------------


def _reference(ids: list[str]) -> list[str]:
    """Duplicate rejects as a plain dict of every id gives them (the old way)."""
    first: dict[str, int] = {}
    out = []
    for line, key in enumerate(ids, start=1):
        seen = first.setdefault(key, line)
        out.append(
            f"line {line}: {key}"
            if seen == line
            else f"line {line}: id: duplicate lead id {key!r} (first seen on line {seen})"
        )
    return out


@pytest.mark.parametrize("seed", range(5))
def test_duplicate_ids_are_found_after_the_index_spills(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """A tiny in-memory part and batch: the SQLite index finds the same repeats."""
    import random  # noqa: PLC0415 - only here

    monkeypatch.setattr(_leads, "_MEMORY", 7)
    monkeypatch.setattr(_leads, "_BATCH", 5)
    rng = random.Random(seed)  # noqa: S311 - test data
    ids = [f"L-{rng.randrange(40)}" for _ in range(300)]
    text = "".join(json.dumps({"id": key}) + "\n" for key in ids)
    rows = [str(row) for row in lq.io.read_leads(io.StringIO(text), format="jsonl")]
    assert rows == _reference(ids)


def test_strict_reading_yields_every_lead_before_the_bad_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """load_leads past the spill: the leads before a bad row still come, then the error."""
    monkeypatch.setattr(_leads, "_MEMORY", 3)
    monkeypatch.setattr(_leads, "_BATCH", 50)
    text = "".join(json.dumps({"id": f"L-{n}"}) + "\n" for n in range(10)) + '{"id": ""}\n'
    got: list[str] = []
    with pytest.raises(lq.LeadError, match="line 11: id: expected a non-empty string"):
        got.extend(lead.id for lead in lq.io.load_leads(io.StringIO(text), format="jsonl"))
    assert got == [f"L-{n}" for n in range(10)]
