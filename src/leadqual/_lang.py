"""Numbers, percentages and moments as they are written inside a sentence, per language.

English writes ``84.2``, ``25.0%`` and ``2026-12-01 10:00`` (the unambiguous form the
library has always printed); Dutch writes ``84,2``, ``25,0%`` and
``1 december, 10:00 uur``. Every user-facing text that puts a number or a moment inside a
sentence goes through these functions, so the two languages cannot drift apart. Machine
output (JSON, CSV, ISO timestamps) never does: it stays locale-free.

>>> format_number(84.2, "nl"), format_percent(0.25, "nl", digits=1)
('84,2', '25,0%')
>>> import datetime as dt
>>> format_datetime(dt.datetime(2026, 12, 1, 10, 0), "nl")
'1 december, 10:00 uur'
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = [
    "CONTENT_TYPES_NL",
    "LANGUAGES",
    "MONTHS",
    "content_label",
    "format_datetime",
    "format_number",
    "format_percent",
    "language",
]

LANGUAGES = ("en", "nl")
"""The languages every user-facing text exists in; anything else falls back to English."""

MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
"""Month names: English capitalised, Dutch in lower case as Dutch writes them."""


def language(lang: str) -> str:
    """``lang`` when it is a supported language, else ``"en"``.

    >>> language("nl"), language("de")
    ('nl', 'en')
    """
    return lang if lang in LANGUAGES else "en"


def format_number(value: float, lang: str = "en", *, digits: int | None = None) -> str:
    """A number inside a sentence: decimal comma and thousands dot in Dutch.

    Without ``digits`` at most two decimals are shown and trailing zeros dropped
    (``12.5``, ``25``); with ``digits`` exactly that many (``84.20``). Thousands are
    grouped with a dot in Dutch (``1.500``) and a comma in English (``1,500``).

    >>> format_number(84.21, "nl"), format_number(25.0, "en"), format_number(1234567, "nl")
    ('84,21', '25', '1.234.567')
    >>> format_number(-3.75, "nl", digits=1), format_number(1500, "en"), format_number(1500, "nl")
    ('-3,8', '1,500', '1.500')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        # Exact, and no float conversion (an int past 1e308 would overflow it).
        text = str(value) if digits is None else f"{value}.{'0' * digits}" if digits else str(value)
    elif not math.isfinite(value):
        return str(value)
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if digits is None else f"{value:.{digits}f}"
    whole, _, decimals = text.partition(".")
    sign, whole = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    nl = language(lang) == "nl"
    if len(whole) > 3:  # noqa: PLR2004 - thousands
        groups = [whole[max(0, end - 3) : end] for end in range(len(whole), 0, -3)]
        whole = ("." if nl else ",").join(reversed(groups))
    point = "," if nl else "."
    return sign + whole + (point + decimals if decimals else "")


def format_percent(fraction: float, lang: str = "en", *, digits: int = 0) -> str:
    """A fraction (0.25) as a percentage inside a sentence: ``25%``, ``25,0%`` in Dutch.

    >>> format_percent(0.842, "en", digits=1), format_percent(0.842, "nl", digits=1)
    ('84.2%', '84,2%')
    >>> format_percent(1, "nl")
    '100%'
    """
    return format_number(fraction * 100, lang, digits=digits) + "%"


def format_datetime(
    moment: dt.datetime, lang: str = "en", *, year: bool = False, time: bool = True
) -> str:
    """A moment inside a sentence: ``1 december, 10:00 uur`` in Dutch.

    English keeps the unambiguous ``2026-12-01 10:00``. The moment is shown in its own
    time zone (convert it first when it should be the reader's). In Dutch ``year=True``
    adds the year; ``time=False`` leaves the clock time out in both languages.

    >>> at = dt.datetime(2026, 12, 1, 9, 5)
    >>> format_datetime(at, "en"), format_datetime(at, "nl", year=True)
    ('2026-12-01 09:05', '1 december 2026, 09:05 uur')
    >>> format_datetime(at, "nl", time=False), format_datetime(at, "en", time=False)
    ('1 december', '2026-12-01')
    """
    plain = type(moment) is dt.datetime and moment.year >= 1000  # noqa: PLR2004 - %Y's 4 digits
    if language(lang) == "en":
        if plain and time:
            # The same text as %Y-%m-%d %H:%M, without strftime's cost (a ledger has many).
            return moment.isoformat(" ", "minutes")[:16]
        return f"{moment:%Y-%m-%d %H:%M}" if time else f"{moment:%Y-%m-%d}"
    day = f"{moment.day} {MONTHS['nl'][moment.month - 1]}"
    if year:
        day += f" {moment.year}"
    if not time:
        return day
    if plain:
        return f"{day}, {moment.hour:02d}:{moment.minute:02d} uur"
    return f"{day}, {moment:%H:%M} uur"


CONTENT_TYPES_NL = {
    "case_study": "klantcase",
    "whitepaper": "whitepaper",
    "ebook": "e-book",
    "e_book": "e-book",
    "checklist": "checklist",
    "guide": "gids",
    "report": "rapport",
    "webinar": "webinar",
    "video": "video",
    "template": "sjabloon",
    "brochure": "brochure",
    "infographic": "infographic",
    "datasheet": "productblad",
}
"""Content types as Dutch names them inside a sentence (``case_study`` is a *klantcase*)."""


def content_label(value: str, lang: str = "en") -> str:
    """A content type as a word in a sentence: ``case study``, ``klantcase`` in Dutch.

    Types of your own keep their name, with underscores as spaces.

    >>> content_label("case_study", "nl"), content_label("case_study")
    ('klantcase', 'case study')
    >>> content_label("podcast", "nl")
    'podcast'
    """
    if language(lang) == "nl" and value in CONTENT_TYPES_NL:
        return CONTENT_TYPES_NL[value]
    return value.replace("_", " ")


def shown(value: object) -> str:
    """A value as an error message quotes it: ``'many'``, ``null``, ``[1, 2]``.

    One phrasing for every "got ...": the value as written, never a Python type name;
    ``None`` is ``null`` (what a JSON or TOML user wrote), and very long values are cut.

    >>> shown("many"), shown(None), shown(2.5), shown(10**40)
    ("'many'", 'null', '2.5', 'a whole number of 41 digits')
    """
    if value is None:
        return "null"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"a whole number of {_digits(value)} digits"
    text = repr(value)
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


_LONGEST = 80


def _digits(value: int) -> int:
    # Decimal digits without str(): that fails past sys.get_int_max_str_digits() (4,300).
    size = abs(value)
    estimate = int(size.bit_length() * math.log10(2)) + 1
    return estimate if size >= 10 ** (estimate - 1) else estimate - 1
