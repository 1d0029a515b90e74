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
import importlib.resources
import io
import math
import random
import unicodedata
import zoneinfo
from typing import TYPE_CHECKING, Final

import attrs

from leadqual.io import load_leads
from leadqual.lead import Company, Event, Lead, Outcome, StageChange
from leadqual.stage import Stage

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

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


@attrs.frozen
class _Industry:
    name: str
    sbi: str
    revenue_per_employee: int  # EUR, order of magnitude only
    weight: float
    fit: float  # how much a typical B2B software vendor wants this industry
    words: dict[str, tuple[str, ...]]  # company-name words per language


_INDUSTRIES: Final = (
    _Industry(
        "software", "62.01", 170_000, 12, 0.8,
        {"nl": ("Software", "ICT", "Digital"), "en": ("Software", "Digital", "Labs"),
         "de": ("Software", "IT"), "fr": ("Logiciels", "Numérique")},
    ),
    _Industry(
        "manufacturing", "25.62", 210_000, 14, 1.0,
        {"nl": ("Metaal", "Machinebouw", "Techniek", "Productie"),
         "en": ("Manufacturing", "Engineering"), "de": ("Maschinenbau", "Metallbau"),
         "fr": ("Industrie", "Mécanique")},
    ),
    _Industry(
        "logistics", "49.41", 150_000, 10, 0.9,
        {"nl": ("Logistiek", "Transport", "Distributie"), "en": ("Logistics", "Freight"),
         "de": ("Logistik", "Spedition"), "fr": ("Logistique", "Transports")},
    ),
    _Industry(
        "wholesale", "46.90", 480_000, 8, 0.9,
        {"nl": ("Groothandel", "Handelsonderneming"), "en": ("Wholesale", "Trading"),
         "de": ("Großhandel", "Handel"), "fr": ("Négoce", "Distribution")},
    ),
    _Industry(
        "retail", "47.19", 240_000, 8, 0.5,
        {"nl": ("Retail", "Winkels", "Wonen"), "en": ("Retail", "Stores"),
         "de": ("Handel", "Markt"), "fr": ("Commerce", "Boutiques")},
    ),
    _Industry(
        "construction", "41.20", 200_000, 9, 0.7,
        {"nl": ("Bouw", "Bouwbedrijf", "Installatietechniek"), "en": ("Construction", "Builders"),
         "de": ("Bau", "Bauunternehmung"), "fr": ("Construction", "Bâtiment")},
    ),
    _Industry(
        "healthcare", "86.10", 80_000, 6, 0.4,
        {"nl": ("Zorg", "Zorggroep", "Kliniek"), "en": ("Health", "Care"),
         "de": ("Klinik", "Pflege"), "fr": ("Santé", "Clinique")},
    ),
    _Industry(
        "finance", "64.19", 400_000, 5, 0.5,
        {"nl": ("Financiële Diensten", "Financieel Advies"), "en": ("Capital", "Finance"),
         "de": ("Finanz", "Kapital"), "fr": ("Finance", "Capital")},
    ),
    _Industry(
        "consulting", "70.22", 150_000, 7, 0.6,
        {"nl": ("Advies", "Consultancy"), "en": ("Consulting", "Advisory"),
         "de": ("Beratung", "Consulting"), "fr": ("Conseil", "Consulting")},
    ),
    _Industry(
        "education", "85.31", 70_000, 4, 0.2,
        {"nl": ("College", "Opleidingen", "Academie"), "en": ("Academy", "College"),
         "de": ("Akademie", "Schule"), "fr": ("Académie", "Formation")},
    ),
    _Industry(
        "government", "84.11", 65_000, 3, 0.1,
        {"nl": ("Gemeentelijke Diensten", "Omgevingsdienst"), "en": ("Council", "Authority"),
         "de": ("Stadtwerke", "Verwaltung"), "fr": ("Services Publics", "Agence")},
    ),
    _Industry(
        "hospitality", "56.10", 60_000, 5, 0.2,
        {"nl": ("Horeca", "Hotels", "Catering"), "en": ("Hospitality", "Hotels"),
         "de": ("Gastronomie", "Hotels"), "fr": ("Hôtellerie", "Restauration")},
    ),
    _Industry(
        "agriculture", "01.13", 250_000, 4, 0.5,
        {"nl": ("Kwekerij", "Agri", "Tuinbouw"), "en": ("Farms", "Agri"),
         "de": ("Landwirtschaft", "Agrar"), "fr": ("Agricole", "Cultures")},
    ),
    _Industry(
        "energy", "35.11", 600_000, 3, 0.6,
        {"nl": ("Energie", "Duurzame Energie"), "en": ("Energy", "Power"),
         "de": ("Energie", "Solar"), "fr": ("Énergie", "Solaire")},
    ),
)  # fmt: skip


