"""The plan rendered as one SQL query, through sqlglot, for DuckDB, Spark SQL and PostgreSQL.

The query is built as a sqlglot expression tree (every model value a quoted literal,
every column a quoted identifier: a needle ``O'Brien`` or a column named ``a"b`` is
safe) and printed for a dialect with ``.sql(dialect=...)``. It reads two tables in the
engines' shared layout (:mod:`leadqual.engines._layout`):

``leads``
    ``lead_id`` text, ``_row`` integer (input order), ``created_at`` timestamp (UTC,
    nullable) and one column per lead field the model reads, named by its path
    (``email_domain``, ``company.employees``, ``attributes.visits``); technologies (and
    other lists) as arrays of text.
``events``
    ``lead_id``, ``_row`` (its lead's row: lead ids need not be unique), ``event_id``
    (nullable), ``type``, ``at`` timestamp (UTC), ``_seq`` (the event's rank in
    canonical order within its lead) and one column
    ``properties.<key>`` per event property the model reads.

It returns one row per lead, ordered by ``_row``: ``lead_id``, ``points``, ``fit``,
``engagement``, ``stage``, then ``group:<name>`` per group and
``rule:<name>`` per rule (the rule's points after decay and rounding, before caps;
``rule:icp_fit`` for fit points, read from the lead table's ``_fit_points``).

The semantics are the plan's (:mod:`leadqual.scoring._plan`): predicates are
three-valued and SQL's ``NULL`` logic is Kleene's for ``AND``/``OR``/``NOT``, so each
predicate is rendered to be ``NULL`` exactly when the plan calls it unknown. Points
stay on the 1/1024 grid with Python's rounding (half to even), so sums of doubles are
exact in any order. Two places where SQL text functions differ from Python's:

* Text is compared *casefolded*. Printed queries use ``LOWER``, which differs from
  ``str.casefold`` for about 300 characters (``ß`` folds to ``ss``, ``ſ`` to ``s``);
  the embedded DuckDB engine sends text outside ASCII to Python (``casefold``,
  ``urlsplit``, the product key) and is exact.
* URL reduction is a regular expression that agrees with ``urlsplit`` on printable
  ASCII without brackets (the embedded DuckDB engine sends other URLs to Python).

A custom (Python) rule or ICP fit points cannot be expressed: rendering refuses with
:class:`UnsupportedByEngineError` naming the rule; so does ``once_per`` on a dialect without
recursive queries.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from leadqual._core.grid import GRID
from leadqual._freemail import free_email_domains
from leadqual.engines._layout import (
    FIT_KNOCK_OUT,
    FIT_POINTS,
    Kind,
    column_name,
    group_column,
    layout,
    plain_glob,
    rule_column,
)
from leadqual.exceptions import ConfigError, LeadqualError, UnsupportedByEngineError
from leadqual.scoring import _plan as nodes

try:
    from sqlglot import exp
except ImportError:  # pragma: no cover - the extra is installed wherever tests run
    _msg = "the SQL engines need sqlglot: pip install 'leadqual[sql]'"
    raise LeadqualError(_msg) from None

if TYPE_CHECKING:
    from leadqual.scoring import ScoringModel

__all__ = [
    "DIALECTS",
    "Dialect",
    "Kind",
    "column_kinds",
    "render",
    "table_columns",
    "to_sql",
]

Dialect = Literal["duckdb", "spark", "postgres"]
DIALECTS: tuple[Dialect, ...] = ("duckdb", "spark", "postgres")

_MAX_SPAN_US = 320_000_000_000_000_000  # more than year 1 to year 9999 in microseconds
_ASCII = "[^[:ascii:]]"  # RE2: any character outside ASCII
_URL = "#url"  # suffix of the column holding a URL reduced to its path


# --- what the columns hold ------------------------------------------------------------------


_Leaf = nodes.Equal | nodes.Text | nodes.Glob | nodes.Range | nodes.Present | nodes.FreeDomain


def _predicates(node: nodes.Predicate | None) -> Iterable[_Leaf]:
    stack = [] if node is None else [node]
    while stack:
        current = stack.pop()
        if isinstance(current, nodes.And | nodes.Or):
            stack.extend(current.parts)
        elif isinstance(current, nodes.Not):
            stack.append(current.part)
        else:
            yield current


def _field(value: nodes.Value) -> nodes.Field:
    return value if isinstance(value, nodes.Field) else value.value


def _column(field: nodes.Field) -> str:
    return column_name(field)


def _guess(predicate: nodes.Predicate) -> Kind | None:
    # What a predicate suggests a free-form field (attributes, answers, properties) holds.
    if isinstance(predicate, nodes.Range):
        return "number"
    if isinstance(predicate, nodes.Equal):
        options = predicate.options
        if options and all(isinstance(o, bool) for o in options):
            return "bool"
        if options and all(isinstance(o, int | float) and not isinstance(o, bool) for o in options):
            return "number"
        return "text"
    if isinstance(predicate, nodes.Text | nodes.Glob | nodes.FreeDomain):
        return "text"
    return None


def column_kinds(plan: nodes.Plan, given: Mapping[str, Kind] | None = None) -> dict[str, Kind]:
    """Every column the plan reads and the kind of value it is read as.

    Built-in lead fields have fixed kinds (:mod:`~leadqual.engines._layout`); a
    free-form field (attributes, answers, event properties) takes its kind from
    ``given``, else the kind its predicates suggest (``number`` for a range, ``bool``
    for ``equals true``), else text.

    >>> import leadqual as lq
    >>> sorted(column_kinds(lq.starter_model().compile().plan).items())
    [('email_domain', 'text'), ('job_title', 'text'), ('properties.content_type', 'text'), ('properties.url', 'text')]
    """  # noqa: E501 - a doctest line
    shape = layout(plan)
    kinds: dict[str, Kind] = {}
    guessed: set[str] = set()
    for column in (*shape.lead_columns, *shape.event_columns):
        if column.kind is not None:
            kinds[column.name] = column.kind
        elif given is not None and column.name in given:
            kinds[column.name] = given[column.name]
    for rule in plan.rules:
        if not isinstance(rule, nodes.RuleNode):
            continue
        wheres = [rule.when, None if rule.event is None else rule.event.where]
        for predicate in (p for where in wheres for p in _predicates(where)):
            name = _column(_field(predicate.value))
            if name in kinds and not (name in guessed and kinds[name] == "text"):
                continue
            guess = _guess(predicate)
            if name not in kinds or guess not in (None, "text"):
                kinds[name] = guess or "text"
                guessed.add(name)
    return kinds


# --- rendering --------------------------------------------------------------------------------


class _Render:
    """Turns plan nodes into sqlglot expressions for one dialect."""

    def __init__(self, dialect: Dialect, kinds: Mapping[str, Kind], *, python_udfs: bool) -> None:

        self.dialect = dialect
        self.kinds = kinds
        self.udfs = python_udfs

    # -- small builders --------------------------------------------------------------------

    def lit(self, value: object) -> exp.Expr:
        if isinstance(value, bool):
            return exp.true() if value else exp.false()
        if isinstance(value, int):
            return exp.Literal.number(value)
        if isinstance(value, float):
            number = exp.Literal.number(repr(value))
            # Spark reads 1024.0 as a DECIMAL, and decimal division rounds: keep doubles.
            return self.double(number) if self.dialect == "spark" else number
        return exp.Literal.string(str(value))

    def col(self, name: str, table: str | None = None) -> exp.Expr:
        return exp.column(
            exp.to_identifier(name, quoted=True),
            table=None if table is None else exp.to_identifier(table, quoted=True),
        )

    def fn(self, name: str, *args: exp.Expr) -> exp.Expr:
        return exp.Anonymous(this=name, expressions=list(args))

    def case(self, *whens: tuple[exp.Expr, exp.Expr], default: object = None) -> exp.Expr:
        node = exp.Case()
        for condition, value in whens:
            node = node.when(condition, value)
        if default is not None:
            node = node.else_(default if isinstance(default, exp.Expr) else self.lit(default))
        return node

    def regex(self, text: exp.Expr, pattern: str) -> exp.Expr:
        if self.dialect == "postgres":
            pattern = pattern.replace("[:ascii:]", "\\x01-\\x7f")
        return exp.RegexpLike(this=text, expression=exp.Literal.string(pattern))

    def replace_first(self, text: exp.Expr, pattern: str) -> exp.Expr:
        # Patterns here are anchored (^), so replacing all matches replaces the first one.
        return self.fn("REGEXP_REPLACE", text, self.lit(pattern), self.lit(""))

    def extract(self, text: exp.Expr, pattern: str) -> exp.Expr:
        """Group 1 of ``pattern`` (which always matches) in ``text``."""
        if self.dialect == "postgres":
            match = exp.Paren(this=self.fn("REGEXP_MATCH", text, self.lit(pattern)))
            return exp.Bracket(this=match, expressions=[self.lit(1)])
        return self.fn("REGEXP_EXTRACT", text, self.lit(pattern), self.lit(1))

    def epoch_us(self, moment: exp.Expr) -> exp.Expr:
        if self.dialect == "duckdb":
            return self.fn("EPOCH_US", moment)
        if self.dialect == "spark":
            return self.fn("UNIX_MICROS", moment)
        seconds = exp.Extract(this=exp.var("EPOCH"), expression=moment)
        micros = exp.Mul(this=seconds, expression=self.lit(1_000_000))
        return exp.Cast(this=micros, to=exp.DataType.build("BIGINT"))

    def double(self, value: exp.Expr) -> exp.Expr:
        return exp.Cast(this=value, to=exp.DataType.build("DOUBLE"))

    # -- text --------------------------------------------------------------------------------

    def non_ascii(self, text: exp.Expr) -> exp.Expr:
        """Text holding a character outside ASCII (more bytes than characters)."""
        if self.dialect == "duckdb":
            return exp.NEQ(this=self.fn("STRLEN", text), expression=exp.Length(this=text))
        return self.regex(text, _ASCII)

    def fold(self, text: exp.Expr) -> exp.Expr:
        lower = exp.Lower(this=text)
        if not self.udfs:
            return lower
        return self.case((self.non_ascii(text), self.fn("LQ_CASEFOLD", text)), default=lower)

    def url_rest(self, text: exp.Expr) -> exp.Expr:
        """An absolute URL without scheme, host and fragment (``NULL`` for other text)."""
        rest = self.replace_first(text, "^[A-Za-z][A-Za-z0-9+.-]*:")
        rest = self.replace_first(rest, "^//[^/?#]*")
        rest = self.replace_first(rest, "(?s)#.*$")
        absolute = exp.GT(
            this=exp.StrPosition(this=text, substr=self.lit("://")), expression=self.lit(0)
        )
        return self.case((absolute, rest))

    def url_path(self, text: exp.Expr, rest: exp.Expr) -> exp.Expr:
        """``url_path`` of ``text`` from its :meth:`url_rest` (``NULL``: no valid URL)."""
        length = exp.Length(this=rest)
        lone_mark = exp.EQ(this=exp.StrPosition(this=rest, substr=self.lit("?")), expression=length)
        body = self.case(
            (
                lone_mark,
                exp.Substring(
                    this=rest,
                    start=self.lit(1),
                    length=exp.Sub(this=length, expression=self.lit(1)),
                ),
            ),
            default=rest,
        )
        no_path = exp.or_(
            exp.EQ(this=rest, expression=self.lit("")),
            exp.EQ(
                this=exp.Substring(this=rest, start=self.lit(1), length=self.lit(1)),
                expression=self.lit("?"),
            ),
        )
        shown = exp.DPipe(
            this=self.case((no_path, self.lit("/")), default=self.lit("")),
            expression=body,
            safe=True,
        )
        whens: list[tuple[exp.Expr, exp.Expr]] = []
        if self.udfs:
            hard = self.regex(text, "[^\\x21-\\x7e]|\\[|\\]")
            whens.append((hard, self.fn("LQ_URL_PATH", text)))
        whens.append((exp.Is(this=rest, expression=exp.null()), text))
        return self.case(*whens, default=shown)

    def product_key(self, text: exp.Expr) -> exp.Expr:
        ascii_key = self.fn(
            "REGEXP_REPLACE", exp.Lower(this=text), self.lit("[^a-z0-9]"), self.lit("")
        )
        if self.dialect in ("duckdb", "postgres"):
            ascii_key = self.fn(
                "REGEXP_REPLACE",
                exp.Lower(this=text),
                self.lit("[^a-z0-9]"),
                self.lit(""),
                self.lit("g"),
            )
        if not self.udfs:
            return ascii_key
        return self.case((self.non_ascii(text), self.fn("LQ_PRODUCT_KEY", text)), default=ascii_key)

    # -- values --------------------------------------------------------------------------------

    def kind(self, value: nodes.Value) -> Kind:
        return self.kinds.get(_column(_field(value)), "text")

    def read(self, value: nodes.Value, table: str) -> exp.Expr:
        """The raw column (lists stay arrays); URL reduction applied to text."""
        name = _column(_field(value))
        if isinstance(value, nodes.UrlPath) and self.kind(value) == "text":
            return self.col(name + _URL, table)  # reduced once, where the table is made
        return self.col(name, table)

    def any_item(self, value: nodes.Value, table: str, test: object) -> exp.Expr:
        """Some item passes ``test(item_expr)``: the scalar itself, or an array element."""
        raw = self.read(value, table)
        key = isinstance(value, nodes.ProductKey)
        if self.kind(value) != "texts":
            item = self.product_key(raw) if key else raw
            return test(item)  # type: ignore[operator, no-any-return]
        element = exp.column(exp.to_identifier("_item", quoted=True))
        item = self.product_key(element) if key else element
        passes = exp.and_(exp.Not(this=exp.Is(this=element, expression=exp.null())), test(item))  # type: ignore[operator]
        if self.dialect == "spark":
            lam = exp.Lambda(this=passes, expressions=[exp.to_identifier("_item", quoted=True)])
            return exp.Coalesce(this=self.fn("EXISTS", raw, lam), expressions=[exp.false()])
        unnest = exp.Unnest(
            expressions=[raw],
            alias=exp.TableAlias(
                this=exp.to_identifier("_u"), columns=[exp.to_identifier("_item", quoted=True)]
            ),
        )
        return exp.Exists(this=exp.select("1").from_(unnest).where(passes))

    def present(self, value: nodes.Value, table: str) -> exp.Expr:
        if self.kind(value) == "texts":
            raw = self.read(value, table)
            return exp.and_(
                exp.Not(this=exp.Is(this=raw, expression=exp.null())),
                self.any_item(value, table, lambda _item: exp.true()),
            )
        return exp.Not(this=exp.Is(this=self.read(value, table), expression=exp.null()))

    # -- predicates ----------------------------------------------------------------------------

    def truth(self, node: nodes.Predicate, table: str) -> exp.Expr:
        """A boolean expression: TRUE, FALSE or NULL exactly when the plan's node is."""
        if isinstance(node, nodes.And):
            return exp.Paren(this=exp.and_(*(self.truth(p, table) for p in node.parts)))
        if isinstance(node, nodes.Or):
            return exp.Paren(this=exp.or_(*(self.truth(p, table) for p in node.parts)))
        if isinstance(node, nodes.Not):
            return exp.Not(this=exp.Paren(this=self.truth(node.part, table)))
        present = self.present(node.value, table)
        if isinstance(node, nodes.Present):
            return present
        test = self.test(node, table)
        return self.case((present, test))

    def test(self, node: _Leaf, table: str) -> exp.Expr:  # noqa: C901, PLR0911, PLR0912
        """The predicate's value for a present value (never NULL)."""
        kind = self.kind(node.value)
        text_kind = kind in ("text", "texts")
        if isinstance(node, nodes.Equal):
            if text_kind:
                texts = sorted({o.casefold() for o in node.options if isinstance(o, str)})
                if not texts:
                    return exp.false()
                return self.any_item(
                    node.value,
                    table,
                    lambda item: self._in(self.fold_item(node.value, item), texts),
                )
            if kind == "bool":
                wanted: list[int | float] = sorted({o for o in node.options if isinstance(o, bool)})
            else:
                wanted = sorted(
                    {
                        o
                        for o in node.options
                        if isinstance(o, int | float) and not isinstance(o, bool)
                    }
                )
            if not wanted:
                return exp.false()
            return exp.Coalesce(
                this=self._in(self.read(node.value, table), wanted), expressions=[exp.false()]
            )
        if isinstance(node, nodes.Text | nodes.Glob):
            if not text_kind:
                return exp.false()
            if isinstance(node, nodes.Text):
                pattern = _text_like(node.op, node.needle)
                return self.any_item(
                    node.value,
                    table,
                    lambda item: self._like(self.fold_item(node.value, item), pattern),
                )
            return self.any_item(
                node.value,
                table,
                lambda item: self._glob(self.fold_item(node.value, item), node.pattern),
            )
        if isinstance(node, nodes.Range):
            if kind != "number":
                return exp.false()
            number = self.read(node.value, table)
            checks: list[exp.Expr] = [
                exp.EQ(this=exp.Sub(this=number, expression=number), expression=self.lit(0))
            ]
            if node.min is not None:
                checks.append(exp.GTE(this=number, expression=self.lit(node.min)))
            if node.max is not None:
                checks.append(exp.LTE(this=number, expression=self.lit(node.max)))
            return exp.Coalesce(this=exp.and_(*checks), expressions=[exp.false()])
        if not isinstance(node, nodes.FreeDomain) or not text_kind:
            return exp.false()
        domain = self.read(node.value, table)
        free = self._in(exp.Lower(this=domain), sorted(free_email_domains()))
        if node.extra:
            free = exp.or_(free, self._in(self.fold(domain), sorted(node.extra)))
        return free

    def fold_item(self, value: nodes.Value, item: exp.Expr) -> exp.Expr:
        # A product key is already casefolded.
        return item if isinstance(value, nodes.ProductKey) else self.fold(item)

    def _in(self, item: exp.Expr, options: Sequence[object]) -> exp.Expr:
        if len(options) == 1:
            return exp.EQ(this=item, expression=self.lit(options[0]))
        return exp.In(this=item, expressions=[self.lit(o) for o in options])

    def _like(self, text: exp.Expr, pattern: str) -> exp.Expr:
        return exp.Escape(
            this=exp.Like(this=text, expression=self.lit(pattern)), expression=self.lit("!")
        )

    def _glob(self, text: exp.Expr, pattern: str) -> exp.Expr:
        like = _glob_like(pattern)
        if like is not None:
            return self._like(text, like)
        regex = _glob_regex(pattern)
        end = "\\Z" if self.dialect == "postgres" else "\\z"
        return self.regex(
            text,
            "^(?s:" + regex + ")" + end if self.dialect != "postgres" else "^(" + regex + ")" + end,
        )


