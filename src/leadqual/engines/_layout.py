"""The table layout every engine reads and writes: one contract for polars, SQL and Spark.

A model's :class:`~leadqual.scoring._plan.Plan` says which lead fields and event
properties it reads; :func:`layout` turns that into two tables and an output, and
:func:`flatten` fills the two tables from :class:`~leadqual.Lead` objects as plain
Python lists (no optional import here). An engine renders the plan over these columns
and must give, for every lead, exactly what the Python path gives.

**The lead table** (one row per lead):

``lead_id`` (text)
    The lead's id.
``_row`` (int)
    The lead's position in the input, from 0; the output comes back in this order.
``created_at`` (timestamp, UTC, nullable)
    When the lead was created (it can be the reference moment, see the plan).
one column per lead field the plan reads
    Named by the field's path joined with ``"."``: ``email``, ``job_title``,
    ``email_domain``, ``company.employees``, ``company.technologies``,
    ``attributes.visits``, ``answers.budget``. A key holding a dot is written in
    brackets, as in a lead path (SPEC §3): ``attributes["emp.var.rate"]``.
``_fit_points`` (float64) and ``_fit_knock_out`` (bool)
    Only when the model has ICP fit points: the ICP is evaluated in Python by every
    engine (:func:`flatten` computes both); an engine adds the points to the fit group
    and disqualifies on the knock-out.

**The event table** (long: one row per event):

``lead_id`` (text), ``event_id`` (text, nullable), ``type`` (text), ``at`` (timestamp, UTC)
    As on the event.
``_row`` (int)
    The ``_row`` of the event's lead: lead ids need not be unique in an input (two
    rows may carry one id), so engines join events to leads on ``_row``. A frame given
    without it is joined on ``lead_id``, whose values must then be unique.
``_seq`` (int)
    The event's position within its lead in *canonical order*
    (:func:`leadqual._core.events.canonical_key`: time, type, id, UTC offset, then the
    properties). The effective events are those at or before ``as_of``, and of the
    copies sharing an event id the one with the lowest ``_seq``; rules count events in
    ``_seq`` order (points depend only on ``at``, so ties on ``at`` never matter).
one column ``properties.<key>`` per event property the plan reads
    ``properties.url``, ``properties.content_type``; a key holding a dot in brackets:
    ``properties["a.b"]``.

**Column kinds** (:class:`Column` ``.kind``). Built-in lead fields have a fixed kind:
text, ``number`` for ``company.employees`` and ``company.annual_revenue``, ``texts``
for ``company.technologies``. Attributes, answers and event properties hold any JSON
value, so their kind is the kind of the values found (or given to :func:`flatten`):

``"text"``
    A string.
``"number"``
    A number that is not a boolean, as float64. A whole number beyond ±2**53 has no
    exact float64 and is refused (:class:`~leadqual.exceptions.UnsupportedByEngineError`).
``"bool"``
    ``true`` or ``false``.
``"texts"``
    A list of strings (its ``null`` items dropped).

``None``, an empty list and a list of only ``null`` are all written as null: the plan
treats the three alike (not present; every test on them is unknown). A value that fits
no kind (a table, a list holding a number) or a column holding two kinds (text in one
lead, numbers in another) is refused with :class:`UnsupportedByEngineError` naming the
column, the lead and the kinds; the Python engine scores such leads.

**The output** (:meth:`Layout.output_columns`), one row per lead in ``_row`` order:
``lead_id``, ``points``, ``fit``, ``engagement`` (the ``fit`` and ``engagement``
groups' sums, 0 without such a group), ``stage`` (``new``, ``mql``, ``sql`` or
``disqualified``), one ``group:<name>`` per group (after its caps) and one
``rule:<name>`` per rule (its points after decay and grid rounding, before caps; 0 when
it did not match; ``rule:icp_fit`` for fit points). Every number is on the 1/1024
grid exactly as the Python path computes it.

**What no engine but Python runs**: a rule written in Python (``CustomRule``). An
engine calls :func:`layout` with its name, which raises :class:`UnsupportedByEngineError`
naming the rule: ``rules[3] 'my_python_rule': a Python rule cannot run on the polars
engine``.

>>> import leadqual as lq
>>> plan = lq.starter_model().compile().plan
>>> shape = layout(plan, engine="polars")
>>> [column.name for column in shape.lead_columns]
['job_title', 'email_domain']
>>> [column.name for column in shape.event_columns]
['properties.url', 'properties.content_type']
>>> tables = flatten(shape, [lq.Lead("L-1", job_title="Student")])
>>> tables.leads["lead_id"], tables.leads["job_title"], tables.events["type"]
(['L-1'], ['Student'], [])
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from leadqual._core.events import canonical_order
from leadqual._lang import shown
from leadqual.exceptions import UnsupportedByEngineError
from leadqual.scoring import _plan as nodes
from leadqual.scoring._compile import fit_points

if TYPE_CHECKING:
    from leadqual.lead import Event, Lead
    from leadqual.scoring import Entry
    from leadqual.stage import Stage

__all__ = [
    "AT",
    "CREATED_AT",
    "ENGAGEMENT",
    "EVENT_ID",
    "FIT",
    "FIT_KNOCK_OUT",
    "FIT_POINTS",
    "KINDS",
    "LEAD_ID",
    "POINTS",
    "ROW",
    "SEQ",
    "STAGE",
    "TYPE",
    "Column",
    "Kind",
    "Layout",
    "Tables",
    "column_name",
    "empty_tables",
    "flatten",
    "grid_number",
    "group_column",
    "kind_of",
    "layout",
    "output_row",
    "plain_glob",
    "rule_column",
    "score_row",
]

LEAD_ID = "lead_id"
ROW = "_row"
CREATED_AT = "created_at"
FIT_POINTS = "_fit_points"
FIT_KNOCK_OUT = "_fit_knock_out"
EVENT_ID = "event_id"
TYPE = "type"
AT = "at"
SEQ = "_seq"
POINTS = "points"
FIT = "fit"
ENGAGEMENT = "engagement"
STAGE = "stage"

Kind = Literal["text", "number", "bool", "texts"]
KINDS: tuple[Kind, ...] = ("text", "number", "bool", "texts")

_EXACT = 2**53  # every whole number up to here has an exact float64
_MAPPINGS = ("attributes", "answers")
_NUMBER_FIELDS = (("company", "employees"), ("company", "annual_revenue"))
_TEXTS_FIELDS = (("company", "technologies"),)


def group_column(name: str) -> str:
    """The output column of a group's sum.

    >>> group_column("fit")
    'group:fit'
    """
    return f"group:{name}"


def rule_column(name: str) -> str:
    """The output column of a rule's points.

    >>> rule_column("demo_requested")
    'rule:demo_requested'
    """
    return f"rule:{name}"


def _key(head: str, key: str) -> str:
    return f"{head}[{json.dumps(key, ensure_ascii=False)}]" if "." in key else f"{head}.{key}"


def column_name(field: nodes.Field) -> str:
    """The column holding a plan field.

    >>> column_name(nodes.Field("lead", ("company", "employees")))
    'company.employees'
    >>> column_name(nodes.Field("lead", ("attributes", "emp.var.rate")))
    'attributes["emp.var.rate"]'
    >>> column_name(nodes.Field("event", ("url",)))
    'properties.url'
    """
    if field.subject == "event":
        return _key("properties", field.path[0])
    if field.path[0] in _MAPPINGS and len(field.path) == 2:  # noqa: PLR2004 - mapping, key
        return _key(field.path[0], field.path[1])
    return ".".join(field.path)


def grid_number(value: float) -> int | float:
    """A grid value as the Python path writes it: whole numbers as ``int``.

    >>> grid_number(25.0), grid_number(2.5), grid_number(-0.0)
    (25, 2.5, 0)
    """
    number = float(value)
    return int(number) if number.is_integer() else number


@attrs.frozen
class Column:
    """One column of the lead or event table that the plan reads.

    Attributes:
        name: the column's name (see :func:`column_name`).
        field: the plan field it holds.
        kind: ``text``, ``number``, ``bool`` or ``texts``; ``None`` for attributes,
            answers and event properties until the data (or the caller) decides.
    """

    name: str
    field: nodes.Field
    kind: Kind | None


@attrs.frozen
class Layout:
    """The columns an engine needs for one plan, and the output it must give."""

    plan: nodes.Plan
    lead_columns: tuple[Column, ...]
    event_columns: tuple[Column, ...]

    @property
    def rule_names(self) -> tuple[str, ...]:
        """Every rule with an output column, in model order (fit points last)."""
        names = [rule.name for rule in self.plan.rules]
        if self.plan.fit is not None:
            names.append(self.plan.fit.name)
        return tuple(names)

    def output_columns(self) -> tuple[str, ...]:
        """The output's columns, in order.

        >>> import leadqual as lq
        >>> layout(lq.starter_model().compile().plan).output_columns()[:7]
        ('lead_id', 'points', 'fit', 'engagement', 'stage', 'group:fit', 'group:engagement')
        """
        return (
            LEAD_ID,
            POINTS,
            FIT,
            ENGAGEMENT,
            STAGE,
            *(group_column(name) for name in self.plan.group_names()),
            *(rule_column(name) for name in self.rule_names),
        )

    def lead_table_columns(self) -> tuple[str, ...]:
        """The lead table's columns, in order."""
        fit = (FIT_POINTS, FIT_KNOCK_OUT) if self.plan.fit is not None else ()
        return (LEAD_ID, ROW, CREATED_AT, *(c.name for c in self.lead_columns), *fit)

    def event_table_columns(self) -> tuple[str, ...]:
        """The event table's columns, in order."""
        return (LEAD_ID, ROW, EVENT_ID, TYPE, AT, SEQ, *(c.name for c in self.event_columns))


