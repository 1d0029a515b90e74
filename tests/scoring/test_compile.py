"""The compiled model: frequency, recency, decay, caps, stages, and its invariants."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual.exceptions import ConfigError, TimestampError
from leadqual.lead import Company, Event, Lead
from leadqual.scoring import (
    Between,
    Contains,
    CustomRule,
    EventMatch,
    ExponentialDecay,
    Glob,
    Group,
    LinearDecay,
    Matrix,
    Rule,
    ScoringModel,
    Thresholds,
    quantize,
)
from leadqual.stage import Stage
from strategies import BASE, events, leads, models, moments

AS_OF = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
PRICING = EventMatch("page_view", Glob("url", "/pricing*"))


def view(days_ago: float, url: str = "/pricing", event_id: str | None = None) -> Event:
    """A page view ``days_ago`` days before AS_OF."""
    return Event("page_view", AS_OF - dt.timedelta(days=days_ago), {"url": url}, id=event_id)


def lead_with(*items: Event, **fields: object) -> Lead:
    """A lead with the given events."""
    return Lead("L-1", events=items, **fields)  # type: ignore[arg-type]


def points(rule: Rule, *items: Event) -> float:
    """The total of a one-rule model for a lead with ``items``, as of AS_OF."""
    return ScoringModel([rule]).score(lead_with(*items), as_of=AS_OF).points


class TestQuantize:
    """Quantize."""

    def test_grid(self) -> None:
        """Points land on the 1/1024 grid; whole numbers come back as int."""
        assert quantize(25.0) == 25
        assert type(quantize(25.0)) is int
        assert quantize(0.1) == 102 / 1024
        assert quantize(-7.5) == -7.5


class TestFrequency:
    """Frequency."""

    def test_every_occurrence(self) -> None:
        """Without limits every matching event counts."""
        assert points(Rule("p", 15, event=PRICING), view(1), view(2), view(3)) == 45

    def test_once(self) -> None:
        """max_count=1 counts one event."""
        assert points(Rule("p", 15, event=PRICING, max_count=1), view(1), view(2)) == 15

    def test_at_most_n(self) -> None:
        """max_count=N counts at most N events."""
        rule = Rule("p", 10, event=PRICING, max_count=2)
        assert points(rule, view(1), view(2), view(3), view(4)) == 20

    def test_once_per(self) -> None:
        """once_per counts one event per period: 3 views in an hour count once."""
        rule = Rule("p", 10, event=PRICING, once_per="1d")
        hour = 1 / 24
        assert points(rule, view(5), view(5 - hour), view(5 - 2 * hour), view(3)) == 20

    def test_within_days(self) -> None:
        """Only events of the last N days before as_of count."""
        rule = Rule("p", 10, event=PRICING, within_days=7)
        assert points(rule, view(1), view(6.9), view(7.1), view(30)) == 20

    def test_non_matching_url(self) -> None:
        """Events of another type or URL do not count."""
        assert points(Rule("p", 15, event=PRICING), view(1, "/blog/x")) == 0

    def test_any_type(self) -> None:
        """Type "*" matches every event type."""
        demo = Event("demo_requested", AS_OF, {})
        assert points(Rule("any", 1, event=EventMatch("*")), view(1), demo) == 2


class TestDecay:
    """Decay."""

    def test_exponential_half_life(self) -> None:
        """An event one half-life old counts half, two half-lives a quarter."""
        rule = Rule("p", 20, event=PRICING, decay=ExponentialDecay(half_life_days=10))
        assert points(rule, view(10)) == 10
        assert points(rule, view(20), view(0)) == 25

    def test_linear_with_floor(self) -> None:
        """Linear decay stops at the floor."""
        rule = Rule("p", 20, event=PRICING, decay=LinearDecay(over_days=10, floor=0.25))
        assert points(rule, view(5)) == 10
        assert points(rule, view(50)) == 5

    def test_group_decay(self) -> None:
        """A group's decay applies to its rules that have none of their own."""
        model = ScoringModel(
            [
                Rule("p", 20, event=PRICING),
                Rule("q", 20, event=PRICING, decay=LinearDecay(over_days=40)),
            ],
            groups=(Group("fit"), Group("engagement", decay=ExponentialDecay(half_life_days=10))),
        )
        assert model.score(lead_with(view(10)), as_of=AS_OF).points == 10 + 15

    def test_negative_stays_negative(self) -> None:
        """Decay shrinks a penalty towards zero, never flips it."""
        rule = Rule("p", -20, event=PRICING, decay=ExponentialDecay(half_life_days=1))
        assert points(rule, view(1)) == -10
        assert points(rule, view(400)) == 0

    @given(st.floats(0.001, 1000), st.floats(0, 5000), st.sampled_from([0, 0.1, 0.5]))
    def test_never_negative(self, raw: float, age: float, floor: float) -> None:
        """A positive contribution decays to a value >= 0, for both kinds."""
        for decay in (
            ExponentialDecay(half_life_days=3, floor=floor),
            LinearDecay(over_days=3, floor=floor),
        ):
            rule = Rule("p", raw, event=PRICING, decay=decay)
            assert points(rule, view(age)) >= 0

    def test_ledger_records_factor(self) -> None:
        """The ledger entry keeps raw points and the factor."""
        rule = Rule("p", 20, event=PRICING, decay=ExponentialDecay(half_life_days=10))
        entry = ScoringModel([rule]).score(lead_with(view(10)), as_of=AS_OF).ledger[0]
        assert (entry.points, entry.raw_points, entry.decay) == (10, 20, 0.5)


