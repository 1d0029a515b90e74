"""The large fuzzing budget: 100,000 leads and 10,000 definition files by default.

    python benchmarks/fuzz.py [--leads 100000] [--definitions 10000] [--batches 200]

Uses the harness of the test suite (``tests/fuzz_harness.py``): mutated real leads (the
bundled sample and the generator), Python-built leads at the ends of the calendar and in
DST gaps and folds, damaged definition files (models, ICPs, frameworks, qualifiers in
TOML, JSON and YAML) and ``leadqual score`` on files of mutated leads. Prints how many
cases ran, the slowest case, and every finding: an exception outside ``LeadqualError``,
a lead that changes through JSON, a case over one second, a lost row. Findings inside
the scoring kernel are counted apart (issue 16). Exits 1 when any other finding remains.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import fuzz_harness as fh
import leadqual as lq


def _slowest(found: list[fh.Finding], seconds: float) -> float:
    return max([seconds, *(finding.seconds for finding in found)])


def _leads(count: int, rng: random.Random) -> tuple[list[fh.Finding], float, float]:
    bases = fh.base_leads(500)
    found: list[fh.Finding] = []
    slowest = 0.0
    started = time.perf_counter()
    for number in range(count):
        one = time.perf_counter()
        if number % 20 == 19:
            created, at, as_of = (fh.edge_datetimes(rng) for _ in range(3))

            def build(created: dt.datetime = created, at: dt.datetime = at) -> lq.Lead:
                event = lq.Event("demo_requested", at)
                return lq.Lead("L-edge", created_at=created, events=[event])

            found.extend(fh.check_built(build, repr((created, at)), (as_of, fh.AS_OF)))
        else:
            found.extend(fh.check_mapping(fh.mutate(rng, rng.choice(bases))))
        slowest = max(slowest, time.perf_counter() - one)
    return found, time.perf_counter() - started, slowest


def _definitions(
    count: int, rng: random.Random, tmp: Path
) -> tuple[list[fh.Finding], float, float]:
    definitions = fh.base_definitions()
    leads = [lq.Lead.from_mapping(mapping) for mapping in fh.base_leads(0)[:4]]
    found: list[fh.Finding] = []
    slowest = 0.0
    started = time.perf_counter()
    for _ in range(count):
        kind, data = rng.choice(definitions)
        suffix = rng.choice((".json", ".toml", ".yaml", ".yml"))
        try:
            text = fh.render(fh.mutate(rng, data), suffix)
        except lq.LeadqualError:
            text = fh.render(data, ".json")
            suffix = ".json"
        if rng.random() < 0.3:
            text = fh.mutate_text(rng, text)
        one = time.perf_counter()
        found.extend(fh.check_definition(kind, text, suffix, tmp, leads))
        seconds = time.perf_counter() - one
        if seconds > fh.SLOW:  # the whole case (load and use), not only each step
            case = f"{kind}{suffix}: {text[:120]!r}"
            found.append(fh.Finding("slow", case, f"{seconds:.2f} s", seconds=seconds))
        slowest = max(slowest, seconds)
    return found, time.perf_counter() - started, slowest


def _batches(count: int, rng: random.Random, tmp: Path) -> tuple[list[fh.Finding], int]:
    import json  # noqa: PLC0415

    bases = fh.base_leads(200)
    found: list[fh.Finding] = []
    rows = 0
    for number in range(count):
        records = []
        for _ in range(100):
            mapping = fh.mutate(rng, rng.choice(bases)) if rng.random() < 0.3 else rng.choice(bases)
            try:
                records.append(json.dumps(mapping, ensure_ascii=False))
            except (ValueError, TypeError):
                records.append('{"id": "unwritable"}')
        rows += len(records)
        found.extend(fh.check_batch(records, ("jsonl", "json")[number % 2], tmp))
    return found, rows


def _report(title: str, found: list[fh.Finding]) -> int:
    mine = [finding for finding in found if finding.owner != "issue 16"]
    kernel = len(found) - len(mine)
    print(f"  {title}: {len(mine)} findings, {kernel} in the scoring kernel (issue 16)")
    counts = collections.Counter((f.owner, f.kind, f.error[:100]) for f in found)
    for (owner, kind, error), times in counts.most_common(15):
        print(f"    {times:>6} x [{owner}] {kind}: {error}")
    for finding in found:
        if finding.kind == "slow":
            print(f"      slow case: {finding.case}")
    return len(mine)


def main() -> int:
    """Run the budget, print the figures; exit 1 on a finding outside issue 16."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--definitions", type=int, default=10_000)
    parser.add_argument("--batches", type=int, default=200, help="files of 100 leads")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--only", choices=("leads", "definitions", "batches"), default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if args.only not in (None, "leads"):
            args.leads = 0
        if args.only not in (None, "definitions"):
            args.definitions = 0
        if args.only not in (None, "batches"):
            args.batches = 0
        lead_found, lead_time, lead_slowest = _leads(args.leads, rng)
        definition_found, definition_time, definition_slowest = _definitions(
            args.definitions, rng, tmp
        )
        batch_found, rows = _batches(args.batches, rng, tmp)
    print(f"leads: {args.leads} cases in {lead_time:.0f} s, slowest {lead_slowest:.3f} s")
    print(
        f"definition files: {args.definitions} cases in {definition_time:.0f} s, "
        f"slowest {definition_slowest:.3f} s"
    )
    lost = sum(1 for finding in batch_found if finding.kind == "lost row")
    print(f"batches: {args.batches} files, {rows} rows, {lost} files lost rows")
    problems = _report("leads", lead_found)
    problems += _report("definition files", definition_found)
    problems += _report("batches", batch_found)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
