"""The SQL rendering: quoting, dialects, globs and URLs as Python reads them, the CLI."""

from __future__ import annotations

import fnmatch
import io

import pytest
import sqlglot
from hypothesis import given
from hypothesis import strategies as st

import leadqual as lq
from leadqual.cli import main
from leadqual.engines.sql import DIALECTS, _Render, render, to_sql
from leadqual.exceptions import UnsupportedByEngineError
from leadqual.scoring import (
    Contains,
    CustomRule,
    Equals,
    Rule,
    ScoringModel,
    Thresholds,
)
from leadqual.scoring._compile import url_path
from leadqual.scoring._plan import Field
from leadqual.scoring._plan import Glob as GlobNode
from leadqual.scoring._plan import Text as TextNode
from strategies import models

duckdb = pytest.importorskip("duckdb")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_starter_model_renders_and_parses_back(dialect: str) -> None:
    """Every dialect's text is valid SQL for that dialect (sqlglot reads it back)."""
    text = to_sql(lq.starter_model(), dialect)  # type: ignore[arg-type]
    assert sqlglot.parse_one(text, read=dialect) is not None


@given(models(), st.sampled_from(DIALECTS))
def test_random_models_render_on_every_dialect(model: ScoringModel, dialect: str) -> None:
    """Spark refuses once_per by name; everything else renders to parseable SQL."""
    uses_once_per = any(getattr(rule, "once_per", None) for rule in model.rules)
    if dialect == "spark" and uses_once_per:
        with pytest.raises(UnsupportedByEngineError, match="once_per"):
            to_sql(model, dialect)
        return
    assert sqlglot.parse_one(to_sql(model, dialect), read=dialect) is not None  # type: ignore[arg-type]


def test_values_and_names_with_quotes_stay_literals() -> None:
    """A needle ``O'Brien`` and an attribute key with a double quote are quoted, not SQL."""
    model = ScoringModel(
        (
            Rule("irish", 5, when=Contains("last_name", "O'Brien")),
            Rule("odd_key", 3, when=Equals('attributes.a"b', "x'); DROP TABLE leads; --")),
        ),
        thresholds=Thresholds(sql=10),
    )
    for dialect in DIALECTS:
        text = to_sql(model, dialect)
        tree = sqlglot.parse_one(text, read=dialect)
        literals = {node.this for node in tree.find_all(sqlglot.exp.Literal) if node.is_string}
        assert "%o'brien%" in literals
        assert "x'); drop table leads; --" in literals
        columns = {node.name for node in tree.find_all(sqlglot.exp.Column)}
        assert 'attributes.a"b' in columns
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE leads (lead_id VARCHAR, _row BIGINT, created_at TIMESTAMPTZ, "
        '"last_name" VARCHAR, "attributes.a""b" VARCHAR)'
    )
    con.execute(
        "INSERT INTO leads VALUES ('L-1', 0, NULL, 'o''brien', 'X''); DROP TABLE leads; --')"
    )
    rows = con.execute(to_sql(model, "duckdb")).fetchall()
    assert rows[0][1] == 8  # both rules held; the table is still there
    assert con.execute("SELECT count(*) FROM leads").fetchone() == (1,)


def test_a_python_rule_is_refused_on_every_dialect() -> None:
    """The error names the rule: no query that would silently score it differently."""
    model = ScoringModel((CustomRule("by_hand", lambda _l, _a: 1),), thresholds=Thresholds(sql=1))
    for dialect in DIALECTS:
        with pytest.raises(UnsupportedByEngineError, match="by_hand"):
            render(model, dialect)


_GLOB_CHARS = st.sampled_from([*"ab-]![*?", "x", "^", "\\", ".", "$", "(", "é"])


@given(
    st.text(_GLOB_CHARS, max_size=6), st.text(st.sampled_from([*"ab-]![*?x^\\.$(é\n"]), max_size=6)
)
def test_globs_match_as_fnmatch_does(pattern: str, text: str) -> None:
    """The SQL rendering of a glob (LIKE or a regex) agrees with fnmatch.fnmatchcase."""
    renderer = _Render("duckdb", {"properties.u": "text"}, python_udfs=False)
    try:
        condition = renderer.test(GlobNode(Field("event", ("u",)), pattern), "t")
    except UnsupportedByEngineError:
        return  # a range out of order: refused, never rendered differently
    query = sqlglot.select(condition).from_(
        sqlglot.exp.Values(
            expressions=[sqlglot.exp.Tuple(expressions=[sqlglot.exp.Literal.string(text)])],
            alias=sqlglot.exp.TableAlias(
                this=sqlglot.exp.to_identifier("t"),
                columns=[sqlglot.exp.to_identifier("properties.u", quoted=True)],
            ),
        )
    )
    got = duckdb.execute(query.sql("duckdb")).fetchone()
    assert got == (fnmatch.fnmatchcase(text.casefold(), pattern),), query.sql("duckdb")


_URL_CHARS = st.sampled_from([*"ab/:?#.", "//", "://", "http", "1", "+", "%"])


@given(st.lists(_URL_CHARS, max_size=10).map("".join))
def test_urls_reduce_as_urlsplit_does(url: str) -> None:
    """On printable ASCII, the SQL URL reduction is ``url_path`` (urlsplit) exactly."""
    renderer = _Render("duckdb", {"properties.u": "text"}, python_udfs=False)
    raw = sqlglot.exp.Literal.string(url)
    expression = renderer.url_path(raw, renderer.url_rest(raw))
    got = duckdb.execute(sqlglot.select(expression).sql("duckdb")).fetchone()
    assert got == (url_path(url),)


def test_text_needles_with_like_characters_are_escaped() -> None:
    """``%``, ``_`` and ``!`` in a needle are plain characters."""
    renderer = _Render("duckdb", {"job_title": "text"}, python_udfs=False)
    for needle, text, expected in (
        ("50%", "50% off", True),
        ("a_b", "axb", False),
        ("!", "hi!", True),
    ):
        condition = renderer.test(TextNode(Field("lead", ("job_title",)), "contains", needle), "t")
        query = sqlglot.select(condition).from_(
            sqlglot.exp.Values(
                expressions=[sqlglot.exp.Tuple(expressions=[sqlglot.exp.Literal.string(text)])],
                alias=sqlglot.exp.TableAlias(
                    this=sqlglot.exp.to_identifier("t"),
                    columns=[sqlglot.exp.to_identifier("job_title", quoted=True)],
                ),
            )
        )
        assert duckdb.execute(query.sql("duckdb")).fetchone() == (expected,)


def test_the_cli_prints_the_query_with_a_header() -> None:
    """``leadqual sql`` writes the expected tables as comments, then the query."""
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["sql", "--dialect", "postgres", "--leads-table", "crm.leads"], stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    text = out.getvalue()
    header = [line for line in text.splitlines() if line.startswith("--")]
    assert '--   "crm.leads": one row per lead' in header
    assert '--     "properties.url" text' in header
    assert '"crm"."leads"' in text
    body = text[text.index("WITH") :]
    assert sqlglot.parse_one(body.rstrip().rstrip(";"), read="postgres") is not None
    nl = io.StringIO()
    assert main(["--lang", "nl", "sql"], stdout=nl, stderr=err) == 0
    assert "één rij per lead" in nl.getvalue()


def test_the_cli_refuses_a_bad_kind() -> None:
    """``--kind`` takes COLUMN=KIND with a known kind."""
    with pytest.raises(SystemExit):
        main(["sql", "--kind", "attributes.x=float"], stdout=io.StringIO(), stderr=io.StringIO())
