"""``leadqual score --format json`` rows: the fast row builder gives score_row's exact bytes."""

from __future__ import annotations

import datetime as dt
import io
import json

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import lead_strategies
import leadqual as lq
import strategies
from leadqual.cli._output import JsonText, json_row, score_row, write_json, write_lines
from leadqual.cli._score import EngineText, engine_record
from leadqual.engines import layout
from leadqual.engines._layout import (
    ENGAGEMENT,
    FIT,
    LEAD_ID,
    POINTS,
    STAGE,
    group_column,
    rule_column,
)

AS_OF = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def _bytes(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    write_json(rows, out)
    return out.getvalue()


def _text_bytes(scores: list[lq.Score], leads: list[lq.Lead], lang: str) -> str:
    # What score --format json writes now: JsonText's lines (one builder for every row).
    text = JsonText(lang)
    out = io.StringIO()
    write_lines((text(score, lead) for score, lead in zip(scores, leads, strict=True)), out)
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
    assert _text_bytes(scores, leads, lang) == _old_bytes(old)


@settings(max_examples=60, deadline=None)
@given(lead=lead_strategies.leads, lang=st.sampled_from(["en", "nl"]))
def test_json_row_equals_score_row_on_random_leads(lead: lq.Lead, lang: str) -> None:
    """Odd leads (any text, any properties) through the starter model: the same row."""
    score = lq.starter_model().score(lead, as_of=AS_OF)
    assert json_row(score, lead, lang) == score_row(score, lead, lang)
    assert _bytes([json_row(score, lead, lang)]) == _old_bytes([score_row(score, lead, lang)])
    assert _text_bytes([score], [lead], lang) == _old_bytes([score_row(score, lead, lang)])


def test_write_json_batches_keep_every_row_in_order() -> None:
    """More rows than one batch: every line, in order, as one json.dumps each wrote it."""
    rows: list[dict[str, object]] = [{"id": f"L-{k}", "naam": "é"} for k in range(600)]
    assert _bytes(rows) == _old_bytes(rows)
    assert _bytes([]) == ""


def test_json_text_keeps_odd_numbers_as_the_encoder_writes_them() -> None:
    """-0.0, NaN, infinities, ints and bools in a ledger: the encoder's own text for each."""
    from leadqual.cli._output import _DUMPS, _number  # noqa: PLC0415 - private helpers

    for value in (0, -0.0, 0.0, 2, 2.0, 1e300, float("nan"), float("inf"), -float("inf"), True):
        assert _number(value) == _DUMPS(value)


def test_json_text_follows_a_change_of_model() -> None:
    """One builder, two models with the same rule name and other labels: each its own."""
    lead = lq.Lead("L-1", events=(lq.Event("demo_requested", AS_OF),))
    text = JsonText("en")
    first = lq.starter_model()
    rules = tuple(
        attrs.evolve(rule, labels={"en": "asked for a demo"})
        if rule.name == "demo_requested"
        else rule
        for rule in first.rules
    )
    renamed = attrs.evolve(first, rules=rules)
    assert renamed.score(lead).rule_label("demo_requested") == "asked for a demo"
    for model in (first, renamed, first):
        score = model.score(lead, as_of=AS_OF)
        assert text(score, lead) + "\n" == _old_bytes([score_row(score, lead, "en")])


_ENGINE_NUMBERS = (
    st.integers(-(2**53), 2**53)
    | st.integers(-4096, 4096).map(lambda n: n / 1024)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, 0.0, -0.0, 1e16, 0.1])
)


@st.composite
def _engine_rows(draw: st.DrawFn) -> tuple[lq.ScoringModel, dict[str, object]]:
    model = draw(strategies.models())
    shape = layout(model.compile().plan, engine="python")
    row: dict[str, object] = {
        LEAD_ID: draw(st.text(min_size=1, max_size=8)),
        POINTS: draw(_ENGINE_NUMBERS),
        FIT: draw(_ENGINE_NUMBERS),
        ENGAGEMENT: draw(_ENGINE_NUMBERS),
        STAGE: draw(st.sampled_from([stage.value for stage in lq.Stage])),
    }
    for name in shape.plan.group_names():
        row[group_column(name)] = draw(_ENGINE_NUMBERS)
    for name in shape.rule_names:
        row[rule_column(name)] = draw(st.just(0) | _ENGINE_NUMBERS)
    return model, row


@settings(max_examples=80, deadline=None)
@given(_engine_rows(), st.sampled_from(["en", "nl"]))
def test_engine_text_equals_the_encoded_engine_record(
    drawn: tuple[lq.ScoringModel, dict[str, object]], lang: str
) -> None:
    """``score --engine X --format json`` lines: EngineText writes json.dumps's bytes."""
    model, row = drawn
    shape = layout(model.compile().plan, engine="python")
    groups, rules = shape.plan.group_names(), shape.rule_names
    labels = {rule.name: rule for rule in model.rules}
    record = engine_record(row, groups, rules, labels, lang)
    expected = json.dumps(record, ensure_ascii=False)
    assert EngineText(groups, rules, labels, lang)(row) == expected
    assert json.loads(expected)["reasons"] == record["reasons"]
