"""Industries by name and SBI/NACE code."""

from __future__ import annotations

import pytest

from leadqual import ConfigError
from leadqual.industries import (
    INDUSTRIES,
    code_within,
    find_industry,
    nace_section,
    normalise_code,
)


class TestIndustryTable:
    """The built-in table and its lookups."""

    @pytest.mark.parametrize(
        ("name", "key"),
        [
            ("Maakindustrie", "manufacturing"),
            ("SaaS", "software"),
            ("ICT-dienstverlening", "it_services"),
            ("Groothandel", "wholesale"),
            ("Financiële dienstverlening", "financial_services"),
            ("Gezondheidszorg", "healthcare"),
            ("HORECA", "hospitality"),
            ("Uitzendbureau", "staffing"),
            ("logistics", "transport_logistics"),
            ("Computer Software", "software"),
            ("Information Technology and Services", "it_services"),
            ("IT Services and IT Consulting", "it_services"),
            ("Hospital & Health Care", "healthcare"),
            ("HOSPITAL_HEALTH_CARE", "healthcare"),
            ("Higher Education", "education"),
            ("Marketing and Advertising", "marketing_services"),
            ("Staffing and Recruiting", "staffing"),
            ("Government Administration", "public_sector"),
            ("Law Practice", "legal"),
            ("Logistics and Supply Chain", "transport_logistics"),
            ("Transportation, Logistics, Supply Chain and Storage", "transport_logistics"),
            ("Installatiebedrijf", "construction"),
            ("Glastuinbouw", "agriculture"),
        ],
    )
    def test_synonyms(self, name: str, key: str) -> None:
        """English and Dutch names and synonyms find the industry."""
        found = find_industry(name)
        assert found is not None
        assert found.key == key

    def test_generic_words_are_not_synonyms(self) -> None:
        """'Bureau' is any Dutch office (travel, engineering…), not a marketing agency."""
        assert find_industry("Bureau") is None

    def test_every_code_is_valid(self) -> None:
        """Every listed code normalises and belongs to a section."""
        for industry in INDUSTRIES.values():
            for code in industry.codes:
                assert nace_section(code) is not None, (industry.key, code)
            assert industry.label("nl")
            assert industry.label("en")


class TestCodes:
    """SBI/NACE code handling."""

    @pytest.mark.parametrize(
        ("code", "section"),
        [("01.1", "A"), ("10", "C"), ("33", "C"), ("35.11", "D"), ("62.01", "J"),
         ("6420", "K"), ("84", "O"), ("99", "U"), ("04", None), ("g", "G")],
    )  # fmt: skip
    def test_sections(self, code: str, section: str | None) -> None:
        """Divisions map to their NACE section."""
        assert nace_section(code) == section

    def test_prefixes(self) -> None:
        """Codes lie within their prefixes and sections only."""
        assert code_within("62.01.1", "62.01")
        assert not code_within("6311", "62")
        assert code_within("2562", "C")
        assert not code_within("F", "43")

    @pytest.mark.parametrize("bad", ["", "6", "62-01", "Z", "1234567", "abc"])
    def test_invalid(self, bad: str) -> None:
        """Malformed codes are ConfigErrors naming the text."""
        with pytest.raises(ConfigError, match="not an SBI/NACE code"):
            normalise_code(bad)
