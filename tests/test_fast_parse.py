"""The fast way in (``leadqual._fast_lead``) gives what the full path gives, or steps aside.

The full path (cattrs, every converter and validator) is the definition: for any input,
the fast path either returns ``None`` or a lead equal to the full path's in value *and*
in every type (an ``int`` is not a ``float``, a ``FrozenDict`` is not a ``dict``), and
``Lead.from_mapping`` / ``read_leads`` give the full path's lead or its exact error.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import leadqual as lq
from lead_strategies import leads
from leadqual._convert import _converter_for, _plain, _structure, unstructure
from leadqual._core.text import encodable
from leadqual._fast_lead import fast_lead, fast_lead_line
from leadqual._time import resolve_timezone
from leadqual.io._leads import _DECODER
from leadqual.lead import MAX_DEPTH, MAX_TEXT, FrozenDict, FrozenList, Lead

AMSTERDAM = resolve_timezone("Europe/Amsterdam")


def slow(obj: object, zone: dt.tzinfo | None = None) -> Lead:
    """The full path alone, as ``Lead.from_mapping`` was before the fast path."""
    if not isinstance(obj, dict):
        msg = "not a table"
        raise lq.LeadError(msg)
    return _structure(_plain(obj), Lead, _converter_for(zone), lq.LeadError, "lead")


def shape(value: object) -> Any:
    """Value and type of everything inside, so that 180 and 180.0 differ."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))  # type: ignore[arg-type]
        return (type(value), tuple(shape(getattr(value, f.name)) for f in fields))
    if isinstance(value, dict):
        return (type(value), tuple((type(k), k, shape(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value), tuple(shape(item) for item in value))
    if isinstance(value, dt.datetime):
        return (type(value), value, value.isoformat(), type(value.tzinfo))
    return (type(value), value)


def from_mapping(obj: Any, zone: dt.tzinfo | None = None) -> Lead:
    """The public way in, with a zone."""
    return Lead.from_mapping(obj, default_timezone=zone)


def outcome(build: Any, *args: object) -> Any:
    """``("lead", shape)`` or ``("error", class, message, errors)``."""
    try:
        return ("lead", shape(build(*args)))
    except lq.LeadqualError as exc:
        return ("error", type(exc), str(exc), exc.errors)


# --- random input, valid and not -----------------------------------------------------------

_odd_text = st.sampled_from(
    ["", " ", "  x  ", "\udc80", "é", "www.Example.NL/x", "nl", "NL", "UK"]
) | st.builds(lambda: "x" * (MAX_TEXT + 1))
_texts = st.one_of(st.text(max_size=8), _odd_text)
_stamps = st.one_of(
    st.sampled_from(
        [
            "2026-11-20T09:12:00+01:00",
            "2026-11-20T08:12:00Z",
            " 2026-11-20T09:12:00+01:00 ",
            "2026-11-20T09:12:00",
            "2026-03-29T02:30:00",
            "2026-11-20",
            "2026-11-20T09:12:00+01:00:00.5",
            "not a time",
        ]
    ),
    st.datetimes(timezones=st.just(dt.UTC)).map(dt.datetime.isoformat),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.sampled_from([-1, 180.0, 180.5, float("nan"), float("inf")]),
    st.builds(lambda: 10**4300),
    st.floats(allow_nan=False, width=32),
    _texts,
    _stamps,
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.one_of(st.text(max_size=5), _odd_text), inner, max_size=3)
    ),
    max_leaves=6,
)
_events = st.lists(
    st.fixed_dictionaries(
        {"type": st.one_of(st.sampled_from(["page_view", "demo_requested"]), _texts)},
        optional={
            "at": _stamps | _scalars,
            "properties": st.none()
            | st.dictionaries(st.sampled_from(["url", "x", "é"]), _values, max_size=2)
            | _scalars,
            "id": st.none() | _texts | st.integers(0, 99),
            "oops": _scalars,
        },
    )
    | _scalars,
    max_size=4,
)
_companies = st.fixed_dictionaries(
    {},
    optional={
        "name": _texts | _scalars,
        "domain": _texts | _scalars,
        "employees": _scalars,
        "annual_revenue": _scalars,
        "country": _texts | _scalars,
        "technologies": st.lists(_texts | _scalars, max_size=2) | _scalars,
        "account_id": _texts | _scalars,
        "colour": _scalars,
    },
)
raw_leads = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["L-1", " L-2 ", "", 7, True, None]) | _texts,
        "email": _texts | _scalars,
        "job_title": _texts | _scalars,
        "created_at": _stamps | _scalars,
        "company": _companies | _scalars,
        "events": _events | _scalars,
        "answers": st.dictionaries(_texts, _scalars, max_size=2) | _scalars,
        "attributes": st.dictionaries(_texts, _values, max_size=2) | _scalars,
        "stage": st.sampled_from(["mql", "MQL", " sql", "nope"]) | _scalars,
        "stage_history": st.sampled_from([[], [{"stage": "mql", "at": "2026-01-01T00:00Z"}]]),
        "outcome": st.none() | st.just({"status": "won"}),
        "unknown": _scalars,
    },
)
_zones = st.sampled_from([None, dt.UTC, AMSTERDAM])
_slow_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_slow_settings
@given(raw_leads, _zones)
def test_fast_path_agrees_with_the_full_path_on_any_data(obj: dict[str, Any], zone: Any) -> None:
    """Random data, mostly wrong somewhere: the same lead or the same error."""
    fast = fast_lead(obj, zone)
    expected = outcome(slow, obj, zone)
    if fast is not None:
        assert expected == ("lead", shape(fast))
    # The public way in gives exactly the full path's lead or error, whichever way it went.
    assert outcome(from_mapping, obj, zone) == expected


