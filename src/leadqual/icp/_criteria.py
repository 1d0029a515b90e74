"""ICP criteria and exclusions: each a small frozen variant, written as ``kind`` tables.

Every criterion turns one lead into a :class:`CriterionFit`: a match (credit 1), a near
miss (credit between 0 and 1), a mismatch (credit 0) or unknown (the lead lacks the
data; not counted, lowers coverage). Everything a criterion needs at fit time is
prepared when it is built, so ``fit`` does set lookups only.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from typing import Any, ClassVar, Literal, TypeAlias, TypeVar

import attrs

from leadqual._convert import Tagged, code_only
from leadqual._core.names import product_key
from leadqual._core.validators import number_in
from leadqual._lang import shown
from leadqual._numbers import is_finite, parse_band
from leadqual.exceptions import ConfigError
from leadqual.icp._evidence import CriterionFit, Match
from leadqual.industries import (
    code_within,
    find_industry,
    nace_section,
    normalise_code,
)
from leadqual.lead import Company, JSONValue, Lead
from leadqual.regions import COUNTRIES, countries_in, country_code
from leadqual.titles import Department, Seniority, parse_title

# The public names are listed once, in the __all__ of leadqual.icp, which re-exports them.

Mode: TypeAlias = Literal["any", "all"]

CustomFunction: TypeAlias = Callable[[Lead], float | bool | None]
"""A custom criterion: ``True``/1.0 is a match, ``False``/0.0 a mismatch, a number in
between a near miss, ``None`` unknown."""


# --- validators: domain rules only, cheap --------------------------------------------


def _mode(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in {"any", "all"}:
        raise ConfigError.at(place=attribute.name, detail=f"expected 'any' or 'all', got {value!r}")


_weight = number_in(0)
_unit = number_in(0, 1)


def _margin(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not (is_finite(value) and 0 <= value < 1):
        raise ConfigError.at(
            place=attribute.name,
            detail=f"expected a fraction from 0 up to (not including) 1, got {shown(value)}",
        )


def _bound(_instance: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and (not is_finite(value) or value < 0):
        raise ConfigError.at(
            place=attribute.name, detail=f"expected a number of at least 0, got {shown(value)}"
        )


def _texts(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError.at(
                place=attribute.name, detail=f"expected non-empty strings, got {item!r}"
            )


def _codes(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        try:
            normalise_code(item)
        except ConfigError as exc:
            raise ConfigError.at(place=attribute.name, detail=str(exc)) from None


def _regions(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        try:
            countries_in(item)
        except ConfigError as exc:
            raise ConfigError.at(place=attribute.name, detail=str(exc)) from None


def _countries(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for item in value:
        if item not in COUNTRIES:
            raise ConfigError.at(
                place=attribute.name,
                detail=f"expected ISO country codes such as 'NL', got {item!r}",
            )


def _upper(value: Iterable[str]) -> tuple[str, ...]:
    # Upper-casing on the way in keeps "nl" and "NL" one country and round trips exact;
    # "UK" and "EL" (EU usage) become their ISO codes GB and GR.
    return tuple(
        (country_code(item) or item.upper()) if isinstance(item, str) else item for item in value
    )


def _tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _phrase(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _padded(text: str) -> str:
    # Words joined and wrapped by single spaces, so a substring test finds a run of
    # whole words: " ai " is not inside " email overload ".
    return f" {_phrase(text)} "


E = TypeVar("E", bound=enum.Enum)
_Part = TypeVar("_Part", Seniority, Department)


def _members(family: type[E], values: Iterable[object], place: str) -> tuple[E, ...]:
    if isinstance(values, str):
        values = (values,)
    out: list[E] = []
    for value in values:
        try:
            out.append(family(value))
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in family)
            raise ConfigError.at(
                place=place, detail=f"expected one of {allowed}, got {value!r}"
            ) from None
    return tuple(out)


# One named converter per field, so an error names its place (and mypy's attrs plugin
# can read them).
def _levels(values: Iterable[object]) -> tuple[Seniority, ...]:
    return _members(Seniority, values, "levels")


def _near_levels(values: Iterable[object]) -> tuple[Seniority, ...]:
    return _members(Seniority, values, "near_levels")


def _departments(values: Iterable[object]) -> tuple[Department, ...]:
    return _members(Department, values, "departments")


def _near_departments(values: Iterable[object]) -> tuple[Department, ...]:
    return _members(Department, values, "near_departments")


def _set_cache(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)


# --- criteria -----------------------------------------------------------------------


class Criterion(Tagged):
    """Base of every ICP criterion; subclasses set ``kind`` and implement ``evaluate``.

    Every criterion has a ``weight`` (its share in the fit score, default 1) and an
    optional ``name`` that replaces the kind's label in explanations.
    """

    __slots__ = ()
    weight: float
    name: str | None

    def evaluate(self, lead: Lead) -> CriterionFit:
        """How ``lead`` measures up to this criterion."""
        raise NotImplementedError

    def _fit(
        self,
        match: Match,
        credit: float,
        observed: JSONValue,
        expected: JSONValue,
    ) -> CriterionFit:
        return CriterionFit(self.kind, self.name, match, credit, self.weight, observed, expected)

    def _unknown(self, expected: JSONValue) -> CriterionFit:
        return CriterionFit(self.kind, self.name, Match.UNKNOWN, 0.0, self.weight, None, expected)

    def _wanted_or_near(
        self,
        observed: str,
        expected: JSONValue,
        wanted: Container[str],
        near: Container[str],
        near_credit: float,
    ) -> CriterionFit:
        # Wanted is a match; near a near miss earning near_credit (none at 0); else a mismatch.
        if observed in wanted:
            return self._fit(Match.MATCH, 1.0, observed, expected)
        if observed in near and near_credit > 0:
            return self._fit(Match.NEAR_MISS, near_credit, observed, expected)
        return self._fit(Match.MISMATCH, 0.0, observed, expected)


def _from_credit(credit: float) -> Match:
    if credit >= 1:
        return Match.MATCH
    if credit <= 0:
        return Match.MISMATCH
    return Match.NEAR_MISS


def _range_credit(value: float, low: float | None, high: float | None, margin: float) -> float:
    # Inside the range earns everything; within the soft margin outside it earns a share
    # that falls linearly to 0, so 49 employees against "at least 50" is a near miss.
    if low is not None and value < low:
        soft = low * (1 - margin)
        return 0.0 if value <= soft or low == soft else (value - soft) / (low - soft)
    if high is not None and value > high:
        soft = high * (1 + margin)
        return 0.0 if value >= soft or high == soft else (soft - value) / (soft - high)
    return 1.0


def _band(lead: Lead, key: str) -> tuple[float, float | None] | None:
    """The ``attributes.<key>_band`` a CRM import keeps; ``None`` when absent or unreadable."""
    text = lead.attributes.get(f"{key}_band")
    return parse_band(text) if isinstance(text, str) else None


def _band_credit(
    band: tuple[float, float | None], low: float | None, high: float | None, margin: float
) -> float:
    # The size lies somewhere in the band: both ends inside is a match, both far out a
    # mismatch, and in between the mean of the two ends' credits (see CompanySize).
    start, end = band
    end_credit = (
        (1.0 if high is None else 0.0) if end is None else _range_credit(end, low, high, margin)
    )
    return (_range_credit(start, low, high, margin) + end_credit) / 2


@attrs.frozen
class CompanySize(Criterion):
    """Company size by head count and/or annual revenue, with an optional soft margin.

    When both dimensions have bounds and both are known, ``combine`` decides:
    ``"any"`` (the default) counts the better one, so a small team with a large revenue
    still fits -- and so does a company far above the head-count maximum whose revenue
    is inside its range; ``"all"`` counts the worse one, so both must fit. ``margin``
    is a fraction: with
    ``margin=0.2`` a company down to 20% below the minimum (or up to 20% above the
    maximum) is a near miss whose credit falls linearly to 0.

    A size known only as a band -- ``attributes.employees_band`` or
    ``attributes.annual_revenue_band``, as a CRM import keeps ``51-200`` or ``€1M-€5M`` --
    counts when the number itself is unknown. Its credit is the mean of the credits of
    its two ends: a band wholly inside the range matches, a band only partly inside is a
    near miss (half credit when one end is in and the other far out), a band wholly
    outside it is a mismatch (or a near miss within ``margin``). An open band such as
    ``1000+`` has its upper end at infinity. A company with neither a number nor a band
    is unknown, not a mismatch.

    >>> from leadqual import Company, Lead
    >>> size = CompanySize(min_employees=50, max_employees=500, margin=0.2)
    >>> size.evaluate(Lead("L-1", company=Company(employees=49))).match
    <Match.NEAR_MISS: 'near_miss'>
    >>> size.evaluate(Lead("L-2")).match
    <Match.UNKNOWN: 'unknown'>
    >>> size.evaluate(Lead("L-4", attributes={"employees_band": "51-200"})).match
    <Match.MATCH: 'match'>
    >>> fit = size.evaluate(Lead("L-5", attributes={"employees_band": "201-1000"}))
    >>> fit.match, fit.credit
    (<Match.NEAR_MISS: 'near_miss'>, 0.5)
    >>> both = CompanySize(max_employees=500, max_revenue=50e6, combine="all")
    >>> both.evaluate(Lead("L-3", company=Company(employees=10_000, annual_revenue=40e6))).match
    <Match.MISMATCH: 'mismatch'>
    """

    kind: ClassVar[str] = "company_size"
    min_employees: int | None = attrs.field(default=None, validator=_bound)
    max_employees: int | None = attrs.field(default=None, validator=_bound)
    min_revenue: float | None = attrs.field(default=None, validator=_bound)
    max_revenue: float | None = attrs.field(default=None, validator=_bound)
    margin: float = attrs.field(default=0.0, validator=_margin)
    combine: Mode = attrs.field(default="any", validator=_mode)
    weight: float = attrs.field(default=1.0, validator=_weight)
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        employees: tuple[float | None, float | None] = (self.min_employees, self.max_employees)
        revenue: tuple[float | None, float | None] = (self.min_revenue, self.max_revenue)
        if employees == (None, None) and revenue == (None, None):
            msg = "company_size: expected at least one of min/max_employees, min/max_revenue"
            raise ConfigError(msg)
        for low, high, what in ((*employees, "employees"), (*revenue, "revenue")):
            if low is not None and high is not None and low > high:
                raise ConfigError.at(
                    place=f"min_{what}",
                    detail=f"expected at most max_{what} ({high!r}), got {low!r}",
                )

    def _expected(self) -> dict[str, JSONValue]:
        expected: dict[str, JSONValue] = {}
        if (self.min_employees, self.max_employees) != (None, None):
            expected["employees"] = [self.min_employees, self.max_employees]
        if (self.min_revenue, self.max_revenue) != (None, None):
            expected["annual_revenue"] = [self.min_revenue, self.max_revenue]
        return expected

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Credit for the better (``any``) or worse (``all``) of the known, bounded dimensions."""
        company = lead.company
        observed: dict[str, JSONValue] = {}
        scores: list[float] = []
        dimensions = (
            ("employees", company.employees, self.min_employees, self.max_employees),
            ("annual_revenue", company.annual_revenue, self.min_revenue, self.max_revenue),
        )
        for key, value, low, high in dimensions:
            if (low, high) == (None, None):
                continue
            if value is not None:
                observed[key] = value
                scores.append(_range_credit(value, low, high, self.margin))
                continue
            band = _band(lead, key)
            if band is not None:
                observed[key] = [band[0], band[1]]
                scores.append(_band_credit(band, low, high, self.margin))
        if not scores:
            return self._unknown(self._expected())
        credit = max(scores) if self.combine == "any" else min(scores)
        return self._fit(_from_credit(credit), credit, observed, self._expected())


