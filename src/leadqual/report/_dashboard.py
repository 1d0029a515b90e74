"""The offline dashboard: one self-contained HTML file, every lead and the KPIs at a glance.

No CDN, no external file: CSS, the sorting and filtering script and the SVG charts are
inline, so the file opens offline and can be mailed. Every text from the data is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs

from leadqual.lead import Lead
from leadqual.metrics import Report, lead_path, report, sla_state
from leadqual.stage import Reason, Stage

__all__ = ["LAZY_CSS", "PALETTE", "LeadRow", "lead_rows", "render_dashboard"]

PALETTE: Final = {
    "text": "#1a1a1a",
    "background": "#ffffff",
    "muted": "#4a4a4a",
    "bar": "#1f4e79",
    "accent": "#8a2b06",
    "header": "#e8eef4",
}
"""The page's colours; text on background and on the header shading meets WCAG AA."""


@attrs.frozen
class LeadRow:
    """One lead as the dashboard shows it (score and grade come from the caller)."""

    id: str
    company: str | None
    source: str
    stage: Stage
    score: float | None
    grade: str | None
    owner: str | None
    due: dt.datetime | None
    sla: str | None


_TEXTS: Final = {
    "en": {
        "title": "leadqual dashboard",
        "leads": "Leads",
        "funnel": "Funnel (leads per current stage)",
        "sources": "Conversion per source (won / leads)",
        "cycle": "Sales-cycle length (days from created to won)",
        "reasons": "Rejection reasons",
        "kpis": "Key figures",
        "search": "Search",
        "stage_filter": "Stage",
        "sla_filter": "SLA state",
        "all": "all",
        "shown": "leads shown",
        "columns": (
            "Lead",
            "Company",
            "Source",
            "Stage",
            "Score",
            "Grade",
            "Owner",
            "Follow up by",
            "SLA",
        ),
        "sla": {"met": "met", "missed": "missed", "open": "open", "overdue": "overdue"},
        "none": "no reason given",
        "sort": "Click a column header to sort.",
    },
    "nl": {
        "title": "leadqual-dashboard",
        "leads": "Leads",
        "funnel": "Funnel (leads per huidige fase)",
        "sources": "Conversie per bron (gewonnen / leads)",
        "cycle": "Lengte verkoopcyclus (dagen van aanmaak tot gewonnen)",
        "reasons": "Redenen van afwijzing",
        "kpis": "Kerncijfers",
        "search": "Zoeken",
        "stage_filter": "Fase",
        "sla_filter": "SLA-status",
        "all": "alle",
        "shown": "leads getoond",
        "columns": (
            "Lead",
            "Bedrijf",
            "Bron",
            "Fase",
            "Score",
            "Klasse",
            "Eigenaar",
            "Opvolgen vóór",
            "SLA",
        ),
        "sla": {"met": "gehaald", "missed": "gemist", "open": "open", "overdue": "te laat"},
        "none": "geen reden opgegeven",
        "sort": "Klik op een kolomkop om te sorteren.",
    },
}

_MONTHS_NL: Final = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december",
)  # fmt: skip


def _when(at: dt.datetime | None, lang: str) -> str:
    if at is None:
        return ""
    if lang == "nl":
        return f"{at.day} {_MONTHS_NL[at.month - 1]} {at.year}, {at:%H:%M} uur"
    return f"{at:%Y-%m-%d %H:%M}"


def _num(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _bars(title: str, items: Sequence[tuple[str, float, str]], *, width: int = 560) -> str:
    """A horizontal bar chart as inline SVG: ``(label, value, shown text)`` per bar."""
    row, label_w = 22, 225
    height = row * len(items) + 10
    top = max((value for _, value, _ in items), default=0.0) or 1.0
    bars = []
    for k, (label, value, text) in enumerate(items):
        y = 5 + k * row
        length = (width - label_w - 70) * value / top
        bars.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row - 6}"'
            f' fill="{PALETTE["bar"]}"></rect>'
            f'<text x="{label_w + length + 5:.1f}" y="{y + 15}">{_e(text)}</text>'
        )
    summary = "; ".join(f"{label}: {text}" for label, _, text in items)
    return _figure(title, summary, width, height, "".join(bars))


