"""What one ICP criterion found for one lead, and how to say it in English and Dutch."""

from __future__ import annotations

import math
from typing import Any

import attrs

from leadqual._core.labels import LabelledEnum
from leadqual._lang import format_number
from leadqual.industries import INDUSTRIES
from leadqual.lead import JSONValue
from leadqual.titles import Department, Seniority

__all__ = ["CriterionFit", "KnockOut", "Match", "render"]


class Match(LabelledEnum):
    """How a lead measures up to one criterion.

    ``UNKNOWN`` means the lead lacks the data: it is never counted as a mismatch, it
    lowers the fit's coverage instead.
    """

    MATCH = "match"
    NEAR_MISS = "near_miss"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"


_KIND_LABELS = {
    "en": {
        "company_size": "Company size",
        "industry": "Industry",
        "geography": "Location",
        "technology": "Technology",
        "pain_points": "Pain points",
        "seniority": "Seniority",
        "department": "Department",
        "domains": "Competitor or excluded domain",
        "countries": "Excluded country",
        "industries": "Excluded industry",
    },
    "nl": {
        "company_size": "Bedrijfsgrootte",
        "industry": "Branche",
        "geography": "Locatie",
        "technology": "Technologie",
        "pain_points": "Pijnpunten",
        "seniority": "Senioriteit",
        "department": "Afdeling",
        "domains": "Concurrent of uitgesloten domein",
        "countries": "Uitgesloten land",
        "industries": "Uitgesloten branche",
    },
}

_WORDS = {
    "en": {
        "employees": "employees",
        "annual_revenue": "annual revenue",
        "any": "any of",
        "all": "all of",
        "at least": "at least",
        "at most": "at most",
        "industry": "industry",
        "industries": "industries",
        "code": "code",
        "codes": "codes",
    },
    "nl": {
        "employees": "medewerkers",
        "annual_revenue": "jaaromzet",
        "any": "een van",
        "all": "alle",
        "at least": "minstens",
        "at most": "hooguit",
        "industry": "branche",
        "industries": "branches",
        "code": "code",
        "codes": "codes",
    },
}

# Region names as people write them; the keys are what ICP files use.
_REGION_LABELS = {
    "en": {
        "benelux": "Benelux",
        "dach": "DACH",
        "nordics": "the Nordics",
        "scandinavia": "Scandinavia",
        "baltics": "the Baltics",
        "iberia": "Iberia",
        "british_isles": "the British Isles",
        "uk_ireland": "the UK and Ireland",
        "eu": "the EU",
        "eea": "the EEA",
        "efta": "EFTA",
        "eurozone": "the eurozone",
        "cee": "Central and Eastern Europe",
        "north_america": "North America",
        "dach_benelux": "DACH and Benelux",
        "anz": "Australia and New Zealand",
    },
    "nl": {
        "benelux": "Benelux",
        "dach": "DACH",
        "nordics": "Noordse landen",
        "scandinavia": "Scandinavië",
        "baltics": "Baltische staten",
        "iberia": "Iberisch schiereiland",
        "british_isles": "Britse eilanden",
        "uk_ireland": "VK en Ierland",
        "eu": "EU",
        "eea": "EER",
        "efta": "EVA",
        "eurozone": "eurozone",
        "cee": "Centraal- en Oost-Europa",
        "north_america": "Noord-Amerika",
        "dach_benelux": "DACH en Benelux",
        "anz": "Australië en Nieuw-Zeeland",
    },
}

_SENIORITIES = {level.value: level for level in Seniority}
_DEPARTMENTS = {dept.value: dept for dept in Department}


def _number(value: float, lang: str) -> str:
    return format_number(value, lang)


def _range(bounds: list[JSONValue], lang: str) -> str:
    low, high = bounds if len(bounds) == 2 else (None, None)  # noqa: PLR2004 - a pair
    words = _WORDS[lang]
    if isinstance(low, int | float) and isinstance(high, int | float):
        return f"{_number(low, lang)}-{_number(high, lang)}"
    if isinstance(low, int | float):
        return f"{words['at least']} {_number(low, lang)}"
    if isinstance(high, int | float):
        return f"{words['at most']} {_number(high, lang)}"
    return "?"