def _read_industry(company: Company) -> tuple[dict[str, JSONValue], set[str], list[str]]:
    """What a company says about its industry: the evidence, its names and its codes."""
    observed: dict[str, JSONValue] = {}
    names: set[str] = set()
    codes: list[str] = []
    if company.industry is not None:
        observed["industry"] = company.industry
        known = find_industry(company.industry)
        if known is None:
            names.add(_phrase(company.industry))
        else:
            names.add(known.key)
            codes.extend(known.codes)
    if company.industry_code is not None:
        try:
            codes.append(normalise_code(company.industry_code))
            observed["code"] = company.industry_code
        except ConfigError:
            pass  # an unreadable code says nothing: treated as unknown
    return observed, names, codes


@attrs.frozen
class IndustryCriterion(Criterion):
    """Industry by name (English/Dutch synonyms) and/or by SBI/NACE code prefix.

    A lead matches when its industry name means one of ``industries``, or its code
    (or the codes of its named industry) lies inside one of the wanted codes (the
    listed ``codes`` plus the codes of the listed industries). Same NACE section but a
    different division is a near miss earning ``near_credit``. A name that is not in
    the built-in table matches only itself; a lead whose industry name the table does
    not know (and that has no code) is unknown, not a mismatch -- the name is kept in
    the evidence.

    >>> from leadqual import Company, Lead
    >>> want = IndustryCriterion(industries=("manufacturing",), codes=("62",))
    >>> want.evaluate(Lead("L-1", company=Company(industry="Machinebouw"))).match
    <Match.MATCH: 'match'>
    >>> want.evaluate(Lead("L-2", company=Company(industry_code="63.11"))).match
    <Match.NEAR_MISS: 'near_miss'>
    """

    kind: ClassVar[str] = "industry"
    industries: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_texts)
    codes: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_codes)
    near_credit: float = attrs.field(default=0.5, validator=_unit)
    weight: float = attrs.field(default=1.0, validator=_weight)
    name: str | None = None
    _wanted_codes: tuple[str, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _wanted_names: frozenset[str] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _wanted_sections: frozenset[str] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.industries and not self.codes:
            msg = "industry: expected at least one of industries, codes"
            raise ConfigError(msg)
        codes = [normalise_code(code) for code in self.codes]
        names: set[str] = set()
        for text in self.industries:
            known = find_industry(text)
            if known is None:
                names.add(_phrase(text))
            else:
                names.add(known.key)
                codes.extend(known.codes)
        _set_cache(self, "_wanted_codes", tuple(dict.fromkeys(codes)))
        _set_cache(self, "_wanted_names", frozenset(names))
        _set_cache(self, "_wanted_sections", frozenset(filter(None, map(nace_section, codes))))

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Match by name, then by code prefix; near miss within the same NACE section."""
        expected: dict[str, JSONValue] = {}
        if self.industries:
            expected["industries"] = list(self.industries)
        if self.codes:
            expected["codes"] = list(self.codes)
        observed, names, lead_codes = _read_industry(lead.company)
        if not observed:
            return self._unknown(expected)
        if names & self._wanted_names or any(
            code_within(code, wanted) for code in lead_codes for wanted in self._wanted_codes
        ):
            return self._fit(Match.MATCH, 1.0, observed, expected)
        if self.near_credit > 0 and any(
            nace_section(code) in self._wanted_sections for code in lead_codes
        ):
            return self._fit(Match.NEAR_MISS, self.near_credit, observed, expected)
        if not lead_codes:
            # Only a name the table does not know: unknown is never a mismatch.
            return self._fit(Match.UNKNOWN, 0.0, observed, expected)
        return self._fit(Match.MISMATCH, 0.0, observed, expected)


@attrs.frozen
class Geography(Criterion):
    """Where the company is: ISO country codes and named regions (``"benelux"``).

    ``near_countries``/``near_regions`` earn ``near_credit`` (say, Belgium for a Dutch
    ICP that could serve it).

    >>> from leadqual import Company, Lead
    >>> geo = Geography(regions=("dach",), near_countries=("NL",))
    >>> geo.evaluate(Lead("L-1", company=Company(country="NL"))).credit
    0.5
    """

    kind: ClassVar[str] = "geography"
    countries: tuple[str, ...] = attrs.field(default=(), converter=_upper, validator=_countries)
    regions: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_regions)
    near_countries: tuple[str, ...] = attrs.field(
        default=(), converter=_upper, validator=_countries
    )
    near_regions: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_regions)
    near_credit: float = attrs.field(default=0.5, validator=_unit)
    weight: float = attrs.field(default=1.0, validator=_weight)
    name: str | None = None
    _inside: frozenset[str] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _near: frozenset[str] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.countries and not self.regions:
            msg = "geography: expected at least one of countries, regions"
            raise ConfigError(msg)
        inside = set(self.countries).union(*(countries_in(r) for r in self.regions))
        near = set(self.near_countries).union(*(countries_in(r) for r in self.near_regions))
        _set_cache(self, "_inside", frozenset(inside))
        _set_cache(self, "_near", frozenset(near - inside))

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Match when the company's country is inside the wanted countries/regions."""
        expected: list[JSONValue] = [*self.countries, *self.regions]
        country = lead.company.country
        if country is None:
            return self._unknown(expected)
        country = country_code(country) or country
        return self._wanted_or_near(country, expected, self._inside, self._near, self.near_credit)


def _overlap_fit(
    criterion: Criterion,
    mode: Mode,
    wanted: tuple[str, ...],
    found: list[str],
    observed: JSONValue,
) -> CriterionFit:
    expected: JSONValue = {mode: list(wanted)}
    hits = len(found)
    # "any" is all-or-nothing; "all" earns the share found, so a partial set is a near miss.
    credit = (1.0 if hits else 0.0) if mode == "any" else hits / len(wanted)
    return criterion._fit(_from_credit(credit), credit, observed, expected)  # noqa: SLF001 - same module family


def _require(values: tuple[object, ...], place: str) -> None:
    if not values:
        raise ConfigError.at(place=place, detail="expected at least one entry")


@attrs.frozen
class Technology(Criterion):
    """Technologies the company uses: ``any`` of them, or ``all`` (partial is a near miss).

    Names compare without case, spaces or punctuation (``"Exact Online"`` is
    ``"exact-online"``). A company with no known technologies is unknown.

    >>> from leadqual import Company, Lead
    >>> tech = Technology(technologies=("Exact Online", "HubSpot"), mode="all")
    >>> tech.evaluate(Lead("L-1", company=Company(technologies=["exact-online"]))).credit
    0.5
    """

    kind: ClassVar[str] = "technology"
    technologies: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_texts)
    mode: Mode = attrs.field(default="any", validator=_mode)
    weight: float = attrs.field(default=1.0, validator=_weight)
    name: str | None = None
    _keys: tuple[str, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _require(self.technologies, "technologies")
        _set_cache(self, "_keys", tuple(product_key(item) for item in self.technologies))

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Share of the wanted technologies in use (``all``) or whether any is (``any``)."""
        used = lead.company.technologies
        if not used:
            return self._unknown({self.mode: list(self.technologies)})
        have = {product_key(item) for item in used}
        found = [
            name for name, key in zip(self.technologies, self._keys, strict=True) if key in have
        ]
        return _overlap_fit(self, self.mode, self.technologies, found, list(used))


def _pain_texts(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [value] if value.strip() else None
    if isinstance(value, list | tuple):
        texts = [item for item in value if isinstance(item, str) and item.strip()]
        return texts or None
    return None


@attrs.frozen
class PainPoints(Criterion):
    """Pain points the lead named, read from ``lead.attributes[attribute]``.

    A wanted pain point is found when its words appear as a run of whole words in one
    of the lead's (or the other way round), ignoring case, accents and punctuation:
    ``"manual planning"`` is found in ``"Too much manual planning"``, but ``"AI"`` is
    not found in ``"email overload"`` nor ``"plan"`` in ``"manual planning"``.

    >>> from leadqual import Lead
    >>> pains = PainPoints(pain_points=("manual planning", "stock errors"))
    >>> lead = Lead("L-1", attributes={"pain_points": ["Too much manual planning"]})
    >>> pains.evaluate(lead).match
    <Match.MATCH: 'match'>
    >>> pains.evaluate(Lead("L-2", attributes={"pain_points": ["to"]})).match
    <Match.MISMATCH: 'mismatch'>
    """

    kind: ClassVar[str] = "pain_points"
    pain_points: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_texts)
    mode: Mode = attrs.field(default="any", validator=_mode)
    attribute: str = "pain_points"
    weight: float = attrs.field(default=1.0, validator=_weight)
    name: str | None = None
    _phrases: tuple[str, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _require(self.pain_points, "pain_points")
        _set_cache(self, "_phrases", tuple(_padded(item) for item in self.pain_points))

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Which wanted pain points the lead's own words mention."""
        texts = _pain_texts(lead.attributes.get(self.attribute))
        if texts is None:
            return self._unknown({self.mode: list(self.pain_points)})
        said = [own for own in map(_padded, texts) if own.strip()]
        found = [
            wanted
            for wanted, phrase in zip(self.pain_points, self._phrases, strict=True)
            if any(phrase in own or own in phrase for own in said)
        ]
        return _overlap_fit(self, self.mode, self.pain_points, found, list(texts))


@attrs.frozen
class SeniorityCriterion(Criterion):
    """Seniority read from the job title (see :mod:`leadqual.titles`).

    >>> from leadqual import Lead
    >>> from leadqual.titles import Seniority
    >>> wanted = SeniorityCriterion(levels=(Seniority.OWNER, Seniority.C_LEVEL),
    ...                             near_levels=(Seniority.DIRECTOR,))
    >>> wanted.evaluate(Lead("L-1", job_title="Algemeen directeur")).match
    <Match.MATCH: 'match'>
    >>> wanted.evaluate(Lead("L-2", job_title="Directeur Financiën")).match
    <Match.NEAR_MISS: 'near_miss'>
    """

    kind: ClassVar[str] = "seniority"
    levels: tuple[Seniority, ...] = attrs.field(default=(), converter=_levels)
    near_levels: tuple[Seniority, ...] = attrs.field(default=(), converter=_near_levels)
    near_credit: float = attrs.field(default=0.5, validator=_unit)
    weight: float = attrs.field(default=1.0, validator=_weight)
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise ConfigError.at(place="levels", detail="expected at least one level")

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Match when the title's seniority is wanted; unknown when the title does not say."""
        found = parse_title(lead.job_title).seniority
        return _title_fit(self, found, self.levels, self.near_levels, self.near_credit)


@attrs.frozen
class DepartmentCriterion(Criterion):
    """Department read from the job title (see :mod:`leadqual.titles`).

    >>> from leadqual import Lead
    >>> from leadqual.titles import Department
    >>> wanted = DepartmentCriterion(departments=(Department.OPERATIONS,))
    >>> wanted.evaluate(Lead("L-1", job_title="Hoofd Productie")).match
    <Match.MATCH: 'match'>
    """

    kind: ClassVar[str] = "department"
    departments: tuple[Department, ...] = attrs.field(default=(), converter=_departments)
    near_departments: tuple[Department, ...] = attrs.field(default=(), converter=_near_departments)
    near_credit: float = attrs.field(default=0.5, validator=_unit)
    weight: float = attrs.field(default=1.0, validator=_weight)
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.departments:
            raise ConfigError.at(place="departments", detail="expected at least one department")

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Match when the title's department is wanted; unknown when the title does not say."""
        found = parse_title(lead.job_title).department
        return _title_fit(self, found, self.departments, self.near_departments, self.near_credit)


def _title_fit(
    criterion: Criterion,
    found: _Part | None,
    wanted: tuple[_Part, ...],
    near: tuple[_Part, ...],
    near_credit: float,
) -> CriterionFit:
    # What a job title says (a seniority or a department), against the wanted ones.
    expected: JSONValue = [part.value for part in wanted]
    if found is None:
        return criterion._unknown(expected)  # noqa: SLF001 - same module family
    return criterion._wanted_or_near(found.value, expected, wanted, near, near_credit)  # noqa: SLF001


def _callable(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not callable(value):
        msg = f"{attribute.name}: expected a function of a lead, got {type(value).__name__}"
        raise TypeError(msg)


@code_only
@attrs.frozen
class CustomCriterion(Criterion):
    """A criterion written in Python: ``function(lead)`` returns the credit.

    ``True``/``1.0`` is a match, ``False``/``0.0`` a mismatch, a number in between a
    near miss, ``None`` unknown. Custom criteria live in code only: an ICP holding one
    cannot be written to a file (``NotSerializableError``).

    >>> from leadqual import Lead
    >>> has_phone = CustomCriterion("has a phone", lambda lead: lead.phone is not None)
    >>> has_phone.evaluate(Lead("L-1", phone="+31 20 123 4567")).match
    <Match.MATCH: 'match'>
    """

    kind: ClassVar[str] = "custom"
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    function: CustomFunction = attrs.field(validator=_callable)
    weight: float = attrs.field(default=1.0, validator=_weight)

    def evaluate(self, lead: Lead) -> CriterionFit:
        """Call the function; a result outside 0-1 is a ``ConfigError`` naming the criterion."""
        result = self.function(lead)
        if result is None:
            return self._unknown(None)
        credit = float(result)
        if not (math.isfinite(credit) and 0 <= credit <= 1):
            msg = (
                f"custom criterion {self.name!r}: expected True/False, "
                f"a number from 0 to 1 or None, got {result!r}"
            )
            raise ConfigError(msg)
        return self._fit(_from_credit(credit), credit, result, None)


# --- exclusions (knock-outs) --------------------------------------------------------


class Exclusion(Tagged):
    """Base of every knock-out: ``check(lead)`` returns the triggering data, or ``None``.

    Unknown data never knocks a lead out.
    """

    __slots__ = ()
    name: str | None

    def check(self, lead: Lead) -> JSONValue:
        """The lead's data that triggers this exclusion, or ``None``."""
        raise NotImplementedError


_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}$")


def _domain(text: str) -> str:
    # "https://www.rival.nl/", "jan@rival.nl" and "WWW.Rival.NL." all name rival.nl.
    text = text.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text).rpartition("@")[2]
    text = re.split(r"[/?#:]", text, maxsplit=1)[0].rstrip(".")
    return text.removeprefix("www.")


