"""Definition files (models, ICPs, frameworks) as plain data: read and write by suffix.

``.toml`` and ``.json`` need nothing beyond the standard library (TOML is written by the
small emitter below, since ``tomllib`` only reads); ``.yaml``/``.yml`` need the ``yaml``
extra and are loaded with the safe loader only (libyaml's, when PyYAML has it). Reading a
file never executes code, and is bounded in time and memory: a YAML alias may not refer to
itself, and aliases together may repeat at most :data:`YAML_ALIAS_BUDGET` nodes (an
"alias bomb" of a few hundred bytes would otherwise expand to billions); collections may
nest at most :data:`YAML_DEPTH_LIMIT` deep, whichever loader PyYAML has (libyaml's
composer recurses in C and crashes the process on a 200 KB file of brackets, the pure
Python one recurses in Python and takes seconds first).
"""

from __future__ import annotations

import importlib
import json
import math
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from leadqual.exceptions import ConfigError, InputFileError

__all__ = [
    "SUFFIXES",
    "YAML_ALIAS_BUDGET",
    "YAML_DEPTH_LIMIT",
    "dumps_toml",
    "parse_problem",
    "read_data",
    "read_into",
    "write_data",
]

T = TypeVar("T")

SUFFIXES = (".toml", ".json", ".yaml", ".yml")

YAML_ALIAS_BUDGET = 10_000
"""How many nodes the aliases of one YAML file may repeat in total (anchors reused)."""

YAML_DEPTH_LIMIT = 100
"""How deep the collections (mappings, sequences) of one YAML file may nest.

A scoring condition may nest 32 deep; in YAML each level is a mapping holding a list, and
the model, its rules and a rule add a few more levels, so real files stay well below.
"""


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        msg = f"{path}: unsupported file type {suffix or '(none)'!r}; expected one of {SUFFIXES}"
        raise InputFileError(msg)
    return suffix


def _yaml() -> Any:  # noqa: ANN401 - optional module
    try:
        return importlib.import_module("yaml")
    except ImportError as exc:
        msg = "YAML files need the 'yaml' extra: pip install 'leadqual[yaml]'"
        raise InputFileError(msg) from exc


def read_data(path: str | Path) -> Any:  # noqa: ANN401 - plain data of any shape
    """Read a definition file into plain data, choosing the parser by suffix."""
    path = Path(path)
    suffix = _suffix(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise InputFileError(msg) from exc
    except UnicodeDecodeError as exc:
        msg = f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise InputFileError(msg) from exc
    if suffix in {".yaml", ".yml"}:
        return _load_yaml(text, path)
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: invalid TOML: {exc}"
        raise ConfigError(msg) from exc
    except json.JSONDecodeError as exc:
        msg = f"{path}: line {exc.lineno}: invalid JSON: {exc.msg}"
        raise ConfigError(msg) from exc
    except (ValueError, RecursionError) as exc:
        # Valid syntax that still cannot become Python values.
        msg = f"{path}: invalid {suffix.lstrip('.').upper()}: {parse_problem(exc)}"
        raise ConfigError(msg) from None


def read_into(path: str | Path, from_data: Callable[[Any], T]) -> T:
    """``from_data`` of the file's plain data; a ``ConfigError`` from it names the file."""
    data = read_data(path)
    try:
        return from_data(data)
    except ConfigError as exc:
        msg = f"{path}: {exc}"
        raise ConfigError(msg, errors=exc.errors) from None


def _load_yaml(text: str, path: Path, *, pure_python: bool = False) -> Any:  # noqa: ANN401
    """Load one YAML document with the safe loader, bounded in depth and aliases.

    Uses libyaml's loader when PyYAML has it, unless ``pure_python`` (the tests run
    both). The depth is checked first on the parser's event stream, which neither
    parser builds recursively, so no composer ever sees a document nested too deeply.
    """
    yaml = _yaml()
    loader_class = yaml.SafeLoader if pure_python else getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _check_depth(loader_class, text, path)
        loader = loader_class(text)
    except yaml.YAMLError as exc:
        msg = f"{path}: invalid YAML: {exc}"
        raise ConfigError(msg) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_aliases(node, path)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        msg = f"{path}: invalid YAML: {exc}"
        raise ConfigError(msg) from exc
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, ConfigError):
            raise  # from _check_aliases: already says where and why
        msg = f"{path}: invalid YAML: {parse_problem(exc)}"
        raise ConfigError(msg) from None
    finally:
        loader.dispose()