def _term(value: str, lang: str) -> str:
    if value in _SENIORITIES:
        return _SENIORITIES[value].label(lang)
    if value in _DEPARTMENTS:
        return _DEPARTMENTS[value].label(lang)
    if value in INDUSTRIES:
        return INDUSTRIES[value].label(lang)
    if value in _REGION_LABELS[lang]:
        return _REGION_LABELS[lang][value]
    return _WORDS[lang].get(value, value)


def render(value: JSONValue, lang: str = "en") -> str:
    """Render evidence values as short text, translating known terms.

    >>> render({"employees": 49}, "nl"), render(["c_level", "owner"], "en")
    ('49 medewerkers', 'C-level, Owner')
    >>> render({"employees": [50, None]}, "en")
    'at least 50 employees'
    """
    lang = lang if lang in _WORDS else "en"
    words = _WORDS[lang]
    if value is None or isinstance(value, bool):
        return "?" if value is None else str(value).lower()
    if isinstance(value, int | float):
        return _number(value, lang)
    if isinstance(value, str):
        return _term(value, lang)
    if isinstance(value, list):
        return ", ".join(render(item, lang) for item in value)
    parts: list[str] = []
    for key, item in value.items():
        if key in {"employees", "annual_revenue"}:
            amount = _range(item, lang) if isinstance(item, list) else render(item, lang)
            parts.append(f"{amount} {words[key]}")
        elif key in {"any", "all"}:
            parts.append(f"{words[key]} {render(item, lang)}")
        else:
            parts.append(f"{words.get(key, key)} {render(item, lang)}")
    return "; ".join(parts)


def _label(kind: str, name: str | None, lang: str) -> str:
    if name is not None:
        return name
    labels = _KIND_LABELS[lang if lang in _KIND_LABELS else "en"]
    return labels.get(kind, kind)


def _unit(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not (math.isfinite(value) and 0 <= value <= 1):
        msg = f"{attribute.name}: expected a number from 0 to 1, got {value!r}"
        raise ValueError(msg)


@attrs.frozen
class CriterionFit:
    """The evidence of one criterion for one lead.

    Args:
        kind: the criterion's kind (``"company_size"``…).
        name: the criterion's own name, if it was given one.
        match: match, near miss, mismatch or unknown.
        credit: share of the criterion's weight earned, 0 to 1 (0 when unknown).
        weight: the criterion's weight.
        observed: what the lead has (plain JSON); ``None`` when unknown.
        expected: what the ICP asks for (plain JSON).

    >>> ev = CriterionFit("company_size", None, Match.NEAR_MISS, 0.9, 2.0,
    ...                   {"employees": 49}, {"employees": [50, 500]})
    >>> print(ev.explain("nl"))
    Bedrijfsgrootte: net niet (lead: 49 medewerkers; ICP: 50-500 medewerkers)
    """

    kind: str
    name: str | None
    match: Match
    credit: float = attrs.field(validator=_unit)
    weight: float
    observed: JSONValue = None
    expected: JSONValue = None

    @property
    def label(self) -> str:
        """The criterion's name, or its kind's English label."""
        return _label(self.kind, self.name, "en")

    def explain(self, lang: str = "en") -> str:
        """One line saying what was found, in English (``"en"``) or Dutch (``"nl"``)."""
        label = _label(self.kind, self.name, lang)
        icp = "ICP"  # Dutch B2B says ICP too; "ICP" reads as a translation
        if self.match is Match.UNKNOWN:
            expected = render(self.expected, lang)
            if self.observed is None:
                missing = "geen gegevens" if lang == "nl" else "no data"
            else:  # data the criterion cannot read, such as an industry name it does not know
                unread = "niet herkend" if lang == "nl" else "not recognised"
                missing = f"lead: {render(self.observed, lang)}, {unread}"
            return f"{label}: {self.match.label(lang)} ({missing}; {icp}: {expected})"
        observed, expected = render(self.observed, lang), render(self.expected, lang)
        return f"{label}: {self.match.label(lang)} (lead: {observed}; {icp}: {expected})"


@attrs.frozen
class KnockOut:
    """An exclusion that applied: the lead is out whatever else it scores.

    >>> print(KnockOut("domains", None, "rival.nl").explain("nl"))
    Knock-out: Concurrent of uitgesloten domein (rival.nl)
    """

    kind: str
    name: str | None
    observed: JSONValue

    def explain(self, lang: str = "en") -> str:
        """One line naming the exclusion and the data that triggered it."""
        return f"Knock-out: {_label(self.kind, self.name, lang)} ({render(self.observed, lang)})"
