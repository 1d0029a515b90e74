"""score_frame over pandas and polars frames, and score_file over files of leads."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import leadqual as lq
from leadqual.engines import Scored, score_file, score_frame, score_leads
from leadqual.exceptions import LeadError, UnsupportedByEngineError
from leadqual.io import Rejected
from leadqual.scoring import Equals, EventMatch, Known, Rule, ScoringModel

pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")

AT = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
LEADS = {
    "lead_id": ["L-1", "L-2", "L-3"],
    "job_title": ["Student", None, "  CEO  "],
    "email": ["kim@gmail.com", "a@acme.nl", None],
    "company.employees": [None, 180, 12],
    "attributes.budget": [None, 5000, None],
}
EVENTS = {
    "lead_id": ["L-2", "L-2", "L-3", "L-2"],
    "type": ["demo_requested", "page_view", "page_view", "page_view"],
    "at": [AT, AT, AT + dt.timedelta(hours=1), AT - dt.timedelta(days=1)],
    "event_id": [None, "e1", None, "e1"],
    "properties.url": [None, "/pricing", "https://acme.nl/blog/x", "/blog/y"],
}


def _expected(model: ScoringModel) -> list[dict[str, object]]:
    leads = [
        lq.Lead("L-1", job_title="Student", email="kim@gmail.com"),
        lq.Lead(
            "L-2",
            email="a@acme.nl",
            company=lq.Company(employees=180),
            attributes={"budget": 5000},
            events=(
                lq.Event("demo_requested", AT),
                lq.Event("page_view", AT, {"url": "/pricing"}, id="e1"),
                lq.Event("page_view", AT - dt.timedelta(days=1), {"url": "/blog/y"}, id="e1"),
            ),
        ),
        lq.Lead(
            "L-3",
            job_title="CEO",
            company=lq.Company(employees=12),
            events=(
                lq.Event(
                    "page_view", AT + dt.timedelta(hours=1), {"url": "https://acme.nl/blog/x"}
                ),
            ),
        ),
    ]
    return score_leads(model, leads)


@pytest.mark.parametrize("engine", ["python", "polars"])
@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_frames_with_a_long_events_table(engine: str, library: str) -> None:
    """Both libraries, both engines: the rows the Python path gives for the same leads."""
    model = lq.starter_model()
    lib = pd if library == "pandas" else pl
    out = score_frame(model, lib.DataFrame(LEADS), lib.DataFrame(EVENTS), engine=engine)
    assert type(out).__module__.split(".")[0] == library
    rows = out.to_dict("records") if library == "pandas" else out.to_dicts()
    assert rows == _expected(model)
    assert [row["points"] for row in rows] == [-30, 25 + 2, 2]  # e1 counts once: its earliest copy


def test_an_events_list_column() -> None:
    """Events may come as a list of structs on the lead's own row."""
    view = {"type": "page_view", "at": AT, "id": None, "properties": {"url": "/pricing"}}
    frame = pl.DataFrame({"id": ["L-1"], "events": [[view]]})
    for engine in ("python", "polars"):
        out = score_frame(lq.starter_model(), frame, engine=engine)
        assert out.select("points", "rule:pricing_page").row(0) == (15.0, 15.0)


def test_verdict_columns_on_the_python_engine() -> None:
    """A Qualifier adds decision, grade and the top reasons (in the chosen language)."""
    qualifier = lq.Qualifier(model=lq.starter_model())
    frame = pd.DataFrame(LEADS)
    out = score_frame(qualifier, frame, pd.DataFrame(EVENTS), lang="nl", reasons=2)
    leads = [
        lq.Lead("L-1", job_title="Student", email="kim@gmail.com"),
    ]
    verdict = qualifier.qualify(leads[0])
    assert out.loc[0, "decision"] == verdict.decision.value
    assert list(out.loc[0, "reasons"]) == verdict.reasons("nl")[:2]
    with pytest.raises(UnsupportedByEngineError, match="python engine only"):
        score_frame(qualifier, frame, engine="polars")


def test_bad_rows_and_orphan_events_are_named() -> None:
    """A bad cell names its row and lead; an event for no lead is never dropped."""
    bad = pl.DataFrame({"id": ["L-1", "L-2"], "company.employees": [3, -5]})
    with pytest.raises(
        LeadError, match=r"^row 1 \(lead 'L-2'\): company.employees: expected a number"
    ):
        score_frame(lq.starter_model(), bad)
    orphans = pl.DataFrame({"lead_id": ["L-9"], "type": ["demo_requested"], "at": [AT]})
    with pytest.raises(LeadError, match="lead_id 'L-9' matches no row"):
        score_frame(lq.starter_model(), pl.DataFrame({"id": ["L-1"]}), orphans)
    twice = pl.DataFrame({"id": ["L-1", "L-1"]})
    demo = pl.DataFrame({"lead_id": ["L-1"], "type": ["demo_requested"], "at": [AT]})
    with pytest.raises(LeadError, match="lead ids must be unique"):
        score_frame(lq.starter_model(), twice, demo)


def _write(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_score_file_yields_a_row_per_record_on_every_engine(tmp_path: Path) -> None:
    """Rejects stay in place; a lead the polars layout cannot hold is scored in Python."""
    model = ScoringModel([
        Rule("budget", 5, when=Known("attributes.budget")),
        Rule("approved", 7, when=Equals("attributes.budget", "approved")),
        Rule("demo", 25, event=EventMatch("demo_requested")),
    ])  # fmt: skip
    records: list[object] = [
        {"id": "L-1", "attributes": {"budget": 5000}},
        {"id": "L-2", "created_at": "2026-11-18"},  # naive: rejected by the reader
        {"id": "L-3", "attributes": {"budget": "approved"},  # text after a number
         "events": [{"type": "demo_requested", "at": "2026-11-20T09:00:00+01:00"}]},
        {"id": "L-4", "attributes": {"budget": {"eur": 1}}},  # a table fits no column
    ]  # fmt: skip
    path = _write(tmp_path / "leads.jsonl", records)
    results = {}
    for engine in ("python", "polars"):
        rows = list(score_file(model, path, engine=engine, chunk_size=2))
        assert [type(row) for row in rows] == [Scored, Rejected, Scored, Scored]
        assert [row.line for row in rows] == [1, 2, 3, 4]
        results[engine] = [row.row if isinstance(row, Scored) else str(row) for row in rows]
    assert results["polars"] == results["python"]
    assert [row["points"] for row in results["python"] if isinstance(row, dict)] == [5, 37, 5]


def test_score_file_rejects_a_lead_whose_sums_cannot_stay_exact(tmp_path: Path) -> None:
    """The polars engine refuses a chunk's huge lead as the Python path does: that row only."""
    model = ScoringModel([Rule("big", 10**9, event=EventMatch("v"))])
    huge = {"id": "L-2", "events": [{"type": "v", "at": "2026-11-20T09:00:00Z"}] * 1200}
    path = _write(tmp_path / "leads.jsonl", [{"id": "L-1"}, huge, {"id": "L-3"}])
    for engine in ("python", "polars"):
        rows = list(score_file(model, path, engine=engine))
        assert [type(row) for row in rows] == [Scored, Rejected, Scored]
        assert "cannot be kept exact" in rows[1].reason
