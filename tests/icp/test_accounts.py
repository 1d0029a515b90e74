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
        assert account_key(LEADS[0]) == "id:A-1"
        assert account_key(LEADS[1]) == "domain:acme.nl"
        assert account_key(lq.Lead("x", email="a@b.nl", company=lq.Company(domain="c.nl"))) == (
            "domain:c.nl"
        )
        assert account_key(LEADS[3]) is None

    def test_free_mail_company_domain_links_nothing(self) -> None:
        """A free provider as company domain is no company: it falls back to the e-mail."""
        assert account_key(lq.Lead("x", company=lq.Company(domain="gmail.com"))) is None
        lead = lq.Lead("y", email="an@acme.nl", company=lq.Company(domain="hotmail.nl"))
        assert account_key(lead) == "domain:acme.nl"


class TestGroupAccounts:
    """``group_accounts`` never drops a lead."""

    def test_groups(self) -> None:
        """Domains seen with an account id join it; unlinked leads stand alone."""
        groups = group_accounts(LEADS)
        assert {key: [lead.id for lead in group] for key, group in groups.items()} == {
            "id:A-1": ["L-1", "L-2"],
            "domain:beta.be": ["L-3", "L-5"],
            "lead:L-4": ["L-4"],
        }

    def test_free_mail_company_domains_do_not_merge_strangers(self) -> None:
        """Two people whose CRM company domain is gmail.com are two accounts."""
        leads = [
            lq.Lead("1", company=lq.Company(domain="gmail.com")),
            lq.Lead("2", company=lq.Company(domain="gmail.com")),
            lq.Lead(
                "3", email="c@gmail.com", company=lq.Company(account_id="A", domain="gmail.com")
            ),
        ]
        assert list(group_accounts(leads)) == ["id:A", "lead:1", "lead:2"]

    def test_an_account_id_cannot_collide_with_another_kind(self) -> None:
        """An account id that looks like a lead key or a domain stays its own account."""
        leads = [
            lq.Lead("1", company=lq.Company(account_id="lead:2")),
            lq.Lead("2"),
            lq.Lead("3", company=lq.Company(account_id="acme.nl")),
            lq.Lead("4", email="an@acme.nl"),
        ]
        groups = {key: [lead.id for lead in group] for key, group in group_accounts(leads).items()}
        assert groups == {
            "domain:acme.nl": ["4"],
            "id:acme.nl": ["3"],
            "id:lead:2": ["1"],
            "lead:2": ["2"],
        }

    def test_subdomain_joins_its_registrable_domain(self) -> None:
        """jan@sales.acme.nl joins acme.nl, and mail.acme.co.uk joins acme.co.uk, if present."""
        leads = [
            lq.Lead("1", email="an@acme.nl"),
            lq.Lead("2", email="jan@sales.acme.nl"),
            lq.Lead("3", email="kim@acme.co.uk"),
            lq.Lead("4", email="bo@mail.acme.co.uk"),
            lq.Lead("5", email="alone@eu.beta.nl"),
        ]
        groups = {key: [lead.id for lead in group] for key, group in group_accounts(leads).items()}
        assert groups == {
            "domain:acme.co.uk": ["3", "4"],
            "domain:acme.nl": ["1", "2"],
            "domain:eu.beta.nl": ["5"],
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

    @pytest.mark.parametrize(
        ("named", "role"),
        [
            ("gatekeeper", BuyingRole.GATEKEEPER),
            ("Decision maker", BuyingRole.DECISION_MAKER),
            ("beslisser", BuyingRole.DECISION_MAKER),
            ("DECISION-MAKER", BuyingRole.DECISION_MAKER),
            ("", BuyingRole.DECISION_MAKER),
            (None, BuyingRole.DECISION_MAKER),
        ],
    )
    def test_explicit_role_wins(self, named: str | None, role: BuyingRole) -> None:
        """``attributes['buying_role']`` (value or label) overrides the title; blank is unset."""
        lead = lq.Lead("L", job_title="CEO", attributes={"buying_role": named})
        assert BuyingGroup().role_of(lead) is role

    @pytest.mark.parametrize("named", ["boss", 3])
    def test_unknown_role_is_an_error(self, named: str | int) -> None:
        """An unknown role names the attribute and the allowed roles; no silent fallback."""
        lead = lq.Lead("L", job_title="CEO", attributes={"buying_role": named})
        with pytest.raises(lq.LeadError, match="decision_maker") as caught:
            BuyingGroup().role_of(lead)
        assert caught.value.place == "attributes.buying_role"
        assert repr(named) in str(caught.value)

    def test_partial_weights_keep_defaults(self) -> None:
        """Overriding one role's weight keeps the others' defaults."""
        group = BuyingGroup(role_weights={"user": 0.1})
        assert group.role_weights[BuyingRole.USER] == 0.1
        assert group.role_weights[BuyingRole.DECISION_MAKER] == 1.0

    def test_invalid(self) -> None:
        """Unknown roles, negative weights and unknown aggregations are refused."""
        with pytest.raises(ValueError, match="expected roles among"):
            BuyingGroup(role_weights={"boss": 1.0})
        with pytest.raises(ValueError, match="expected a number of at least 0"):
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
        assert by_key["id:A-1"].engagement == pytest.approx(acme)

    def test_best_first_and_missing_roles(self) -> None:
        """Accounts go by engagement, then key; a group lacking a decision maker says so."""
        accounts = score_accounts(LEADS, ENGAGEMENT, group=BuyingGroup(aggregation="sum"))
        # beta.be and A-1 both have 50: the key breaks the tie
        assert [account.key for account in accounts] == ["domain:beta.be", "id:A-1", "lead:L-4"]
        beta = accounts[0]
        assert beta.missing_roles == (BuyingRole.DECISION_MAKER,)
        assert accounts[1].missing_roles == ()

    def test_engagement_function_and_fit(self) -> None:
        """A function gives engagement; the account's fit is its best contact's."""
        icp = ICP(criteria=(SeniorityCriterion(levels=("c_level",)), CompanySize(min_employees=1)))
        accounts = score_accounts(LEADS, lambda lead: len(lead.id), icp=icp)
        acme = next(account for account in accounts if account.key == "id:A-1")
        assert acme.fit is not None
        assert acme.fit.score == 100.0
        assert acme.contacts[0].role is BuyingRole.DECISION_MAKER

    @pytest.mark.parametrize("bad", [float("nan"), float("inf")])
    def test_non_finite_engagement_is_an_error(self, bad: float) -> None:
        """NaN would poison the account total and its ordering: it is a LeadError."""
        with pytest.raises(lq.LeadError, match="expected a finite number") as caught:
            score_accounts(LEADS, {"L-2": bad})
        assert caught.value.place == "engagement['L-2']"

    def test_missing_engagement_is_zero(self) -> None:
        """Leads absent from an engagement mapping count 0."""
        accounts = score_accounts(LEADS, {})
        assert all(account.engagement == 0 for account in accounts)
