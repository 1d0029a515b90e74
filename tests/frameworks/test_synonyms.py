"""Answers in the words people and CRM picklists use, in English and Dutch, for every framework."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pytest

import leadqual.frameworks as fw
from leadqual import AnswerError, Lead
from leadqual.cli import main
from leadqual.frameworks import BANT, Criterion, Framework, Option, Status, Text
from leadqual.frameworks._synonyms import SYNONYMS, loose

if TYPE_CHECKING:
    from pathlib import Path

FRAMEWORKS = [getattr(fw, name) for name in fw.__all__ if isinstance(getattr(fw, name), Framework)]


def _cases() -> list[tuple[Framework, str, str, str]]:
    return [
        (framework, criterion.key, option.key, word)
        for framework in FRAMEWORKS
        for criterion in framework.criteria
        for option in criterion.options
        for word in SYNONYMS.get(criterion.key, {}).get(option.key, ())
    ]


class TestSynonymTable:
    """The table itself: every entry reaches its option in every framework that has it."""

    def test_every_framework_is_covered(self) -> None:
        """All eight built-in frameworks have synonyms for at least one criterion."""
        covered = {framework.name for framework, *_ in _cases()}
        assert covered == {framework.name for framework in FRAMEWORKS}
        assert len(FRAMEWORKS) == 8

    def test_every_synonym_reaches_its_option(self) -> None:
        """No synonym is shadowed by another option's name, a yes/no or an unknown word."""
        wrong = [
            (framework.name, key, option, word, got)
            for framework, key, option, word in _cases()
            if (got := framework.assess({key: word}).result(key).answer) != option
        ]
        assert wrong == []

    def test_no_entry_is_dead(self) -> None:
        """Every criterion/option pair of the table exists in some built-in framework."""
        used = {(key, option) for _, key, option, _ in _cases()}
        listed = {(key, option) for key, table in SYNONYMS.items() for option in table}
        assert listed - used == set()


class TestDutchAndEnglishAnswers:
    """The answers the issue names, read as a user means them."""

    @pytest.mark.parametrize(
        ("key", "answer", "option"),
        [
            ("timeline", "binnen 3 maanden", "within_3_months"),
            ("timeline", "Binnen 3 maanden", "within_3_months"),
            ("timeline", "deze maand", "within_1_month"),
            ("timeline", "ASAP", "within_1_month"),
            ("timeline", "z.s.m.", "within_1_month"),
            ("timeline", "1 - 3 months", "within_3_months"),
            ("timeline", "dit kwartaal", "within_3_months"),
            ("timeline", "Volgend kwartaal", "within_6_months"),
            ("timeline", "Oriënterend", "next_year"),
            ("budget", "goedgekeurd", "approved"),
            ("budget", "Approved", "approved"),
            ("budget", "begroot", "allocated"),
            ("authority", "beslisser", "decision_maker"),
            ("authority", "Decision Maker", "decision_maker"),
            ("authority", "Beinvloeder", "influencer"),
            ("authority", "eindgebruiker", "user"),
            ("need", "Dringend", "urgent"),
        ],
    )
    def test_bant(self, key: str, answer: str, option: str) -> None:
        """Labels, synonyms, case, accents and punctuation do not matter."""
        assert BANT.assess({key: answer}).result(key).answer == option

    @pytest.mark.parametrize("answer", ["ja", "yes", "Ja", "YES"])
    def test_budget_yes(self, answer: str) -> None:
        """A checkbox yes is a met budget."""
        assert BANT.assess({"budget": answer}).result("budget").status is Status.MET

    @pytest.mark.parametrize("answer", ["weet niet", "Onbekend", "don't know", "TBD"])
    def test_unknown_words(self, answer: str) -> None:
        """Not known yet, in either language, is unknown rather than an error."""
        assert BANT.assess({"timeline": answer}).result("timeline").status is Status.UNKNOWN

    def test_quarter_is_refused_with_the_choices(self) -> None:
        """A bare quarter depends on today's date, so it is refused, with what is allowed."""
        with pytest.raises(AnswerError, match=r"timeline: unknown answer 'Q1'; expected one of"):
            BANT.assess({"timeline": "Q1"})

    def test_own_framework_reusing_a_builtin_key(self) -> None:
        """A framework of your own that reuses ``timeline``/``within_3_months`` gets them too."""
        mine = Framework(
            "T",
            Text("Timing"),
            (
                Criterion(
                    "timeline",
                    Text("Timeline", "Tijdpad"),
                    options=(Option("within_3_months", 1.0), Option("later", 0.2)),
                ),
            ),
        )
        assert mine.assess({"timeline": "dit kwartaal"}).result("timeline").answer == (
            "within_3_months"
        )
        # The option's own name wins over the table's "later" for next_year.
        assert mine.assess({"timeline": "later"}).result("timeline").answer == "later"

    def test_loose_form(self) -> None:
        """Case, accents, spaces, dashes and dots fold away."""
        assert loose("Binnen 3 Maanden") == loose("binnen-3-maanden") == "binnen_3_maanden"


