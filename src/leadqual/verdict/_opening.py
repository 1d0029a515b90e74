"""The opening line: a personal first sentence made only of what the lead did.

Which page views are buying signals is data (:class:`SignalPatterns`): URL paths per
kind of signal, for every site and language (``/pricing``, ``/prijzen``,
``/tarieven``). A pattern matches whole path segments from the start of the path, after
an optional language prefix (``/nl/prijzen``), so ``/blog/pricing-tips`` is a blog post
and not a pricing visit. Every fact carries its own time ("yesterday you looked at our
pricing, today you asked for a demo"), a download names its topic ("our case study on
efficiency in manufacturing"), and the greeting follows the time of day where the lead
is (the offset of the lead's own latest timestamp).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from leadqual.industries import find_industry
from leadqual.lead import Event

if TYPE_CHECKING:
    from leadqual.verdict._verdict import Verdict

__all__ = ["SIGNAL_ORDER", "SignalPatterns", "opening_line", "signal_kind"]

# Kinds of signal, most telling first.
SIGNAL_ORDER = ("demo", "pricing_request", "pricing_page", "content", "webinar", "form", "blog")

_LANGUAGE_PREFIXES = frozenset({"en", "nl", "de", "fr", "be", "en-gb", "nl-nl", "nl-be", "en-us"})


def _paths(values: Sequence[str]) -> tuple[str, ...]:
    out = []
    for value in values:
        path = "/" + value.strip().strip("/").lower()
        out.append(path)
    return tuple(out)


@attrs.frozen
class SignalPatterns:
    """The URL paths that make a page view a buying signal, per kind.

    Args:
        pricing: paths of pricing pages (any site, any language).
        blog: paths under which blog posts live.

    >>> patterns = SignalPatterns()
    >>> urls = ("/prijzen", "/nl/tarieven/", "/blog/pricing-tips", "/pricing-tips")
    >>> [patterns.kind_of_url(url) for url in urls]
    ['pricing_page', 'pricing_page', 'blog', None]
    >>> SignalPatterns(pricing=("/plans",)).kind_of_url("https://acme.nl/plans?x=1")
    'pricing_page'
    """

    pricing: tuple[str, ...] = attrs.field(
        default=("/pricing", "/prices", "/plans", "/prijzen", "/tarieven", "/prijs", "/preise"),
        converter=_paths,
    )
    blog: tuple[str, ...] = attrs.field(
        default=("/blog", "/news", "/nieuws", "/artikelen", "/kennisbank"), converter=_paths
    )

    def kind_of_url(self, url: str) -> str | None:
        """``"pricing_page"``, ``"blog"`` or ``None`` for a URL or path."""
        try:
            path = urllib.parse.urlsplit(url.strip()).path.lower().rstrip("/")
        except ValueError:  # "http://[": not a URL urlsplit accepts, so no known page
            return None
        segments = [s for s in path.split("/") if s]
        if segments and segments[0] in _LANGUAGE_PREFIXES:
            segments = segments[1:]
        path = "/" + "/".join(segments)
        for kind, patterns in (("pricing_page", self.pricing), ("blog", self.blog)):
            for pattern in patterns:
                if path == pattern or (path.startswith(pattern + "/") and kind == "blog"):
                    return kind
                if kind == "pricing_page" and path.startswith(pattern + "/"):
                    return kind  # a plan under the pricing page: /pricing/pro
        return None


_DEFAULT = SignalPatterns()


def signal_kind(event: Event, patterns: SignalPatterns | None = None) -> str | None:
    """Which kind of buying signal an event is, or ``None`` for an unremarkable one.

    >>> at = dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.UTC)
    >>> signal_kind(Event("page_view", at, {"url": "https://acme.nl/pricing?plan=pro"}))
    'pricing_page'
    >>> signal_kind(Event("page_view", at, {"url": "/blog/pricing-tips"}))
    'blog'
    >>> signal_kind(Event("page_view", at, {"url": "/"})) is None
    True
    """
    if event.type != "page_view":
        return _EVENT_SIGNALS.get(event.type)
    url = event.properties.get("url")
    if isinstance(url, str):
        return (patterns or _DEFAULT).kind_of_url(url)
    return None


_EVENT_SIGNALS = {
    "demo_requested": "demo",
    "pricing_requested": "pricing_request",
    "content_download": "content",
    "webinar_registered": "webinar",
    "form_submitted": "form",
}


def _text_property(event: Event, key: str) -> str | None:
    value = event.properties.get(key)
    return value.replace("_", " ").strip() if isinstance(value, str) and value.strip() else None


# Content types with their English noun and the Dutch noun with its possessive
# ("ons e-book", "onze klantcase": het-words take "ons").
_CONTENT = {
    "case_study": ("case study", "onze klantcase"),
    "whitepaper": ("whitepaper", "onze whitepaper"),
    "ebook": ("e-book", "ons e-book"),
    "e_book": ("e-book", "ons e-book"),
    "guide": ("guide", "onze gids"),
    "report": ("report", "ons rapport"),
    "checklist": ("checklist", "onze checklist"),
    "brochure": ("brochure", "onze brochure"),
    "template": ("template", "onze template"),
}

# Each fact: the English verb phrase, and the Dutch (reflexive, object, participle) for
# "dat u [zich] [tijd] [object] heeft [participle]".
_FACTS = {
    "demo": ("asked for a demo", ("", "een demo", "aangevraagd")),
    "pricing_request": ("asked for our prices", ("", "onze prijzen", "opgevraagd")),
    "pricing_page": ("looked at our pricing", ("", "onze prijzen", "bekeken")),
    "webinar": ("signed up for our webinar", ("zich", "voor ons webinar", "aangemeld")),
    "form": ("filled in a form on our site", ("", "een formulier op onze site", "ingevuld")),
    "blog": ("read our blog", ("", "ons blog", "gelezen")),
}


def _mid_sentence(name: str) -> str:
    # "Transport en logistiek" inside a sentence is "transport en logistiek"; "IT-diensten" stays.
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _content_fact(event: Event) -> tuple[str, tuple[str, str, str]]:
    title = _text_property(event, "title")
    topic = _text_property(event, "topic")
    raw = event.properties.get("content_type")
    english, dutch = _CONTENT.get(str(raw).lower() if isinstance(raw, str) else "", ("", ""))
    if not english:
        content = _text_property(event, "content_type")
        english, dutch = (content, f"onze {content}") if content else ("content", "onze content")
    if title is not None and not isinstance(raw, str):
        return f'downloaded "{title}"', ("", f'"{title}"', "gedownload")
    if title is not None:
        return f'downloaded our {english} "{title}"', ("", f'{dutch} "{title}"', "gedownload")
    if topic is not None:
        # A topic that names an industry is said in Dutch too ("over de industrie").
        industry = find_industry(topic)
        topic_nl = _mid_sentence(industry.label("nl")) if industry is not None else topic
        dutch_fact = ("", f"{dutch} over {topic_nl}", "gedownload")
        return f"downloaded our {english} on {topic}", dutch_fact
    return f"downloaded our {english}", ("", dutch, "gedownload")


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_WEEK = 7


def _local(at: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    # Near the ends of the calendar the same moment may have no date in another zone.
    try:
        return at.astimezone(zone)
    except OverflowError:
        return at


def _when(at: dt.datetime, as_of: dt.datetime | None, lang: str) -> str:
    nl = lang == "nl"
    if as_of is not None:
        local = _local(at, as_of.tzinfo)
        days = (as_of.date() - local.date()).days
        if days == 0:
            return "vandaag" if nl else "today"
        if days == 1:
            return "gisteren" if nl else "yesterday"
        if 1 < days < _WEEK:
            return f"{days} dagen geleden" if nl else f"{days} days ago"
        at = local
    month = _MONTHS["nl" if nl else "en"].split()[at.month - 1]
    return f"op {at.day} {month}" if nl else f"on {at.day} {month}"


_NOON, _EVENING, _MORNING = 12, 18, 5


def _greeting(as_of: dt.datetime | None, zone: dt.tzinfo | None, lang: str) -> str:
    nl = lang == "nl"
    if as_of is None:
        return "Goedendag" if nl else "Hello"
    hour = _local(as_of, zone).hour if zone is not None else as_of.hour
    if _MORNING <= hour < _NOON:
        return "Goedemorgen" if nl else "Good morning"
    if _NOON <= hour < _EVENING:
        return "Goedemiddag" if nl else "Good afternoon"
    return "Goedenavond" if nl else "Good evening"


def _is_topical(event: Event) -> bool:
    return _text_property(event, "topic") is not None or _text_property(event, "title") is not None


def _fact(kind: str, event: Event) -> tuple[str, tuple[str, str, str]]:
    return _content_fact(event) if kind == "content" else _FACTS[kind]


def opening_line(verdict: Verdict, lang: str = "en") -> str | None:
    """See :meth:`Verdict.opening_line`."""
    from leadqual.verdict._verdict import Decision  # noqa: PLC0415 - a cycle at import time

    # A disqualified lead gets no sales follow-up, so nothing to open a call with.
    if not verdict.signals or verdict.decision is Decision.DISQUALIFY:
        return None
    kinds = verdict.signal_kinds or tuple(signal_kind(e) or "" for e in verdict.signals)
    pairs = [(e, k) for e, k in zip(verdict.signals, kinds, strict=False) if k]
    chosen = pairs[:2]
    # A download with a topic is what makes the line personal (the article's "case
    # study on efficiency in manufacturing"): it takes the second place.
    topical = next((p for p in pairs[2:] if p[1] == "content" and _is_topical(p[0])), None)
    if topical is not None and len(chosen) == 2:  # noqa: PLR2004 - two facts at most
        chosen[1] = topical
    if not chosen:  # pragma: no cover - signals are chosen by kind
        return None
    chosen.sort(key=lambda pair: pair[0].at)  # tell it in the order it happened
    nl = lang == "nl"
    facts: list[str] = []
    previous = None
    for event, kind in chosen:
        english, (reflexive, thing, participle) = _fact(kind, event)
        when = _when(event.at, verdict.as_of, lang)
        shown = "" if when == previous else when
        previous = when
        if nl:
            facts.append(" ".join(w for w in (reflexive, shown, thing, "heeft", participle) if w))
        else:
            facts.append(" ".join(w for w in (shown, "you", english) if w) if shown else english)
    body = (
        "ik zie dat u " + " en ".join(facts) + "."
        if nl
        else "I see that " + ", and ".join(facts) + "."
    )
    zone = max(verdict.signals, key=lambda e: e.at).at.tzinfo
    greeting = _greeting(verdict.as_of, zone, lang)
    name = f" {verdict.first_name}" if verdict.first_name else ""
    line = f"{greeting}{name}, {body}"
    if verdict.pain_points:
        pain = verdict.pain_points[0]
        line += (
            f" Is {pain} de uitdaging waar u nu mee bezig bent?"
            if nl
            else f" Is {pain} the challenge you are working on right now?"
        )
    return line
