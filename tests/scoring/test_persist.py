"""Model files: load_model / dump_model round trips and error reporting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from leadqual import (
    ConfigError,
    CustomRule,
    NotSerializableError,
    dump_model,
    load_model,
    starter_model,
)
from leadqual.scoring import ScoringModel
from leadqual.scoring._persist import model_from_data, model_to_data
from strategies import models


class TestRoundTrip:
    """dump_model then load_model."""

    @pytest.mark.parametrize("suffix", [".toml", ".json", ".yaml"])
    def test_starter(self, tmp_path: Path, suffix: str) -> None:
        """The starter model comes back equal in every format."""
        path = tmp_path / f"model{suffix}"
        dump_model(starter_model(), path)
        assert load_model(path) == starter_model()

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(model=models())
    def test_random_models(self, tmp_path: Path, model: ScoringModel) -> None:
        """Random models (conditions, rules, groups, decay, caps) round-trip exactly."""
        for suffix in (".toml", ".json"):
            path = tmp_path / f"m{suffix}"
            dump_model(model, path)
            assert load_model(path) == model

    def test_empty_model(self) -> None:
        """A model without rules or groups survives the trip (empty lists are kept)."""
        model = ScoringModel([], groups=())
        assert model_from_data(model_to_data(model)) == model

    def test_points_key(self) -> None:
        """A rule's points are stored under the key ``points``."""
        assert model_to_data(starter_model())["rules"][0]["points"] == 25  # type: ignore[index]


class TestErrors:
    """ConfigError with every problem and its place."""

    def test_every_problem_with_path(self, tmp_path: Path) -> None:
        """Wrong types and unknown keys are all listed, each with its path."""
        data = model_to_data(starter_model())
        rules = data["rules"]
        assert isinstance(rules, list)
        rules[3]["points"] = "ten"
        rules[1]["pionts"] = 1
        rules[2]["event"]["where"]["kind"] = "regex"
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(data))
        with pytest.raises(ConfigError) as info:
            load_model(path)
        assert set(info.value.errors) == {
            "rules[1]: unexpected key(s) 'pionts' (did you mean 'points'?)",
            (
                "rules[2].event.where.kind: expected one of 'all', 'any', 'between', 'contains', "
                "'ends_with', 'equals', 'free_email', 'glob', 'known', 'not', 'one_of', "
                "'starts_with', 'unknown', got 'regex'"
            ),
            "rules[3].points: expected a number, got 'ten'",
        }
        assert str(path) in str(info.value)

    def test_many_problems_all_listed(self, tmp_path: Path) -> None:
        """Broken rules still get the model checks: the full list, each at its exact place."""
        path = tmp_path / "model.toml"
        path.write_text(
            """
[[rules]]
name = "a"
points = 1
max_count = 0
within_days = -1
once_per = "soon"
event = {type = "x"}

[[rules]]
name = "a"
points = 2
event = {type = "x", where = {kind = "glob", field = "url", pattern = ""}}
decay = {kind = "linear", over_days = 0, floor = 3}

[[rules]]
name = "c"
points = 2
group = "nope"
when = {kind = "not", condition = {kind = "all", conditions = [
    {kind = "equals", field = "titel", value = "x"}]}}
""",
            encoding="utf-8",
        )
        with pytest.raises(ConfigError) as info:
            load_model(path)
        assert [error.split(":")[0] for error in info.value.errors] == [
            "rules[0].max_count",
            "rules[0].once_per",
            "rules[0].within_days",
            "rules[1].event.where.pattern",
            "rules[1].decay.over_days",
            "rules[1].decay.floor",
            "rules[1].name",
            "rules[2].when.condition.conditions[0].field",
            "rules[2].group",
        ]
        assert "rules[1].name: duplicate rule name 'a'" in info.value.errors
        assert str(info.value).startswith(f"{path}: invalid scoring model: ")

    def test_too_large_numbers(self) -> None:
        """Points or days too large to score with are refused with their place."""
        data = {
            "rules": [
                {"name": "a", "points": 10**400, "when": {"kind": "known", "field": "id"}},
                {"name": "b", "points": 1, "within_days": 1e12, "event": {"type": "x"}},
            ],
            "max_total": 1e308,
        }
        with pytest.raises(ConfigError) as info:
            model_from_data(data)
        assert [error.split(":")[0] for error in info.value.errors] == [
            "rules[0].points",
            "rules[1].within_days",
            "max_total",
        ]

    def test_unknown_top_level_key(self) -> None:
        """A typo at the top is an error, not a silent default."""
        with pytest.raises(ConfigError, match="unexpected key"):
            model_from_data({"rules": [], "treshold": {}})

    def test_not_a_table(self) -> None:
        """The top of a model file must be a table."""
        with pytest.raises(ConfigError, match="expected a table at the top, got list"):
            model_from_data([])


class TestCustomRules:
    """Python-only rules cannot be written."""

    def test_dump_refuses(self, tmp_path: Path) -> None:
        """dump_model names the custom rule and says why."""
        model = ScoringModel([*starter_model().rules, CustomRule("loyal", lambda _l, _a: 5)])
        with pytest.raises(NotSerializableError, match=r"rules\[7\] \('loyal'\) is a CustomRule"):
            dump_model(model, tmp_path / "m.toml")
        assert not (tmp_path / "m.toml").exists()
