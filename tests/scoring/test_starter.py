"""The starter model: the article's points table and the foundation acceptance cases."""

from __future__ import annotations

from leadqual import Lead, starter_model
from leadqual._freemail import free_email_domains
from leadqual.stage import Stage

AS_OF = "2026-11-26T12:00:00+01:00"


class TestStarterModel:
    """starter_model()."""

    def test_one_demo_request(self) -> None:
        """One demo request scores 25 with one ledger entry of 25."""
        lead = Lead.from_mapping(
            {"id": "L-1", "events": [{"type": "demo_requested", "at": "2026-11-21T14:02:00+01:00"}]}
        )
        score = starter_model().score(lead, as_of=AS_OF)
        assert score.points == 25
        assert [(e.rule, e.points) for e in score.ledger] == [("demo_requested", 25)]

    def test_student_on_gmail(self) -> None:
        """A student with a gmail address and nothing else scores -30."""
        score = starter_model().score(Lead("L-2", email="kim@gmail.com", job_title="Student"))
        assert score.points == -30
        assert [e.points for e in score.ledger] == [-20, -10]
        assert score.stage is Stage.NEW

    def test_engaged_manager_beats_idle_ceo(self) -> None:
        """Pricing + case study + demo ranks above a CEO who saw the home page."""
        at = "2026-11-20T10:00:00+01:00"
        manager = Lead.from_mapping(
            {
                "id": "manager",
                "job_title": "Marketing Manager",
                "events": [
                    {
                        "type": "page_view",
                        "at": at,
                        "properties": {"url": "https://acme.nl/pricing"},
                    },
                    {
                        "type": "content_download",
                        "at": at,
                        "properties": {"content_type": "case_study"},
                    },
                    {"type": "demo_requested", "at": at},
                ],
            }
        )
        ceo = Lead.from_mapping(
            {
                "id": "ceo",
                "job_title": "CEO",
                "events": [{"type": "page_view", "at": at, "properties": {"url": "/"}}],
            }
        )
        model = starter_model()
        assert model.score(manager, AS_OF).points == 50
        assert model.score(ceo, AS_OF).points == 0
        assert model.score(manager, AS_OF).stage is Stage.MQL

    def test_points_table(self) -> None:
        """The rules carry the article's points."""
        table = {rule.name: getattr(rule, "points", None) for rule in starter_model().rules}
        assert table == {
            "demo_requested": 25,
            "pricing_page": 15,
            "case_study_download": 10,
            "webinar_registered": 5,
            "blog_article": 2,
            "student": -20,
            "free_email": -10,
        }

    def test_dutch_free_providers(self) -> None:
        """The free e-mail list includes the Dutch providers."""
        assert {
            "ziggo.nl",
            "kpnmail.nl",
            "planet.nl",
            "home.nl",
            "hetnet.nl",
        } <= free_email_domains()
