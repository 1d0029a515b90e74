"""Synthetic leads with a known truth, and the bundled demo sample.

:func:`generate` makes realistic B2B leads: log-normal company sizes with correlated
revenue, industries with SBI codes, a Dutch- and Belgian-heavy country mix with
Dutch company names, job titles in English and Dutch, free-mail addresses
(``ziggo.nl``, ``gmail.com``…), and event streams in Amsterdam business hours. Each lead
has a hidden ``propensity``, the probability that it converts; it drives both how much
the lead does (pricing visits, case studies, demo requests) and the ``converted``
outcome, so a good scoring model finds real signal. The generator is deterministic: the
same arguments give the same leads, on every machine, and the first ``k`` leads do not
depend on ``n``.

>>> leads = list(generate_leads(3, seed=7))
>>> [lead.id for lead in leads]
['L-000001', 'L-000002', 'L-000003']
>>> leads == list(generate_leads(3, seed=7))
True

:func:`sample_leads` returns the small demo sample bundled with the package (the one
``leadqual demo`` scores), which holds the article's illustrative cases.
"""

# The probabilities below are the data set's shape; a name for each would hide it.
# ruff: noqa: PLR2004

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import io
import json
import math
import random
import unicodedata
import zoneinfo
from typing import TYPE_CHECKING, Final, TypedDict, Unpack

import attrs

from leadqual._convert import structure
from leadqual.io import load_leads
from leadqual.lead import Company, Event, Lead, Outcome, StageChange
from leadqual.stage import Stage

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from leadqual.io import Format

__all__ = [
    "AMSTERDAM",
    "DEFAULT_AS_OF",
    "SyntheticLead",
    "build_sample",
    "generate",
    "generate_histories",
    "generate_leads",
    "sample_leads",
]

AMSTERDAM: Final = zoneinfo.ZoneInfo("Europe/Amsterdam")
DEFAULT_AS_OF: Final = dt.datetime(2026, 12, 1, 9, 0, tzinfo=AMSTERDAM)
"""The moment synthetic data is generated "at": no event or lead is later than this.

Also the ``as_of`` under which the bundled sample is meant to be scored, so that the
demo gives the same result on any day.
"""


@attrs.frozen
class SyntheticLead:
    """A generated lead with the truth a real CRM never tells you.

    Attributes:
        lead: the lead, as a scorer would see it.
        propensity: the hidden probability (0 to 1) that this lead converts.
        converted: whether it did (drawn from ``propensity``).
    """

    lead: Lead
    propensity: float
    converted: bool


# --- vocabularies ----------------------------------------------------------------------
# What the generator draws from (industries, countries, names, titles, sources…) is data,
# read once from the package's data/synthetic.json; the probabilities stay in the code.


@attrs.frozen
class _Industry:
    name: str
    sbi: str
    revenue_per_employee: int  # EUR, order of magnitude only
    weight: float
    fit: float  # how much a typical B2B software vendor wants this industry
    words: dict[str, tuple[str, ...]]  # company-name words per language


@attrs.frozen
class _Country:
    code: str
    weight: float  # how many leads come from here, relative to the other countries
    language: str  # of the company names and job titles
    tld: str
    legal_forms: tuple[str, ...]  # "" for a name without one
    surnames: tuple[str, ...]
    first_names: tuple[str, ...]
    free_mail: tuple[str, ...]  # domains, the common ones listed more than once
    phone_prefix: str


@attrs.frozen
class _Vocabulary:
    industries: tuple[_Industry, ...]
    countries: tuple[_Country, ...]
    # (title, seniority 0..1) per language. Seniority drives authority and propensity.
    titles: dict[str, tuple[tuple[str, float], ...]]
    sources: tuple[tuple[str, float, float], ...]  # (source, weight, propensity lift)
    technologies: tuple[str, ...]
    pain_points: dict[str, str]  # English to Dutch: a Dutch-speaking lead writes Dutch
    blog_slugs: tuple[str, ...]


