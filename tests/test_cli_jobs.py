"""``leadqual score --jobs N``: the bytes, rejects, summary and exit code of ``--jobs 1``.

Chunks are made tiny (and the duplicate-id index spills early) so that a few dozen lines
cross many chunk boundaries; then a real file through real processes for a closed pipe
and for Ctrl-C, which must leave no worker behind.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import leadqual as lq
from leadqual import unstructure
from leadqual.cli import EXIT_ERROR, _parallel, main
from leadqual.cli._output import JsonText
from leadqual.datasets import generate_leads
from leadqual.io import _leads

AS_OF = ["--as-of", "2026-12-01T09:00:00+01:00"]
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _lines(count: int, seed: int) -> list[str]:
    """Generated leads, and on some lines every kind of reject (and a blank line)."""
    rng = random.Random(seed)  # noqa: S311 - test data
    good = [json.dumps(unstructure(lead)) for lead in generate_leads(count, seed=seed)]
    lines: list[str] = []
    for k, written in enumerate(good):
        roll, line = rng.random(), written
        if roll < 0.08:
            line = written[:-3]  # invalid JSON
        elif roll < 0.16:
            line = written.replace('"id": ', '"id": "x", "id": ', 1)  # a key written twice
        elif roll < 0.26 and k:
            line = lines[rng.randrange(len(lines))] or good[0]  # an id seen before
        elif roll < 0.30:
            line = written.replace('+01:00"', '"', 1).replace('+02:00"', '"', 1)  # naive
        elif roll < 0.33:
            line = ""
        elif roll < 0.36:
            line = written.replace('"id": ', '"id": "é\\u00e9", "x": ', 1)  # unknown key
        lines.append(line)
    return lines


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), re.sub(r"\([\d,.]+ leads/s\)", "", err.getvalue())


def _both(tmp_path: Path, argv: list[str], jobs: int = 2) -> None:
    """The command with --jobs 1 and --jobs N: the same output, rejects, summary and code."""
    results = []
    for n in (1, jobs):
        rejects = tmp_path / f"rejects-{n}.jsonl"
        code, out, err = _run([*argv, "--jobs", str(n), "--rejects", str(rejects)])
        results.append((code, out, err.replace(str(rejects), "REJECTS"), rejects.read_bytes()))
    assert results[0] == results[1]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 3 lines; the id index spills to disk after 5 ids (both paths alike)."""
    monkeypatch.setattr(_parallel, "CHUNK", 3)
    monkeypatch.setattr(_leads, "_MEMORY", 5)
    monkeypatch.setattr(_leads, "_BATCH", 4)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("options", [[], ["--lang", "nl"], ["--sort", "points"]])
def test_same_bytes_as_one_process(tmp_path: Path, seed: int, options: list[str]) -> None:
    """Every kind of row, across many chunk boundaries, in both languages and sorted."""
    path = tmp_path / "leads.jsonl"
    path.write_text("\ufeff" + "\n".join(_lines(40, seed)) + "\n", encoding="utf-8")
    _both(tmp_path, ["score", str(path), "--format", "json", *AS_OF, *options])


@pytest.mark.usefixtures("small_chunks")
def test_three_jobs_a_gzip_file_and_a_time_zone(tmp_path: Path) -> None:
    """More workers than needed, compressed input, naive times read in a zone."""
    path = tmp_path / "leads.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(_lines(30, 4)) + "\n").encode()))
    argv = ["score", str(path), "--format", "json", *AS_OF, "--timezone", "Europe/Amsterdam"]
    _both(tmp_path, argv, jobs=3)


