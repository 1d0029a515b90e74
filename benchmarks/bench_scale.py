"""File to scores at scale: the Python path, polars, DuckDB and Spark side by side (issue 14).

    PYTHONPATH=src python benchmarks/bench_scale.py              # 1,000,000 leads x 20 events
    PYTHONPATH=src python benchmarks/bench_scale.py --quick      # 50,000 leads
    PYTHONPATH=src python benchmarks/bench_scale.py --leads 200000 --skip spark

Writes ``--leads`` leads of about 20 events each (``leadqual.datasets``: page views,
downloads, webinars, demo requests, replayed event ids, free mailboxes) as one JSONL
file, then scores it from the file in a fresh child process per contender, so that each
peak RSS (``ru_maxrss`` of that child, from ``os.wait4``) is its own:

- ``python``: ``leadqual score FILE --format json`` (the CLI path, streaming);
- ``python-jobs``: the same with ``--jobs N``, one worker per core (``--jobs``, default
  ``os.cpu_count()``); it only gains on idle cores;
- ``polars``, ``duckdb``, ``spark``: ``leadqual score FILE --engine X --format json``,
  each skipped with a note when its module or library is missing (Spark on the first
  ``--spark-leads`` leads, 5,000 by default: local Spark is slow on a small machine);
- ``today``: the path before issue 14 on the first ``--baseline-leads`` leads: every
  line through the strict decoder and the full cattrs structuring (``Lead.from_mapping``
  without the fast path), then scored and written as the CLI writes it;
- ``built``: the Python path scoring leads already built (``model.score``) only.

Then, in this process, the fast parse against ``json.loads`` of the same lines (the
best of interleaved repeats), and the streaming CLI's peak RSS at a tenth of the leads
against all of them. Targets (issue 14): polars and duckdb >= 40x the Python path end
to end and >= 3x its scoring of built leads; the Python path end to end >= 7x today's;
parsing a lead <= 3x ``json.loads``; the CLI's peak RSS flat within 10% for 10x the input.
Machines shared with other work are noisy: run twice and read the better run.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-12-01T09:00:00+01:00"
_PLACEHOLDER = "\x00lead-id\x00"
_POOL = 2_000


# --- the input ----------------------------------------------------------------------------


def write_leads(path: Path, count: int) -> int:
    """Write ``count`` lead lines (a pool of generated leads, each with its own id); bytes."""
    from leadqual import unstructure  # noqa: PLC0415 - the parent only
    from leadqual.datasets import generate_leads  # noqa: PLC0415

    templates = []
    for lead in generate_leads(min(count, _POOL), seed=14, events_per_lead=20.0):
        data = unstructure(lead)
        data["id"] = _PLACEHOLDER
        templates.append(
            json.dumps(data, ensure_ascii=False).replace(json.dumps(_PLACEHOLDER), "{}")
        )
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for k in range(count):
            line = templates[k % len(templates)].replace("{}", json.dumps(f"L-{k:08d}"), 1) + "\n"
            size += len(line)
            out.write(line)
    return size


def head(source: Path, target: Path, count: int) -> None:
    """The first ``count`` lines of ``source`` as ``target``."""
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for k, line in enumerate(lines):
            if k >= count:
                break
            out.write(line)


# --- the children -------------------------------------------------------------------------


def child(mode: str, path: str) -> None:
    """Run one contender in this (fresh) process; print leads and seconds as JSON."""
    from leadqual.cli import main  # noqa: PLC0415 - measured in the child only

    start = time.perf_counter()
    if mode == "today":
        leads = _today(path)
    elif mode == "built":
        leads, seconds = _built(path)
        print(json.dumps({"leads": leads, "seconds": seconds}))
        return
    else:
        argv = ["score", path, "--format", "json", "--as-of", AS_OF]
        if mode.startswith("python-jobs="):
            argv += ["--jobs", mode.split("=", 1)[1]]
        elif mode != "python":
            argv += ["--engine", mode]
        with Path(os.devnull).open("w", encoding="utf-8") as sink:
            code = main(argv, stdout=sink, stderr=sink)
        if code != 0:
            message = f"{mode}: exit {code}"
            raise SystemExit(message)
        with Path(path).open(encoding="utf-8") as lines:
            leads = sum(1 for _ in lines)
    print(json.dumps({"leads": leads, "seconds": time.perf_counter() - start}))


def _today(path: str) -> int:
    # Before issue 14: the strict decoder, the full cattrs structuring, score, write.
    import leadqual as lq  # noqa: PLC0415
    from leadqual._convert import _converter_for, _structure  # noqa: PLC0415
    from leadqual.cli._output import score_row  # noqa: PLC0415
    from leadqual.engines import resolve_as_of  # noqa: PLC0415
    from leadqual.io._leads import _DECODER  # noqa: PLC0415

    model = lq.starter_model()
    as_of = resolve_as_of(AS_OF)
    converter = _converter_for(None)
    count = 0
    with (
        Path(path).open(encoding="utf-8") as lines,
        Path(os.devnull).open("w", encoding="utf-8") as sink,
    ):
        for line in lines:
            lead = _structure(_DECODER.decode(line), lq.Lead, converter, lq.LeadError, "lead")
            row = score_row(model.score(lead, as_of=as_of), lead, "en")
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _built(path: str) -> tuple[int, float]:
    import leadqual as lq  # noqa: PLC0415
    from leadqual.engines import resolve_as_of  # noqa: PLC0415

    leads = [row.lead for row in lq.io.read_leads(path) if isinstance(row, lq.io.Loaded)]
    model = lq.starter_model()
    as_of = resolve_as_of(AS_OF)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for lead in leads:
            model.score(lead, as_of=as_of)
        best = min(best, time.perf_counter() - start)
    return len(leads), best


def run_child(mode: str, path: Path) -> tuple[int, float, float] | str:
    """(leads, seconds, peak RSS in MiB) of one contender, or why it did not run."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    command = [sys.executable, __file__, "--child", mode, str(path)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # noqa: S603 - this script
    assert process.stdout is not None  # noqa: S101 - piped above
    assert process.stderr is not None  # noqa: S101
    output = process.stdout.read()
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        last = errors.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        return f"failed: {last[0]}"
    result = json.loads(output.decode().strip().splitlines()[-1])
    return result["leads"], result["seconds"], usage.ru_maxrss / 1024