def _bare_domains(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(_domain(item) if isinstance(item, str) else item for item in _tuple(value))


def _valid_domains(
    _instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]
) -> None:
    for item in value:
        if not isinstance(item, str) or not _DOMAIN.match(item):
            raise ConfigError.at(
                place=attribute.name,
                detail=f"expected domain names such as 'rival.nl', got {item!r}",
            )


@attrs.frozen
class ExcludeDomains(Exclusion):
    """Knock out leads whose company domain or e-mail domain is listed (or a subdomain).

    >>> from leadqual import Lead
    >>> ExcludeDomains(domains=("rival.nl",)).check(Lead("L-1", email="jan@sales.rival.nl"))
    'sales.rival.nl'
    """

    kind: ClassVar[str] = "domains"
    domains: tuple[str, ...] = attrs.field(
        default=(), converter=_bare_domains, validator=_valid_domains
    )
    name: str | None = None
    _domains: frozenset[str] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _require(self.domains, "domains")
        _set_cache(self, "_domains", frozenset(self.domains))

    def _listed(self, domain: str) -> bool:
        parts = domain.split(".")
        return any(".".join(parts[index:]) in self._domains for index in range(len(parts) - 1))

    def check(self, lead: Lead) -> JSONValue:
        """The listed domain the lead's company or address is at, if any."""
        for domain in (lead.company.domain, lead.email_domain):
            if domain is not None and self._listed(domain):
                return domain
        return None