class TestUnknownAnswerInABatch:
    """An unknown answer names the lead and rejects only its row."""

    @staticmethod
    def leads(tmp_path: Path) -> Path:
        """Three leads; HS-77 answers 'misschien'."""
        path = tmp_path / "leads.jsonl"
        rows = [
            {"id": "HS-76", "answers": {"timeline": "Binnen 3 maanden", "budget": "ja"}},
            {"id": "HS-77", "answers": {"timeline": "misschien"}},
            {"id": "HS-78", "answers": {"timeline": "asap", "authority": "beslisser"}},
        ]
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        return path

    EXPECTED = "line 2: HS-77: answers.timeline: unknown answer 'misschien'; expected one of"

    def test_assess_lead_names_the_answers(self) -> None:
        """``assess_lead`` places the error under ``answers.``."""
        with pytest.raises(AnswerError) as caught:
            BANT.assess_lead(Lead("HS-77", answers={"timeline": "misschien"}))
        assert caught.value.place == "answers.timeline"

    def test_qualify(self, tmp_path: Path) -> None:
        """``qualify`` prints the two good leads, rejects HS-77 with its line, exits 1."""
        rejects = tmp_path / "rejects.jsonl"
        out, err = io.StringIO(), io.StringIO()
        code = main(
            [
                "qualify",
                str(self.leads(tmp_path)),
                "--format",
                "json",
                "--rejects",
                str(rejects),
            ],
            stdout=out,
            stderr=err,
        )
        assert code == 1
        assert [json.loads(row)["id"] for row in out.getvalue().splitlines()] == ["HS-76", "HS-78"]
        assert "2 qualified, 1 rejected" in err.getvalue()
        assert self.EXPECTED in err.getvalue()
        (reject,) = [json.loads(line) for line in rejects.read_text().splitlines()]
        assert reject["line"] == 2
        assert reject["reason"].startswith("HS-77: answers.timeline: unknown answer 'misschien'")
        assert json.loads(reject["raw"])["id"] == "HS-77"

    def test_ingest(self, tmp_path: Path) -> None:
        """``ingest`` stores the two good leads and rejects HS-77 alone."""
        db = tmp_path / "leads.db"
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["ingest", str(self.leads(tmp_path)), "--db", str(db), "--format", "json"],
            stdout=out,
            stderr=err,
        )
        assert code == 1
        report = json.loads(out.getvalue())
        assert (report["leads"], report["created"], report["rejected"]) == (2, 2, 1)
        assert self.EXPECTED in err.getvalue()
        listed = io.StringIO()
        assert main(["leads", "--db", str(db), "--format", "json"], stdout=listed) == 0
        stored = sorted(json.loads(row)["id"] for row in listed.getvalue().splitlines())
        assert stored == ["HS-76", "HS-78"]

    def test_crm_export_picklist(self, tmp_path: Path) -> None:
        """A CRM export's Dutch picklist values through ``--mapping`` qualify; a bad one rejects."""
        mapping = tmp_path / "mapping.toml"
        mapping.write_text(
            '[columns]\n"Record ID" = { to = "id" }\n"Tijdpad" = { to = "answers.timeline" }\n'
            '"Budget" = { to = "answers.budget" }\n',
            encoding="utf-8",
        )
        export = tmp_path / "export.csv"
        export.write_text(
            "Record ID;Tijdpad;Budget\nHS-1;Deze maand;Goedgekeurd\nHS-77;misschien;ja\n",
            encoding="utf-8",
        )
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["qualify", str(export), "--mapping", str(mapping), "--format", "json"],
            stdout=out,
            stderr=err,
        )
        assert code == 1, err.getvalue()
        assert [json.loads(row)["id"] for row in out.getvalue().splitlines()] == ["HS-1"]
        assert "line 3: HS-77: answers.timeline: unknown answer 'misschien'" in err.getvalue()
