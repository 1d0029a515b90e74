"""The one cattrs converter: every (un)structuring in leadqual goes through here.

``make_converter()`` registers every hook in one place. Structuring is strict (no
``"180"`` silently becoming ``180``, no ``180.7`` truncated, unknown keys are errors)
and every failure is re-raised as a ``LeadqualError`` whose ``errors`` name each place:
``company.employees: expected a whole number, got str '180'``.

Variants of one concept (rule conditions, criteria kinds…) subclass :class:`Tagged` and
are written as tables with a ``kind`` key; the hooks find the subclass by that key, so a
new variant needs no change here.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Annotated, Any, ClassVar, TypeAlias, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence, list_structure_factory
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from leadqual._core.text import lone_surrogate
from leadqual._fast_lead import fast_lead
from leadqual._lang import shown
from leadqual._suggest import suggest
from leadqual._time import parse_timestamp, resolve_timezone
from leadqual.exceptions import ConfigError, LeadError, LeadqualError, NotSerializableError
from leadqual.lead import Answer, FrozenDict, FrozenList, Identifier, JSONValue, Lead, thaw

__all__ = [
    "Scalar",
    "Tagged",
    "code_only",
    "is_code_only",
    "register_variant",
    "describe_errors",
    "make_converter",
    "structure",
    "structure_config",
    "structure_lead",
    "unstructure",
    "unstructure_definition",
]

Scalar: TypeAlias = Annotated[str | float | bool, "leadqual.scalar"]
"""A value a condition compares with: text, a finite number or true/false."""

T = TypeVar("T")
E = TypeVar("E", bound=LeadqualError)


class Tagged:
    """Base of a family of variants written as ``{"kind": "...", ...}`` tables.

    An abstract family base leaves ``kind`` unset; each concrete variant sets it.
    A variant that holds Python code (a custom criterion) is marked with
    :func:`code_only`: files cannot load it and writing it raises
    ``NotSerializableError``, because model files are data and never execute code.
    """

    __slots__ = ()
    kind: ClassVar[str]

    @classmethod
    def variants(cls) -> dict[str, type[Tagged]]:
        """The loadable kinds of this family: its own package's variants, then registered ones.

        The family is closed: a subclass defined in another package (a plugin, a
        notebook) is not loadable unless registered with :func:`register_variant`, and
        nothing can replace a built-in kind.
        """
        home = _package(cls)
        found: dict[str, type[Tagged]] = {}
        stack: list[type[Tagged]] = [cls]
        while stack:
            current = stack.pop()
            # attrs' slotted classes replace the decorated class; the original stays in
            # __subclasses__() until garbage-collected and must not shadow its variant.
            if (
                "kind" in current.__dict__
                and "__attrs_attrs__" in current.__dict__
                and _package(current) == home
            ):
                found[current.kind] = current
            stack.extend(current.__subclasses__())
        for kind, variant in _REGISTERED.get(cls, {}).items():
            found.setdefault(kind, variant)
        return found


_REGISTERED: dict[type, dict[str, type[Tagged]]] = {}


def _package(cls: type) -> str:
    return cls.__module__.partition(".")[0]


def register_variant(family: type[Tagged], variant: type[T]) -> type[T]:
    """Make a third-party kind loadable in ``family`` (a condition, a criterion…).

    The variant must be an attrs class with its own ``kind`` that no variant of the
    family uses already: a registered kind never replaces a built-in one.
    """
    kind = variant.__dict__.get("kind")
    if (
        not isinstance(variant, type)
        or not issubclass(variant, family)
        or "__attrs_attrs__" not in variant.__dict__
        or not isinstance(kind, str)
    ):
        msg = f"expected an attrs subclass of {family.__name__} with its own kind, got {variant!r}"
        raise ConfigError(msg)
    current = family.variants().get(kind)
    if current is not None and current is not variant:
        msg = f"kind {kind!r} is already {current.__module__}.{current.__qualname__}"
        raise ConfigError(msg)
    _REGISTERED.setdefault(family, {})[kind] = variant
    return variant


def code_only(cls: type[T]) -> type[T]:
    """Mark a class as existing only as Python code (custom rules, custom criteria).

    Unstructuring a code-only value raises ``NotSerializableError``. In a union with
    data classes (``Rule | CustomRule``) files structure as the data member; as a
    ``Tagged`` variant its ``kind`` is refused when loading.
    """
    cls.__leadqual_code_only__ = True  # type: ignore[attr-defined]
    return cls


def is_code_only(cls: object) -> bool:
    """Whether ``cls`` was marked with :func:`code_only`."""
    return bool(getattr(cls, "__leadqual_code_only__", False))


def _data_member(tp: object) -> type | None:
    # The one member of a union that can be written as data, when the others are code.
    if get_origin(tp) not in (types.UnionType, Union):
        return None
    members = get_args(tp)
    if not all(isinstance(member, type) for member in members):
        return None
    data = [member for member in members if not is_code_only(member)]
    return data[0] if len(data) == 1 and len(data) < len(members) else None


def _admits_none(tp: object) -> bool:
    return tp is None or tp is Any or type(None) in get_args(tp)


def _identifier(value: object, _: object) -> str:
    # CRMs often number their records (HubSpot's contact ids are integers): a whole
    # number is a fine identity and becomes its decimal text. Anything else is not.
    if isinstance(value, str):
        return _utf8(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    msg = f"expected an identifier (text or a whole number), got {shown(value)}"
    raise TypeError(msg)


def _is_family(cls: object) -> bool:
    return isinstance(cls, type) and issubclass(cls, Tagged) and "kind" not in cls.__dict__


def _is_variant(cls: object) -> bool:
    return isinstance(cls, type) and issubclass(cls, Tagged) and "kind" in cls.__dict__


def _type_name(value: object) -> str:
    return "null" if value is None else type(value).__name__


def _strict_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"expected a whole number, got {shown(value)}"
        raise TypeError(msg)
    if isinstance(value, float) and not value.is_integer():
        msg = f"expected a whole number, got {value!r}"
        raise ValueError(msg)
    return int(value)


def _strict_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"expected a number, got {shown(value)}"
        raise TypeError(msg)
    if isinstance(value, int):
        return value  # always finite; math.isfinite would overflow past 1e308
    if not math.isfinite(value):
        msg = f"expected a finite number, got {value!r}"
        raise ValueError(msg)
    # Integers stay integers so that files round-trip byte for byte.
    return value


def _typed(value: object, kind: type[T], expected: str) -> T:
    # The structure hooks' common test: ``value`` is a ``kind``, else "expected …".
    if not isinstance(value, kind):
        msg = f"expected {expected}, got {shown(value)}"
        raise TypeError(msg)
    return value


def _strict_str(value: object, _: type) -> str:
    return _utf8(_typed(value, str, "a string"))


def _utf8(text: str) -> str:
    """``text`` if it can be written as UTF-8; a lone surrogate (U+DC80) cannot."""
    at = lone_surrogate(text)
    if at is not None:
        msg = f"not valid Unicode text: lone surrogate {text[at]!r} at {at + 1}"
        raise ValueError(msg)
    return text


def _strict_bool(value: object, _: type) -> bool:
    return _typed(value, bool, "true or false")


def _plain_scalar(value: object, expected: str, quote: Callable[[object], str]) -> Scalar:
    # Text (valid UTF-8), true/false, a whole or a finite number; else "expected …".
    if isinstance(value, str):
        return _utf8(value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    msg = f"expected {expected}, got {quote(value)}"
    raise TypeError(msg)


def _answer(value: object, _: type) -> Answer:
    return _plain_scalar(value, "true/false, a number from 0 to 1 or an option name", repr)


def _enum_member(value: object, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in cls)
        msg = f"expected one of {allowed}, got {value!r}"
        raise ValueError(msg) from None


def _scalar(value: object, _: object) -> Scalar:
    return _plain_scalar(value, "text, a number or true/false", shown)


def _json_value(value: object, _: object = None) -> JSONValue:
    if isinstance(value, str):
        return _utf8(value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"expected a finite number, got {value!r}"
            raise ValueError(msg)
        return value
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, Mapping):
        out: dict[str, JSONValue] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                msg = f"expected string keys, got {key!r}"
                raise TypeError(msg)
            out[_utf8(key)] = _json_value(item)
        return out
    msg = f"expected a JSON value, got {_type_name(value)}"
    raise TypeError(msg)


class _JSONProbe:
    value: JSONValue


# get_type_hints turns the alias' inner 'JSONValue' strings into ForwardRefs, so a
# resolved annotation is equal in meaning but not identical to JSONValue itself.
_RESOLVED_JSON = typing.get_type_hints(_JSONProbe)["value"]


def _is_json_value(tp: object) -> bool:
    return bool(tp in (JSONValue, _RESOLVED_JSON))


# Every hook is registered here, in one function, on purpose: one place to read.
def make_converter(  # noqa: C901, PLR0915
    default_timezone: dt.tzinfo | None = None, *, omit_if_default: bool = True
) -> cattrs.Converter:
    """Build the converter; ``default_timezone`` is applied to naive timestamps.

    ``omit_if_default=False`` writes every field (definition files show the defaults
    a user may want to edit).
    """
    converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=omit_if_default)

    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(float, _strict_float)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(
        dt.datetime, lambda value, _: parse_timestamp(value, default_timezone)
    )
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook_func(lambda tp: tp == Identifier, _identifier)
    converter.register_structure_hook(Answer, _answer)
    converter.register_structure_hook_func(lambda tp: tp == Scalar, _scalar)
    converter.register_structure_hook(JSONValue, _json_value)
    converter.register_unstructure_hook(JSONValue, _json_value)
    converter.register_structure_hook_func(_is_json_value, _json_value)
    converter.register_unstructure_hook_func(_is_json_value, _json_value)
    # A lead's nested values are frozen lists and tables; plain data means plain ones.
    for frozen in (types.MappingProxyType, FrozenList, FrozenDict):
        converter.register_unstructure_hook(frozen, thaw)
    # StrEnums (Stage, Status) are str subclasses and would otherwise pass through as
    # enum members; plain data means their plain value. StrEnum is named because str
    # comes before Enum in its MRO.
    for family in (enum.Enum, enum.StrEnum):
        converter.register_unstructure_hook(family, lambda member: member.value)
        converter.register_structure_hook(family, _enum_member)
    converter.register_unstructure_hook(
        tuple, lambda value: [converter.unstructure(v) for v in value]
    )

    def structure_sequence(tp: type) -> Callable[[Any, type], Any]:
        factory = (
            homogenous_tuple_structure_factory
            if get_origin(tp) is tuple
            else list_structure_factory
        )
        base = factory(tp, converter)

        def hook(data: Any, cls: type) -> Any:  # noqa: ANN401 - any sequence type
            # Strings and tables are iterable too; taking them apart would hide the mistake.
            if isinstance(data, str | bytes | Mapping) or not isinstance(data, Iterable):
                msg = f"expected a list, got {shown(data)}"
                raise TypeError(msg)
            return base(data, cls)

        return hook

    def structure_record(cls: type) -> Callable[[Any, type], Any]:
        plain: Callable[[Any, type], Any] = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True
        )
        kind: str | None = getattr(cls, "kind", None) if _is_variant(cls) else None
        # JSON null for a field that has a default but cannot hold None (a lead's
        # company, events, answers) means "not given", as leaving the key out does.
        defaulted = frozenset(
            field.alias
            for field in attrs.fields(cls)
            if field.init and field.default is not attrs.NOTHING and not _admits_none(field.type)
        )

        def hook(data: Any, _: type) -> Any:  # noqa: ANN401 - any attrs class
            if not isinstance(data, Mapping):
                msg = f"expected a table (JSON object), got {shown(data)}"
                raise TypeError(msg)
            if defaulted and None in data.values():
                data = {
                    key: value
                    for key, value in data.items()
                    if value is not None or key not in defaulted
                }
            if kind is not None and "kind" in data:
                if data["kind"] != kind:
                    msg = f"kind: expected {kind!r}, got {data['kind']!r}"
                    raise ValueError(msg)
                data = {key: value for key, value in data.items() if key != "kind"}
            return plain(data, cls)

        return hook

    def structure_family(cls: type[Tagged]) -> Callable[[Any, type], Tagged]:
        def hook(data: Any, _: type) -> Tagged:  # noqa: ANN401 - raw file data
            if not isinstance(data, Mapping):
                msg = f"expected a table with a 'kind' key, got {shown(data)}"
                raise TypeError(msg)
            variants = cls.variants()
            kind = data.get("kind")
            if kind not in variants:
                allowed = ", ".join(repr(name) for name in sorted(variants))
                msg = f"kind: expected one of {allowed}, got {kind!r}"
                raise ValueError(msg)
            if is_code_only(variants[kind]):
                msg = f"kind: {kind!r} exists only in Python code and cannot be loaded from a file"
                raise ValueError(msg)
            return converter.structure(data, variants[kind])

        return hook

    def unstructure_family(_cls: type[Tagged]) -> Callable[[Tagged], Any]:
        return lambda value: converter.unstructure(value, unstructure_as=type(value))

    def unstructure_variant(cls: type[Tagged]) -> Callable[[Tagged], Any]:
        plain = make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=converter.omit_if_default
        )

        def hook(value: Tagged) -> dict[str, Any]:
            return {"kind": cls.kind, **plain(value)}

        return hook

    def structure_data_union(tp: object) -> Callable[[Any, type], Any]:
        member = _data_member(tp)
        return lambda data, _: converter.structure(data, member)  # type: ignore[arg-type]

    def unstructure_data_union(_tp: object) -> Callable[[Any], Any]:
        return lambda value: converter.unstructure(value, unstructure_as=type(value))

    def unstructure_code_only(cls: type) -> Callable[[Any], Any]:
        def hook(value: Any) -> Any:  # noqa: ANN401 - any code-only object
            name = getattr(value, "name", None)
            what = f"{cls.__name__} {name!r}" if name else cls.__name__
            msg = f"{what} exists only as Python code and cannot be written as data"
            raise NotSerializableError(msg)

        return hook

    # Later registrations win, so the specific factories come after the general ones.
    converter.register_structure_hook_factory(is_sequence, structure_sequence)
    converter.register_structure_hook_factory(attrs.has, structure_record)
    converter.register_structure_hook_factory(_is_family, structure_family)
    converter.register_unstructure_hook_factory(_is_family, unstructure_family)
    converter.register_unstructure_hook_factory(_is_variant, unstructure_variant)
    converter.register_structure_hook_factory(
        lambda tp: _data_member(tp) is not None, structure_data_union
    )
    converter.register_unstructure_hook_factory(
        lambda tp: _data_member(tp) is not None, unstructure_data_union
    )
    converter.register_unstructure_hook_factory(is_code_only, unstructure_code_only)
    return converter


_CONVERTER = make_converter()
_EXPLICIT = make_converter(omit_if_default=False)


@functools.lru_cache(maxsize=16)
def _converter_for(zone: dt.tzinfo | None) -> cattrs.Converter:
    return _CONVERTER if zone is None else make_converter(zone)


def _leaf_message(exc: BaseException) -> tuple[str, str]:  # noqa: PLR0911 - one case each
    """The extra place (possibly empty) and the message of one leaf error."""
    if isinstance(exc, LeadqualError) and exc.place is not None and exc.detail is not None:
        return exc.place, exc.detail
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [field.name for field in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        keys = ", ".join(repr(key) + suggest(key, known) for key in sorted(exc.extra_fields))
        return "", f"unexpected key(s) {keys}"
    if isinstance(exc, KeyError):
        return "", "required but missing"
    if isinstance(exc, AttributeError) and "items" in str(exc):
        return "", "expected a table (mapping)"
    text = str(exc)
    if isinstance(exc, TypeError) and "not iterable" in text:
        return "", "expected a list"
    if isinstance(exc, ValueError | TypeError | LeadqualError) and text:
        return "", text
    return "", f"invalid value ({type(exc).__name__}: {text})"


def _join(path: str, part: str) -> str:
    if not part:
        return path
    if part.startswith("["):
        return f"{path}{part}"
    return f"{path}.{part}" if path else part


def describe_errors(exc: BaseException, path: str = "") -> list[str]:
    """Flatten a cattrs error tree into ``place: message`` lines, in input order."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        lines: list[str] = []
        with_notes, without = exc.group_exceptions()
        for child, note in with_notes:
            if isinstance(note, IterableValidationNote):
                index = note.index
                part = f"[{index}]" if isinstance(index, int) else f"[{index!r}]"
            else:
                part = note.name
            lines.extend(describe_errors(child, _join(path, part)))
        for child in without:
            lines.extend(describe_errors(child, path))
        return lines
    if isinstance(exc, ExceptionGroup):
        return [line for child in exc.exceptions for line in describe_errors(child, path)]
    if isinstance(exc, LeadqualError) and exc.place is None and exc.errors != (str(exc),):
        # A value that checks itself as a whole (a framework) lists each problem with its
        # own place; keep them apart and put them under the path where the value sits.
        return [_join(path, line) for line in exc.errors]
    place, message = _leaf_message(exc)
    where = _join(path, place)
    if message.startswith("kind: "):  # raised by the tagged-union hook itself
        where, message = _join(where, "kind"), message.removeprefix("kind: ")
    return [f"{where}: {message}" if where else message]


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    """The individual problems in a cattrs error tree (what :func:`describe_errors` lists)."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for child, _note in with_notes:
            yield from _leaves(child)
        for child in without:
            yield from _leaves(child)
    elif isinstance(exc, ExceptionGroup):
        for child in exc.exceptions:
            yield from _leaves(child)
    else:
        yield exc


def _most_specific(error: type[E], problems: Iterable[BaseException]) -> type[E]:
    """The most specific subclass of ``error`` that every problem is an instance of.

    Every naive timestamp gives ``TimestampError`` rather than its base ``LeadError``, so
    callers can catch the narrow case; one other problem among them widens it to ``error``.
    """
    leaves = list(problems)
    if not leaves:
        return error
    for candidate in type(leaves[0]).__mro__:
        if issubclass(candidate, error) and all(isinstance(leaf, candidate) for leaf in leaves):
            return candidate
    return error


def _structure(
    data: object,
    cls: type[T],
    converter: cattrs.Converter,
    error: type[LeadqualError],
    what: str,
) -> T:
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        errors, raised = describe_errors(exc), _most_specific(error, _leaves(exc))
    except (LeadqualError, ValueError, TypeError, KeyError, AttributeError) as exc:
        errors, raised = describe_errors(exc), _most_specific(error, _leaves(exc))
    msg = f"invalid {what}: " + "; ".join(errors)
    raise raised(msg, errors=errors) from None


def structure_lead(obj: object, *, default_timezone: dt.tzinfo | str | None = None) -> Lead:
    """Structure one lead; see :meth:`leadqual.Lead.from_mapping`."""
    if not isinstance(obj, Mapping):
        msg = f"invalid lead: expected a JSON object, got {_type_name(obj)}"
        raise LeadError(msg)
    zone = resolve_timezone(default_timezone)
    lead = fast_lead(obj, zone)
    if lead is not None:
        return lead
    return _structure(_plain(obj), Lead, _converter_for(zone), LeadError, "lead")


def _plain(value: Any) -> Any:  # noqa: ANN401 - plain data of any shape
    """``value`` with numpy scalars (a pandas row's values) as the plain values they hold.

    numpy is never imported for this: data can hold its scalars only if it is loaded.
    ``np.str_`` and ``np.float64`` are a str and a float already, but would be stored as
    numpy values; ``np.int64`` and ``np.bool_`` are neither an int nor a bool.
    """
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return value
    return _without_numpy(value, (numpy.integer, numpy.floating, numpy.bool_, numpy.str_))


def _without_numpy(value: Any, kinds: tuple[type, ...]) -> Any:  # noqa: ANN401 - any data
    if isinstance(value, kinds):
        return value.item()  # type: ignore[attr-defined]
    if isinstance(value, Mapping):
        items = {key: _without_numpy(item, kinds) for key, item in value.items()}
        changed = any(items[key] is not item for key, item in value.items())
        return items if changed else value
    if isinstance(value, list | tuple):
        converted = [_without_numpy(item, kinds) for item in value]
        if any(new is not old for new, old in zip(converted, value, strict=True)):
            return converted if isinstance(value, list) else tuple(converted)
    return value


def structure_config(data: object, cls: type[T], what: str) -> T:
    """Structure a model/ICP/framework definition, raising ``ConfigError`` on any problem."""
    return _structure(data, cls, _CONVERTER, ConfigError, what)


def structure(data: object, cls: type[T]) -> T:
    """Structure any leadqual value from plain data (the inverse of :func:`unstructure`)."""
    error = LeadError if attrs.has(cls) and issubclass(cls, Lead) else ConfigError
    return _structure(data, cls, _CONVERTER, error, cls.__name__)


def unstructure(value: object) -> Any:  # noqa: ANN401 - plain JSON of any shape
    """Turn any leadqual value into plain JSON-compatible data (defaults left out)."""
    return _CONVERTER.unstructure(value)


def unstructure_definition(value: object) -> dict[str, Any]:
    """Plain data for a definition file: defaults written out, unknowns (None) left out."""
    data = _prune(_EXPLICIT.unstructure(value))
    if not isinstance(data, dict):
        msg = f"expected a definition object, got {type(value).__name__}"
        raise ConfigError(msg)
    return data


def _prune(data: Any) -> Any:  # noqa: ANN401 - plain data of any shape
    if isinstance(data, dict):
        return {
            key: _prune(value)
            for key, value in data.items()
            if value is not None and value not in ({}, [])
        }
    if isinstance(data, list):
        return [_prune(item) for item in data]
    return data
