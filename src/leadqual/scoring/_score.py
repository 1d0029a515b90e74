"""What scoring returns: the total, its groups, the stage, and a ledger that adds up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, overload

import attrs

from leadqual._lang import content_label, format_datetime, format_number, language
from leadqual.icp import Fit
from leadqual.industries import find_industry
from leadqual.lead import Event, JSONValue
from leadqual.stage import Stage

__all__ = ["Entry", "Evidence", "Ledger", "Score", "format_points"]


def format_points(points: float) -> str:
    """Points as people read them: ``25``, ``12.5``, ``-3.75`` (two decimals at most).

    >>> format_points(25.0), format_points(12.5), format_points(-0.0009765625)
    ('25', '12.5', '-0')
    """
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return "-0" if text == "-0" else text


@attrs.frozen
class Evidence:
    """Why a ledger entry exists: the event it counted, or the field value it saw."""

    event: Event | None = None
    field: str | None = None
    value: JSONValue = None

    def describe(self, lang: str = "en") -> str:
        """One phrase: ``page_view /pricing at 20 November, 09:12`` or ``job_title = 'Student'``.

        Dutch names the event and the field in Dutch (``paginabezoek /pricing op
        20 november, 09:12 uur``, ``functietitel = 'Student'``); types and fields of your
        own stay as you named them.
        """
        nl = language(lang) == "nl"
        event = self.event
        if event is not None:
            # One phrase per ledger entry of every scored row: the common case kept lean.
            properties = event.properties
            detail = ""
            if properties:
                shown = sorted(key for key in properties if key in _SHOWN)  # keys are unique
                if shown:
                    detail = " ".join(
                        [_value(key, properties[key], lang) for key in shown]
                        if nl
                        else [str(properties[key]) for key in shown]
                    )
            when = format_datetime(event.at, lang)
            kind = _EVENT_TYPES_NL.get(event.type, event.type) if nl else event.type
            word = "op" if nl else "at"
            return " ".join([part for part in (kind, detail, word, when) if part])
        field = _FIELDS_NL.get(self.field or "", self.field) if nl else self.field
        if field is not None and isinstance(self.value, dict):
            parts = ", ".join(f"{key} {value}" for key, value in self.value.items())
            return f"{field}: {parts}"
        if field is not None:
            return f"{field} = {self.value!r}"
        return ""


def _value(key: str, value: JSONValue, lang: str) -> str:
    if language(lang) == "nl" and isinstance(value, str):
        if key == "content_type":
            return content_label(value, lang)
        industry = find_industry(value) if key == "topic" else None
        if industry is not None:
            return "over " + industry.label("nl").lower()
    return str(value)


_EVENT_TYPES_NL = {
    "page_view": "paginabezoek",
    "demo_requested": "demoaanvraag",
    "pricing_requested": "prijsaanvraag",
    "content_download": "download",
    "webinar_registered": "aanmelding webinar",
    "webinar_attended": "webinar bijgewoond",
    "form_submitted": "formulier verstuurd",
    "email_open": "e-mail geopend",
    "email_click": "klik in e-mail",
    "newsletter_signup": "aanmelding nieuwsbrief",
    "meeting_booked": "afspraak ingepland",
    "unsubscribed": "afgemeld",
}

_FIELDS_NL = {
    "job_title": "functietitel",
    "email": "e-mailadres",
    "email_domain": "e-maildomein",
    "company": "bedrijf",
    "company.name": "bedrijfsnaam",
    "company.employees": "medewerkers",
    "company.annual_revenue": "jaaromzet",
    "company.industry": "branche",
    "company.country": "land",
    "country": "land",
    "industry": "branche",
    "employees": "medewerkers",
    "source": "bron",
    "seniority": "senioriteit",
    "department": "afdeling",
}


_SHOWN = frozenset({"url", "content_type", "topic", "title", "form", "campaign", "name"})


@attrs.frozen
class Entry:
    """One line of the ledger.

    Attributes:
        rule: the rule's name (``"cap:engagement"``/``"cap:total"`` for a cap).
        group: the group the points belong to (``"total"`` for the total cap).
        points: what this entry adds to the total, after decay.
        raw_points: the rule's points before decay (equal to ``points`` for caps).
        decay: the decay factor applied (1.0 when none).
        evidence: the event or field value behind it.
        kind: ``"rule"`` or ``"cap"``.
        label: the rule's human name (English; :meth:`Score.explain` translates).
    """

    rule: str
    group: str
    points: float
    raw_points: float
    decay: float = 1.0
    evidence: Evidence = attrs.field(factory=Evidence)
    kind: str = "rule"
    label: str = ""


class Ledger(Sequence[Entry]):
    """The ledger of a score, built on first access so plain scoring stays fast.

    ``build(*args)`` makes the entries; the arguments are kept instead of a closure so
    that creating a ledger costs one small object on the hot path.
    """

    __slots__ = ("_args", "_build", "_entries")

    def __init__(self, build: Callable[..., tuple[Entry, ...]], *args: object) -> None:
        self._build: Callable[..., tuple[Entry, ...]] | None = build
        self._args = args
        self._entries: tuple[Entry, ...] = ()

    def _items(self) -> tuple[Entry, ...]:
        if self._build is not None:
            self._entries = self._build(*self._args)
            self._build = None
            self._args = ()
        return self._entries

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        return self._items()[index]

    def __len__(self) -> int:
        return len(self._items())

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ledger):
            return self._items() == other._items()
        if isinstance(other, tuple | list):
            return list(self._items()) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Ledger({list(self._items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # The builder is generated code and cannot be pickled: send the entries instead.
        return (Ledger, (_given, self._items()))


def _given(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    return entries


_HEADER = {
    "en": "{id}: {points} points, {stage}",
    "nl": "{id}: {points} punten, {stage}",
}
_GROUPS = {"en": "groups", "nl": "groepen"}
_NOTHING = {"en": "  (no rule matched)", "nl": "  (geen enkele regel van toepassing)"}
_DECAY = {"en": "decayed to {pct}", "nl": "telt nog voor {pct} mee"}
_CAP = {"en": "cap on {group}", "nl": "maximum voor {group}"}
_KNOCKOUT = {"en": "knock-out", "nl": "knock-out"}
_IGNORED = {
    "en": "  ({n} events after the scoring moment were ignored)",
    "nl": "  ({n} gebeurtenissen na het peilmoment zijn genegeerd)",
}
_IGNORED_ONE = {
    "en": "  (1 event after the scoring moment was ignored)",
    "nl": "  (1 gebeurtenis na het peilmoment is genegeerd)",
}


@attrs.frozen
class Score:
    """A lead's score: the total, the group sums, the stage, and the ledger behind them.

    ``sum(entry.points for entry in score.ledger) == score.points`` holds exactly: decayed
    points are kept on a grid of 1/1024 so no sum depends on the order of adding.

    Attributes:
        lead_id: the scored lead's id.
        points: the total.
        groups: each group's sum, after its caps (``fit``, ``engagement``…).
        stage: ``NEW``, ``MQL``, ``SQL``, or ``DISQUALIFIED`` after a knock-out rule.
        matrix: the fit × engagement label (``"A1"``) when the model defines a matrix.
        as_of: the moment scored (``None`` when no time was given and the lead had none).
        knocked_out: names of the knock-out rules that matched.
        ledger: every contribution, with its rule, evidence and decay.
        icp_fit: the ICP fit behind the model's fit points, when it has them.
        ignored_future: how many of the lead's events were after ``as_of`` (plus the
            model's ``future_tolerance``) and so did not count: a sender whose clock
            runs ahead shows here instead of silently losing points.
    """

    lead_id: str
    points: float
    groups: Mapping[str, float] = attrs.field(hash=False)
    stage: Stage
    matrix: str | None = None
    as_of: dt.datetime | None = None
    knocked_out: tuple[str, ...] = ()
    ledger: Sequence[Entry] = attrs.field(factory=tuple, eq=False, hash=False, repr=False)
    labels: Mapping[str, Mapping[str, str]] = attrs.field(
        factory=dict, eq=False, hash=False, repr=False
    )
    icp_fit: Fit | None = attrs.field(default=None, hash=False, repr=False)
    ignored_future: int = attrs.field(default=0, eq=False, hash=False)

    @property
    def fit(self) -> float:
        """The ``fit`` group's sum (0 when the model has no such group)."""
        return self.groups.get("fit", 0)

    @property
    def engagement(self) -> float:
        """The ``engagement`` group's sum (0 when the model has no such group)."""
        return self.groups.get("engagement", 0)

    def reasons(self, lang: str = "en", limit: int | None = None) -> list[str]:
        """The largest contributions as short phrases, biggest effect first.

        Entries of the same rule are combined (``+30 pricing page visited (2x)``).
        """
        totals: dict[str, list[float]] = {}
        for entry in self.ledger:
            if entry.kind == "rule":
                totals.setdefault(entry.rule, []).append(entry.points)
        return reason_phrases(totals, self.rule_label, lang, limit)

    def rule_label(self, rule: str, lang: str = "en") -> str:
        """The human name of ``rule`` in ``lang`` (English when untranslated).

        >>> import leadqual as lq
        >>> lq.starter_model().score(lq.Lead("L-1")).rule_label("demo_requested", "nl")
        'demo aangevraagd'
        """
        labels = self.labels.get(rule, {})
        return labels.get(lang) or labels.get("en") or rule.replace("_", " ")

    def _repr_html_(self) -> str:
        from leadqual._display import explained_html  # noqa: PLC0415 - notebooks only

        return explained_html(self.explain())

    def explain(self, lang: str = "en") -> str:
        """The score in words, one ledger line each, in English (``"en"``) or Dutch (``"nl"``).

        >>> import leadqual as lq
        >>> lead = lq.Lead("L-7", email="kim@ziggo.nl", job_title="Student")
        >>> print(lq.starter_model().score(lead).explain("nl"))
        L-7: -30 punten, Nieuwe lead
          -20 functietitel bevat 'student' (functietitel = 'Student')
          -10 e-mailadres bij gratis provider (e-maildomein = 'ziggo.nl')
          groepen: fit -30, engagement 0
        """
        lang = lang if lang in _HEADER else "en"
        lines = [
            _HEADER[lang].format(
                id=self.lead_id, points=_points(self.points, lang), stage=self.stage.label(lang)
            )
        ]
        if self.matrix:
            lines[0] += f" [{self.matrix}]"
        for entry in self.ledger:
            sign = "+" if entry.points >= 0 else ""
            if entry.kind == "cap":
                what = _CAP[lang].format(group=entry.group)
                lines.append(f"  {sign}{_points(entry.points, lang)} {what}")
                continue
            notes = [entry.evidence.describe(lang)]
            if entry.decay != 1:
                pct = _points(entry.decay * 100, lang) + "%"
                notes.append(_DECAY[lang].format(pct=pct))
            if entry.rule in self.knocked_out:
                notes.append(_KNOCKOUT[lang])
            detail = "; ".join(note for note in notes if note)
            label = self.rule_label(entry.rule, lang)
            lines.append(
                f"  {sign}{_points(entry.points, lang)} {label}"
                + (f" ({detail})" if detail else "")
            )
        if len(lines) == 1:
            lines.append(_NOTHING[lang])
        groups = ", ".join(f"{name} {_points(value, lang)}" for name, value in self.groups.items())
        lines.append(f"  {_GROUPS[lang]}: {groups}")
        if self.ignored_future == 1:
            lines.append(_IGNORED_ONE[lang])
        elif self.ignored_future:
            lines.append(_IGNORED[lang].format(n=self.ignored_future))
        return "\n".join(lines)


def reason_phrases(
    totals: Mapping[str, Sequence[float]],
    rule_label: Callable[[str, str], str],
    lang: str,
    limit: int | None = None,
) -> list[str]:
    """:meth:`Score.reasons` from each rule's ledger points, in ledger order.

    One copy for the score and for the CLI's JSON rows, which collect ``totals`` while
    they write the ledger instead of walking it twice.
    """
    ranked = sorted(totals.items(), key=lambda item: (-abs(sum(item[1])), item[0]))
    phrases = []
    for rule, points in ranked[:limit]:
        count = f" ({len(points)}x)" if len(points) > 1 else ""
        total = sum(points)
        sign = "+" if total >= 0 else ""
        phrases.append(f"{sign}{_points(total, lang)} {rule_label(rule, lang)}{count}")
    return phrases


def _points(points: float, lang: str) -> str:
    # Like format_points (two decimals at most, "-0" for a tiny negative), in the
    # language's own decimal mark.
    return format_points(points) if language(lang) == "en" else format_number(points, lang)
