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

from leadqual._core.events import canonical_key, canonical_order, effective_events
from leadqual._core.public import publish as _publish
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
from leadqual.scoring._persist import model_from_data, model_to_data
from leadqual.scoring._schema import json_schema, model_schema
from leadqual.scoring._score import Entry, Evidence, Ledger, Score, format_points
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
    "canonical_key",
    "canonical_order",
    "effective_events",
    "format_points",
    "json_schema",
    "lead_fields",
    "model_from_data",
    "model_schema",
    "model_to_data",
    "quantize",
    "starter_model",
]

# Reprs and pickles show the public module, never a private one (as httpx does).
_publish(__name__, globals(), __all__)