# --- parsing, in this process ---------------------------------------------------------------


def parse_ratio(path: Path, sample: int) -> tuple[float, float, float]:
    """Microseconds per line: json.loads, the fast parse, and read_leads per line."""
    import io  # noqa: PLC0415

    from leadqual._fast_lead import fast_lead_line  # noqa: PLC0415
    from leadqual.io import read_leads  # noqa: PLC0415

    with path.open(encoding="utf-8") as lines:
        text = [line.rstrip("\n") for _, line in zip(range(sample), lines, strict=False)]
    block = "\n".join(text) + "\n"
    assert all(fast_lead_line(line) is not None for line in text)  # noqa: S101 - no fallback

    def timed(run: object) -> float:
        start = time.perf_counter()
        run()  # type: ignore[operator]
        return (time.perf_counter() - start) / len(text) * 1e6

    best = [float("inf")] * 3
    for _ in range(7):  # interleaved, so that noise hits all three alike
        best[0] = min(best[0], timed(lambda: [json.loads(line) for line in text]))
        best[1] = min(best[1], timed(lambda: [fast_lead_line(line) for line in text]))
        best[2] = min(best[2], timed(lambda: list(read_leads(io.StringIO(block), format="jsonl"))))
    return best[0], best[1], best[2]


# --- the report -----------------------------------------------------------------------------


def _available(engine: str) -> str | None:
    """Why ``engine`` cannot run here, or None."""
    if engine == "python":
        return None
    from leadqual.engines import ENGINES  # noqa: PLC0415

    if engine not in ENGINES:
        return f"no {engine} engine in leadqual.engines"
    module, extra = ENGINES[engine]
    if importlib.util.find_spec(module) is None:
        return f"{module} is missing"
    library = {"polars": "polars", "duckdb": "duckdb", "spark": "pyspark"}[engine]
    if importlib.util.find_spec(library) is None:
        return f"{library} is not installed (pip install 'leadqual[{extra}]')"
    return None


def _mib(value: float) -> str:
    return f"{value:,.1f} MiB"


