"""One stage to write back, the lifecycle's qualify and the hand-off payload."""

from __future__ import annotations

import datetime as dt

import leadqual as lq
from leadqual.icp import ICP, CompanySize, ExcludeDomains
from leadqual.lifecycle import (
    Action,
    Entry,
    History,
    default_qualifier,
    handoff_payload,
    qualify,
    resolve,
)
from leadqual.stage import Stage
from leadqual.verdict import Qualifier

AS_OF = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
QUALIFIER = default_qualifier()


def lead(*events: tuple[str, str], **fields: object) -> lq.Lead:
    """A lead with (type, at) events."""
    return lq.Lead.from_mapping(
        {"id": "L-1", "events": [{"type": t, "at": at} for t, at in events], **fields}
    )


DEMO = ("demo_requested", "2026-11-21T14:02:00+01:00")


class TestResolve:
    """resolve: the CRM stage moved by the verdict only along allowed signal moves."""

    def test_new_sql(self) -> None:
        """A new lead that crossed the line becomes SQL at its crossing event."""
        verdict = QUALIFIER.qualify(lead(DEMO), AS_OF)
        found = resolve(History(), verdict, as_of=AS_OF)
        assert found.stage is Stage.SQL
        assert found.newly_sql
        assert found.entry is not None
        assert found.entry.at == dt.datetime(2026, 11, 21, 13, 2, tzinfo=dt.UTC)
        assert (found.crm_stage, found.verdict_stage, found.model_stage) == (
            Stage.NEW,
            Stage.SQL,
            Stage.NEW,
        )
        assert "The scoring model says new (25 points)" in found.notes[0].get("en")
        assert "Het scoremodel zegt new (25 punten)" in found.notes[0].get("nl")

    def test_never_backwards(self) -> None:
        """An SQL that cools down stays an SQL, and the disagreement is stated."""
        history = History([Entry(AS_OF, Action.ACCEPT, Stage.SQL, source=Stage.MQL)])
        verdict = QUALIFIER.qualify(lead(), AS_OF)
        found = resolve(history, verdict, as_of=AS_OF)
        assert (found.stage, found.entry) == (Stage.SQL, None)
        assert any("The CRM stage sql is kept" in note.get("en") for note in found.notes)

    def test_people_stages_untouched(self) -> None:
        """Signals never move an opportunity, customer or lost lead."""
        verdict = QUALIFIER.qualify(lead(DEMO), AS_OF)
        for stage in (Stage.OPPORTUNITY, Stage.CUSTOMER, Stage.LOST):
            history = History([Entry(AS_OF, Action.IMPORTED, stage)])
            assert resolve(history, verdict, as_of=AS_OF).stage is stage

    def test_knock_out_disqualifies_an_mql(self) -> None:
        """A knock-out moves an MQL to disqualified; it never touches an SQL."""
        icp = ICP(
            criteria=(CompanySize(min_employees=10),),
            exclusions=(ExcludeDomains(domains=("rival.nl",)),),
        )
        knocked = Qualifier(model=lq.starter_model(), icp=icp)
        verdict = knocked.qualify(lead(DEMO, email="jan@rival.nl"), AS_OF)
        assert verdict.stage is Stage.DISQUALIFIED
        mql = History([Entry(AS_OF, Action.QUALIFIED, Stage.MQL, source=Stage.NEW)])
        found = resolve(mql, verdict, as_of=AS_OF)
        assert found.stage is Stage.DISQUALIFIED
        assert found.entry is not None
        assert not found.newly_sql
        sql = History([Entry(AS_OF, Action.ACCEPT, Stage.SQL, source=Stage.MQL)])
        assert resolve(sql, verdict, as_of=AS_OF).stage is Stage.SQL

    def test_entry_never_before_the_last(self) -> None:
        """A crossing before the last history entry is recorded at that entry's time."""
        parked = dt.datetime(2026, 11, 21, 20, tzinfo=dt.UTC)
        history = History([Entry(parked, Action.NOT_NOW, Stage.NURTURE, source=Stage.NEW)])
        verdict = QUALIFIER.qualify(lead(DEMO), AS_OF)
        found = resolve(history, verdict, as_of=AS_OF)
        assert found.entry is not None
        assert found.entry.at == parked


class TestQualify:
    """The lifecycle's qualify: events count from the moment the lead was parked."""

    def test_parked_lead_judged_on_new_signals(self) -> None:
        """The demo before parking does not bring a nurtured lead back."""
        parked = dt.datetime(2026, 11, 21, 20, tzinfo=dt.UTC)
        history = History([Entry(parked, Action.NOT_NOW, Stage.NURTURE, source=Stage.NEW)])
        assert qualify(QUALIFIER, lead(DEMO), History(), AS_OF).stage is Stage.SQL
        assert qualify(QUALIFIER, lead(DEMO), history, AS_OF).stage is Stage.NEW


class TestHandoffPayload:
    """The minimal hand-off payload."""

    def test_fields(self) -> None:
        """Lead, owner, crossing, due, texts in both languages."""
        verdict = QUALIFIER.qualify(lead(DEMO, owner="Anna"), AS_OF)
        entry = resolve(History(), verdict, as_of=AS_OF).entry
        assert entry is not None
        payload = handoff_payload(lead(DEMO, owner="Anna"), verdict, entry)
        assert payload["owner"] == {"name": "Anna", "email": None}
        assert payload["due"] == "2026-11-21T15:02:00+01:00"
        text = payload["text"]
        assert isinstance(text, dict)
        assert str(text["nl"]).startswith("Te laat: bel deze lead direct")
