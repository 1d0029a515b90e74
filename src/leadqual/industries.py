"""Industries by name (English and Dutch synonyms) and by SBI 2008 / NACE Rev. 2 code.

The Dutch SBI 2008 and the European NACE Rev. 2 share their sections (letters ``A``
to ``U``) and their first four digits, so one table serves both. Codes are compared by
prefix after dropping dots and spaces: ``"62"`` covers ``"62.01"`` and ``"6202"``; a
section letter covers every division in it (``"C"`` is manufacturing, divisions 10-33).
Sections of a single division (``O`` is only ``84``) are listed by that division, so
names and codes meet either way.

>>> find_industry("Maakindustrie").key
'manufacturing'
>>> code_within("28.22", "C"), code_within("6201", "62"), code_within("6201", "63")
(True, True, False)
"""

from __future__ import annotations

import re
import types
import unicodedata
from typing import TYPE_CHECKING

import attrs

from leadqual.exceptions import ConfigError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "INDUSTRIES",
    "Industry",
    "code_within",
    "find_industry",
    "nace_section",
    "normalise_code",
]

# Division ranges of each NACE Rev. 2 / SBI 2008 section (first two digits).
_SECTIONS: tuple[tuple[str, int, int], ...] = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
_SECTION_LETTERS = frozenset(letter for letter, _, _ in _SECTIONS)
_CODE = re.compile(r"^(?:[A-U]|\d{2,6})$")


def normalise_code(code: str) -> str:
    """An SBI/NACE code without dots or spaces, section letters upper-cased.

    Raises ``ConfigError`` when the text is not a section letter or 2-6 digits.

    >>> normalise_code(" 62.01 "), normalise_code("c")
    ('6201', 'C')
    >>> normalise_code("62-0")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: '62-0' is not an SBI/NACE code; expected a section letter ...
    """
    text = code.replace(".", "").replace(" ", "").upper()
    if not _CODE.match(text):
        msg = (
            f"{code!r} is not an SBI/NACE code; expected a section letter (A-U) "
            "or 2 to 6 digits such as '62.01'"
        )
        raise ConfigError(msg)
    return text


def nace_section(code: str) -> str | None:
    """The section letter of a code (``"6201"`` → ``"J"``); ``None`` for unused divisions.

    >>> nace_section("62.01"), nace_section("C"), nace_section("04")
    ('J', 'C', None)
    """
    text = normalise_code(code)
    if text in _SECTION_LETTERS:
        return text
    division = int(text[:2])
    for letter, first, last in _SECTIONS:
        if first <= division <= last:
            return letter
    return None


def code_within(code: str, wanted: str) -> bool:
    """Whether ``code`` lies inside ``wanted`` (a section letter or a code prefix).

    >>> code_within("4321", "F"), code_within("C", "28")
    (True, False)
    """
    have, want = normalise_code(code), normalise_code(wanted)
    if want in _SECTION_LETTERS:
        return nace_section(have) == want
    return have not in _SECTION_LETTERS and have.startswith(want)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Punctuation separates words: "Transportation, Logistics" is "transportation logistics".
    return " ".join(re.sub(r"[\W_]+", " ", plain.replace("&", " and ")).split())


@attrs.frozen
class Industry:
    """One industry of the built-in table.

    Args:
        key: canonical name used in ICP files (``"software"``).
        name_en, name_nl: display names.
        codes: SBI/NACE section letters or division/group prefixes it covers.
        synonyms: other names in English and Dutch that mean the same industry.
    """

    key: str
    name_en: str
    name_nl: str
    codes: tuple[str, ...]
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        """The display name in English (``"en"``) or Dutch (``"nl"``).

        >>> INDUSTRIES["manufacturing"].label("nl")
        'Industrie'
        """
        return self.name_nl if lang == "nl" else self.name_en


