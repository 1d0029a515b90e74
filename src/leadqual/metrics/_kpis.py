"""The KPIs of the article, computed from lead histories; pure (no clock, no I/O)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal

import attrs

from leadqual.lead import Lead
from leadqual.metrics._history import LeadPath, lead_path
from leadqual.metrics._tabular import Tabular
from leadqual.stage import Reason, Stage

# The public names are listed once, in the __all__ of leadqual.metrics, which re-exports them.

DUTCH_B2B_MQL_TO_SQL: Final = 0.13
"""The article's reference: Dutch B2B MQL→SQL conversion averages about 13%."""
REJECTION_GUIDANCE: Final = (0.20, 0.30)
"""The article's guidance: sales rejecting fewer than 20–30% of MQLs means loose criteria."""

Period = Literal["week", "month", "quarter", "year"]
LeadsOrPaths = Iterable[Lead] | Iterable[LeadPath]


def _paths(leads: LeadsOrPaths) -> list[LeadPath]:
    return [item if isinstance(item, LeadPath) else lead_path(item) for item in leads]


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def quantile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile, interpolated linearly between ranks (numpy's default).

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5), quantile([1.0, 2.0, 3.0, 4.0], 0.9)
    (2.5, 3.7)
    >>> quantile([], 0.5) is None
    True
    """
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    fraction = position - low
    return round(ordered[low] + (ordered[high] - ordered[low]) * fraction, 10)


def period_key(at: dt.datetime, period: Period) -> str:
    """The period a moment falls in, in its own offset: ``2018-02``, ``2018-Q1``, ``2018-W05``.

    >>> period_key(dt.datetime(2018, 2, 1, tzinfo=dt.UTC), "quarter")
    '2018-Q1'
    """
    if period == "year":
        return f"{at.year}"
    if period == "quarter":
        return f"{at.year}-Q{(at.month - 1) // 3 + 1}"
    if period == "week":
        year, week, _ = at.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{at.year}-{at.month:02d}"


# --- MQL → SQL --------------------------------------------------------------------------


@attrs.frozen
class Cohort:
    """One group of the MQL cohort: ``mql`` leads became MQL, ``sql`` of them reached SQL."""

    key: str
    mql: int
    sql: int

    @property
    def rate(self) -> float | None:
        """``sql / mql``; ``None`` for an empty group."""
        return _ratio(self.sql, self.mql)

    def to_data(self) -> dict[str, Any]:
        """Plain JSON."""
        return {"key": self.key, "mql": self.mql, "sql": self.sql, "rate": self.rate}


@attrs.frozen
class Conversion(Tabular):
    """MQL→SQL as a cohort rate: of the leads that became MQL, the share that reached SQL.

    Unlike ``SQL / (MQL + SQL)`` at one moment, this follows each lead: a lead counts in
    the period it *became* MQL, and converts when it later reached SQL (or was won).
    Recent periods are immature (their leads have had less time), read them so.

    Attributes:
        mql: leads that became MQL.
        sql: of those, the ones that reached SQL.
        reference: the Dutch B2B reference rate (~13%).
        by_source: one :class:`Cohort` per lead source.
        by_period: one :class:`Cohort` per period the leads became MQL in, oldest first.
    """

    caption = "MQL→SQL"
    mql: int
    sql: int
    reference: float = DUTCH_B2B_MQL_TO_SQL
    by_source: tuple[Cohort, ...] = ()
    by_period: tuple[Cohort, ...] = ()

    @property
    def rate(self) -> float | None:
        """The overall cohort rate ``sql / mql``."""
        return _ratio(self.sql, self.mql)

    def rows(self) -> list[dict[str, Any]]:
        """One row per source, then one per period (``group`` says which)."""
        return [{"group": "source", **cohort.to_data()} for cohort in self.by_source] + [
            {"group": "period", **cohort.to_data()} for cohort in self.by_period
        ]

    def to_data(self) -> dict[str, Any]:
        """Plain JSON."""
        return {
            "mql": self.mql,
            "sql": self.sql,
            "rate": self.rate,
            "reference": self.reference,
            "by_source": [c.to_data() for c in self.by_source],
            "by_period": [c.to_data() for c in self.by_period],
        }


def _cohorts(pairs: Iterable[tuple[str, bool]]) -> tuple[Cohort, ...]:
    mql: Counter[str] = Counter()
    sql: Counter[str] = Counter()
    for key, reached in pairs:
        mql[key] += 1
        sql[key] += reached
    return tuple(Cohort(key, mql[key], sql[key]) for key in sorted(mql))


def mql_to_sql(leads: LeadsOrPaths, *, period: Period = "month") -> Conversion:
    """MQL→SQL cohort conversion, overall, per source and per ``period``.

    >>> leads = [Lead.from_mapping({"id": f"L-{k}", "source": "webinar", "stage_history": [
    ...     {"stage": "mql", "at": "2026-11-02T09:00:00+01:00"}] + ([
    ...     {"stage": "sql", "at": "2026-12-03T09:00:00+01:00"}] if k < 2 else [])})
    ...     for k in range(8)]
    >>> conversion = mql_to_sql(leads)
    >>> conversion.rate, [c.to_data() for c in conversion.by_period]
    (0.25, [{'key': '2026-11', 'mql': 8, 'sql': 2, 'rate': 0.25}])
    """
    paths = [path for path in _paths(leads) if path.mql_at is not None]
    return Conversion(
        mql=len(paths),
        sql=sum(path.reached_sql for path in paths),
        by_source=_cohorts((path.source, path.reached_sql) for path in paths),
        by_period=_cohorts(
            (period_key(path.mql_at, period), path.reached_sql)
            for path in paths
            if path.mql_at is not None
        ),
    )


# --- rejection rate ---------------------------------------------------------------------


@attrs.frozen
class Rejection(Tabular):
    """How many MQLs sales rejected (disqualified, nurture, lost before SQL), and why.

    Attributes:
        mql: leads that became MQL.
        rejected: of those, the ones rejected before reaching SQL.
        reasons: ``(reason code, count)`` over the rejected leads' outcome reasons, most
            frequent first; ``None`` stands for "no reason given".
        guidance: the article's healthy band (20–30%).
    """

    caption = "Rejection"
    mql: int
    rejected: int
    reasons: tuple[tuple[Reason | None, int], ...] = ()
    guidance: tuple[float, float] = REJECTION_GUIDANCE

    @property
    def rate(self) -> float | None:
        """``rejected / mql``."""
        return _ratio(self.rejected, self.mql)

    @property
    def flag(self) -> str | None:
        """``"too_loose"`` below the guidance, ``"high"`` above it, ``"ok"`` within.

        Rejecting fewer than 20–30% of MQLs means the MQL criteria let too much through
        (the article); far above it, marketing and sales disagree about what an MQL is.
        """
        rate = self.rate
        if rate is None:
            return None
        low, high = self.guidance
        if rate < low:
            return "too_loose"
        return "high" if rate > high else "ok"

    def rows(self) -> list[dict[str, Any]]:
        """One row per reason."""
        return [
            {"reason": reason.value if reason else None, "count": count}
            for reason, count in self.reasons
        ]

    def to_data(self) -> dict[str, Any]:
        """Plain JSON."""
        return {
            "mql": self.mql,
            "rejected": self.rejected,
            "rate": self.rate,
            "guidance": list(self.guidance),
            "flag": self.flag,
            "reasons": {str(reason.value if reason else None): n for reason, n in self.reasons},
        }


def rejection(leads: LeadsOrPaths) -> Rejection:
    """The rejection rate of MQLs, flagged against the 20–30% guidance.

    >>> leads = [Lead.from_mapping({"id": "L-1", "stage_history": [
    ...     {"stage": "mql", "at": "2026-11-02T09:00:00+01:00"},
    ...     {"stage": "disqualified", "at": "2026-11-03T09:00:00+01:00"}],
    ...     "outcome": {"status": "lost", "reason": "budget"}}),
    ...     Lead.from_mapping({"id": "L-2", "stage_history": [
    ...     {"stage": "mql", "at": "2026-11-02T09:00:00+01:00"}]})]
    >>> result = rejection(leads)
    >>> result.rate, result.flag, result.reasons
    (0.5, 'high', ((<Reason.BUDGET: 'budget'>, 1),))
    """
    paths = [path for path in _paths(leads) if path.mql_at is not None]
    rejected = [path for path in paths if path.rejected]
    counts = Counter(path.reason for path in rejected)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return Rejection(mql=len(paths), rejected=len(rejected), reasons=tuple(ordered))


# --- per source -------------------------------------------------------------------------


@attrs.frozen
class SourceRow:
    """One lead source: ``conversion`` = won / leads, ``win_rate`` = won / closed."""

    source: str
    leads: int
    won: int
    closed: int

    @property
    def conversion(self) -> float | None:
        """Won / leads."""
        return _ratio(self.won, self.leads)

    @property
    def win_rate(self) -> float | None:
        """Won / closed (won or lost); ``None`` while nothing is closed."""
        return _ratio(self.won, self.closed)

    def to_data(self) -> dict[str, Any]:
        """Plain JSON."""
        return {
            "leads": self.leads,
            "won": self.won,
            "closed": self.closed,
            "conversion": self.conversion,
            "win_rate": self.win_rate,
        }


@attrs.frozen
class Sources(Tabular):
    """Conversion and win rate per lead source, sources in name order."""

    caption = "By source"
    sources: tuple[SourceRow, ...]

    def rows(self) -> list[dict[str, Any]]:
        """One row per source."""
        return [{"source": row.source, **row.to_data()} for row in self.sources]

    def to_data(self) -> dict[str, Any]:
        """``{source: {leads, won, closed, conversion, win_rate}}``."""
        return {row.source: row.to_data() for row in self.sources}

    def __getitem__(self, source: str) -> SourceRow:
        for row in self.sources:
            if row.source == source:
                return row
        raise KeyError(source)


def by_source(leads: LeadsOrPaths) -> Sources:
    """Conversion (won / leads) and win rate (won / closed) per source.

    Leads without a source are counted under ``"unknown"``.

    >>> table = by_source([Lead.from_mapping({"id": "L-1", "outcome": {"status": "won"}}),
    ...                    Lead.from_mapping({"id": "L-2", "source": "webinar"})])
    >>> table.to_data()["unknown"]
    {'leads': 1, 'won': 1, 'closed': 1, 'conversion': 1.0, 'win_rate': 1.0}
    """
    leads_n: Counter[str] = Counter()
    won: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    for path in _paths(leads):
        leads_n[path.source] += 1
        won[path.source] += path.won
        closed[path.source] += path.closed
    return Sources(
        tuple(SourceRow(key, leads_n[key], won[key], closed[key]) for key in sorted(leads_n))
    )


# --- sales-cycle length -----------------------------------------------------------------


@attrs.frozen
class Cycle(Tabular):
    """Days from ``created_at`` to the won outcome, over the won leads that have both.

    A lead won before it was created counts as 0 days and is counted in ``clamped``.

    Attributes:
        days: every won lead's cycle length in days, in input order.
        clamped: how many were negative and counted as 0.
    """

    caption = "Sales cycle (days)"
    days: tuple[float, ...]
    clamped: int = 0

    @property
    def count(self) -> int:
        """How many won leads have a cycle length."""
        return len(self.days)

    @property
    def median(self) -> float | None:
        """The median, linear between ranks."""
        return quantile(self.days, 0.5)

    @property
    def p90(self) -> float | None:
        """The 90th percentile, linear between ranks."""
        return quantile(self.days, 0.9)

    def histogram(self, bins: int = 12) -> list[tuple[float, float, int]]:
        """``(from, to, count)`` over equal-width bins from 0 to the longest cycle."""
        if not self.days:
            return []
        top = max(self.days) or 1.0
        width = top / bins
        counts = [0] * bins
        for value in self.days:
            counts[min(int(value / width), bins - 1)] += 1
        return [(k * width, (k + 1) * width, counts[k]) for k in range(bins)]

    def rows(self) -> list[dict[str, Any]]:
        """One row per histogram bin."""
        return [{"from": a, "to": b, "leads": n} for a, b, n in self.histogram()]

    def to_data(self) -> dict[str, Any]:
        """``{median, p90, count, clamped}``."""
        return {
            "median": self.median,
            "p90": self.p90,
            "count": self.count,
            "clamped": self.clamped,
        }


def cycle_days(leads: LeadsOrPaths) -> Cycle:
    """The sales-cycle length: days from created to won, median and p90.

    >>> leads = [Lead.from_mapping({"id": f"L-{k}", "created_at": "2026-11-01T00:00:00Z",
    ...     "outcome": {"status": "won", "at": f"2026-11-{k + 2:02d}T12:00:00Z"}})
    ...     for k in range(4)]
    >>> cycle = cycle_days(leads)
    >>> cycle.median, cycle.p90, cycle.count
    (3.0, 4.2, 4)
    """
    days: list[float] = []
    clamped = 0
    for path in _paths(leads):
        if path.won_at is None or path.created_at is None:
            continue
        length = (path.won_at - path.created_at).total_seconds() / 86400
        if length < 0:
            clamped += 1
            length = 0.0
        days.append(length)
    return Cycle(tuple(days), clamped)


# --- speed to lead ----------------------------------------------------------------------


SlaState = Literal["met", "missed", "open", "overdue"]


def sla_state(
    path: LeadPath, sla_minutes: float, as_of: dt.datetime | None = None
) -> SlaState | None:
    """An SQL's follow-up against the SLA: ``met``, ``missed``, ``open`` or ``overdue``.

    The clock starts when the lead reached SQL; the first stage change or outcome after
    that is the response. ``None`` for a lead that never reached SQL.
    """
    if path.sql_at is None:
        return None
    limit = dt.timedelta(minutes=sla_minutes)
    if path.responded_at is not None:
        return "met" if path.responded_at - path.sql_at <= limit else "missed"
    if as_of is not None and as_of - path.sql_at > limit:
        return "overdue"
    return "open"


@attrs.frozen
class SpeedToLead(Tabular):
    """How fast sales followed up the SQLs, and how often within the SLA.

    The clock starts at the lead's first SQL entry; the response is the next entry in its
    ``stage_history`` (a rep accepting, moving it on, parking it) or its outcome,
    whichever is first. Open SQLs past the SLA at ``as_of`` count as misses; open ones
    within it (or, without ``as_of``, every open one) are left out of the hit rate.

    Attributes:
        sla_minutes: the SLA (the article: call within 60 minutes).
        minutes: each responded SQL's time to response, in minutes.
        met, missed, overdue, open: the SQLs per :func:`sla_state`.
    """

    caption = "Speed to lead"
    sla_minutes: float
    minutes: tuple[float, ...]
    met: int
    missed: int
    overdue: int
    open: int

    @property
    def hit_rate(self) -> float | None:
        """``met / (met + missed + overdue)``."""
        return _ratio(self.met, self.met + self.missed + self.overdue)

    @property
    def median_minutes(self) -> float | None:
        """Median minutes to response."""
        return quantile(self.minutes, 0.5)

    def rows(self) -> list[dict[str, Any]]:
        """One row per SLA state."""
        return [
            {"state": state, "leads": getattr(self, state)}
            for state in ("met", "missed", "overdue", "open")
        ]

    def to_data(self) -> dict[str, Any]:
        """Plain JSON."""
        return {
            "sla_minutes": self.sla_minutes,
            "median_minutes": self.median_minutes,
            "p90_minutes": quantile(self.minutes, 0.9),
            "hit_rate": self.hit_rate,
            "met": self.met,
            "missed": self.missed,
            "overdue": self.overdue,
            "open": self.open,
        }


def speed_to_lead(
    leads: LeadsOrPaths, *, sla_minutes: float = 60, as_of: dt.datetime | None = None
) -> SpeedToLead:
    """Minutes from SQL to the first response, and the SLA hit rate.

    >>> lead = Lead.from_mapping({"id": "L-1", "stage_history": [
    ...     {"stage": "mql", "at": "2026-11-18T08:00:00+01:00"},
    ...     {"stage": "sql", "at": "2026-11-21T14:05:00+01:00"},
    ...     {"stage": "opportunity", "at": "2026-11-21T14:40:00+01:00"}]})
    >>> speed = speed_to_lead([lead])
    >>> speed.median_minutes, speed.hit_rate
    (35.0, 1.0)
    """
    counts: Counter[str] = Counter()
    minutes: list[float] = []
    for path in _paths(leads):
        state = sla_state(path, sla_minutes, as_of)
        if state is None:
            continue
        counts[state] += 1
        if path.responded_at is not None and path.sql_at is not None:
            minutes.append((path.responded_at - path.sql_at).total_seconds() / 60)
    return SpeedToLead(
        sla_minutes=sla_minutes,
        minutes=tuple(minutes),
        met=counts["met"],
        missed=counts["missed"],
        overdue=counts["overdue"],
        open=counts["open"],
    )


# --- conversion per score band ----------------------------------------------------------


@attrs.frozen
class Band:
    """Leads whose score fell in ``[low, high)`` (the last band includes ``high``)."""

    low: float
    high: float
    leads: int
    won: int

    @property
    def conversion(self) -> float | None:
        """Won / leads in the band."""
        return _ratio(self.won, self.leads)


@attrs.frozen
class Bands(Tabular):
    """Conversion per score band: did the leads that scored high win more often?"""

    caption = "Conversion by score band"
    bands: tuple[Band, ...]

    def rows(self) -> list[dict[str, Any]]:
        """One row per band."""
        return [
            {
                "low": b.low,
                "high": b.high,
                "leads": b.leads,
                "won": b.won,
                "conversion": b.conversion,
            }
            for b in self.bands
        ]


def conversion_by_band(
    leads: Iterable[Lead], scores: Mapping[str, float], *, edges: Sequence[float] | None = None
) -> Bands:
    """Conversion per score band; without ``edges``, the score deciles.

    ``scores`` maps a lead id to its score (points, or a verdict's 0–100); leads without
    a score are left out.

    >>> leads = [Lead.from_mapping({"id": f"L-{k}"} | (
    ...     {"outcome": {"status": "won"}} if k >= 5 else {})) for k in range(10)]
    >>> bands = conversion_by_band(leads, {f"L-{k}": k * 10 for k in range(10)},
    ...                            edges=[0, 50, 100])
    >>> [(b.leads, b.conversion) for b in bands.bands]
    [(5, 0.0), (5, 1.0)]
    """
    pairs = [
        (float(scores[path.lead_id]), path.won) for path in _paths(leads) if path.lead_id in scores
    ]
    if edges is None:
        values = [score for score, _ in pairs]
        cuts = [quantile(values, k / 10) for k in range(11)]
        edges = sorted({cut for cut in cuts if cut is not None})
    edges = sorted(edges)
    if len(edges) < 2:  # noqa: PLR2004 - a band needs two edges
        edges = [*edges, *edges][:2] if edges else []
    bands: list[Band] = []
    for index in range(len(edges) - 1):
        low, high = edges[index], edges[index + 1]
        last = index == len(edges) - 2
        inside = [won for score, won in pairs if low <= score < high or (last and score == high)]
        bands.append(Band(low, high, len(inside), sum(inside)))
    return Bands(tuple(bands))


def stage_counts(leads: LeadsOrPaths) -> dict[str, int]:
    """How many leads are in each current stage, in funnel order, every stage listed."""
    counts = Counter(path.stage for path in _paths(leads))
    return {stage.value: counts[stage] for stage in Stage}
