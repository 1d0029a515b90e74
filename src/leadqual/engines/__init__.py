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

>>> sorted(ENGINES)[:1]
['polars']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from leadqual.engines._layout import (
    Column,
    Layout,
    Tables,
    column_name,
    flatten,
    group_column,
    layout,
    rule_column,
)
from leadqual.exceptions import ConfigError, LeadqualError, UnsupportedByEngineError

if TYPE_CHECKING:
    from types import ModuleType

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
    "rule_column",
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
    if name in ("score_frame", "score_file"):
        from leadqual.engines import _frame  # noqa: PLC0415 - frames are optional

        return getattr(_frame, name)
    msg = f"module 'leadqual.engines' has no attribute {name!r}"
    raise AttributeError(msg)
