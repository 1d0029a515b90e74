"""The weighted qualification verdict: fit, engagement and a framework in one decision.

>>> import leadqual as lq
>>> from leadqual.frameworks import BANT
>>> from leadqual.verdict import Qualifier
>>> lead = lq.Lead.from_mapping({"id": "L-1", "events": [
...     {"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]})
>>> verdict = Qualifier(model=lq.starter_model(), framework=BANT).qualify(
...     lead, as_of="2026-11-22T09:00:00+01:00")
>>> verdict.decision.value, verdict.stage.value, verdict.score, verdict.confidence
('call_now', 'sql', 25, 0.3333)
>>> verdict.reasons()[0]
'Showed buying intent: requested a demo'
>>> verdict.opening_line("nl")
'Goedemorgen, ik zie dat u gisteren een demo heeft aangevraagd.'
"""

from leadqual._core.public import publish as _publish
from leadqual.verdict._io import qualifier_from_data, qualifier_to_data
from leadqual.verdict._opening import SignalPatterns
from leadqual.verdict._qualifier import EngagementScale, Policy, Qualifier, Weights
from leadqual.verdict._verdict import Decision, FollowUp, KnockOutReason, Part, Verdict

__all__ = [
    "Decision",
    "EngagementScale",
    "FollowUp",
    "KnockOutReason",
    "Part",
    "Policy",
    "Qualifier",
    "SignalPatterns",
    "Verdict",
    "Weights",
    "qualifier_from_data",
    "qualifier_to_data",
]

# Public names show their public package in reprs and pickles (as httpx does).
_publish(__name__, globals(), __all__)