def _fields(predicate: nodes.Predicate | None) -> Iterator[nodes.Field]:
    stack: list[nodes.Predicate] = [] if predicate is None else [predicate]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.And | nodes.Or):
            stack.extend(reversed(node.parts))
        elif isinstance(node, nodes.Not):
            stack.append(node.part)
        else:
            value = node.value
            yield value if isinstance(value, nodes.Field) else value.value


def _fixed_kind(field: nodes.Field) -> Kind | None:
    if field.subject == "event" or field.path[0] in _MAPPINGS:
        return None
    if field.path in _NUMBER_FIELDS:
        return "number"
    if field.path in _TEXTS_FIELDS:
        return "texts"
    return "text"


def _unsupported(rule: nodes.CustomNode, engine: str) -> UnsupportedByEngineError:
    return UnsupportedByEngineError(
        f"rules[{rule.index}] {rule.name!r}: a Python rule cannot run on the {engine} engine; "
        "use the python engine for this model",
        engine=engine,
    )


def layout(plan: nodes.Plan, *, engine: str = "python") -> Layout:
    """The columns ``plan`` reads; raises :class:`UnsupportedByEngineError` for a Python rule.

    ``engine`` names the engine asking (in the message); for ``"python"`` nothing is
    refused.
    """
    lead: dict[str, Column] = {}
    event: dict[str, Column] = {}
    for rule in plan.rules:
        if isinstance(rule, nodes.CustomNode):
            if engine != "python":
                raise _unsupported(rule, engine)
            continue
        predicates = [rule.when, rule.event.where if rule.event is not None else None]
        for predicate in predicates:
            for field in _fields(predicate):
                name = column_name(field)
                table = event if field.subject == "event" else lead
                table.setdefault(name, Column(name, field, _fixed_kind(field)))
    return Layout(plan, tuple(lead.values()), tuple(event.values()))


