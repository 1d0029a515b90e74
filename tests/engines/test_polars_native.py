"""Reading JSON lines natively in polars gives exactly the Python path's rows and rejects."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadqual as lq
from lead_strategies import leads as any_leads
from leadqual._convert import unstructure
from leadqual.engines import score_file
from leadqual.scoring import Between, Contains, EventMatch, Known, OneOf, Rule, ScoringModel
from strategies import models

pl = pytest.importorskip("polars")
from leadqual.engines import _layout as lay  # noqa: E402
from leadqual.engines import polars as engine  # noqa: E402

WIDE = ScoringModel(
    [
        Rule("big", 10, when=Between("company.employees", min=50)),
        Rule("rich", 5, when=Between("company.annual_revenue", min=1e6)),
        Rule("nl", 3, when=OneOf("company.country", ["NL", "GB"])),
        Rule("site", 2, when=Contains("company.domain", "metaal")),
        Rule("stack", 2, when=OneOf("company.technologies", ["exact-online"])),
        Rule("visits", 4, when=Between("attributes.visits", min=3)),
        Rule("flag", 1, when=Known("attributes.flag")),
        Rule("titled", 1, when=Known("job_title")),
        Rule("me", 1, when=OneOf("id", ["L-1"])),
        Rule("free", -5, when=OneOf("email_domain", ["gmail.com"])),
        Rule("pricing", 15, event=EventMatch("page_view", Contains("url", "/pricing"))),
        Rule("many", 1, event=EventMatch("page_view", Between("n", min=2)), max_count=3),
        Rule("demo", 30, event=EventMatch("demo_requested"), within_days=30),
    ]
)

GOOD: dict[str, Any] = {
    "id": "L-1",
    "email": "anna@Vdberg-Metaal.nl",
    "job_title": "Inkoper",
    "created_at": "2026-11-01T08:00:00+01:00",
    "company": {
        "name": "Van den Berg",
        "domain": "vdberg-metaal.nl",
        "employees": 180,
        "annual_revenue": 2500000.5,
        "country": "nl",
        "technologies": ["exact-online", "sap"],
    },
    "events": [
        {"type": "page_view", "at": "2026-11-20T09:00:00Z", "properties": {"url": "/pricing"}},
        {"type": "page_view", "at": "2026-11-20T10:00:00.123+01:00", "properties": {"n": 3}},
        {"type": "demo_requested", "at": "2026-11-21T09:00:00.000001Z", "id": "E-1"},
    ],
    "attributes": {"visits": 4, "flag": True},
    "owner": "kim",
}


def _line(record: object) -> str:
    text = json.dumps(record, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate can only be written as an escape
        return json.dumps(record)
    return text


def _native(lines: list[str], model: ScoringModel = WIDE) -> list[bool]:
    shape = lay.layout(model.compile().plan, engine="polars")
    frame = pl.DataFrame({"line": list(range(1, len(lines) + 1)), "raw": lines})
    return list(engine.native_tables(shape, frame).native)


def _same(
    tmp_path: Path, lines: list[str], model: ScoringModel = WIDE, **options: Any
) -> list[Any]:
    path = tmp_path / "leads.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    python = list(score_file(model, path, engine="python", **options))
    polars = list(score_file(model, path, engine="polars", **options))
    assert polars == python
    return polars


def test_a_canonical_record_is_read_natively_and_scores_as_python(tmp_path: Path) -> None:
    """A record in canonical form is read by polars and scored as on the Python path."""
    assert _native([_line(GOOD)]) == [True]
    rows = _same(tmp_path, [_line(GOOD)], as_of="2026-11-22T00:00:00Z")
    assert rows[0].row["points"] > 0


def test_what_leadqual_writes_is_canonical(tmp_path: Path) -> None:
    """write_leads writes canonical form."""
    lead = lq.Lead.from_mapping(GOOD)
    path = tmp_path / "written.jsonl"
    lq.io.write_leads([lead], path)
    assert _native(path.read_text(encoding="utf-8").splitlines()) == [True]


def _variant(change: dict[str, Any]) -> str:
    record = json.loads(json.dumps(GOOD))
    for dotted, value in change.items():
        target = record
        *parts, last = dotted.split("/")
        for part in parts:
            target = target[int(part)] if isinstance(target, list) else target[part]
        index = int(last) if isinstance(target, list) else last
        if value is _DROP:
            del target[index]
        else:
            target[index] = value
    return _line(record)


_DROP = object()

# Each rule the native reader checks, with a record breaking it: every one goes to Python
# and gives Python's row or reject.
OFF: dict[str, dict[str, Any]] = {
    "unknown key": {"nickname": "x"},
    "null value": {"job_title": None},
    "text to strip": {"job_title": " Inkoper"},
    "blank text": {"job_title": "   "},
    "text not a string": {"job_title": 5},
    "id a number": {"id": 7},
    "id blank": {"id": " "},
    "escape in a string": {"job_title": "In\\koper"},
    "unicode escape": {"job_title": "\udc80x"},
    "too long": {"job_title": "x" * 1001},
    "naive created_at": {"created_at": "2026-11-01T08:00:00"},
    "no such day": {"created_at": "2026-02-30T08:00:00Z"},
    "hour 24": {"created_at": "2026-02-03T24:00:00Z"},
    "date only": {"created_at": "2026-02-03"},
    "event naive": {"events/0/at": "2026-11-20T09:00:00"},
    "event type blank": {"events/0/type": ""},
    "event unknown key": {"events/0/when": "now"},
    "event id number": {"events/2/id": 5},
    "same instant": {"events/1/at": "2026-11-20T09:00:00Z"},
    "nested property": {"events/0/properties": {"url": {"a": 1}}},
    "list property": {"events/0/properties": {"url": ["/pricing"]}},
    "property kinds differ": {"events/1/properties": {"url": 5}},
    "exponent": {"attributes": {"visits": 1e300}},
    "huge number": {"attributes": {"visits": 10**20}},
    "attribute list": {"attributes": {"visits": [1, 2]}},
    "employees float": {"company/employees": 180.0},
    "employees text": {"company/employees": "180"},
    "employees negative": {"company/employees": -1},
    "revenue negative": {"company/annual_revenue": -1.5},
    "country long": {"company/country": "NLD"},
    "country alias": {"company/country": "uk"},
    "domain www": {"company/domain": "www.vdberg-metaal.nl"},
    "domain url": {"company/domain": "https://vdberg-metaal.nl/"},
    "company unknown key": {"company/size": 3},
    "technology number": {"company/technologies": [1]},
    "email non-ASCII": {"email": "anna@bücher.de"},
    "email upper": {"email": "Anna@GMAIL.COM"},
    "answer null": {"answers": {"budget": None}},
    "answer list": {"answers": {"budget": ["x"]}},
    "attribute list of numbers": {"attributes": {"pains": ["x", 1]}},
    "minus zero": {"attributes": {"visits": 0, "flag": True}, "events/1/properties": {"n": 0}},
    "copies differ": {
        "events/1": {"type": "page_view", "at": "2026-11-20T09:00:00Z", "id": "E-1"},
        "events/0/id": "E-1",
    },
    "copies differ in offset": {
        "events/1": {"type": "page_view", "at": "2026-11-20T10:00:00+01:00", "id": "E-1"},
        "events/0": {"type": "page_view", "at": "2026-11-20T09:00:00Z", "id": "E-1"},
    },
    "stage": {"stage": "mql"},
    "events not a list": {"events": {"type": "x"}},
    "event dropped at": {"events/0/at": _DROP},
}


@pytest.mark.parametrize("name", sorted(OFF))
def test_each_rule_sends_the_record_to_python(tmp_path: Path, name: str) -> None:
    """A record breaking one rule gives the Python path's row or reject."""
    line = _variant(OFF[name])
    _same(tmp_path, [_line(GOOD | {"id": "L-0"}), line], as_of="2026-11-22T00:00:00Z")