def _histogram(title: str, bins: Sequence[tuple[float, float, int]], lang: str) -> str:
    width, height, pad = 520, 180, 30
    top = max((n for _, _, n in bins), default=0) or 1
    step = (width - 2 * pad) / max(len(bins), 1)
    parts = []
    for k, (low, high, n) in enumerate(bins):
        h = (height - 2 * pad) * n / top
        x = pad + k * step
        parts.append(
            f'<rect x="{x:.1f}" y="{height - pad - h:.1f}" width="{step - 2:.1f}"'
            f' height="{h:.1f}" fill="{PALETTE["bar"]}">'
            f"<title>{_num(low, lang, 0)}–{_num(high, lang, 0)}: {n}</title></rect>"
        )
        if k % 3 == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - pad + 14}">{_num(low, lang, 0)}</text>')
    summary = ", ".join(f"{_num(a, lang, 0)}–{_num(b, lang, 0)}: {n}" for a, b, n in bins)
    return _figure(title, summary, width, height, "".join(parts))


def _figure(title: str, summary: str, width: int, height: int, svg: str) -> str:
    # A captioned chart; screen readers hear the title and every value (the summary).
    return (
        f"<figure><figcaption>{_e(title)}</figcaption>"
        f'<svg role="img" aria-label="{_e(title + ": " + summary)}" width="{width}"'
        f' height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{_e(title)}</title>{svg}</svg></figure>"
    )


_CSS: Final = f"""
body{{font-family:"DejaVu Sans",Arial,sans-serif;color:{PALETTE["text"]};
background:{PALETTE["background"]};margin:1.5rem;}}
h1{{font-size:1.5rem}} h2{{font-size:1.15rem;margin-top:1.5rem}}
.charts{{display:flex;flex-wrap:wrap;gap:1.5rem}}
figure{{margin:0}} figcaption{{font-weight:bold;margin-bottom:.3rem}}
svg text{{font-size:12px;fill:{PALETTE["text"]}}}
table{{border-collapse:collapse;font-size:.85rem;width:100%;table-layout:fixed}}
td{{overflow-wrap:anywhere}}
th,td{{border-bottom:1px solid #c8c8c8;padding:.25rem .5rem;text-align:left}}
thead th{{background:{PALETTE["header"]}}}
th button{{font:inherit;font-weight:bold;background:none;border:0;color:inherit;
cursor:pointer;padding:0}}
td.num{{text-align:right}} .missed,.overdue{{color:{PALETTE["accent"]};font-weight:bold}}
.filters{{display:flex;gap:1rem;margin:.5rem 0;align-items:end}}
.filters label{{display:flex;flex-direction:column;font-size:.85rem}}
ul.kpis{{padding-left:1.2rem}} .hint{{color:{PALETTE["muted"]};font-size:.85rem}}
"""

# Laid out lazily: a 10,000-row table costs seconds of layout and text shaping, because
# a table lays out every cell. Rows as grid rows (equal columns, as the fixed table
# layout had) can carry ``content-visibility: auto``, so Chromium lays out and shapes
# only the rows near the viewport; the others keep their place by an estimated height
# (``auto`` remembers a row's real height once it was shown). The elements stay a table,
# with explicit ARIA roles, so assistive technology still reads rows and columns; find
# in page and the a11y tree still see every row. ``benchmarks/bench_dashboard.py``
# measures the page without this block as its baseline.
LAZY_CSS: Final = """
#leads,#leads thead,#leads tbody,#leads caption{display:block}
#leads thead{position:sticky;top:0;z-index:1}
#leads tr{display:grid;grid-template-columns:repeat(9,minmax(0,1fr))}
#leads tr[hidden]{display:none}
#leads tbody tr{content-visibility:auto;contain-intrinsic-size:auto 1.7rem}
"""

