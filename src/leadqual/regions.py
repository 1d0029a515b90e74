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

import functools
import json
import types
from importlib import resources
from typing import TYPE_CHECKING

from leadqual.exceptions import ConfigError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "COUNTRIES",
    "REGIONS",
    "country_code",
    "country_from_name",
    "countries_in",
    "is_region",
    "region_names",
]

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
        # The euro area: the EU but for the six members that keep their own currency.
        "eurozone": _EU - {"CZ", "DK", "HU", "PL", "RO", "SE"},
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


# ISO 3166-1 alpha-2, plus XK (Kosovo), which the EU and most CRMs use.
_ISO_3166 = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
"""
COUNTRIES: frozenset[str] = frozenset(_ISO_3166.split())
"""Every country code an ICP accepts: ISO 3166-1 alpha-2 and ``XK``."""

# Codes in common use that ISO spells otherwise: the EU writes Greece EL, and the United
# Kingdom is "UK" in most CRMs although its ISO code is GB.
_COUNTRY_ALIASES = types.MappingProxyType({"UK": "GB", "EL": "GR"})


def country_code(text: str) -> str | None:
    """The ISO code for a country code in any case, with ``UK`` → ``GB`` and ``EL`` → ``GR``.

    ``None`` when ``text`` is no country code.

    >>> country_code("nl"), country_code("UK"), country_code("EL"), country_code("XX")
    ('NL', 'GB', 'GR', None)
    """
    code = text.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    return code if code in COUNTRIES else None


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


@functools.cache
def _country_names() -> Mapping[str, str]:
    """Country name -> ISO code, from the packaged table ``data/country_names.json`` (read once).

    The table lists, per code, the names as CRM exports and people write them: English,
    Dutch, French and German, plus the spellings CRMs use. Names are casefolded with single
    spaces; accents are kept (an accent-free spelling is listed too where people commonly
    drop it).
    """
    text = resources.files("leadqual").joinpath(_COUNTRY_NAMES_FILE).read_text("utf-8")
    by_code: dict[str, list[str]] = json.loads(text)
    return types.MappingProxyType({name: code for code, names in by_code.items() for name in names})


_COUNTRY_NAMES_FILE = "data/country_names.json"


def country_from_name(text: str) -> str | None:
    """The ISO code for a country code or name as CRM exports write it; ``None`` if unknown.

    Names are recognised in English, Dutch, French and German, in any case, with the
    usual CRM spellings (``USA``, ``UK``, ``Holland``). The presets of
    :mod:`leadqual.io.presets` and lead mapping files use this table.

    >>> [country_from_name(name) for name in ("Nederland", "België", "Allemagne", "nl")]
    ['NL', 'BE', 'DE', 'NL']
    >>> country_from_name("Atlantis") is None
    True
    """
    key = " ".join(text.casefold().split())
    names = _country_names()
    if key in names:
        return names[key]
    return country_code(key) if len(key) == 2 else None  # noqa: PLR2004 - alpha-2