@pytest.mark.parametrize(
    "name",
    [
        "unknown key",
        "null value",
        "text to strip",
        "naive created_at",
        "no such day",
        "hour 24",
        "nested property",
        "exponent",
        "employees float",
        "domain www",
        "email non-ASCII",
        "answer null",
        "escape in a string",
        "too long",
        "property kinds differ",
        "copies differ",
        "copies differ in offset",
        "attribute list of numbers",
    ],
)
def test_off_records_are_not_native(name: str) -> None:
    """Each vectorized check sends the record breaking it to the Python parser."""
    assert _native([_line(GOOD | {"id": "L-0"}), _variant(OFF[name])]) == [True, False]


def test_duplicate_keys_are_not_native(tmp_path: Path) -> None:
    """A key given twice (top level, attributes, properties) goes to Python, which rejects it."""
    line = _line(GOOD).replace('"visits": 4', '"visits": 4, "visits": 9')
    props = _line(GOOD).replace('"url": "/pricing"', '"url": "/pricing", "url": "/x"')
    top = _line(GOOD).replace('"job_title": "Inkoper"', '"job_title": "A", "job_title": "B"')
    assert _native([line, props, top]) == [False, False, False]
    _same(tmp_path, [line, props, top])


def test_duplicate_property_keys_behind_tricky_texts_are_not_native(tmp_path: Path) -> None:
    """Texts holding colons, commas and brackets do not hide a repeated property key."""
    tricky = '"url": ":", "k": [", ", ":", "]"], "url": "/x"'
    props = _line(GOOD).replace('"url": "/pricing"', tricky)
    assert _native([props]) == [False]
    _same(tmp_path, [props])


