"""Qualifiers as plain data: the model, ICP and framework embedded, or named when built in.

A built-in framework is written by name (``framework = "BANT"``) and the starter model
as ``model = "starter"``; anything else is embedded as a table in the same shape its
own file would have. Loading never executes code; the round trip is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from leadqual._convert import structure_config, unstructure, unstructure_definition
from leadqual.exceptions import ConfigError
from leadqual.frameworks import BUILT_INS
from leadqual.scoring import model_to_data, starter_model
from leadqual.verdict._qualifier import Qualifier

__all__ = ["qualifier_from_data", "qualifier_to_data"]

_STARTER = "starter"


def qualifier_to_data(qualifier: Qualifier) -> dict[str, Any]:
    """The qualifier as plain data, exactly what :func:`leadqual.io.dump_qualifier` writes.

    >>> import leadqual as lq
    >>> from leadqual.frameworks import BANT
    >>> data = qualifier_to_data(Qualifier(model=lq.starter_model(), framework=BANT))
    >>> data["model"], data["framework"], data["weights"]
    ('starter', 'BANT', {'fit': 1.0, 'engagement': 1.0, 'framework': 2.0})
    """
    data: dict[str, Any] = {"name": qualifier.name}
    if qualifier.model is not None:
        model = qualifier.model
        data["model"] = _STARTER if model == starter_model() else model_to_data(model)
    if qualifier.icp is not None:
        data["icp"] = unstructure(qualifier.icp)
    if qualifier.framework is not None:
        framework = qualifier.framework
        data["framework"] = framework.name if framework in BUILT_INS else unstructure(framework)
    for key in ("weights", "engagement", "policy"):
        data[key] = unstructure_definition(getattr(qualifier, key))
    # Definitions leave empty lists out, but no intent events is not the default.
    data["policy"]["intent_events"] = list(qualifier.policy.intent_events)
    return data


def _built_in(name: object) -> Mapping[str, Any]:
    # "GPCTBA" finds "GPCTBA/C&I": the name users type, like the Python constant.
    wanted = str(name).strip().lower()
    for framework in BUILT_INS:
        if wanted in {framework.name.lower(), framework.name.split("/")[0].lower()}:
            data: Mapping[str, Any] = unstructure(framework)
            return data
    allowed = ", ".join(repr(framework.name) for framework in BUILT_INS)
    msg = f"framework: unknown built-in framework {name!r}; expected one of {allowed}"
    raise ConfigError(msg, errors=[msg])


def qualifier_from_data(data: object) -> Qualifier:
    """Build a qualifier from plain data, reporting every problem with its place."""
    if not isinstance(data, Mapping):
        msg = f"invalid qualifier: expected a table at the top, got {type(data).__name__}"
        raise ConfigError(msg)
    data = dict(data)
    if isinstance(data.get("framework"), str):
        data["framework"] = _built_in(data["framework"])
    if isinstance(data.get("model"), str):
        if data["model"] != _STARTER:
            msg = f"model: unknown built-in model {data['model']!r}; expected 'starter' or a table"
            raise ConfigError(msg, errors=[msg])
        data["model"] = model_to_data(starter_model())
    return structure_config(data, Qualifier, "qualifier")
