"""``leadqual score --format json`` rows: the fast row builder gives score_row's exact bytes."""

from __future__ import annotations

import datetime as dt
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

import lead_strategies
import leadqual as lq
import strategies
from leadqual.cli._output import json_row, score_row, write_json

AS_OF = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def _bytes(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    write_json(rows, out)
    return out.getvalue()


def _old_bytes(rows: list[dict[str, object]]) -> str:
    # How write_json wrote rows before: one json.dumps per row.
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


@settings(max_examples=60, deadline=None)
@given(
    model=strategies.models(),
    leads=st.lists(strategies.leads(), max_size=4),
    lang=st.sampled_from(["en", "nl"]),
)
def test_json_row_equals_score_row_on_random_models(
    model: lq.ScoringModel, leads: list[lq.Lead], lang: str
) -> None:
    """Any model, any leads, both languages: the same row and the same bytes."""
    scores = [model.score(lead, as_of=AS_OF) for lead in leads]
    old = [score_row(score, lead, lang) for score, lead in zip(scores, leads, strict=True)]
    new = [json_row(score, lead, lang) for score, lead in zip(scores, leads, strict=True)]
    assert new == old
    assert _bytes(new) == _old_bytes(old)


@settings(max_examples=60, deadline=None)
@given(lead=lead_strategies.leads, lang=st.sampled_from(["en", "nl"]))
def test_json_row_equals_score_row_on_random_leads(lead: lq.Lead, lang: str) -> None:
    """Odd leads (any text, any properties) through the starter model: the same row."""
    score = lq.starter_model().score(lead, as_of=AS_OF)
    assert json_row(score, lead, lang) == score_row(score, lead, lang)
    assert _bytes([json_row(score, lead, lang)]) == _old_bytes([score_row(score, lead, lang)])


def test_write_json_batches_keep_every_row_in_order() -> None:
    """More rows than one batch: every line, in order, as one json.dumps each wrote it."""
    rows: list[dict[str, object]] = [{"id": f"L-{k}", "naam": "é"} for k in range(600)]
    assert _bytes(rows) == _old_bytes(rows)
    assert _bytes([]) == ""
