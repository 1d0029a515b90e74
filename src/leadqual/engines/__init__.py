"""Engines: the same scoring plan run over frames, polars, SQL and Spark.

Every engine reads the tables of :mod:`leadqual.engines._layout` (a lead table and a
long event table, named after the model's fields) and writes the same output: per lead
``lead_id``, ``points``, ``fit``, ``engagement``, ``stage``, the groups and the rules'
points, exactly as the Python path computes them. A model an engine cannot run exactly
(a rule written in Python) fails with :class:`~leadqual.exceptions.UnsupportedByEngineError`
naming the rule, never with a different result.

Engines are imported only when used: each lives behind an extra
(``pip install 'leadqual[polars]'``). :data:`ENGINES` maps an engine's name to the
module that runs it (the Python path, ``"python"``, needs none). An engine module
provides::

    score_frames(layout, leads, events, *, kinds, as_of) -> polars.DataFrame

``leads`` and ``events`` are polars frames (or lazy frames) in the layout, ``kinds``
the kind of every column the plan reads (:meth:`Tables.resolved_kinds`), ``as_of`` an
aware datetime or ``None``; it returns the output columns, one row per lead in
``_row`` order. polars is the interchange: DuckDB and Spark read and return it.

>>> "polars" in ENGINES
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from leadqual._time import resolve_as_of
from leadqual.engines._layout import (
    Column,
    Layout,
    Tables,
    column_name,
    flatten,
    grid_number,
    group_column,
    layout,
    output_row,
    rule_column,
    score_row,
)
from leadqual.exceptions import ConfigError, LeadqualError, UnsupportedByEngineError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable
    from types import ModuleType

    from leadqual.lead import Lead
    from leadqual.scoring import ScoringModel

__all__ = [
    "ENGINES",
    "Column",
    "Layout",
    "Tables",
    "UnsupportedByEngineError",
    "column_name",
    "engine_module",
    "flatten",
    "group_column",
    "layout",
    "output_row",
    "resolve_as_of",
    "rule_column",
    "score_file",
    "score_frame",
    "score_leads",
]

ENGINES: dict[str, tuple[str, str]] = {
    # name: (module, the extra that installs what it needs)
    "polars": ("leadqual.engines.polars", "polars"),
    "duckdb": ("leadqual.engines.duckdb", "duckdb"),
    "spark": ("leadqual.engines.spark", "spark"),
}
"""Engine name → (module, extra). One line per engine; modules are imported on first use."""


def engine_module(name: str) -> ModuleType:
    """The module running engine ``name``, imported now.

    Raises ``ConfigError`` for an unknown engine and ``LeadqualError`` naming the extra
    to install when the engine's library is missing.
    """
    try:
        module, extra = ENGINES[name]
    except KeyError:
        allowed = ", ".join(sorted(ENGINES))
        msg = f"engine: expected one of {allowed}, got {name!r}"
        raise ConfigError(msg) from None
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and exc.name.startswith("leadqual"):
            raise
        msg = (
            f"the {name} engine needs {exc.name}, which is not installed: "
            f"pip install 'leadqual[{extra}]'"
        )
        raise LeadqualError(msg) from None


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the frame functions, loaded on use
    if name in ("score_frame", "score_file", "frame_leads", "Scored"):
        from leadqual.engines import _frame  # noqa: PLC0415 - frames are optional

        return getattr(_frame, name)
    msg = f"module 'leadqual.engines' has no attribute {name!r}"
    raise AttributeError(msg)


def score_leads(
    model: ScoringModel,
    leads: Iterable[Lead],
    *,
    engine: str = "python",
    as_of: dt.datetime | str | None = None,
) -> list[dict[str, Any]]:
    """Score built leads on ``engine``: one output row per lead, in input order.

    The rows hold the layout's output columns, numbers as the Python path writes them
    (whole numbers as ``int``). Every engine gives the same rows.

    >>> import leadqual as lq
    >>> rows = score_leads(lq.starter_model(), [lq.Lead("L-1", job_title="Student")])
    >>> rows[0]["points"], rows[0]["stage"], rows[0]["rule:student"]
    (-20, 'new', -20)
    """
    moment = resolve_as_of(as_of)
    plan = model.compile().plan
    shape = layout(plan, engine=engine)
    if engine == "python":
        return [score_row(shape, lead.id, model.score(lead, moment)) for lead in leads]
    module = engine_module(engine)
    from leadqual.engines.polars import frames  # noqa: PLC0415 - polars is the interchange

    tables = flatten(shape, leads)
    lead_frame, event_frame = frames(tables)
    result = module.score_frames(
        shape, lead_frame, event_frame, kinds=tables.resolved_kinds(), as_of=moment
    )
    return [
        {
            key: grid_number(value) if isinstance(value, float) else value
            for key, value in row.items()
        }
        for row in result.to_dicts()
    ]
