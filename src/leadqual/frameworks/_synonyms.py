"""Answers as people and CRM picklists write them, in English and Dutch.

Every built-in option already accepts its key, its aliases and its own English and
Dutch labels (``within_3_months``, ``Within 3 months``, ``Binnen 3 maanden``). The
table here adds the other ways people say the same thing: ``asap``, ``deze maand``,
``dit kwartaal``, ``goedgekeurd``, ``beslisser``, ``decision maker``…

Synonyms are keyed by criterion key and option key, so a framework of your own that
reuses a built-in key and option name (``timeline`` / ``within_3_months``) accepts them
too. A synonym never overrides a name or label an option of the criterion already owns.
Matching ignores case, accents, spaces, dashes and punctuation (:func:`loose`).

A bare calendar quarter (``Q1``) is deliberately not here: whether "Q1" is a month or
nine months away depends on today's date, and an assessment does not read the clock.
Map it in the CRM mapping's ``values`` instead, or answer ``this quarter`` / ``dit
kwartaal``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["SYNONYMS", "UNKNOWN_SYNONYMS", "loose"]

_NOT_ALNUM: Final = re.compile(r"[^0-9a-z+<>]+")


def loose(text: str) -> str:
    """The form synonyms are matched in: lower case, no accents, one ``_`` between words.

    >>> loose(" Beïnvloeder "), loose("1 - 3 months"), loose("Z.S.M."), loose("< 1 maand")
    ('beinvloeder', '1_3_months', 'zsm', '<_1_maand')
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    plain = plain.replace(".", "")  # "z.s.m." is one word
    return _NOT_ALNUM.sub("_", plain).strip("_")


UNKNOWN_SYNONYMS: Final = frozenset(
    loose(word)
    for word in ("onbekend", "nog onbekend", "weet niet", "weet ik niet", "don't know", "tbd")
)
"""What people write for "not known yet" (in :func:`loose` form), for every criterion."""

_NEED: Final = {
    "urgent": (
        "urgent need",
        "pain",
        "must have",
        "dringend",
        "acuut",
        "zeer hoog",
        "kritiek",
        "hoog",
        "pijn",
        "noodzakelijk",
    ),
    "clear": ("defined", "clear", "duidelijk", "gemiddeld", "concreet"),
    "latent": ("nice to have", "maybe later", "leuk om te hebben", "laag", "latent aanwezig"),
    "none": ("no need", "not needed", "geen", "niet nodig", "geen behoefte"),
}

_LEVELS: Final = {
    "critical": ("very high", "urgent", "zeer hoog", "dringend", "acuut", "kritisch"),
    "top": ("highest", "very high", "number one", "hoogste", "zeer hoog", "topprioriteit"),
    "high": ("hoge", "hoge prioriteit", "high priority"),
    "medium": ("normal", "moderate", "average", "normaal", "middel", "gemiddelde"),
    "low": ("lage", "lage prioriteit", "low priority", "minor"),
    "none": ("geen", "not at all", "helemaal niet"),
}

_PROCESS: Final = {
    "mapped": ("known", "clear", "bekend", "duidelijk", "in kaart"),
    "partial": ("partly", "partial", "deels", "gedeeltelijk", "gedeeltelijk bekend"),
    "unclear": ("unknown process", "not known", "niet bekend", "onbekend proces"),
}