_VOCABULARY_FILE: Final = "data/synthetic.json"


@functools.cache
def _vocabulary() -> _Vocabulary:
    text = importlib.resources.files("leadqual").joinpath(_VOCABULARY_FILE).read_text("utf-8")
    return structure(json.loads(text), _Vocabulary)


_TITLE_ENGLISH_SHARE: Final = 0.4  # how often non-English speakers use an English title

_PRODUCT_PAGES: Final = ("planning", "integrations", "reporting", "security", "mobile-app")
_CONTENT_TYPES: Final = ("case_study", "whitepaper", "ebook", "checklist")

_DAY_SECONDS: Final = 86_400
_LOOKBACK_DAYS: Final = 180
_WEEKDAYS: Final = 5


# --- drawing ---------------------------------------------------------------------------


def _pick(rng: random.Random, items: Sequence[str]) -> str:
    return items[int(rng.random() * len(items))]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)


@attrs.frozen
class _Options:
    as_of: dt.datetime
    events_per_lead: float
    id_prefix: str


class _Generator:
    """Draws one lead at a time from a single seeded stream (never the global one)."""

    def __init__(self, seed: int, options: _Options) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.options = options
        self.words = words = _vocabulary()
        self.country_weights = [c.weight for c in words.countries]
        self.industry_weights = [i.weight for i in words.industries]
        self.source_weights = [s[1] for s in words.sources]

    def lead(self, number: int) -> SyntheticLead:
        rng = self.rng
        country = rng.choices(self.words.countries, self.country_weights)[0]
        industry = rng.choices(self.words.industries, self.industry_weights)[0]
        source, _, source_lift = rng.choices(self.words.sources, self.source_weights)[0]
        company, size_fit = self.company(country, industry)
        title, seniority = self.title(country)
        first, last = _pick(rng, country.first_names), _pick(rng, country.surnames)
        email, free_mail = self.email(country, company, first, last)

        logit = (
            -4.5
            + 1.1 * size_fit
            + 1.0 * (industry.fit if company.name else 0.4)
            + (0.4 if country.code in {"NL", "BE"} else 0.0)
            + 1.4 * seniority
            - (2.5 if seniority == 0.0 else 0.0)
            - (0.6 if free_mail else 0.0)
            + source_lift
            + rng.gauss(0.0, 0.9)  # what no field shows: timing, pain, a champion
        )
        propensity = round(_sigmoid(logit), 4)
        created = self.moment(self.options.as_of - dt.timedelta(days=_LOOKBACK_DAYS))
        lead = Lead(
            id=f"{self.options.id_prefix}{number:06d}",
            email=email,
            first_name=first if rng.random() > 0.03 else None,
            last_name=last if rng.random() > 0.05 else None,
            job_title=title,
            phone=self.phone(country),
            source=source,
            created_at=created,
            company=company,
            events=self.events(number, created, propensity, industry.name, source),
            answers=self.answers(propensity, seniority),
            attributes=self.attributes(country.language),
        )
        return SyntheticLead(lead, propensity, rng.random() < propensity)

    def company(self, country: _Country, industry: _Industry) -> tuple[Company, float]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:  # share of leads without any company data
            return Company(), 0.3
        employees = min(50_000, max(1, int(rng.lognormvariate(3.6, 1.6))))
        # Mid-sized companies (20 to 1,000 people) are the typical B2B software ICP.
        size_fit = 1.0 if 20 <= employees <= 1000 else 0.5 if employees > 1000 else 0.0
        words = industry.words[country.language]
        surname = _pick(rng, country.surnames)
        surname = surname[0].upper() + surname[1:]
        legal = _pick(rng, country.legal_forms)
        if rng.random() < 0.15:  # partnerships: "Jansen & Bakker Bouw"
            surname = f"{surname} & {_pick(rng, country.surnames).split()[-1]}"
        base = f"{surname} {_pick(rng, words)}"
        name = f"{base} {legal}" if legal else base
        revenue = employees * industry.revenue_per_employee * rng.lognormvariate(0.0, 0.4)
        known = rng.random()
        technologies = tuple(sorted(set(rng.sample(self.words.technologies, rng.randint(0, 3)))))
        company = Company(
            name=name,
            domain=f"{_slug(base)}.{country.tld}" if known > 0.1 else None,
            employees=employees if known > 0.15 else None,
            annual_revenue=int(round(revenue, -3)) if known > 0.35 else None,
            industry=industry.name if known < 0.92 else None,
            industry_code=industry.sbi if country.code == "NL" and known < 0.7 else None,
            country=country.code if roll < 0.97 else None,
            technologies=technologies,
        )
        return company, size_fit if company.employees is not None else 0.5

    def title(self, country: _Country) -> tuple[str | None, float]:
        rng = self.rng
        language = country.language
        if language != "en" and rng.random() < _TITLE_ENGLISH_SHARE:
            language = "en"
        title, seniority = rng.choice(self.words.titles[language])
        if rng.random() < 0.08:  # title left empty on the form
            return None, 0.4
        return title, seniority

    def email(
        self, country: _Country, company: Company, first: str, last: str
    ) -> tuple[str | None, bool]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.03:  # no e-mail address given
            return None, False
        first_slug, last_slug = _slug(first).replace("-", ""), _slug(last).replace("-", "")
        if company.domain is None or roll < 0.22:  # private address
            local = f"{first_slug}.{last_slug}{rng.randint(1, 99) if rng.random() < 0.3 else ''}"
            return f"{local}@{_pick(rng, country.free_mail)}", True
        style = rng.random()
        local = (
            f"{first_slug[0]}.{last_slug}"
            if style < 0.5
            else f"{first_slug}.{last_slug}"
            if style < 0.85
            else first_slug
        )
        return f"{local}@{company.domain}", False

    def phone(self, country: _Country) -> str | None:
        rng = self.rng
        if rng.random() < 0.55:  # most forms leave the phone out
            return None
        digits = "".join(str(rng.randint(0, 9)) for _ in range(8))
        return (
            f"{country.phone_prefix} 6 {digits}"
            if country.code == "NL"
            else (f"{country.phone_prefix} {digits}")
        )

    def moment(self, after: dt.datetime) -> dt.datetime:
        """A time between ``after`` and ``as_of``, mostly in Amsterdam business hours."""
        rng = self.rng
        as_of = self.options.as_of
        span = max(1.0, (as_of - after).total_seconds())
        stamp = (after + dt.timedelta(seconds=rng.random() * span)).astimezone(AMSTERDAM)
        if rng.random() < 0.85:  # B2B buyers browse at work
            weekday = stamp.weekday()
            moved = stamp.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59))
            if weekday >= _WEEKDAYS:
                moved -= dt.timedelta(days=weekday - _WEEKDAYS + 1)
            if after <= moved < as_of:
                stamp = moved
        return stamp.replace(microsecond=0)

    def events(
        self,
        number: int,
        created: dt.datetime,
        propensity: float,
        industry: str,
        source: str,
    ) -> tuple[Event, ...]:
        rng = self.rng
        # Normalised so that a lead of average propensity (~0.13) has events_per_lead.
        mean = self.options.events_per_lead * (0.3 + 2.2 * propensity) / 0.59
        count = int(rng.gammavariate(2.0, mean / 2.0)) if mean > 0 else 0
        kinds = rng.choices(
            ("page_view", "email_open", "email_click", "content_download", "form_submitted"),
            (10.0, 4.0, 1.5, 0.6 + 2.0 * propensity, 0.3),
            k=count,
        )
        drafts: list[tuple[dt.datetime, str, dict[str, str]]] = []
        for kind in kinds:
            properties: dict[str, str] = {}
            if kind == "page_view":
                properties["url"] = self.url(propensity)
            elif kind == "content_download":
                weights = (0.5 + 3.0 * propensity, 1.0, 1.0, 0.7)
                properties["content_type"] = rng.choices(_CONTENT_TYPES, weights)[0]
                properties["topic"] = industry
            elif kind in {"email_open", "email_click"}:
                properties["campaign"] = _pick(rng, ("nieuwsbrief", "nurture-1", "nurture-2"))
            drafts.append((self.moment(created), kind, properties))
        # Intent events are rare and happen at most once: draw them apart.
        if source == "webinar" or rng.random() < 0.1 + 0.3 * propensity:
            topic = _pick(rng, ("lead-scoring", "erp-integratie", "planning"))
            drafts.append((self.moment(created), "webinar_registered", {"webinar": topic}))
        if rng.random() < 0.02 + 0.6 * propensity**1.5:
            drafts.append((self.moment(created), "pricing_requested", {}))
        if rng.random() < 0.02 + 0.7 * propensity**1.5:
            drafts.append((self.moment(created), "demo_requested", {}))
        drafts.sort(key=lambda draft: draft[0])
        if rng.random() >= 0.4:  # only some tools send event ids
            return tuple(Event(kind, at, properties) for at, kind, properties in drafts)
        events = [
            Event(kind, at, properties, f"E-{number}-{index}")
            for index, (at, kind, properties) in enumerate(drafts)
        ]
        if events and rng.random() < 0.1:  # a webhook delivered twice
            events.append(events[int(rng.random() * len(events))])
        return tuple(events)

    def url(self, propensity: float) -> str:
        rng = self.rng
        roll = rng.random()
        pricing_share = 0.03 + 0.25 * propensity
        if roll < pricing_share:
            return "/pricing"
        if roll < pricing_share + 0.25:
            return f"/blog/{_pick(rng, self.words.blog_slugs)}"
        if roll < pricing_share + 0.45:
            return "/"
        if roll < pricing_share + 0.65:
            return f"/product/{_pick(rng, _PRODUCT_PAGES)}"
        if roll < pricing_share + 0.8:
            return f"/cases/{_pick(rng, ('van-dijk-transport', 'bakker-metaal', 'groenhuis'))}"
        return _pick(rng, ("/about", "/contact", "/careers", "/integrations"))

    def answers(self, propensity: float, seniority: float) -> dict[str, bool | float | str]:
        rng = self.rng
        if rng.random() > 0.1 + 0.5 * propensity:
            return {}  # sales has not talked to most leads yet
        level = min(3, max(0, int(propensity * 4 + rng.gauss(0.0, 0.7))))
        answers: dict[str, bool | float | str] = {
            "budget": ("none", "planned", "allocated", "approved")[level],
            "authority": (
                "decision_maker" if seniority >= 0.9 else
                "influencer" if seniority >= 0.5 else
                "user" if seniority > 0 else "none"
            ),
            "need": (
                rng.random() < 0.3 + 0.7 * propensity
                if rng.random() < 0.5  # some teams record need as yes/no
                else round(min(1.0, max(0.0, propensity + rng.gauss(0.2, 0.2))), 2)
            ),
            "timeline": (
                "none", "next_year", "this_year", "within_6_months", "within_3_months",
                "within_1_month",
            )[min(5, max(0, int(propensity * 6 + rng.gauss(0.0, 1.0))))],
        }  # fmt: skip
        for key in ("budget", "authority", "need", "timeline"):
            if rng.random() < 0.2:  # the question was not asked yet
                del answers[key]
        return answers

    def attributes(self, language: str) -> dict[str, list[str]]:
        rng = self.rng
        if rng.random() < 0.75:
            return {}
        dutch = self.words.pain_points
        drawn = rng.sample(tuple(dutch), rng.randint(1, 2))
        words = [dutch[pain] for pain in drawn] if language == "nl" else drawn
        return {"pain_points": sorted(set(words))}