_TRICKY_TEXT = st.text(alphabet=":,[]{} ab", max_size=4).map(lambda text: f'"{text}"')


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            _TRICKY_TEXT,
            _TRICKY_TEXT
            | st.sampled_from(["1", "true", "null"])
            | st.lists(_TRICKY_TEXT).map(lambda items: "[" + ", ".join(items) + "]"),
        ),
        max_size=4,
    )
)
def test_keys_counts_at_least_every_key(pairs: list[tuple[str, str]]) -> None:
    """``_native.KEYS`` never counts fewer keys than a flat table has (it only pre-filters)."""
    from leadqual.engines import _native as nat  # noqa: PLC0415

    table = "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
    counted = pl.Series([table]).str.count_matches(nat.KEYS)[0]
    assert counted >= len(pairs), table


def test_identical_copies_answers_and_lists_are_native(tmp_path: Path) -> None:
    """Identical copies of an event id, answers and lists of texts are read natively."""
    copy = {"type": "page_view", "at": "2026-11-20T09:00:00Z", "properties": {"url": "/pricing"}}
    record = {key: value for key, value in GOOD.items() if key not in ("attributes", "owner")}
    record |= {
        "events": [copy | {"id": "E-1"}, copy | {"id": "E-1"}, copy, copy],
        "answers": {"budget": True, "need": 0.5, "timing": "q1"},
        "attributes": {"visits": 4, "pains": ["cost", "time"], "none": []},
        "owner": "kim",
    }
    model = ScoringModel(
        [
            *WIDE.rules,
            Rule("budget", 3, when=OneOf("answers.budget", [True])),
            Rule("pains", 2, when=OneOf("attributes.pains", ["time"])),
            Rule("none", 2, when=Known("attributes.none")),
        ]
    )
    assert _native([_line(record)], model) == [True]
    _same(tmp_path, [_line(record)], model=model, as_of="2026-11-22T00:00:00Z")


def test_tables_that_look_like_events_are_not_events(tmp_path: Path) -> None:
    """An attribute or answer table with type and at keys is no event."""
    fake = {"type": "demo_requested", "at": "2026-11-20T09:00:00Z"}
    head = {key: value for key, value in GOOD.items() if key not in ("attributes", "owner")}
    lines = [
        _line(head | {"id": "L-5", "answers": fake}),
        _line(head | {"id": "L-6", "attributes": fake}),
        _line({"id": "L-7", "attributes": fake | {"events": ["x"]}}),
        _line({"id": "L-8", "attributes": {"n": 0}}).replace('"n": 0', '"n": -0'),
        _line({"id": "L-9", "answers": fake}).replace('"answers": {"type"', '"answers":\t{ "type"'),
    ]
    rows = _same(tmp_path, lines, as_of="2026-11-22T00:00:00Z")
    assert [row.row["rule:demo"] for row in rows] == [30, 30, 0, 0, 0]
    assert _native(lines[-1:]) == [True]


def test_normalised_values_match_python(tmp_path: Path) -> None:
    """Country, alias and domain case are normalised natively as the Lead does."""
    # Lower-case country and UK alias, upper-case domain and e-mail domain: normalised natively.
    line = _variant({"company/country": "uk", "company/domain": "VDBERG-metaal.NL"})
    assert _native([line]) == [True]
    _same(tmp_path, [line, _variant({"id": "L-2", "email": "x@GMAIL.com"})])


def test_duplicate_ids_blank_lines_and_bad_json(tmp_path: Path) -> None:
    """Duplicate ids, blank lines and bad JSON: the Python path's rows and reasons."""
    lines = [_line(GOOD), "", "{not json", _line(GOOD), "[1]", "   ", _line(GOOD | {"id": 7})]
    rows = _same(tmp_path, lines)
    assert [type(row).__name__ for row in rows] == [
        "Scored",
        "Rejected",
        "Rejected",
        "Rejected",
        "Scored",
    ]
    _same(tmp_path, lines, allow_duplicate_ids=True)


def test_gzip_and_explicit_format(tmp_path: Path) -> None:
    """A .gz file and format='jsonl' on another suffix are read natively too."""
    path = tmp_path / "leads.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(_line(GOOD) + "\n" + _line(GOOD | {"id": "L-2"}) + "\n")
    assert list(score_file(WIDE, path, engine="polars")) == list(
        score_file(WIDE, path, engine="python")
    )
    other = tmp_path / "leads.txt"
    other.write_text(_line(GOOD) + "\n", encoding="utf-8")
    assert list(score_file(WIDE, other, engine="polars", format="jsonl")) == list(
        score_file(WIDE, other, engine="python", format="jsonl")
    )


