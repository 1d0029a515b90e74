"""The hubspot and salesforce presets on realistic exports with Dutch and Belgian values."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from leadqual.cli import main
from leadqual.icp import CompanySize, Match
from leadqual.io import Loaded, Rejected, read_leads
from leadqual.lead import Lead
from leadqual.stage import Stage

DATA = Path(__file__).parent / "data"
HUBSPOT = DATA / "hubspot_contacts.csv"
SALESFORCE = DATA / "salesforce_leads.csv"
AMSTERDAM_WINTER = dt.timezone(dt.timedelta(hours=1))


def by_id(path: Path, preset: str) -> tuple[dict[str, Lead], list[Rejected]]:
    """The loaded leads by id and the rejected rows."""
    found = list(read_leads(path, preset=preset))
    leads = {row.lead.id: row.lead for row in found if isinstance(row, Loaded)}
    return leads, [row for row in found if isinstance(row, Rejected)]


class TestHubSpot:
    """A HubSpot contacts export (comma-separated, as HubSpot writes it)."""

    def test_counts_add_up(self) -> None:
        """31 data rows: 30 load, the one with 'veel' employees is rejected by line and column."""
        leads, rejected = by_id(HUBSPOT, "hubspot")
        assert len(leads) == 30
        assert len(rejected) == 1
        assert str(rejected[0]).startswith(
            "line 32: column 'Number of Employees' (company.employees): expected a number"
        )

    def test_first_contact_field_by_field(self) -> None:
        """Every column of the first row lands where a user expects it."""
        lead = by_id(HUBSPOT, "hubspot")[0]["51000"]
        assert lead.email == "jan0@gmail.com"
        assert (lead.first_name, lead.last_name) == ("Jan", "de Vries")
        assert lead.job_title == "Operations Manager"
        assert lead.source == "Organic Search"
        assert lead.created_at == dt.datetime(2026, 11, 1, 8, 0, tzinfo=AMSTERDAM_WINTER)
        assert lead.company.name == "Van den Berg Metaal"
        assert lead.company.domain == "vdberg-metaal.nl"
        assert lead.company.employees == 180
        assert lead.company.annual_revenue == 24_000_000
        assert lead.company.country == "NL"
        assert lead.stage is Stage.NEW
        assert lead.owner == "anna@acme.nl"
        assert [event.type for event in lead.events] == ["form_submitted", "page_view"]
        assert lead.events[0].properties["form"] == "Demo aanvraag"
        assert lead.events[1].properties["url"] == "https://www.acme.nl/prijzen"
        assert lead.attributes["City"] == "Amsterdam"
        assert lead.attributes["Marketing emails opened"] == 0

    def test_dutch_and_belgian_values(self) -> None:
        """België, Belgique, 1.200 employees, 1.500.000,50 revenue, a band, a Dutch stage."""
        leads = by_id(HUBSPOT, "hubspot")[0]
        assert leads["51001"].company.country == "BE"
        assert leads["51001"].company.employees == 1200
        assert leads["51001"].company.annual_revenue == 1_500_000.5
        assert leads["51001"].stage is Stage.MQL
        assert leads["51005"].company.country == "BE"  # Belgique
        assert leads["51002"].company.employees is None
        assert leads["51002"].attributes["employees_band"] == "51-200"
        assert leads["51007"].stage is Stage.CUSTOMER  # "Klant"
        assert leads["51004"].company.employees is None  # "-" is unknown

    def test_band_matches_the_icp_size(self) -> None:
        """The kept '51-200' band counts for an ICP size criterion of 50-500 employees."""
        lead = by_id(HUBSPOT, "hubspot")[0]["51002"]
        found = CompanySize(min_employees=50, max_employees=500).evaluate(lead)
        assert (found.match, found.observed) == (Match.MATCH, {"employees": [51.0, 200.0]})

    def test_scored_with_preset_alone(self) -> None:
        """The score command reads the export with --preset and nothing else."""
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["score", str(HUBSPOT), "--preset", "hubspot", "--format", "json"],
            stdout=out,
            stderr=err,
        )
        assert code == 1  # the one bad row
        assert len(out.getvalue().splitlines()) == 30
        assert "line 32" in err.getvalue()


class TestSalesforce:
    """A Salesforce leads report saved by Dutch Excel (semicolons, day-first dates)."""

    def test_counts_add_up(self) -> None:
        """30 rows load; 31 February is rejected naming the column."""
        leads, rejected = by_id(SALESFORCE, "salesforce")
        assert len(leads) == 30
        assert [row.line for row in rejected] == [32]
        assert "column 'Create Date' (created_at)" in rejected[0].reason

    def test_first_lead_field_by_field(self) -> None:
        """Every column of the first row lands where a user expects it."""
        lead = by_id(SALESFORCE, "salesforce")[0]["00Q5g0000000000AB"]
        assert (lead.first_name, lead.last_name) == ("Fleur", "de Boer")
        assert lead.job_title == "CEO"
        assert lead.email == "f.deboer@aps.be"
        assert lead.phone == "+32 9 123 45 67"
        assert lead.source == "Web"
        assert lead.stage is Stage.NEW
        assert lead.owner == "Anna de Wit"
        assert lead.company.name == "Antwerp Port Services"
        assert lead.company.country == "NL"
        assert lead.company.industry == "Transportation/Trucking/Railroad"
        assert lead.company.employees == 180
        assert lead.company.annual_revenue == 24_000_000
        assert lead.created_at == dt.datetime(2026, 11, 1, 8, 0, tzinfo=AMSTERDAM_WINTER)
        assert lead.attributes == {"City": "Utrecht", "Rating": "Hot", "Converted": 0}

    def test_countries_in_four_languages(self) -> None:
        """Nederland, België, Belgique, Netherlands, Pays-Bas, Niederlande."""
        leads = list(by_id(SALESFORCE, "salesforce")[0].values())
        assert [lead.company.country for lead in leads[:6]] == ["NL", "BE", "BE", "NL", "NL", "NL"]

    def test_data_loader_names(self) -> None:
        """A Data Loader export (API names, ISO times) reads through the same preset."""
        text = (
            "Id,FirstName,Company,NumberOfEmployees,CreatedDate,Status\n"
            "00Q1,Els,Kapot NV,12,2026-11-18T08:00:00.000+0000,Working - Contacted\n"
        )
        [row] = read_leads(io.StringIO(text), format="csv", preset="salesforce")
        assert isinstance(row, Loaded)
        assert row.lead.company.employees == 12
        assert row.lead.created_at == dt.datetime(2026, 11, 18, 8, tzinfo=dt.UTC)
        assert row.lead.stage is Stage.MQL

    def test_import_writes_json_lines(self, tmp_path: Path) -> None:
        """The import command writes one lead per line and reports the counts."""
        out = tmp_path / "sf.jsonl"
        err = io.StringIO()
        code = main(
            ["import", str(SALESFORCE), "--preset", "salesforce", "-o", str(out)], stderr=err
        )
        assert code == 1
        assert len(out.read_text(encoding="utf-8").splitlines()) == 30
        assert "30 imported, 1 rejected" in err.getvalue()
        first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
        assert first["company"]["country"] == "NL"


class TestWriteBack:
    """score --format hubspot|salesforce, and the formula guard switch."""

    def test_hubspot_columns(self) -> None:
        """The HubSpot file keys on Record ID and Email and carries leadqual_* properties."""
        out = io.StringIO()
        main(
            ["score", str(HUBSPOT), "--preset", "hubspot", "--format", "hubspot"],
            stdout=out,
            stderr=io.StringIO(),
        )
        lines = list(csv.reader(io.StringIO(out.getvalue())))
        assert lines[0][:3] == ["Record ID", "Email", "leadqual_score"]
        assert len(lines) == 31
        assert lines[1][0] == "51000"

    def test_salesforce_and_guard(self) -> None:
        """Salesforce custom fields; without the guard a '-10 …' reason has no apostrophe."""
        guarded, plain = io.StringIO(), io.StringIO()
        args = ["score", str(HUBSPOT), "--preset", "hubspot", "--format", "salesforce"]
        main(args, stdout=guarded, stderr=io.StringIO())
        main([*args, "--no-formula-guard"], stdout=plain, stderr=io.StringIO())
        head = next(csv.reader(io.StringIO(guarded.getvalue())))
        assert head[2] == "Leadqual_Score__c"
        assert "'-10" in guarded.getvalue()
        assert "'-10" not in plain.getvalue()
        assert ",-10 " in plain.getvalue()


class TestQualifyWithPreset:
    """Commands other than score read CRM exports with --preset too."""

    def test_qualify(self) -> None:
        """Qualify reads the HubSpot export; the bad row is rejected, the rest used."""
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["qualify", str(HUBSPOT), "--preset", "hubspot", "--format", "json"],
            stdout=out,
            stderr=err,
        )
        assert code == 1
        assert len(out.getvalue().splitlines()) == 30
