"""The DuckDB engine against the Python path: the same points, groups and stage, exactly."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadqual as lq
from leadqual.engines.duckdb import score_leads
from leadqual.exceptions import UnsupportedByEngineError
from leadqual.scoring import CustomRule, EventMatch, Glob, Rule, ScoringModel, Thresholds
from strategies import BASE, leads, models, moments

pytest.importorskip("duckdb")


def _same_as_python(model: ScoringModel, batch: list[lq.Lead], as_of: dt.datetime | None) -> None:
    out = score_leads(model, batch, as_of=as_of)
    assert out["lead_id"].to_list() == [lead.id for lead in batch]
    for row, lead in zip(out.iter_rows(named=True), batch, strict=True):
        want = model.score(lead, as_of=as_of)
        assert row["points"] == want.points, lead.id
        assert row["stage"] == want.stage.value, lead.id
        for name, value in want.groups.items():
            assert row[f"group:{name}"] == value, (lead.id, name)
        assert row["fit"] == want.fit
        assert row["engagement"] == want.engagement


def _unique(batch: list[lq.Lead]) -> list[lq.Lead]:
    return [attrs.evolve(lead, id=f"{lead.id}#{k}") for k, lead in enumerate(batch)]


@given(models(), st.lists(leads(), max_size=6), st.none() | moments())
def test_random_models_score_as_in_python(
    model: ScoringModel, batch: list[lq.Lead], as_of: dt.datetime | None
) -> None:
    """The reference property: random models and leads score as on the Python path."""
    _same_as_python(model, _unique(batch), as_of)


def test_starter_model_on_realistic_leads() -> None:
    """Absolute URLs, duplicate event ids, case and free-mail domains."""
    model = lq.starter_model()
    at = BASE
    batch = [
        lq.Lead(
            "L-1",
            job_title="Student",
            email="kim@gmail.com",
            events=(
                lq.Event("page_view", at, {"url": "https://acme.nl/pricing?plan=pro"}),
                lq.Event("page_view", at, {"url": "/blog/why"}),
                lq.Event("demo_requested", at, id="d1"),
                lq.Event("demo_requested", at + dt.timedelta(days=1), id="d1"),
                lq.Event("content_download", at, {"content_type": "Case_Study"}),
            ),
        ),
        lq.Lead("L-2", job_title="STRAẞE student", email="a@acme.nl"),
        lq.Lead("L-3"),
    ]
    _same_as_python(model, batch, None)


def test_text_outside_ascii_folds_as_python_casefold() -> None:
    """``"ß".lower()`` is ``"ß"`` but ``"ß".casefold()`` is ``"ss"``: LOWER alone misses it."""
    model = ScoringModel(
        (Rule("street", 10, event=EventMatch("page_view", Glob("url", "*strasse*"))),),
        thresholds=Thresholds(sql=10),
    )
    lead = lq.Lead("L-1", events=(lq.Event("page_view", BASE, {"url": "https://x.de/STRAßE"}),))
    out = score_leads(model, [lead])
    assert out["points"].to_list() == [10] == [model.score(lead).points]


def test_a_python_rule_is_refused_by_name() -> None:
    """A Python rule cannot run in SQL: the error names it, nothing is computed."""
    model = ScoringModel(
        (CustomRule("by_hand", lambda _lead, _as_of: 3),), thresholds=Thresholds(sql=10)
    )
    with pytest.raises(UnsupportedByEngineError, match="by_hand"):
        score_leads(model, [lq.Lead("L-1")])