def kind_of(value: object) -> Kind | None:  # noqa: PLR0911 - a branch per kind
    """The kind of a value (``None`` when it is null, an empty list or only nulls).

    Raises ``ValueError`` for a value that fits no kind.

    >>> kind_of("x"), kind_of(3), kind_of(True), kind_of(["a", None]), kind_of([None])
    ('text', 'number', 'bool', 'texts', None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        if not -_EXACT <= value <= _EXACT:
            msg = f"a whole number beyond ±2**53 has no exact float64, got {shown(value)}"
            raise ValueError(msg)
        return "number"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list | tuple):
        items = [item for item in value if item is not None]
        if not items:
            return None
        if all(isinstance(item, str) for item in items):
            return "texts"
        msg = f"a list holding anything but text fits no column, got {shown(value)}"
        raise ValueError(msg)
    msg = f"a table or other value fits no column, got {shown(value)}"
    raise ValueError(msg)


def _cell(value: object, kind: Kind | None) -> object:
    if kind is None:
        return None
    if kind == "number":
        return float(value)  # type: ignore[arg-type]
    if kind == "texts":
        return [item for item in value if item is not None]  # type: ignore[attr-defined]
    return value


def _read(lead: Lead, field: nodes.Field) -> object:
    return nodes.read_lead(lead, field.path)


_AT = operator.attrgetter("at")


def _canonical(events: Sequence[Event]) -> list[Event]:
    # Canonical order starts with the instant: when no two events share one, sorting by
    # time alone is that order (and much cheaper than the full key).
    if len(events) < 2:  # noqa: PLR2004 - nothing to order
        return list(events)
    ordered = sorted(events, key=_AT)
    if len({event.at for event in ordered}) == len(ordered):
        return ordered
    return canonical_order(events)


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.UTC)


@attrs.define
class Tables:
    """The lead and event tables as plain lists, column by column (see :func:`flatten`).

    Attributes:
        layout: the layout they follow.
        kinds: the kind of every property, attribute and answer column (those that
            held only nulls are ``"text"``).
        leads: the lead table, column name → values.
        events: the event table, column name → values.
    """

    layout: Layout
    kinds: dict[str, Kind]
    leads: dict[str, list[Any]]
    events: dict[str, list[Any]]
    _first: dict[str, str] = attrs.field(factory=dict, repr=False)  # column → first lead id

    @property
    def size(self) -> int:
        """How many leads the tables hold."""
        return len(self.leads[LEAD_ID])

    def add(self, lead: Lead, row: int | None = None) -> None:
        """Add one lead (its row is the next one unless given).

        Raises :class:`UnsupportedByEngineError` naming the lead and the column when a value
        does not fit its column; the tables are then unchanged.
        """
        shape = self.layout
        lead_cells = [
            (column, self._value(column, _read(lead, column.field), lead.id))
            for column in shape.lead_columns
        ]
        fit: tuple[float, bool] | None = None
        if shape.plan.fit is not None:
            profile, points = fit_points(shape.plan.fit, lead)
            fit = (float(points), bool(profile.knocked_out and shape.plan.fit.knock_out))
        ordered = _canonical(lead.events)
        events = self.events
        mark = len(events[LEAD_ID])
        learned: list[str] = []
        properties = [event.properties for event in ordered]
        try:
            for column in shape.event_columns:
                self._event_column(column, properties, lead.id, learned)
        except UnsupportedByEngineError:
            # Leave the tables as they were: no half-written lead.
            for column in shape.event_columns:
                del events[column.name][mark:]
            for name in learned:
                del self.kinds[name]
                self._first.pop(name, None)
            raise
        for column, (kind, _value) in lead_cells:
            if column.kind is None and kind is not None and column.name not in self.kinds:
                self.kinds[column.name] = kind
                self._first[column.name] = lead.id
        leads = self.leads
        position = self.size if row is None else row
        leads[ROW].append(position)
        leads[LEAD_ID].append(lead.id)
        leads[CREATED_AT].append(_utc(lead.created_at))
        for column, (_kind, value) in lead_cells:
            leads[column.name].append(value)
        if fit is not None:
            leads[FIT_POINTS].append(fit[0])
            leads[FIT_KNOCK_OUT].append(fit[1])
        count = len(ordered)
        events[LEAD_ID].extend([lead.id] * count)
        events[ROW].extend([position] * count)
        events[EVENT_ID].extend([event.id for event in ordered])
        events[TYPE].extend([event.type for event in ordered])
        events[AT].extend([event.at.astimezone(dt.UTC) for event in ordered])
        events[SEQ].extend(range(count))

    def _event_column(
        self, column: Column, properties: list[Mapping[str, Any]], lead_id: str, learned: list[str]
    ) -> None:
        # The hot loop of flattening: plain text in a text column goes straight in.
        name, key = column.name, column.field.path[0]
        target = self.events[name]
        expected = self.kinds.get(name)
        values = [props.get(key) for props in properties]
        if expected == "text" and all(v is None or v.__class__ is str for v in values):
            target.extend(values)
            return
        for value in values:
            if value is None:
                target.append(None)
            elif value.__class__ is str and expected == "text":
                target.append(value)
            else:
                kind, cell = self._value(column, value, lead_id)
                if kind is not None and expected is None:
                    self.kinds[name] = expected = kind
                    self._first[name] = lead_id
                    learned.append(name)
                target.append(cell)

    def _value(self, column: Column, raw: object, lead_id: str) -> tuple[Kind | None, object]:
        try:
            kind = kind_of(raw)
        except ValueError as exc:
            msg = f"lead {lead_id!r}: {column.name}: {exc}; the python engine scores this lead"
            raise UnsupportedByEngineError(msg) from None
        if kind is None:
            return None, None
        expected = column.kind or self.kinds.get(column.name)
        if expected is not None and kind != expected:
            first = self._first.get(column.name)
            where = f"in lead {first!r}" if first is not None else "as declared"
            msg = (
                f"lead {lead_id!r}: {column.name}: holds {kind} here and {expected} {where}; "
                "a column holds one kind of value: make the values one kind, or use the "
                "python engine"
            )
            raise UnsupportedByEngineError(msg)
        return kind, _cell(raw, kind)

    def resolved_kinds(self) -> dict[str, Kind]:
        """The kind of every column the plan reads (a column of only nulls is text)."""
        out: dict[str, Kind] = {}
        for column in (*self.layout.lead_columns, *self.layout.event_columns):
            out[column.name] = column.kind or self.kinds.get(column.name, "text")
        return out


def empty_tables(shape: Layout, kinds: Mapping[str, Kind] | None = None) -> Tables:
    """Empty tables for ``shape``; ``kinds`` fixes the kind of JSON-valued columns."""
    given = dict(kinds or {})
    for name, kind in given.items():
        if kind not in KINDS:
            msg = f"kinds[{name!r}]: expected one of {', '.join(KINDS)}, got {shown(kind)}"
            raise UnsupportedByEngineError(msg)
    return Tables(
        shape,
        given,
        {name: [] for name in shape.lead_table_columns()},
        {name: [] for name in shape.event_table_columns()},
    )


def flatten(
    shape: Layout, leads: Iterable[Lead], *, kinds: Mapping[str, Kind] | None = None
) -> Tables:
    """The lead and event tables of ``leads`` (rows numbered from 0 in input order).

    Raises :class:`UnsupportedByEngineError` naming the lead and column of the first value
    that fits no column (see the module docstring).
    """
    tables = empty_tables(shape, kinds)
    for row, lead in enumerate(leads):
        tables.add(lead, row)
    return tables


def output_row(
    shape: Layout,
    lead_id: str,
    *,
    points: float,
    groups: Mapping[str, float],
    stage: Stage,
    ledger: Iterable[Entry],
) -> dict[str, Any]:
    """One output row, as the Python path computes it (rule columns from the ledger).

    >>> import leadqual as lq
    >>> model = lq.starter_model()
    >>> score = model.score(lq.Lead("L-1", job_title="Student"))
    >>> row = output_row(layout(model.compile().plan), score.lead_id, points=score.points,
    ...                  groups=score.groups, stage=score.stage, ledger=score.ledger)
    >>> row["points"], row["stage"], row["rule:student"], row["rule:demo_requested"]
    (-20, 'new', -20, 0)
    """
    rules: dict[str, float] = dict.fromkeys(shape.rule_names, 0)
    for entry in ledger:
        if entry.kind == "rule":
            rules[entry.rule] += entry.points
    row: dict[str, Any] = {
        LEAD_ID: lead_id,
        POINTS: grid_number(points),
        FIT: grid_number(groups.get("fit", 0)),
        ENGAGEMENT: grid_number(groups.get("engagement", 0)),
        STAGE: stage.value,
    }
    for name in shape.plan.group_names():
        row[group_column(name)] = grid_number(groups[name])
    for name, value in rules.items():
        row[rule_column(name)] = grid_number(value)
    return row


class Outcome(Protocol):
    """What :func:`score_row` reads: a :class:`~leadqual.Score` or the reference's outcome."""

    @property
    def points(self) -> float: ...
    @property
    def groups(self) -> Mapping[str, float]: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def ledger(self) -> Iterable[Entry]: ...


def score_row(shape: Layout, lead_id: str, outcome: Outcome) -> dict[str, Any]:
    """:func:`output_row` of a Python score (or of the reference interpreter's outcome).

    >>> import leadqual as lq
    >>> model = lq.starter_model()
    >>> score = model.score(lq.Lead("L-1", job_title="Student"))
    >>> score_row(layout(model.compile().plan), score.lead_id, score)["points"]
    -20
    """
    return output_row(
        shape,
        lead_id,
        points=outcome.points,
        groups=outcome.groups,
        stage=outcome.stage,
        ledger=outcome.ledger,
    )


def plain_glob(pattern: str, *, star: str, one: str, char: Callable[[str], str]) -> str | None:
    """A shell pattern without ``[`` in an engine's pattern syntax; ``None`` with a ``[``.

    ``*`` becomes ``star``, ``?`` becomes ``one`` and every other character ``char(c)``.

    >>> plain_glob("a*b?", star="%", one="_", char=str)
    'a%b_'
    >>> plain_glob("[ab]", star="%", one="_", char=str) is None
    True
    """
    if "[" in pattern:
        return None
    return "".join(star if c == "*" else one if c == "?" else char(c) for c in pattern)
