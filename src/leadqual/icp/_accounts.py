"""Account level: one company's score from its contacts (the buying group).

B2B deals are bought by several people. Contacts are linked into accounts by
``company.account_id`` (key ``id:<account id>``) or else by company domain
(``company.domain``, else the e-mail domain; key ``domain:<domain>``). Free providers
such as gmail.com link nothing, wherever they appear, so strangers are never merged. A
contact with none of these is an account of its own (key ``lead:<id>``), so no lead is
ever dropped. The prefixes keep the kinds apart: an account id ``"lead:2"`` cannot
swallow lead 2. An e-mail from a subdomain (``jan@sales.acme.nl``) joins the account
of its registrable domain (``acme.nl``) when that account exists.

Each contact has a buying role: ``lead.attributes["buying_role"]`` when set (a role
value or its English or Dutch label, any case; anything else is a ``LeadError``),
else one read from the job title (owners, C-level, VPs and directors are decision
makers; supervisory boards, heads and managers influencers; other professionals
users; students and unreadable titles "other"). Engagement is aggregated per account
by ``sum``, ``max`` or ``role_weighted`` (Σ role weight x engagement); the account's fit is its
best-fitting contact's fit, because company criteria are shared by all contacts and
person criteria ask whether the right person is in the group.
"""

from __future__ import annotations

import enum
import math
import types
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import attrs

from leadqual._core.labels import LabelledEnum
from leadqual._freemail import is_free_email_domain
from leadqual._numbers import is_finite
from leadqual.exceptions import ConfigError, LeadError
from leadqual.icp._icp import ICP, Fit
from leadqual.lead import Lead
from leadqual.titles import Seniority, parse_title

__all__ = [
    "Account",
    "Aggregation",
    "BuyingGroup",
    "BuyingRole",
    "Contact",
    "account_key",
    "group_accounts",
    "score_accounts",
]


class BuyingRole(LabelledEnum):
    """The part a contact plays in a buying decision."""

    DECISION_MAKER = "decision_maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    OTHER = "other"


_ROLE_BY_SENIORITY = {
    Seniority.OWNER: BuyingRole.DECISION_MAKER,
    Seniority.C_LEVEL: BuyingRole.DECISION_MAKER,
    # A supervisory board approves large deals but does not run the purchase.
    Seniority.BOARD: BuyingRole.INFLUENCER,
    Seniority.VP: BuyingRole.DECISION_MAKER,
    Seniority.DIRECTOR: BuyingRole.DECISION_MAKER,
    Seniority.HEAD: BuyingRole.INFLUENCER,
    Seniority.MANAGER: BuyingRole.INFLUENCER,
    Seniority.SENIOR: BuyingRole.USER,
    Seniority.SPECIALIST: BuyingRole.USER,
    Seniority.JUNIOR: BuyingRole.USER,
    Seniority.STUDENT: BuyingRole.OTHER,
}

_DEFAULT_WEIGHTS = types.MappingProxyType(
    {
        BuyingRole.DECISION_MAKER: 1.0,
        BuyingRole.CHAMPION: 0.8,
        BuyingRole.INFLUENCER: 0.6,
        BuyingRole.USER: 0.4,
        BuyingRole.GATEKEEPER: 0.3,
        BuyingRole.OTHER: 0.2,
    }
)


E = TypeVar("E", bound=enum.Enum)


class Aggregation(enum.StrEnum):
    """How contacts' engagement adds up to the account's."""

    SUM = "sum"
    MAX = "max"
    ROLE_WEIGHTED = "role_weighted"


def _weights(value: Mapping[BuyingRole | str, float] | None) -> Mapping[BuyingRole, float]:
    # Roles left out keep their default weight, so a file can override just one.
    merged = dict(_DEFAULT_WEIGHTS)
    for role, weight in (value or {}).items():
        try:
            key = BuyingRole(role)
        except ValueError:
            allowed = ", ".join(repr(item.value) for item in BuyingRole)
            raise ConfigError.at(
                place="role_weights", detail=f"expected roles among {allowed}, got {role!r}"
            ) from None
        if not is_finite(weight) or weight < 0:
            raise ConfigError.at(
                place=f"role_weights.{key.value}",
                detail=f"expected a number of at least 0, got {weight!r}",
            )
        merged[key] = weight
    return types.MappingProxyType(merged)


def _role_name(text: str) -> str:
    return "_".join(text.casefold().replace("-", " ").replace("_", " ").split())


_ROLE_NAMES = types.MappingProxyType(
    {
        _role_name(name): role
        for role in BuyingRole
        for name in (role.value, role.label("en"), role.label("nl"))
    }
)


def _enum_member(family: type[E], value: object, place: str) -> E:
    try:
        return family(value)
    except ValueError:
        allowed = ", ".join(repr(item.value) for item in family)
        raise ConfigError.at(
            place=place, detail=f"expected one of {allowed}, got {value!r}"
        ) from None


def _roles(value: Iterable[BuyingRole | str]) -> tuple[BuyingRole, ...]:
    return tuple(_enum_member(BuyingRole, item, "required_roles") for item in value)


