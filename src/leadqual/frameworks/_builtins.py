"""The built-in frameworks, read from the package's ``data/frameworks.json``.

Every built-in is a framework definition in the format :func:`leadqual.io.load_framework`
reads, and goes through the same structuring and validation as a user's file
(:func:`~leadqual.frameworks.framework_from_data`): the built-ins prove the format.

Several built-ins share criteria, so one lead's answers feed them all: a lead that
answered ``budget``, ``authority``, ``need`` and ``timeline`` for BANT is partly assessed
for GPCTBA/C&I, CHAMP, ANUM, FAINT and NEAT as well. So that each text stands in the
file once, a criterion of a framework in it may be written as the key of a criterion
defined before it (in the file's shared ``criteria`` or in an earlier framework): alone
to use that criterion as it is, or as ``{"use": key, ...}`` with only the fields that
differ (CHAMP's *Money* is the budget criterion with its own label and weight; MEDDIC's
``pain`` is ``need`` with its own key, texts and weight).

>>> FRAMEWORKS["BANT"].criteria[0].label.nl
'Budget'
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

from leadqual.exceptions import ConfigError
from leadqual.frameworks._framework import Framework
from leadqual.frameworks._io import framework_from_data

__all__ = ["DATA_FILE", "FRAMEWORKS", "expand"]

DATA_FILE: Final = "data/frameworks.json"
"""Where the built-ins are, relative to the ``leadqual`` package."""


def expand(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The framework definitions of ``data``, every criterion written out in full.

    >>> shared = {"key": "need", "label": {"en": "Need"}, "required": True}
    >>> data = {"criteria": [shared], "frameworks": [
    ...     {"name": "N", "criteria": ["need", {"use": "need", "key": "pain", "weight": 2}]}]}
    >>> [c["key"] for c in expand(data)[0]["criteria"]]
    ['need', 'pain']
    >>> expand(data)[0]["criteria"][1]["required"]
    True
    >>> expand({"criteria": [shared], "frameworks": [{"criteria": ["needs"]}]})
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: frameworks[0].criteria[0]: no criterion 'needs' ...
    """
    known = {criterion["key"]: criterion for criterion in data["criteria"]}

    def defined(name: str, place: str) -> dict[str, Any]:
        if name not in known:
            detail = f"no criterion {name!r} defined before; expected one of {sorted(known)}"
            raise ConfigError.at(place=place, detail=detail)
        criterion: dict[str, Any] = known[name]
        return criterion

    found = []
    for index, definition in enumerate(data["frameworks"]):
        criteria = []
        for number, entry in enumerate(definition["criteria"]):
            place = f"frameworks[{index}].criteria[{number}]"
            if isinstance(entry, str):
                criterion = defined(entry, place)
            else:
                changes = {key: value for key, value in entry.items() if key != "use"}
                base = defined(entry["use"], f"{place}.use") if "use" in entry else {}
                criterion = {**base, **changes}
                known.setdefault(criterion["key"], criterion)
            criteria.append(criterion)
        found.append({**definition, "criteria": criteria})
    return found


def _read() -> dict[str, Framework]:
    text = resources.files("leadqual").joinpath(DATA_FILE).read_text(encoding="utf-8")
    frameworks = {}
    for index, definition in enumerate(expand(json.loads(text))):
        try:
            framework = framework_from_data(definition)
        except ConfigError as exc:
            msg = f"leadqual/{DATA_FILE}: frameworks[{index}]: {exc}"
            raise ConfigError(msg, errors=exc.errors) from None
        frameworks[framework.name] = framework
    return frameworks


FRAMEWORKS: Final = _read()
"""Every built-in framework by name, in the file's order."""
