"""The JSON Schema of model files agrees with what ``load_model`` accepts."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest

from leadqual.scoring import ScoringModel, starter_model
from leadqual.scoring._persist import model_from_data, model_to_data
from leadqual.scoring._schema import DRAFT, json_schema, model_schema

jsonschema = pytest.importorskip("jsonschema")


def _validator() -> Any:
    schema = model_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _rich_model() -> ScoringModel:
    # Written as file data: every feature of the format once.
    pricing = {
        "kind": "all",
        "conditions": [
            {"kind": "glob", "field": "url", "pattern": "/pricing*"},
            {"kind": "not", "condition": {"kind": "glob", "field": "url", "pattern": "*?x"}},
        ],
    }
    return model_from_data(
        {
            "name": "rich",
            "description": "every feature once",
            "rules": [
                {
                    "name": "pricing",
                    "points": 15,
                    "event": {"type": "page_view", "where": pricing},
                    "max_count": 3,
                    "once_per": "1d",
                    "within_days": 90,
                    "decay": {"kind": "exponential", "half_life_days": 30, "floor": 0.1},
                    "labels": {"en": "pricing", "nl": "prijzen"},
                },
                {
                    "name": "size",
                    "points": 10,
                    "when": {"kind": "between", "field": "company.employees", "min": 50},
                },
                {
                    "name": "nl",
                    "points": 5.5,
                    "group": "fit",
                    "when": {"kind": "one_of", "field": "company.country", "values": ["NL"]},
                },
                {
                    "name": "competitor",
                    "points": 0,
                    "knock_out": True,
                    "when": {"kind": "free_email", "extra": ["rival.nl"]},
                },
            ],
            "groups": [
                {"name": "fit", "max": 60},
                {"name": "engagement", "min": 0, "decay": {"kind": "linear", "over_days": 90}},
            ],
            "thresholds": {"sql": 90, "mql": 40, "sql_groups": {"fit": 20}},
            "matrix": {"fit_cutoffs": [60, 40, 20]},
            "max_total": 120,
        }
    )


class TestModelSchema:
    """``model_schema()``: the model file format."""

    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        """The schema itself passes the meta-schema and names its draft."""
        schema = model_schema()
        assert schema["$schema"] == DRAFT
        jsonschema.Draft202012Validator.check_schema(schema)

    def test_is_plain_json(self) -> None:
        """The schema survives a JSON round trip unchanged (what ``leadqual schema`` prints)."""
        schema = model_schema()
        assert json.loads(json.dumps(schema)) == schema

    @pytest.mark.parametrize("model", [starter_model(), _rich_model()], ids=["starter", "rich"])
    def test_dumped_models_validate(self, model: ScoringModel) -> None:
        """Every file ``dump_model`` writes is valid against the schema."""
        data = json.loads(json.dumps(model_to_data(model)))  # as read back from a file
        errors = list(_validator().iter_errors(data))
        assert errors == []
        assert model_from_data(data) == model

    def test_unknown_top_level_key_is_invalid(self) -> None:
        """Files forbid unknown keys, and so does the schema."""
        data = model_to_data(starter_model())
        data["thresholdz"] = {"sql": 10}
        assert not _validator().is_valid(data)

    def test_unknown_key_inside_a_condition_is_invalid(self) -> None:
        """``additionalProperties: false`` holds in nested variants too."""
        data: dict[str, Any] = copy.deepcopy(model_to_data(starter_model()))
        data["rules"][1]["event"]["where"]["patern"] = "/pricing*"
        assert not _validator().is_valid(data)

    def test_unknown_kind_is_invalid(self) -> None:
        """A condition ``kind`` outside the family matches no variant."""
        data: dict[str, Any] = copy.deepcopy(model_to_data(starter_model()))
        data["rules"][1]["event"]["where"]["kind"] = "regex"
        assert not _validator().is_valid(data)

    def test_wrong_type_is_invalid(self) -> None:
        """``points`` must be a number, as the converter insists."""
        data: dict[str, Any] = copy.deepcopy(model_to_data(starter_model()))
        data["rules"][0]["points"] = "ten"
        assert not _validator().is_valid(data)

    def test_variants_require_their_kind(self) -> None:
        """Each variant pins ``kind`` with ``const`` and requires it."""
        glob = model_schema()["$defs"]["Glob"]
        assert glob["properties"]["kind"] == {"const": "glob"}
        assert "kind" in glob["required"]
        assert glob["additionalProperties"] is False

    def test_descriptions_come_from_docstrings(self) -> None:
        """Class summaries and ``Args:`` entries become descriptions."""
        rule = model_schema()["$defs"]["Rule"]
        assert rule["description"].startswith("Points for an attribute")
        assert rule["properties"]["group"]["description"].endswith("for field rules.")

    def test_code_only_rules_are_left_out(self) -> None:
        """``CustomRule`` cannot be written to a file, so it has no place in the schema."""
        assert "CustomRule" not in model_schema()["$defs"]


class TestJsonSchema:
    """``json_schema(cls)``: any definition class."""

    def test_any_attrs_class(self) -> None:
        """``json_schema`` is generic: required fields, defaults, closed objects."""

        @attrs.frozen
        class Criterion:
            """One criterion."""

            name: str
            weight: float = 1.0
            options: tuple[str, ...] = ()

        schema = json_schema(Criterion)
        assert schema["required"] == ["name"]
        assert schema["properties"]["weight"] == {"type": "number", "default": 1.0}
        assert schema["properties"]["options"]["items"] == {"type": "string"}
        assert schema["additionalProperties"] is False
