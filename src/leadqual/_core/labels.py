"""One base for every bilingual label: string enums whose members have English and Dutch names.

Stage, Reason, Seniority, Department, Grade, Match, BuyingRole, Decision and Status all
answer ``member.label(lang)`` the same way: the name in ``lang`` (``"en"`` or ``"nl"``),
English for any other language. Each enum registers its names once, after its tables.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Protocol, TypeVar

__all__ = ["LabelledEnum", "set_labels", "set_text_labels"]

E = TypeVar("E", bound="LabelledEnum")

_NAMES: dict[type[LabelledEnum], Mapping[str, Mapping[LabelledEnum, str]]] = {}


class LabelledEnum(enum.StrEnum):
    """A string enum with a human name per member in English and Dutch.

    >>> class Colour(LabelledEnum):
    ...     RED = "red"
    >>> set_labels(Colour, {Colour.RED: "Red"}, {Colour.RED: "Rood"})
    >>> Colour.RED.label("nl"), Colour.RED.label("de")
    ('Rood', 'Red')
    """

    def label(self, lang: str = "en") -> str:
        """The member's human name in English (``"en"``) or Dutch (``"nl"``)."""
        names = _NAMES[type(self)]
        return names[lang if lang in names else "en"][self]


def set_labels(cls: type[E], en: Mapping[E, str], nl: Mapping[E, str]) -> None:
    """Register the English and Dutch names of ``cls``'s members (every member, both)."""
    missing = [member.name for member in cls if member not in en or member not in nl]
    if missing:
        msg = f"{cls.__name__}: no English or Dutch label for {', '.join(missing)}"
        raise ValueError(msg)
    _NAMES[cls] = {
        "en": {member: en[member] for member in cls},
        "nl": {member: nl[member] for member in cls},
    }


class _Bilingual(Protocol):
    def get(self, lang: str = "en") -> str: ...


def set_text_labels(cls: type[E], texts: Mapping[E, _Bilingual]) -> None:
    """Register names given as bilingual texts (anything with ``get(lang)``, like ``Text``)."""
    set_labels(
        cls,
        {member: text.get("en") for member, text in texts.items()},
        {member: text.get("nl") for member, text in texts.items()},
    )
