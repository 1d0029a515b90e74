"""Speed to lead: the hand-off settings, and the outbox worker that delivers hand-offs.

The store writes a hand-off in the same transaction as the stage change that caused
it; :func:`deliver` claims due items, sends them through the configured notifiers,
marks them sent, retries failures with exponential backoff and jitter, and
dead-letters an item after too many failures. Everything here is pure: the outbox and
the notifiers are protocols, the time comes from a clock.
"""

from leadqual.automation._config import (
    Config,
    HandoffSettings,
    NotifySettings,
    Owner,
    Transition,
    config_from_data,
)
from leadqual.automation._deliver import Backoff, DeliveryReport, deliver
from leadqual.automation._dossier import REDACTED, dossier, dossier_html, dossier_text
from leadqual.automation._handoff import Handoffs, business_hours, handoff_builder
from leadqual.automation._hours import BusinessHours, dutch_holidays, easter
from leadqual.automation._owners import route_owner
from leadqual.automation._redact import redact_log

__all__ = [
    "Backoff",
    "BusinessHours",
    "Config",
    "DeliveryReport",
    "HandoffSettings",
    "Handoffs",
    "NotifySettings",
    "Owner",
    "REDACTED",
    "Transition",
    "business_hours",
    "config_from_data",
    "deliver",
    "dossier",
    "dossier_html",
    "dossier_text",
    "dutch_holidays",
    "easter",
    "handoff_builder",
    "redact_log",
    "route_owner",
]
