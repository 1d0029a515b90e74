"""Tests for ``leadqual._convert``: the one converter."""

from __future__ import annotations

import gc
import json
from typing import ClassVar

import attrs
import pytest
from cattrs.errors import ClassValidationError

import leadqual as lq
from leadqual._convert import (
    Tagged,
    code_only,
    describe_errors,
    make_converter,
    structure_config,
    unstructure_definition,
)
from leadqual.scoring import Condition, Equals, Glob, Not


class TestEnums:
    """Enumerations (Stage, framework statuses) are plain strings in data."""

    def test_unstructure_to_value(self) -> None:
        """A StrEnum member becomes its plain value, also inside containers."""
        data = lq.unstructure({"stage": lq.Stage.SQL})
        assert type(data["stage"]) is str
        assert json.dumps(data) == '{"stage": "sql"}'

    def test_structure_from_value(self) -> None:
        """A value structures back to the member; a wrong one lists the allowed values."""
        assert lq.structure("sql", lq.Stage) is lq.Stage.SQL
        with pytest.raises(lq.ConfigError, match="expected one of 'new', 'mql'"):
            lq.structure("hot", lq.Stage)


class _NarrowError(lq.ConfigError):
    """A narrower configuration error, as a validator might raise it."""


def _check_narrow(_instance: object, _attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        msg = "must not be negative"
        raise _NarrowError(msg)


@attrs.frozen
class _Bound:
    """A value that checks itself with a narrow error."""

    value: int = attrs.field(validator=_check_narrow)


@attrs.frozen
class _Limits:
    """A small definition holding several self-checking values."""

    bounds: tuple[_Bound, ...] = ()


class TestErrorClass:
    """The raised error is the most specific class every problem shares."""

    def test_all_narrow_gives_the_narrow_class(self) -> None:
        """When every problem is a _NarrowError, so is the raised error, with all places."""
        data = {"bounds": [{"value": -1}, {"value": 1}, {"value": -2}]}
        with pytest.raises(_NarrowError) as caught:
            structure_config(data, _Limits, "limits")
        assert caught.value.errors == (
            "bounds[0]: must not be negative",
            "bounds[2]: must not be negative",
        )

    def test_mixed_problems_give_the_base_class(self) -> None:
        """One other problem among them widens the class back to ConfigError."""
        data = {"bounds": [{"value": -1}, {"value": "2"}]}
        with pytest.raises(lq.ConfigError) as caught:
            structure_config(data, _Limits, "limits")
        assert type(caught.value) is lq.ConfigError
        assert caught.value.errors == (
            "bounds[0]: must not be negative",
            "bounds[1].value: expected a whole number, got '2'",
        )


class TestScalars:
    """Strict int/float/str/bool structuring: nothing is coerced silently."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("180", "expected a whole number, got '180'"),
            (180.7, "expected a whole number, got 180.7"),
            (True, "expected a whole number, got True"),
            (None, "expected a whole number, got null"),
        ],
    )
    def test_int_refuses(self, value: object, message: str) -> None:
        """Text, fractions, booleans and null are not integers."""
        with pytest.raises(lq.ConfigError) as caught:
            lq.structure(value, int)
        assert caught.value.errors == (message,)

    def test_int_accepts_whole_floats(self) -> None:
        """180.0 (as JSON writers may give) is the integer 180."""
        value = lq.structure(180.0, int)
        assert value == 180
        assert type(value) is int

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (True, "expected a number, got True"),
            ("1.5", "expected a number, got '1.5'"),
            (float("inf"), "expected a finite number, got inf"),
            (float("nan"), "expected a finite number, got nan"),
        ],
    )
    def test_float_refuses(self, value: object, message: str) -> None:
        """A bool is not a number; text and non-finite numbers are refused."""
        with pytest.raises(lq.ConfigError) as caught:
            lq.structure(value, float)
        assert caught.value.errors == (message,)

    def test_float_keeps_integers(self) -> None:
        """An integer stays an int (so files round-trip byte for byte); a float stays float."""
        assert type(lq.structure(3, float)) is int
        assert lq.structure(2.5, float) == 2.5

    def test_str_and_bool(self) -> None:
        """Only a str is a string, only true/false is a bool."""
        assert lq.structure("x", str) == "x"
        assert lq.structure(False, bool) is False  # noqa: FBT003 - the value under test
        with pytest.raises(lq.ConfigError, match="expected a string, got 5"):
            lq.structure(5, str)
        with pytest.raises(lq.ConfigError, match="expected true or false, got 1"):
            lq.structure(1, bool)
        with pytest.raises(lq.ConfigError, match="expected true or false, got 'true'"):
            lq.structure("true", bool)


class TestTagged:
    """Tagged families: dispatch on ``kind``."""

    def test_dispatch(self) -> None:
        """A family structures each table as the variant its kind names."""
        data = {"kind": "not", "condition": {"kind": "glob", "field": "url", "pattern": "/x*"}}
        assert lq.structure(data, Condition) == Not(Glob("url", "/x*"))

    def test_unknown_kind_lists_allowed(self) -> None:
        """An unknown or missing kind names every allowed kind, sorted."""
        with pytest.raises(lq.ConfigError) as caught:
            lq.structure({"kind": "nope"}, Condition)
        assert caught.value.errors[0].startswith("kind: expected one of 'all', 'any', ")
        assert caught.value.errors[0].endswith("'unknown', got 'nope'")
        with pytest.raises(lq.ConfigError, match=r"kind: expected one of .* got None"):
            lq.structure({"field": "x"}, Condition)

    def test_not_a_table(self) -> None:
        """A family member must be a table with a kind."""
        with pytest.raises(lq.ConfigError, match="a 'kind' key, got 'equals'"):
            lq.structure("equals", Condition)

    def test_concrete_variant(self) -> None:
        """A concrete variant takes its own kind or none; another kind is an error."""
        assert lq.structure({"field": "x", "value": "y"}, Equals) == Equals("x", "y")
        assert lq.structure({"kind": "equals", "field": "x", "value": 1}, Equals) == Equals("x", 1)
        with pytest.raises(lq.ConfigError) as caught:
            lq.structure({"kind": "glob", "field": "x", "value": "y"}, Equals)
        assert caught.value.errors == ("kind: expected 'equals', got 'glob'",)

    def test_unstructure_writes_kind(self) -> None:
        """Writing a variant puts its kind first, also through the family type."""
        assert lq.unstructure(Not(Equals("x", "y"))) == {
            "kind": "not",
            "condition": {"kind": "equals", "field": "x", "value": "y"},
        }


class _Family(Tagged):
    """A family of its own, so the variants these tests define stay out of others."""

    __slots__ = ()


class TestVariants:
    """Tagged.variants: every concrete attrs subclass, by kind."""

    def test_stale_original_is_ignored(self) -> None:
        """The undecorated class a slotted attrs class leaves behind never shadows it."""
        gc.disable()  # keep the leftover alive while variants() looks
        try:

            @attrs.frozen
            class Square(_Family):
                kind: ClassVar[str] = "square"
                side: int = 1

            leftovers = [
                cls
                for cls in _Family.__subclasses__()
                if cls.__name__ == "Square" and cls is not Square
            ]
            assert leftovers, "attrs left the original class in __subclasses__()"
            assert _Family.variants() == {"square": Square}
        finally:
            gc.enable()

    def test_abstract_bases_are_not_variants(self) -> None:
        """A family base without a kind is not a variant itself."""
        assert "kind" not in Condition.__dict__
        assert all("kind" in cls.__dict__ for cls in Condition.variants().values())
        assert set(Condition.variants()) >= {"equals", "not", "all", "any", "free_email"}


@attrs.frozen
class _Data:
    """The data member of a union."""

    name: str


@code_only
@attrs.frozen
class _Code:
    """A code-only member of the same union."""

    name: str
    function: object = attrs.field(eq=False, default=None)


@attrs.frozen
class _Slot:
    """Holds one member of the union."""

    item: _Data | _Code


class TestCodeOnly:
    """code_only members of a union."""

    def test_structure_picks_the_data_member(self) -> None:
        """Files structure a ``Data | Code`` union as the data member."""
        assert lq.structure({"item": {"name": "x"}}, _Slot) == _Slot(_Data("x"))

    def test_data_member_unstructures(self) -> None:
        """The data member is written as plain data."""
        assert lq.unstructure(_Slot(_Data("x"))) == {"item": {"name": "x"}}

    def test_code_only_value_refuses(self) -> None:
        """Writing a code-only value raises NotSerializableError naming it."""
        with pytest.raises(lq.NotSerializableError, match="_Code 'hook' exists only as Python"):
            lq.unstructure(_Slot(_Code("hook")))

    def test_real_custom_rule(self) -> None:
        """A model holding a CustomRule cannot be written."""
        model = lq.ScoringModel([lq.scoring.CustomRule("c", lambda _lead, _as_of: 1)])
        with pytest.raises(lq.NotSerializableError, match="CustomRule 'c'"):
            lq.unstructure(model)


class _Shape(Tagged):
    """A family with a python-only variant."""

    __slots__ = ()


@attrs.frozen
class _Dot(_Shape):
    """A data variant."""

    kind: ClassVar[str] = "dot"


@code_only
@attrs.frozen
class _Script(_Shape):
    """A code-only variant."""

    kind: ClassVar[str] = "script"


class TestCodeOnlyVariant:
    """Code-only variants exist in code, never in files."""

    def test_load_refused_with_place(self) -> None:
        """Loading a code-only kind is a ConfigError at ``kind``."""
        with pytest.raises(lq.ConfigError) as caught:
            structure_config({"kind": "script"}, _Shape, "shape")
        assert caught.value.errors == (
            "kind: 'script' exists only in Python code and cannot be loaded from a file",
        )

    def test_write_refused(self) -> None:
        """Writing one raises NotSerializableError; its data siblings still work."""
        with pytest.raises(lq.NotSerializableError, match=r"_Script exists only as Python code"):
            lq.unstructure(_Script())
        assert lq.unstructure(_Dot()) == {"kind": "dot"}
        assert structure_config({"kind": "dot"}, _Shape, "shape") == _Dot()


@attrs.frozen
class _Definition:
    """A definition with defaults, an optional field and collections."""

    name: str
    note: str | None = None
    weight: float = 1.0
    tags: tuple[str, ...] = ()
    labels: dict[str, str] = attrs.field(factory=dict)
    parts: tuple[_Data, ...] = ()


class TestUnstructureDefinition:
    """unstructure_definition: what a definition file holds."""

    def test_defaults_kept_unknowns_pruned(self) -> None:
        """Defaults are written out; None and empty lists/tables are left out."""
        assert unstructure_definition(_Definition("x")) == {"name": "x", "weight": 1.0}
        assert lq.unstructure(_Definition("x")) == {"name": "x"}

    def test_nested(self) -> None:
        """Pruning reaches into lists and nested tables."""
        data = unstructure_definition(_Definition("x", note="n", parts=(_Data("p"),)))
        assert data == {"name": "x", "note": "n", "weight": 1.0, "parts": [{"name": "p"}]}

    def test_not_a_definition(self) -> None:
        """A value that is not written as a table is a ConfigError."""
        with pytest.raises(lq.ConfigError, match="expected a definition object, got str"):
            unstructure_definition("x")


class TestDescribeErrors:
    """describe_errors: one ``place: message`` line per problem."""

    def test_list_index(self) -> None:
        """A bad rule is named by its index: rules[3].points."""
        data = lq.unstructure(lq.starter_model())
        data["rules"][3]["points"] = "ten"
        with pytest.raises(lq.ConfigError) as caught:
            lq.structure(data, lq.ScoringModel)
        assert caught.value.errors == ("rules[3].points: expected a number, got 'ten'",)

    def test_mapping_key(self) -> None:
        """A bad answer is named by its key: answers['budget']."""
        with pytest.raises(lq.LeadError, match=r"^invalid lead: answers\['budget'\]: expected"):
            lq.Lead.from_mapping({"id": "L", "answers": {"budget": [1]}})

    def test_nested_record_and_extra_keys(self) -> None:
        """Nested fields are dotted; unexpected and missing keys are named too."""
        with pytest.raises(lq.LeadError) as caught:
            lq.Lead.from_mapping({"id": "L", "company": {"employees": "9", "size": 1}})
        assert sorted(caught.value.errors) == [
            "company.employees: expected a whole number, got '9'",
            "company: unexpected key(s) 'size'",
        ]
        with pytest.raises(lq.LeadError, match="id: required but missing"):
            lq.Lead.from_mapping({})

    def test_raw_cattrs_error_and_prefix(self) -> None:
        """On a raw cattrs error tree the lines come in input order, under ``path``."""
        with pytest.raises(ClassValidationError) as caught:
            make_converter().structure({"name": 1, "weight": "x"}, _Definition)
        assert describe_errors(caught.value, "defs[0]") == [
            "defs[0].name: expected a string, got 1",
            "defs[0].weight: expected a number, got 'x'",
        ]


class TestPublicRoundTrip:
    """structure and unstructure are each other's inverse."""

    def test_model(self) -> None:
        """The starter model survives unstructure -> JSON -> structure unchanged."""
        model = lq.starter_model()
        data = json.loads(json.dumps(lq.unstructure(model)))
        assert lq.structure(data, lq.ScoringModel) == model

    def test_lead_error_class(self) -> None:
        """structure() raises LeadError for leads and ConfigError for everything else."""
        with pytest.raises(lq.LeadError):
            lq.structure([1], lq.Lead)
        with pytest.raises(lq.ConfigError):
            lq.structure([1], lq.ScoringModel)
