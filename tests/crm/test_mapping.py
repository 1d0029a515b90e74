"""The mapping engine: lead paths, cell readers, headers, presets, real X Education data."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadqual import unstructure
from leadqual.cli import main
from leadqual.exceptions import ConfigError, InputFileError
from leadqual.io import (
    Column,
    ColumnEvent,
    LeadMapping,
    Loaded,
    Rejected,
    load_icp,
    load_mapping,
    mapping_schema,
    parse_path,
    read_leads,
)
from leadqual.io.presets import preset, preset_names
from leadqual.regions import country_from_name

ROOT = Path(__file__).resolve().parents[2]
_CANDIDATES = [base / "shared" / "data" / "x-education" / "Leads.csv" for base in ROOT.parents]
XEDUCATION = next((path for path in _CANDIDATES if path.exists()), _CANDIDATES[0])
needs_data = pytest.mark.skipif(not XEDUCATION.exists(), reason="X Education data not present")


def rows(text: str, mapping: LeadMapping | None = None, **options: object) -> list[object]:
    """Read CSV text through a mapping (or a preset given in options)."""
    return list(read_leads(io.StringIO(text), format="csv", mapping=mapping, **options))  # type: ignore[arg-type]


def leads(
    text: str, mapping: LeadMapping | None = None, **options: object
) -> list[dict[str, object]]:
    """The leads of CSV text as plain dicts; fails on a rejected row."""
    found = rows(text, mapping, **options)
    assert all(isinstance(row, Loaded) for row in found), [str(row) for row in found]
    return [unstructure(row.lead) for row in found if isinstance(row, Loaded)]


class TestParsePath:
    """Lead paths in mapping files."""

    def test_dotted_and_bracketed(self) -> None:
        """Plain dots split keys; a bracketed key keeps its dots."""
        assert parse_path("company.country") == ("company", "country")
        assert parse_path('attributes["emp.var.rate"]') == ("attributes", "emp.var.rate")
        assert parse_path("answers.timeline") == ("answers", "timeline")

    def test_misspelt_field_suggests(self) -> None:
        """A misspelt field names the one meant."""
        with pytest.raises(ConfigError, match="did you mean 'employees'"):
            parse_path("company.employes")
        with pytest.raises(ConfigError, match="did you mean 'email'"):
            parse_path("emial")

    def test_garbage(self) -> None:
        """Text that is no path at all is an error, not a silent attribute."""
        with pytest.raises(ConfigError, match="not a lead path"):
            parse_path("company..x")


class TestCells:
    """How cells are read: numbers, dates, countries, lists, placeholders, picklists."""

    MAPPING = LeadMapping(
        columns={
            "ID": Column("id"),
            "Medewerkers": Column("company.employees"),
            "Omzet": Column("company.annual_revenue"),
            "Aangemaakt": Column("created_at"),
            "Land": Column("company.country"),
            "Tools": Column("company.technologies", split=","),
            "Termijn": Column("answers.timeline", values={"Binnen 3 maanden": "within_quarter"}),
            "Nieuwsbrief": Column("attributes.newsletter", type="boolean"),
        },
        decimal=",",
        date_formats=("%d-%m-%Y %H:%M", "%d-%m-%Y"),
        timezone="Europe/Amsterdam",
        delimiter=";",
    )
    HEADER = "ID;Medewerkers;Omzet;Aangemaakt;Land;Tools;Termijn;Nieuwsbrief\n"

    def test_dutch_row(self) -> None:
        """A row as Dutch Excel writes it lands in the lead's fields."""
        text = (
            self.HEADER
            + "L-1;1.200;2.400.000,50;18-11-2026 09:12;België;exact, afas;binnen 3 maanden;ja\n"
        )
        [lead] = leads(text, self.MAPPING)
        assert lead["company"] == {
            "employees": 1200,
            "annual_revenue": 2400000.5,
            "country": "BE",
            "technologies": ["exact", "afas"],
        }
        assert lead["created_at"] == "2026-11-18T09:12:00+01:00"
        assert lead["answers"] == {"timeline": "within_quarter"}
        assert lead["attributes"] == {"newsletter": True}

    def test_placeholders_are_unknown(self) -> None:
        """Select, NA, - and empty cells leave the field unknown."""
        text = self.HEADER + "L-1;NA;-;;Select;;;\n"
        [lead] = leads(text, self.MAPPING)
        assert lead == {"id": "L-1"}

    def test_bad_cell_names_line_and_column(self) -> None:
        """A bad cell rejects its row with line, column and reason; the others load."""
        text = self.HEADER + "L-1;veel;;;;;;\nL-2;12;;;Atlantis;;;\nL-3;5;;;NL;;;\n"
        found = rows(text, self.MAPPING)
        assert [type(row) for row in found] == [Rejected, Rejected, Loaded]
        assert str(found[0]).startswith("line 2: column 'Medewerkers' (company.employees): ")
        assert "unknown country 'Atlantis'" in str(found[1])

    def test_date_in_dst_gap(self) -> None:
        """A wall-clock time the clocks skip is a problem of that cell."""
        text = self.HEADER + "L-1;;;29-03-2026 02:30;;;;\n"
        [row] = rows(text, self.MAPPING)
        assert isinstance(row, Rejected)
        assert "column 'Aangemaakt' (created_at)" in row.reason

    @given(st.integers(min_value=0, max_value=10**12))
    def test_grouped_numbers_round_trip(self, number: int) -> None:
        """Any whole number written with Dutch thousands dots reads back as itself."""
        text = f"{number:,}".replace(",", ".")
        [lead] = leads(self.HEADER + f"L-1;{text};;;;;;\n", self.MAPPING)
        assert lead["company"] == {"employees": number}


