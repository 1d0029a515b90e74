"""DuckDB reading canonical JSON lines itself: exactly the Python path's rows and rejects.

The records come from the polars reader's tests (the same canonical grammar, one rule
broken at a time), plus the cases a hand-written file holds: mangled lines, non-ASCII
text, numbers such as ``1e5``, ``-0`` and ``1.0``, repeated keys and ids, a byte order
mark, carriage returns and undecodable bytes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import leadqual as lq
from lead_strategies import leads as any_leads
from leadqual._convert import unstructure
from leadqual.engines import score_file
from leadqual.scoring import Between, EventMatch, Rule, ScoringModel
from strategies import leads as model_leads
from strategies import models, moments

pytest.importorskip("duckdb")
from engines.test_polars_native import GOOD, OFF, WIDE, _line, _mangle, _variant
from leadqual.engines import duckdb as engine

AS_OF = "2026-11-22T00:00:00Z"


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "leads.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _same(path: Path, model: ScoringModel = WIDE, **options: Any) -> list[Any]:
    python = list(score_file(model, path, engine="python", **options))
    duckdb = list(score_file(model, path, engine="duckdb", **options))
    assert duckdb == python
    return duckdb


def _native(tmp_path: Path, lines: list[str], model: ScoringModel = WIDE) -> int:
    """How many of ``lines`` DuckDB read itself (the rest went through Python)."""
    return engine.score_file(model, _write(tmp_path, lines)).native


def test_a_canonical_record_is_read_natively_and_scores_as_python(tmp_path: Path) -> None:
    """A record in canonical form is read by DuckDB and scored as on the Python path."""
    assert _native(tmp_path, [_line(GOOD)]) == 1
    rows = _same(_write(tmp_path, [_line(GOOD)]), as_of=AS_OF)
    assert rows[0].row["points"] > 0


@pytest.mark.parametrize("name", sorted(OFF))
def test_each_rule_gives_the_python_row(tmp_path: Path, name: str) -> None:
    """A record breaking one rule of canonical form gives the Python path's row or reject."""
    _same(_write(tmp_path, [_line(GOOD | {"id": "L-0"}), _variant(OFF[name])]), as_of=AS_OF)


@pytest.mark.parametrize("name", sorted(OFF))
def test_what_is_native_is_what_polars_reads_itself(tmp_path: Path, name: str) -> None:
    """Both engines check one grammar: a record broken one way is native in both or neither."""
    from engines.test_polars_native import _native as polars_native  # noqa: PLC0415

    lines = [_line(GOOD | {"id": "L-0"}), _variant(OFF[name])]
    assert _native(tmp_path, lines) == sum(polars_native(lines))


def test_numbers_as_written(tmp_path: Path) -> None:
    """1e5, -0, 1.0, -0.0 and friends: Python's values, native or not."""
    model = ScoringModel(
        [
            *WIDE.rules,
            Rule("n", 1, event=EventMatch("page_view", lq.scoring.Between("n", min=0))),
        ]
    )
    numbers = ["1e5", "-0", "1.0", "-0.0", "0.1", "1E+2", "100000.000000000001", "4"]
    lines = [
        _line({"id": f"L-{k}", "attributes": {"visits": 0}}).replace(
            '"visits": 0', f'"visits": {number}'
        )
        for k, number in enumerate(numbers)
    ]
    lines += [
        _line(GOOD | {"id": f"E-{k}"}).replace('"n": 3', f'"n": {number}')
        for k, number in enumerate(numbers)
    ]
    _same(_write(tmp_path, lines), model=model, as_of=AS_OF)
    assert _native(tmp_path, [lines[2], lines[7], lines[10]]) == 3  # 1.0, 4 and n: 1.0
    assert _native(tmp_path, [lines[0], lines[1], lines[9]]) == 0  # 1e5, -0 and n: -0


def test_non_ascii_text(tmp_path: Path) -> None:
    """Non-ASCII names, types and values are read natively where Python keeps them as they are."""
    texts = ["Zoë", "Straße", "İstanbul", "日本語", "naïve\u00a0", "\u2028x", "x\u2028", "😀"]
    lines = [
        _line(
            GOOD
            | {
                "id": f"L-{k}",
                "job_title": text,
                "events": [
                    {"type": text, "at": "2026-11-20T09:00:00Z", "properties": {text: text}}
                ],
                "attributes": {"visits": 4, text: text},
            }
        )
        for k, text in enumerate(texts)
    ]
    _same(_write(tmp_path, lines), as_of=AS_OF)
    # Stripping changes a text whose edge is a space of any script: Python reads it.
    assert _native(tmp_path, lines) == len(texts) - 3


