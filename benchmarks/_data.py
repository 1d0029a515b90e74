"""A small deterministic lead generator for the benchmarks.

Stands in for ``leadqual.datasets.generate_leads`` until that lands: the same seed gives
the same leads, byte for byte, on every machine. The mix is meant to look like a B2B
funnel: mostly page views (some absolute URLs, some in capitals), content downloads,
webinars, the odd demo request, e-mail opens; some events carry ids and a few of those
arrive twice (replayed webhooks); some leads are students or use a free mailbox.
"""

from __future__ import annotations

import datetime as dt
import random

from leadqual import Company, Event, Lead

__all__ = ["AS_OF", "generate_leads"]

# Events after this moment exist (clock skew, late imports) and must be ignored.
AS_OF = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
_START = AS_OF - dt.timedelta(days=180)
_ZONES = (dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=2)))

_PATHS = (
    ["/", "/about", "/contact", "/careers"]
    + ["/pricing", "/pricing/enterprise", "/Pricing", "/pricing?plan=pro"]
    + [f"/blog/{slug}" for slug in ("erp-migratie", "lead-scoring", "bant", "icp", "Roadmap")]
    + [f"/product/{name}" for name in ("planning", "voorraad", "facturatie", "api")]
    + ["/blogroll", "/docs/pricing"]
)
_HOSTS = ("https://www.acme.nl", "http://acme.nl", "https://ACME.nl")
_CONTENT = ("case_study", "whitepaper", "Case_Study", "checklist", "ebook")
_TITLES = (
    "Inkoper",
    "Head of Operations",
    "CFO",
    "Student",
    "Werkstudent marketing",
    "IT manager",
    "Directeur",
    "Office manager",
    None,
)
_FREE = ("gmail.com", "ziggo.nl", "hotmail.com", "kpnmail.nl", "outlook.com")
_COMPANY = ("vdberg-metaal.nl", "bakkerij-jansen.nl", "acme-logistics.com", "techno.be")

# (type, weight): page views dominate, demo requests are rare.
_TYPES = (
    ("page_view", 55),
    ("email_open", 15),
    ("content_download", 10),
    ("email_click", 6),
    ("webinar_registered", 5),
    ("form_submitted", 4),
    ("demo_requested", 2),
    ("webinar_attended", 3),
)


def _properties(rng: random.Random, kind: str) -> dict[str, str]:
    if kind == "page_view":
        path = rng.choice(_PATHS)
        url = rng.choice(_HOSTS) + path if rng.random() < 0.3 else path
        return {"url": url}
    if kind == "content_download":
        return {"content_type": rng.choice(_CONTENT), "title": "Klantcase"}
    if kind in ("email_open", "email_click"):
        return {"campaign": rng.choice(("nieuwsbrief", "webinar-invite", "nurture-3"))}
    if kind == "form_submitted":
        return {"form": "contact"}
    return {}


def _event(rng: random.Random, lead_index: int, number: int) -> Event:
    types, weights = zip(*_TYPES, strict=True)
    kind = rng.choices(types, weights)[0]
    # A few events land after AS_OF; every timestamp is aware, in one of three zones.
    offset = rng.uniform(0, 190 * 86400)
    at = (_START + dt.timedelta(seconds=offset)).astimezone(rng.choice(_ZONES))
    has_id = rng.random() < 0.4
    event_id = f"ev-{lead_index}-{number}" if has_id else None
    return Event(kind, at, _properties(rng, kind), id=event_id)


def generate_leads(count: int, events: int, seed: int = 7) -> list[Lead]:
    """``count`` leads with ``events`` events each (duplicate copies included)."""
    rng = random.Random(seed)
    leads = []
    for index in range(count):
        history: list[Event] = []
        while len(history) < events:
            event = _event(rng, index, len(history))
            history.append(event)
            # Replayed webhooks: an event with an id arrives twice.
            if event.id is not None and rng.random() < 0.15 and len(history) < events:
                history.append(event)
        rng.shuffle(history)
        domain = rng.choice(_FREE) if rng.random() < 0.3 else rng.choice(_COMPANY)
        leads.append(
            Lead(
                f"L-{index}",
                email=f"contact{index}@{domain}",
                job_title=rng.choice(_TITLES),
                company=Company(domain=domain, employees=rng.randint(1, 2000)),
                events=history,
            )
        )
    return leads
