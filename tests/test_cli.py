"""The command line, run in-process through ``leadqual.cli.main``."""

from __future__ import annotations

import csv
import io
import json
import runpy
import sys
from pathlib import Path
from typing import Any

import pytest

import leadqual as lq
from leadqual.cli import EXIT_ERROR, EXIT_OK, EXIT_REJECTED, main, safe_cell

AT = "2026-11-20T09:12:00+01:00"


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI; return the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write_jsonl(path: Path, rows: list[str]) -> Path:
    """Write rows as a JSON-lines file."""
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def lead_json(lead_id: str, **fields: object) -> str:
    """One lead as a JSON line."""
    return json.dumps({"id": lead_id, **fields})


DEMO_ONLY = lead_json("demo", events=[{"type": "demo_requested", "at": AT}])
STUDENT = lead_json("student", job_title="Student", email="kim@gmail.com")
MANAGER = lead_json(
    "manager",
    job_title="Operations Manager",
    company={"name": "Van den Berg Metaal", "employees": 180, "industry": "manufacturing"},
    events=[
        {"type": "page_view", "at": AT, "properties": {"url": "/pricing"}},
        {"type": "content_download", "at": AT, "properties": {"content_type": "case_study"}},
        {"type": "demo_requested", "at": AT},
    ],
)
CEO = lead_json(
    "ceo",
    job_title="CEO",
    company={"name": "Nordlicht Software", "employees": 2500, "industry": "software"},
    events=[{"type": "page_view", "at": AT, "properties": {"url": "/"}}],
)