class TestCaps:
    """Caps."""

    def test_group_max(self) -> None:
        """A group max cuts the sum and the cut is a ledger entry."""
        model = ScoringModel(
            [Rule("p", 15, event=PRICING)], groups=(Group("fit"), Group("engagement", max=40))
        )
        score = model.score(lead_with(view(1), view(2), view(3)), as_of=AS_OF)
        assert score.points == 40
        assert [(e.rule, e.points, e.kind) for e in score.ledger][-1] == (
            "cap:engagement",
            -5,
            "cap",
        )

    def test_group_min(self) -> None:
        """A group min raises a negative sum."""
        model = ScoringModel(
            [Rule("s", -50, when=Contains("job_title", "student"))],
            groups=(Group("fit", min=-20), Group("engagement")),
        )
        score = model.score(Lead("L-1", job_title="Student"))
        assert (score.points, score.groups["fit"]) == (-20, -20)
        assert sum(e.points for e in score.ledger) == -20

    def test_total_caps(self) -> None:
        """min_total/max_total cap the total after the groups."""
        model = ScoringModel([Rule("p", 15, event=PRICING)], max_total=20)
        score = model.score(lead_with(view(1), view(2)), as_of=AS_OF)
        assert score.points == 20
        assert score.ledger[-1].rule == "cap:total"


class TestStages:
    """Stages."""

    MODEL = ScoringModel(
        [Rule("p", 15, event=PRICING), Rule("t", 20, when=Contains("job_title", "ceo"))],
        thresholds=Thresholds(sql=50, mql=30, sql_groups={"fit": 20}),
        matrix=Matrix(fit_cutoffs=(20, 10, 0), engagement_cutoffs=(60, 30, 15)),
    )

    @pytest.mark.parametrize(
        ("title", "views", "stage", "cell"),
        [
            (None, 1, Stage.NEW, "C3"),
            (None, 2, Stage.MQL, "C2"),
            (None, 4, Stage.MQL, "C1"),
            ("CEO", 2, Stage.SQL, "A2"),
        ],
    )
    def test_stage_and_matrix(self, title: str | None, views: int, stage: Stage, cell: str) -> None:
        """SQL needs the total and the group minimum; MQL only the total."""
        lead = lead_with(*(view(i) for i in range(views)), job_title=title)
        score = self.MODEL.score(lead, as_of=AS_OF)
        assert (score.stage, score.matrix) == (stage, cell)

    def test_knock_out(self) -> None:
        """A knock-out rule disqualifies whatever the points."""
        model = ScoringModel(
            [
                Rule("p", 60, event=PRICING),
                Rule("competitor", 0, when=Contains("email", "rival"), knock_out=True),
            ],
            thresholds=Thresholds(sql=50),
        )
        score = model.score(lead_with(view(1), email="x@rival.nl"), as_of=AS_OF)
        assert (score.points, score.stage, score.knocked_out) == (
            60,
            Stage.DISQUALIFIED,
            ("competitor",),
        )


class TestAsOf:
    """AsOf."""

    def test_events_after_ignored(self) -> None:
        """Events after as_of do not count; as_of is inclusive."""
        rule = Rule("p", 15, event=PRICING)
        assert points(rule, view(0), view(-1)) == 15

    def test_string_as_of(self) -> None:
        """as_of may be an ISO string; a naive one is a TimestampError naming as_of."""
        model = ScoringModel([Rule("p", 15, event=PRICING)])
        assert model.score(lead_with(view(0)), as_of="2026-12-01T01:00:00+01:00").points == 15
        with pytest.raises(TimestampError, match="as_of: timestamp"):
            model.score(lead_with(view(0)), as_of="2026-12-01T00:00:00")

    def test_none_uses_latest_event(self) -> None:
        """Without as_of, ages are measured from the lead's latest event."""
        rule = Rule("p", 20, event=PRICING, decay=ExponentialDecay(half_life_days=10))
        score = ScoringModel([rule]).score(lead_with(view(10), view(20)))
        assert score.points == 20 + 10
        assert score.as_of is None


