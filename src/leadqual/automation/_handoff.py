"""The hand-off a config asks for: which stage changes, who owns it, when it is due, what it says.

:func:`handoff_builder` turns a :class:`Config` into a :class:`Handoffs`, the
:class:`leadqual.typing.RoutedHandoffBuilder` for ``store.ingest``: a new SQL hands
off to sales, and each ``[[handoff.transitions]]`` (an MQL to marketing) to its team;
the owner is routed (:func:`route_owner`, round robin on the store's counter), the due
time counts the SLA from the crossing event inside the business hours, and the texts
come in English and Dutch (the due time as a Dutch date in Dutch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from leadqual._lang import format_datetime
from leadqual.automation._dossier import _check, dossier
from leadqual.automation._hours import BusinessHours
from leadqual.automation._owners import Turn, route_owner
from leadqual.exceptions import ConfigError
from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.automation._config import Config, Transition
    from leadqual.lead import JSONValue, Lead
    from leadqual.lifecycle import Entry
    from leadqual.verdict import Verdict

__all__ = ["Handoffs", "business_hours", "handoff_builder"]

_TEXT = {
    "en": "Call {lead} before {due}: {why}",
    "nl": "Bel {lead} vóór {due}: {why}",
}
_FOLLOW_UP_TEXT = {
    "en": "Follow up {lead} ({stage}) before {due}: {why}",
    "nl": "Volg {lead} ({stage}) op vóór {due}: {why}",
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


def _due_text(due: dt.datetime, lang: str) -> str:
    # In Dutch a Dutch date ("23 november, 09:30 uur"); in English the unambiguous ISO
    # form with its offset, which machines reading the text can still parse.
    return format_datetime(due, "nl") if lang == "nl" else due.isoformat()


@attrs.frozen
class Handoffs:
    """The hand-offs a config asks for; build one with :func:`handoff_builder`.

    Called as a plain :class:`leadqual.typing.HandoffBuilder` (``builder(lead, verdict,
    entry)``) it builds the SQL hand-off with a hash spread over the team; the store
    calls :meth:`build` with its round-robin counter instead, and asks
    :meth:`hands_off` which stage changes hand off at all.
    """

    config: Config
    hours: BusinessHours | None

    def transition(self, before: Stage, entry: Entry) -> Transition | None:
        """The configured transition a non-SQL change is, if any."""
        for transition in self.config.handoff.transitions:
            if transition.matches(before, entry.stage):
                return transition
        return None

    def hands_off(self, before: Stage, entry: Entry) -> bool:
        """Whether the change from ``before`` recorded by ``entry`` hands off."""
        if entry.stage is Stage.SQL:
            return before is not Stage.SQL
        return self.transition(before, entry) is not None

    def __call__(self, lead: Lead, verdict: Verdict, entry: Entry) -> Mapping[str, JSONValue]:
        """The payload, the owner spread by the lead's id (no store, no counter)."""
        return self.build(lead, verdict, entry)

    def build(
        self,
        lead: Lead,
        verdict: Verdict,
        entry: Entry,
        *,
        turn: Turn | None = None,
        before: Stage | None = None,
    ) -> Mapping[str, JSONValue]:
        """The payload of the hand-off ``entry`` causes; ``turn``: the store's counter."""
        settings = self.config.handoff
        transition = (
            None if entry.stage is Stage.SQL or before is None else (self.transition(before, entry))
        )
        if entry.stage is Stage.SQL:
            crossed = verdict.follow_up.since if verdict.follow_up.since is not None else entry.at
        else:
            crossed = entry.at
        sla = settings.sla
        if transition is not None and transition.sla_minutes is not None:
            sla = dt.timedelta(minutes=transition.sla_minutes)
        due = self.hours.due(crossed, sla) if self.hours is not None else crossed + sla
        team = transition.team if transition is not None else None
        owner = route_owner(lead, self.config.owners, team=team, turn=turn)
        reasons = {lang: verdict.reasons(lang) for lang in ("en", "nl")}
        texts = _TEXT if entry.stage is Stage.SQL else _FOLLOW_UP_TEXT
        redact = settings.redact
        dossiers = {lang: dossier(lead, verdict, lang=lang, redact=redact) for lang in ("en", "nl")}
        data: dict[str, Any] = {
            "lead_id": lead.id,
            "owner": {
                "name": owner.name if owner else None,
                "email": owner.email if owner else None,
            },
            "team": team,
            "stage": entry.stage.value,
            "crossed_at": crossed.isoformat(),
            "due": due.isoformat(),
            "score": verdict.score,
            "points": verdict.points,
            "text": {
                lang: texts[lang].format(
                    lead=lead.id,
                    stage=entry.stage.value.upper(),
                    due=_due_text(due, lang),
                    why="; ".join(reasons[lang][:2]),
                )
                for lang in ("en", "nl")
            },
            "reasons": reasons,
            # the dossier's opening line: redacted as the dossier is (``[handoff] redact``)
            "opening_line": {lang: dossiers[lang]["opening_line"] for lang in ("en", "nl")},
            "questions": {lang: verdict.next_questions(lang, limit=3) for lang in ("en", "nl")},
            "dossier": dossiers,
        }
        return data


def handoff_builder(config: Config) -> Handoffs:
    """The hand-off builder for ``store.ingest`` that follows ``config``.

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
    >>> payload["text"]["nl"].startswith("Bel L-1 vóór 23 november, 09:30 uur: ")
    True
    """
    _check(config.handoff.redact)
    return Handoffs(config, business_hours(config))