@attrs.frozen
class _Country:
    code: str
    weight: float
    language: str
    tld: str
    legal_forms: tuple[str, ...]
    surnames: tuple[str, ...]
    first_names: tuple[str, ...]
    free_mail: tuple[str, ...]
    phone_prefix: str


_NL_SURNAMES: Final = (
    "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
    "Dekker", "Brouwer", "de Wit", "Dijkstra", "Kok", "van der Linden", "Verhoeven", "Hoekstra",
)  # fmt: skip
_COUNTRIES: Final = (
    _Country(
        "NL", 55, "nl", "nl", ("B.V.", "B.V.", "", "Groep", "Holding B.V."), _NL_SURNAMES,
        ("Anna", "Sanne", "Lotte", "Emma", "Daan", "Bram", "Lars", "Thijs", "Jeroen", "Mark",
         "Martijn", "Sophie", "Eva", "Fleur", "Ruben", "Niels", "Kees", "Marieke", "Ingrid",
         "Pieter", "Wouter", "Femke", "Joost", "Esther"),
        ("ziggo.nl", "kpnmail.nl", "planet.nl", "home.nl", "hetnet.nl", "xs4all.nl",
         "gmail.com", "gmail.com", "hotmail.com", "outlook.com", "live.nl"),
        "+31",
    ),
    _Country(
        "BE", 15, "nl", "be", ("BV", "NV", "", "BVBA"),
        ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
         "Wouters", "De Smet", "Dubois", "Lambert", "Van Damme", "De Clercq"),
        ("Lien", "Jolien", "Pieter", "Wout", "Arne", "Ellen", "Koen", "Tom", "Sofie", "Jens",
         "Nathalie", "Bart", "Elke", "Hanne"),
        ("telenet.be", "skynet.be", "proximus.be", "gmail.com", "hotmail.com", "outlook.com"),
        "+32",
    ),
    _Country(
        "DE", 10, "de", "de", ("GmbH", "GmbH & Co. KG", "AG"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Koch"),
        ("Lukas", "Jonas", "Katrin", "Anja", "Stefan", "Julia", "Thomas", "Sabine"),
        ("gmx.de", "web.de", "t-online.de", "gmail.com"),
        "+49",
    ),
    _Country(
        "GB", 6, "en", "co.uk", ("Ltd", "Ltd", "plc"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Walker"),
        ("James", "Emily", "Oliver", "Sarah", "Harry", "Charlotte", "George", "Amelia"),
        ("gmail.com", "hotmail.co.uk", "outlook.com", "btinternet.com"),
        "+44",
    ),
    _Country(
        "FR", 4, "fr", "fr", ("SAS", "SARL", "SA"),
        ("Martin", "Bernard", "Dubois", "Durand", "Leroy", "Moreau", "Laurent", "Girard"),
        ("Camille", "Julien", "Chloé", "Lucas", "Manon", "Hugo", "Léa", "Nicolas"),
        ("gmail.com", "orange.fr", "free.fr", "hotmail.fr"),
        "+33",
    ),
    _Country(
        "US", 5, "en", "com", ("Inc.", "LLC", "Corp."),
        ("Johnson", "Miller", "Davis", "Garcia", "Anderson", "Clark", "Lewis", "Young"),
        ("Michael", "Jennifer", "David", "Jessica", "Chris", "Ashley", "Ryan", "Megan"),
        ("gmail.com", "yahoo.com", "outlook.com", "aol.com"),
        "+1",
    ),
    _Country(
        "LU", 2, "fr", "lu", ("S.A.", "S.à r.l."),
        ("Schmit", "Muller", "Weber", "Hoffmann", "Wagner", "Thill"),
        ("Luc", "Anne", "Marc", "Claire", "Paul", "Sandra"),
        ("pt.lu", "gmail.com"),
        "+352",
    ),
    _Country(
        "DK", 3, "en", "dk", ("A/S", "ApS"),
        ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Larsen"),
        ("Mads", "Freja", "Mikkel", "Ida", "Rasmus", "Sofie"),
        ("gmail.com", "hotmail.dk"),
        "+45",
    ),
)  # fmt: skip

# (title, seniority 0..1). Seniority drives both authority answers and propensity.
_TITLES: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "en": (
        ("CEO", 1.0), ("Founder", 1.0), ("Managing Director", 1.0), ("CFO", 0.9),
        ("COO", 0.9), ("CTO", 0.9), ("VP Sales", 0.85), ("Head of Operations", 0.8),
        ("Operations Manager", 0.7), ("IT Manager", 0.7), ("Procurement Manager", 0.75),
        ("Purchasing Manager", 0.75), ("Marketing Manager", 0.6), ("Sales Manager", 0.6),
        ("Office Manager", 0.4), ("Project Manager", 0.5), ("Consultant", 0.3),
        ("Marketing Specialist", 0.3), ("Software Engineer", 0.25), ("Sales Representative", 0.3),
        ("Business Analyst", 0.35), ("Assistant", 0.15), ("Intern", 0.0), ("Student", 0.0),
    ),
    "nl": (
        ("Directeur", 1.0), ("Algemeen Directeur", 1.0), ("Eigenaar", 1.0),
        ("Directeur-eigenaar", 1.0), ("Bedrijfsleider", 0.8), ("Hoofd Inkoop", 0.8),
        ("Inkoper", 0.6), ("Hoofd Operations", 0.8), ("Manager Bedrijfsvoering", 0.75),
        ("Teamleider Logistiek", 0.55), ("Hoofd ICT", 0.75), ("Marketeer", 0.3),
        ("Medewerker Marketing", 0.25), ("ICT-beheerder", 0.3), ("Projectleider", 0.5),
        ("Officemanager", 0.4), ("Adviseur", 0.3), ("Commercieel Medewerker", 0.3),
        ("Administratief Medewerker", 0.15), ("Stagiair", 0.0), ("Student", 0.0),
    ),
    "de": (
        ("Geschäftsführer", 1.0), ("Inhaber", 1.0), ("Einkaufsleiter", 0.8),
        ("Leiter Logistik", 0.7), ("IT-Leiter", 0.75), ("Vertriebsleiter", 0.7),
        ("Sachbearbeiter", 0.2), ("Werkstudent", 0.0),
    ),
    "fr": (
        ("Directeur Général", 1.0), ("Gérant", 1.0), ("Responsable Achats", 0.75),
        ("Responsable Logistique", 0.7), ("Chef de Projet", 0.5), ("Stagiaire", 0.0),
    ),
}  # fmt: skip
_TITLE_ENGLISH_SHARE: Final = 0.4  # how often non-English speakers use an English title