@attrs.frozen
class ExcludeCountries(Exclusion):
    """Knock out companies in the listed countries or regions.

    >>> from leadqual import Company, Lead
    >>> ExcludeCountries(regions=("nordics",)).check(Lead("L-1", company=Company(country="SE")))
    'SE'
    """

    kind: ClassVar[str] = "countries"
    countries: tuple[str, ...] = attrs.field(default=(), converter=_upper, validator=_countries)
    regions: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_regions)
    name: str | None = None
    _excluded: frozenset[str] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _require(self.countries + self.regions, "countries")
        excluded = set(self.countries).union(*(countries_in(r) for r in self.regions))
        _set_cache(self, "_excluded", frozenset(excluded))

    def check(self, lead: Lead) -> JSONValue:
        """The company's country when it is excluded."""
        country = lead.company.country
        if country is None:
            return None
        return country if (country_code(country) or country) in self._excluded else None


@attrs.frozen
class ExcludeSeniority(Exclusion):
    """Knock out by seniority read from the title; by default students and interns.

    >>> from leadqual import Lead
    >>> ExcludeSeniority().check(Lead("L-1", job_title="Afstudeerstagiair"))
    'student'
    """

    kind: ClassVar[str] = "seniority"
    levels: tuple[Seniority, ...] = attrs.field(default=(Seniority.STUDENT,), converter=_levels)
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        _require(self.levels, "levels")

    def check(self, lead: Lead) -> JSONValue:
        """The title's seniority when it is excluded."""
        level = parse_title(lead.job_title).seniority
        return level.value if level is not None and level in self.levels else None


@attrs.frozen
class ExcludeIndustries(Exclusion):
    """Knock out industries by name or SBI/NACE code (same matching as the criterion).

    >>> from leadqual import Company, Lead
    >>> ExcludeIndustries(industries=("public_sector",)).check(
    ...     Lead("L-1", company=Company(industry="Gemeente")))
    'Gemeente'
    """

    kind: ClassVar[str] = "industries"
    industries: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_texts)
    codes: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_codes)
    name: str | None = None
    _match: IndustryCriterion = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _require(self.industries + self.codes, "industries")
        _set_cache(self, "_match", IndustryCriterion(self.industries, self.codes, near_credit=0.0))

    def check(self, lead: Lead) -> JSONValue:
        """The lead's industry (name or code) when it is excluded."""
        found = self._match.evaluate(lead)
        if found.match is not Match.MATCH or not isinstance(found.observed, dict):
            return None
        return found.observed.get("industry", found.observed.get("code"))
