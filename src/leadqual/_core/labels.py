"""One base for every bilingual label: string enums whose members have English and Dutch names.

Stage, Reason, Seniority, Department, Grade, Match, BuyingRole, Status, Decision and
Action all answer ``member.label(lang)`` the same way: the name in ``lang`` (``"en"`` or
``"nl"``), English for any other language.

The names are data, kept in one catalogue with the package data,
``leadqual/data/labels.json``: for each enum (by class name) and each of its members (by
value) the ``"en"`` and ``"nl"`` name, so a translator edits one file. It is read once,
on the first ``label()`` call, and ``tests/test_core_labels.py`` fails when a member
lacks a name in either language. The fixed phrases of the explanations (``explain()`` of
an assessment and a verdict) are kept the same way, in ``leadqual/data/texts.json``,
one section per text: :func:`phrases`.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Mapping
from importlib import resources

__all__ = ["LANGUAGES", "LabelledEnum", "catalogue", "phrases"]

LANGUAGES = ("en", "nl")
"""The languages every label exists in; any other language gets the English one."""

_CATALOGUE = "data/labels.json"
_PHRASES = "data/texts.json"

# Per enum, per language: member -> name; filled on each enum's first label().
_NAMES: dict[type[LabelledEnum], Mapping[str, Mapping[LabelledEnum, str]]] = {}


class LabelledEnum(enum.StrEnum):
    """A string enum with a human name per member in English and Dutch.

    A subclass's names are the catalogue's entry under its class name.

    >>> from leadqual.stage import Stage
    >>> Stage.LOST.label("nl"), Stage.LOST.label("de")
    ('Verloren', 'Lost')
    """

    def label(self, lang: str = "en") -> str:
        """The member's human name in English (``"en"``) or Dutch (``"nl"``)."""
        try:
            names = _NAMES[type(self)]
        except KeyError:
            names = _register(type(self))
        return names[lang if lang in names else "en"][self]


@functools.cache
def catalogue() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    """The labels of every enum: class name -> member value -> language -> name (read once)."""
    return _read(_CATALOGUE)


def _register(cls: type[LabelledEnum]) -> Mapping[str, Mapping[LabelledEnum, str]]:
    entry = catalogue().get(cls.__name__, {})
    missing = [
        member.name
        for member in cls
        if not all(entry.get(member.value, {}).get(lang) for lang in LANGUAGES)
    ]
    if missing:
        msg = f"{cls.__name__}: no English or Dutch label for {', '.join(missing)} in {_CATALOGUE}"
        raise LookupError(msg)
    names = {lang: {member: entry[member.value][lang] for member in cls} for lang in LANGUAGES}
    _NAMES[cls] = names
    return names


@functools.cache
def phrases(section: str) -> Mapping[str, Mapping[str, str]]:
    """One section of the phrase catalogue: phrase key -> ``{"en": ..., "nl": ...}`` (read once).

    >>> phrases("Verdict.explain")["next"]["nl"]
    'Volgende stap'
    """
    entries = _read(_PHRASES)[section]
    missing = [key for key, names in entries.items() if not all(names.get(la) for la in LANGUAGES)]
    if missing:
        msg = f"{section}: no English or Dutch text for {', '.join(missing)} in {_PHRASES}"
        raise LookupError(msg)
    return entries


def _read(name: str) -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    text = resources.files("leadqual").joinpath(name).read_text(encoding="utf-8")
    found: Mapping[str, Mapping[str, Mapping[str, str]]] = json.loads(text)
    return found
