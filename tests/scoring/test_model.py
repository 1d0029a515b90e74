"""The model as data: rules, decay, groups, thresholds, matrix and their validation."""

from __future__ import annotations

import datetime as dt

import pytest

from leadqual.exceptions import ConfigError
from leadqual.scoring import (
    CustomRule,
    EventMatch,
    ExponentialDecay,
    Group,
    Known,
    LinearDecay,
    Matrix,
    Rule,
    ScoringModel,
    Thresholds,
)
from leadqual.scoring._model import parse_period

DEMO = EventMatch("demo_requested")


class TestParsePeriod:
    """ParsePeriod."""

    @pytest.mark.parametrize(
        ("text", "seconds"),
        [
            ("1d", 86400),
            ("12h", 43200),
            ("30m", 1800),
            ("2w", 1209600),
            ("90s", 90),
            (" 1.5d ", 129600),
        ],
    )
    def test_units(self, text: str, seconds: int) -> None:
        """Each unit converts to the right number of seconds."""
        assert parse_period(text) == dt.timedelta(seconds=seconds)

    @pytest.mark.parametrize("text", ["0d", "1y", "d", "", "-1d"])
    def test_invalid(self, text: str) -> None:
        """Zero, unknown units and garbage are ConfigErrors."""
        with pytest.raises(ConfigError, match="expected a positive period"):
            parse_period(text)


class TestDecay:
    """Decay."""

    def test_exponential(self) -> None:
        """Exponential decay halves every half-life and stops at the floor."""
        decay = ExponentialDecay(half_life_days=10, floor=0.2)
        assert decay.factor(0) == 1.0
        assert decay.factor(-3) == 1.0
        assert decay.factor(10) == 0.5
        assert decay.factor(20) == 0.25
        assert decay.factor(100) == 0.2

    def test_linear(self) -> None:
        """Linear decay falls in a straight line to the floor."""
        decay = LinearDecay(over_days=100)
        assert decay.factor(25) == 0.75
        assert decay.factor(100) == 0
        assert decay.factor(500) == 0
        assert LinearDecay(over_days=100, floor=0.3).factor(90) == 0.3

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (
                lambda: ExponentialDecay(half_life_days=0),
                "half_life_days: expected a number above 0",
            ),
            (lambda: LinearDecay(over_days=10, floor=1.5), "floor: expected a number from 0 to 1"),
            (lambda: LinearDecay(over_days=10, floor=-0.1), "floor: expected a number from 0 to 1"),
        ],
    )
    def test_invalid(self, make: object, message: str) -> None:
        """Non-positive periods and floors outside [0, 1] are rejected."""
        with pytest.raises(ConfigError, match=message):
            make()  # type: ignore[operator]


class TestRule:
    """Rule."""

    def test_default_groups(self) -> None:
        """Event rules default to engagement, field rules to fit."""
        assert Rule("demo", 25, event=DEMO).group_name == "engagement"
        assert Rule("title", 5, when=Known("job_title")).group_name == "fit"
        assert Rule("title", 5, when=Known("job_title"), group="x").group_name == "x"

    def test_needs_event_or_when(self) -> None:
        """A rule with neither event nor when is an error."""
        with pytest.raises(ConfigError, match="expected 'event', 'when' or both"):
            Rule("nothing", 5)

    def test_event_options_on_field_rule(self) -> None:
        """Frequency, recency and decay only apply to event rules."""
        with pytest.raises(
            ConfigError, match="max_count: only applies to event rules; once_per: only applies"
        ):
            Rule("title", 5, when=Known("job_title"), max_count=1, once_per="1d")

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"max_count": 0}, "max_count: expected a whole number of at least 1"),
            ({"max_count": True}, "max_count: expected a whole number"),
            ({"once_per": "daily"}, "once_per: expected a positive period"),
            ({"within_days": -1}, "within_days: expected a number above 0"),
            ({"points": float("nan")}, "points: expected a finite number"),
        ],
    )
    def test_invalid(self, kwargs: dict[str, object], message: str) -> None:
        """Bad frequency, recency and points values name the attribute."""
        args: dict[str, object] = {"points": 5, "event": DEMO, **kwargs}
        with pytest.raises(ConfigError, match=message):
            Rule("r", **args)  # type: ignore[arg-type]

    def test_labels(self) -> None:
        """Labels fall back to English, then to the name with spaces."""
        rule = Rule("demo_requested", 25, event=DEMO, labels={"en": "Demo", "nl": "Demo!"})
        assert (rule.label("nl"), rule.label("de")) == ("Demo!", "Demo")
        assert Rule("demo_requested", 25, event=DEMO).label("nl") == "demo requested"


class TestGroupAndThresholds:
    """GroupAndThresholds."""

    def test_group_bounds(self) -> None:
        """A group's min above its max is an error."""
        with pytest.raises(ConfigError, match="min 10 is above max 5"):
            Group("fit", min=10, max=5)

    def test_thresholds_order(self) -> None:
        """MQL above SQL is an error."""
        with pytest.raises(ConfigError, match="mql 120 is above sql 100"):
            Thresholds(sql=100, mql=120)


class TestMatrix:
    """Matrix."""

    @pytest.mark.parametrize(
        ("fit", "engagement", "label"),
        [(80, 80, "A1"), (75, 74.9, "A2"), (50, 50, "B2"), (30, 25, "C3"), (0, -5, "D4")],
    )
    def test_label(self, fit: float, engagement: float, label: str) -> None:
        """Cut-offs are inclusive lower bounds: A/1 at or above the first."""
        assert Matrix().label(fit, engagement) == label

    def test_cutoffs_descending(self) -> None:
        """Cut-offs must be three descending numbers."""
        with pytest.raises(ConfigError, match="three descending cut-offs"):
            Matrix(fit_cutoffs=(10, 20, 30))


