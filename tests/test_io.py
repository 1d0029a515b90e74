"""Tests for leadqual.io: reading and writing files of leads."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
import zoneinfo
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given

import leadqual as lq
from lead_strategies import leads
from leadqual.io import Loaded, Rejected, Row, load_leads, read_leads, write_leads

if TYPE_CHECKING:
    from pathlib import Path

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")

# The acceptance file: every kind of bad row between good ones.
MALFORMED_LINES = (
    '{"id": "L-1", "email": "a@b.nl", "created_at": "2026-11-18T08:00:00+01:00"}',
    '{"id": "L-2", "email": ',  # bad JSON
    '{"id": "L-3", "created_at": "2026-11-18T08:00:00"}',  # naive timestamp
    '{"id": "L-4", "company": {"employees": "180"}}',  # wrong type
    '{"email": "nobody@b.nl"}',  # missing id
    "",  # blank: skipped, not a row
    (
        '{"id": "L-5", "events": [{"type": "page_view", "at": "2026-11-20T09:12:00+01:00"},'
        ' {"type": "x", "at": "2026-11-20T09:12:00+01:00"},'
        ' {"type": "demo_requested", "at": "yesterday"}]}'
    ),  # bad event
    "[1, 2]",  # not an object
    '{"id": "L-1"}',  # duplicate id
    '{"id": "L-6", "job_title": "Inkoper"}',
)
MALFORMED_JSONL = "\n".join(MALFORMED_LINES)


def rows_of(text: str, fmt: lq.io.Format, **options: object) -> list[Row]:
    """Read ``text`` in format ``fmt`` into a list of rows."""
    return list(read_leads(io.StringIO(text), format=fmt, **options))  # type: ignore[arg-type]


def summary(rows: list[Row]) -> list[tuple[int, str]]:
    """Each row as (line, lead id) or (line, "rejected: reason"), for compact asserts."""
    return [
        (row.line, row.lead.id if isinstance(row, Loaded) else "rejected: " + row.reason)
        for row in rows
    ]


class TestReadLeadsJsonl:
    """read_leads on JSON Lines: the acceptance file and its edge cases."""

    def test_every_good_row_loaded_every_bad_row_reported(self, tmp_path: Path) -> None:
        """Acceptance: bad JSON, naive timestamp, wrong type, missing id are each reported."""
        path = tmp_path / "leads.jsonl"
        path.write_text(MALFORMED_JSONL, encoding="utf-8")
        rows = list(read_leads(path))
        loaded = [row.lead.id for row in rows if isinstance(row, Loaded)]
        rejected = {row.line: row.reason for row in rows if isinstance(row, Rejected)}
        assert loaded == ["L-1", "L-6"]
        assert sorted(rejected) == [2, 3, 4, 5, 7, 8, 9]
        assert rejected[2].startswith("invalid JSON: ")
        assert rejected[3].startswith("created_at: timestamp '2026-11-18T08:00:00' has no time")
        assert rejected[4] == "company.employees: expected a whole number, got '180'"
        assert rejected[5] == "id: required but missing"
        assert rejected[7].startswith("events[2].at: cannot parse 'yesterday'")
        assert rejected[8] == "expected a JSON object (a lead), got list"
        assert rejected[9] == "id: duplicate lead id 'L-1' (first seen on line 1)"

    def test_rows_keep_input_order_and_raw_text(self) -> None:
        """Rows come in input order; a rejected row carries its raw line for a rejects file."""
        rows = rows_of(MALFORMED_JSONL, "jsonl")
        assert [row.line for row in rows] == [1, 2, 3, 4, 5, 7, 8, 9, 10]
        bad = rows[1]
        assert isinstance(bad, Rejected)
        assert bad.raw == '{"id": "L-2", "email": '
        assert str(bad).startswith("line 2: invalid JSON")
        assert lq.unstructure(bad) == {"line": 2, "reason": bad.reason, "raw": bad.raw}

    def test_default_timezone_applies_to_naive_timestamps(self) -> None:
        """With a default zone a naive timestamp is read in that zone, not rejected."""
        text = '{"id": "L-3", "created_at": "2026-11-18T08:00:00"}\n'
        (row,) = rows_of(text, "jsonl", default_timezone="Europe/Amsterdam")
        assert isinstance(row, Loaded)
        assert row.lead.created_at == dt.datetime(2026, 11, 18, 8, tzinfo=AMS)

    def test_bom_crlf_and_blank_lines(self) -> None:
        """A UTF-8 BOM, CRLF endings and blank lines do not disturb rows or line numbers."""
        data = '\ufeff{"id": "L-1"}\r\n\r\n   \r\n{"id": "L-2"}\r\n'.encode()
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
        rows = list(read_leads(stream, format="jsonl"))
        assert summary(rows) == [(1, "L-1"), (4, "L-2")]

    def test_invalid_utf8_rejects_only_its_line(self, tmp_path: Path) -> None:
        """A line with bytes that are not UTF-8 is rejected; its neighbours still load."""
        path = tmp_path / "leads.jsonl"
        path.write_bytes(b'{"id": "L-1"}\n{"id": "L-\xff"}\n{"id": "L-3"}\n')
        rows = list(read_leads(path))
        assert summary(rows) == [
            (1, "L-1"),
            (2, "rejected: not UTF-8 text: byte 0xff at column 11"),
            (3, "L-3"),
        ]
        assert isinstance(rows[1], Rejected)
        assert rows[1].raw == '{"id": "L-\ufffd"}'

    def test_duplicate_ids_can_be_allowed(self) -> None:
        """With allow_duplicate_ids both copies are loaded, for callers that merge later."""
        rows = rows_of('{"id": "A"}\n{"id": "A"}\n', "jsonl", allow_duplicate_ids=True)
        assert summary(rows) == [(1, "A"), (2, "A")]

    def test_reading_streams(self) -> None:
        """The first row is available before the rest of the input has been read."""
        text = "".join(f'{{"id": "L-{i}"}}\n' for i in range(10_000))
        stream = io.StringIO(text)
        rows = read_leads(stream, format="jsonl")
        first = next(rows)
        assert isinstance(first, Loaded)
        assert stream.tell() < len(text) // 2


class TestUnbuildableValues:
    """Valid JSON that Python cannot turn into values rejects its record, not the batch."""

    BIG = "9" * 5000
    DEEP = "[" * 100_000 + "]" * 100_000

    def test_jsonl_huge_integer_and_deep_nesting(self) -> None:
        """Each bad line is rejected with a reason; the lines after it still load."""
        text = f'{{"id": "A", "n": {self.BIG}}}\n{{"id": "B", "x": {self.DEEP}}}\n{{"id": "C"}}\n'
        assert summary(rows_of(text, "jsonl")) == [
            (1, "rejected: invalid JSON: a number has more than 4300 digits"),
            (2, "rejected: invalid JSON: nested too deeply"),
            (3, "C"),
        ]

    def test_nesting_just_below_the_parser_limit(self) -> None:
        """Nesting the parser accepts but checking cannot recurse through is a rejection."""
        depth = sys.getrecursionlimit() - 10
        text = '{"id": "A", "attributes": {"x": ' + "[" * depth + "]" * depth + '}}\n{"id": "B"}\n'
        rows = rows_of(text, "jsonl")
        assert isinstance(rows[0], Rejected)
        assert "nested too deeply" in rows[0].reason
        assert summary(rows[1:]) == [(2, "B")]

    def test_json_array_element_with_huge_integer(self) -> None:
        """In a .json array the element is rejected and the elements after it load."""
        text = f'[{{"id": "A"}}, {{"id": "B", "n": {self.BIG}}}, {{"id": "C"}}]'
        assert summary(rows_of(text, "json")) == [
            (1, "A"),
            (1, "rejected: [1]: invalid JSON: a number has more than 4300 digits"),
            (1, "C"),
        ]
        wrapped = f'{{"leads": [{{"id": "A"}}, {{"id": "B", "n": {self.BIG}}}]}}'
        assert summary(rows_of(wrapped, "json")) == [
            (1, "A"),
            (1, "rejected: leads[1]: invalid JSON: a number has more than 4300 digits"),
        ]
        single = f'{{"id": "B", "n": {self.BIG}}}'
        assert summary(rows_of(single, "json")) == [
            (1, "rejected: invalid JSON: a number has more than 4300 digits")
        ]

    def test_json_deep_element_ends_the_document(self) -> None:
        """An element nested too deeply to skip is reported; reading stops there."""
        text = f'[{{"id": "A"}}, {{"id": "B", "x": {self.DEEP}}}, {{"id": "C"}}]'
        assert summary(rows_of(text, "json")) == [
            (1, "A"),
            (1, "rejected: [1]: invalid JSON: nested too deeply"),
        ]

    @pytest.mark.parametrize(
        ("column", "cell"),
        [
            ("answers.budget", "9" * 5000),
            ("company.employees", "9" * 5000),
            ("attributes.x", "[" + "9" * 5000 + "]"),
            ("events", "[" + "9" * 5000 + "]"),
            ("attributes.x", "[" * 5000 + "]" * 5000),
        ],
    )
    def test_csv_cells_name_their_column(self, column: str, cell: str) -> None:
        """A CSV cell with a huge number or deep JSON names its column."""
        text = f'id,{column}\nL-1,"{cell}"\nL-2,\n'
        rows = rows_of(text, "csv")
        assert isinstance(rows[0], Rejected)
        assert rows[0].reason.startswith(f"{column}: "), rows[0].reason
        assert summary(rows[1:]) == [(3, "L-2")]


class TestDuplicateKeys:
    """A key given twice in one object rejects the record instead of keeping the last."""

    def test_jsonl(self) -> None:
        """The line is rejected; the next one loads."""
        text = '{"id": "L", "id": "M"}\n{"id": "N"}\n'
        assert summary(rows_of(text, "jsonl")) == [
            (1, "rejected: invalid JSON: duplicate key 'id' in one object"),
            (2, "N"),
        ]

    def test_json(self) -> None:
        """In an array only the element is rejected; a doubled wrapper key is reported."""
        assert summary(rows_of('[{"id": "L", "id": "M"}, {"id": "N"}]', "json")) == [
            (1, "rejected: [0]: invalid JSON: duplicate key 'id' in one object"),
            (1, "N"),
        ]
        wrapper = '{"leads": [{"id": "A"}], "leads": [{"id": "B"}]}'
        assert summary(rows_of(wrapper, "json")) == [
            (1, "A"),
            (1, "rejected: invalid JSON: duplicate key 'leads' in one object"),
        ]


class TestReadLeadsJson:
    """read_leads on .json documents: arrays, wrappers, single leads."""

    def test_array_rows_carry_index_and_line(self) -> None:
        """In a JSON array each element is a row: its start line and its index are reported."""
        text = '[\n  {"id": "A"},\n  {"id": true},\n  {"id": "C"}\n]\n'
        assert summary(rows_of(text, "json")) == [
            (2, "A"),
            (
                3,
                "rejected: [1]: id: expected an identifier (text or a whole number), got True",
            ),
            (4, "C"),
        ]

    def test_wrapper_object(self) -> None:
        """``{"leads": [...]}`` is read as its array; other keys are metadata."""
        text = '{"exported_at": "2026-11-30",\n "leads": [{"id": "A"},\n {"id": ""}]}'
        assert summary(rows_of(text, "json")) == [
            (2, "A"),
            (3, "rejected: leads[1]: id: expected a non-empty string, got ''"),
        ]

    def test_single_object(self) -> None:
        """A document holding one object is one lead."""
        assert summary(rows_of('\n{"id": "A",\n "email": "a@b.nl"}\n', "json")) == [(2, "A")]

    def test_syntax_error_ends_the_document(self) -> None:
        """Rows before a JSON syntax error load; the error is reported on its own line."""
        text = '[{"id": "A"},\n {"id": "B",,},\n {"id": "C"}]'
        rows = rows_of(text, "json")
        assert summary(rows)[0] == (1, "A")
        assert len(rows) == 2
        assert isinstance(rows[1], Rejected)
        assert rows[1].line == 2
        assert rows[1].reason.startswith("invalid JSON: Expecting property name")
        assert rows[1].raw == ' {"id": "B",,},'

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ('[{"id": "A"}] x', "invalid JSON: unexpected text after the JSON document"),
            ('[{"id": "A"} {"id": "B"}]', "invalid JSON: expected ',' or ']' after an array"),
            ("42", "invalid JSON: expected an array of leads, a lead or {'leads': [...]}"),
        ],
    )
    def test_malformed_documents(self, text: str, reason: str) -> None:
        """Text that is not an array, object or wrapper is reported, never ignored."""
        rejected = [row for row in rows_of(text, "json") if isinstance(row, Rejected)]
        assert len(rejected) == 1
        assert rejected[0].reason.startswith(reason)

    def test_empty_document(self) -> None:
        """An empty file or an empty array holds no leads."""
        assert rows_of("", "json") == []
        assert rows_of(" [ ] ", "json") == []


CSV_HEADER = (
    "id,email,job_title,created_at,company.name,company.employees,company.annual_revenue,"
    "company.country,company.technologies,answers.budget,answers.need,answers.timeline,"
    "attributes.pain_points,attributes.segment,events"
)


class TestReadLeadsCsv:
    """read_leads on CSV: the column layout of docs/leads.md."""

    def test_full_row(self) -> None:
        """Flat, company., answers., attributes. and events columns build one lead."""
        events = '"[{""type"": ""page_view"", ""at"": ""2026-11-20T09:12:00+01:00"", '
        events += '""properties"": {""url"": ""/pricing""}}]"'
        row = (
            "L-1042,m.jansen@vdberg-metaal.nl,Operations Manager,2026-11-18T08:00:00+01:00,"
            "Van den Berg Metaal,180,2.4e7,nl,exact-online; afas,approved,TRUE,0.5,"
            f'"[""manual planning""]",smb,{events}'
        )
        (loaded,) = rows_of(f"{CSV_HEADER}\n{row}\n", "csv")
        assert isinstance(loaded, Loaded)
        lead = loaded.lead
        assert lead.company == lq.Company(
            name="Van den Berg Metaal",
            employees=180,
            annual_revenue=24_000_000.0,
            country="NL",
            technologies=("exact-online", "afas"),
        )
        assert dict(lead.answers) == {"budget": "approved", "need": True, "timeline": 0.5}
        assert dict(lead.attributes) == {"pain_points": ["manual planning"], "segment": "smb"}
        assert lead.events[0].properties["url"] == "/pricing"

    def test_empty_cells_are_unknown(self) -> None:
        """Empty cells leave fields unknown instead of empty strings or zeros."""
        (row,) = rows_of(f"{CSV_HEADER}\nL-1,,,,,,,,,,,,,,\n", "csv")
        assert isinstance(row, Loaded)
        assert row.lead == lq.Lead("L-1")

    @pytest.mark.parametrize(
        ("column", "cell", "reason"),
        [
            ("company.employees", "180 employees", "company.employees: expected a whole number"),
            ("company.employees", "1.8e2", "company.employees: expected a whole number"),
            ("company.employees", "-3", "company.employees: expected a number of at least 0"),
            ("company.annual_revenue", "24.000.000", "company.annual_revenue: expected a number"),
            ("company.annual_revenue", "€ 5", "company.annual_revenue: expected a number"),
            ("company.country", "Nederland", "company.country: expected a two-letter"),
            ("attributes.notes", "{not json", "attributes.notes: a cell starting with '{'"),
            ("events", "[{]", "events: expected a JSON array of events"),
            ("events", '{"type": "x"}', "events: expected a list"),
            ("created_at", "2026-11-18 08:00", "created_at: timestamp '2026-11-18 08:00' has no"),
        ],
    )
    def test_bad_cells_name_their_column(self, column: str, cell: str, reason: str) -> None:
        """A cell that does not parse rejects its row with the column name in the reason."""
        text = f'id,{column}\nL-1,"{cell.replace(chr(34), chr(34) * 2)}"\nL-2,\n'
        rows = rows_of(text, "csv")
        assert isinstance(rows[0], Rejected)
        assert rows[0].reason.startswith(reason), rows[0].reason
        assert summary(rows[1:]) == [(3, "L-2")]

    def test_all_cell_problems_reported_together(self) -> None:
        """Several bad cells in one row are all named, so one fix round is enough."""
        text = 'id,company.employees,events\nL-1,many,"[1"\n'
        (row,) = rows_of(text, "csv")
        assert isinstance(row, Rejected)
        assert row.reason.count(";") == 1
        assert "company.employees" in row.reason
        assert "events" in row.reason

    def test_trailing_empty_header_cell(self) -> None:
        """A trailing comma in the header (Excel) is fine while its cells stay empty."""
        text = "id,email,\nL-1,a@b.nl,\nL-2,c@d.nl,x\n"
        assert summary(rows_of(text, "csv")) == [
            (2, "L-1"),
            (3, "rejected: column 3 has no name in the header, but holds 'x'"),
        ]

    def test_line_numbers_follow_physical_lines(self) -> None:
        """A quoted cell spanning lines moves later rows down; the start line is reported."""
        text = 'id,job_title\r\nL-1,"Hoofd\r\nInkoop"\r\n\r\nL-2,x,extra\r\nL-3,CEO\r\n'
        rows = rows_of(text, "csv")
        assert summary(rows) == [
            (2, "L-1"),
            (5, "rejected: expected 2 cells as in the header, got 3"),
            (6, "L-3"),
        ]
        assert isinstance(rows[0], Loaded)
        assert rows[0].lead.job_title == "Hoofd\r\nInkoop"
        assert isinstance(rows[1], Rejected)
        assert rows[1].raw == "L-2,x,extra"

    def test_broken_quoting_rejects_only_its_record(self) -> None:
        """A record the CSV parser cannot read is rejected; reading resumes after it."""
        rows = rows_of('id,job_title\nL-1,"CEO"x\nL-2,CEO\n', "csv")
        assert summary(rows) == [
            (2, "rejected: invalid CSV: ',' expected after '\"'"),
            (3, "L-2"),
        ]

    def test_unknown_column_is_an_input_error(self) -> None:
        """An unknown column stops the read before any row, with a hint where it belongs."""
        with pytest.raises(lq.InputFileError, match=r"put custom data in 'attributes\.segment'"):
            rows_of("id,segment\nL-1,smb\n", "csv")
        with pytest.raises(lq.InputFileError, match=r"unknown column 'company\.size'"):
            rows_of("id,company.size\nL-1,3\n", "csv")
        with pytest.raises(lq.InputFileError, match=r"no 'id' column"):
            rows_of("email\na@b.nl\n", "csv")
        with pytest.raises(lq.InputFileError, match="appears twice"):
            rows_of("id,email,email\nL-1,a,b\n", "csv")

    def test_bom_and_empty_rows(self) -> None:
        """A BOM before the header and all-empty rows (spreadsheet exports) are harmless."""
        rows = rows_of("\ufeffid,email\nL-1,a@b.nl\n,\n", "csv")
        assert summary(rows) == [(2, "L-1")]


class TestReadLeadsSources:
    """read_leads on paths, gzip, standard input and streams."""

    def test_gzip_files(self, tmp_path: Path) -> None:
        """``.jsonl.gz``, ``.json.gz`` and ``.csv.gz`` are decompressed on the fly."""
        for name, text in [
            ("a.jsonl.gz", '{"id": "L-1"}\n'),
            ("a.json.gz", '[{"id": "L-1"}]'),
            ("a.csv.gz", "id\nL-1\n"),
        ]:
            path = tmp_path / name
            path.write_bytes(gzip.compress(text.encode()))
            assert [lead.id for lead in load_leads(path)] == ["L-1"], name

    def test_corrupt_gzip_is_an_input_error(self, tmp_path: Path) -> None:
        """A file that is not gzip data fails as a whole, with the file name."""
        path = tmp_path / "a.jsonl.gz"
        path.write_bytes(b"not gzip")
        with pytest.raises(lq.InputFileError, match=r"a\.jsonl\.gz: cannot read"):
            list(read_leads(path))

    def test_stdin(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` reads standard input, in the explicit format, and leaves it open."""
        stdin = io.TextIOWrapper(io.BytesIO(b"id\nL-1\n"))
        monkeypatch.setattr(sys, "stdin", stdin)
        assert [lead.id for lead in load_leads("-", format="csv")] == ["L-1"]
        assert not stdin.buffer.closed

    def test_format_required_for_streams(self) -> None:
        """Standard input and streams have no suffix, so the format must be given."""
        with pytest.raises(lq.InputFileError, match="needs an explicit format"):
            read_leads("-")
        with pytest.raises(lq.InputFileError, match="unknown format 'xml'"):
            read_leads(io.StringIO(""), format="xml")  # type: ignore[arg-type]

    def test_path_problems(self, tmp_path: Path) -> None:
        """Missing files and unknown suffixes fail at once, before iterating."""
        with pytest.raises(lq.InputFileError, match="no such file"):
            read_leads(tmp_path / "missing.jsonl")
        with pytest.raises(lq.InputFileError, match="unsupported file type"):
            read_leads(tmp_path / "leads.xlsx")
        (tmp_path / "folder.csv").mkdir()
        with pytest.raises(lq.InputFileError, match="not a file"):
            read_leads(tmp_path / "folder.csv")

    def test_suffix_is_case_insensitive_and_format_overrides(self, tmp_path: Path) -> None:
        """``LEADS.JSONL`` is JSONL; an explicit format wins over the suffix."""
        path = tmp_path / "LEADS.JSONL"
        path.write_text('{"id": "L-1"}\n', encoding="utf-8")
        assert [lead.id for lead in load_leads(path)] == ["L-1"]
        txt = tmp_path / "leads.txt"
        txt.write_text("id\nL-2\n", encoding="utf-8")
        assert [lead.id for lead in load_leads(txt, format="csv")] == ["L-2"]

    def test_unknown_time_zone(self) -> None:
        """An unknown default zone is reported at once."""
        with pytest.raises(lq.TimestampError, match="unknown time zone 'Mars/Olympus'"):
            read_leads(io.StringIO(""), format="jsonl", default_timezone="Mars/Olympus")