class TestHeader:
    """Unknown columns, missing ids, delimiter sniffing."""

    def test_unknown_columns_all_listed(self) -> None:
        """Every unknown column is listed once, with the fix."""
        mapping = LeadMapping(columns={"Id": Column("id")})
        with pytest.raises(InputFileError) as caught:
            rows("Id,Email,Phone Number\nL-1,a@b.nl,1\n", mapping)
        message = str(caught.value)
        assert "unknown columns 'Email', 'Phone Number'" in message
        assert 'unknown = "attributes"' in message

    def test_unknown_into_attributes(self) -> None:
        """With unknown = attributes, other columns keep their names; numbers are numbers."""
        mapping = LeadMapping(columns={"Id": Column("id")}, unknown="attributes")
        [lead] = leads("Id;emp.var.rate;Note\nL-1;1,1;hallo\n", mapping)
        assert lead["attributes"] == {"emp.var.rate": "1,1", "Note": "hallo"}

    def test_sniffed_delimiters(self) -> None:
        """Comma, semicolon and tab files all read as columns."""
        for sep in (",", ";", "\t"):
            text = sep.join(["id", "email"]) + "\n" + sep.join(["L-1", "a@b.nl"]) + "\n"
            [lead] = leads(text, preset("generic"))
            assert lead == {"id": "L-1", "email": "a@b.nl"}

    def test_no_id(self) -> None:
        """Without an id column (and row_ids off) the header is refused."""
        with pytest.raises(InputFileError, match="no column maps to 'id'"):
            rows("Email\na@b.nl\n", LeadMapping(columns={"Email": Column("email")}))


class TestEvents:
    """Events made from columns."""

    def test_form_and_page(self) -> None:
        """A filled conversion column with its date is a form_submitted event."""
        mapping = LeadMapping(
            columns={"Id": Column("id"), "Created": Column("created_at")},
            events=(
                ColumnEvent(
                    "form_submitted",
                    "Recent Conversion",
                    at="Recent Conversion Date",
                    property="form",
                ),
                ColumnEvent("page_view", "Last Page Seen", property="url"),
            ),
            timezone="UTC",
        )
        text = (
            "Id,Created,Recent Conversion,Recent Conversion Date,Last Page Seen\n"
            "L-1,2026-11-01 08:00,Demo aanvraag,2026-11-02 10:00,/prijzen\n"
            "L-2,,,,/blog\n"
        )
        first, second = leads(text, mapping)
        assert first["events"] == [
            {
                "type": "form_submitted",
                "at": "2026-11-02T10:00:00+00:00",
                "properties": {"form": "Demo aanvraag"},
            },
            {
                "type": "page_view",
                "at": "2026-11-01T08:00:00+00:00",
                "properties": {"url": "/prijzen"},
            },
        ]
        assert "events" not in second