_SOURCES: Final = (
    ("organic", 24, 0.0), ("paid_search", 18, -0.1), ("linkedin", 14, 0.0),
    ("webinar", 12, 0.2), ("referral", 8, 0.6), ("event", 8, 0.3), ("cold_outbound", 16, -0.5),
)  # fmt: skip
_TECHNOLOGIES: Final = (
    "exact-online", "afas", "salesforce", "hubspot", "microsoft-dynamics", "sap",
    "google-workspace", "microsoft-365", "shopify", "magento", "twinfield", "visma", "odoo",
)  # fmt: skip
_PAIN_POINTS: Final = (
    "manual planning", "spreadsheets", "slow quoting", "no stock insight", "data silos",
    "late invoicing", "staff shortage", "compliance reporting",
)  # fmt: skip
_PAIN_POINTS_NL: Final = {
    "manual planning": "handmatige planning",
    "spreadsheets": "losse spreadsheets",
    "slow quoting": "trage offertes",
    "no stock insight": "geen zicht op de voorraad",
    "data silos": "versnipperde data",
    "late invoicing": "late facturatie",
    "staff shortage": "personeelstekort",
    "compliance reporting": "compliancerapportages",
}
_BLOG_SLUGS: Final = (
    "wat-is-een-mql", "lead-scoring-uitgelegd", "speed-to-lead", "bant-vs-meddic",
    "icp-bepalen", "planning-automatiseren", "erp-koppeling", "kpi-dashboard",
    "5-tips-voor-inkoop", "digital-transformation-checklist",
)  # fmt: skip
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
        self.countries = _COUNTRIES
        self.country_weights = [c.weight for c in _COUNTRIES]
        self.industry_weights = [i.weight for i in _INDUSTRIES]
        self.source_weights = [s[1] for s in _SOURCES]

    def lead(self, number: int) -> SyntheticLead:
        rng = self.rng
        country = rng.choices(self.countries, self.country_weights)[0]
        industry = rng.choices(_INDUSTRIES, self.industry_weights)[0]
        source, _, source_lift = rng.choices(_SOURCES, self.source_weights)[0]
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
        technologies = tuple(sorted(set(rng.sample(_TECHNOLOGIES, rng.randint(0, 3)))))
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
        title, seniority = rng.choice(_TITLES[language])
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
            return f"/blog/{_pick(rng, _BLOG_SLUGS)}"
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
        drawn = rng.sample(_PAIN_POINTS, rng.randint(1, 2))
        # A Dutch-speaking lead wrote its pain points in Dutch.
        words = [_PAIN_POINTS_NL[pain] for pain in drawn] if language == "nl" else drawn
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