@pytest.mark.usefixtures("small_chunks")
def test_a_lead_that_fails_to_score_is_rejected_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while scoring rejects that row only, with the same internal-error reason."""
    built = JsonText.__call__

    def failing(self: JsonText, score: lq.Score, lead: lq.Lead) -> str:
        if lead.id.endswith("7"):
            msg = "division by zero"
            raise ZeroDivisionError(msg)
        return built(self, score, lead)

    monkeypatch.setattr(JsonText, "__call__", failing)  # the workers are forked: they see it
    path = tmp_path / "leads.jsonl"
    path.write_text("\n".join(_lines(30, 5)) + "\n", encoding="utf-8")
    _both(tmp_path, ["score", str(path), "--format", "json", *AS_OF])
    code, _out, err = _run(["score", str(path), "--format", "json", *AS_OF, "--jobs", "2"])
    assert code == EXIT_ERROR
    assert "internal error (a bug in leadqual; please report it): ZeroDivisionError" in err


@pytest.mark.usefixtures("small_chunks")
def test_a_corrupt_gzip_file_writes_the_rows_before_it_then_fails(tmp_path: Path) -> None:
    """A read error mid-file: the rows before it are out, then the same error."""
    data = gzip.compress(("\n".join(_lines(60, 6)) + "\n").encode())
    path = tmp_path / "leads.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    results = [
        _run(["score", str(path), "--format", "json", *AS_OF, "--jobs", jobs]) for jobs in "12"
    ]
    assert results[0] == results[1]
    assert results[0][0] == EXIT_ERROR
    assert "cannot read" in results[0][2]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "csv"], "--jobs writes --format json, not csv"),
        (["--format", "json", "--preset", "hubspot"], "--jobs reads JSON Lines, not a CRM"),
        (["--format", "json", "--input-format", "csv"], "this input is csv"),
    ],
)
def test_what_jobs_does_not_do_is_an_error(
    tmp_path: Path, options: list[str], message: str
) -> None:
    """Other formats and CRM exports say so (exit 2) instead of quietly taking one process."""
    path = tmp_path / "leads.jsonl"
    path.write_text('{"id": "L-1"}\n', encoding="utf-8")
    code, out, err = _run(["score", str(path), *options, "--jobs", "2"])
    assert (code, out) == (EXIT_ERROR, "")
    assert message in err


def test_a_missing_file_and_a_bad_count_are_refused(tmp_path: Path) -> None:
    """The same message as one process for a missing file; --jobs 0 is a usage error."""
    missing = str(tmp_path / "missing.jsonl")
    results = [_run(["score", missing, "--format", "json", "--jobs", jobs]) for jobs in "12"]
    assert results[0] == results[1]
    assert not (tmp_path / "rejects.jsonl").exists()
    with pytest.raises(SystemExit):
        main(["score", missing, "--jobs", "0"], stdout=io.StringIO(), stderr=io.StringIO())


# --- real processes -----------------------------------------------------------------------


def _big_file(tmp_path: Path, count: int = 3000) -> Path:
    path = tmp_path / "big.jsonl"
    lines = [json.dumps(unstructure(lead)) for lead in generate_leads(200, seed=9)]
    with path.open("w", encoding="utf-8") as out:
        for k in range(count):
            out.write(lines[k % len(lines)].replace('"id": "', f'"id": "{k}-', 1) + "\n")
    return path


def _left_in_session(session: int) -> list[int]:
    """Processes still alive in the session the command led (its workers, if any)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def _command(path: Path, jobs: int) -> list[str]:
    command = [sys.executable, "-m", "leadqual", "score", str(path), "--format", "json"]
    return [*command, *AS_OF, "--jobs", str(jobs)]


def _start(path: Path, jobs: int, stdin: int | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen(  # noqa: S603 - our own command
        _command(path, jobs),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc for leftover processes")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_closed_pipe_ends_quietly_with_no_worker_left(tmp_path: Path, jobs: int) -> None:
    """``score --jobs 2 | head -1``: exit 0, nothing on standard error, no process left."""
    with _start(_big_file(tmp_path), jobs) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert json.loads(process.stdout.readline())["id"].startswith("0-")
        process.stdout.close()
        assert process.wait(timeout=60) == 0
        assert process.stderr.read() == b""
    time.sleep(0.2)
    assert _left_in_session(process.pid) == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc for leftover processes")
def test_ctrl_c_stops_every_process_as_one_process_stops(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole group): one traceback, the exit of --jobs 1, no worker left."""
    path = _big_file(tmp_path, count=20_000)
    outcomes = []
    for jobs in (1, 2):
        with _start(path, jobs) as process:
            assert process.stdout is not None
            assert process.stderr is not None
            process.stdout.readline()  # scoring is under way
            os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it
            process.stdout.read()
            code = process.wait(timeout=60)
            errors = process.stderr.read().decode()
        time.sleep(0.2)
        assert _left_in_session(process.pid) == []
        outcomes.append((code, errors.count("Traceback"), errors.strip().splitlines()[-1]))
    assert outcomes[0] == outcomes[1]
    assert outcomes[1][1:] == (1, "KeyboardInterrupt")


def test_text_buffered_before_the_workers_start_is_written_once(tmp_path: Path) -> None:
    """Forked workers flush their copy of standard output: it must be empty at the fork."""
    path = tmp_path / "leads.jsonl"
    path.write_text("\n".join(_lines(20, 7)) + "\n", encoding="utf-8")
    script = (
        "import sys; from leadqual.cli import main; sys.stdout.write('before\\n'); "
        f"main(['score', {str(path)!r}, '--format', 'json', '--jobs', '2'], "
        "stdout=sys.stdout, stderr=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-c", script], capture_output=True, env=env, check=False, timeout=120
    )
    assert done.stdout.decode().count("before\n") == 1
