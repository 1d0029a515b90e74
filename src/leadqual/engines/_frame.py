"""Frames and files in, scores out, on any engine.

:func:`score_frame` scores a pandas or polars DataFrame (a row per lead, columns named
as in the layout: ``lead_id`` or ``id``, ``email``, ``company.employees``,
``attributes.visits``…; events as a long table keyed by ``lead_id`` or as a list column
``events`` of structs) and returns a frame of the same kind. :func:`score_file` scores
a file of leads chunk by chunk, in constant memory, yielding one row per input record.

Every row becomes a :class:`~leadqual.Lead` first, so a frame is validated and
normalised exactly as a file is (stripped text, upper-case countries, aware
timestamps); the chosen engine then scores the chunk. Same input, same rows on every
engine.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from leadqual.engines import _layout as lay
from leadqual.engines import engine_module, resolve_as_of
from leadqual.exceptions import LeadError, LeadqualError, UnsupportedByEngineError
from leadqual.lead import Lead

if TYPE_CHECKING:
    import os

    from leadqual.io import LeadMapping, Rejected
    from leadqual.scoring import ScoringModel
    from leadqual.verdict import Qualifier

__all__ = ["Scored", "score_file", "score_frame"]

_LEAD_KEYS = frozenset(field.name for field in attrs.fields(Lead)) - {"events", "company", "id"}
_PREFIXES = ("company", "attributes", "answers")
_EVENT_KEYS = {"type": "type", "at": "at", "event_id": "id", "id": "id"}


@attrs.frozen
class Scored:
    """One input record, scored.

    Attributes:
        line: the physical line (1-based) where the record starts.
        row: the output columns of the layout (``lead_id``, ``points``, ``fit``,
            ``engagement``, ``stage``, ``group:<name>``, ``rule:<name>``), numbers as the
            Python path writes them.
    """

    line: int
    row: dict[str, Any]


# --- reading frames ---------------------------------------------------------------------


def _is_pandas(frame: object) -> bool:
    return type(frame).__module__.split(".")[0] == "pandas"


def _records(frame: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - a pandas or polars frame
    if _is_pandas(frame):
        return [dict(record) for record in frame.to_dict("records")]
    if type(frame).__module__.split(".")[0] == "polars":
        if hasattr(frame, "collect"):
            frame = frame.collect()
        return list(frame.iter_rows(named=True))
    msg = f"expected a pandas or polars DataFrame, got {type(frame).__name__}"
    raise TypeError(msg)


def _plain(value: object) -> Any:  # noqa: ANN401, C901, PLR0911 - one branch per kind of cell
    """A cell as plain JSON-like Python (numpy, pandas, arrow cells; NaN/NaT as missing)."""
    if value is None:
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, dt.datetime):
        if hasattr(value, "to_pydatetime"):
            value = value.to_pydatetime()
        return value
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    kind = type(value).__name__
    if kind in ("NaTType", "NAType"):
        return None
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return _plain(value.tolist())
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def _split(column: str) -> tuple[str, str | None]:
    # 'attributes.visits' → ('attributes', 'visits'); 'attributes["a.b"]' → ('attributes', 'a.b')
    head, dot, rest = column.partition(".")
    bracket = column.find("[")
    if bracket > 0 and column.endswith("]") and (not dot or bracket < len(head)):
        try:
            key = json.loads(column[bracket + 1 : -1])
        except ValueError:
            return column, None
        if isinstance(key, str):
            return column[:bracket], key
    return (head, rest) if dot else (column, None)


def _cells(record: Mapping[Any, Any]) -> Iterator[tuple[str, str | None, Any]]:
    """Each present cell as (column head, key or ``None``, plain value)."""
    for column, cell in record.items():
        value = _plain(cell)
        if value is not None:
            head, key = _split(str(column))
            yield head, key, value


def _lead_mapping(record: Mapping[str, Any], events: list[dict[str, Any]] | None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for head, key, value in _cells(record):
        if key is None:
            if head in ("lead_id", "id"):
                data["id"] = value
            elif head in _LEAD_KEYS or head == "events":
                data[head] = value
        elif head in _PREFIXES:
            data.setdefault(head, {})[key] = value
    if events is not None:
        data["events"] = events
    if isinstance(data.get("events"), list):
        data["events"] = [_event_mapping(event) for event in data["events"]]
    return data


def _event_mapping(event: object) -> object:
    if not isinstance(event, Mapping):
        return event
    out: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for head, key, value in _cells(event):
        if key is None and head in _EVENT_KEYS:
            out[_EVENT_KEYS[head]] = value
        elif key is None and head == "properties" and isinstance(value, Mapping):
            properties.update({k: v for k, v in value.items() if v is not None})
        elif key is not None and head == "properties":
            properties[key] = value
    if properties:
        out["properties"] = properties
    return out


def _event_lists(events: Any) -> dict[str, list[dict[str, Any]]]:  # noqa: ANN401
    by_lead: dict[str, list[dict[str, Any]]] = {}
    for index, record in enumerate(_records(events)):
        lead_id = _plain(record.get("lead_id"))
        if lead_id is None:
            msg = f"events row {index}: lead_id: expected the id of a lead, got null"
            raise LeadError(msg)
        event = {k: v for k, v in record.items() if k != "lead_id"}
        by_lead.setdefault(str(lead_id), []).append(event)
    return by_lead


def frame_leads(leads: Any, events: Any = None) -> list[Lead]:  # noqa: ANN401
    """The leads of a frame (and an optional long events frame), in row order.

    Raises ``LeadError`` naming the row and the lead id of the first bad value, and for
    events whose ``lead_id`` matches no row (or more than one): no event is dropped.
    """
    records = _records(leads)
    by_lead = None if events is None else _event_lists(events)
    out = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        data = _lead_mapping(record, None)
        lead_id = data.get("id")
        if by_lead is not None and lead_id is not None:
            key = str(lead_id)
            if key in seen and by_lead.get(key):
                msg = (
                    f"row {index} (lead {key!r}): the id is also on row {seen[key]}; with an "
                    "events table, lead ids must be unique (which lead is an event for?)"
                )
                raise LeadError(msg)
            seen[key] = index
            data["events"] = [_event_mapping(event) for event in by_lead.get(key, [])]
        try:
            out.append(Lead.from_mapping(data))
        except LeadError as exc:
            shown = "" if lead_id is None else f" (lead {str(lead_id)!r})"
            msg = f"row {index}{shown}: " + "; ".join(exc.errors)
            raise LeadError(msg) from None
    if by_lead is not None:
        missing = sorted(set(by_lead) - set(seen))
        if missing:
            msg = f"events: lead_id {missing[0]!r} matches no row of the leads frame"
            raise LeadError(msg)
    return out


# --- scoring ------------------------------------------------------------------------------


def _python_row(shape: lay.Layout, model: ScoringModel, lead: Lead, moment: Any) -> dict[str, Any]:  # noqa: ANN401
    return lay.score_row(shape, lead.id, model.score(lead, moment))


def _engine_rows(  # noqa: C901 - the fallbacks, each one short
    engine: str,
    model: ScoringModel,
    leads: Sequence[Lead],
    moment: dt.datetime | None,
) -> list[dict[str, Any] | LeadqualError]:
    """One row (or the error that refused it) per lead, scored on ``engine``.

    A lead whose values fit no column of a non-Python engine is scored by the Python
    engine, which gives the same row; a chunk with a lead whose sums cannot stay exact
    is scored lead by lead, so only that lead is refused.
    """
    shape = lay.layout(model.compile().plan, engine=engine)
    out: list[dict[str, Any] | LeadqualError | None] = [None] * len(leads)

    def python(index: int) -> None:
        try:
            out[index] = _python_row(shape, model, leads[index], moment)
        except LeadqualError as exc:
            out[index] = exc

    if engine == "python":
        for index in range(len(leads)):
            python(index)
        return [row for row in out if row is not None]
    module = engine_module(engine)
    from leadqual.engines.polars import frames  # noqa: PLC0415 - the interchange

    tables = lay.empty_tables(shape)
    placed: list[int] = []
    for index, lead in enumerate(leads):
        try:
            tables.add(lead)
        except UnsupportedByEngineError:
            python(index)
        else:
            placed.append(index)
    if placed:
        lead_frame, event_frame = frames(tables)
        try:
            result = module.score_frames(
                shape, lead_frame, event_frame, kinds=tables.resolved_kinds(), as_of=moment
            )
        except LeadError:
            for index in placed:
                python(index)
        else:
            for index, row in zip(placed, result.to_dicts(), strict=True):
                out[index] = {
                    key: lay.grid_number(value) if isinstance(value, float) else value
                    for key, value in row.items()
                }
    return [row for row in out if row is not None]


def score_file(  # noqa: C901 - the native path, then the general one
    model: ScoringModel,
    source: str | os.PathLike[str],
    *,
    engine: str = "polars",
    as_of: dt.datetime | str | None = None,
    chunk_size: int = 20_000,
    default_timezone: dt.tzinfo | str | None = None,
    format: str | None = None,  # noqa: A002 - as in read_leads
    allow_duplicate_ids: bool = False,
    preset: str | None = None,
    mapping: LeadMapping | str | os.PathLike[str] | None = None,
) -> Iterator[Scored | Rejected]:
    """Score a file of leads on ``engine``: one :class:`Scored` or ``Rejected`` per record.

    Records are read as :func:`leadqual.io.read_leads` reads them (same options, same
    rejects) and scored ``chunk_size`` leads at a time, so memory stays flat however
    large the file. Rows come in input order; a lead the engine refuses (a sum beyond
    the exact range) is a ``Rejected`` with the Python path's reason. Every engine
    yields the same rows.
    """
    from leadqual.io import Loaded, Rejected, read_leads  # noqa: PLC0415 - io is an edge

    moment = resolve_as_of(as_of)
    if engine != "python":
        engine_module(engine)  # fail fast on a missing extra
    lay.layout(model.compile().plan, engine=engine)  # and on a Python rule
    if engine in ("polars", "duckdb") and _native_input(source, format, preset, mapping):
        native = engine_module(engine).native_file(
            model,
            source,
            as_of=moment,
            default_timezone=default_timezone,
            allow_duplicate_ids=allow_duplicate_ids,
        )
        if native is not None:
            yield from native
            return
    rows = read_leads(
        source,
        default_timezone=default_timezone,
        format=format,  # type: ignore[arg-type]
        allow_duplicate_ids=allow_duplicate_ids,
        preset=preset,
        mapping=mapping,
    )
    chunk: list[Loaded | Rejected] = []

    def flush() -> Iterator[Scored | Rejected]:
        loaded = [row for row in chunk if isinstance(row, Loaded)]
        scored = iter(_engine_rows(engine, model, [row.lead for row in loaded], moment))
        for row in chunk:
            if isinstance(row, Rejected):
                yield row
                continue
            result = next(scored)
            if isinstance(result, LeadqualError):
                yield Rejected(row.line, "; ".join(result.errors), _raw(row.lead))
            else:
                yield Scored(row.line, result)

    loaded_count = 0
    for row in rows:
        chunk.append(row)
        loaded_count += isinstance(row, Loaded)
        if loaded_count >= chunk_size:
            yield from flush()
            chunk, loaded_count = [], 0
    if chunk:
        yield from flush()


def _native_input(source: object, fmt: str | None, preset: object, mapping: object) -> bool:
    """Whether ``source`` is a JSON-lines file polars may read itself (not stdin, no mapping)."""
    import os  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    if preset is not None or mapping is not None or not isinstance(source, str | os.PathLike):
        return False
    if os.fspath(source) == "-" or not Path(source).is_file():
        return False
    suffixes = [suffix.lower() for suffix in Path(source).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    named = bool(suffixes) and suffixes[-1] in (".jsonl", ".ndjson")
    return fmt == "jsonl" or (fmt is None and named)


def _raw(lead: Lead) -> str:
    from leadqual._convert import unstructure  # noqa: PLC0415 - only on failure

    return json.dumps(unstructure(lead), ensure_ascii=False, sort_keys=True, default=str)


def score_frame(
    model: ScoringModel | Qualifier,
    leads: Any,  # noqa: ANN401 - a pandas or polars DataFrame
    events: Any = None,  # noqa: ANN401
    *,
    engine: str = "python",
    as_of: dt.datetime | str | None = None,
    lang: str = "en",
    reasons: int = 3,
) -> Any:  # noqa: ANN401 - a frame of the kind given
    """Score a DataFrame of leads; a frame of the same kind (pandas or polars) comes back.

    Args:
        model: a scoring model, or a :class:`~leadqual.verdict.Qualifier` (its model
            gives the points; on the Python engine the verdict columns are added:
            ``decision``, ``grade`` and ``reasons``, the top ``reasons`` texts in
            ``lang``).
        leads: one row per lead; columns named as lead paths (``lead_id`` or ``id``,
            ``email``, ``created_at``, ``company.employees``, ``attributes.visits``,
            ``attributes["emp.var.rate"]``, ``answers.budget``), optionally a list
            column ``events`` of structs (``type``, ``at``, ``id``, ``properties``).
            Missing values (``None``, ``NaN``, ``NaT``) are unknown; other columns are
            ignored.
        events: a long table of events instead: ``lead_id``, ``type``, ``at`` (aware
            timestamps), optionally ``event_id`` and ``properties.<key>`` columns.
        engine: ``"python"`` (the default), ``"polars"``, or another engine of
            :data:`leadqual.engines.ENGINES`.
        as_of: the moment to score at (aware datetime or ISO 8601 text).
        lang: the language of the verdict's reasons (``"en"`` or ``"nl"``).
        reasons: how many reasons to keep per lead.

    Returns:
        ``lead_id``, ``points``, ``fit``, ``engagement``, ``stage``, ``group:<name>``
        and ``rule:<name>`` columns (see :mod:`leadqual.engines._layout`), a row per
        lead in input order.

    >>> import polars as pl
    >>> import leadqual as lq
    >>> frame = pl.DataFrame({"id": ["L-1", "L-2"], "job_title": ["Student", "CEO"]})
    >>> out = score_frame(lq.starter_model(), frame)
    >>> out.select("lead_id", "points", "stage").rows()
    [('L-1', -20.0, 'new'), ('L-2', 0.0, 'new')]
    """
    from leadqual.scoring import ScoringModel  # noqa: PLC0415 - the cycle runs through here
    from leadqual.verdict import Qualifier  # noqa: PLC0415

    qualifier = model if isinstance(model, Qualifier) else None
    scoring = qualifier.model if qualifier is not None else model
    if not isinstance(scoring, ScoringModel):
        msg = "score_frame: the qualifier has no scoring model to give points"
        raise LeadqualError(msg)
    if qualifier is not None and engine != "python":
        msg = (
            f"verdict columns (decision, grade, reasons) are computed by the python engine "
            f"only; score with engine='python', or pass the qualifier's model to the "
            f"{engine} engine"
        )
        raise UnsupportedByEngineError(msg, engine=engine)
    moment = resolve_as_of(as_of)
    built = frame_leads(leads, events)
    results = _engine_rows(engine, scoring, built, moment)
    rows: list[dict[str, Any]] = []
    for result in results:
        if isinstance(result, LeadqualError):
            raise result
        rows.append(result)
    shape = lay.layout(scoring.compile().plan, engine=engine)
    columns = list(shape.output_columns())
    if qualifier is not None:
        columns += ["decision", "grade", "reasons"]
        for row, lead in zip(rows, built, strict=True):
            verdict = qualifier.qualify(lead, moment)
            row["decision"] = verdict.decision.value
            row["grade"] = verdict.grade
            row["reasons"] = verdict.reasons(lang)[:reasons]
    return _frame_like(leads, columns, rows)


def _frame_like(like: Any, columns: list[str], rows: list[dict[str, Any]]) -> Any:  # noqa: ANN401
    data: dict[str, list[Any]] = {name: [row[name] for row in rows] for name in columns}
    numbers = [
        name for name in columns if name not in ("lead_id", "stage", "decision", "grade", "reasons")
    ]
    for name in numbers:
        data[name] = [float(value) for value in data[name]]
    if _is_pandas(like):
        import pandas as pd  # noqa: PLC0415 - the caller's own library

        return pd.DataFrame(data, columns=columns)
    import polars as pl  # noqa: PLC0415

    schema: dict[str, Any] = dict.fromkeys(numbers, pl.Float64)
    schema.update({"lead_id": pl.String, "stage": pl.String})
    if "decision" in data:
        schema.update({"decision": pl.String, "grade": pl.String, "reasons": pl.List(pl.String)})
    return pl.DataFrame(data, schema={name: schema[name] for name in columns})
