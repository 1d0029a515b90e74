"""Points scoring: rules over lead fields and events, groups, decay, caps, the ledger.

>>> import leadqual as lq
>>> from leadqual.scoring import EventMatch, Glob, Rule, ScoringModel
>>> pricing = EventMatch("page_view", Glob("url", "/pricing*"))
>>> model = ScoringModel([Rule("pricing", 15, event=pricing)])
>>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
...     {"type": "page_view", "at": "2026-11-20T09:12:00+01:00",
...      "properties": {"url": "https://acme.nl/pricing?plan=pro"}}]})
>>> model.score(lead).points
15
"""

from leadqual.scoring._compile import CompiledModel, quantize
from leadqual.scoring._conditions import (
    AllOf,
    AnyOf,
    Between,
    Condition,
    Contains,
    EndsWith,
    Equals,
    FreeEmail,
    Glob,
    Known,
    Not,
    OneOf,
    StartsWith,
    Unknown,
    lead_fields,
)
from leadqual.scoring._model import (
    CustomRule,
    Decay,
    EventMatch,
    ExponentialDecay,
    FitPoints,
    Group,
    LinearDecay,
    Matrix,
    Rule,
    ScoringModel,
    Thresholds,
)
from leadqual.scoring._score import Entry, Evidence, Ledger, Score
from leadqual.scoring.starter import starter_model

__all__ = [
    "AllOf",
    "AnyOf",
    "Between",
    "CompiledModel",
    "Condition",
    "Contains",
    "CustomRule",
    "Decay",
    "EndsWith",
    "Entry",
    "Equals",
    "EventMatch",
    "Evidence",
    "ExponentialDecay",
    "FitPoints",
    "FreeEmail",
    "Glob",
    "Group",
    "Known",
    "Ledger",
    "LinearDecay",
    "Matrix",
    "Not",
    "OneOf",
    "Rule",
    "Score",
    "ScoringModel",
    "StartsWith",
    "Thresholds",
    "Unknown",
    "lead_fields",
    "quantize",
    "starter_model",
]
