"""JSON Schema (draft 2020-12) of definition files, generated from the attrs classes.

The schema is walked from the same classes the converter structures, so it cannot drift
from what ``load_model`` accepts: every attrs class becomes an object with
``additionalProperties: false`` (files forbid unknown keys), every ``Tagged`` family a
``oneOf`` of its variants, each pinned by ``"kind": {"const": ...}``. Code-only members
(``CustomRule``) are left out: they cannot be written to a file.

>>> schema = model_schema()
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["$defs"]["Glob"]["properties"]["kind"], schema["$defs"]["Glob"]["required"]
({'const': 'glob'}, ['kind', 'field', 'pattern'])
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import re
import types
from collections.abc import Mapping
from typing import Any, Union, get_args, get_origin

import attrs

from leadqual._convert import Tagged, is_code_only, unstructure
from leadqual.lead import JSONValue
from leadqual.scoring._model import ScoringModel

__all__ = ["json_schema", "model_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_SCALARS: dict[object, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    dt.datetime: {"type": "string", "format": "date-time"},
}
_FACTORY: Any = attrs.Factory  # a class at runtime; typed as an overloaded function
_ENTRY_INDENT = 4
_FIELD_DOC = re.compile(r"^\s+([A-Za-z_][\w, ]*):\s+(.+)$")


def model_schema() -> dict[str, Any]:
    """The JSON Schema of a scoring model file (what ``leadqual schema`` prints)."""
    return json_schema(ScoringModel)


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of the definition file whose top level structures as ``cls``.

    ``cls`` is an attrs class (a model, an ICP, a framework); the classes it refers to
    go under ``$defs`` and are referenced by name, so recursive conditions stay finite.
    """
    walker = _Walker()
    top = walker.object_schema(cls)
    return {"$schema": DRAFT, "title": cls.__name__, **top, "$defs": walker.defs}


def _summary(obj: object) -> str | None:
    doc = inspect.getdoc(obj)
    return doc.strip().splitlines()[0] if doc else None


def _field_docs(cls: type) -> dict[str, str]:
    """Field descriptions from the Google-style ``Args:``/``Attributes:`` section."""
    docs: dict[str, str] = {}
    in_section = False
    current: list[str] = []
    for line in (inspect.getdoc(cls) or "").splitlines():
        if line.strip() in ("Args:", "Attributes:"):
            in_section = True
            continue
        if in_section and (not line or not line[0].isspace()):
            in_section, current = False, []
        if not in_section:
            continue
        match = _FIELD_DOC.match(line)
        if match and len(line) - len(line.lstrip()) <= _ENTRY_INDENT:
            current = [name.strip() for name in match.group(1).split(",")]
            for name in current:
                docs.setdefault(name, match.group(2).strip())
        elif current:  # a continuation line of the entry above
            for name in current:
                docs[name] += " " + line.strip()
    return docs


def _default(field: attrs.Attribute[Any]) -> tuple[bool, object]:
    """Whether the field has a default worth writing into the schema, and its value."""
    default: Any = field.default
    if default is attrs.NOTHING:
        return False, None
    value = default.factory() if isinstance(default, _FACTORY) else default
    converter: Any = field.converter
    if converter is not None and value is not None:
        value = converter(value)
    try:
        plain = unstructure(value)
    except Exception:  # noqa: BLE001 - a default that is not data is simply not shown
        return False, None
    if isinstance(plain, float) and not math.isfinite(plain):
        return False, None
    return True, plain


class _Walker:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursion ends here
            if issubclass(cls, Tagged) and "kind" not in cls.__dict__:
                self.defs[name] = self.family_schema(cls)
            else:
                self.defs[name] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{name}"}

    def family_schema(self, cls: type[Tagged]) -> dict[str, Any]:
        # The loadable kinds only: the family is closed (see Tagged.variants).
        variants = sorted(cls.variants().items())
        schema: dict[str, Any] = {"oneOf": [self.ref(variant) for _kind, variant in variants]}
        summary = _summary(cls)
        if summary:
            schema["description"] = summary
        return schema

    def object_schema(self, cls: type) -> dict[str, Any]:
        attrs.resolve_types(cls)
        hints = {field.name: field.type for field in attrs.fields(cls)}
        docs = _field_docs(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        kind = cls.__dict__.get("kind") if issubclass(cls, Tagged) else None
        if isinstance(kind, str):
            properties["kind"] = {"const": kind}
            required.append("kind")
        for field in attrs.fields(cls):
            if not field.init:
                continue
            name = field.alias or field.name
            prop = self.type_schema(hints.get(field.name, field.type))
            if name in docs:
                prop = {**prop, "description": docs[name]}
            has_default, value = _default(field)
            if has_default:
                prop = {**prop, "default": value}
            elif field.default is attrs.NOTHING:
                required.append(name)
            properties[name] = prop
        schema: dict[str, Any] = {"type": "object"}
        summary = _summary(cls)
        if summary:
            schema["description"] = summary
        schema["properties"] = properties
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema

    def type_schema(self, tp: Any) -> dict[str, Any]:  # noqa: ANN401, PLR0911 - any annotation
        if tp is JSONValue or tp is Any:
            return {}
        if tp in _SCALARS:
            return dict(_SCALARS[tp])
        origin = get_origin(tp)
        args = get_args(tp)
        if origin in (types.UnionType, Union):
            members = [arg for arg in args if not is_code_only(arg)]
            if len(members) == 1:
                return self.type_schema(members[0])
            return {"anyOf": [self.type_schema(arg) for arg in members]}
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
                return {"type": "array", "items": self.type_schema(args[0])}
            items = [self.type_schema(arg) for arg in args]
            return {
                "type": "array",
                "prefixItems": items,
                "items": False,
                "minItems": len(items),
            }
        if origin in (list, set, frozenset):
            return {"type": "array", "items": self.type_schema(args[0])}
        if origin in (dict, Mapping) or (isinstance(origin, type) and issubclass(origin, Mapping)):
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if isinstance(tp, type) and (attrs.has(tp) or issubclass(tp, Tagged)):
            return self.ref(tp)
        return {}
