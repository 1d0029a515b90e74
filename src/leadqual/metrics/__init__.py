"""The KPIs of lead qualification, over lead histories (``stage_history`` and ``outcome``).

MQL→SQL as a cohort rate (the most important), the rejection rate against the 20–30%
guidance, conversion and win rate per source, the sales-cycle length, speed to lead and
the SLA hit rate, and conversion per score band. Every function is pure and returns
plain data with ``to_data()``, ``rows()``, ``to_pandas()``, ``to_polars()`` and
``_repr_html_`` for notebooks. ``docs/metrics.md`` defines each KPI.

>>> import leadqual as lq
>>> from leadqual import metrics
>>> lead = lq.Lead.from_mapping({"id": "L-1", "source": "webinar",
...     "created_at": "2026-11-18T08:00:00+01:00",
...     "stage_history": [{"stage": "mql", "at": "2026-11-18T08:00:00+01:00"},
...                       {"stage": "sql", "at": "2026-11-21T14:05:00+01:00"}],
...     "outcome": {"status": "won", "at": "2026-12-15T10:00:00+01:00"}})
>>> kpis = metrics.report([lead])
>>> kpis.to_data()["mql_to_sql"], kpis.to_data()["by_source"]["webinar"]["conversion"]
(1.0, 1.0)
"""

from leadqual.metrics._history import LeadPath, current_stage, lead_path
from leadqual.metrics._kpis import (
    DUTCH_B2B_MQL_TO_SQL,
    REJECTION_GUIDANCE,
    Band,
    Bands,
    Cohort,
    Conversion,
    Cycle,
    Rejection,
    SourceRow,
    Sources,
    SpeedToLead,
    by_source,
    conversion_by_band,
    cycle_days,
    mql_to_sql,
    period_key,
    quantile,
    rejection,
    sla_state,
    speed_to_lead,
    stage_counts,
)
from leadqual.metrics._report import Report, report

__all__ = [
    "DUTCH_B2B_MQL_TO_SQL",
    "REJECTION_GUIDANCE",
    "Band",
    "Bands",
    "Cohort",
    "Conversion",
    "Cycle",
    "LeadPath",
    "Rejection",
    "Report",
    "SourceRow",
    "Sources",
    "SpeedToLead",
    "by_source",
    "conversion_by_band",
    "current_stage",
    "cycle_days",
    "lead_path",
    "mql_to_sql",
    "period_key",
    "quantile",
    "rejection",
    "report",
    "sla_state",
    "speed_to_lead",
    "stage_counts",
]
