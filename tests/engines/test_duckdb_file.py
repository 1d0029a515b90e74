"""DuckDB reading a JSON-lines file itself: the same scores and rejects as the Python path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadqual as lq
from leadqual import datasets
from leadqual._convert import unstructure
from leadqual.engines.duckdb import score_file
from leadqual.io import Loaded, read_leads
from leadqual.scoring import ScoringModel
from strategies import leads, models, moments

pytest.importorskip("duckdb")

_JUNK = (
    "not json",
    "[1, 2]",
    '{"id": "bad", "company": {"employees": -5}}',
    '{"id": "  padded  ", "job_title": "  Student "}',
    '{"id": "x", "id": "y"}',
    '{"id": "z", "created_at": "2026-11-01T09:00:00"}',
    '{"id": "w", "attributes": {"a": {"b": 1, "b": 2}}}',
    (
        '{"id": "v", "events": [{"type": "page_view", "at": "2026-11-01T09:00:00+01:00", '
        '"properties": {"url": "/pricing"}}], "company": {"country": "uk"}}'
    ),
    '{"id": "u", "email": "Kim@GMAIL.com", "job_title": "Straße student"}',
)


def _python(
    model: ScoringModel, path: Path, as_of: dt.datetime | None
) -> tuple[dict[int, tuple[float, str]], dict[int, str]]:
    scores, rejects = {}, {}
    for row in read_leads(path):
        if isinstance(row, Loaded):
            score = model.score(row.lead, as_of)
            scores[row.line] = (score.points, score.stage.value)
        else:
            rejects[row.line] = row.reason
    return scores, rejects


def _same(model: ScoringModel, path: Path, as_of: dt.datetime | None) -> int:
    result = score_file(model, path, as_of=as_of)
    scores, rejects = _python(model, path, as_of)
    got = {
        row["line"]: (row["points"], row["stage"]) for row in result.scores.iter_rows(named=True)
    }
    assert got == scores
    assert {reject.line: reject.reason for reject in result.rejects} == rejects
    assert result.scores["line"].to_list() == sorted(scores)
    return result.native


def test_generated_leads_and_junk_lines(tmp_path: Path) -> None:
    """Realistic leads mostly stay in DuckDB; every junk line is a reject with Python's reason."""
    path = tmp_path / "leads.jsonl"
    batch = list(datasets.generate_leads(150, seed=7))
    lines = [json.dumps(unstructure(lead), ensure_ascii=False) for lead in batch]
    lines[3:3] = ["", "   "]
    lines.extend(_JUNK)
    lines.append(lines[0])  # a duplicate id
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    native = _same(lq.starter_model(), path, None)
    assert native > 100


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    models(),
    st.lists(leads(), max_size=6),
    st.lists(st.sampled_from(_JUNK), max_size=3),
    st.none() | moments(),
)
def test_random_models_and_leads(
    tmp_path: Path,
    model: ScoringModel,
    batch: list[lq.Lead],
    junk: list[str],
    as_of: dt.datetime | None,
) -> None:
    """The reference property through the file reader (duplicate ids included)."""
    path = tmp_path / "random.jsonl"
    lines = [json.dumps(unstructure(lead)) for lead in batch] + junk
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _same(model, path, as_of)
