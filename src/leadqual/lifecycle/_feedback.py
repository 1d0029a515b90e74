"""Sales feedback as records: accept, reject with a reason, not now, won, lost."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from leadqual._time import parse_timestamp
from leadqual.exceptions import LifecycleError, TimestampError
from leadqual.lifecycle._transitions import Action
from leadqual.stage import Reason

__all__ = ["Feedback", "feedback_from_data", "parse_moment"]

_KINDS = (Action.ACCEPT, Action.REJECT, Action.NOT_NOW, Action.WON, Action.LOST)


def _kind(value: object) -> Action:
    for kind in _KINDS:
        if value == kind.value:
            return kind
    allowed = ", ".join(item.value for item in _KINDS)
    msg = f"kind: expected one of {allowed}, got {value!r}"
    raise LifecycleError(msg)


def _reason(value: object) -> Reason | None:
    if value is None or isinstance(value, Reason):
        return value
    try:
        return Reason(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(reason.value for reason in Reason)
        msg = f"reason: expected one of {allowed}, got {value!r}"
        raise LifecycleError(msg) from None


def _aware(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        msg = f"{attribute.name}: expected a datetime with a time zone, got {value!r}"
        raise LifecycleError(msg)


def _required_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        msg = f"{attribute.name}: expected a datetime with a time zone, got None"
        raise LifecycleError(msg)
    _aware(instance, attribute, value)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@attrs.frozen
class Feedback:
    """What sales said about a lead: who, when, the move, its reason and a note.

    Build one with the classmethods; a move the lead's stage does not allow is refused
    when it is applied (:meth:`leadqual.lifecycle.History.apply`).

    Args:
        kind: accept, reject, not_now, won or lost.
        at: when (an aware datetime).
        by: who gave it (a name or e-mail address).
        reason: the reason code; required for reject and lost.
        note: free text.
        revisit: for not now, when to look at the lead again.
        amount: for won, the deal's amount.

    >>> import datetime as dt
    >>> at = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    >>> Feedback.reject("timing", at, by="anna").reason.label("nl")
    'Niet het juiste moment'
    >>> Feedback.lost(None, at)
    Traceback (most recent call last):
    ...
    leadqual.exceptions.LifecycleError: lost needs a reason: competitor or no_interest
    """

    kind: Action = attrs.field(converter=_kind)
    at: dt.datetime = attrs.field(validator=_required_aware)
    by: str | None = attrs.field(default=None, converter=_text)
    reason: Reason | None = attrs.field(default=None, converter=_reason)
    note: str | None = attrs.field(default=None, converter=_text)
    revisit: dt.datetime | None = attrs.field(default=None, validator=_aware)
    amount: float | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind is Action.LOST and self.reason is None:
            msg = "lost needs a reason: competitor or no_interest"
            raise LifecycleError(msg)
        if self.kind is Action.REJECT and self.reason is None:
            allowed = ", ".join(reason.value for reason in Reason)
            msg = f"reject needs a reason: one of {allowed}"
            raise LifecycleError(msg)
        if self.amount is not None:
            amount = self.amount
            if isinstance(amount, bool) or not isinstance(amount, int | float):
                msg = f"amount: expected a number, got {amount!r}"
                raise LifecycleError(msg)
            if not math.isfinite(amount) or amount < 0 or self.kind is not Action.WON:
                msg = f"amount: expected a number >= 0 on a won lead, got {amount!r}"
                raise LifecycleError(msg)
        if self.revisit is not None and self.kind is not Action.NOT_NOW:
            msg = "revisit: only a 'not now' has a revisit date"
            raise LifecycleError(msg)

    @classmethod
    def accept(cls, at: dt.datetime, *, by: str | None = None, note: str | None = None) -> Feedback:
        """Sales accepts the lead (an MQL becomes an SQL, an SQL an opportunity)."""
        return cls(Action.ACCEPT, at, by=by, note=note)

    @classmethod
    def reject(
        cls,
        reason: Reason | str,
        at: dt.datetime,
        *,
        by: str | None = None,
        note: str | None = None,
    ) -> Feedback:
        """Sales rejects the lead with a reason code (to nurture, disqualified or lost)."""
        return cls(Action.REJECT, at, by=by, reason=reason, note=note)

    @classmethod
    def not_now(
        cls,
        at: dt.datetime,
        *,
        revisit: dt.datetime | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> Feedback:
        """Not now: to nurture, optionally with the moment to look again."""
        return cls(Action.NOT_NOW, at, by=by, note=note, revisit=revisit)

    @classmethod
    def won(
        cls,
        at: dt.datetime,
        *,
        amount: float | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> Feedback:
        """The deal was won (the lead becomes a customer)."""
        return cls(Action.WON, at, by=by, note=note, amount=amount)

    @classmethod
    def lost(
        cls,
        reason: Reason | str | None,
        at: dt.datetime,
        *,
        by: str | None = None,
        note: str | None = None,
    ) -> Feedback:
        """Lost: only with ``competitor`` or ``no_interest`` in the default lifecycle."""
        return cls(Action.LOST, at, by=by, reason=reason, note=note)


def parse_moment(text: str, zone: dt.tzinfo | None, place: str) -> dt.datetime:
    """An ISO moment, or a date (midnight in ``zone``, else UTC); errors name ``place``.

    >>> parse_moment("2027-01-04", None, "revisit").isoformat()
    '2027-01-04T00:00:00+00:00'
    >>> parse_moment("soon", None, "revisit")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    leadqual.exceptions.TimestampError: revisit: cannot parse 'soon': ...
    """
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            return parse_timestamp(text, zone)
        except TimestampError as exc:
            raise TimestampError.at(place=place, detail=str(exc)) from None
    return dt.datetime.combine(day, dt.time(), zone or dt.UTC)


_DATA_KEYS = ("kind", "at", "by", "reason", "note", "revisit", "amount")


def feedback_from_data(
    data: object, *, now: dt.datetime, zone: dt.tzinfo | None = None
) -> Feedback:
    """Feedback from plain data (a JSON body): ``kind`` and the other fields by name.

    ``at`` and ``revisit`` are ISO moments or dates; ``at`` defaults to ``now``. The
    rules are :class:`Feedback`'s (a reason for reject and lost, ``revisit`` only with
    not_now, ``amount`` only with won); every error names its field.

    >>> import datetime as dt
    >>> now = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    >>> feedback_from_data({"kind": "not_now", "revisit": "2027-03-01"}, now=now).revisit.month
    3
    >>> feedback_from_data({"kind": "reject", "reason": "cheap"}, now=now)
    Traceback (most recent call last):
    ...
    leadqual.exceptions.LifecycleError: reason: expected one of ..., got 'cheap'
    """
    if not isinstance(data, dict):
        raise LifecycleError.at(place="feedback", detail=f"expected an object, got {data!r:.40}")
    unknown = sorted(set(data) - set(_DATA_KEYS))
    if unknown:
        allowed = ", ".join(_DATA_KEYS)
        raise LifecycleError.at(place=unknown[0], detail=f"unknown field; expected {allowed}")
    for key in ("at", "revisit", "by", "note"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise LifecycleError.at(place=key, detail=f"expected a text, got {data[key]!r:.40}")
    at = parse_moment(data["at"], zone, "at") if data.get("at") is not None else now
    revisit = data.get("revisit")
    return Feedback(
        data.get("kind"),
        at,
        by=data.get("by"),
        reason=data.get("reason"),
        note=data.get("note"),
        revisit=parse_moment(revisit, zone, "revisit") if revisit is not None else None,
        amount=data.get("amount"),
    )