@_slow_settings
@given(leads, _zones)
def test_fast_path_builds_every_valid_lead_as_the_full_path_does(lead: Lead, zone: Any) -> None:
    """Valid leads written out: built fast, equal to the original in every type."""
    obj = unstructure(lead)
    built = fast_lead(obj, zone)
    assert outcome(slow, obj, zone) == outcome(from_mapping, obj, zone)
    if built is not None:
        assert shape(built) == shape(slow(obj, zone)) == shape(lead)


def _texts_of(obj: dict[str, Any], data: st.DataObject) -> str:
    try:
        text = json.dumps(obj, ensure_ascii=data.draw(st.booleans()))
    except ValueError:  # an integer of more digits than Python writes
        reject()
    if data.draw(st.booleans()):
        # Whitespace where JSON allows it, and a key written twice.
        text = text.replace('": ', data.draw(st.sampled_from(['" : ', '":', '"\t:'])))
    if data.draw(st.booleans()) and text.startswith("{") and len(text) > 2:
        key = data.draw(st.sampled_from(["id", "email", "type", "url"]))
        text = f'{{"{key}": "first", ' + text[1:]
    return text


@_slow_settings
@given(raw_leads | leads.map(unstructure), _zones, st.data())
def test_fast_line_agrees_with_the_strict_decoder(
    obj: dict[str, Any],
    zone: Any,
    data: st.DataObject,
) -> None:
    """Lines with odd whitespace, escapes and repeated keys: the strict decoder decides."""
    text = _texts_of(obj, data)
    fast = fast_lead_line(text, zone)
    try:
        decoded = _DECODER.decode(text)
    except ValueError:
        assert fast is None  # a key written twice: only the full path may say so
        return
    expected = outcome(slow, decoded, zone)
    if fast is not None:
        assert expected == ("lead", shape(fast))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return  # read_leads refuses the line's raw text before parsing it
    # read_leads (fast first) says what the full path says, row for row.
    rows = list(lq.io.read_leads(io.StringIO(text + "\n"), format="jsonl", default_timezone=zone))
    [row] = rows
    if expected[0] == "lead":
        assert isinstance(row, lq.io.Loaded)
        assert shape(row.lead) == expected[1]
    else:
        assert isinstance(row, lq.io.Rejected)
        assert row.reason == "; ".join(expected[3])


def test_a_repeated_key_is_still_refused_with_its_message() -> None:
    """A key written twice rejects the row as before."""
    text = '{"id": "L-1", "events": [{"type": "x", "type": "y", "at": "2026-01-01T00:00Z"}]}\n'
    [row] = lq.io.read_leads(io.StringIO(text), format="jsonl")
    assert isinstance(row, lq.io.Rejected)
    assert row.reason == "invalid JSON: duplicate key 'type' in one object"


def test_the_usual_line_takes_the_fast_path() -> None:
    """A typical line is built fast, not by falling back."""
    # Not a timing: proof that typical data does not fall back, so the speed is real.
    text = (
        '{"id": "L-1", "email": "a@b.nl", "created_at": "2026-11-18T08:00:00+01:00", '
        '"company": {"name": "Acme", "domain": "acme.nl", "employees": 180, "country": "NL"}, '
        '"events": [{"type": "page_view", "at": "2026-11-20T09:12:00+01:00", '
        '"properties": {"url": "/pricing"}, "id": "E-1"}, '
        '{"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}], '
        '"answers": {"budget": "approved"}, "attributes": {"pains": ["planning"]}}'
    )
    lead = fast_lead_line(text)
    assert lead is not None
    assert shape(lead) == shape(slow(_DECODER.decode(text)))
    assert isinstance(lead.attributes["pains"], FrozenList)
    assert isinstance(lead.events[0].properties, FrozenDict)