def main() -> None:  # noqa: C901, PLR0915 - one report, top to bottom
    """Generate the file, run every contender, print the table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 leads")
    parser.add_argument("--baseline-leads", type=int, default=50_000)
    parser.add_argument("--spark-leads", type=int, default=5_000)
    parser.add_argument("--parse-sample", type=int, default=5_000)
    parser.add_argument("--skip", action="append", default=[], help="an engine not to run")
    parser.add_argument("--dir", help="where to write the files (default: a temporary one)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes for python-jobs"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    count = 50_000 if args.quick else args.leads
    with contextlib.ExitStack() as stack:
        folder = (
            Path(args.dir) if args.dir else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        )
        full = folder / "leads.jsonl"
        start = time.perf_counter()
        size = write_leads(full, count)
        print(
            f"bench_scale: {count:,} leads x ~20 events, {size / 2**30:.2f} GiB of JSONL "
            f"(written in {time.perf_counter() - start:.0f} s); as_of {AS_OF}"
        )
        tenth = folder / "tenth.jsonl"
        head(full, tenth, max(count // 10, 1))
        baseline = folder / "baseline.jsonl"
        head(full, baseline, min(count, args.baseline_leads))
        spark_input = folder / "spark.jsonl"
        head(full, spark_input, min(count, args.spark_leads))

        results: dict[str, tuple[int, float, float] | str] = {}
        jobs = f"python-jobs={args.jobs}"
        plan = [("python", full), (jobs, full), ("today", baseline), ("built", baseline)]
        plan += [("polars", full), ("duckdb", full), ("spark", spark_input)]
        for mode, path in plan:
            why = None if mode in ("today", "built", jobs) else _available(mode)
            if mode == jobs and ("python-jobs" in args.skip or args.jobs < 2):
                why = "skipped (--skip python-jobs, or --jobs below 2)"
            if mode in args.skip:
                why = "skipped (--skip)"
            if why is not None:
                results[mode] = why
                print(f"  {mode}: {why}")
                continue
            results[mode] = run_child(mode, path)
            print(f"  {mode}: done", flush=True)
        results["python at a tenth"] = run_child("python", tenth)

        names = {
            "python": "python, CLI end to end",
            jobs: f"python, --jobs {args.jobs}",
            "today": "today's path (before #14)",
            "built": "python, built leads only",
            "polars": "polars end to end",
            "duckdb": "duckdb end to end",
            "spark": "spark local end to end",
            "python at a tenth": "python CLI, a tenth",
        }
        print(f"\n{'contender':<28} {'leads':>10} {'leads/s':>10} {'peak RSS':>12} {'seconds':>9}")
        rate: dict[str, float] = {}
        for mode, name in names.items():
            result = results.get(mode)
            if isinstance(result, tuple):
                leads, seconds, rss = result
                rate[mode] = leads / seconds
                shown_rss = _mib(rss) if mode != "built" else "(in-process)"
                print(
                    f"{name:<28} {leads:>10,} {rate[mode]:>10,.0f} {shown_rss:>12} {seconds:>9.1f}"
                )
            else:
                print(f"{name:<28} {result}")

        def ratio(label: str, top: str, bottom: str, target: str) -> None:
            if top in rate and bottom in rate:
                print(f"  {label} = {rate[top] / rate[bottom]:.2f}  (target {target})")
            else:
                print(f"  {label}: not measured")

        print("\nratios (same run):")
        for engine in ("polars", "duckdb", "spark"):
            ratio(
                f"{engine} / python end to end",
                engine,
                "python",
                ">= 40" if engine != "spark" else "info",
            )
            ratio(
                f"{engine} / python built-lead scoring",
                engine,
                "built",
                ">= 3" if engine != "spark" else "info",
            )
        ratio("python end to end / today's", "python", "today", ">= 7")
        ratio(f"python --jobs {args.jobs} end to end / today's", jobs, "today", ">= 7")

        loads, fast, read = parse_ratio(full, min(count, args.parse_sample))
        print(
            f"  fast parse / json.loads = {fast / loads:.2f}  (target <= 3; json.loads "
            f"{loads:.1f} us, fast parse {fast:.1f} us, read_leads {read:.1f} us a line)"
        )
        small, large = results.get("python at a tenth"), results.get("python")
        if isinstance(small, tuple) and isinstance(large, tuple):
            print(
                f"  streaming CLI peak RSS: {small[0]:,} leads {_mib(small[2])}, "
                f"{large[0]:,} leads {_mib(large[2])}: ratio {large[2] / small[2]:.3f} "
                "(target <= 1.10 for 10x the leads)"
            )


if __name__ == "__main__":
    main()