def _aggregation(value: Aggregation | str) -> Aggregation:
    return _enum_member(Aggregation, value, "aggregation")


@attrs.frozen
class BuyingGroup:
    """How contacts make up an account: role weights, aggregation and required roles.

    Args:
        role_weights: weight per role for ``role_weighted`` aggregation; roles not
            given keep their default (decision maker 1.0, champion 0.8, influencer 0.6,
            user 0.4, gatekeeper 0.3, other 0.2).
        aggregation: ``sum``, ``max`` or ``role_weighted`` (default).
        required_roles: roles a complete buying group has; absent ones are reported.
        role_attribute: the lead attribute that names a contact's role explicitly.

    >>> from leadqual import Lead
    >>> BuyingGroup().role_of(Lead("L-1", job_title="Eigenaar"))
    <BuyingRole.DECISION_MAKER: 'decision_maker'>
    >>> BuyingGroup().role_of(Lead("L-2", attributes={"buying_role": "champion"}))
    <BuyingRole.CHAMPION: 'champion'>
    """

    role_weights: Mapping[BuyingRole, float] = attrs.field(
        factory=lambda: _DEFAULT_WEIGHTS, converter=_weights, hash=False
    )
    aggregation: Aggregation = attrs.field(
        default=Aggregation.ROLE_WEIGHTED, converter=_aggregation
    )
    required_roles: tuple[BuyingRole, ...] = attrs.field(
        default=(BuyingRole.DECISION_MAKER,), converter=_roles
    )
    role_attribute: str = "buying_role"

    def role_of(self, lead: Lead) -> BuyingRole:
        """The contact's role: explicit attribute first, else read from the job title.

        The attribute may hold a role (``"decision_maker"``) or its English or Dutch
        label in any case (``"Decision maker"``, ``"beslisser"``); anything else raises
        ``LeadError`` naming the attribute and the roles allowed, rather than silently
        falling back to the title.
        """
        named = lead.attributes.get(self.role_attribute)
        if named is not None and not (isinstance(named, str) and not named.strip()):
            role = _ROLE_NAMES.get(_role_name(named)) if isinstance(named, str) else None
            if role is None:
                allowed = ", ".join(repr(item.value) for item in BuyingRole)
                raise LeadError.at(
                    place=f"attributes.{self.role_attribute}",
                    detail=f"expected one of {allowed} (or their labels), got {named!r}",
                )
            return role
        seniority = parse_title(lead.job_title).seniority
        return BuyingRole.OTHER if seniority is None else _ROLE_BY_SENIORITY[seniority]

    def aggregate(self, contacts: Iterable[Contact]) -> float:
        """The account's engagement from its contacts' engagement.

        >>> group = BuyingGroup(aggregation="max")
        >>> contacts = [Contact("a", BuyingRole.USER, 10.0), Contact("b", BuyingRole.USER, 30.0)]
        >>> group.aggregate(contacts)
        30.0
        """
        items = list(contacts)
        if not items:
            return 0.0
        if self.aggregation is Aggregation.SUM:
            return float(sum(item.engagement for item in items))
        if self.aggregation is Aggregation.MAX:
            return float(max(item.engagement for item in items))
        return float(sum(self.role_weights[item.role] * item.engagement for item in items))


@attrs.frozen
class Contact:
    """One contact's part in an account."""

    lead_id: str
    role: BuyingRole
    engagement: float
    fit: Fit | None = None


@attrs.frozen
class Account:
    """A company with its contacts, aggregated engagement and fit.

    Attributes:
        key: ``id:<account id>``, ``domain:<domain>``, or ``lead:<id>`` for an
            unlinked contact.
        name: the company name of the first contact that has one.
        contacts: the contacts, ordered by lead id.
        engagement: aggregated by the buying group's rule.
        fit: the best contact fit (``None`` without an ICP).
        missing_roles: required roles no contact plays.
    """

    key: str
    name: str | None
    contacts: tuple[Contact, ...]
    engagement: float
    fit: Fit | None = None
    missing_roles: tuple[BuyingRole, ...] = ()


def _business(domain: str | None) -> str | None:
    return None if domain is None or is_free_email_domain(domain) else domain


# Public suffixes with a second level, under which a company registers its third level.
_SECOND_LEVEL = frozenset(
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk",
        "com.au", "net.au", "org.au", "co.nz", "org.nz", "co.za", "co.jp", "ne.jp",
        "com.br", "com.tr", "com.cn", "com.hk", "com.sg", "com.mx", "co.in", "co.il",
        "co.kr", "com.pl", "com.cy", "com.mt", "gv.at", "co.at", "or.at",
    }
)  # fmt: skip


def _registrable(domain: str) -> str:
    """The domain a company registers: the last two labels, three under ``co.uk`` and the like.

    >>> _registrable("sales.acme.nl"), _registrable("mail.acme.co.uk")
    ('acme.nl', 'acme.co.uk')
    """
    labels = domain.split(".")
    size = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-size:])