class TestPresets:
    """The built-in presets."""

    def test_names(self) -> None:
        """All four presets of the spec exist."""
        assert set(preset_names()) >= {"generic", "hubspot", "salesforce", "xeducation"}

    def test_generic(self) -> None:
        """generic: lead-field columns go there, others to attributes; row number as id."""
        text = "email,company.employees,score,Select Me\na@b.nl,12,3.5,Select\n"
        [lead] = leads(text, preset="generic")
        assert lead == {
            "id": "2",
            "email": "a@b.nl",
            "company": {"employees": 12},
            "attributes": {"score": 3.5},
        }

    @needs_data
    def test_xeducation_all_rows(self) -> None:
        """All 9,240 X Education rows load; Converted = 1 is a won outcome, 0 none."""
        found = list(read_leads(XEDUCATION, preset="xeducation"))
        assert len(found) == 9240
        loaded = [row.lead for row in found if isinstance(row, Loaded)]
        assert len(loaded) == 9240
        won = [lead for lead in loaded if lead.outcome is not None]
        assert len(won) == 3561
        assert {lead.outcome.status for lead in won if lead.outcome} == {"won"}
        assert loaded[0].attributes["Do Not Email"] is False
        assert "Specialization" not in loaded[0].attributes  # "Select" is unknown


class TestMappingFile:
    """Mapping files on disk and their schema."""

    def test_toml(self, tmp_path: Path) -> None:
        """A TOML mapping file reads; a misspelt key suggests the right one."""
        path = tmp_path / "m.toml"
        path.write_text(
            '[columns.Id]\nto = "id"\n[columns."Employees"]\nto = "company.employees"\n'
        )
        mapping = load_mapping(path)
        assert mapping.columns["Employees"].to == "company.employees"
        path.write_text('[columns.Id]\nto = "id"\n[columns.E]\nto = "company.employes"\n')
        with pytest.raises(ConfigError, match="did you mean 'employees'"):
            load_mapping(path)

    def test_schema(self) -> None:
        """The schema describes a mapping file."""
        schema = mapping_schema()
        assert schema["title"] == "LeadMapping"
        assert "columns" in schema["properties"]


