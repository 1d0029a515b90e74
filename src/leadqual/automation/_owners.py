"""Who gets the hand-off: the CRM owner first, else the team for the lead's country.

Then the team for its region, then the catch-all team. Within a team leads go round
robin on a counter the store keeps (``turn``), or, without a store, spread evenly by a
hash of the lead id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from leadqual.automation._config import Owner
from leadqual.regions import countries_in, is_region

if TYPE_CHECKING:
    from leadqual.lead import Lead

__all__ = ["Turn", "route_owner", "rotation_key"]

Turn: TypeAlias = Callable[[str, int], int]
"""``turn(rotation, size)``: the next position, 0 to ``size - 1``, in a named rotation.

The store's counter (one row per rotation, advanced in the hand-off's transaction)."""


def rotation_key(team: Sequence[Owner]) -> str:
    """The name of a team's rotation: its members, so a changed team starts afresh.

    >>> rotation_key([Owner("Anna", countries=("NL",)), Owner("Bo", team="marketing")])
    'Anna|Bo'
    """
    return "|".join(owner.name for owner in team)


def _pick(lead_id: str, team: Sequence[Owner], turn: Turn | None) -> Owner:
    if turn is not None:
        return team[turn(rotation_key(team), len(team)) % len(team)]
    # Pure and stable without a store: the same lead always lands with the same rep,
    # and leads spread evenly over the team.
    digest = int.from_bytes(hashlib.sha256(lead_id.encode()).digest()[:8], "big")
    return team[digest % len(team)]


def route_owner(
    lead: Lead,
    owners: Sequence[Owner],
    *,
    team: str | None = None,
    turn: Turn | None = None,
) -> Owner | None:
    """The owner of a hand-off.

    The lead's CRM ``owner`` first (matched to a configured owner by name or e-mail, or
    taken as it is); else the owners listing the lead's country; else those listing its
    region; else everyone without countries or regions (the catch-all team). Only the
    owners of ``team`` count (``None``: the owners without a team, sales); a CRM owner
    is kept only for sales, since the marketing hand-off of a lead goes to marketing.
    With ``turn`` (the store's round-robin counter) a team takes turns; without it a
    lead's id picks its rep.

    >>> import leadqual as lq
    >>> team = [Owner("Anna", "anna@acme.nl", countries=("NL",)),
    ...         Owner("Ben", "ben@acme.de", regions=("dach",))]
    >>> route_owner(lq.Lead.from_mapping({"id": "L-1", "company": {"country": "NL"}}), team).name
    'Anna'
    >>> route_owner(lq.Lead.from_mapping({"id": "L-2", "company": {"country": "AT"}}), team).name
    'Ben'
    >>> route_owner(lq.Lead.from_mapping({"id": "L-3", "owner": "ben@acme.de"}), team).name
    'Ben'
    >>> turns = iter(range(10))
    >>> pool = [Owner("Cas"), Owner("Dee")]
    >>> [route_owner(lq.Lead(f"L-{k}"), pool, turn=lambda name, size: next(turns)).name
    ...  for k in range(3)]
    ['Cas', 'Dee', 'Cas']
    """
    if lead.owner and team is None:
        for owner in owners:
            if lead.owner in {owner.name, owner.email}:
                return owner
        return Owner(lead.owner, lead.owner if "@" in lead.owner else None)
    owners = [o for o in owners if o.team == team]
    country = lead.company.country if lead.company is not None else None
    if country:
        members = [o for o in owners if country.upper() in o.countries]
        if members:
            return _pick(lead.id, members, turn)
        code = country.upper()
        members = [
            o for o in owners if any(is_region(r) and code in countries_in(r) for r in o.regions)
        ]
        if members:
            return _pick(lead.id, members, turn)
    members = [o for o in owners if not o.countries and not o.regions]
    return _pick(lead.id, members, turn) if members else None