def account_key(lead: Lead) -> str | None:
    """The key that links a lead to its account, or ``None`` when nothing links it.

    Keys name their kind: ``id:`` for a CRM account id, ``domain:`` for a company or
    business e-mail domain. Free e-mail providers link nothing, also when they are
    given as the company's domain.

    >>> from leadqual import Company, Lead
    >>> account_key(Lead("L-1", email="jan@acme.nl"))
    'domain:acme.nl'
    >>> account_key(Lead("L-2", email="jan@gmail.com", company=Company(domain="gmail.com")))
    >>> account_key(Lead("L-3", company=Company(account_id="A-17", domain="acme.nl")))
    'id:A-17'
    """
    company = lead.company
    if company.account_id:
        return f"id:{company.account_id}"
    domain = _business(company.domain) or _business(lead.email_domain)
    return None if domain is None else f"domain:{domain}"


def group_accounts(leads: Iterable[Lead]) -> dict[str, tuple[Lead, ...]]:
    """Group leads into accounts, keys sorted; every lead lands in exactly one group.

    A domain seen on a lead that also has an account id joins that account, so
    contacts known only by e-mail domain meet their colleagues linked by CRM id. A
    subdomain joins its registrable domain's account when there is one.

    >>> from leadqual import Company, Lead
    >>> groups = group_accounts([
    ...     Lead("L-1", company=Company(account_id="A-17", domain="acme.nl")),
    ...     Lead("L-2", email="piet@acme.nl"),
    ...     Lead("L-3", email="kees@gmail.com"),
    ...     Lead("L-4", email="jan@sales.acme.nl"),
    ... ])
    >>> {key: [lead.id for lead in group] for key, group in groups.items()}
    {'id:A-17': ['L-1', 'L-2', 'L-4'], 'lead:L-3': ['L-3']}
    """
    items = list(leads)
    alias: dict[str, str] = {}
    # Sorted so that, when one domain meets two account ids, the choice is stable.
    for lead in sorted(items, key=lambda lead: lead.id):
        company = lead.company
        if company.account_id:
            for domain in (_business(company.domain), _business(lead.email_domain)):
                if domain is not None:
                    alias.setdefault(f"domain:{domain}", f"id:{company.account_id}")
    keys = {lead.id: account_key(lead) for lead in items}
    known = set(alias) | {key for key in keys.values() if key is not None}
    groups: dict[str, list[Lead]] = {}
    for lead in items:
        key = keys[lead.id]
        if key is None:
            key = f"lead:{lead.id}"
        elif key.startswith("domain:"):
            parent = "domain:" + _registrable(key.removeprefix("domain:"))
            key = parent if key not in alias and parent in known else key
            key = alias.get(key, key)
        groups.setdefault(key, []).append(lead)
    return {key: tuple(sorted(groups[key], key=lambda lead: lead.id)) for key in sorted(groups)}


def _finite(lead: Lead, value: float) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise LeadError.at(
            place=f"engagement[{lead.id!r}]", detail=f"expected a finite number, got {value!r}"
        )
    return number


def score_accounts(
    leads: Iterable[Lead],
    engagement: Callable[[Lead], float] | Mapping[str, float],
    *,
    icp: ICP | None = None,
    group: BuyingGroup | None = None,
) -> tuple[Account, ...]:
    """Score every account: aggregated engagement, best contact fit, missing roles.

    ``engagement`` gives each contact's engagement (a function of the lead, such as
    ``lambda lead: model.score(lead).engagement``, or a mapping by lead id; a lead
    missing from the mapping has engagement 0; NaN or infinite engagement is a
    ``LeadError``). Accounts come back best first (engagement, then key), so the
    result does not depend on input order.

    >>> from leadqual import Lead
    >>> leads = [Lead("L-1", email="ceo@acme.nl", job_title="CEO"),
    ...          Lead("L-2", email="an@acme.nl", job_title="Inkoper")]
    >>> [account] = score_accounts(leads, {"L-1": 10.0, "L-2": 40.0})
    >>> account.key, account.engagement   # 1.0 * 10 + 0.4 * 40
    ('domain:acme.nl', 26.0)
    """
    group = BuyingGroup() if group is None else group
    engaged: Callable[[Lead], float]
    if isinstance(engagement, Mapping):
        by_id = engagement

        def engaged(lead: Lead) -> float:
            return by_id.get(lead.id, 0.0)

    else:
        engaged = engagement
    accounts: list[Account] = []
    for key, members in group_accounts(leads).items():
        contacts = tuple(
            Contact(
                lead.id,
                group.role_of(lead),
                _finite(lead, engaged(lead)),
                None if icp is None else icp.fit(lead),
            )
            for lead in members
        )
        fits = [contact.fit for contact in contacts if contact.fit is not None]
        best = max(fits, key=_fit_rank) if fits else None
        present = {contact.role for contact in contacts}
        missing = tuple(role for role in group.required_roles if role not in present)
        name = next((lead.company.name for lead in members if lead.company.name), None)
        accounts.append(Account(key, name, contacts, group.aggregate(contacts), best, missing))
    return tuple(sorted(accounts, key=lambda account: (-account.engagement, account.key)))


def _fit_rank(fit: Fit) -> tuple[bool, float, float]:
    return (not fit.knocked_out, -1.0 if fit.score is None else fit.score, fit.coverage)
