"""``leadqual schema KIND``: each kind's schema is valid and accepts a real file of it."""

from __future__ import annotations

import json
from typing import Any

import pytest

import leadqual as lq
from leadqual._convert import unstructure
from leadqual.cli import EXIT_OK
from leadqual.cli._schema import KINDS, definition_schema
from leadqual.frameworks import BANT
from leadqual.icp import ICP, CompanySize, IndustryCriterion
from leadqual.scoring._persist import model_to_data
from leadqual.verdict import Qualifier
from leadqual.verdict._io import qualifier_to_data
from test_cli import run

jsonschema = pytest.importorskip("jsonschema")

AN_ICP = ICP(
    criteria=(
        IndustryCriterion(industries=("software", "manufacturing")),
        CompanySize(min_employees=50, max_employees=500),
    )
)
QUALIFIER_DATA = qualifier_to_data(Qualifier(model=lq.starter_model(), icp=AN_ICP, framework=BANT))
EXAMPLES: dict[str, Any] = {
    "model": model_to_data(lq.starter_model()),
    "icp": unstructure(AN_ICP),
    "framework": unstructure(BANT),
    "qualifier": QUALIFIER_DATA,
    "config": {
        "lang": "nl",
        "qualifier": "qualifier.toml",
        "handoff": {"sla_minutes": 30},
        "owners": [{"name": "Anna", "email": "anna@acme.nl", "countries": ["NL"]}],
        "notify": [{"kind": "webhook", "url": "http://127.0.0.1:8080/hook"}],
    },
}


def _validator(kind: str) -> Any:
    schema = definition_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("kind", KINDS)
def test_command_prints_a_valid_schema(kind: str) -> None:
    """Every kind prints a draft 2020-12 schema that forbids unknown keys at the top."""
    code, out, _ = run("schema", kind)
    assert code == EXIT_OK
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_a_real_file_validates(kind: str) -> None:
    """What the loaders accept, the schema accepts."""
    errors = list(_validator(kind).iter_errors(EXAMPLES[kind]))
    assert errors == []


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_an_unknown_key_is_refused(kind: str) -> None:
    """A misspelt top-level key is an error, as it is for the loaders."""
    data = {**EXAMPLES[kind], "colour": "blue"}
    assert list(_validator(kind).iter_errors(data))


def test_qualifier_takes_built_in_names() -> None:
    """``framework = "BANT"`` and ``model = "starter"`` are valid, an unknown name is not."""
    validator = _validator("qualifier")
    assert not list(validator.iter_errors({"framework": "BANT", "model": "starter"}))
    assert list(validator.iter_errors({"framework": "NOPE"}))


def test_config_takes_a_qualifier_table() -> None:
    """A config's qualifier may be inline instead of a path."""
    validator = _validator("config")
    assert not list(validator.iter_errors({"qualifier": {"framework": "BANT"}}))
    assert list(validator.iter_errors({"lang": "de"}))