class TestLoadLeads:
    """load_leads: the strict reader."""

    def test_raises_at_the_first_bad_row_with_its_line(self) -> None:
        """The strict reader yields good rows, then raises with the bad row's line."""
        leads = load_leads(io.StringIO(MALFORMED_JSONL), format="jsonl")
        assert next(leads).id == "L-1"
        with pytest.raises(lq.LeadError, match=r"^line 2: invalid JSON"):
            next(leads)

    def test_json_array_errors_name_the_element(self) -> None:
        """In a JSON array the message names both the line and the element."""
        text = '[{"id": "A"},\n {"id": "B", "events": [{"type": "x", "at": "2026-01-01"}]}]'
        with pytest.raises(lq.TimestampError, match=r"^line 2: \[1\]: events\[0\]\.at: timestamp"):
            list(load_leads(io.StringIO(text), format="json"))

    def test_naive_timestamp_is_a_timestamp_error(self) -> None:
        """A row whose only problem is a naive timestamp raises TimestampError with its line."""
        text = '{"id": "A"}\n{"id": "B", "events": [{"type": "x", "at": "2026-01-01T10:00"}]}\n'
        leads = load_leads(io.StringIO(text), format="jsonl")
        assert next(leads).id == "A"
        with pytest.raises(lq.TimestampError, match=r"^line 2: events\[0\]\.at: .*no time zone"):
            next(leads)

    def test_each_problem_keeps_its_line(self) -> None:
        """Several problems in one row are each listed with the line; mixed ones are LeadError."""
        row = '{"id": "B", "company": {"employees": "9"}, "created_at": "2026-01-01T10:00"}'
        with pytest.raises(lq.LeadError) as caught:
            list(load_leads(io.StringIO(row + "\n"), format="jsonl"))
        assert type(caught.value) is lq.LeadError
        assert sorted(error.split(": ")[1] for error in caught.value.errors) == [
            "company.employees",
            "created_at",
        ]
        assert all(error.startswith("line 1: ") for error in caught.value.errors)