def generate(
    n: int,
    *,
    seed: int = 0,
    as_of: dt.datetime = DEFAULT_AS_OF,
    events_per_lead: float = 12.0,
    id_prefix: str = "L-",
) -> Iterator[SyntheticLead]:
    """Generate ``n`` synthetic leads with their hidden propensity and outcome.

    Args:
        n: how many leads.
        seed: the random seed; same seed, same leads.
        as_of: the aware moment the data is "pulled": leads were created in the 180 days
            before it and nothing happened after it.
        events_per_lead: the average number of events of a lead of average propensity;
            a high-propensity lead does about three times as much as a low one.
        id_prefix: lead ids are ``f"{id_prefix}{number:06d}"``, numbered from 1.

    The overall conversion rate is about 13%, the MQL-to-SQL average the article quotes.

    >>> first = next(generate(1, seed=1))
    >>> 0 <= first.propensity <= 1, isinstance(first.converted, bool)
    (True, True)
    """
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        msg = f"as_of must be timezone-aware, got {as_of.isoformat()!r}"
        raise ValueError(msg)
    if n < 0 or events_per_lead < 0:
        msg = (
            "n and events_per_lead: expected whole numbers of at least 0, "
            f"got {n} and {events_per_lead}"
        )
        raise ValueError(msg)
    generator = _Generator(seed, _Options(as_of, events_per_lead, id_prefix))
    return (generator.lead(number) for number in range(1, n + 1))


