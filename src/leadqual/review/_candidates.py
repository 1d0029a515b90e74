"""Candidate rules for calibration: what a learned table may give points for.

Candidates come from the data (a rule per frequent category, one for the rare rest,
one for "unknown", cut points "at least c" for numbers, first and repeated events of each
type) and from a given model's own rules. Every candidate is an ordinary
:class:`~leadqual.scoring.Rule` with 1 point, so the features the calibrator learns from
are exactly what the scoring engine computes: a learned model means what it was fit on.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from leadqual.review._outcome import parse_path, read_path
from leadqual.scoring import (
    Between,
    Equals,
    EventMatch,
    FreeEmail,
    Known,
    Not,
    OneOf,
    Rule,
    ScoringModel,
    Unknown,
)

if TYPE_CHECKING:
    from leadqual.lead import Lead
    from leadqual.scoring import Condition

__all__ = ["BASE_RULE", "Candidate", "candidates", "normal_path"]

BASE_RULE = "base"
"""The name of the learned model's starting points (a rule every lead matches)."""

# Lead fields worth learning from; names, e-mail addresses and ids identify, not predict.
_CATEGORICAL = ("job_title", "source", "company.industry", "company.country")
_LIST = ("company.technologies",)
_NUMERIC = ("company.employees", "company.annual_revenue")
_PRESENCE = ("phone", "company.domain")
_EVENT_COUNTS = (1, 3)
_MAX_EVENT_VALUES = 12


@attrs.frozen
class Candidate:
    """One candidate rule and what it reads.

    Attributes:
        rule: the rule, with 1 point (the calibrator learns its points).
        field: the lead path it reads (``events.<type>`` for event rules).
        kind: ``base``, ``model`` (from the given model), ``category``, ``other``,
            ``unknown``, ``flag``, ``at_least`` or ``event``.
        cut: the cut point of an ``at_least`` candidate (0 otherwise).
    """

    rule: Rule
    field: str
    kind: str
    cut: float = 0.0


def normal_path(path: str) -> str:
    """A lead path in dotted form, so ``attributes["a"]`` and ``attributes.a`` compare equal.

    >>> normal_path('attributes["Converted"]')
    'attributes.Converted'
    """
    return ".".join(parse_path(path))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:24].strip("_") or "x"


def _short(field: str) -> str:
    return field.removeprefix("attributes.").removeprefix("answers.").removeprefix("company.")


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _nl_number(value: float) -> str:
    return _shown(value).replace(".", ",")


class _Names:
    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def __call__(self, *parts: str) -> str:
        base = "_".join(_slug(part) for part in parts if part)
        name, k = base, 2
        while name in self.taken:
            name, k = f"{base}_{k}", k + 1
        self.taken.add(name)
        return name