def _check_depth(loader_class: Any, text: str, path: Path) -> None:  # noqa: ANN401 - a loader
    """Refuse collections nested deeper than :data:`YAML_DEPTH_LIMIT`, from the events."""
    events = importlib.import_module("yaml.events")
    opening = (events.SequenceStartEvent, events.MappingStartEvent)
    closing = (events.SequenceEndEvent, events.MappingEndEvent)
    parser = loader_class(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, opening):
                depth += 1
                if depth > YAML_DEPTH_LIMIT:
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    msg = (
                        f"{path}: invalid YAML: line {line}: nested more than "
                        f"{YAML_DEPTH_LIMIT} levels deep"
                    )
                    raise ConfigError(msg)
            elif isinstance(event, closing):
                depth -= 1
            elif isinstance(event, events.StreamEndEvent):
                break
    except importlib.import_module("yaml").MarkedYAMLError as exc:
        # Newer libyaml bounds flow nesting itself (at 1,000), and its scanner reads a
        # flow collection ahead of the events: the same refusal, in the same words.
        if "maximum nesting depth" not in str(exc):
            raise
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else "?"
        msg = f"{path}: invalid YAML: line {line}: nested more than {YAML_DEPTH_LIMIT} levels deep"
        raise ConfigError(msg) from None
    finally:
        parser.dispose()


def _check_aliases(root: Any, path: Path) -> None:  # noqa: ANN401 - a yaml.Node
    """Refuse a node graph that aliases make cyclic or much larger than the file.

    The composed YAML is a graph: an alias is the anchored node itself, shared. The
    values built from it are walked as trees later (checking, converting), so the size
    that counts is the tree's. Computed once per distinct node, without recursion.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if key in sizes:
            continue
        if key in active:
            msg = f"{path}: invalid YAML: an alias refers to a node that contains it"
            raise ConfigError(msg)
        active.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    repeated = sizes[id(root)] - len(sizes)
    if repeated > YAML_ALIAS_BUDGET:
        msg = (
            f"{path}: invalid YAML: its aliases repeat {repeated} nodes, more than the "
            f"{YAML_ALIAS_BUDGET} allowed; write the repeated parts out or reuse fewer"
        )
        raise ConfigError(msg)


def _children(node: Any) -> list[Any]:  # noqa: ANN401 - a yaml.Node
    value = node.value
    if isinstance(value, str):
        return []
    if value and isinstance(value[0], tuple):  # a mapping: (key, value) pairs
        return [part for pair in value for part in pair]
    return list(value)


def parse_problem(exc: ValueError | RecursionError) -> str:
    """Why a parser that accepted the syntax could not build the values.

    ``json`` and ``tomllib`` refuse integers of more than ``sys.get_int_max_str_digits()``
    digits (ValueError) and overflow the stack on deep nesting (RecursionError).

    >>> parse_problem(RecursionError("maximum recursion depth exceeded"))
    'nested too deeply'
    """
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    limit = sys.get_int_max_str_digits()
    if "digits" in str(exc) and limit:
        return f"a number has more than {limit} digits"
    return str(exc)


def write_data(path: str | Path, data: Mapping[str, Any]) -> None:
    """Write plain data to a definition file, choosing the format by suffix."""
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".toml":
        text = dumps_toml(data)
    elif suffix == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = _yaml().safe_dump(dict(data), sort_keys=False, allow_unicode=True)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot write: {exc.strerror or exc}"
        raise InputFileError(msg) from exc


_INLINE_WIDTH = 72
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes, except that TOML has no
    # \/ (json.dumps never emits it) and needs control characters escaped: json.dumps
    # escapes U+0000-U+001F but not DEL (U+007F), which TOML forbids raw as well.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _scalar(value: object, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"{where}: TOML cannot hold {value!r}"
            raise ConfigError(msg)
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(item, f"{where}[]") for item in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_scalar(v, f'{where}.{k}')}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if value is None:
        msg = f"{where}: TOML has no null; leave the key out instead"
        raise ConfigError(msg)
    msg = f"{where}: cannot write {type(value).__name__} to TOML"
    raise ConfigError(msg)


def _is_table_array(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )


def _emit(table: Mapping[str, Any], prefix: str, lines: list[str]) -> None:  # noqa: C901
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        if value is None:
            continue  # TOML has no null: an absent key means the default
        if isinstance(value, Mapping) and value:
            inline = _scalar(value, prefix + key)
            if len(inline) <= _INLINE_WIDTH:
                lines.append(f"{_key(key)} = {inline}")
                continue
        if isinstance(value, Mapping) or _is_table_array(value):
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_scalar(value, prefix + key)}")
    for key, value in nested:
        name = f"{prefix}{_key(key)}"
        if isinstance(value, Mapping):
            if lines:
                lines.append("")
            lines.append(f"[{name}]")
            _emit(value, name + ".", lines)
        else:
            for item in value:
                if lines:
                    lines.append("")
                lines.append(f"[[{name}]]")
                _emit(item, name + ".", lines)


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Render plain data as TOML: tables and arrays of tables for nesting, inline below.

    >>> rules = [{"name": "demo", "points": 25, "event": {"type": "demo_requested"}}]
    >>> print(dumps_toml({"name": "starter", "rules": rules}))
    name = "starter"
    <BLANKLINE>
    [[rules]]
    name = "demo"
    points = 25
    event = { type = "demo_requested" }
    <BLANKLINE>
    """
    lines: list[str] = []
    _emit(data, "", lines)
    return "\n".join(lines) + "\n"
