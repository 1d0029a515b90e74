"""Named regions."""

from __future__ import annotations

import pytest

from leadqual import ConfigError
from leadqual.regions import COUNTRIES, REGIONS, countries_in, country_code, is_region, region_names


class TestCountriesIn:
    """``countries_in`` and friends."""

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Benelux", {"BE", "NL", "LU"}),
            ("DACH", {"DE", "AT", "CH"}),
            ("Nordics", {"DK", "FI", "IS", "NO", "SE"}),
            ("Scandinavië", {"DK", "NO", "SE"}),
            ("baltische staten", {"EE", "LV", "LT"}),
        ],
    )
    def test_regions(self, name: str, expected: set[str]) -> None:
        """Names (any case, Dutch aliases) give their member countries."""
        assert countries_in(name) == expected

    def test_eu_and_eea(self) -> None:
        """The EU has 27 members; the EEA adds Iceland, Liechtenstein and Norway."""
        assert len(countries_in("eu")) == 27
        assert countries_in("EER") - countries_in("eu") == {"IS", "LI", "NO"}
        assert "GB" not in countries_in("eu")
        assert countries_in("eurozone") <= countries_in("eu")

    def test_codes_are_iso_alpha2(self) -> None:
        """Every member is a two-letter upper-case code."""
        for members in REGIONS.values():
            assert all(len(code) == 2 and code.isupper() for code in members)

    def test_unknown(self) -> None:
        """An unknown name is a ConfigError listing the known ones."""
        assert not is_region("Atlantis")
        with pytest.raises(ConfigError, match="benelux"):
            countries_in("Atlantis")
        assert list(region_names()) == sorted(REGIONS)


class TestCountryCode:
    """``country_code``: ISO 3166 alpha-2 with the common aliases."""

    @pytest.mark.parametrize(
        ("text", "code"),
        [("nl", "NL"), (" de ", "DE"), ("UK", "GB"), ("el", "GR"), ("XK", "XK"), ("XX", None)],
    )
    def test_codes(self, text: str, code: str | None) -> None:
        """Any case; UK and EL map to GB and GR; unknown codes give None."""
        assert country_code(text) == code

    def test_every_region_member_is_a_country(self) -> None:
        """Regions only hold real ISO codes."""
        assert set().union(*REGIONS.values()) <= COUNTRIES
        assert len(COUNTRIES) == 250  # 249 ISO 3166-1 codes and XK