def _rule(name: str, when: Condition, en: str, nl: str) -> Rule:
    return Rule(name, 1, when=when, labels={"en": en, "nl": nl})


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _values(lead: Lead, field: str) -> list[object]:
    value = read_path(lead, field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if isinstance(value, list | tuple):
        return [item for item in value if _scalar(item) or isinstance(item, bool)]
    return [value]


def _numeric(values: Sequence[object]) -> bool:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return len(numbers) >= 0.95 * len(values) and len(set(numbers)) > _MAX_EVENT_VALUES


def _category_candidates(
    field: str, per_lead: Sequence[list[object]], support: int, names: _Names, max_levels: int
) -> Iterator[Candidate]:
    counts: Counter[object] = Counter()
    shown: dict[object, object] = {}
    for values in per_lead:
        for value in {v.casefold() if isinstance(v, str) else v for v in values}:
            counts[value] += 1
    for values in per_lead:
        for value in values:
            shown.setdefault(value.casefold() if isinstance(value, str) else value, value)
    frequent = [value for value, n in counts.most_common(max_levels) if n >= support]
    short = _short(field)
    for value in frequent:
        text = _shown(shown[value])
        scalar = shown[value]
        assert isinstance(scalar, str | int | float | bool)  # noqa: S101 - filtered by _values
        yield Candidate(
            _rule(
                names(short, text),
                Equals(field, scalar),
                f"{short} is '{text}'",
                f"{short} is '{text}'",
            ),
            field,
            "category",
        )
    rest = sum(n for value, n in counts.items() if value not in set(frequent))
    if frequent and rest >= support:
        listed = tuple(shown[value] for value in frequent)
        yield Candidate(
            _rule(
                names(short, "other"),
                Not(OneOf(field, listed)),  # type: ignore[arg-type]
                f"{short}: another value",
                f"{short}: een andere waarde",
            ),
            field,
            "other",
        )


def _unknown_candidate(
    field: str, per_lead: Sequence[list[object]], support: int, names: _Names
) -> Iterator[Candidate]:
    missing = sum(1 for values in per_lead if not values)
    if missing >= support and len(per_lead) - missing >= support:
        short = _short(field)
        yield Candidate(
            _rule(names(short, "unknown"), Unknown(field), f"{short} unknown", f"{short} onbekend"),
            field,
            "unknown",
        )


def _cut_candidates(
    field: str, per_lead: Sequence[list[object]], support: int, names: _Names, bins: int
) -> Iterator[Candidate]:
    numbers = sorted(
        float(v)
        for values in per_lead
        for v in values[:1]
        if isinstance(v, int | float) and not isinstance(v, bool)
    )
    if not numbers:
        return
    cuts: list[float] = []
    for k in range(1, bins):
        cut = numbers[min(len(numbers) - 1, k * len(numbers) // bins)]
        above = len(numbers) - _count_below(numbers, cut)
        below = len(numbers) - above
        if cut > numbers[0] and cut not in cuts and above >= support and below >= support:
            cuts.append(cut)
    short = _short(field)
    for cut in cuts:
        value: float = int(cut) if cut.is_integer() else cut
        yield Candidate(
            _rule(
                names(short, "from", _shown(cut)),
                Between(field, min=value),
                f"{short} at least {_shown(cut)}",
                f"{short} minstens {_nl_number(cut)}",
            ),
            field,
            "at_least",
            cut,
        )


def _count_below(numbers: Sequence[float], cut: float) -> int:
    lo, hi = 0, len(numbers)
    while lo < hi:
        mid = (lo + hi) // 2
        if numbers[mid] < cut:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _field_candidates(  # noqa: PLR0917 - the settings of one field
    field: str, leads: Sequence[Lead], support: int, names: _Names, bins: int, max_levels: int
) -> Iterator[Candidate]:
    per_lead = [_values(lead, field) for lead in leads]
    known = [v for values in per_lead for v in values]
    if not known:
        return
    yield from _unknown_candidate(field, per_lead, support, names)
    if all(isinstance(v, bool) for v in known):
        trues = sum(1 for values in per_lead if True in values)
        if support <= trues <= len(per_lead) - support:
            short = _short(field)
            yield Candidate(
                _rule(names(short), Equals(field, value=True), f"{short}: yes", f"{short}: ja"),
                field,
                "flag",
            )
    elif _numeric(known):
        yield from _cut_candidates(field, per_lead, support, names, bins)
    else:
        yield from _category_candidates(field, per_lead, support, names, max_levels)


def _event_candidates(  # noqa: C901 - one pass over types and their properties
    leads: Sequence[Lead], support: int, names: _Names
) -> Iterator[Candidate]:
    with_type: Counter[str] = Counter()
    props: dict[tuple[str, str], Counter[str]] = {}
    for lead in leads:
        with_type.update({event.type for event in lead.events})
        seen: set[tuple[str, str, str]] = set()
        for event in lead.events:
            for key, value in event.properties.items():
                if isinstance(value, str) and key != "url":
                    seen.add((event.type, key, value.casefold()))
        for kind, key, value in seen:
            props.setdefault((kind, key), Counter())[value] += 1
    for kind, n in sorted(with_type.items()):
        if n < support:
            continue
        short = _slug(kind)
        for count in _EVENT_COUNTS:
            en = f"{kind} (first)" if count == 1 else f"{kind} (each, up to {count})"
            nl = f"{kind} (eerste)" if count == 1 else f"{kind} (elke, tot {count})"
            rule = Rule(
                names(short, "first" if count == 1 else f"upto{count}"),
                1,
                event=EventMatch(kind),
                max_count=count,
                labels={"en": en, "nl": nl},
            )
            yield Candidate(rule, f"events.{kind}", "event", count)
        for (of_kind, key), values in sorted(props.items()):
            if of_kind != kind or len(values) > _MAX_EVENT_VALUES:
                continue
            for value, m in sorted(values.items()):
                if m >= support:
                    rule = Rule(
                        names(short, key, value),
                        1,
                        event=EventMatch(kind, Equals(key, value)),
                        max_count=1,
                        labels={"en": f"{kind} {key} '{value}'", "nl": f"{kind} {key} '{value}'"},
                    )
                    yield Candidate(rule, f"events.{kind}.{key}", "event", 1)


def _data_fields(leads: Sequence[Lead]) -> list[str]:
    fields = [*_CATEGORICAL, *_LIST, *_NUMERIC]
    extra: dict[str, None] = {}
    for lead in leads:
        for mapping in ("attributes", "answers"):
            for key in getattr(lead, mapping):
                extra.setdefault(f"{mapping}.{key}")
    return [*fields, *sorted(extra)]


def _excluded(field: str, exclude: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(field, pattern) for pattern in exclude)


def candidates(
    leads: Sequence[Lead],
    *,
    model: ScoringModel | None = None,
    exclude: Sequence[str] = (),
    min_support: float = 0.01,
    bins: int = 10,
    max_levels: int = 20,
) -> list[Candidate]:
    """The candidate rules for these leads (the base rule first).

    Args:
        leads: the training leads.
        model: a model whose rules join the candidates (knock-outs and custom rules do
            not: they are kept or dropped as they are).
        exclude: lead paths (globs) never to learn from; the outcome's own path belongs
            here.
        min_support: a bin must hold at least this share of the leads (or, above 1, this
            many leads).
        bins: how many quantile bins a number is cut into at most.
        max_levels: at most this many categories of one field get their own rule.

    >>> import leadqual as lq
    >>> leads = [lq.Lead(str(k), source="web" if k % 2 else "fair") for k in range(40)]
    >>> [c.rule.name for c in candidates(leads)]
    ['base', 'source_fair', 'source_web']
    """
    support = max(1, int(min_support if min_support >= 1 else min_support * len(leads)))
    patterns = [normal_path(pattern) for pattern in exclude]
    taken = [rule.name for rule in model.rules] if model is not None else []
    names = _Names([BASE_RULE, *taken])
    found = [
        Candidate(
            Rule(
                BASE_RULE,
                1,
                when=Known("id"),
                labels={"en": "starting points", "nl": "startpunten"},
            ),
            "id",
            "base",
        )
    ]
    if model is not None:
        for rule in model.rules:
            if isinstance(rule, Rule) and not rule.knock_out:
                field = f"events.{rule.event.type}" if rule.event is not None else "model"
                one = attrs.evolve(rule, points=1)
                found.append(Candidate(one, field, "model"))
    for field in _data_fields(leads):
        if not _excluded(field, patterns):
            found.extend(_field_candidates(field, leads, support, names, bins, max_levels))
    for field in _PRESENCE:
        present = sum(1 for lead in leads if _values(lead, field))
        if not _excluded(field, patterns) and support <= present <= len(leads) - support:
            short = _short(field)
            rule = _rule(names(short, "known"), Known(field), f"{short} known", f"{short} bekend")
            found.append(Candidate(rule, field, "flag"))
    emails = sum(1 for lead in leads if lead.email_domain is not None)
    has_free = model is not None and any(
        isinstance(rule, Rule) and isinstance(rule.when, FreeEmail) for rule in model.rules
    )
    if emails >= support and not has_free and not _excluded("email", patterns):
        rule = _rule(
            names("free_email"),
            FreeEmail(),
            "e-mail address at a free provider",
            "e-mailadres bij gratis provider",
        )
        found.append(Candidate(rule, "email", "flag"))
    if not _excluded("events", patterns):
        found.extend(_event_candidates(leads, support, names))
    return found
