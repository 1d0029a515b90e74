"""English and Dutch texts of the review: flags and suggestions."""

from __future__ import annotations

__all__ = ["FLAGS", "number", "percent", "text"]

FLAGS = {
    "wrong_way": {
        "en": "points the wrong way: leads it fires on convert {direction} than the rest",
        "nl": "wijst de verkeerde kant op: leads waarop de regel vuurt converteren {direction}"
        " dan de rest",
    },
    "no_signal": {
        "en": "no signal: leads it fires on convert about as the average",
        "nl": "geen signaal: leads waarop de regel vuurt converteren ongeveer als het gemiddelde",
    },
    "never_fires": {"en": "never fires", "nl": "vuurt nooit"},
}

_TEXTS = {
    "better": {"en": "better", "nl": "beter"},
    "worse": {"en": "worse", "nl": "slechter"},
    "lower": {
        "en": "lower rule '{rule}' from {old} to {new}",
        "nl": "verlaag regel '{rule}' van {old} naar {new}",
    },
    "raise": {
        "en": "raise rule '{rule}' from {old} to {new}",
        "nl": "verhoog regel '{rule}' van {old} naar {new}",
    },
    "segment": {
        "en": "{field} '{value}' converts {rate} where its points predict {expected}",
        "nl": "{field} '{value}' converteert {rate} waar de punten {expected} voorspellen",
    },
    "add": {
        "en": "add a rule for {field} = '{value}' worth about {points} points",
        "nl": "voeg een regel toe voor {field} = '{value}' van ongeveer {points} punten",
    },
    "unknown_reason": {"en": "no reason given", "nl": "geen reden opgegeven"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (English when the language is unknown)."""
    table = _TEXTS.get(key) or FLAGS[key]
    return table.get(lang, table["en"]).format(**values)


def number(value: float, lang: str) -> str:
    """A whole number of points, signed when negative."""
    shown = f"{value:g}" if not float(value).is_integer() else str(int(value))
    return shown.replace(".", ",") if lang == "nl" else shown


def percent(value: float, lang: str) -> str:
    """A share as a percentage with one decimal (a decimal comma in Dutch)."""
    shown = f"{value:.1%}"
    return shown.replace(".", ",").replace("%", " %") if lang == "nl" else shown
