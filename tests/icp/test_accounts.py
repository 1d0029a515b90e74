"""Account-level scores: grouping contacts, buying roles, aggregation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadqual as lq
from leadqual.icp import (
    ICP,
    Aggregation,
    BuyingGroup,
    BuyingRole,
    CompanySize,
    SeniorityCriterion,
    account_key,
    group_accounts,
    score_accounts,
)

LEADS = [
    lq.Lead("L-1", job_title="CEO", company=lq.Company(account_id="A-1", domain="acme.nl")),
    lq.Lead("L-2", email="piet@acme.nl", job_title="Inkoper"),
    lq.Lead("L-3", email="an@beta.be", job_title="Hoofd ICT"),
    lq.Lead("L-4", email="kees@gmail.com", job_title="Student"),
    lq.Lead("L-5", company=lq.Company(domain="beta.be"), attributes={"buying_role": "champion"}),
]
ENGAGEMENT = {"L-1": 10.0, "L-2": 40.0, "L-3": 20.0, "L-4": 50.0, "L-5": 30.0}


class TestAccountKey:
    """``account_key``: account id, company domain, business e-mail domain."""

    def test_precedence(self) -> None:
        """Account id beats domain beats e-mail domain; free providers link nothing."""
        assert account_key(LEADS[0]) == "A-1"
        assert account_key(LEADS[1]) == "acme.nl"
        assert account_key(lq.Lead("x", email="a@b.nl", company=lq.Company(domain="c.nl"))) == (
            "c.nl"
        )
        assert account_key(LEADS[3]) is None


class TestGroupAccounts:
    """``group_accounts`` never drops a lead."""

    def test_groups(self) -> None:
        """Domains seen with an account id join it; unlinked leads stand alone."""
        groups = group_accounts(LEADS)
        assert {key: [lead.id for lead in group] for key, group in groups.items()} == {
            "A-1": ["L-1", "L-2"],
            "beta.be": ["L-3", "L-5"],
            "lead:L-4": ["L-4"],
        }

    @given(st.permutations(LEADS))
    def test_order_does_not_matter(self, leads: list[lq.Lead]) -> None:
        """Any input order gives the same groups, and every lead appears once."""
        groups = group_accounts(leads)
        assert groups == group_accounts(LEADS)
        assert sorted(lead.id for group in groups.values() for lead in group) == [
            lead.id for lead in LEADS
        ]


class TestBuyingGroup:
    """Roles and aggregation."""

    @pytest.mark.parametrize(
        ("title", "role"),
        [
            ("Eigenaar", BuyingRole.DECISION_MAKER),
            ("VP Sales", BuyingRole.DECISION_MAKER),
            ("Hoofd Inkoop", BuyingRole.INFLUENCER),
            ("Inkoper", BuyingRole.USER),
            ("Stagiair", BuyingRole.OTHER),
            (None, BuyingRole.OTHER),
        ],
    )
    def test_role_from_title(self, title: str | None, role: BuyingRole) -> None:
        """Without an explicit role, the title decides."""
        assert BuyingGroup().role_of(lq.Lead("L", job_title=title)) is role

    def test_explicit_role_wins(self) -> None:
        """``attributes['buying_role']`` overrides the title; nonsense is ignored."""
        group = BuyingGroup()
        lead = lq.Lead("L", job_title="CEO", attributes={"buying_role": "gatekeeper"})
        assert group.role_of(lead) is BuyingRole.GATEKEEPER
        odd = lq.Lead("L", job_title="CEO", attributes={"buying_role": "boss"})
        assert group.role_of(odd) is BuyingRole.DECISION_MAKER

    def test_partial_weights_keep_defaults(self) -> None:
        """Overriding one role's weight keeps the others' defaults."""
        group = BuyingGroup(role_weights={"user": 0.1})
        assert group.role_weights[BuyingRole.USER] == 0.1
        assert group.role_weights[BuyingRole.DECISION_MAKER] == 1.0

    def test_invalid(self) -> None:
        """Unknown roles, negative weights and unknown aggregations are refused."""
        with pytest.raises(ValueError, match="expected roles among"):
            BuyingGroup(role_weights={"boss": 1.0})
        with pytest.raises(ValueError, match="expected a number >= 0"):
            BuyingGroup(role_weights={"user": -1.0})
        with pytest.raises(ValueError, match="average"):
            BuyingGroup(aggregation="average")

    def test_round_trip(self) -> None:
        """A buying group survives unstructure/structure unchanged."""
        group = BuyingGroup(role_weights={"user": 0.5}, aggregation=Aggregation.SUM)
        assert lq.structure(lq.unstructure(group), BuyingGroup) == group


class TestScoreAccounts:
    """``score_accounts``: engagement per account, best fit, missing roles."""

    @pytest.mark.parametrize(
        ("aggregation", "acme"),
        [("sum", 50.0), ("max", 40.0), ("role_weighted", 1.0 * 10 + 0.4 * 40)],
    )
    def test_aggregation(self, aggregation: str, acme: float) -> None:
        """Sum, max and role-weighted aggregation of contact engagement."""
        accounts = score_accounts(LEADS, ENGAGEMENT, group=BuyingGroup(aggregation=aggregation))
        by_key = {account.key: account for account in accounts}
        assert by_key["A-1"].engagement == pytest.approx(acme)

    def test_best_first_and_missing_roles(self) -> None:
        """Accounts are ordered by engagement; a group without a decision maker says so."""
        accounts = score_accounts(LEADS, ENGAGEMENT, group=BuyingGroup(aggregation="sum"))
        assert [account.key for account in accounts] == ["A-1", "beta.be", "lead:L-4"]
        beta = accounts[1]
        assert beta.missing_roles == (BuyingRole.DECISION_MAKER,)
        assert accounts[0].missing_roles == ()

    def test_engagement_function_and_fit(self) -> None:
        """A function gives engagement; the account's fit is its best contact's."""
        icp = ICP(criteria=(SeniorityCriterion(levels=("c_level",)), CompanySize(min_employees=1)))
        accounts = score_accounts(LEADS, lambda lead: len(lead.id), icp=icp)
        acme = next(account for account in accounts if account.key == "A-1")
        assert acme.fit is not None
        assert acme.fit.score == 100.0
        assert acme.contacts[0].role is BuyingRole.DECISION_MAKER

    def test_missing_engagement_is_zero(self) -> None:
        """Leads absent from an engagement mapping count 0."""
        accounts = score_accounts(LEADS, {})
        assert all(account.engagement == 0 for account in accounts)
