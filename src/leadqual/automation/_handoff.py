"""The hand-off a config asks for: who owns it, when it is due, what it says.

:func:`handoff_builder` turns a :class:`Config` into a
:class:`leadqual.typing.HandoffBuilder` for ``store.ingest``: the owner is routed
(:func:`route_owner`), the due time counts the SLA from the crossing event inside
the business hours, and the texts come in English and Dutch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from leadqual.automation._dossier import _check, dossier
from leadqual.automation._hours import BusinessHours
from leadqual.automation._owners import route_owner
from leadqual.exceptions import ConfigError

if TYPE_CHECKING:
    from leadqual.automation._config import Config
    from leadqual.lead import JSONValue, Lead
    from leadqual.lifecycle import Entry
    from leadqual.typing import HandoffBuilder
    from leadqual.verdict import Verdict

__all__ = ["business_hours", "handoff_builder"]

_TEXT = {
    "en": "Call {lead} before {due}: {why}",
    "nl": "Bel {lead} vóór {due}: {why}",
}


def business_hours(config: Config) -> BusinessHours | None:
    """The config's business hours, or ``None`` when the SLA runs around the clock."""
    settings = config.handoff
    if settings.business_hours is None:
        return None
    try:
        closed = [dt.date.fromisoformat(day) for day in settings.closed]
    except ValueError as exc:
        raise ConfigError.at(place="handoff.closed", detail=str(exc)) from exc
    return BusinessHours.parse(
        settings.business_hours,
        settings.timezone or "UTC",
        closed=closed,
        holidays=settings.holidays,
    )


def handoff_builder(config: Config) -> HandoffBuilder:
    """A hand-off builder for ``store.ingest`` that follows ``config``.

    >>> import leadqual as lq
    >>> from leadqual.automation import config_from_data
    >>> from leadqual.lifecycle import History, resolve
    >>> from leadqual.verdict import Qualifier
    >>> config = config_from_data({"handoff": {"business_hours": "mon-fri 09:00-17:00",
    ...     "timezone": "Europe/Amsterdam"}, "owners": [{"name": "Anna", "email": "anna@acme.nl"}]})
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
    ...     {"type": "demo_requested", "at": "2026-11-20T16:30:00+01:00"}]})
    >>> qualifier = Qualifier(model=lq.starter_model())
    >>> verdict = qualifier.qualify(lead, as_of="2026-11-20T16:31:00+01:00")
    >>> entry = resolve(History(), verdict, as_of=verdict.as_of).entry
    >>> payload = handoff_builder(config)(lead, verdict, entry)
    >>> payload["owner"], payload["due"]
    ({'name': 'Anna', 'email': 'anna@acme.nl'}, '2026-11-23T09:30:00+01:00')
    """
    hours = business_hours(config)
    sla = config.handoff.sla
    redact = config.handoff.redact
    _check(redact)

    def build(lead: Lead, verdict: Verdict, entry: Entry) -> Mapping[str, JSONValue]:
        crossed = verdict.follow_up.since if verdict.follow_up.since is not None else entry.at
        due = hours.due(crossed, sla) if hours is not None else crossed + sla
        owner = route_owner(lead, config.owners)
        reasons = {lang: verdict.reasons(lang) for lang in ("en", "nl")}
        data: dict[str, Any] = {
            "lead_id": lead.id,
            "owner": {
                "name": owner.name if owner else None,
                "email": owner.email if owner else None,
            },
            "stage": entry.stage.value,
            "crossed_at": crossed.isoformat(),
            "due": due.isoformat(),
            "score": verdict.score,
            "points": verdict.points,
            "text": {
                lang: _TEXT[lang].format(
                    lead=lead.id, due=due.isoformat(), why="; ".join(reasons[lang][:2])
                )
                for lang in ("en", "nl")
            },
            "reasons": reasons,
            "opening_line": {lang: verdict.opening_line(lang) for lang in ("en", "nl")},
            "questions": {lang: verdict.next_questions(lang, limit=3) for lang in ("en", "nl")},
            "dossier": {
                lang: dossier(lead, verdict, lang=lang, redact=redact) for lang in ("en", "nl")
            },
        }
        return data

    return build
