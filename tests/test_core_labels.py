"""The label catalogue (``data/labels.json``): every labelled enum, every member, both languages.

A member without an English or Dutch name, an entry for an enum that no longer exists or
a value no member has fails here, not in front of a user.
"""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import pytest

import leadqual
from leadqual._core.labels import LANGUAGES, LabelledEnum, catalogue
from leadqual.verdict import Decision


def _labelled_enums() -> dict[str, type[LabelledEnum]]:
    for info in pkgutil.walk_packages(leadqual.__path__, "leadqual."):
        if info.name.endswith("__main__"):  # importing it runs the command line
            continue
        try:
            importlib.import_module(info.name)
        except ModuleNotFoundError as error:  # an optional extra that is not installed
            if (error.name or "").startswith("leadqual"):
                raise
    found: dict[str, type[LabelledEnum]] = {}
    for cls in LabelledEnum.__subclasses__():
        assert cls.__name__ not in found, f"two labelled enums named {cls.__name__}"
        found[cls.__name__] = cls
    return found


ENUMS = _labelled_enums()


def test_every_enum_has_an_entry_and_every_entry_an_enum() -> None:
    """The catalogue names exactly the labelled enums of the library."""
    assert set(catalogue()) == set(ENUMS)


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_every_member_has_a_name_in_both_languages(name: str) -> None:
    """Each member by value, no other values, a non-empty name in English and Dutch."""
    cls, entry = ENUMS[name], catalogue()[name]
    assert set(entry) == {member.value for member in cls}
    for member in cls:
        assert set(entry[member.value]) == set(LANGUAGES), member
        for lang in LANGUAGES:
            text = entry[member.value][lang]
            assert isinstance(text, str), (member, lang)
            assert text.strip() == text, (member, lang)
            assert text, (member, lang)
            assert member.label(lang) == text


def test_other_languages_get_english() -> None:
    """Any language but Dutch gives the English name; so does no language at all."""
    assert Decision.CALL_NOW.label() == Decision.CALL_NOW.label("de") == "call now"
    assert Decision.CALL_NOW.label("nl") == "nu bellen"


def test_members_pickle_as_themselves() -> None:
    """Labels live beside the enum, so a member pickles as before: by its class and name."""
    for cls in ENUMS.values():
        for member in cls:
            assert pickle.loads(pickle.dumps(member)) is member  # noqa: S301 - our own bytes


def test_a_member_without_a_name_is_refused_by_name() -> None:
    """An enum the catalogue does not cover fails on its first label, naming the members."""

    class Colour(LabelledEnum):
        RED = "red"
        GREEN = "green"

    with pytest.raises(LookupError, match=r"Colour: no English or Dutch label for RED, GREEN"):
        Colour.RED.label("nl")
