"""Tests for ``leadqual.testing``: the checks users run on their own frameworks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pytest

import leadqual as lq
from leadqual.frameworks import (
    BUILT_INS,
    Assessment,
    Criterion,
    Framework,
    MinScore,
    Option,
    Text,
)
from leadqual.lead import Answer
from leadqual.testing import check_framework


def _good(**changes: Any) -> Criterion:
    criterion = Criterion(
        "need",
        Text("Need", "Noodzaak"),
        questions=(Text("What problem?", "Welk probleem?"),),
        options=(
            Option("yes", 1.0, Text("Yes", "Ja")),
            Option("no", 0.0, Text("No", "Nee")),
        ),
    )
    return attrs.evolve(criterion, **changes)


def _problems(*criteria: Criterion, **kwargs: Any) -> tuple[str, ...]:
    framework = Framework("T", Text("Test", "Test"), criteria, **kwargs)
    with pytest.raises(lq.ConfigError) as info:
        check_framework(framework)
    return info.value.errors


@attrs.frozen
class _Tagged(Criterion):
    """A criterion subclass carrying data the file format has no place for."""

    colour: str = "red"


@attrs.frozen
class _Lenient(Framework):
    """A custom framework whose assess forgets required criteria and knock-outs."""

    def assess(self, answers: Mapping[str, Answer | None]) -> Assessment:
        """The pass rule alone decides."""
        out = super().assess(answers)
        return attrs.evolve(out, passed=self.pass_rule.passes(out.score, out.met))


class TestCheckFramework:
    """check_framework reports each kind of problem with its place."""

    def test_good_passes(self) -> None:
        """A complete framework passes, and so does every built-in."""
        check_framework(Framework("T", Text("Test", "Test"), (_good(),)))
        for framework in BUILT_INS:
            check_framework(framework)

    def test_missing_dutch(self) -> None:
        """Every user-facing text needs Dutch as well as English."""
        criterion = _good(label=Text("Need"), description=Text("Why", ""))
        assert _problems(criterion) == (
            "criteria[0].label: missing the 'nl' text",
            "criteria[0].description: missing the 'nl' text",
        )

    def test_option_labels(self) -> None:
        """Option labels need both languages, and every option needs a label."""
        criterion = _good(options=(Option("yes", 1, Text("Yes")), Option("no", 0)))
        assert _problems(criterion) == (
            "criteria[0].options[0].label: missing the 'nl' text",
            "criteria[0].options[1].label: expected a label in English and Dutch",
        )

    def test_questions(self) -> None:
        """A criterion without a question gives sales nothing to ask."""
        assert _problems(_good(questions=())) == (
            "criteria[0].questions: expected at least one question to ask",
        )

    def test_levels_monotone(self) -> None:
        """Options are listed best first with strictly falling levels."""
        options = (
            Option("some", 0.5, Text("Some", "Wat")),
            Option("yes", 1.0, Text("Yes", "Ja")),
        )
        assert _problems(_good(options=options)) == (
            "criteria[0].options: levels must fall from best to worst, got [0.5, 1.0]",
        )

    def test_option_can_meet(self) -> None:
        """If no option reaches met_at, no named answer can meet the criterion."""
        options = (Option("some", 0.5, Text("Some", "Wat")),)
        assert _problems(_good(options=options)) == (
            (
                "criteria[0].options: no option reaches met_at 0.75, "
                "so no named answer can meet the criterion"
            ),
        )

    def test_zero_weight(self) -> None:
        """A weight of 0 is only meaningful on a required or knock-out criterion."""
        other = _good(key="budget")
        assert _problems(_good(weight=0), other) == (
            "criteria[0].weight: 0 has no effect; give it a weight or make it required",
        )
        check_framework(Framework("T", Text("T", "T"), (_good(weight=0, knockout=True), other)))

    def test_pass_rule_lets_everyone_through(self) -> None:
        """A lead answering "no" to everything must not pass."""
        assert _problems(_good(), pass_rule=MinScore(0)) == (
            "assess(all False): expected score 0 and no pass",
        )

    def test_round_trip(self) -> None:
        """Data the file format cannot hold is caught before anyone saves the framework."""
        problems = _problems(_Tagged("need", Text("Need", "Noodzaak"), questions=_good().questions))
        assert problems == (
            "JSON round trip: the loaded framework differs from the original",
            "TOML round trip: the loaded framework differs from the original",
        )

    def test_message(self) -> None:
        """The message counts the problems and lists them all."""
        framework = Framework("T", Text("Test"), (_good(questions=()),))
        with pytest.raises(lq.ConfigError, match=r"^framework 'T' fails 2 checks: title: "):
            check_framework(framework)

    @pytest.mark.parametrize("flag", ["required", "veto", "knockout"])
    def test_no_on_a_must_fails(self, flag: str) -> None:
        """All "yes" but a "no" on a required, veto or knock-out criterion must not pass."""
        criteria = (_good(**{flag: True}), _good(key="budget", weight=9))
        lenient = _Lenient("T", Text("Test", "Test"), criteria, pass_rule=MinScore(50))
        with pytest.raises(lq.ConfigError) as info:
            check_framework(lenient)
        assert "assess(all True but need False): need must hold, expected no pass" in (
            info.value.errors
        )
        check_framework(Framework("T", Text("Test", "Test"), criteria, pass_rule=MinScore(50)))

    @pytest.mark.parametrize("flag", ["veto", "knockout"])
    def test_trigger_needs_level_zero(self, flag: str) -> None:
        """A knock-out or veto needs a level-0 option, or no picklist value triggers it."""
        options = (Option("yes", 1.0, Text("Yes", "Ja")), Option("some", 0.5, Text("Wat", "Wat")))
        assert _problems(_good(options=options, **{flag: True})) == (
            (
                f"criteria[0].options: {flag} is set but no option has level 0, so no "
                "named answer can trigger it; add a 'none' option"
            ),
        )
        check_framework(Framework("T", Text("T", "T"), (_good(**{flag: True}),)))
        check_framework(Framework("T", Text("T", "T"), (_good(options=(), **{flag: True}),)))