_TABLE = (
    Industry(
        "agriculture",
        "Agriculture, forestry and fishing",
        "Landbouw, bosbouw en visserij",
        ("A",),
        (
            "landbouw",
            "agri",
            "agrarisch",
            "farming",
            "bosbouw",
            "visserij",
            "tuinbouw",
            "glastuinbouw",
            "horticulture",
            "farming and ranching",
        ),
    ),
    Industry(
        "mining",
        "Mining and quarrying",
        "Delfstoffenwinning",
        ("B",),
        ("mijnbouw", "oil and gas", "olie en gas", "delfstoffen"),
    ),
    Industry(
        "manufacturing",
        "Manufacturing",
        "Industrie",
        ("C",),
        (
            "industrie",
            "maakindustrie",
            "productie",
            "fabricage",
            "industrial",
            "industry",
            "productiebedrijf",
        ),
    ),
    Industry(
        "food_beverage",
        "Food and beverages",
        "Voedingsmiddelen en dranken",
        ("10", "11"),
        (
            "food",
            "voeding",
            "voedingsmiddelenindustrie",
            "levensmiddelen",
            "food and beverage",
            "food and beverages",
            "food beverages",
            "food production",
            "food and beverage manufacturing",
            "dranken",
        ),
    ),
    Industry(
        "chemicals", "Chemicals", "Chemie", ("20",), ("chemie", "chemische industrie", "chemical")
    ),
    Industry(
        "pharmaceuticals",
        "Pharmaceuticals",
        "Farmacie",
        ("21",),
        (
            "farmacie",
            "pharma",
            "farmaceutisch",
            "pharmaceutical",
            "pharmaceutical manufacturing",
        ),
    ),
    Industry(
        "metal",
        "Metal and metal products",
        "Metaal en metaalproducten",
        ("24", "25"),
        (
            "metaal",
            "metaalindustrie",
            "metaalbewerking",
            "metalworking",
            "steel",
            "staal",
            "metals",
        ),
    ),
    Industry(
        "electronics",
        "Electronics and electrical equipment",
        "Elektronica en elektrotechniek",
        ("26", "27"),
        (
            "elektronica",
            "elektrotechniek",
            "electrical equipment",
            "hightech",
            "high tech",
            "electrical electronic manufacturing",
            "electrical and electronic manufacturing",
        ),
    ),
    Industry(
        "machinery",
        "Machinery",
        "Machinebouw",
        ("28",),
        ("machinebouw", "machines", "machine building", "werktuigbouw", "industrial machinery"),
    ),
    Industry(
        "automotive",
        "Automotive",
        "Automotive",
        ("29",),
        ("auto industrie", "auto-industrie", "car manufacturing", "motor vehicles"),
    ),
    Industry(
        "energy",
        "Energy and utilities",
        "Energie",
        ("35",),
        ("energie", "utilities", "nutsbedrijf", "nutsbedrijven", "electricity", "elektriciteit"),
    ),
    Industry(
        "water_waste",
        "Water and waste management",
        "Water en afvalbeheer",
        ("E",),
        ("afval", "afvalbeheer", "recycling", "waste management", "water"),
    ),
    Industry(
        "construction",
        "Construction",
        "Bouw",
        ("F",),
        (
            "bouw",
            "bouwnijverheid",
            "bouwbedrijf",
            "aannemer",
            "aannemerij",
            "installatietechniek",
            "installatiebedrijf",
            "installateur",
            "installation",
            "building",
        ),
    ),
    Industry(
        "trade",
        "Wholesale and retail trade",
        "Handel",
        ("G",),
        ("handel", "groot- en detailhandel"),
    ),
    Industry(
        "wholesale",
        "Wholesale",
        "Groothandel",
        ("46",),
        ("groothandel", "distribution", "distributie", "b2b trade"),
    ),
    Industry(
        "retail",
        "Retail",
        "Detailhandel",
        ("47",),
        (
            "detailhandel",
            "winkel",
            "winkels",
            "retailer",
            "webshop",
            "e-commerce",
            "ecommerce",
            "e commerce",
        ),
    ),
    Industry(
        "transport_logistics",
        "Transport and logistics",
        "Transport en logistiek",
        ("H",),
        (
            "transport",
            "logistiek",
            "logistics",
            "vervoer",
            "opslag",
            "warehousing",
            "shipping",
            "expeditie",
            "logistics and supply chain",
            "transportation trucking railroad",
            "transportation, logistics, supply chain and storage",
            "truck transportation",
        ),
    ),
    Industry(
        "hospitality",
        "Hospitality",
        "Horeca",
        ("I",),
        ("horeca", "hotels", "hotel", "restaurants", "catering", "hospitality and leisure"),
    ),
    Industry(
        "information_communication",
        "Information and communication",
        "Informatie en communicatie",
        ("J",),
        ("informatie en communicatie", "ict", "ict sector", "tech", "technology"),
    ),
    Industry(
        "media",
        "Media and publishing",
        "Media en uitgeverijen",
        # 58.1 is publishing of books and newspapers; 58.2 (software publishing) is software.
        ("581", "59", "60"),
        ("media", "uitgeverij", "uitgeverijen", "publishing", "omroep", "broadcasting"),
    ),
    Industry(
        "telecom",
        "Telecommunications",
        "Telecommunicatie",
        ("61",),
        ("telecom", "telecommunicatie", "telecommunications"),
    ),
    Industry(
        "software",
        "Software",
        "Software",
        ("582", "6201"),
        (
            "saas",
            "softwareontwikkeling",
            "software development",
            "softwarebedrijf",
            "software company",
            "software house",
            "computer software",
            "software publishing",
            "software publishers",
        ),
    ),
    Industry(
        "it_services",
        "IT services",
        "IT-dienstverlening",
        ("62", "63"),
        (
            "it dienstverlening",
            "ict dienstverlening",
            "it services",
            "it",
            "managed services",
            "hosting",
            "it consultancy",
            "information technology and services",
            "it services and it consulting",
            "computer and network security",
        ),
    ),
    Industry(
        "financial_services",
        "Financial services",
        "Financiële dienstverlening",
        ("K",),
        (
            "financiele dienstverlening",
            "finance",
            "financial",
            "banking",
            "bank",
            "banken",
            "fintech",
        ),
    ),
    Industry(
        "insurance",
        "Insurance",
        "Verzekeringen",
        ("65",),
        ("verzekeringen", "verzekeraar", "verzekeraars", "insurer"),
    ),
    Industry(
        "real_estate",
        "Real estate",
        "Vastgoed",
        ("68",),
        ("vastgoed", "onroerend goed", "makelaardij", "property"),
    ),
    Industry(
        "professional_services",
        "Professional services",
        "Zakelijke dienstverlening",
        ("M",),
        ("zakelijke dienstverlening", "business services", "specialistische zakelijke diensten"),
    ),
    Industry(
        "legal",
        "Legal services",
        "Juridische dienstverlening",
        ("691",),
        (
            "advocatuur",
            "advocatenkantoor",
            "juridisch",
            "law firm",
            "law practice",
            "legal services",
            "legal",
            "notariaat",
            "notaris",
        ),
    ),
    Industry(
        "accounting",
        "Accounting",
        "Accountancy",
        ("692",),
        (
            "accountancy",
            "accountantskantoor",
            "boekhouding",
            "administratiekantoor",
            "bookkeeping",
            "tax advice",
            "belastingadvies",
        ),
    ),
    Industry(
        "consulting",
        "Management consulting",
        "Organisatieadvies",
        ("702",),
        ("consultancy", "adviesbureau", "organisatieadvies", "management consulting", "advies"),
    ),
    Industry(
        "engineering_services",
        "Architecture and engineering",
        "Architecten- en ingenieursbureaus",
        ("71",),
        (
            "ingenieursbureau",
            "architectenbureau",
            "architecture",
            "engineering",
            "architecture and planning",
            "architecture planning",
            "civil engineering",
        ),
    ),
    Industry(
        "marketing_services",
        "Advertising and marketing services",
        "Reclame en marktonderzoek",
        ("73",),
        (
            "reclame",
            "reclamebureau",
            "marketingbureau",
            "advertising",
            "marketing agency",
            "marktonderzoek",
            "market research",
            "marketing and advertising",
            "advertising services",
        ),
    ),
    Industry(
        "admin_support",
        "Administrative and support services",
        "Verhuur en overige zakelijke diensten",
        ("N",),
        (
            "facilitaire dienstverlening",
            "facility services",
            "schoonmaak",
            "cleaning",
            "beveiliging",
        ),
    ),
    Industry(
        "staffing",
        "Staffing and recruitment",
        "Uitzendbureaus en werving",
        ("78",),
        (
            "uitzendbureau",
            "uitzendbureaus",
            "recruitment",
            "werving en selectie",
            "detachering",
            "staffing",
            "staffing and recruiting",
        ),
    ),
    Industry(
        "public_sector",
        "Public administration",
        "Openbaar bestuur",
        ("84",),
        (
            "overheid",
            "government",
            "gemeente",
            "gemeenten",
            "public sector",
            "publieke sector",
            "openbaar bestuur",
            "rijksoverheid",
            "government administration",
        ),
    ),
    Industry(
        "education",
        "Education",
        "Onderwijs",
        ("85",),
        (
            "onderwijs",
            "school",
            "scholen",
            "university",
            "universiteit",
            "hogeschool",
            "training",
            "higher education",
            "hoger onderwijs",
            "primary secondary education",
            "education management",
        ),
    ),
    Industry(
        "healthcare",
        "Health care and social work",
        "Zorg en welzijn",
        ("Q",),
        (
            "zorg",
            "gezondheidszorg",
            "health care",
            "health",
            "welzijn",
            "ziekenhuis",
            "hospital",
            "care",
            "hospital and health care",
            "hospital health care",
            "hospitals and health care",
            "medical practice",
        ),
    ),
    Industry(
        "culture_recreation",
        "Arts, culture and recreation",
        "Cultuur, sport en recreatie",
        ("R",),
        ("cultuur", "sport", "recreatie", "entertainment", "arts"),
    ),
    Industry(
        "other_services",
        "Other services",
        "Overige dienstverlening",
        ("S",),
        ("overige dienstverlening",),
    ),
    Industry(
        "nonprofit",
        "Associations and non-profits",
        "Verenigingen en non-profit",
        ("94",),
        (
            "non-profit",
            "non profit",
            "nonprofit",
            "ngo",
            "vereniging",
            "verenigingen",
            "stichting",
            "goede doelen",
            "charity",
            "brancheorganisatie",
            "non profit organization management",
        ),
    ),
)

