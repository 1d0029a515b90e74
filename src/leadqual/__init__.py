"""leadqual: explainable B2B lead qualification.

ICP fit, engagement points, qualification frameworks (BANT, GPCTBA/C&I, MEDDIC…) and
one weighted verdict: call now as an SQL, nurture as an MQL, or let go.

>>> import leadqual as lq
>>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
>>> score = lq.starter_model().score(lead, as_of="2026-11-26T09:00:00+01:00")
>>> score.points, score.stage
(25, <Stage.NEW: 'new'>)
"""

from leadqual import datasets, frameworks, io, verdict
from leadqual._convert import structure, unstructure
from leadqual.exceptions import (
    AnswerError,
    ConfigError,
    InputFileError,
    LeadError,
    LeadqualError,
    LifecycleError,
    NotSerializableError,
    StoreError,
    TimestampError,
    UnknownLeadError,
)
from leadqual.icp import ICP, Fit, Grade
from leadqual.io import (
    dump_icp,
    dump_model,
    dump_qualifier,
    load_icp,
    load_leads,
    load_model,
    load_qualifier,
    read_leads,
    write_leads,
)
from leadqual.lead import Company, Event, Lead
from leadqual.scoring import (
    CustomRule,
    Rule,
    Score,
    ScoringModel,
    Thresholds,
    starter_model,
)
from leadqual.stage import Stage
from leadqual.titles import Department, Seniority, Title, parse_title
from leadqual.verdict import Decision, Qualifier, Verdict

__all__ = [
    "AnswerError",
    "Company",
    "ConfigError",
    "CustomRule",
    "Decision",
    "Department",
    "Event",
    "Fit",
    "Grade",
    "ICP",
    "InputFileError",
    "Lead",
    "LeadError",
    "LeadqualError",
    "LifecycleError",
    "NotSerializableError",
    "Qualifier",
    "Rule",
    "Score",
    "ScoringModel",
    "Seniority",
    "Stage",
    "StoreError",
    "Thresholds",
    "TimestampError",
    "Title",
    "UnknownLeadError",
    "Verdict",
    "datasets",
    "dump_icp",
    "dump_model",
    "dump_qualifier",
    "frameworks",
    "io",
    "load_icp",
    "load_leads",
    "load_model",
    "load_qualifier",
    "parse_title",
    "read_leads",
    "starter_model",
    "structure",
    "unstructure",
    "verdict",
    "write_leads",
]
