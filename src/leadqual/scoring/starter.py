"""The article's starter points table as a ready-made model.

| action or attribute                 | points |
|-------------------------------------|--------|
| demo requested                      | +25    |
| pricing page visited (``/pricing*``)| +15    |
| case study downloaded               | +10    |
| webinar registration                | +5     |
| blog article read (``/blog/*``)     | +2     |
| job title contains "student"        | −20    |
| e-mail address at a free provider   | −10    |

Every occurrence counts, there is no decay, and a lead becomes an SQL at 100 points
(an MQL from 40: interest shown, not yet intent).
"""

from __future__ import annotations

from leadqual.scoring._conditions import Contains, Equals, FreeEmail, Glob
from leadqual.scoring._model import EventMatch, Rule, ScoringModel, Thresholds

__all__ = ["starter_model"]


def starter_model() -> ScoringModel:
    """The article's points table (also what ``leadqual init`` writes).

    >>> model = starter_model()
    >>> [(rule.name, rule.points) for rule in model.rules][:3]
    [('demo_requested', 25), ('pricing_page', 15), ('case_study_download', 10)]
    >>> model.thresholds.sql
    100
    """
    return ScoringModel(
        name="starter",
        description="The starter points table from the article: behaviour plus two penalties.",
        rules=(
            Rule(
                "demo_requested",
                25,
                event=EventMatch("demo_requested"),
                labels={"en": "demo requested", "nl": "demo aangevraagd"},
            ),
            Rule(
                "pricing_page",
                15,
                event=EventMatch("page_view", Glob("url", "/pricing*")),
                labels={"en": "pricing page visited", "nl": "prijspagina bezocht"},
            ),
            Rule(
                "case_study_download",
                10,
                event=EventMatch("content_download", Equals("content_type", "case_study")),
                labels={"en": "case study downloaded", "nl": "klantcase gedownload"},
            ),
            Rule(
                "webinar_registered",
                5,
                event=EventMatch("webinar_registered"),
                labels={"en": "registered for a webinar", "nl": "ingeschreven voor een webinar"},
            ),
            Rule(
                "blog_article",
                2,
                event=EventMatch("page_view", Glob("url", "/blog/*")),
                labels={"en": "blog article read", "nl": "blogartikel gelezen"},
            ),
            Rule(
                "student",
                -20,
                when=Contains("job_title", "student"),
                labels={"en": "job title contains 'student'", "nl": "functietitel bevat 'student'"},
            ),
            Rule(
                "free_email",
                -10,
                when=FreeEmail(),
                labels={
                    "en": "e-mail address at a free provider",
                    "nl": "e-mailadres bij gratis provider",
                },
            ),
        ),
        thresholds=Thresholds(sql=100, mql=40),
    )