INDUSTRIES: Mapping[str, Industry] = types.MappingProxyType(
    {industry.key: industry for industry in _TABLE}
)
"""The built-in industries by key."""

_BY_NAME: Mapping[str, Industry] = types.MappingProxyType(
    {
        _plain(name): industry
        for industry in _TABLE
        for name in (industry.key, industry.name_en, industry.name_nl, *industry.synonyms)
    }
)


def industry_names(name: str) -> tuple[str, ...]:
    """Every name meaning the same built-in industry as ``name`` (itself first).

    The names of the industries inside its codes count too. A rule's
    ``company.industry`` equality test matches any of them, so a rule for
    ``manufacturing`` fires for "Machinebouw" (machinery, a division of manufacturing),
    as the ICP's industry criterion does; a name the table does not know stands only for
    itself.

    >>> "machinebouw" in industry_names("Manufacturing"), industry_names("basket weaving")
    (True, ('basket weaving',))
    """
    known = find_industry(name)
    if known is None:
        return (name,)
    # The industry and those inside its codes: "Machinebouw" (28) is manufacturing (C).
    within = [
        industry
        for industry in _TABLE
        if industry is known
        or all(any(code_within(own, code) for code in known.codes) for own in industry.codes)
    ]
    names = [name]
    for industry in within:
        names.extend((industry.key, industry.name_en, industry.name_nl, *industry.synonyms))
    return tuple(dict.fromkeys(names))


def find_industry(name: str) -> Industry | None:
    """The built-in industry a name (English, Dutch, any case) stands for, if any.

    >>> find_industry("ICT-dienstverlening").key, find_industry("Horeca").codes
    ('it_services', ('I',))
    >>> find_industry("basket weaving") is None
    True
    """
    return _BY_NAME.get(_plain(name))
