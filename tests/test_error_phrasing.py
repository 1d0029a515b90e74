"""Error messages use one phrasing per kind of mistake (see ``leadqual.exceptions``)."""

from __future__ import annotations

import pathlib
import re

import pytest

import leadqual as lq

SOURCE = pathlib.Path(lq.__file__).parent
# Phrasings that were replaced by the one phrasing of their kind.
RETIRED = {
    "expected an integer": "say 'expected a whole number'",
    ">= 0, got": "say 'of at least 0'",
    "__name__} {value!r}": "quote the value as written, not its Python type",
    "_type_name(value)} {": "quote the value as written, not its Python type",
}


class TestPhrasing:
    """The source holds none of the retired phrasings."""

    @pytest.mark.parametrize("phrase", sorted(RETIRED))
    def test_retired(self, phrase: str) -> None:
        """No message in the package uses a retired phrasing."""
        found = [
            f"{path.relative_to(SOURCE)}:{number}"
            for path in SOURCE.rglob("*.py")
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if phrase in line and "RETIRED" not in line
        ]
        assert found == [], RETIRED[phrase]


class TestMessages:
    """Messages say what, where and how to fix, whatever the entry point."""

    def test_whole_number_in_a_lead(self) -> None:
        """A head count in JSON: the place, the kind, the value as written."""
        with pytest.raises(lq.LeadError) as info:
            lq.Lead.from_mapping({"id": "L-1", "company": {"employees": "many"}})
        message = str(info.value)
        assert "company.employees" in message
        assert "expected a whole number" in message
        assert "got 'many'" in message

    def test_whole_number_in_a_csv_row(self) -> None:
        """In a batch the line and the column come first, then how to write it."""
        import io  # noqa: PLC0415 - only this test reads a file

        rows = list(lq.read_leads(io.StringIO("id,company.employees\nL-1,180 fte\n"), format="csv"))
        assert re.match(
            r"line 2: company\.employees: expected a whole number such as 180", str(rows[0])
        )

    def test_number_in_a_model(self) -> None:
        """A model file's points: the path of the rule and the value."""
        with pytest.raises(lq.ConfigError) as info:
            lq.scoring.model_from_data({"rules": [{"name": "x", "points": "ten"}]})
        assert "rules[0].points: expected a number, got 'ten'" in str(info.value)
