"""Hypothesis strategies for leads, companies and events, shared by the tests.

Import as ``from lead_strategies import leads`` (``conftest.py`` puts this folder on
``sys.path``). Hypothesis is a test dependency, not a core one, so these strategies
live with the tests rather than in the package.

The values are the ones a lead can hold after its own normalisation (stripped text,
lower-case domains, upper-case countries), so that write-then-read can be compared with
``==``. Timestamps use fixed UTC offsets: a ``ZoneInfo`` time inside a DST fold never
compares equal across zones (PEP 495), which would make a correct round trip look wrong.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from leadqual.lead import Answer, Company, Event, JSONValue, Lead

__all__ = ["answers", "companies", "events", "json_values", "leads", "timestamps"]

_text = st.text(max_size=20)
_ident = st.text(min_size=1, max_size=12).filter(str.strip)
_keys = st.text(max_size=10)
_finite = st.floats(allow_nan=False, allow_infinity=False)

timestamps = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),  # noqa: DTZ001 - hypothesis bounds are naive by design
    max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.builds(
        dt.timezone, st.integers(-12 * 60, 14 * 60).map(lambda m: dt.timedelta(minutes=m))
    ),
)
"""Aware datetimes with whole-minute fixed offsets."""

json_values: st.SearchStrategy[JSONValue] = st.recursive(
    st.none() | st.booleans() | st.integers() | _finite | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=8,
)
"""Plain JSON values: what event properties and lead attributes hold."""

answers: st.SearchStrategy[Answer] = st.booleans() | st.floats(0, 1) | _text
"""Framework answers: yes/no, a level from 0 to 1, or an option name."""

events = st.builds(
    Event,
    type=_ident,
    at=timestamps,
    properties=st.dictionaries(_keys, json_values, max_size=3),
    id=st.none() | _ident,
)
"""Events with any JSON properties, with and without ids."""

companies = st.builds(
    Company,
    name=st.none() | _text,
    domain=st.none() | st.from_regex(r"[a-z][a-z0-9-]{0,12}\.(nl|be|com)", fullmatch=True),
    employees=st.none() | st.integers(0, 10**7),
    annual_revenue=st.none() | st.integers(0, 10**12) | st.floats(0, 1e12),
    industry=st.none() | _text,
    industry_code=st.none() | st.from_regex(r"[0-9]{2}\.[0-9]{2}", fullmatch=True),
    country=st.none() | st.sampled_from(["NL", "BE", "DE", "GB", "FR", "US"]),
    technologies=st.lists(_ident, max_size=3).map(tuple),
    account_id=st.none() | _ident,
)
"""Companies, any field possibly unknown."""

leads = st.builds(
    Lead,
    id=_ident,
    email=st.none() | st.emails(),
    first_name=st.none() | _text,
    last_name=st.none() | _text,
    job_title=st.none() | _text,
    phone=st.none() | _text,
    source=st.none() | st.sampled_from(["webinar", "organic", "referral"]),
    created_at=st.none() | timestamps,
    company=companies,
    events=st.lists(events, max_size=4).map(tuple),
    answers=st.dictionaries(_keys, answers, max_size=4),
    attributes=st.dictionaries(_keys, json_values, max_size=3),
)
"""Leads with every kind of field, unknowns included."""
