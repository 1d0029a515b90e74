"""The ledger's phrases, made cheaper, read exactly as before (``score --format json`` bytes).

:meth:`Evidence.describe` and :func:`format_datetime` run once per ledger entry of every
scored row, so they skip work the plain case does not need; these tests hold them to the
straightforward versions they replaced, on any event and any moment.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

import lead_strategies
from leadqual._lang import MONTHS, language
from leadqual._lang import format_datetime as fast_format_datetime
from leadqual.lead import Event
from leadqual.scoring import Evidence
from leadqual.scoring._score import _EVENT_TYPES_NL, _SHOWN, _value

_SOME_KEYS = st.sampled_from(sorted(_SHOWN)) | st.text(max_size=4)


def format_datetime(
    moment: dt.datetime, lang: str = "en", *, year: bool = False, time: bool = True
) -> str:
    """format_datetime as it was: strftime every time."""
    if language(lang) == "en":
        return f"{moment:%Y-%m-%d %H:%M}" if time else f"{moment:%Y-%m-%d}"
    day = f"{moment.day} {MONTHS['nl'][moment.month - 1]}"
    if year:
        day += f" {moment.year}"
    return f"{day}, {moment:%H:%M} uur" if time else day


def describe(event: Event, lang: str) -> str:
    """Evidence(event).describe as it was."""
    nl = language(lang) == "nl"
    detail = " ".join(
        _value(key, value, lang) for key, value in sorted(event.properties.items()) if key in _SHOWN
    )
    when = format_datetime(event.at, lang)
    kind = _EVENT_TYPES_NL.get(event.type, event.type) if nl else event.type
    word = "op" if nl else "at"
    return " ".join(part for part in (kind, detail, word, when) if part)


_moments = st.datetimes(timezones=st.none() | st.timezones()) | lead_strategies.timestamps


@settings(max_examples=300, deadline=None)
@given(_moments, st.sampled_from(["en", "nl", "de"]), st.booleans(), st.booleans())
def test_format_datetime_is_strftime_text(
    moment: dt.datetime, lang: str, year: bool, time: bool
) -> None:
    """Any moment (years 1 to 9999, naive or aware), any language: the same text."""
    expected = format_datetime(moment, lang, year=year, time=time)
    assert fast_format_datetime(moment, lang, year=year, time=time) == expected


@settings(max_examples=200, deadline=None)
@given(
    lead_strategies.events,
    st.dictionaries(_SOME_KEYS, lead_strategies.json_values, max_size=4),
    st.sampled_from(["en", "nl", "de"]),
)
def test_event_evidence_reads_as_before(
    event: Event, properties: dict[str, object], lang: str
) -> None:
    """Any event, with the shown properties (url, topic, content type…) or others."""
    shown = Event(event.type, event.at, properties=properties, id=event.id)
    for candidate in (event, shown):
        assert Evidence(candidate).describe(lang) == describe(candidate, lang)