class TestImportCommand:
    """leadqual import."""

    @needs_data
    def test_xeducation(self, tmp_path: Path) -> None:
        """The X Education file imports to 9,240 lead lines with exit 0."""
        out = tmp_path / "leads.jsonl"
        err = io.StringIO()
        code = main(
            ["import", str(XEDUCATION), "--preset", "xeducation", "-o", str(out)], stderr=err
        )
        assert code == 0
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 9240
        assert sum(1 for line in lines if json.loads(line).get("outcome")) == 3561

    def test_rejects_counted(self, tmp_path: Path) -> None:
        """A bad row exits 1, is reported with its line and column; the rest are written."""
        source = tmp_path / "export.csv"
        source.write_text("id;company.employees\nL-1;12\nL-2;veel\nL-3;1,200\n", encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = main(["import", str(source), "--preset", "generic"], stdout=out, stderr=err)
        assert code == 1
        assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["L-1", "L-3"]
        assert "1 rejected" in err.getvalue()
        assert "line 3: " in err.getvalue()

    def test_score_with_preset(self, tmp_path: Path) -> None:
        """The score command with --preset reads a CRM export directly."""
        source = tmp_path / "export.csv"
        source.write_text("email;job_title\nj@acme.nl;CEO\n", encoding="utf-8")
        out = io.StringIO()
        code = main(["score", str(source), "--preset", "generic", "--format", "json"], stdout=out)
        assert code == 0
        assert json.loads(out.getvalue())["id"] == "2"

    def test_schema_mapping(self) -> None:
        """The schema command prints the mapping schema."""
        out = io.StringIO()
        assert main(["schema", "mapping"], stdout=out) == 0
        assert json.loads(out.getvalue())["title"] == "LeadMapping"


class TestCountries:
    """Country names to ISO codes."""

    @pytest.mark.parametrize(
        ("name", "code"),
        [
            ("Netherlands", "NL"),
            ("Nederland", "NL"),
            ("België", "BE"),
            ("Belgique", "BE"),
            ("Deutschland", "DE"),
            ("Duitsland", "DE"),
            ("UK", "GB"),
            ("USA", "US"),
            ("be", "BE"),
        ],
    )
    def test_names(self, name: str, code: str) -> None:
        """English, Dutch, French and German names and CRM spellings."""
        assert country_from_name(name) == code


class TestCliHabits:
    """Global options after the subcommand, --version, --sort points, closed pipes."""

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the version and exits 0."""
        with pytest.raises(SystemExit) as caught:
            main(["--version"])
        assert caught.value.code == 0
        assert capsys.readouterr().out.startswith("leadqual ")

    def test_lang_after_subcommand(self) -> None:
        """--lang nl works after the subcommand as well as before it."""
        before, after = io.StringIO(), io.StringIO()
        main(["--lang", "nl", "demo"], stdout=before)
        main(["demo", "--lang", "nl"], stdout=after)
        assert before.getvalue() == after.getvalue()
        assert "voorbeeldleads" in after.getvalue()

    def test_sort_points(self, tmp_path: Path) -> None:
        """Score --sort points lists the best first."""
        source = tmp_path / "leads.jsonl"
        events = [{"type": "demo_requested", "at": "2026-11-20T09:00:00+01:00"}]
        source.write_text(
            json.dumps({"id": "low"}) + "\n" + json.dumps({"id": "high", "events": events}) + "\n"
        )
        out = io.StringIO()
        main(["score", str(source), "--format", "json", "--sort", "points"], stdout=out)
        assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["high", "low"]

    def test_closed_pipe(self, tmp_path: Path) -> None:
        """A reader that goes away ends the command quietly with exit 0."""

        class Closed(io.StringIO):
            def write(self, _text: str) -> int:
                raise BrokenPipeError

        source = tmp_path / "leads.jsonl"
        source.write_text(json.dumps({"id": "L-1"}) + "\n")
        err = io.StringIO()
        assert main(["score", str(source), "--format", "json"], stdout=Closed(), stderr=err) == 0
        assert err.getvalue() == ""


class TestSuggest:
    """Did-you-mean for misspelt keys in definition files."""

    def test_icp_key(self, tmp_path: Path) -> None:
        """A misspelt ICP key names the key meant."""
        path = tmp_path / "icp.toml"
        path.write_text('[[criteria]]\nkind = "company_size"\nmax_employes = 1000\n')
        with pytest.raises(ConfigError, match="did you mean 'max_employees'"):
            load_icp(path)

    def test_optional_events(self) -> None:
        """A preset's column events are skipped when the export lacks their columns."""
        [lead] = leads("Record ID,Email\n1,a@b.nl\n", preset("hubspot"))
        assert "events" not in lead


class TestDutchAnswers:
    """Frameworks read their own option labels, in English and Dutch, as answers."""

    @pytest.mark.parametrize("answer", ["Binnen 3 maanden", "binnen 3 maanden", "Within 3 months"])
    def test_timeline_label(self, answer: str) -> None:
        """The label a picklist shows counts as the option's key."""
        from leadqual.frameworks import BANT  # noqa: PLC0415 - only this class needs it

        by_label = BANT.assess({"timeline": answer})
        by_key = BANT.assess({"timeline": "within_3_months"})
        assert by_label == by_key


class TestActivity:
    """A separate activity file joined by id or e-mail."""

    def test_join_by_id(self, tmp_path: Path) -> None:
        """The import command adds each lead's activity rows as events."""
        contacts = tmp_path / "contacts.csv"
        contacts.write_text("Record ID,Email\n51000,a@b.nl\n51001,c@d.nl\n", encoding="utf-8")
        activity = tmp_path / "activity.csv"
        activity.write_text(
            "Record ID;type;at;url\n"
            "51000;page_view;2026-11-20T09:12:00+01:00;/prijzen\n"
            "51000;demo_requested;2026-11-21T14:02:00+01:00;\n",
            encoding="utf-8",
        )
        out = io.StringIO()
        args = ["import", str(contacts), "--preset", "hubspot", "--activity", str(activity)]
        assert main(args, stdout=out) == 0
        first, second = (json.loads(line) for line in out.getvalue().splitlines())
        assert [event["type"] for event in first["events"]] == ["page_view", "demo_requested"]
        assert first["events"][0]["properties"] == {"url": "/prijzen"}
        assert "events" not in second

    def test_bad_activity_row(self, tmp_path: Path) -> None:
        """A bad activity row stops the command naming the line (exit 2), nothing is lost."""
        contacts = tmp_path / "contacts.csv"
        contacts.write_text("Record ID\n51000\n", encoding="utf-8")
        activity = tmp_path / "activity.csv"
        activity.write_text("Record ID,type,at\n51000,page_view,gisteren\n", encoding="utf-8")
        err = io.StringIO()
        args = ["import", str(contacts), "--preset", "hubspot", "--activity", str(activity)]
        assert main(args, stdout=io.StringIO(), stderr=err) == 2
        assert "line 2:" in err.getvalue()