def test_duplicate_keys(tmp_path: Path) -> None:
    """A key given twice anywhere goes to Python, which rejects it with its reason."""
    line = _line(GOOD)
    lines = [
        line.replace('"visits": 4', '"visits": 4, "visits": 9'),
        line.replace('"visits": 4', '"visits": 4, "flag": false, "visits": 4'),
        line.replace('"url": "/pricing"', '"url": "/pricing", "url": "/x"'),
        line.replace('"job_title": "Inkoper"', '"job_title": "A", "job_title": "B"'),
        line.replace('"employees": 180', '"employees": 180, "employees": 18'),
        line.replace('"owner": "kim"', '"owner": "kim", "owner": "jan"'),
        _line({"id": "L-2", "answers": {"a": True}}).replace('"a": true', '"a": true, "a": false'),
    ]
    assert _native(tmp_path, lines) == 0
    rows = _same(_write(tmp_path, lines))
    assert all(type(row).__name__ == "Rejected" for row in rows)


def test_long_texts(tmp_path: Path) -> None:
    """Texts around the length bound: Python's rows and rejects."""
    lines = [
        _line(GOOD | {"id": "L-1", "job_title": "x" * 999}),
        _line(GOOD | {"id": "L-2", "job_title": "x" * 1000}),
        _line(GOOD | {"id": "L-3", "job_title": "x" * 1001}),
        _line(GOOD | {"id": "L-4", "attributes": {"visits": 4, "note": "y" * 1500}}),
        _line(GOOD | {"id": "L-5", "attributes": {"k" * 1200: 1}}),
        _line(GOOD | {"id": "L-6", "company": {"technologies": ["t" * 1000]}}),
        _line(GOOD | {"id": "L-7", "owner": "o" * 1001}),
        _line(GOOD | {"id": "L-8", "attributes": {"visits": 4, "note": "y" * 990}}),
    ]
    _same(_write(tmp_path, lines), as_of=AS_OF)
    assert _native(tmp_path, [lines[0], lines[7]]) == 2
    assert _native(tmp_path, lines[1:7]) == 0


def test_mangled_lines_duplicate_ids_bom_and_line_ends(tmp_path: Path) -> None:
    """A byte order mark, CRLF, lone CR, blank lines, bad bytes, cut and repeated records."""
    good = _line(GOOD).encode()
    other = _line(GOOD | {"id": "L-2"}).encode()
    path = tmp_path / "leads.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + good
        + b"\r\n"
        + b'{"id": "L-\xff"}\n'
        + other
        + b"\r\r"
        + good
        + b"\n   \n"
        + good[:-7]
        + b"\n"
        + b"{not json\n[1]\nnull\n"
        + _line(GOOD | {"id": "L-3", "job_title": "Caf\u00e9"}).encode()
        + b"\n\t\n"
        + other
    )
    rows = _same(path, as_of=AS_OF)
    assert [row.line for row in rows] == [1, 2, 3, 5, 7, 8, 9, 10, 11, 13]
    _same(path, as_of=AS_OF, allow_duplicate_ids=True)


def test_copies_of_an_event(tmp_path: Path) -> None:
    """Identical copies of an event id stay native; copies that differ go to Python."""
    copy = {"type": "page_view", "at": "2026-11-20T09:00:00Z", "properties": {"url": "/pricing"}}
    same = GOOD | {"id": "L-1", "events": [copy | {"id": "E-1"}, copy | {"id": "E-1"}]}
    other = copy | {"id": "E-1", "properties": {"url": "/x"}}
    differ = GOOD | {"id": "L-2", "events": [copy | {"id": "E-1"}, other]}
    later = GOOD | {
        "id": "L-3",
        "events": [copy | {"id": "E-1"}, other | {"at": "2026-11-21T09:00:00Z"}],
    }
    lines = [_line(same), _line(differ), _line(later)]
    _same(_write(tmp_path, lines), as_of=AS_OF)
    assert _native(tmp_path, lines) == 2


def test_a_sum_beyond_the_exact_range_is_rejected_as_python_does(tmp_path: Path) -> None:
    """A lead whose sums leave the exact range is rejected with Python's reason."""
    model = ScoringModel([Rule("big", 10**9, event=EventMatch("v"))])
    views = [
        {"type": "v", "at": f"2026-11-{1 + i // 60:02d}T00:{i % 60:02d}:00Z"} for i in range(1200)
    ]
    lines = [_line({"id": "L-1"}), _line({"id": "L-9", "events": views}), _line({"id": "L-2"})]
    rows = _same(_write(tmp_path, lines), model=model)
    assert [type(row).__name__ for row in rows] == ["Scored", "Rejected", "Scored"]


def test_gzip_and_explicit_format(tmp_path: Path) -> None:
    """A .gz file and format='jsonl' on another suffix are read natively too."""
    path = tmp_path / "leads.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(_line(GOOD) + "\n" + _line(GOOD | {"id": "L-2"}) + "\n")
    _same(path)
    other = tmp_path / "leads.txt"
    other.write_text(_line(GOOD) + "\n", encoding="utf-8")
    _same(other, format="jsonl")


