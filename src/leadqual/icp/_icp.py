"""The Ideal Customer Profile and the fit it gives a lead.

How the fit is computed:

- each criterion gives a credit from 0 to 1 (match 1, near miss in between,
  mismatch 0) or says *unknown* when the lead lacks the data;
- ``score`` = 100 x Σ(weight x credit) / Σ(weight) over the criteria whose data is
  known, so unknown data never counts as a mismatch (it can only leave the score
  where the known data puts it);
- ``coverage`` = Σ(weight of known criteria) / Σ(all weights), from 0 to 1;
- ``grade``: ``F`` when an exclusion knocked the lead out (its score is then 0);
  ``UNKNOWN`` when coverage is below ``Grading.min_coverage`` (default 0.5);
  otherwise ``A`` ≥ 80, ``B`` ≥ 60, ``C`` ≥ 40, ``D`` below (all configurable);
- a lead with no usable data at all has ``score`` ``None``, coverage 0 and grade
  ``UNKNOWN``; :meth:`Fit.estimate` gives a number anyway, counting unknown criteria
  at a neutral prior.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from leadqual._convert import structure_config, unstructure
from leadqual._core.labels import LabelledEnum
from leadqual._core.validators import number_in
from leadqual._lang import format_number, format_percent, language
from leadqual._numbers import is_finite
from leadqual.exceptions import ConfigError
from leadqual.icp._criteria import Criterion, Exclusion
from leadqual.icp._evidence import CriterionFit, KnockOut, Match

if TYPE_CHECKING:
    from collections.abc import Iterable

    from leadqual.lead import Lead

__all__ = ["ICP", "Fit", "Grade", "Grading", "icp_from_data", "icp_to_data"]


class Grade(LabelledEnum):
    """The fit's letter: ``A`` best … ``D``, ``F`` knocked out, ``UNKNOWN`` too little data."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    F = "F"
    UNKNOWN = "unknown"


_percent = number_in(0, 100)
_fraction = number_in(0, 1)


@attrs.frozen
class Grading:
    """Grade cut-offs on the 0-100 fit score and the coverage needed to grade at all.

    Args:
        a, b, c: lowest score for grades A, B and C; below ``c`` is D.
        min_coverage: share of the criteria weight (0-1) whose data must be known;
            below it the grade is ``UNKNOWN`` instead of a letter.

    >>> g = Grading()
    >>> g.grade(85.0, 1.0), g.grade(59.9, 1.0), g.grade(90.0, 0.2)
    (<Grade.A: 'A'>, <Grade.C: 'C'>, <Grade.UNKNOWN: 'unknown'>)
    """

    a: float = attrs.field(default=80.0, validator=_percent)
    b: float = attrs.field(default=60.0, validator=_percent)
    c: float = attrs.field(default=40.0, validator=_percent)
    min_coverage: float = attrs.field(default=0.5, validator=_fraction)

    def __attrs_post_init__(self) -> None:
        if not self.a >= self.b >= self.c:
            msg = f"expected a >= b >= c, got a={self.a!r}, b={self.b!r}, c={self.c!r}"
            raise ConfigError(msg)

    def grade(self, score: float | None, coverage: float) -> Grade:
        """The grade of a score given its coverage (knock-outs are graded by the ICP)."""
        if score is None or coverage < self.min_coverage or coverage == 0:
            return Grade.UNKNOWN
        if score >= self.a:
            return Grade.A
        if score >= self.b:
            return Grade.B
        if score >= self.c:
            return Grade.C
        return Grade.D


