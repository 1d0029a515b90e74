"""The hand-off as notifiers send it: the SPEC's webhook body, in one language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from leadqual.lead import thaw

if TYPE_CHECKING:
    from leadqual.lifecycle import OutboxItem

__all__ = ["handoff_body"]

_DOSSIER_KEYS = ("stage", "crossed_at", "score", "points", "reasons")


def _in(value: object, lang: str) -> Any:  # noqa: ANN401 - JSON data
    if isinstance(value, Mapping) and set(value) <= {"en", "nl"} and value:
        return value.get(lang, value.get("en"))
    return value


def handoff_body(item: OutboxItem, lang: str = "en") -> dict[str, Any]:
    """The JSON body of a hand-off (SPEC §3), its texts in ``lang``.

    It holds ``key``, ``lead_id``, ``kind``, ``owner``, ``due``, ``text``,
    ``opening_line`` and ``dossier``.

    >>> from leadqual.lifecycle import OutboxItem
    >>> item = OutboxItem("lq-1", "L-1", "sql", {"lead_id": "L-1",
    ...     "text": {"en": "Call now", "nl": "Bel nu"}, "due": "2026-11-21T15:02:00+01:00"})
    >>> body = handoff_body(item, "nl")
    >>> body["key"], body["text"], body["due"], body["owner"]
    ('lq-1', 'Bel nu', '2026-11-21T15:02:00+01:00', {'name': None, 'email': None})
    """
    payload: dict[str, Any] = thaw(item.payload)
    owner = payload.get("owner") or {}
    dossier = _in(payload.get("dossier"), lang)
    if not isinstance(dossier, Mapping):
        dossier = {k: _in(payload[k], lang) for k in _DOSSIER_KEYS if k in payload}
    return {
        "key": item.key,
        "lead_id": item.lead_id,
        "kind": item.kind,
        "owner": {"name": owner.get("name"), "email": owner.get("email")},
        "due": payload.get("due"),
        "text": _in(payload.get("text"), lang),
        "opening_line": _in(payload.get("opening_line"), lang),
        "dossier": dossier,
    }
