"""Hypothesis strategies for leads, events and scoring models, shared by the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from leadqual.lead import Company, Event, Lead
from leadqual.scoring import (
    AllOf,
    AnyOf,
    Between,
    Condition,
    Contains,
    EndsWith,
    Equals,
    EventMatch,
    ExponentialDecay,
    FreeEmail,
    Glob,
    Group,
    Known,
    LinearDecay,
    Matrix,
    Not,
    OneOf,
    Rule,
    ScoringModel,
    StartsWith,
    Thresholds,
    Unknown,
)

BASE = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
ZONES = (dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5)))
EVENT_TYPES = ("page_view", "demo_requested", "content_download", "email_open")
URLS = ("/", "/pricing", "/pricing/pro", "/blog/why-crm", "https://acme.nl/pricing?plan=pro")
CONTENT = ("case_study", "whitepaper", "ebook")
TITLES = ("Student", "CEO", "Head of Operations", "inkoper", "Marketing Manager")
EMAILS = ("kim@gmail.com", "jan@ziggo.nl", "m.jansen@vdberg-metaal.nl", "a@acme.nl")
COUNTRIES = ("NL", "BE", "DE")
INDUSTRIES = ("manufacturing", "software", "retail")


def moments(days: int = 60) -> st.SearchStrategy[dt.datetime]:
    """Aware datetimes within ``days`` after BASE, in one of a few fixed offsets."""
    return st.builds(
        lambda minutes, zone: (BASE + dt.timedelta(minutes=minutes)).astimezone(zone),
        st.integers(0, days * 24 * 60),
        st.sampled_from(ZONES),
    )


_QUARTERS = st.integers(0, 40).map(lambda n: n / 4)
"""Numbers with a fraction (and whole ones): a reader that drops the fraction shows."""


@st.composite
def events(draw: st.DrawFn, *, ids: bool = True) -> Event:
    """One event of a known type with a few realistic properties."""
    kind = draw(st.sampled_from(EVENT_TYPES))
    props: dict[str, Any] = {}
    if kind == "page_view":
        props["url"] = draw(st.sampled_from(URLS))
    if kind == "content_download":
        props["content_type"] = draw(st.sampled_from(CONTENT))
    if draw(st.booleans()):
        props["seconds"] = draw(st.integers(0, 600) | _QUARTERS)
    event_id = (
        draw(st.sampled_from(("e1", "e2", "e3", "e4"))) if ids and draw(st.booleans()) else None
    )
    return Event(kind, draw(moments()), props, id=event_id)


def companies() -> st.SearchStrategy[Company]:
    """A company with every field possibly unknown."""
    return st.builds(
        Company,
        name=st.none() | st.just("Acme"),
        employees=st.none() | st.integers(0, 5000),
        industry=st.none() | st.sampled_from(INDUSTRIES),
        country=st.none() | st.sampled_from(COUNTRIES),
        technologies=st.lists(st.sampled_from(("exact-online", "hubspot", "sap")), max_size=2),
    )


def leads(*, ids: bool = True, max_events: int = 8) -> st.SearchStrategy[Lead]:
    """A lead with a title, an e-mail address, a company and events, any of them unknown."""
    return st.builds(
        Lead,
        id=st.sampled_from(("L-1", "L-2", "L-3")),
        email=st.none() | st.sampled_from(EMAILS),
        job_title=st.none() | st.sampled_from(TITLES),
        company=companies(),
        events=st.lists(events(ids=ids), max_size=max_events).map(tuple),
        attributes=st.fixed_dictionaries(
            {}, optional={"budget": st.integers(0, 100_000) | _QUARTERS | st.floats(0, 2000)}
        ),
    )


# --- conditions ---------------------------------------------------------------------------

_TEXT_FIELDS = ("job_title", "email", "company.industry", "company.country", "company.name")
_WORDS = st.sampled_from(("student", "ceo", "manufacturing", "nl", "acme", "head", "gmail"))


def _leaf_lead_conditions() -> st.SearchStrategy[Condition]:
    field = st.sampled_from(_TEXT_FIELDS)
    numeric = st.sampled_from(("company.employees", "attributes.budget"))
    bound = st.none() | st.integers(0, 1000) | _QUARTERS
    return st.one_of(
        st.builds(Equals, field, _WORDS),
        st.builds(OneOf, field, st.lists(_WORDS, min_size=1, max_size=3)),
        st.builds(Contains, field, _WORDS),
        st.builds(StartsWith, field, _WORDS),
        st.builds(EndsWith, field, _WORDS),
        st.builds(Glob, field, st.sampled_from(("*student*", "head ?f *", "ceo", "*.nl"))),
        st.builds(Known, field | numeric),
        st.builds(Unknown, field | numeric),
        st.builds(FreeEmail, st.lists(st.sampled_from(("acme.nl", "example.org")), max_size=2)),
        st.tuples(numeric, bound, bound)
        .filter(lambda t: t[1] is not None or t[2] is not None)
        .map(
            lambda t: (
                Between(t[0], min=min(x for x in t[1:] if x is not None), max=t[2])
                if t[1] is not None and t[2] is not None and t[1] > t[2]
                else Between(t[0], min=t[1], max=t[2])
            )
        ),
    )


def _combine(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
    parts = st.lists(children, min_size=1, max_size=3)
    return st.one_of(st.builds(AllOf, parts), st.builds(AnyOf, parts), st.builds(Not, children))


def lead_conditions() -> st.SearchStrategy[Condition]:
    """Conditions over lead fields, nested with all/any/not."""
    return st.recursive(_leaf_lead_conditions(), _combine, max_leaves=5)


def event_conditions() -> st.SearchStrategy[Condition]:
    """Conditions over event properties (url, content_type, seconds)."""
    leaf = st.one_of(
        st.builds(Glob, st.just("url"), st.sampled_from(("/pricing*", "/blog/*", "*pro*", "/"))),
        st.builds(Equals, st.just("content_type"), st.sampled_from(CONTENT)),
        st.builds(Between, st.just("seconds"), min=st.integers(0, 300), max=st.none()),
        st.builds(Between, st.just("seconds"), min=st.none(), max=_QUARTERS),
        st.builds(Known, st.sampled_from(("url", "seconds"))),
    )
    return st.recursive(leaf, _combine, max_leaves=3)


# --- rules, groups, models ----------------------------------------------------------------

POINTS = st.one_of(
    st.integers(-30, 50),
    st.floats(-30, 50, allow_nan=False).map(lambda x: round(x, 3)),
)
decays = st.one_of(
    st.builds(
        ExponentialDecay,
        half_life_days=st.sampled_from((1, 7, 30, 2.5)),
        floor=st.sampled_from((0, 0.1, 0.25)),
    ),
    st.builds(LinearDecay, over_days=st.sampled_from((5, 30, 90)), floor=st.sampled_from((0, 0.2))),
)


@st.composite
def rules(draw: st.DrawFn, name: str, groups: tuple[str, ...]) -> Rule:
    """One data rule (event or field) named ``name`` in one of ``groups``."""
    group = draw(st.none() | st.sampled_from(groups))
    labels = draw(st.sampled_from(({}, {"en": "a rule", "nl": "een regel"})))
    knock_out = draw(st.booleans().map(lambda b: b and draw(st.integers(0, 9)) == 0))
    if draw(st.booleans()):
        event = EventMatch(
            draw(st.sampled_from((*EVENT_TYPES, "*"))), draw(st.none() | event_conditions())
        )
        return Rule(
            name,
            draw(POINTS),
            event=event,
            when=draw(st.none() | lead_conditions()),
            group=group,
            max_count=draw(st.none() | st.integers(1, 3)),
            once_per=draw(st.none() | st.sampled_from(("1d", "12h", "2w"))),
            within_days=draw(st.none() | st.sampled_from((7, 30, 0.5))),
            decay=draw(st.none() | decays),
            knock_out=knock_out,
            labels=labels,
        )
    return Rule(
        name,
        draw(POINTS),
        when=draw(lead_conditions()),
        group=group,
        knock_out=knock_out,
        labels=labels,
    )


@st.composite
def models(draw: st.DrawFn) -> ScoringModel:
    """A random valid model over fit/engagement (plus maybe one more group) with caps."""
    names = ["fit", "engagement", *draw(st.sampled_from(((), ("product",))))]
    cap = st.none() | st.integers(-40, 120)
    groups = []
    for name in names:
        low, high = draw(cap), draw(cap)
        if low is not None and high is not None and low > high:
            low, high = high, low
        groups.append(Group(name, min=low, max=high, decay=draw(st.none() | decays)))
    count = draw(st.integers(0, 6))
    model_rules = tuple(draw(rules(f"rule_{i}", tuple(names))) for i in range(count))
    sql = draw(st.integers(20, 120))
    mql = draw(st.none() | st.integers(0, sql))
    thresholds = Thresholds(
        sql=sql,
        mql=mql,
        sql_groups=draw(st.sampled_from(({}, {"fit": 10}))),
        mql_groups=draw(st.sampled_from(({}, {"engagement": 5}))),
    )
    low, high = draw(st.none() | st.integers(-50, 0)), draw(st.none() | st.integers(0, 150))
    return ScoringModel(
        model_rules,
        groups=tuple(groups),
        thresholds=thresholds,
        matrix=draw(st.none() | st.just(Matrix(fit_cutoffs=(30, 10, 0)))),
        min_total=low,
        max_total=high,
        name=draw(st.sampled_from(("model", "random"))),
        description=draw(st.sampled_from(("", "a 'quoted' \"model\"\n"))),
    )
