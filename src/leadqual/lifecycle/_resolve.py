"""One stage to write back: the verdict, the model's threshold stage and the CRM's stage.

Three opinions can name a stage for the same lead, and they must never disagree
silently:

- the **scoring model** says new/mql/sql from its points thresholds;
- the **verdict** (:meth:`leadqual.verdict.Qualifier.qualify`) weighs the model's
  points with the fit and the framework; the model's stage is one of its inputs (a
  model SQL is a call unless a knock-out or an explicit "no" holds it back), so the
  verdict's stage is the one proposal from the evaluators;
- the **CRM stage** is the lead's history (:class:`History`): what signals and people
  already decided.

:func:`resolve` combines them. The written-back stage is the CRM stage, moved by the
verdict only along a ``qualified`` move the transitions allow: forward (new → mql →
sql), to disqualified from new/mql on a knock-out, and out of nurture when new
signals cross the line. Signals never move a lead back (an SQL that cools down stays an
SQL until sales rejects it with a reason) and never touch a stage people set
(opportunity, customer, lost, disqualified). Every disagreement is stated in
:attr:`Resolution.notes`, in English and Dutch.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from leadqual.frameworks import Text
from leadqual.lifecycle._history import Entry, History
from leadqual.lifecycle._transitions import DEFAULT_TRANSITIONS, Action, Transitions
from leadqual.scoring import format_points
from leadqual.stage import Stage

if TYPE_CHECKING:
    from leadqual.lead import JSONValue, Lead
    from leadqual.verdict import Qualifier, Verdict

__all__ = ["Resolution", "default_qualifier", "handoff_payload", "qualify", "resolve"]


def default_qualifier() -> Qualifier:
    """What ``qualify`` and ``ingest`` use without a qualifier: the starter model and BANT.

    The default policy and weights; BANT reads the answers sales recorded, and a lead
    without answers is judged on its points (the framework is then unknown, not 0).

    >>> default_qualifier().framework.name
    'BANT'
    """
    from leadqual.frameworks import BANT  # noqa: PLC0415 - keep the lifecycle import light
    from leadqual.scoring import starter_model  # noqa: PLC0415
    from leadqual.verdict import Qualifier  # noqa: PLC0415

    return Qualifier(model=starter_model(), framework=BANT)


@attrs.frozen
class Resolution:
    """The stage to write back, the entry that moves the lead there, and why.

    Attributes:
        stage: the one stage to write back to the CRM.
        entry: the ``qualified`` history entry to record, or ``None`` (no move).
        crm_stage: the stage before (the history's).
        verdict_stage: the verdict's proposal.
        model_stage: the scoring model's threshold stage (``None`` without a model).
        notes: each disagreement between the three, in English and Dutch.
    """

    stage: Stage
    entry: Entry | None
    crm_stage: Stage
    verdict_stage: Stage
    model_stage: Stage | None
    notes: tuple[Text, ...] = ()

    @property
    def newly_sql(self) -> bool:
        """Whether this resolution makes the lead an SQL (a hand-off is due)."""
        return self.entry is not None and self.entry.stage is Stage.SQL


def qualify(
    qualifier: Qualifier, lead: Lead, history: History, as_of: dt.datetime | str | None
) -> Verdict:
    """The verdict for a lead in its lifecycle: events since it was parked count.

    A lead in (or back from) nurture is judged on the signals since it was parked
    (:attr:`History.counting_since`), so old engagement cannot bring it back.

    >>> import leadqual as lq
    >>> from leadqual.verdict import Qualifier
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
    ...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
    >>> qualify(Qualifier(model=lq.starter_model()), lead, History(),
    ...         "2026-11-22T09:00:00+01:00").stage.value
    'sql'
    """
    since = history.counting_since
    if since is not None:
        lead = attrs.evolve(lead, events=tuple(e for e in lead.events if e.at >= since))
    return qualifier.qualify(lead, as_of=as_of)


def _at(verdict: Verdict, history: History, as_of: dt.datetime) -> dt.datetime:
    moment = verdict.follow_up.since if verdict.stage is Stage.SQL else None
    moment = moment or as_of
    if history.entries and moment < history.entries[-1].at:
        return history.entries[-1].at
    return moment


def resolve(
    history: History,
    verdict: Verdict,
    *,
    as_of: dt.datetime,
    transitions: Transitions = DEFAULT_TRANSITIONS,
) -> Resolution:
    """Combine the CRM stage (``history``) with a fresh verdict into one stage.

    >>> import datetime as dt
    >>> import leadqual as lq
    >>> from leadqual.verdict import Qualifier
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
    ...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
    >>> as_of = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
    >>> verdict = Qualifier(model=lq.starter_model()).qualify(lead, as_of=as_of)
    >>> found = resolve(History(), verdict, as_of=as_of)
    >>> found.stage.value, found.entry.kind.value, found.entry.at.isoformat()
    ('sql', 'qualified', '2026-11-21T14:02:00+01:00')
    >>> print(found.notes[0].get("en"))
    The scoring model says new (25 points); the verdict says sql: Showed buying intent: ...
    """
    crm, proposed, model = history.stage, verdict.stage, verdict.model_stage
    notes: list[Text] = []
    if model is not None and model is not proposed:
        pts = format_points(verdict.points or 0)
        why = verdict.why[len(verdict.knock_outs)] if verdict.why else Text("", "")
        notes.append(
            Text(
                f"The scoring model says {model.value} ({pts} points); the verdict says "
                f"{proposed.value}: {why.get('en')}",
                f"Het scoremodel zegt {model.value} ({pts} punten); het oordeel zegt "
                f"{proposed.value}: {why.get('nl')}",
            )
        )
    entry = None
    stage = crm
    if proposed is not crm and transitions.can(Action.QUALIFIED, crm, proposed):
        forward = proposed.rank > crm.rank or proposed is Stage.DISQUALIFIED
        if forward:
            stage = proposed
            entry = Entry(
                at=_at(verdict, history, as_of),
                kind=Action.QUALIFIED,
                stage=proposed,
                source=crm,
                decision=verdict.decision.value,
                score=verdict.score,
            )
    if entry is None and proposed is not crm:
        notes.append(
            Text(
                f"The CRM stage {crm.value} is kept: the verdict's {proposed.value} is not "
                "a move signals may make from there (people decide, with a reason)",
                f"De CRM-fase {crm.value} blijft: {proposed.value} volgens het oordeel is "
                "geen stap die signalen daar mogen zetten (mensen beslissen, met een reden)",
            )
        )
    return Resolution(stage, entry, crm, proposed, model, tuple(notes))


def handoff_payload(lead: Lead, verdict: Verdict, entry: Entry) -> dict[str, JSONValue]:
    """A minimal hand-off body: who, when it crossed, when to call, and why.

    The automation layer (triggers, owners, dossier) builds a richer one with the same
    signature (:class:`leadqual.typing.HandoffBuilder`).

    >>> import datetime as dt
    >>> import leadqual as lq
    >>> from leadqual.verdict import Qualifier
    >>> lead = lq.Lead.from_mapping({"id": "L-1", "owner": "anna@acme.nl", "events": [
    ...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
    >>> as_of = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
    >>> verdict = Qualifier(model=lq.starter_model()).qualify(lead, as_of=as_of)
    >>> entry = resolve(History(), verdict, as_of=as_of).entry
    >>> payload = handoff_payload(lead, verdict, entry)
    >>> payload["lead_id"], payload["crossed_at"], payload["due"]
    ('L-1', '2026-11-21T14:02:00+01:00', '2026-11-21T15:02:00+01:00')
    """
    due = verdict.follow_up.due
    email = lead.owner if lead.owner is not None and "@" in lead.owner else None
    data: dict[str, Any] = {
        "lead_id": lead.id,
        "owner": {"name": lead.owner, "email": email},
        "stage": entry.stage.value,
        "crossed_at": entry.at.isoformat(),
        "due": due.isoformat() if due is not None else None,
        "score": verdict.score,
        "points": verdict.points,
        "text": {"en": verdict.follow_up.describe("en"), "nl": verdict.follow_up.describe("nl")},
        "reasons": {"en": verdict.reasons("en"), "nl": verdict.reasons("nl")},
        "opening_line": {"en": verdict.opening_line("en"), "nl": verdict.opening_line("nl")},
    }
    return data
