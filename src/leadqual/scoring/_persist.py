"""Model files: ``load_model`` and ``dump_model`` (TOML, JSON; YAML with the extra)."""

from __future__ import annotations

from pathlib import Path

from leadqual._convert import structure_config, unstructure_definition
from leadqual._files import read_data, write_data
from leadqual.exceptions import ConfigError, NotSerializableError
from leadqual.scoring._model import CustomRule, ScoringModel

__all__ = ["dump_model", "load_model", "model_from_data", "model_to_data"]


def model_to_data(model: ScoringModel) -> dict[str, object]:
    """The model as plain data, exactly what :func:`dump_model` writes.

    >>> from leadqual.scoring import starter_model
    >>> rule = model_to_data(starter_model())["rules"][0]
    >>> rule["name"], rule["points"], rule["event"]
    ('demo_requested', 25, {'type': 'demo_requested'})
    """
    for index, rule in enumerate(model.rules):
        if isinstance(rule, CustomRule):
            msg = (
                f"rules[{index}] ({rule.name!r}) is a CustomRule: it exists only as Python "
                "code and cannot be written to a model file; keep it in code and add it to "
                "the loaded model with attrs.evolve"
            )
            raise NotSerializableError(msg)
    data = unstructure_definition(model)
    # Empty lists are pruned from definition files, but these two have no (or a
    # non-empty) default: without them an empty model would not load back equal.
    data.setdefault("rules", [])
    data.setdefault("groups", [])
    return data


def model_from_data(data: object) -> ScoringModel:
    """Build a model from plain data, reporting every problem with its place."""
    if not isinstance(data, dict):
        msg = f"invalid scoring model: expected a table at the top, got {type(data).__name__}"
        raise ConfigError(msg)
    return structure_config(data, ScoringModel, "scoring model")


def load_model(path: str | Path) -> ScoringModel:
    """Read a model file; the suffix chooses the format (``.toml``, ``.json``, ``.yaml``).

    Loading never executes code: files are parsed as data and validated field by field.
    Unknown keys and wrong types raise ``ConfigError`` listing every problem, e.g.
    ``rules[3].points: expected a number, got str 'ten'``.
    """
    data = read_data(path)
    try:
        return model_from_data(data)
    except ConfigError as exc:
        msg = f"{path}: {exc}"
        raise ConfigError(msg, errors=exc.errors) from None


def dump_model(model: ScoringModel, path: str | Path) -> None:
    """Write a model file; ``load_model`` gives back an equal model.

    Raises ``NotSerializableError`` when the model holds a ``CustomRule``.
    """
    write_data(path, model_to_data(model))
