"""The lead's life after the verdict: allowed stage moves, sales feedback, its history.

Pure: nothing here reads the clock or a database. A store
(:func:`leadqual.store.open_store`) keeps the histories and calls these functions
inside its transactions.

>>> import datetime as dt
>>> from leadqual.lifecycle import Feedback, History
>>> at = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
>>> history = History()
>>> history = history.then(history.apply(Feedback.accept(at, by="anna")))
>>> history.stage.value
'sql'
>>> history.apply(Feedback.lost("budget", at))
Traceback (most recent call last):
...
leadqual.exceptions.LifecycleError: cannot mark lost with reason 'budget' from sql; ...
"""

from leadqual._core.public import publish as _publish
from leadqual.lifecycle._feedback import Feedback
from leadqual.lifecycle._history import Entry, History
from leadqual.lifecycle._outbox import HandOff, OutboxItem, OutboxStatus, handoff_key
from leadqual.lifecycle._resolve import (
    Resolution,
    default_qualifier,
    handoff_payload,
    qualify,
    resolve,
)
from leadqual.lifecycle._state import IngestReport, StoredLead
from leadqual.lifecycle._transitions import (
    DEFAULT_TRANSITIONS,
    Action,
    Move,
    Transitions,
    transitions_from_data,
    transitions_to_data,
)

__all__ = [
    "Action",
    "DEFAULT_TRANSITIONS",
    "Entry",
    "Feedback",
    "HandOff",
    "History",
    "IngestReport",
    "Move",
    "OutboxItem",
    "OutboxStatus",
    "Resolution",
    "StoredLead",
    "Transitions",
    "default_qualifier",
    "handoff_key",
    "handoff_payload",
    "qualify",
    "resolve",
    "transitions_from_data",
    "transitions_to_data",
]

# Public names show their public package in reprs and pickles (as httpx does).
_publish(__name__, globals(), __all__)