class TestScoringModel:
    """ScoringModel."""

    def test_every_problem_listed(self) -> None:
        """Duplicate names and unknown groups are all reported with their place."""
        with pytest.raises(ConfigError) as info:
            ScoringModel(
                [Rule("a", 1, event=DEMO), Rule("a", 1, event=DEMO, group="nope")],
                thresholds=Thresholds(sql_groups={"ghost": 1}),
                matrix=Matrix(fit_group="missing"),
                min_total=10,
                max_total=0,
            )
        assert info.value.errors == (
            "rules[1].name: duplicate rule name 'a'",
            "rules[1].group: unknown group 'nope'; expected one of fit, engagement",
            "thresholds.sql_groups: unknown group 'ghost'",
            "matrix.fit_group: unknown group 'missing'",
            "min_total: 10 is above max_total 0",
        )

    def test_duplicate_group(self) -> None:
        """A group name used twice is reported at the second one."""
        with pytest.raises(ConfigError, match=r"groups\[1\]\.name: duplicate group 'fit'"):
            ScoringModel([], groups=(Group("fit"), Group("fit")))

    def test_rules_type(self) -> None:
        """Only Rule and CustomRule are accepted as rules."""
        with pytest.raises(
            ConfigError, match=r"rules\[0\]: expected a Rule or CustomRule, got str"
        ):
            ScoringModel(["demo"])

    def test_compiled_once(self) -> None:
        """compile() caches its result; equality ignores the cache."""
        model = ScoringModel([Rule("demo", 25, event=DEMO)])
        assert model.compile() is model.compile()
        assert model == ScoringModel([Rule("demo", 25, event=DEMO)])

    def test_group_lookup(self) -> None:
        """group() finds a group by name and names the choices otherwise."""
        model = ScoringModel([])
        assert model.group("fit") == Group("fit")
        with pytest.raises(ConfigError, match="unknown group 'x'"):
            model.group("x")

    def test_custom_rule_group(self) -> None:
        """Custom rules default to fit and are checked against the groups."""
        with pytest.raises(ConfigError, match=r"rules\[0\]\.group: unknown group 'x'"):
            ScoringModel([CustomRule("c", lambda _lead, _at: 1, group="x")])


class TestMagnitudes:
    """Points, caps, thresholds and periods are bounded so scoring cannot overflow."""

    @pytest.mark.parametrize(
        ("build", "place"),
        [
            (lambda: Rule("r", 1e308, when=Known("id")), "points"),
            (lambda: Rule("r", -(10**400), when=Known("id")), "points"),
            (lambda: Group("fit", max=1e308), "max"),
            (lambda: Group("fit", min=-1e10), "min"),
            (lambda: Thresholds(sql=1e10), "sql"),
            (lambda: Thresholds(sql_groups={"fit": 1e300}), "sql_groups['fit']"),
            (lambda: ScoringModel([], max_total=1e308), "max_total"),
            (lambda: Matrix(fit_cutoffs=(1e300, 1, 0)), "fit_cutoffs"),
            (lambda: Rule("r", 1, event=DEMO, within_days=1e12), "within_days"),
            (lambda: Rule("r", 1, event=DEMO, once_per="99999999999w"), "once_per"),
        ],
    )
    def test_too_large(self, build: object, place: str) -> None:
        """Each too-large value is a ConfigError naming its field."""
        with pytest.raises(ConfigError) as info:
            build()  # type: ignore[operator]
        assert any(error.startswith(f"{place}: ") for error in info.value.errors), info.value

    def test_limits_themselves_are_fine(self) -> None:
        """A billion points and a hundred years are allowed."""
        rule = Rule("r", 1e9, event=DEMO, within_days=36500, once_per="36500d")
        assert ScoringModel([rule], max_total=-1e9, min_total=-1e9).rules == (rule,)

    def test_python_constructor_gaps(self) -> None:
        """Non-numbers in sql_groups and bools in cut-offs are refused."""
        with pytest.raises(ConfigError, match=r"^sql_groups\['fit'\]: expected a number"):
            Thresholds(sql_groups={"fit": "x"})
        with pytest.raises(ConfigError, match=r"^fit_cutoffs: expected three descending"):
            Matrix(fit_cutoffs=(True, False, False))
        with pytest.raises(ConfigError, match=r"^fit_cutoffs: expected three descending"):
            Matrix(fit_cutoffs=(float("nan"), 1, 0))


class TestEveryProblem:
    """A class reports every bad field at once, each under its own name."""

    def test_rule(self) -> None:
        """Three bad options on one rule are three errors."""
        with pytest.raises(ConfigError) as info:
            Rule("r", 1, event=DEMO, max_count=0, within_days=-1, once_per="soon")
        assert [error.split(":")[0] for error in info.value.errors] == [
            "max_count",
            "once_per",
            "within_days",
        ]

    def test_decay(self) -> None:
        """Both decay fields are checked."""
        with pytest.raises(ConfigError) as info:
            LinearDecay(over_days=0, floor=3)
        assert info.value.errors == (
            "over_days: expected a number above 0, got 0",
            "floor: expected a number from 0 to 1, got 3",
        )