def test_icp_fit_points_through_the_file_reader(tmp_path: Path) -> None:
    """A model with ICP fit points is scored (its records read by Python), not refused."""
    from leadqual.icp import ICP, CompanySize  # noqa: PLC0415

    icp = ICP(criteria=(CompanySize(min_employees=50, max_employees=500),))
    model = ScoringModel(list(WIDE.rules), fit=lq.scoring.FitPoints(icp, points=40))
    path = _write(tmp_path, [_line(GOOD), _line(GOOD | {"id": "L-2", "company": {}}), "{bad"])
    rows = _same(path, model=model, as_of=AS_OF)
    result = engine.score_file(model, path)
    assert result.native == 0
    assert result.scores["rule:icp_fit"].to_list() == [row.row["rule:icp_fit"] for row in rows[:2]]
    assert [reject.line for reject in result.rejects] == [3]
    assert rows[0].row["rule:icp_fit"] == 40


def test_an_unknown_time_zone_fails_as_on_the_python_path(tmp_path: Path) -> None:
    """Even when every record is canonical, a bad default_timezone is an error."""
    path = _write(tmp_path, [_line(GOOD)])
    with pytest.raises(lq.TimestampError, match="unknown time zone"):
        list(score_file(WIDE, path, engine="duckdb", default_timezone="Mars/Base"))
    _same(path, default_timezone="Europe/Amsterdam")


_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n \n"])
_RECORD = st.tuples(any_leads, st.integers(0, 9), _ENDS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_RECORD, max_size=8), st.sampled_from([WIDE, lq.starter_model()]) | models())
def test_random_files_give_the_python_rows_and_rejects(
    tmp_path_factory: pytest.TempPathFactory,
    records: list[tuple[lq.Lead, int, str]],
    model: ScoringModel,
) -> None:
    """Good, slightly off and broken records, any line ends: identical rows and rejects."""
    path = tmp_path_factory.mktemp("duckdb_native") / "leads.jsonl"
    text = "".join(_mangle(unstructure(lead), how) + end for lead, how, end in records)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"))
    _same(path, model=model, as_of=AS_OF)


def test_written_leads_are_native(tmp_path: Path) -> None:
    """What write_leads writes is read by DuckDB itself."""
    path = tmp_path / "written.jsonl"
    lq.io.write_leads([lq.Lead.from_mapping(GOOD)], path)
    assert engine.score_file(WIDE, path).native == 1
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == "L-1"


@pytest.mark.parametrize("name", ["polars", "duckdb"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(), st.lists(model_leads(), max_size=5), moments(90))
def test_random_models_over_the_values_their_rules_read(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    model: ScoringModel,
    batch: list[lq.Lead],
    as_of: Any,
) -> None:
    """Leads whose fields the random rules test (decimals among them), written by leadqual."""
    path = tmp_path_factory.mktemp("native") / "leads.jsonl"
    lq.io.write_leads([attrs.evolve(lead, id=f"L-{n}") for n, lead in enumerate(batch)], path)
    python = list(score_file(model, path, engine="python", as_of=as_of))
    assert list(score_file(model, path, engine=name, as_of=as_of)) == python


@pytest.mark.parametrize(
    ("value", "low", "high", "points"),
    [(1.5, 1.25, None, 7), (0.5, None, 0.25, 0), (0.5, None, 0.75, 7), (-0.75, -1, -0.5, 7)],
)
def test_numbers_compare_whole(
    tmp_path: Path, value: float, low: float | None, high: float | None, points: int
) -> None:
    """A number with a fraction is compared whole (the polars reader once read 1.5 as 1)."""
    model = ScoringModel(
        [
            Rule("attribute", 4, when=Between("attributes.visits", min=low, max=high)),
            Rule("property", 3, event=EventMatch("page_view", Between("n", min=low, max=high))),
        ]
    )
    record = {
        "id": "L-1",
        "events": [{"type": "page_view", "at": "2026-11-20T09:00:00Z", "properties": {"n": value}}],
        "attributes": {"visits": value},
    }
    path = _write(tmp_path, [_line(record)])
    (row,) = _same(path, model=model, as_of=AS_OF)
    assert _native(tmp_path, [_line(record)], model) == 1
    assert row.row["points"] == points


@pytest.mark.parametrize("name", ["polars", "duckdb"])
def test_duplicate_ids_past_the_in_memory_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The engines keep the Python reader's bounded id index: a repeat is found once spilled."""
    from leadqual.io import _leads  # noqa: PLC0415

    monkeypatch.setattr(_leads, "_MEMORY", 3)
    monkeypatch.setattr(_leads, "_BATCH", 2)
    ids = [f"L-{n % 7}" if n % 5 == 0 else f"L-{n}" for n in range(40)]
    lines = [_line({**GOOD, "id": lead_id}) for lead_id in ids]
    path = _write(tmp_path, lines)
    python = list(score_file(WIDE, path, engine="python", as_of=AS_OF))
    assert list(score_file(WIDE, path, engine=name, as_of=AS_OF)) == python
    assert sum(type(row).__name__ == "Rejected" for row in python) > 0
