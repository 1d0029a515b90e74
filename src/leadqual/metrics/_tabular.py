"""The manners every KPI result shares: rows, plain data, dataframes, notebook HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leadqual._display import html_table

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = ["Tabular"]


class Tabular:
    """A result that is a table: ``rows()`` gives plain dicts, the rest derive from it."""

    __slots__ = ()
    caption = "leadqual"

    def rows(self) -> list[dict[str, Any]]:
        """The result as a list of plain dicts, one per row."""
        raise NotImplementedError

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a :class:`pandas.DataFrame` (needs pandas, imported only here)."""
        import pandas as pd  # noqa: PLC0415 - optional, imported only when asked

        return pd.DataFrame(self.rows())

    def to_polars(self) -> pl.DataFrame:
        """The rows as a :class:`polars.DataFrame` (needs polars, imported only here)."""
        import polars as pl  # noqa: PLC0415 - optional, imported only when asked

        return pl.DataFrame(self.rows())

    def _repr_html_(self) -> str:
        rows = self.rows()
        headers = list(rows[0]) if rows else []
        return html_table(self.caption, headers, [list(row.values()) for row in rows])