class TestScore:
    """``leadqual score``."""

    def test_json_acceptance_cases(self, tmp_path: Path) -> None:
        """One demo request is 25 with one ledger entry; Student at gmail is −30."""
        leads = write_jsonl(tmp_path / "leads.jsonl", [DEMO_ONLY, STUDENT])
        code, out, _ = run("score", str(leads), "--format", "json")
        assert code == EXIT_OK
        rows = [json.loads(line) for line in out.splitlines()]
        assert [row["id"] for row in rows] == ["demo", "student"]
        assert rows[0]["points"] == 25
        assert [entry["points"] for entry in rows[0]["ledger"]] == [25]
        assert rows[1]["points"] == -30
        for row in rows:
            assert {"id", "points", "fit", "engagement", "stage"} <= row.keys()

    def test_manager_outranks_ceo(self, tmp_path: Path) -> None:
        """The engaged manager ranks above the CEO who only saw the home page."""
        leads = write_jsonl(tmp_path / "leads.jsonl", [CEO, MANAGER])
        _, out, _ = run("score", str(leads), "--format", "json")
        points = {row["id"]: row["points"] for row in map(json.loads, out.splitlines())}
        assert points["manager"] > points["ceo"]

    def test_bad_rows_reported_good_rows_scored(self, tmp_path: Path) -> None:
        """Malformed rows are rejected with line numbers; the others are all scored."""
        rows = [
            DEMO_ONLY,
            "{not json",
            lead_json("naive", events=[{"type": "demo_requested", "at": "2026-11-20T09:12"}]),
            lead_json("types", company={"employees": "many"}),
            json.dumps({"email": "no-id@x.nl"}),
            STUDENT,
        ]
        leads = write_jsonl(tmp_path / "leads.jsonl", rows)
        rejects = tmp_path / "rejects.jsonl"
        code, out, err = run("score", str(leads), "--format", "json", "--rejects", str(rejects))
        assert code == EXIT_REJECTED
        assert [json.loads(line)["id"] for line in out.splitlines()] == ["demo", "student"]
        reported = [json.loads(line) for line in rejects.read_text().splitlines()]
        assert [item["line"] for item in reported] == [2, 3, 4, 5]
        assert "events[0].at" in reported[1]["reason"]
        assert "company.employees" in reported[2]["reason"]
        assert "id" in reported[3]["reason"]
        assert "4 rejected" in err
        assert "line 3:" in err

    def test_timezone_option_accepts_naive_timestamps(self, tmp_path: Path) -> None:
        """``--timezone`` supplies the zone for timestamps without an offset."""
        naive = lead_json("naive", events=[{"type": "demo_requested", "at": "2026-11-20T09:12"}])
        leads = write_jsonl(tmp_path / "leads.jsonl", [naive])
        code, out, _ = run(
            "score", str(leads), "--format", "json", "--timezone", "Europe/Amsterdam"
        )
        assert code == EXIT_OK
        assert json.loads(out)["points"] == 25

    def test_as_of_ignores_later_events(self, tmp_path: Path) -> None:
        """Events after ``--as-of`` do not count."""
        leads = write_jsonl(tmp_path / "leads.jsonl", [DEMO_ONLY])
        _, out, _ = run(
            "score", str(leads), "--format", "json", "--as-of", "2026-11-19T00:00:00+01:00"
        )
        assert json.loads(out)["points"] == 0

    def test_csv_output_is_formula_safe(self, tmp_path: Path) -> None:
        """CSV cells that a spreadsheet would run are neutralised; numbers stay numbers."""
        evil = lead_json('=HYPERLINK("http://x")', job_title="Student", email="a@gmail.com")
        leads = write_jsonl(tmp_path / "leads.jsonl", [evil])
        code, out, _ = run("score", str(leads), "--format", "csv")
        assert code == EXIT_OK
        header, row = list(csv.reader(io.StringIO(out)))
        record = dict(zip(header, row, strict=True))
        assert record["id"].startswith("'=")
        assert record["points"] == "-30"
        assert record["reasons"].startswith("'-20")

    def test_csv_cell_with_a_bare_carriage_return_is_quoted(self, tmp_path: Path) -> None:
        """A cell with a bare CR before ``=1+1`` stays one cell: no new row starts ``=1+1``."""
        evil = lead_json("L-1", company={"name": "Acme\r=1+1"})
        leads = write_jsonl(tmp_path / "leads.jsonl", [evil])
        code, out, _ = run("score", str(leads), "--format", "csv")
        assert code == EXIT_OK
        assert '"Acme\r=1+1"' in out
        header, row = list(csv.reader(io.StringIO(out, newline="")))
        assert dict(zip(header, row, strict=True))["company"] == "Acme\r=1+1"

    def test_table_output_and_model_file(self, tmp_path: Path) -> None:
        """A model written by ``init`` scores like the starter model."""
        model = tmp_path / "model.toml"
        assert run("init", str(model))[0] == EXIT_OK
        leads = write_jsonl(tmp_path / "leads.jsonl", [MANAGER])
        code, out, _ = run("score", str(leads), "--model", str(model))
        assert code == EXIT_OK
        assert "manager" in out
        assert "50" in out

    def test_invalid_model_is_an_error(self, tmp_path: Path) -> None:
        """A broken model file exits with 2 and names the place."""
        model = tmp_path / "model.toml"
        model.write_text('[[rules]]\nname = "x"\npoints = "ten"\nevent = { type = "a" }\n')
        leads = write_jsonl(tmp_path / "leads.jsonl", [DEMO_ONLY])
        code, _, err = run("score", str(leads), "--model", str(model))
        assert code == EXIT_ERROR
        assert "rules[0].points" in err

    def test_missing_file_is_an_error(self, tmp_path: Path) -> None:
        """A leads file that does not exist exits with 2."""
        code, _, err = run("score", str(tmp_path / "nope.jsonl"))
        assert code == EXIT_ERROR
        assert "nope.jsonl" in err

    def test_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` reads JSON lines from standard input."""
        stdin = io.TextIOWrapper(io.BytesIO((DEMO_ONLY + "\n").encode()), encoding="utf-8")
        monkeypatch.setattr("sys.stdin", stdin)
        code, out, _ = run("score", "-", "--format", "json")
        assert code == EXIT_OK
        assert json.loads(out)["points"] == 25


class TestDemo:
    """``leadqual demo``."""

    def test_ranks_and_funnel(self) -> None:
        """The demo ranks the sample and prints funnel counts, in English and Dutch."""
        code, out, _ = run("demo")
        assert code == EXIT_OK
        lines = out.splitlines()
        assert lines[0].startswith("leadqual demo: 40 sample leads")
        ranked = [line.split()[1] for line in lines if line[:1].isdigit()]
        assert ranked.index("L-1042") < ranked.index("L-1001")
        assert "Stages now (40 leads, a snapshot, not a conversion rate)" in out
        assert "MQL→SQL conversion (cohort)" in out
        assert "Conversie MQL→SQL (cohort)" in run("--lang", "nl", "demo")[1]

    def test_shows_the_product(self) -> None:
        """The top leads come with a grade, a verdict, a next step and an opening line."""
        out = run("demo")[1]
        assert "grade A, verdict: call now" in out
        assert "next step: Notify the owner now" in out
        assert "opening line: “Good " in out
        assert "synthetic lead histories" in out

    def test_deterministic(self) -> None:
        """Two runs print the same bytes."""
        assert run("demo") == run("demo")


class TestInit:
    """``leadqual init``."""

    def test_writes_loadable_starter(self, tmp_path: Path) -> None:
        """The file loads back to a model equal to ``starter_model()``."""
        path = tmp_path / "m.toml"
        assert run("init", str(path))[0] == EXIT_OK
        assert lq.load_model(path) == lq.starter_model()

    def test_refuses_to_overwrite(self, tmp_path: Path) -> None:
        """An existing file is kept unless ``--force`` is given."""
        path = tmp_path / "m.toml"
        path.write_text("keep")
        assert run("init", str(path))[0] == EXIT_ERROR
        assert path.read_text() == "keep"
        assert run("init", str(path), "--force")[0] == EXIT_OK


class TestSafeCell:
    """``safe_cell``."""

    @pytest.mark.parametrize(
        "text",
        [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "\nx",
            "\x00=1",
            "\ufeff=1+1",
            "\xa0=1+1",
            "  =1+1",
            "\u200b@SUM(A1)",
            "\u3000-1",
            "\uff1d1+1",
        ],
    )
    def test_neutralises(self, text: str) -> None:
        """Formula starters, also after whitespace or invisible characters, get an apostrophe."""
        assert safe_cell(text) == "'" + text

    @pytest.mark.parametrize("text", [" Acme", "\xa0Acme", "Acme\r=1+1", "a-b", ""])
    def test_leaves_harmless_text(self, text: str) -> None:
        """Leading whitespace before ordinary text and formula signs inside text stay as is."""
        assert safe_cell(text) == text

    def test_leaves_numbers_and_plain_text(self) -> None:
        """Numbers and ordinary text pass unchanged."""
        assert safe_cell(-30) == -30
        assert safe_cell("Acme B.V.") == "Acme B.V."


class TestSchema:
    """``leadqual schema``."""

    def test_prints_the_model_schema(self) -> None:
        """The JSON Schema forbids unknown keys and lists the rule fields."""
        code, out, _ = run("schema")
        assert code == EXIT_OK
        schema = json.loads(out)
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert schema["additionalProperties"] is False
        assert "rules" in schema["properties"]


class TestModule:
    """``python -m leadqual``."""

    def test_runs_the_command_line(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """The module entry point runs main() and exits with its code."""
        path = tmp_path / "m.toml"
        monkeypatch.setattr(sys, "argv", ["leadqual", "init", str(path)])
        monkeypatch.delitem(sys.modules, "leadqual.__main__", raising=False)
        with pytest.raises(SystemExit) as caught:
            runpy.run_module("leadqual", run_name="__main__")
        assert caught.value.code == EXIT_OK
        assert lq.load_model(path) == lq.starter_model()


class TestScoreFailures:
    """``leadqual score`` when nothing scores, or something goes wrong."""

    @pytest.mark.parametrize("fmt", ["table", "json", "csv"])
    def test_empty_file(self, tmp_path: Path, fmt: str) -> None:
        """An empty leads file prints an empty result and exits 0."""
        leads = tmp_path / "leads.jsonl"
        leads.write_text("", encoding="utf-8")
        code, out, err = run("score", str(leads), "--format", fmt)
        assert code == EXIT_OK
        assert err == ""
        if fmt == "table":
            assert out.splitlines()[0].split() == [
                "id",
                "company",
                "points",
                "stage",
                "top",
                "reasons",
            ]

    def test_every_row_rejected_table(self, tmp_path: Path) -> None:
        """All rows rejected: the header-only table, the summary on stderr, exit 1."""
        leads = write_jsonl(tmp_path / "leads.jsonl", ["{", '{"id": ""}'])
        code, out, err = run("score", str(leads))
        assert code == EXIT_REJECTED
        assert out.startswith("id")
        assert "0 scored, 2 rejected" in err

    def test_unwritable_rejects_file(self, tmp_path: Path) -> None:
        """An unwritable --rejects path is exit 2 with the path, before any output."""
        leads = write_jsonl(tmp_path / "leads.jsonl", [DEMO_ONLY, "{"])
        target = tmp_path / "missing" / "rejects.jsonl"
        code, out, err = run("score", str(leads), "--format", "json", "--rejects", str(target))
        assert code == EXIT_ERROR
        assert out == ""
        assert err.startswith(f"leadqual: error: {target}: cannot write: ")

    def test_rejects_file_written(self, tmp_path: Path) -> None:
        """Rejected rows go to the --rejects file as JSON lines."""
        leads = write_jsonl(tmp_path / "leads.jsonl", [DEMO_ONLY, "{"])
        target = tmp_path / "rejects.jsonl"
        code, _, _ = run("score", str(leads), "--rejects", str(target))
        assert code == EXIT_REJECTED
        [row] = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert row["line"] == 2

    def test_unexpected_error_is_exit_2(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bug inside scoring rejects that row, keeps the others, and still exits 2."""
        real = lq.ScoringModel.score

        def broken(self: lq.ScoringModel, lead: lq.Lead, **kwargs: Any) -> lq.Score:
            if lead.id == "student":
                msg = "boom\nsecond line"
                raise RuntimeError(msg)
            return real(self, lead, **kwargs)

        monkeypatch.setattr(lq.ScoringModel, "score", broken)
        leads = write_jsonl(tmp_path / "leads.jsonl", [DEMO_ONLY, STUDENT, MANAGER])
        target = tmp_path / "rejects.jsonl"
        code, out, err = run("score", str(leads), "--format", "json", "--rejects", str(target))
        assert code == EXIT_ERROR
        assert [json.loads(line)["id"] for line in out.splitlines()] == ["demo", "manager"]
        assert (
            "line 2: internal error (a bug in leadqual; please report it): RuntimeError: boom\n"
            in err
        )
        [reject] = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert reject["line"] == 2
        assert json.loads(reject["raw"])["id"] == "student"

    def test_leadqual_error_while_scoring_rejects_the_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A LeadqualError raised by scoring one row rejects that row with its reason: exit 1."""
        real = lq.ScoringModel.score

        def picky(self: lq.ScoringModel, lead: lq.Lead, **kwargs: Any) -> lq.Score:
            if lead.id == "demo":
                raise lq.LeadError.at(place="events[0]", detail="cannot score this")
            return real(self, lead, **kwargs)

        monkeypatch.setattr(lq.ScoringModel, "score", picky)
        leads = write_jsonl(tmp_path / "leads.jsonl", [DEMO_ONLY, STUDENT])
        code, out, err = run("score", str(leads), "--format", "json")
        assert code == EXIT_REJECTED
        assert [json.loads(line)["id"] for line in out.splitlines()] == ["student"]
        assert "line 1: events[0]: cannot score this" in err

    def test_error_message_is_terminal_safe(self, tmp_path: Path) -> None:
        """An ESC in a CSV header reaches stderr as an escape, never raw."""
        leads = tmp_path / "leads.csv"
        leads.write_text("id,\x1bc\x1b[31mred\nL-1,x\n", encoding="utf-8")
        code, _, err = run("score", str(leads))
        assert code == EXIT_ERROR
        assert "\x1b" not in err
        assert "\\x1bc" in err

    def test_rejects_listing_is_terminal_safe(self, tmp_path: Path) -> None:
        """A reason quoting an ESC from the input is printed with the ESC escaped."""
        bad = lead_json("x\x1b]0;pwned\x07", created_at="\x1bc2026-11-01")
        leads = write_jsonl(tmp_path / "leads.jsonl", [bad])
        code, _, err = run("score", str(leads))
        assert code == EXIT_REJECTED
        assert "\x1b" not in err
        assert "\x07" not in err


class TestPrintable:
    """Terminal output of outside data."""

    def test_escape_sequences_are_shown_not_run(self, tmp_path: Path) -> None:
        """An ANSI escape in a lead id reaches the table as visible text."""
        leads = write_jsonl(tmp_path / "l.jsonl", [lead_json("\x1b[31mRED\x1b[0m")])
        code, out, _ = run("score", str(leads))
        assert code == EXIT_OK
        assert "\x1b" not in out
        assert "\\x1b[31mRED" in out