class TestDuplicates:
    """Duplicates."""

    def test_same_id_counts_once(self) -> None:
        """Copies with one id count once; events without id are all distinct."""
        rule = Rule("p", 15, event=PRICING)
        assert points(rule, view(1, event_id="a"), view(1, event_id="a")) == 15
        assert points(rule, view(1), view(1)) == 30

    def test_earliest_copy_counts(self) -> None:
        """Where copies differ, the earliest one counts, in any order."""
        rule = Rule("p", 15, event=PRICING, within_days=5)
        early, late = view(10, event_id="a"), view(1, event_id="a")
        assert points(rule, early, late) == points(rule, late, early) == 0

    def test_true_and_one_are_different_copies(self) -> None:
        """Copies whose properties differ only as true/1 resolve the same in any order."""
        at = AS_OF - dt.timedelta(days=1)
        one = Event("x", at, {"n": 1}, "E")
        true = Event("x", at, {"n": True}, "E")
        model = ScoringModel([Rule("r", 5, event=EventMatch("x", Between("n", min=1)))])
        for order in ((one, true), (true, one)):
            score = model.score(Lead("L", events=order), as_of=AS_OF)
            assert score.points == sum(entry.points for entry in score.ledger) == 5


class TestExtremeMoments:
    """Timestamps near the ends of the calendar, and time zones with DST."""

    def test_window_before_year_one(self) -> None:
        """A window reaching before year 1 has no horizon: every event counts."""
        first = Event("x", dt.datetime(1, 1, 1, tzinfo=dt.UTC))
        model = ScoringModel([Rule("r", 1, event=EventMatch("x"), within_days=1)])
        assert model.score(Lead("L", events=[first])).points == 1

    def test_latest_event_counts_without_as_of(self) -> None:
        """Without as_of nothing is cut off, even past 9999-12-31 in UTC."""
        last = Event(
            "x", dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(-dt.timedelta(hours=5)))
        )
        model = ScoringModel([Rule("r", 1, event=EventMatch("x"))])
        score = model.score(Lead("L", events=[last]))
        assert score.points == len(score.ledger) == 1

    def test_once_per_is_elapsed_time_across_dst(self) -> None:
        """ZoneInfo datetimes from Python are throttled by elapsed time, not wall clock."""
        ams = zoneinfo.ZoneInfo("Europe/Amsterdam")
        # 01:30 CEST and 03:10 CET on 2026-10-25: 2h40 apart, though 1h40 on the wall.
        first = Event("x", dt.datetime(2026, 10, 25, 1, 30, tzinfo=ams))
        second = Event("x", dt.datetime(2026, 10, 25, 3, 10, tzinfo=ams))
        model = ScoringModel([Rule("r", 1, event=EventMatch("x"), once_per="2h")])
        assert model.score(Lead("L", events=[first, second])).points == 2

    def test_within_days_is_elapsed_time_across_dst(self) -> None:
        """The window is measured in elapsed time from a ZoneInfo as_of."""
        ams = zoneinfo.ZoneInfo("Europe/Amsterdam")
        as_of = dt.datetime(2026, 10, 26, 2, 30, tzinfo=ams)  # CET
        # 25 hours of elapsed time before as_of, though 24 on the wall clock.
        event = Event("x", dt.datetime(2026, 10, 25, 2, 30, tzinfo=ams))  # CEST (fold=0)
        model = ScoringModel([Rule("r", 1, event=EventMatch("x"), within_days=1)])
        assert model.score(Lead("L", events=[event]), as_of=as_of).points == 0


class TestNotALead:
    """Scoring something that is not a Lead."""

    def test_dict(self) -> None:
        """A dict is a TypeError pointing at Lead.from_mapping, not an AttributeError."""
        with pytest.raises(TypeError, match=r"expected a Lead .*got dict"):
            ScoringModel([]).score({"id": "L"})  # type: ignore[arg-type]