def test_carriage_returns_and_bad_bytes_split_and_read_as_python_does(tmp_path: Path) -> None:
    """Lines end at a lone carriage return too; undecodable bytes reject only their line."""
    path = tmp_path / "leads.jsonl"
    good = _line(GOOD).encode("utf-8")
    other = _line(GOOD | {"id": "L-2"}).encode("utf-8")
    path.write_bytes(
        b"\xef\xbb\xbf" + good + b"\r\n" + b'{"id": "L-\xff"}\n' + other + b"\r\r" + good + b"\n"
    )
    rows = list(score_file(WIDE, path, engine="polars"))
    assert rows == list(score_file(WIDE, path, engine="python"))
    assert [row.line for row in rows] == [1, 2, 3, 5]


def test_a_sum_beyond_the_exact_range_is_rejected_as_python_does(tmp_path: Path) -> None:
    """A lead whose sums leave the exact range is rejected with Python's reason."""
    model = ScoringModel([Rule("big", 10**9, event=EventMatch("v"))])
    views = [
        {"type": "v", "at": f"2026-11-{1 + i // 60:02d}T00:{i % 60:02d}:00Z"} for i in range(1200)
    ]
    huge = _line({"id": "L-9", "events": views})
    assert _native([huge], model) == [True]
    rows = _same(tmp_path, [_line({"id": "L-1"}), huge, _line({"id": "L-2"})], model=model)
    assert [type(row).__name__ for row in rows] == ["Scored", "Rejected", "Scored"]


def _mangle(record: dict[str, Any], how: int) -> str:
    if how == 0:
        return _line(record)
    if how == 1:
        return _line({**record, "job_title": " spaced "})
    if how == 2:
        return _line({**record, "created_at": "2026-11-01T08:00:00"})
    if how == 3:
        return _line(record)[:-3]
    if how == 4:
        return _line({**record, "id": "dup"})
    return _line({**record, "attributes": {"visits": "many"}})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(any_leads, st.integers(0, 9)), max_size=8),
    st.sampled_from([WIDE, lq.starter_model()]) | models(),
)
def test_random_files_give_the_python_rows_and_rejects(
    tmp_path_factory: pytest.TempPathFactory,
    batch: list[tuple[lq.Lead, int]],
    model: ScoringModel,
) -> None:
    """Random files of good, slightly off and broken records: identical rows and rejects."""
    tmp_path = tmp_path_factory.mktemp("native")
    lines = [_mangle(unstructure(lead), how) for lead, how in batch]
    _same(tmp_path, lines, model=model, as_of="2026-11-22T00:00:00Z")


def test_an_unknown_time_zone_fails_as_on_the_python_path(tmp_path: Path) -> None:
    """Even when every record is canonical, a bad default_timezone is an error."""
    path = tmp_path / "leads.jsonl"
    path.write_text(_line(GOOD) + "\n", encoding="utf-8")
    for name in ("python", "polars"):
        with pytest.raises(lq.TimestampError, match="unknown time zone"):
            list(score_file(WIDE, path, engine=name, default_timezone="Mars/Base"))
    zoned = list(score_file(WIDE, path, engine="polars", default_timezone="Europe/Amsterdam"))
    assert zoned == list(
        score_file(WIDE, path, engine="python", default_timezone="Europe/Amsterdam")
    )


_QUARTER = st.integers(-40, 40).map(lambda n: n / 4)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUARTER, _QUARTER, st.none() | _QUARTER, st.none() | _QUARTER)
def test_numbers_compare_whole(
    tmp_path_factory: pytest.TempPathFactory,
    value: float,
    other: float,
    low: float | None,
    high: float | None,
) -> None:
    """A number with a fraction is compared whole, in an attribute and in a property.

    (A reader that stopped at the point once read 1.5 as 1.)
    """
    if low is not None and high is not None:
        low, high = min(low, high), max(low, high)
    model = ScoringModel(
        [
            Rule("attribute", 4, when=Between("attributes.visits", min=low, max=high)),
            Rule("property", 3, event=EventMatch("page_view", Between("n", min=low, max=high))),
        ]
        if low is not None or high is not None
        else [Rule("known", 1, when=Known("attributes.visits"))]
    )
    record = {
        "id": "L-1",
        "events": [{"type": "page_view", "at": "2026-11-20T09:00:00Z", "properties": {"n": other}}],
        "attributes": {"visits": value},
    }
    line = _line(record)
    assert _native([line], model) == [True]
    _same(tmp_path_factory.mktemp("numbers"), [line], model=model, as_of="2026-11-22T00:00:00Z")
