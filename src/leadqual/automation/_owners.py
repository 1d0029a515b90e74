"""Who gets the hand-off: the CRM owner first, else the team for the lead's country.

Then the team for its region, then the catch-all team; leads spread evenly within a team.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from leadqual.automation._config import Owner
from leadqual.regions import countries_in, is_region

if TYPE_CHECKING:
    from leadqual.lead import Lead

__all__ = ["route_owner"]


def _spread(lead_id: str, team: Sequence[Owner]) -> Owner:
    # Pure and stable: the same lead always lands with the same rep, and leads spread
    # evenly over the team (a counter-based round robin needs state the store keeps).
    digest = int.from_bytes(hashlib.sha256(lead_id.encode()).digest()[:8], "big")
    return team[digest % len(team)]


def route_owner(lead: Lead, owners: Sequence[Owner]) -> Owner | None:
    """The owner of a hand-off.

    The lead's CRM ``owner`` first (matched to a configured owner by name or e-mail, or
    taken as it is); else the owners listing the lead's country; else those listing its
    region; else everyone without countries or regions (the catch-all team).

    >>> import leadqual as lq
    >>> team = [Owner("Anna", "anna@acme.nl", countries=("NL",)),
    ...         Owner("Ben", "ben@acme.de", regions=("dach",))]
    >>> route_owner(lq.Lead.from_mapping({"id": "L-1", "company": {"country": "NL"}}), team).name
    'Anna'
    >>> route_owner(lq.Lead.from_mapping({"id": "L-2", "company": {"country": "AT"}}), team).name
    'Ben'
    >>> route_owner(lq.Lead.from_mapping({"id": "L-3", "owner": "ben@acme.de"}), team).name
    'Ben'
    """
    if lead.owner:
        for owner in owners:
            if lead.owner in {owner.name, owner.email}:
                return owner
        return Owner(lead.owner, lead.owner if "@" in lead.owner else None)
    country = lead.company.country if lead.company is not None else None
    if country:
        team = [o for o in owners if country.upper() in o.countries]
        if team:
            return _spread(lead.id, team)
        code = country.upper()
        team = [
            o for o in owners if any(is_region(r) and code in countries_in(r) for r in o.regions)
        ]
        if team:
            return _spread(lead.id, team)
    team = [o for o in owners if not o.countries and not o.regions]
    return _spread(lead.id, team) if team else None