def _like_escape(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _text_like(op: str, needle: str) -> str:
    body = _like_escape(needle)
    return {"contains": f"%{body}%", "prefix": f"{body}%", "suffix": f"%{body}", "equal": body}[op]


def _glob_like(pattern: str) -> str | None:
    """A glob without ``[`` as a LIKE pattern (``*`` → ``%``, ``?`` → ``_``)."""
    return plain_glob(pattern, star="%", one="_", char=_like_escape)


def _glob_regex(pattern: str) -> str:  # noqa: C901 - one branch per glob syntax
    """A glob as a regular expression body, as :func:`fnmatch.translate` reads it.

    >>> _glob_regex("a[!b-d]*?")
    'a[^b-d].*.'
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append("\\[")
                continue
            body = pattern[i:j]
            i = j + 1
            negate = body.startswith("!")
            if negate:
                body = body[1:]
            if "-" in body and not _ranges_ok(body):
                # fnmatch drops empty ranges; a class with one can be rare enough to refuse.
                msg = f"glob {pattern!r}: a character range out of order cannot be rendered in SQL"
                raise UnsupportedByEngineError(msg)
            escaped = "".join("\\" + c if c in "\\^[]" else c for c in body)
            if not body:
                out.append("[^\\s\\S]" if not negate else "[\\s\\S]")
                continue
            out.append("[" + ("^" if negate else "") + escaped + "]")
        else:
            out.append(_regex_char(char))
    return "".join(out)


def _ranges_ok(body: str) -> bool:
    k = 0
    while k + 2 < len(body):
        if body[k + 1] == "-" and body[k] > body[k + 2]:
            return False
        k += 1
    return True


def _regex_char(char: str) -> str:
    if char.isalnum() or char in " _/:@,'\"%&=<>~`;-":
        return char
    if char == "\n":
        return "\\n"
    return "\\" + char if char.isascii() and not char.isalnum() else char


def _us(seconds: float) -> int | None:
    """Whole microseconds of a timedelta of ``seconds``; ``None`` when beyond any span."""
    try:
        micros = dt.timedelta(seconds=seconds) // dt.timedelta(microseconds=1)
    except OverflowError:
        return None
    return None if micros > _MAX_SPAN_US else micros


def render(  # noqa: C901, PLR0912, PLR0915 - one query, built in order
    model: ScoringModel | nodes.Plan,
    dialect: Dialect = "duckdb",
    *,
    leads: str = "leads",
    events: str = "events",
    as_of: dt.datetime | None = None,
    kinds: Mapping[str, Kind] | None = None,
    python_udfs: bool = False,
) -> exp.Expr:
    """The model's query as a sqlglot expression (see the module docstring).

    ``kinds`` overrides :func:`column_kinds`; ``python_udfs`` makes text outside ASCII
    call ``LQ_CASEFOLD``, ``LQ_URL_PATH`` and ``LQ_PRODUCT_KEY`` (the embedded DuckDB
    engine registers them).
    """
    if dialect not in DIALECTS:
        msg = f"dialect {dialect!r}: expected one of {', '.join(DIALECTS)}"
        raise ConfigError(msg)
    plan = model if isinstance(model, nodes.Plan) else model.compile().plan
    layout(plan, engine=dialect)  # refuses a Python rule, naming it
    r = _Render(dialect, column_kinds(plan, kinds), python_udfs=python_udfs)
    col, lit = r.col, r.lit
    uses_events = any(isinstance(x, nodes.RuleNode) and x.event is not None for x in plan.rules)
    needs_lead = {
        name
        for rule in plan.rules
        if isinstance(rule, nodes.RuleNode)
        for predicate in _predicates(rule.when)
        for name in [_column(_field(predicate.value))]
    }
    props = sorted(
        {
            _column(_field(p.value))
            for rule in plan.rules
            if isinstance(rule, nodes.RuleNode) and rule.event is not None
            for p in _predicates(rule.event.where)
        }
    )
    ctes: list[tuple[str, exp.Expr, bool]] = []
    as_of_us = None if as_of is None else _epoch_literal(as_of)

    if uses_events:
        event_urls = [u for u in _url_columns(plan, "event") if r.kinds.get(u) == "text"]
        ev0 = exp.select(
            col("_row"),
            col("event_id"),
            col("type"),
            exp.alias_(r.epoch_us(col("at")), "_at", quoted=True),
            col("_seq"),
            *(col(p) for p in props),
            *(exp.alias_(r.url_rest(col(u)), u + _URL, quoted=True) for u in event_urls),
        ).from_(_table(events))
        if as_of_us is not None:
            ev0 = ev0.where(exp.LTE(this=r.epoch_us(col("at")), expression=lit(as_of_us)))
        dup = exp.Window(
            this=exp.RowNumber(),
            partition_by=[col("_row"), col("event_id")],
            order=exp.Order(
                expressions=[
                    exp.Ordered(this=col("_at")),
                    exp.Ordered(this=col("type")),
                    exp.Ordered(this=col("_seq")),
                ]
            ),
        )
        ranked = exp.select("*", exp.alias_(dup, "_dup", quoted=True)).from_(
            exp.Subquery(this=ev0, alias=exp.TableAlias(this=exp.to_identifier("_e")))
        )
        ev = (
            exp.select(
                col("_row"),
                col("event_id"),
                col("type"),
                col("_at"),
                col("_seq"),
                *(col(p) for p in props),
                *(
                    exp.alias_(r.url_path(col(u), col(u + _URL)), u + _URL, quoted=True)
                    for u in event_urls
                ),
            )
            .from_(exp.Subquery(this=ranked, alias=exp.TableAlias(this=exp.to_identifier("_d"))))
            .where(
                exp.or_(
                    exp.Is(this=col("event_id"), expression=exp.null()),
                    exp.EQ(this=col("_dup"), expression=lit(1)),
                )
            )
        )
        ctes.append(("_ev", ev, False))
        latest = (
            exp.select(col("_row"), exp.alias_(exp.Max(this=col("_at")), "_latest", quoted=True))
            .from_("_ev")
            .group_by(col("_row"))
        )
        ctes.append(("_latest", latest, False))

    lead_cols = [col(c) for c in sorted(needs_lead)]
    fit_cols = [col(FIT_POINTS, "l"), col(FIT_KNOCK_OUT, "l")] if plan.fit is not None else []
    lead_urls = [
        exp.alias_(r.url_path(col(u, "l"), r.url_rest(col(u, "l"))), u + _URL, quoted=True)
        for u in _url_columns(plan, "lead")
        if r.kinds.get(u) == "text"
    ]
    base = exp.select(
        col("lead_id", "l"),
        col("_row", "l"),
        *(col(c.name, "l") for c in lead_cols),
        *lead_urls,
        *fit_cols,
    ).from_(exp.alias_(_table(leads), "l"))
    if uses_events:
        created = r.epoch_us(col("created_at", "l"))
        latest_at = col("_latest", "m")
        if as_of_us is not None:
            ref: exp.Expr = lit(as_of_us)
        else:
            ref = r.case(
                (exp.Is(this=latest_at, expression=exp.null()), created),
                (exp.Is(this=created, expression=exp.null()), latest_at),
                (exp.GT(this=created, expression=latest_at), created),
                default=latest_at,
            )
        base = base.select(exp.alias_(ref, "_ref", quoted=True)).join(
            exp.alias_(exp.to_table("_latest"), "m"),
            on=exp.EQ(this=col("_row", "m"), expression=col("_row", "l")),
            join_type="left",
        )
    ctes.append(("_l", base, False))

    joins: list[tuple[str, str]] = []
    rule_value: dict[int, exp.Expr] = {}
    knocks: list[exp.Expr] = []
    recursive = False
    combined: list[tuple[nodes.RuleNode, exp.Expr, exp.Expr]] = []
    for rule in plan.rules:
        assert isinstance(rule, nodes.RuleNode)  # noqa: S101 - _check refused the others
        if rule.event is None:
            holds = r.truth(rule.when, "l") if rule.when is not None else exp.true()
            rule_value[rule.index] = r.case((holds, lit(rule.points)), default=lit(0))
            if rule.knock_out:
                knocks.append(r.case((holds, lit(1)), default=lit(0)))
            continue
        name = f"_r{rule.index}"
        conds: list[exp.Expr] = []
        if rule.event.type is not None:
            conds.append(exp.EQ(this=col("type", "e"), expression=lit(rule.event.type)))
        if rule.event.where is not None:
            conds.append(r.truth(rule.event.where, "e"))
        if rule.when is not None:
            conds.append(r.truth(rule.when, "l"))
        window = None if rule.within_seconds is None else _us(rule.within_seconds)
        if window is not None:
            conds.append(
                exp.GTE(
                    this=col("_at", "e"),
                    expression=exp.Sub(this=col("_ref", "l"), expression=lit(window)),
                )
            )
        if rule.max_count is None and rule.once_per_seconds is None:
            # No limit: counted in one pass over the events with every such rule.
            condition = exp.and_(*conds) if conds else exp.true()
            combined.append((rule, condition, _decayed(r, rule, col("_at", "e"), col("_ref", "l"))))
            rule_value[rule.index] = exp.Coalesce(
                this=col(f"_p{rule.index}", "_evsum"), expressions=[lit(0)]
            )
            if rule.knock_out:
                counted_any = exp.GT(
                    this=exp.Coalesce(this=col(f"_c{rule.index}", "_evsum"), expressions=[lit(0)]),
                    expression=lit(0),
                )
                knocks.append(r.case((counted_any, lit(1)), default=lit(0)))
            continue
        matched = (
            exp.select(col("_row", "e"), col("_at", "e"), col("_seq", "e"), col("_ref", "l"))
            .from_(exp.alias_(exp.to_table("_ev"), "e"))
            .join(
                exp.alias_(exp.to_table("_l"), "l"),
                on=exp.EQ(this=col("_row", "l"), expression=col("_row", "e")),
            )
        )
        if conds:
            matched = matched.where(exp.and_(*conds))
        ctes.append((f"{name}_m", matched, False))
        source = f"{name}_m"
        period = None if rule.once_per_seconds is None else _us(rule.once_per_seconds)
        if rule.once_per_seconds is not None and (period is None or period > 0):
            if dialect == "spark":
                msg = (
                    f"rule {rule.name!r}: once_per needs a recursive query, which "
                    "the spark engine does not render"
                )
                raise UnsupportedByEngineError(msg)
            recursive = True
            nxt_frame = exp.WindowSpec(
                kind="RANGE",
                start=lit(period) if period is not None else lit(_MAX_SPAN_US),
                start_side="FOLLOWING",
                end="UNBOUNDED",
                end_side="FOLLOWING",
            )
            distinct = (
                exp.select(
                    col("_row"),
                    col("_at"),
                    exp.alias_(exp.Max(this=col("_ref")), "_ref", quoted=True),
                )
                .from_(source)
                .group_by(col("_row"), col("_at"))
            )
            nxt = exp.select(
                col("_row"),
                col("_at"),
                col("_ref"),
                exp.alias_(
                    exp.Window(
                        this=exp.Min(this=col("_at")),
                        partition_by=[col("_row")],
                        order=exp.Order(expressions=[exp.Ordered(this=col("_at"))]),
                        spec=nxt_frame,
                    ),
                    "_next",
                    quoted=True,
                ),
            ).from_(exp.Subquery(this=distinct, alias=exp.TableAlias(this=exp.to_identifier("_x"))))
            ctes.append((f"{name}_n", nxt, False))
            first = (
                exp.select(col("_row"), exp.alias_(exp.Min(this=col("_at")), "_at", quoted=True))
                .from_(f"{name}_n")
                .group_by(col("_row"))
            )
            step = _kept_join(
                r,
                name,
                exp.select(col("_row", "n"), exp.alias_(col("_next", "n"), "_at", quoted=True)),
            ).where(exp.Not(this=exp.Is(this=col("_next", "n"), expression=exp.null())))
            ctes.append((f"{name}_k", exp.union(first, step, distinct=False), True))
            kept = _kept_join(
                r,
                name,
                exp.select(
                    col("_row", "k"),
                    col("_at", "k"),
                    exp.alias_(col("_at", "k"), "_seq", quoted=True),
                    col("_ref", "n"),
                ),
            )
            ctes.append((f"{name}_o", kept, False))
            source = f"{name}_o"
        counted: exp.Select = exp.select(col("_row"), col("_at"), col("_ref")).from_(source)
        if rule.max_count is not None:
            number = exp.Window(
                this=exp.RowNumber(),
                partition_by=[col("_row")],
                order=exp.Order(
                    expressions=[exp.Ordered(this=col("_at")), exp.Ordered(this=col("_seq"))]
                ),
            )
            numbered = exp.select(
                col("_row"), col("_at"), col("_ref"), exp.alias_(number, "_n", quoted=True)
            ).from_(source)
            counted = (
                exp.select(col("_row"), col("_at"), col("_ref"))
                .from_(
                    exp.Subquery(this=numbered, alias=exp.TableAlias(this=exp.to_identifier("_y")))
                )
                .where(exp.LTE(this=col("_n"), expression=lit(rule.max_count)))
            )
        each = _decayed(r, rule, col("_at"), col("_ref"))
        summed = (
            exp.select(
                col("_row"),
                exp.alias_(exp.Sum(this=each), "_p", quoted=True),
                exp.alias_(exp.Count(this=exp.Star()), "_c", quoted=True),
            )
            .from_(exp.Subquery(this=counted, alias=exp.TableAlias(this=exp.to_identifier("_z"))))
            .group_by(col("_row"))
        )
        ctes.append((name, summed, False))
        joins.append((name, name))
        rule_value[rule.index] = exp.Coalesce(this=col("_p", name), expressions=[lit(0)])
        if rule.knock_out:
            knocks.append(
                r.case(
                    (
                        exp.GT(
                            this=exp.Coalesce(this=col("_c", name), expressions=[lit(0)]),
                            expression=lit(0),
                        ),
                        lit(1),
                    ),
                    default=lit(0),
                )
            )

    if combined:
        summed_all = (
            exp.select(col("_row", "e"))
            .from_(exp.alias_(exp.to_table("_ev"), "e"))
            .join(
                exp.alias_(exp.to_table("_l"), "l"),
                on=exp.EQ(this=col("_row", "l"), expression=col("_row", "e")),
            )
            .group_by(col("_row", "e"))
        )
        for counted_rule, accepts, each in combined:
            summed_all = summed_all.select(
                exp.alias_(
                    exp.Sum(this=r.case((accepts, each))), f"_p{counted_rule.index}", quoted=True
                ),
                exp.alias_(
                    exp.Count(this=r.case((accepts, lit(1)))),
                    f"_c{counted_rule.index}",
                    quoted=True,
                ),
            )
        ctes.append(("_evsum", summed_all, False))
        joins.append(("_evsum", "_evsum"))

    # per-lead sums: rules, then groups, caps, total, stage
    rules_select = exp.select(col("lead_id", "l"), col("_row", "l")).from_(
        exp.alias_(exp.to_table("_l"), "l")
    )
    for name, alias in joins:
        rules_select = rules_select.join(
            exp.alias_(exp.to_table(name), alias),
            on=exp.EQ(this=col("_row", alias), expression=col("_row", "l")),
            join_type="left",
        )
    rule_names = [rule.name for rule in plan.rules]
    for rule in plan.rules:
        rules_select = rules_select.select(
            exp.alias_(r.double(rule_value[rule.index]), rule_column(rule.name), quoted=True)
        )
    if plan.fit is not None:
        rule_names.append(plan.fit.name)
        rules_select = rules_select.select(
            exp.alias_(r.double(col(FIT_POINTS, "l")), rule_column(plan.fit.name), quoted=True)
        )
        if plan.fit.knock_out:
            knocks.append(r.case((col(FIT_KNOCK_OUT, "l"), lit(1)), default=lit(0)))
    knocked: exp.Expr = exp.false()
    if knocks:
        knocked = exp.GT(this=_add(knocks), expression=lit(0))
    rules_select = rules_select.select(exp.alias_(knocked, "_knocked", quoted=True))
    ctes.append(("_rules", rules_select, False))

    group_select = exp.select(
        col("lead_id"), col("_row"), col("_knocked"), *(col(rule_column(n)) for n in rule_names)
    ).from_("_rules")
    members_of: dict[str, list[str]] = {}
    for rule in plan.rules:
        members_of.setdefault(rule.group, []).append(rule.name)
    if plan.fit is not None:
        members_of.setdefault(plan.fit.group, []).append(plan.fit.name)
    for group in plan.groups:
        members = [col(rule_column(n)) for n in members_of.get(group.name, [])]
        value = _add(members) if members else r.double(lit(0))
        if group.max is not None:
            value = r.case(
                (exp.GT(this=value, expression=lit(group.max)), lit(group.max)), default=value
            )
        if group.min is not None:
            value = r.case(
                (exp.LT(this=value, expression=lit(group.min)), lit(group.min)), default=value
            )
        group_select = group_select.select(
            exp.alias_(r.double(value), group_column(group.name), quoted=True)
        )
    ctes.append(("_groups", group_select, False))

    points: exp.Expr = (
        _add([col(group_column(g.name)) for g in plan.groups]) if plan.groups else r.double(lit(0))
    )
    if plan.max_total is not None:
        points = r.case(
            (exp.GT(this=points, expression=lit(plan.max_total)), lit(plan.max_total)),
            default=points,
        )
    if plan.min_total is not None:
        points = r.case(
            (exp.LT(this=points, expression=lit(plan.min_total)), lit(plan.min_total)),
            default=points,
        )
    total_select = exp.select("*", exp.alias_(r.double(points), "_points", quoted=True)).from_(
        "_groups"
    )
    ctes.append(("_total", total_select, False))

    t = plan.thresholds

    def reaches(level: float, needs: tuple[tuple[str, int | float], ...]) -> exp.Expr:
        parts: list[exp.Expr] = [exp.GTE(this=col("_points"), expression=lit(level))]
        parts.extend(exp.GTE(this=col(group_column(g)), expression=lit(need)) for g, need in needs)
        return exp.and_(*parts)

    stage_whens = [
        (col("_knocked"), lit("disqualified")),
        (reaches(t.sql, t.sql_groups), lit("sql")),
    ]
    if t.mql is not None:
        stage_whens.append((reaches(t.mql, t.mql_groups), lit("mql")))
    stage = r.case(*stage_whens, default=lit("new"))
    names = plan.group_names()

    def group_or_zero(name: str) -> exp.Expr:
        return col(group_column(name)) if name in names else r.double(lit(0))

    out = (
        exp.select(
            col("lead_id"),
            exp.alias_(col("_points"), "points", quoted=True),
            exp.alias_(group_or_zero("fit"), "fit", quoted=True),
            exp.alias_(group_or_zero("engagement"), "engagement", quoted=True),
            exp.alias_(stage, "stage", quoted=True),
            *(col(group_column(g)) for g in names),
            *(col(rule_column(n)) for n in rule_names),
        )
        .from_("_total")
        .order_by(col("_row"))
    )
    for name, query, _recursive in ctes:
        out = out.with_(
            exp.to_identifier(name, quoted=True),
            as_=query,
            recursive=recursive,
        )
    return out


def _kept_join(r: _Render, name: str, select: exp.Select) -> exp.Select:
    """``select`` from ``{name}_k`` (k) joined to its row and moment in ``{name}_n`` (n)."""
    col = r.col
    return select.from_(exp.alias_(exp.to_table(f"{name}_k"), "k")).join(
        exp.alias_(exp.to_table(f"{name}_n"), "n"),
        on=exp.and_(
            exp.EQ(this=col("_row", "n"), expression=col("_row", "k")),
            exp.EQ(this=col("_at", "n"), expression=col("_at", "k")),
        ),
    )


def _table(name: str) -> exp.Table:
    """A table named ``name``, or ``catalog.schema.name``: every part quoted."""
    parts = name.split(".")
    if not all(parts) or len(parts) > 3:  # noqa: PLR2004 - catalog, schema, table
        msg = f"table name {name!r}: expected name, schema.name or catalog.schema.name"
        raise ConfigError(msg)
    padded: list[str | None] = [None] * (3 - len(parts))
    padded.extend(parts)
    return exp.table_(padded[2] or "", db=padded[1], catalog=padded[0], quoted=True)


def _url_columns(plan: nodes.Plan, subject: str) -> list[str]:
    """The text columns of ``subject`` read as URL paths."""
    names = {
        _column(predicate.value.value)
        for rule in plan.rules
        if isinstance(rule, nodes.RuleNode)
        for where in (rule.when, None if rule.event is None else rule.event.where)
        for predicate in _predicates(where)
        if isinstance(predicate.value, nodes.UrlPath) and predicate.value.value.subject == subject
    }
    return sorted(names)


def _add(parts: list[exp.Expr]) -> exp.Expr:
    total = parts[0]
    for part in parts[1:]:
        total = exp.Add(this=total, expression=part)
    return exp.Paren(this=total) if len(parts) > 1 else total


def _decayed(r: _Render, rule: nodes.RuleNode, at: exp.Expr, ref: exp.Expr) -> exp.Expr:
    """An event's points: the rule's, or decayed by age and rounded to the grid (half even)."""
    if rule.decay is None:
        return r.double(r.lit(rule.points))
    age = exp.Div(
        this=exp.Div(
            this=r.double(exp.Sub(this=ref, expression=at)), expression=r.lit(1_000_000.0)
        ),
        expression=r.lit(86_400.0),
    )
    curve = rule.decay
    if curve.shape == "exponential":
        raw: exp.Expr = exp.Pow(
            this=r.lit(0.5), expression=exp.Div(this=age, expression=r.lit(float(curve.days)))
        )
    else:
        raw = exp.Sub(
            this=r.lit(1.0), expression=exp.Div(this=age, expression=r.lit(float(curve.days)))
        )
    factor = r.case(
        (exp.LT(this=raw, expression=r.lit(float(curve.floor))), r.lit(float(curve.floor))),
        default=raw,
    )
    steps = exp.Mul(
        this=exp.Mul(this=r.lit(float(rule.points)), expression=factor),
        expression=r.lit(float(GRID)),
    )
    low = exp.Floor(this=steps)
    rest = exp.Sub(this=steps, expression=low)
    odd = exp.Sub(
        this=low,
        expression=exp.Mul(
            this=r.lit(2.0), expression=exp.Floor(this=exp.Div(this=low, expression=r.lit(2.0)))
        ),
    )
    rounded = r.case(
        (exp.GT(this=rest, expression=r.lit(0.5)), exp.Add(this=low, expression=r.lit(1.0))),
        (exp.LT(this=rest, expression=r.lit(0.5)), low),
        default=exp.Add(this=low, expression=odd),
    )
    quantized = exp.Div(this=rounded, expression=r.lit(float(GRID)))
    # A factor of exactly 1 (no age, or a floor of 1) keeps the rule's points.
    return r.case(
        (exp.Is(this=ref, expression=exp.null()), r.double(r.lit(rule.points))),
        (
            exp.LTE(this=exp.Sub(this=ref, expression=at), expression=r.lit(0)),
            r.double(r.lit(rule.points)),
        ),
        default=quantized,
    )


def _epoch_literal(moment: dt.datetime) -> int:
    if moment.utcoffset() is None:
        msg = "as_of: expected a timestamp with a UTC offset"
        raise ConfigError(msg)
    return (moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


_SQL_TYPES: Mapping[Dialect, Mapping[str, str]] = {
    "duckdb": {
        "text": "VARCHAR",
        "number": "DOUBLE",
        "bool": "BOOLEAN",
        "texts": "VARCHAR[]",
        "int": "BIGINT",
        "moment": "TIMESTAMPTZ",
    },
    "spark": {
        "text": "STRING",
        "number": "DOUBLE",
        "bool": "BOOLEAN",
        "texts": "ARRAY<STRING>",
        "int": "BIGINT",
        "moment": "TIMESTAMP",
    },
    "postgres": {
        "text": "text",
        "number": "double precision",
        "bool": "boolean",
        "texts": "text[]",
        "int": "bigint",
        "moment": "timestamptz",
    },
}


def table_columns(
    plan: nodes.Plan, dialect: Dialect, kinds: Mapping[str, Kind] | None = None
) -> dict[str, list[tuple[str, str]]]:
    """The columns the query reads, per table (``leads``, ``events``), with SQL types.

    >>> import leadqual as lq
    >>> table_columns(lq.starter_model().compile().plan, "postgres")["leads"][:3]
    [('lead_id', 'text'), ('_row', 'bigint'), ('created_at', 'timestamptz')]
    """
    types = _SQL_TYPES[dialect]
    shape = layout(plan)
    resolved = column_kinds(plan, kinds)
    leads = [("lead_id", types["text"]), ("_row", types["int"]), ("created_at", types["moment"])]
    leads.extend((c.name, types[resolved[c.name]]) for c in shape.lead_columns)
    if plan.fit is not None:
        leads.extend(((FIT_POINTS, types["number"]), (FIT_KNOCK_OUT, types["bool"])))
    events = [
        ("lead_id", types["text"]),
        ("_row", types["int"]),
        ("event_id", types["text"]),
        ("type", types["text"]),
        ("at", types["moment"]),
        ("_seq", types["int"]),
    ]
    events.extend((c.name, types[resolved[c.name]]) for c in shape.event_columns)
    return {"leads": leads, "events": events}


def to_sql(
    model: ScoringModel | nodes.Plan,
    dialect: Dialect = "duckdb",
    *,
    leads: str = "leads",
    events: str = "events",
    as_of: dt.datetime | None = None,
    pretty: bool = True,
) -> str:
    """The model's query as SQL text for ``dialect`` (see the module docstring).

    >>> import leadqual as lq
    >>> "REGEXP" in to_sql(lq.starter_model(), "spark") or "LIKE" in to_sql(lq.starter_model())
    True
    """
    query = render(model, dialect, leads=leads, events=events, as_of=as_of)
    return query.sql(dialect=dialect, pretty=pretty)


_ = fnmatch  # the glob reading follows fnmatch.translate
