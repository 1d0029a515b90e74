"""``leadqual score --engine X --format json`` prints the same bytes on every engine.

The engine record (id, points, fit, engagement, stage, groups, per-rule points and
reasons from them) is what every engine computes alike; the Python engine is the
reference. An engine whose module or library is missing is skipped, naming why; under
CI (``LEADQUAL_REQUIRE_SERVICES=1``) that is a failure, since the test extra installs
them all.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

import leadqual as lq
from conftest import require_service
from leadqual.cli import main
from leadqual.datasets import generate_leads
from leadqual.engines import ENGINES

AS_OF = "2026-12-01T09:00:00+01:00"


def _available(engine: str) -> None:
    if engine == "python":
        return
    if engine not in ENGINES:
        require_service(f"the {engine} engine", f"leadqual.engines has no {engine!r} entry yet")
    module, extra = ENGINES[engine]
    if importlib.util.find_spec(module) is None:
        require_service(f"the {engine} engine", f"{module} is not in this tree")
    library = {"polars": "polars", "duckdb": "duckdb", "spark": "pyspark"}[engine]
    if importlib.util.find_spec(library) is None:
        require_service(library, f"pip install 'leadqual[{extra}]'")


def _score(path: Path, *options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["score", str(path), *options], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def leads_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated leads (replayed event ids, free mailboxes, students) and two bad rows."""
    path = tmp_path_factory.mktemp("identical") / "leads.jsonl"
    leads = list(generate_leads(80, seed=14, events_per_lead=8))
    lines = [json.dumps(lq.unstructure(lead), ensure_ascii=False) for lead in leads]
    lines.insert(7, '{"id": "bad", "created_at": "2026-11-18"}')  # no time zone
    lines.insert(30, lines[3])  # a repeated lead id
    # In UTC past the calendar's end: once an OverflowError that lost every row.
    lines.insert(50, '{"id": "far", "events": [{"type": "x", "at": "9999-12-31T23:59:59-23:59"}]}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(leads_file: Path) -> tuple[int, str, str]:
    """The Python engine's output: the bytes every engine must print."""
    return _score(leads_file, "--engine", "python", "--format", "json", "--as-of", AS_OF)


@pytest.mark.parametrize("engine", ["polars", "duckdb", "spark"])
def test_every_engine_prints_the_same_bytes(
    engine: str, leads_file: Path, reference: tuple[int, str, str]
) -> None:
    """Same file, same as_of: byte-identical JSON, the same rejects and exit code."""
    _available(engine)
    code, out, err = _score(leads_file, "--engine", engine, "--format", "json", "--as-of", AS_OF)
    expected_code, expected_out, expected_err = reference
    assert out == expected_out
    assert code == expected_code == lq.cli.EXIT_REJECTED
    lines = [line for line in err.splitlines() if line.startswith("  line ")]
    assert lines == [line for line in expected_err.splitlines() if line.startswith("  line ")]


def test_the_engine_record_matches_the_python_path(leads_file: Path) -> None:
    """Without a ledger, yet the same points, groups and stage as plain ``score``."""
    _, plain, _ = _score(leads_file, "--format", "json", "--as-of", AS_OF)
    _, engine, _ = _score(leads_file, "--engine", "python", "--format", "json", "--as-of", AS_OF)
    plain_rows = [json.loads(line) for line in plain.splitlines()]
    engine_rows = [json.loads(line) for line in engine.splitlines()]
    assert len(plain_rows) == len(engine_rows) == 80
    for full, record in zip(plain_rows, engine_rows, strict=True):
        assert "ledger" not in record
        for key in ("id", "points", "fit", "engagement", "stage", "groups"):
            assert record[key] == full[key]
        # The per-rule points are the ledger's, summed per rule.
        summed: dict[str, float] = {}
        for entry in full["ledger"]:
            if entry["kind"] == "rule":
                summed[entry["rule"]] = summed.get(entry["rule"], 0) + entry["points"]
        assert {rule: points for rule, points in record["rules"].items() if points} == {
            rule: points for rule, points in summed.items() if points
        }
        # Reasons: the Python path's texts without its "(2x)" counts, and without the
        # rules whose entries summed to nothing (a rule column cannot tell those apart).
        expected = [re.sub(r" \(\d+x\)$", "", text) for text in full["reasons"]]
        assert record["reasons"] == [text for text in expected if not text.startswith("+0 ")]


def test_without_engine_the_output_is_unchanged(leads_file: Path) -> None:
    """Plain ``score --format json`` keeps its ledger and today's keys."""
    _, out, _ = _score(leads_file, "--format", "json", "--as-of", AS_OF)
    first = json.loads(out.splitlines()[0])
    assert list(first) == [
        "id",
        "points",
        "fit",
        "engagement",
        "stage",
        "groups",
        "matrix",
        "company",
        "reasons",
        "ledger",
    ]


def test_engine_refuses_crm_formats(leads_file: Path) -> None:
    """A CRM write-back needs the lead, which an engine record does not carry: exit 2."""
    code, out, err = _score(leads_file, "--engine", "python", "--format", "hubspot")
    assert code == lq.cli.EXIT_ERROR
    assert out == ""
    assert "--engine writes --format table, json or csv" in err