class TestWriteLeads:
    """write_leads and the JSON round trip."""

    @given(leads)
    def test_lead_to_json_to_lead_is_identity(self, lead: lq.Lead) -> None:
        """Acceptance: Lead -> JSON text -> Lead gives an equal lead."""
        text = json.dumps(lq.unstructure(lead), ensure_ascii=False)
        assert lq.Lead.from_mapping(json.loads(text)) == lead

    @given(leads.map(lambda lead: [lead, attrs.evolve(lead, id=lead.id + "-2")]))
    def test_write_then_read_is_identity(self, written: list[lq.Lead]) -> None:
        """Writing leads to JSONL and reading them back gives equal leads, in order."""
        out = io.StringIO()
        assert write_leads(written, out) == len(written)
        out.seek(0)
        assert list(load_leads(out, format="jsonl")) == written

    def test_files_and_gzip(self, tmp_path: Path) -> None:
        """``.jsonl`` files are UTF-8 with LF endings; ``.jsonl.gz`` files are compressed."""
        written = [lq.Lead("L-1", job_title="Directeur-eigenaar", first_name="Chloé")]
        plain, packed = tmp_path / "a.jsonl", tmp_path / "a.jsonl.gz"
        write_leads(written, plain)
        write_leads(written, packed)
        assert plain.read_bytes() == gzip.decompress(packed.read_bytes())
        assert b'"first_name": "Chlo\xc3\xa9"' in plain.read_bytes()
        assert plain.read_bytes().endswith(b"}\n")
        assert list(load_leads(packed)) == written

    def test_only_json_lines(self, tmp_path: Path) -> None:
        """Other suffixes are refused rather than written in a surprising format."""
        with pytest.raises(lq.InputFileError, match="written as JSON Lines"):
            write_leads([], tmp_path / "a.csv")

    def test_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``-`` writes to standard output."""
        write_leads([lq.Lead("L-1")], "-")
        assert capsys.readouterr().out == '{"id": "L-1"}\n'
