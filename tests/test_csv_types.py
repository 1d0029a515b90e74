"""CSV attribute cells read numbers as numbers, so number rules fire as on JSON (issue 16)."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual import Lead
from leadqual.io import Loaded, load_leads, read_leads
from leadqual.io._mapping import LeadMapping, auto_number
from leadqual.scoring import Between, Equals, Rule, ScoringModel
from leadqual.scoring._reference import interpret

VISITS = ScoringModel([Rule("visits", 5, when=Between("attributes.visits", min=3, max=10))])


def csv_lead(cell: str, *, preset: str | None = None, column: str = "attributes.visits") -> Lead:
    """The one lead of a CSV with ``cell`` in ``column``."""
    text = f'id,{column}\nL-1,"{cell}"\n'
    (row,) = read_leads(io.StringIO(text), format="csv", preset=preset)
    assert isinstance(row, Loaded), row
    return row.lead


def jsonl_lead(value: object) -> Lead:
    """The same lead from JSON Lines, ``value`` as its visits."""
    line = json.dumps({"id": "L-1", "attributes": {"visits": value}})
    (lead,) = load_leads(io.StringIO(line + "\n"), format="jsonl")
    return lead


# Numbers as a CSV export writes them: an integer, or a decimal with a few places.
numbers_as_text = st.builds(
    lambda whole, places: str(whole) if places == 0 else f"{whole / 10**places:.{places}f}",
    st.integers(-(10**12), 10**12),
    st.integers(0, 3),
)


@given(numbers_as_text)
def test_between_fires_on_csv_as_on_jsonl(text: str) -> None:
    """A range rule on a CSV attribute gives what it gives on the same number from JSONL."""
    number = float(text) if "." in text else int(text)
    expected = VISITS.score(jsonl_lead(number)).points
    for preset in (None, "generic"):
        lead = csv_lead(text, preset=preset)
        assert lead.attributes["visits"] == number
        assert VISITS.score(lead).points == expected
        assert interpret(VISITS.compile().plan, lead, None).points == expected
    # The same number written the Dutch way, read by a mapping that says so.
    dutch = LeadMapping(unknown="attributes", by_name=True, row_ids=True, decimal=",")
    table = f'id,attributes.visits\nL-1,"{text.replace(".", ",")}"\n'
    (row,) = read_leads(io.StringIO(table), format="csv", mapping=dutch)
    assert isinstance(row, Loaded), row
    assert row.lead.attributes["visits"] == number
    assert VISITS.score(row.lead).points == expected


@pytest.mark.parametrize("preset", [None, "generic"])
def test_csv_visits_fire(preset: str | None) -> None:
    """The issue's case: ``attributes.visits`` between 3 and 10 fires for a cell ``5``."""
    assert VISITS.score(csv_lead("5", preset=preset)).points == 5
    assert VISITS.score(csv_lead("11", preset=preset)).points == 0
    equals = ScoringModel([Rule("five", 1, when=Equals("attributes.visits", 5))])
    assert equals.score(csv_lead("5", preset=preset)).points == 1


def test_generic_unknown_column_is_typed_too() -> None:
    """In ``generic`` a column that is no lead path goes to attributes, numbers as numbers."""
    lead = csv_lead("7", preset="generic", column="visits")
    assert lead.attributes["visits"] == 7


@pytest.mark.parametrize(
    "cell",
    [
        "0123",  # a postcode or customer number
        "007",
        "+31612345678",  # a phone number
        "0612345678",
        "1234567890123456",  # 16 digits: an id, beyond what a float keeps
        "1e5",  # a product code as often as a number
        "12 000",
        "5.",
        ".5",
        "1,5",  # a decimal comma without a mapping saying so
        "true",  # booleans are not guessed
        "3-5",  # a range
    ],
)
def test_id_like_cells_stay_text(cell: str) -> None:
    """Only a cell that reads as a number without losing anything becomes one."""
    for preset in (None, "generic"):
        assert csv_lead(cell, preset=preset).attributes["visits"] == cell


@pytest.mark.parametrize(
    ("cell", "decimal", "number"),
    [
        ("0.5", ".", 0.5),
        ("-4", ".", -4),
        ("1,200.50", ".", 1200.5),
        ("123456789012345", ".", 123456789012345),
        ("1.200,50", ",", 1200.5),
        ("2,5", ",", 2.5),
        ("1.200", ",", 1200),
        ("0,25", ",", 0.25),
        ("€ 2.000.000", ",", 2000000),
        ("5.0", ".", 5),
    ],
)
def test_auto_numbers(cell: str, decimal: str, number: float) -> None:
    """Numbers in the mapping's notation, Dutch included, are numbers."""
    assert auto_number(cell, decimal) == number


def test_dutch_mapping_reads_decimal_comma() -> None:
    """A mapping with ``decimal = ","`` reads ``2,5`` in an attribute column as 2.5."""
    mapping = LeadMapping(unknown="attributes", by_name=True, row_ids=True, decimal=",")
    text = 'id,score,postcode\nL-1,"2,5",0123\n'
    (row,) = read_leads(io.StringIO(text), format="csv", mapping=mapping)
    assert isinstance(row, Loaded), row
    assert dict(row.lead.attributes) == {"score": 2.5, "postcode": "0123"}