class _GenerateOptions(TypedDict, total=False):
    """The keyword arguments of :func:`generate`, their defaults written there once."""

    seed: int
    as_of: dt.datetime
    events_per_lead: float
    id_prefix: str


def generate_leads(n: int, **options: Unpack[_GenerateOptions]) -> Iterator[Lead]:
    """Generate ``n`` synthetic leads, without the hidden truth; see :func:`generate`.

    Takes the same keyword arguments as :func:`generate` (``seed``, ``as_of``,
    ``events_per_lead``, ``id_prefix``) and gives the same leads.

    >>> lead = next(generate_leads(1, seed=3))
    >>> lead.id, lead.created_at.tzinfo is not None
    ('L-000001', True)
    """
    return (item.lead for item in generate(n, **options))


# --- the bundled demo sample -----------------------------------------------------------

SAMPLE_SEED: Final = 2026
_SAMPLE_GENERATED: Final = 36


def _bundled(name: str, fmt: Format) -> tuple[Lead, ...]:
    text = importlib.resources.files("leadqual").joinpath(f"data/{name}").read_text("utf-8")
    with io.StringIO(text) as stream:
        return tuple(load_leads(stream, format=fmt))


def build_sample() -> tuple[Lead, ...]:
    """The demo sample as the code defines it: the article's cases plus generated leads.

    The article's cases are written by hand in ``leadqual/data/article_leads.json``. The
    bundled file ``leadqual/data/sample_leads.jsonl`` is this, written by
    ``scripts/make_sample.py``; a test keeps the two identical. Score it with
    ``as_of=DEFAULT_AS_OF``.

    >>> [lead.job_title for lead in build_sample()[:3]]
    ['CEO', 'Operations Manager', 'Student']
    """
    generated = generate_leads(
        _SAMPLE_GENERATED, seed=SAMPLE_SEED, events_per_lead=6.0, id_prefix="S-"
    )
    return (*_bundled("article_leads.json", "json"), *generated)