def generate_leads(
    n: int,
    *,
    seed: int = 0,
    as_of: dt.datetime = DEFAULT_AS_OF,
    events_per_lead: float = 12.0,
    id_prefix: str = "L-",
) -> Iterator[Lead]:
    """Generate ``n`` synthetic leads, without the hidden truth; see :func:`generate`.

    >>> lead = next(generate_leads(1, seed=3))
    >>> lead.id, lead.created_at.tzinfo is not None
    ('L-000001', True)
    """
    synthetic = generate(
        n, seed=seed, as_of=as_of, events_per_lead=events_per_lead, id_prefix=id_prefix
    )
    return (item.lead for item in synthetic)


# --- the bundled demo sample -----------------------------------------------------------

SAMPLE_SEED: Final = 2026
_SAMPLE_GENERATED: Final = 36


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def _article_cases() -> tuple[Lead, ...]:
    """The article's illustrative leads, written by hand so the demo tells its story."""
    ceo = Lead(
        id="L-1001",
        email="p.vandermeer@nordlicht-software.nl",
        first_name="Pieter",
        last_name="van der Meer",
        job_title="CEO",
        source="paid_search",
        created_at=_at("2026-11-24T10:15:00"),
        company=Company(
            name="Nordlicht Software B.V.",
            domain="nordlicht-software.nl",
            employees=2500,
            annual_revenue=410_000_000,
            industry="software",
            industry_code="62.01",
            country="NL",
            technologies=("microsoft-365", "salesforce"),
        ),
        events=(Event("page_view", _at("2026-11-24T10:14:00"), {"url": "/"}),),
    )
    manager = Lead(
        id="L-1042",
        email="m.jansen@vdberg-metaal.nl",
        first_name="Marieke",
        last_name="Jansen",
        job_title="Operations Manager",
        source="webinar",
        created_at=_at("2026-11-18T08:00:00"),
        company=Company(
            name="Van den Berg Metaal",
            domain="vdberg-metaal.nl",
            employees=180,
            annual_revenue=24_000_000,
            industry="manufacturing",
            industry_code="25.62",
            country="NL",
            technologies=("exact-online",),
        ),
        events=(
            Event("webinar_registered", _at("2026-11-18T08:00:00"), {"webinar": "planning"}),
            Event("page_view", _at("2026-11-20T09:12:00"), {"url": "/pricing"}),
            Event(
                "content_download",
                _at("2026-11-20T09:20:00"),
                {"content_type": "case_study", "topic": "manufacturing"},
            ),
            Event("demo_requested", _at("2026-11-21T14:02:00")),
        ),
        answers={"budget": "approved", "authority": "influencer", "need": True},
        attributes={"pain_points": ["manual planning"]},
    )
    student = Lead(
        id="L-1077",
        email="sanne.devries2004@gmail.com",
        first_name="Sanne",
        last_name="de Vries",
        job_title="Student",
        source="organic",
        created_at=_at("2026-11-25T21:40:00"),
    )
    unknown = Lead(
        id="L-1100",
        email="info@example.org",
        source="event",
        created_at=_at("2026-11-26T11:00:00"),
        events=(Event("form_submitted", _at("2026-11-26T11:00:00"), {"form": "beurs-badge"}),),
    )
    return ceo, manager, student, unknown


def build_sample() -> tuple[Lead, ...]:
    """The demo sample as the code defines it: the article's cases plus generated leads.

    The bundled file ``leadqual/data/sample_leads.jsonl`` is this, written by
    ``scripts/make_sample.py``; a test keeps the two identical. Score it with
    ``as_of=DEFAULT_AS_OF``.

    >>> [lead.job_title for lead in build_sample()[:3]]
    ['CEO', 'Operations Manager', 'Student']
    """
    generated = generate_leads(
        _SAMPLE_GENERATED, seed=SAMPLE_SEED, events_per_lead=6.0, id_prefix="S-"
    )
    return (*_article_cases(), *generated)


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
    text = importlib.resources.files("leadqual").joinpath("data/sample_leads.jsonl")
    with io.StringIO(text.read_text(encoding="utf-8")) as stream:
        return tuple(load_leads(stream, format="jsonl"))


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
