"""Named regions as sets of ISO 3166 alpha-2 country codes.

An ICP names where its customers are: ``"NL"``, or a region such as ``"benelux"``,
``"dach"``, ``"nordics"``, ``"eu"``. Names are case-insensitive and have Dutch
aliases (``"scandinavie"``, ``"eer"``). Memberships are those of 2025 (EU of 27, euro
area of 20 members, Bulgaria joining it on 1 January 2026 is included).

>>> sorted(countries_in("Benelux"))
['BE', 'LU', 'NL']
>>> "CH" in countries_in("dach"), "CH" in countries_in("eu")
(True, False)
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING

from leadqual.exceptions import ConfigError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["REGIONS", "countries_in", "is_region", "region_names"]

_EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
_EFTA = frozenset({"CH", "IS", "LI", "NO"})

REGIONS: Mapping[str, frozenset[str]] = types.MappingProxyType(
    {
        "benelux": frozenset({"BE", "LU", "NL"}),
        "dach": frozenset({"AT", "CH", "DE"}),
        "nordics": frozenset({"DK", "FI", "IS", "NO", "SE"}),
        "scandinavia": frozenset({"DK", "NO", "SE"}),
        "baltics": frozenset({"EE", "LT", "LV"}),
        "iberia": frozenset({"ES", "PT"}),
        "british_isles": frozenset({"GB", "IE"}),
        "uk_ireland": frozenset({"GB", "IE"}),
        "eu": _EU,
        "eea": _EU | {"IS", "LI", "NO"},
        "efta": _EFTA,
        "eurozone": frozenset(
            [
                "AT",
                "BE",
                "BG",
                "CY",
                "DE",
                "EE",
                "ES",
                "FI",
                "FR",
                "GR",
                "HR",
                "IE",
                "IT",
                "LT",
                "LU",
                "LV",
                "MT",
                "NL",
                "PT",
                "SI",
                "SK",
            ]
        ),
        "cee": frozenset(["BG", "CZ", "EE", "HR", "HU", "LT", "LV", "PL", "RO", "SI", "SK"]),
        "north_america": frozenset({"CA", "US"}),
        "dach_benelux": frozenset({"AT", "BE", "CH", "DE", "LU", "NL"}),
        "anz": frozenset({"AU", "NZ"}),
    }
)
"""Every built-in region by its canonical name."""

_ALIASES = {
    "nordic": "nordics",
    "norden": "nordics",
    "noordse landen": "nordics",
    "scandinavie": "scandinavia",
    "scandinavië": "scandinavia",
    "baltische staten": "baltics",
    "baltic states": "baltics",
    "iberisch schiereiland": "iberia",
    "europese unie": "eu",
    "european union": "eu",
    "eer": "eea",
    "european economic area": "eea",
    "europese economische ruimte": "eea",
    "euro area": "eurozone",
    "eurozone": "eurozone",
    "eurogebied": "eurozone",
    "central and eastern europe": "cee",
    "midden- en oost-europa": "cee",
    "noord-amerika": "north_america",
    "north america": "north_america",
    "uk & ireland": "uk_ireland",
    "uk and ireland": "uk_ireland",
}


def _key(name: str) -> str:
    key = " ".join(name.casefold().split())
    key = _ALIASES.get(key, key)
    return key.replace(" ", "_").replace("-", "_")


def is_region(name: str) -> bool:
    """Whether ``name`` (case-insensitive, Dutch aliases allowed) is a known region.

    >>> is_region("DACH"), is_region("Scandinavië"), is_region("Atlantis")
    (True, True, False)
    """
    return _key(name) in REGIONS


def countries_in(name: str) -> frozenset[str]:
    """The ISO country codes of a region; raises ``ConfigError`` for an unknown name.

    >>> sorted(countries_in("nordics"))
    ['DK', 'FI', 'IS', 'NO', 'SE']
    >>> countries_in("atlantis")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: unknown region 'atlantis'; expected one of ...
    """
    key = _key(name)
    if key not in REGIONS:
        msg = f"unknown region {name!r}; expected one of {', '.join(region_names())}"
        raise ConfigError(msg)
    return REGIONS[key]


def region_names() -> tuple[str, ...]:
    """The canonical names of all built-in regions, sorted.

    >>> region_names()[:3]
    ('anz', 'baltics', 'benelux')
    """
    return tuple(sorted(REGIONS))
