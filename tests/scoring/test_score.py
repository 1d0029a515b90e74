"""What scoring returns: Score, its Ledger, Entry evidence and the texts built on them.

Scores are built by hand here, so these tests pin the presentation (reasons, explain)
independently of how a model computes the numbers.
"""

from __future__ import annotations

import datetime as dt

import pytest

from leadqual import Event, Lead, Stage
from leadqual.scoring import (
    Entry,
    EventMatch,
    Evidence,
    Group,
    Ledger,
    Rule,
    Score,
    ScoringModel,
)
from leadqual.scoring._score import format_points

AT = dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.UTC)
PRICING = Event("page_view", AT, {"url": "/pricing", "referrer": "https://google.com"})
OLD_PRICING = Event("page_view", AT - dt.timedelta(days=30), {"url": "/pricing?plan=pro"})
DEMO = Event("demo_requested", AT)
STUDENT = Evidence(field="job_title", value="Student")

LEDGER = (
    Entry("pricing", "engagement", 15, 15, evidence=Evidence(event=PRICING)),
    Entry("student", "fit", -20, -20, evidence=STUDENT),
    Entry("pricing", "engagement", 7.5, 15, decay=0.5, evidence=Evidence(event=OLD_PRICING)),
    Entry("demo_requested", "engagement", 25, 25, evidence=Evidence(event=DEMO)),
    Entry("cap:engagement", "engagement", -7.5, -7.5, kind="cap"),
)
LABELS = {
    "pricing": {"en": "pricing page visited", "nl": "prijspagina bekeken"},
    "demo_requested": {"en": "demo requested"},
}


def make_score(**changes: object) -> Score:
    """A hand-made score whose ledger sums to its 20 points."""
    fields: dict[str, object] = {
        "lead_id": "L-1",
        "points": 20,
        "groups": {"fit": -20, "engagement": 40},
        "stage": Stage.DISQUALIFIED,
        "matrix": "B2",
        "as_of": AT,
        "knocked_out": ("student",),
        "ledger": LEDGER,
        "labels": LABELS,
    }
    fields.update(changes)
    return Score(**fields)  # type: ignore[arg-type]


class TestFormatPoints:
    """format_points."""

    @pytest.mark.parametrize(
        ("points", "text"),
        [
            (25.0, "25"),
            (25, "25"),
            (12.5, "12.5"),
            (-3.75, "-3.75"),
            (1 / 3, "0.33"),
            (0.0, "0"),
            (1_000_000, "1000000"),
            (-20.0, "-20"),
        ],
    )
    def test_reads_like_people_write(self, points: float, text: str) -> None:
        """No trailing zeros or point, at most two decimals, no thousands separator."""
        assert format_points(points) == text

    def test_tiny_negative_keeps_its_sign(self) -> None:
        """A decayed penalty too small to show is still written as a penalty."""
        assert format_points(-1 / 1024) == "-0"


class TestReasons:
    """Score.reasons."""

    def test_combined_per_rule_biggest_first(self) -> None:
        """Entries of one rule are summed with a count; largest effect first; caps left out."""
        assert make_score().reasons() == [
            "+25 demo requested",
            "+22.5 pricing page visited (2x)",
            "-20 student",
        ]

    def test_dutch_falls_back_to_english_then_name(self) -> None:
        """Dutch labels where given, else the English label, else the rule's name."""
        assert make_score().reasons("nl") == [
            "+25 demo requested",
            "+22,5 prijspagina bekeken (2x)",
            "-20 student",
        ]

    def test_limit(self) -> None:
        """``limit`` keeps the biggest reasons only."""
        assert make_score().reasons(limit=1) == ["+25 demo requested"]

    def test_ties_by_name_and_underscores(self) -> None:
        """Equal effects are ordered by rule name; unlabelled names lose their underscores."""
        ledger = (
            Entry("free_email", "fit", -10, -10),
            Entry("case_study", "engagement", 10, 10),
        )
        score = make_score(ledger=ledger, labels={})
        assert score.reasons() == ["+10 case study", "-10 free email"]

    def test_no_rules(self) -> None:
        """A score without entries has no reasons."""
        assert make_score(ledger=()).reasons() == []


class TestLedger:
    """Ledger: a lazily built, read-only sequence of entries."""

    def test_not_built_until_read_and_built_once(self) -> None:
        """The build function runs on first access, with its arguments, and only once."""
        calls: list[tuple[object, ...]] = []

        def build(*args: object) -> tuple[Entry, ...]:
            calls.append(args)
            return LEDGER

        ledger = Ledger(build, "lead", AT)
        assert calls == []
        assert len(ledger) == 5
        assert ledger[0] == LEDGER[0]
        assert list(ledger) == list(LEDGER)
        assert ledger[1:3] == LEDGER[1:3]
        assert calls == [("lead", AT)]

    def test_scoring_leaves_it_unbuilt(self) -> None:
        """model.score does not build the ledger; reading it does."""
        model = ScoringModel([Rule("demo", 25, event=EventMatch("demo_requested"))])
        score = model.score(Lead("L-1", events=(DEMO,)))
        assert isinstance(score.ledger, Ledger)
        assert score.ledger._build is not None
        assert [entry.points for entry in score.ledger] == [25]
        assert score.ledger._build is None

    def test_equality(self) -> None:
        """A ledger equals a ledger, tuple or list of the same entries, nothing else."""
        ledger = Ledger(lambda: LEDGER)
        assert ledger == LEDGER
        assert ledger == list(LEDGER)
        assert ledger == Ledger(lambda: LEDGER)
        assert ledger != LEDGER[:-1]
        assert ledger != Ledger(tuple)
        assert ledger != "not a ledger"

    def test_unhashable_and_repr(self) -> None:
        """Like a list, a ledger cannot be hashed; its repr shows the entries."""
        ledger = Ledger(lambda: LEDGER[:1])
        with pytest.raises(TypeError):
            hash(ledger)
        assert repr(ledger) == f"Ledger([{LEDGER[0]!r}])"


