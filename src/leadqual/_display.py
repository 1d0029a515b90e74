r"""HTML for notebooks: the one place results render themselves as ``_repr_html_``.

Every result with an ``explain(lang)`` text (Score, Fit, Assessment, Verdict) shows it
through :func:`explained_html`; tabular results (the KPIs of :mod:`leadqual.metrics`)
through :func:`html_table`. Text is always escaped: lead data comes from outside.

>>> print(html_table("KPI", ["name", "value"], [["MQL→SQL", "12.5%"]]))
<table class="leadqual"><caption>KPI</caption><thead><tr><th scope="col">name</th>...
>>> "<ul>" in explained_html("Fit 80/100\n- Industry: matches")
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["explained_html", "html_table"]


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return html.escape(str(value))


def html_table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A small accessible HTML table (``<th scope="col">``), every cell escaped."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f'<table class="leadqual"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def explained_html(text: str) -> str:
    """An ``explain()`` text as HTML: the first line bold, ``- `` lines as a list."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return "<div class='leadqual'></div>"
    head, *rest = lines
    items: list[str] = []
    other: list[str] = []
    for line in rest:
        stripped = line.strip()
        if stripped.startswith("- "):
            items.append(f"<li>{html.escape(stripped[2:])}</li>")
        else:
            other.append(f"<p>{html.escape(stripped)}</p>")
    listing = f"<ul>{''.join(items)}</ul>" if items else ""
    return (
        f"<div class='leadqual'><p><strong>{html.escape(head)}</strong></p>"
        f"{listing}{''.join(other)}</div>"
    )
