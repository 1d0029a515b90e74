"""Models as plain data: ``model_to_data`` and ``model_from_data`` (files: :mod:`leadqual.io`)."""

from __future__ import annotations

from typing import Any

from leadqual._convert import structure_config, unstructure_definition
from leadqual.exceptions import ConfigError, NotSerializableError
from leadqual.scoring._conditions import Condition
from leadqual.scoring._model import (
    CustomRule,
    EventMatch,
    Rule,
    RuleView,
    ScoringModel,
    _number_problem,
    rule_problems,
)

__all__ = ["model_from_data", "model_to_data"]


def model_to_data(model: ScoringModel) -> dict[str, object]:
    """The model as plain data, exactly what :func:`leadqual.io.dump_model` writes.

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
    try:
        return structure_config(data, ScoringModel, "scoring model")
    except ConfigError as exc:
        # Some part did not load, so the model-level checks never ran: run them on what
        # does load, so one round of fixes is enough.
        errors = list(exc.errors)
        errors.extend(problem for problem in _partial_problems(data) if problem not in errors)
        msg = "invalid scoring model: " + "; ".join(errors)
        raise ConfigError(msg, errors=errors) from None


def _attempt(data: object, cls: Any) -> Any:  # noqa: ANN401 - whatever cls structures to
    try:
        return structure_config(data, cls, "part")
    except ConfigError:
        return None


def _partial_problems(data: dict[str, Any]) -> list[str]:
    """Duplicate names, unknown groups and unknown fields among the parts that load."""
    raw_groups = data.get("groups")
    if raw_groups is None:
        group_names = [group.name for group in ScoringModel([]).groups]
    elif isinstance(raw_groups, list):
        group_names = [
            group["name"]
            for group in raw_groups
            if isinstance(group, dict) and isinstance(group.get("name"), str)
        ]
    else:
        return []
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        return []
    views = []
    for index, raw in enumerate(raw_rules):
        if not isinstance(raw, dict):
            continue
        rule = _attempt(raw, Rule)
        if isinstance(rule, Rule):
            views.append(RuleView.of(index, rule))
            continue
        group = raw.get("group", "engagement" if "event" in raw else "fit")
        event = _attempt(raw["event"], EventMatch) if "event" in raw else None
        when = _attempt(raw["when"], Condition) if "when" in raw else None
        where = event.where if isinstance(event, EventMatch) else None
        views.append(RuleView(index, raw.get("name"), group, when, where, "group" not in raw))
    problems = rule_problems(views, group_names)
    for key in ("min_total", "max_total"):
        detail = _number_problem(data[key]) if data.get(key) is not None else None
        if detail is not None:
            problems.append(f"{key}: {detail}")
    return problems