class TestEvidence:
    """Evidence.describe."""

    def test_event(self) -> None:
        """An event shows its type, the telling properties and when, in both languages."""
        assert Evidence(event=PRICING).describe() == "page_view /pricing at 2026-11-20 09:12"
        assert Evidence(event=PRICING).describe("nl") == (
            "paginabezoek /pricing op 20 november, 09:12 uur"
        )

    def test_dutch_names_content_types(self) -> None:
        """Dutch names a case study a klantcase, not `case_study`."""
        download = Event("content_download", AT, {"content_type": "case_study"})
        assert Evidence(event=download).describe("nl") == (
            "download klantcase op 20 november, 09:12 uur"
        )
        on_topic = Event(
            "content_download", AT, {"content_type": "case_study", "topic": "logistics"}
        )
        assert Evidence(event=on_topic).describe("nl") == (
            "download klantcase over transport en logistiek op 20 november, 09:12 uur"
        )

    def test_event_properties_sorted_and_without_any(self) -> None:
        """Shown properties come in key order; an event without them shows type and time."""
        download = Event("content_download", AT, {"topic": "erp", "content_type": "case_study"})
        assert Evidence(event=download).describe() == (
            "content_download case_study erp at 2026-11-20 09:12"
        )
        assert Evidence(event=DEMO).describe() == "demo_requested at 2026-11-20 09:12"

    def test_field_and_nothing(self) -> None:
        """A field shows its name and value; no evidence is an empty phrase."""
        assert STUDENT.describe() == "job_title = 'Student'"
        assert Evidence(field="company.employees", value=180).describe("nl") == (
            "medewerkers = 180"
        )
        assert Evidence(field="attributes.plan", value="pro").describe("nl") == (
            "attributes.plan = 'pro'"
        )
        assert Evidence().describe() == ""


class TestExplain:
    """Score.explain."""

    def test_english(self) -> None:
        """Header with stage and matrix, one line per entry with its notes, then the groups."""
        assert make_score().explain() == (
            "L-1: 20 points, Disqualified [B2]\n"
            "  +15 pricing page visited (page_view /pricing at 2026-11-20 09:12)\n"
            "  -20 student (job_title = 'Student'; knock-out)\n"
            "  +7.5 pricing page visited"
            " (page_view /pricing?plan=pro at 2026-10-21 09:12; decayed to 50%)\n"
            "  +25 demo requested (demo_requested at 2026-11-20 09:12)\n"
            "  -7.5 cap on engagement\n"
            "  groups: fit -20, engagement 40"
        )

    def test_dutch(self) -> None:
        """The same in Dutch: stage, decay, cap and group words translated."""
        assert make_score().explain("nl") == (
            "L-1: 20 punten, Gediskwalificeerd [B2]\n"
            "  +15 prijspagina bekeken (paginabezoek /pricing op 20 november, 09:12 uur)\n"
            "  -20 student (functietitel = 'Student'; knock-out)\n"
            "  +7,5 prijspagina bekeken"
            " (paginabezoek /pricing?plan=pro op 21 oktober, 09:12 uur; telt nog voor 50% mee)\n"
            "  +25 demo requested (demoaanvraag op 20 november, 09:12 uur)\n"
            "  -7,5 maximum voor engagement\n"
            "  groepen: fit -20, engagement 40"
        )

    def test_nothing_matched_and_unknown_language(self) -> None:
        """Without entries a line says so; an unknown language falls back to English."""
        score = make_score(
            points=0, groups={"fit": 0}, stage=Stage.NEW, matrix=None, knocked_out=(), ledger=()
        )
        assert (
            score.explain("de") == "L-1: 0 points, New lead\n  (no rule matched)\n  groups: fit 0"
        )
        assert "(geen enkele regel van toepassing)" in score.explain("nl")

    def test_entry_without_evidence(self) -> None:
        """A rule entry with no evidence and no notes has no parentheses."""
        score = make_score(ledger=(Entry("bonus", "fit", 5, 5),), knocked_out=())
        assert "\n  +5 bonus\n" in score.explain()


class TestGroups:
    """Score.fit and Score.engagement."""

    def test_from_groups(self) -> None:
        """They read the ``fit`` and ``engagement`` group sums."""
        score = make_score()
        assert (score.fit, score.engagement) == (-20, 40)

    def test_zero_without_such_groups(self) -> None:
        """A model with other groups scores 0 fit and 0 engagement, not an error."""
        model = ScoringModel(
            [Rule("demo", 25, event=EventMatch("demo_requested"), group="intent")],
            groups=[Group("intent")],
        )
        score = model.score(Lead("L-1", events=(DEMO,)))
        assert score.groups == {"intent": 25}
        assert (score.fit, score.engagement) == (0, 0)