@attrs.frozen
class Fit:
    """How well a lead fits an ICP, with the evidence of every criterion.

    Attributes:
        score: 0-100 over the criteria whose data is known; ``None`` when nothing is
            known; 0 when knocked out.
        grade: see :class:`Grade` and :class:`Grading`.
        coverage: share (0-1) of the criteria weight whose data is known.
        evidence: one :class:`CriterionFit` per criterion, in ICP order.
        knockouts: the exclusions that applied (grade ``F`` when any).

    ``leadqual.unstructure(fit)`` gives plain JSON.
    """

    score: float | None
    grade: Grade
    coverage: float
    evidence: tuple[CriterionFit, ...] = ()
    knockouts: tuple[KnockOut, ...] = ()

    @property
    def knocked_out(self) -> bool:
        """Whether an exclusion applied."""
        return bool(self.knockouts)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Labels of the criteria the lead lacks data for."""
        return tuple(item.label for item in self.evidence if item.match is Match.UNKNOWN)

    def estimate(self, prior: float = 50.0) -> float:
        """The score with unknown criteria counted at ``prior`` (0-100) instead of left out.

        Useful where a number is needed whatever the coverage (fit points in a
        scoring model): with few data the estimate stays near the prior. A knock-out
        estimates 0.

        >>> Fit(None, Grade.UNKNOWN, 0.0).estimate()
        50.0
        """
        if not (is_finite(prior) and 0 <= prior <= 100):  # noqa: PLR2004 - percent
            raise ConfigError.at(
                place="prior", detail=f"expected a number from 0 to 100, got {prior!r}"
            )
        if self.knocked_out:
            return 0.0
        total = sum(item.weight for item in self.evidence)
        if total == 0:
            return float(prior)
        earned = sum(
            item.weight * (prior if item.match is Match.UNKNOWN else 100 * item.credit)
            for item in self.evidence
        )
        return round(earned / total, 2)

    def _repr_html_(self) -> str:
        from leadqual._display import explained_html  # noqa: PLC0415 - notebooks only

        return explained_html(self.explain())

    def explain(self, lang: str = "en") -> str:
        """A short report: score, grade, coverage, then one line per criterion."""
        nl = language(lang) == "nl"
        score = "?" if self.score is None else format_number(self.score, lang)
        coverage = format_percent(self.coverage, lang)
        head = (
            f"Fit {score}/100, klasse {self.grade.label('nl')}, dekking {coverage}"
            if nl
            else f"Fit {score}/100, grade {self.grade.label('en')}, coverage {coverage}"
        )
        lines = [head]
        lines.extend(f"- {item.explain(lang)}" for item in self.knockouts)
        lines.extend(f"- {item.explain(lang)}" for item in self.evidence)
        return "\n".join(lines)


def _criteria(
    _instance: object, attribute: attrs.Attribute[Any], value: tuple[Criterion, ...]
) -> None:
    if not value:
        raise ConfigError.at(place=attribute.name, detail="expected at least one criterion")
    if sum(item.weight for item in value) <= 0:
        raise ConfigError.at(
            place=attribute.name, detail="expected at least one criterion with a weight above 0"
        )


def _criteria_tuple(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    return tuple(value)


def _exclusion_tuple(value: Iterable[Exclusion]) -> tuple[Exclusion, ...]:
    return tuple(value)


@attrs.frozen
class ICP:
    """An Ideal Customer Profile: weighted criteria, knock-out exclusions and grading.

    >>> import leadqual as lq
    >>> from leadqual.icp import CompanySize, ExcludeSeniority, Geography, ICP
    >>> icp = ICP(
    ...     criteria=(CompanySize(min_employees=50, max_employees=500, weight=2),
    ...               Geography(regions=("benelux",))),
    ...     exclusions=(ExcludeSeniority(),),
    ... )
    >>> lead = lq.Lead("L-1", company=lq.Company(employees=180, country="NL"))
    >>> fit = icp.fit(lead)
    >>> fit.score, fit.grade, fit.coverage
    (100.0, <Grade.A: 'A'>, 1.0)
    >>> icp.fit(lq.Lead("L-2")).grade   # no data is unknown, not a bad fit
    <Grade.UNKNOWN: 'unknown'>
    """

    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria_tuple, validator=_criteria)
    exclusions: tuple[Exclusion, ...] = attrs.field(default=(), converter=_exclusion_tuple)
    grading: Grading = attrs.field(factory=Grading)
    name: str | None = None
    description: str | None = None

    def fit(self, lead: Lead) -> Fit:
        """Hold ``lead`` against the profile. Pure: no I/O, no clock."""
        evidence = tuple(criterion.evaluate(lead) for criterion in self.criteria)
        knockouts: list[KnockOut] = []
        for exclusion in self.exclusions:
            observed = exclusion.check(lead)
            if observed is not None:
                knockouts.append(KnockOut(exclusion.kind, exclusion.name, observed))
        total = known = earned = 0.0
        for item in evidence:
            total += item.weight
            if item.match is not Match.UNKNOWN:
                known += item.weight
                earned += item.weight * item.credit
        coverage = round(known / total, 4)
        if knockouts:
            return Fit(0.0, Grade.F, coverage, evidence, tuple(knockouts))
        score = round(100 * earned / known, 2) if known > 0 else None
        return Fit(score, self.grading.grade(score, coverage), coverage, evidence)


def icp_from_data(data: object) -> ICP:
    """Build an ICP from plain data; problems are a ``ConfigError`` with their place.

    >>> icp_from_data({"criteria": [{"kind": "industry", "industries": ["software"]}]}).criteria
    (IndustryCriterion(industries=('software',), codes=(), near_credit=0.5, weight=1.0, name=None),)
    """
    return structure_config(data, ICP, "ICP")


def icp_to_data(icp: ICP) -> dict[str, Any]:
    """The ICP as plain data, exactly what :func:`leadqual.io.dump_icp` writes.

    Custom (Python) criteria cannot be written: ``NotSerializableError``.
    """
    data = unstructure(icp)
    if not isinstance(data, dict):  # pragma: no cover - an attrs class is a table
        msg = "expected the ICP to become a table"
        raise ConfigError(msg)
    return data