def sample_leads() -> tuple[Lead, ...]:
    """The demo leads bundled with leadqual (what ``leadqual demo`` scores).

    Four of them are the article's cases: ``L-1001`` a perfect-fit CEO of a 2,500-person
    software company who only saw the home page; ``L-1042`` an Operations Manager at a
    180-person Dutch manufacturer who visited ``/pricing``, downloaded a case study and
    requested a demo; ``L-1077`` a student with a Gmail address and nothing else;
    ``L-1100`` a lead whose company is unknown. The rest are generated.

    >>> leads = sample_leads()
    >>> len(leads), leads[1].company.employees
    (40, 180)
    """
    return _bundled("sample_leads.jsonl", "jsonl")


# --- CRM state for generated leads -----------------------------------------------------

_OWNERS: Final = ("anna@example.nl", "bram@example.nl", "chloe@example.be", "daan@example.nl")
_REJECT_REASONS: Final = ("budget", "authority", "need", "timing", "bad_data", "duplicate")


def _history(item: SyntheticLead, rng: random.Random, as_of: dt.datetime) -> Lead:
    """Give a generated lead a plausible CRM path, drawn from its hidden propensity."""
    lead = item.lead
    created = lead.created_at or as_of
    history: list[StageChange] = []
    outcome: Outcome | None = None
    owner = rng.choice(_OWNERS)
    stage = Stage.NEW

    def at(start: dt.datetime, hours: float) -> dt.datetime | None:
        moment = (start + dt.timedelta(hours=hours)).replace(microsecond=0)
        return moment if moment <= as_of else None

    mql = at(created, rng.uniform(0, 72)) if rng.random() < 0.3 + item.propensity else None
    if mql is not None:
        history.append(StageChange(Stage.MQL, mql))
        stage = Stage.MQL
        sql = at(mql, rng.expovariate(1 / 120)) if rng.random() < 2 * item.propensity else None
        if sql is not None:
            history.append(StageChange(Stage.SQL, sql))
            stage = Stage.SQL
            response = at(sql, rng.lognormvariate(-0.5, 1.2))
            if response is not None:
                history.append(StageChange(Stage.OPPORTUNITY, response, by=owner))
                stage = Stage.OPPORTUNITY
                closed = at(response, rng.uniform(5, 90) * 24)
                if closed is not None and item.converted:
                    history.append(StageChange(Stage.CUSTOMER, closed, by=owner))
                    amount = float(rng.randrange(2_000, 60_000, 500))
                    outcome, stage = Outcome("won", closed, amount=amount), Stage.CUSTOMER
                elif closed is not None and rng.random() < 0.6:
                    reason = rng.choice(("competitor", "no_interest"))
                    history.append(StageChange(Stage.LOST, closed, by=owner))
                    outcome, stage = Outcome("lost", closed, reason=reason), Stage.LOST
        elif rng.random() < 0.3:
            rejected = at(mql, rng.uniform(1, 240))
            if rejected is not None:
                parked = rng.random() < 0.4
                stage = Stage.NURTURE if parked else Stage.DISQUALIFIED
                history.append(StageChange(stage, rejected, by=owner))
                outcome = Outcome("lost", rejected, reason=rng.choice(_REJECT_REASONS))
    return attrs.evolve(
        lead,
        owner=owner if stage.rank >= Stage.SQL.rank or history else None,
        stage=stage,
        stage_history=tuple(history),
        outcome=outcome,
    )


def generate_histories(
    n: int, *, seed: int = 0, as_of: dt.datetime = DEFAULT_AS_OF
) -> Iterator[Lead]:
    """Generated leads with CRM state: owner, stage, ``stage_history`` and ``outcome``.

    The path follows each lead's hidden propensity: likelier leads become MQL, reach SQL
    and are won more often; sales answer an SQL after about 35 minutes (log-normal, so
    some wait hours); some MQLs are rejected with a reason. Nothing is later than
    ``as_of``. Deterministic for a given seed; the leads are those of :func:`generate`.

    >>> leads = list(generate_histories(200, seed=1))
    >>> sum(lead.stage_history != () for lead in leads) > 50
    True
    """
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 - reproducible data, not secrets
    return (_history(item, rng, as_of) for item in generate(n, seed=seed, as_of=as_of))
