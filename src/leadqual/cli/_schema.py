"""``leadqual schema``: the JSON Schema of each kind of definition file, for editors.

Every schema is walked from the classes the loaders structure (see
:mod:`leadqual.scoring._schema`), so it cannot drift from what they accept. Where a
loader also takes a name or a path instead of a table (a qualifier's built-in
``framework = "BANT"`` or ``model = "starter"``; a config's ``qualifier`` path), the
schema says so.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from leadqual.cli._app import EXIT_OK, Command

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["COMMANDS", "KINDS", "definition_schema"]

KINDS = ("model", "icp", "framework", "qualifier", "mapping", "config")
"""The kinds of file ``leadqual schema`` describes (``model`` by default)."""


def _model() -> dict[str, Any]:
    from leadqual.scoring import model_schema  # noqa: PLC0415 - lean start-up

    return model_schema()


def _walk(cls: type) -> dict[str, Any]:
    from leadqual.scoring._schema import json_schema  # noqa: PLC0415 - lean start-up

    return json_schema(cls)


def _icp() -> dict[str, Any]:
    from leadqual.icp import ICP  # noqa: PLC0415 - lean start-up

    return _walk(ICP)


def _framework() -> dict[str, Any]:
    from leadqual.frameworks import Framework  # noqa: PLC0415 - lean start-up

    return _walk(Framework)


def _or_name(schema: dict[str, Any], key: str, names: list[str], what: str) -> None:
    # A property that also takes a built-in's name instead of a table.
    prop = schema["properties"][key]
    prop["anyOf"] = [{"enum": names, "description": what}, *prop.get("anyOf", [])]


def _qualifier() -> dict[str, Any]:
    from leadqual.frameworks import BUILT_INS  # noqa: PLC0415 - lean start-up
    from leadqual.verdict import Qualifier  # noqa: PLC0415 - lean start-up

    schema = _walk(Qualifier)
    names = [framework.name for framework in BUILT_INS]
    _or_name(schema, "framework", names, "a built-in framework by name")
    _or_name(schema, "model", ["starter"], "the built-in starter model")
    return schema


def _mapping() -> dict[str, Any]:
    from leadqual.io import mapping_schema  # noqa: PLC0415 - lean start-up

    return mapping_schema()


def _config() -> dict[str, Any]:
    from leadqual.automation import Config  # noqa: PLC0415 - lean start-up

    schema = _walk(Config)
    schema["description"] = (
        "A config file (--config): the language, the qualifier, the hand-off timing, "
        "the owners and the notifiers."
    )
    schema["properties"]["lang"] = {"enum": ["en", "nl"], "default": "en"}
    qualifier = _qualifier()
    schema["$defs"].update(qualifier.pop("$defs"))
    qualifier.pop("$schema", None)
    schema["$defs"]["Qualifier"] = qualifier
    schema["properties"]["qualifier"] = {
        "anyOf": [
            {"type": "string", "description": "the path of a qualifier file"},
            {"$ref": "#/$defs/Qualifier"},
        ],
        "description": "the qualifier (without it the starter model and the default policy)",
    }
    return schema


_BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "model": _model,
    "icp": _icp,
    "framework": _framework,
    "qualifier": _qualifier,
    "mapping": _mapping,
    "config": _config,
}


def definition_schema(kind: str = "model") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of definition file.

    >>> definition_schema("icp")["title"], definition_schema("framework")["title"]
    ('ICP', 'Framework')
    >>> definition_schema("config")["properties"]["qualifier"]["anyOf"][1]
    {'$ref': '#/$defs/Qualifier'}
    """
    return _BUILDERS[kind]()


def _cmd_schema(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    out.write(json.dumps(definition_schema(args.kind), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _configure_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", nargs="?", choices=KINDS, default="model", help="kind of file")


COMMANDS = (
    Command(
        "schema",
        "print the JSON Schema of a kind of file (model, icp, framework, qualifier, "
        "mapping, config)",
        _configure_schema,
        _cmd_schema,
    ),
)
"""The commands this module adds to ``leadqual``."""