_JS: Final = """
(function(){
var body=document.getElementById('leads-body');
var rows=Array.prototype.slice.call(body.rows);
var q=document.getElementById('f-search'),st=document.getElementById('f-stage'),
 sl=document.getElementById('f-sla'),count=document.getElementById('shown');
function apply(){var t=q.value.toLowerCase(),s=st.value,l=sl.value,n=0;
 for(var i=0;i<rows.length;i++){var r=rows[i];
  var ok=(!t||r.textContent.toLowerCase().indexOf(t)>=0)&&(!s||r.dataset.stage===s)&&
   (!l||r.dataset.sla===l);r.hidden=!ok;if(ok)n++;}
 count.textContent=n;}
q.addEventListener('input',apply);st.addEventListener('change',apply);
sl.addEventListener('change',apply);
var heads=document.querySelectorAll('#leads thead th');
heads.forEach(function(th,col){var b=th.querySelector('button');
 b.addEventListener('click',function(){
  var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
  heads.forEach(function(h){h.removeAttribute('aria-sort');});
  th.setAttribute('aria-sort',dir===1?'ascending':'descending');
  var numeric=th.dataset.type==='num';
  rows.sort(function(a,b){var x=a.cells[col].dataset.v||a.cells[col].textContent,
   y=b.cells[col].dataset.v||b.cells[col].textContent;
   if(numeric){x=parseFloat(x);y=parseFloat(y);x=isNaN(x)?-1e18:x;y=isNaN(y)?-1e18:y;
    return (x-y)*dir;}
   return x<y?-dir:x>y?dir:0;});
  var f=document.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});
  body.appendChild(f);});});
})();
"""


def lead_rows(
    leads: Iterable[Lead],
    *,
    scores: Mapping[str, tuple[float | None, str | None]] | None = None,
    sla_minutes: float = 60,
    as_of: dt.datetime | None = None,
) -> list[LeadRow]:
    """The dashboard's table rows: every lead, its stage, score, grade, owner and SLA."""
    rows = []
    for lead in leads:
        path = lead_path(lead)
        score, grade = (scores or {}).get(lead.id, (None, None))
        state = sla_state(path, sla_minutes, as_of)
        due = path.sql_at + dt.timedelta(minutes=sla_minutes) if path.sql_at else None
        rows.append(
            LeadRow(
                lead.id,
                lead.company.name,
                path.source,
                path.stage,
                score,
                grade,
                lead.owner,
                due if state in ("open", "overdue") else None,
                state,
            )
        )
    return rows


def _row_html(row: LeadRow, lang: str, sla_names: Mapping[str, str]) -> str:
    score = "" if row.score is None else f"{row.score:g}"
    due = _when(row.due, lang)
    due_key = row.due.isoformat() if row.due else ""
    sla = row.sla or ""
    cell = '<td role="cell"'
    return (
        f'<tr role="row" data-stage="{row.stage.value}" data-sla="{sla}">'
        f"{cell}>{_e(row.id)}</td>{cell}>{_e(row.company or '')}</td>"
        f"{cell}>{_e(row.source)}</td>"
        f'{cell} data-v="{row.stage.rank}{row.stage.value}">{_e(row.stage.label(lang))}</td>'
        f'{cell} class="num">{_e(score)}</td>{cell}>{_e(row.grade or "")}</td>'
        f'{cell}>{_e(row.owner or "")}</td>{cell} data-v="{due_key}">{_e(due)}</td>'
        f'{cell} class="{sla}">{_e(sla_names.get(sla, ""))}</td></tr>'
    )