class TestCustomRule:
    """CustomRule."""

    def test_scores_and_in_ledger(self) -> None:
        """A custom rule adds its points and appears in the ledger."""
        rule = CustomRule(
            "big", lambda lead, _as_of: 7.5 if lead.company.employees else 0, group="engagement"
        )
        score = ScoringModel([rule]).score(Lead("L-1", company=Company(employees=10)))
        assert score.points == 7.5
        assert [(e.rule, e.group, e.points) for e in score.ledger] == [("big", "engagement", 7.5)]

    def test_gets_as_of(self) -> None:
        """The function receives the resolved as_of."""
        seen: list[object] = []

        def remember(_lead: Lead, at: dt.datetime | None) -> float:
            seen.append(at)
            return 0

        ScoringModel([CustomRule("c", remember)]).score(Lead("L"), AS_OF)
        assert seen == [AS_OF]

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), -1e308, 10**400])
    def test_non_finite_or_huge_return(self, value: float) -> None:
        """NaN, infinity and overflowing numbers are a ConfigError, not OverflowError."""
        model = ScoringModel([CustomRule("c", lambda _l, _a: value)])
        with pytest.raises(ConfigError, match="custom rule 'c' returned"):
            model.score(Lead("L"))

    def test_bad_return(self) -> None:
        """A non-number return is a ConfigError naming the rule."""
        model = ScoringModel([CustomRule("c", lambda _l, _a: "ten")])  # type: ignore[arg-type]
        with pytest.raises(ConfigError, match="custom rule 'c' returned 'ten'"):
            model.score(Lead("L"))


class TestProperties:
    """Properties."""

    @given(models(), leads(), st.none() | moments())
    def test_ledger_sums_to_total(
        self, model: ScoringModel, lead: Lead, as_of: dt.datetime | None
    ) -> None:
        """The ledger's points sum exactly (==) to the total; groups agree too."""
        score = model.score(lead, as_of)
        assert sum(entry.points for entry in score.ledger) == score.points
        for name, value in score.groups.items():
            entries = [e.points for e in score.ledger if e.group == name]
            assert sum(entries) == value

    @given(models(), leads(), st.none() | moments(), st.randoms())
    def test_order_does_not_matter(
        self, model: ScoringModel, lead: Lead, as_of: dt.datetime | None, rnd: random.Random
    ) -> None:
        """Shuffling the events changes nothing, ledger and explanation included."""
        shuffled = list(lead.events)
        rnd.shuffle(shuffled)
        one, two = model.score(lead, as_of), model.score(attrs.evolve(lead, events=shuffled), as_of)
        assert one == two
        assert list(one.ledger) == list(two.ledger)
        assert one.explain() == two.explain()

    @given(models(), leads(), st.none() | moments())
    def test_duplicate_ids_change_nothing(
        self, model: ScoringModel, lead: Lead, as_of: dt.datetime | None
    ) -> None:
        """Repeating events that carry an id (also in another UTC offset) changes nothing."""
        zone = dt.timezone(dt.timedelta(hours=3))
        copies = [attrs.evolve(e, at=e.at.astimezone(zone)) for e in lead.events if e.id]
        doubled = attrs.evolve(lead, events=(*copies, *lead.events))
        # Copies in another offset are the same instant; which one is *shown* is fixed
        # by the canonical order, so compare scores and entries, not wall-clock text.
        assert model.score(lead, as_of) == model.score(doubled, as_of)
        assert list(model.score(lead, as_of).ledger) == list(model.score(doubled, as_of).ledger)

    @given(models(), leads(ids=False), moments(), st.lists(events(ids=False), max_size=4))
    def test_events_after_as_of_change_nothing(
        self, model: ScoringModel, lead: Lead, as_of: dt.datetime, extra: list[Event]
    ) -> None:
        """Adding events after as_of changes neither the score nor the ledger."""
        late = [attrs.evolve(e, at=as_of + (e.at - BASE) + dt.timedelta(seconds=1)) for e in extra]
        later = attrs.evolve(lead, events=(*lead.events, *late))
        assert model.score(lead, as_of) == model.score(later, as_of)
        assert list(model.score(lead, as_of).ledger) == list(model.score(later, as_of).ledger)

    @given(models(), leads(), st.none() | moments())
    def test_deterministic(
        self, model: ScoringModel, lead: Lead, as_of: dt.datetime | None
    ) -> None:
        """Same input, same output, including the text explanation."""
        fresh = ScoringModel(
            model.rules,
            model.groups,
            model.thresholds,
            model.matrix,
            model.min_total,
            model.max_total,
        )
        assert model.score(lead, as_of).explain("nl") == fresh.score(lead, as_of).explain(
            "nl"
        ).replace(fresh.name, model.name)