SYNONYMS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "budget": {
        "approved": (
            "budget approved",
            "signed off",
            "confirmed",
            "budget goedgekeurd",
            "akkoord",
            "vrijgegeven",
            "bevestigd",
            "rond",
        ),
        "allocated": (
            "budgeted",
            "available",
            "budget available",
            "in budget",
            "toegewezen",
            "begroot",
            "beschikbaar",
            "budget beschikbaar",
            "er is budget",
        ),
        "planned": (
            "next budget",
            "in next year's budget",
            "gepland",
            "volgend budget",
            "komend budget",
            "in de begroting",
        ),
        "seeking": (
            "looking for budget",
            "looking",
            "not yet",
            "zoekt",
            "op zoek naar budget",
            "nog niet",
            "nog geen budget",
        ),
        "none": ("no money", "nothing", "geen geld", "niets", "geen budget beschikbaar"),
    },
    "authority": {
        "decision_maker": (
            "decider",
            "dm",
            "final say",
            "budget holder",
            "economic buyer",
            "besluitvormer",
            "beslissingsbevoegd",
            "eindverantwoordelijk",
            "tekenbevoegd",
            "budgethouder",
            "beslist",
            "beslist zelf",
        ),
        "influencer": (
            "recommender",
            "advisor",
            "adviser",
            "has influence",
            "adviseur",
            "heeft invloed",
            "invloed",
            "adviseert",
        ),
        "user": ("end user", "eindgebruiker", "medewerker", "gebruikt het"),
        "none": ("no role", "not involved", "geen", "geen rol", "niet betrokken"),
    },
    "need": _NEED,
    "pain": _NEED,
    "timeline": {
        "within_1_month": (
            "asap",
            "as soon as possible",
            "immediately",
            "now",
            "right away",
            "this month",
            "within 1 month",
            "1 month",
            "< 1 month",
            "0-1 months",
            "deze maand",
            "binnen 1 maand",
            "binnen een maand",
            "zo snel mogelijk",
            "zsm",
            "direct",
            "meteen",
            "nu",
            "per direct",
            "< 1 maand",
        ),
        "within_3_months": (
            "this quarter",
            "1-3 months",
            "0-3 months",
            "3 months",
            "next 3 months",
            "within three months",
            "dit kwartaal",
            "1-3 maanden",
            "0-3 maanden",
            "binnen drie maanden",
            "komende 3 maanden",
            "komende drie maanden",
        ),
        "within_6_months": (
            "next quarter",
            "3-6 months",
            "6 months",
            "half a year",
            "within half a year",
            "within six months",
            "volgend kwartaal",
            "3-6 maanden",
            "binnen een half jaar",
            "binnen zes maanden",
            "komend half jaar",
            "komende 6 maanden",
        ),
        "this_year": (
            "6-12 months",
            "within a year",
            "within 12 months",
            "this calendar year",
            "6-12 maanden",
            "binnen een jaar",
            "binnen 12 maanden",
            "dit kalenderjaar",
        ),
        "next_year": (
            "next year",
            "later",
            "12+ months",
            "more than a year",
            "orientation",
            "just looking",
            "volgend jaar",
            "orienterend",
            "orientatie",
            "orienteren",
            "langer dan een jaar",
        ),
        "none": ("never", "no plans", "geen", "geen planning", "nooit", "geen plannen"),
    },
    "challenges": {
        "clear": ("specific", "concrete", "concreet", "specifiek"),
        "general": ("general", "generic", "algemeen", "algemene"),
        "none": ("geen", "no challenges", "geen uitdagingen"),
    },
    "urgency": {key: words for key, words in _LEVELS.items() if key != "top"},
    "priority": {key: words for key, words in _LEVELS.items() if key != "critical"},
    "interest": {
        "active": ("evaluating", "comparing", "active", "vergelijkt", "actief", "evalueert"),
        "engaged": ("interested", "geinteresseerd", "geïnteresseerd", "warm"),
        "curious": ("browsing", "just looking", "rondkijken", "orienterend", "koud"),
        "none": ("not interested", "geen", "niet geinteresseerd", "niet geïnteresseerd"),
    },
    "decision_process": _PROCESS,
    "paper_process": _PROCESS,
    "champion": {
        "strong": ("champion", "strong champion", "sterke champion", "pleitbezorger"),
        "coach": ("coach", "ally", "bondgenoot", "welwillend"),
        "none": ("geen", "no one", "niemand"),
    },
    "economic_buyer": {
        "engaged": ("met", "involved", "gesproken", "betrokken"),
        "identified": ("known", "identified", "bekend", "geïdentificeerd", "geidentificeerd"),
        "unidentified": ("unknown buyer", "not identified", "niet geïdentificeerd"),
    },
    "competition": {
        "sole": ("only us", "no competition", "alleen wij", "geen concurrentie"),
        "ahead": ("ahead", "leading", "voorsprong", "voor"),
        "even": ("equal", "tied", "gelijk", "gelijkwaardig"),
        "behind": ("behind", "trailing", "achterstand", "achter"),
    },
}
"""Criterion key → option key → what people write for that option (see the module)."""