def render_dashboard(
    leads: Iterable[Lead],
    *,
    lang: str = "en",
    scores: Mapping[str, tuple[float | None, str | None]] | None = None,
    sla_minutes: float = 60,
    as_of: dt.datetime | None = None,
    kpis: Report | None = None,
) -> str:
    """The whole dashboard as one HTML document (a string; write it with UTF-8).

    Args:
        leads: the leads, with CRM state.
        lang: ``"en"`` or ``"nl"``.
        scores: lead id → ``(score, grade)`` to show; absent leads show blanks.
        sla_minutes: the follow-up SLA.
        as_of: "now" for the SLA state of open SQLs.
        kpis: a precomputed :class:`~leadqual.metrics.Report` of the same leads.

    >>> import leadqual as lq
    >>> page = render_dashboard([lq.Lead("L-1", source="<b>")], lang="nl")
    >>> page.startswith("<!DOCTYPE html>"), "&lt;b&gt;" in page, 'lang="nl"' in page
    (True, True, True)
    """
    lang = "nl" if lang == "nl" else "en"
    texts = _TEXTS[lang]
    items = list(leads)
    kpis = kpis or report(items, sla_minutes=sla_minutes, as_of=as_of)
    rows = lead_rows(items, scores=scores, sla_minutes=sla_minutes, as_of=as_of)
    sla_names: Mapping[str, str] = texts["sla"]  # type: ignore[assignment]
    funnel = [
        (stage.label(lang), float(n), str(n))
        for stage in Stage
        if (n := kpis.by_stage.get(stage.value, 0))
    ]
    sources = [
        (row.source, row.conversion or 0.0, f"{_num((row.conversion or 0) * 100, lang)}%")
        for row in kpis.sources.sources
    ]
    reasons = [
        (
            Reason(reason).label(lang) if reason else str(texts["none"]),
            float(n),
            str(n),
        )
        for reason, n in kpis.rejection.reasons
    ]
    columns: Sequence[str] = texts["columns"]  # type: ignore[assignment]
    numeric = {4}
    num_attr = ' data-type="num"'
    head = "".join(
        f'<th scope="col" role="columnheader"{num_attr if k in numeric else ""}>'
        f'<button type="button">{_e(name)}</button></th>'
        for k, name in enumerate(columns)
    )
    stage_options = "".join(
        f'<option value="{stage.value}">{_e(stage.label(lang))}</option>' for stage in Stage
    )
    sla_options = "".join(
        f'<option value="{key}">{_e(name)}</option>' for key, name in sla_names.items()
    )
    body = "".join(_row_html(row, lang, sla_names) for row in rows)
    kpi_items = "".join(f"<li>{_e(line)}</li>" for line in kpis.lines(lang))
    # Raw text inside <script>: only "<" could end it early, so it is escaped for JSON.
    data = json.dumps(kpis.to_data(), ensure_ascii=False).replace("<", "\\u003c")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(texts['title'])}</title><style>{_CSS}{LAZY_CSS}</style></head><body>"
        f"<main><h1>{_e(texts['title'])}</h1>"
        f'<section aria-labelledby="h-kpis"><h2 id="h-kpis">{_e(texts["kpis"])}</h2>'
        f'<ul class="kpis">{kpi_items}</ul></section>'
        f'<section class="charts" aria-label="{_e(texts["kpis"])}">'
        f"{_bars(str(texts['funnel']), funnel)}{_bars(str(texts['sources']), sources)}"
        f"{_histogram(str(texts['cycle']), kpis.cycle.histogram(), lang)}"
        f"{_bars(str(texts['reasons']), reasons)}</section>"
        f'<section aria-labelledby="h-leads"><h2 id="h-leads">{_e(texts["leads"])}</h2>'
        f'<div class="filters"><label for="f-search">{_e(texts["search"])}'
        f'<input id="f-search" type="search"></label>'
        f'<label for="f-stage">{_e(texts["stage_filter"])}<select id="f-stage">'
        f'<option value="">{_e(texts["all"])}</option>{stage_options}</select></label>'
        f'<label for="f-sla">{_e(texts["sla_filter"])}<select id="f-sla">'
        f'<option value="">{_e(texts["all"])}</option>{sla_options}</select></label>'
        f'<p><span id="shown">{len(rows)}</span> {_e(texts["shown"])}</p></div>'
        f'<p class="hint">{_e(texts["sort"])}</p>'
        f'<table id="leads" role="table" aria-rowcount="{len(rows) + 1}">'
        f'<caption>{_e(texts["leads"])}</caption><thead role="rowgroup"><tr role="row">'
        f'{head}</tr></thead><tbody id="leads-body" role="rowgroup">{body}</tbody></table>'
        f'</section></main><script type="application/json" id="kpi-data">{data}</script>'
        f"<script>{_JS}</script></body></html>"
    )