def test_deep_nesting_steps_aside() -> None:
    """Too deep for a lead: the fast path steps aside, the full path names it."""
    deep: Any = "x"
    for _ in range(MAX_DEPTH + 1):
        deep = [deep]
    obj = {"id": "L-1", "attributes": {"a": deep}}
    assert fast_lead(obj) is None
    with pytest.raises(lq.LeadError, match="nested more than 64 levels deep"):
        Lead.from_mapping(obj)


# --- numpy scalars -------------------------------------------------------------------------


def test_numpy_scalars_become_plain_values() -> None:
    """A pandas row's numpy values give the lead plain values give."""
    np = pytest.importorskip("numpy")
    lead = Lead.from_mapping(
        {
            "id": np.str_("L-1"),
            "company": {"employees": np.int64(180), "annual_revenue": np.float64(2.5e6)},
            "answers": {"budget": np.bool_(1), "level": np.float32(0.5)},
            "attributes": {"visits": [np.int32(3), np.str_("x")]},
            "events": [{"type": np.str_("page_view"), "at": "2026-11-20T09:12:00+01:00"}],
        }
    )
    assert shape(lead) == shape(
        Lead.from_mapping(
            {
                "id": "L-1",
                "company": {"employees": 180, "annual_revenue": 2.5e6},
                "answers": {"budget": True, "level": 0.5},
                "attributes": {"visits": [3, "x"]},
                "events": [{"type": "page_view", "at": "2026-11-20T09:12:00+01:00"}],
            }
        )
    )


def test_numpy_values_still_get_the_usual_errors() -> None:
    """A numpy value is checked like the plain value it holds."""
    np = pytest.importorskip("numpy")
    with pytest.raises(lq.LeadError, match=r"company\.employees: expected a number of at least 0"):
        Lead.from_mapping({"id": "L-1", "company": {"employees": np.int64(-3)}})


def test_core_never_imports_numpy() -> None:
    """Reading leads does not import numpy."""
    code = (
        "import sys, io, leadqual as lq\n"
        "lq.Lead.from_mapping({'id': 'L-1', 'company': {'employees': 3}})\n"
        "list(lq.io.read_leads(io.StringIO('{\"id\": \"L-2\"}\\n'), format='jsonl'))\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def _objects(value: Any) -> list[dict[str, Any]]:
    """Every JSON object inside ``value`` (itself first, when it is one)."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(_objects(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_objects(item))
    return found


_DUPLICATE = "\udc80dup\udc80"


def _unescaped(value: Any) -> Any:
    """``value`` with every character JSON would escape left out of its text."""
    if isinstance(value, str):
        if value == _DUPLICATE:
            return value
        return "".join(c for c in value if c not in '"\\' and c >= " " and encodable(c))
    if isinstance(value, dict):
        return {_unescaped(key): _unescaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unescaped(item) for item in value]
    return value


@_slow_settings
@given(leads.map(unstructure), st.data())
def test_a_key_written_twice_anywhere_is_refused_without_escapes(
    obj: dict[str, Any], data: st.DataObject
) -> None:
    """A key written twice at any depth, with or without spaces: refused with its message."""
    tables = [table for table in _objects(obj) if table]
    table = data.draw(st.sampled_from(tables))
    written = data.draw(st.sampled_from(sorted(table)))
    table[_DUPLICATE] = data.draw(st.sampled_from([None, 1, "x", [], {}, {"a": "b"}, ["c"]]))
    text = json.dumps(_unescaped(obj), ensure_ascii=False)
    marker = json.dumps(_DUPLICATE, ensure_ascii=False)
    key = _unescaped(written)
    text = text.replace(marker, json.dumps(key, ensure_ascii=False))
    if data.draw(st.booleans()):
        text = text.replace('": ', data.draw(st.sampled_from(['" : ', '":', '"\t:'])))
    assert fast_lead_line(text) is None
    [row] = lq.io.read_leads(io.StringIO(text + "\n"), format="jsonl")
    assert isinstance(row, lq.io.Rejected)
    assert row.reason == f"invalid JSON: duplicate key {key!r} in one object"


def test_plain_text_and_escaped_text_build_the_same_lead() -> None:
    """The same lead, with and without a JSON escape in it: built alike, fast both times."""
    plain = (
        '{"id": "L-1", "company": {"name": "Acme", "technologies": ["sap", "x"]}, '
        '"events": [{"type": "page_view", "at": "2026-11-20T09:12:00+01:00", '
        '"properties": {"url": "/pricing", "n": [1, {"a": "b"}]}, "id": 7}], '
        '"attributes": {"pains": ["planning"], "t": {"u": "v"}}}'
    )
    escaped = plain.replace('"/pricing"', '"\\/pricing"')
    fast, slow_lead = fast_lead_line(plain), fast_lead_line(escaped)
    assert fast is not None
    assert slow_lead is not None
    assert shape(fast) == shape(slow_lead) == shape(slow(_DECODER.decode(plain)))
