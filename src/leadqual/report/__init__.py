"""Reports as files: the offline HTML dashboard of every lead and the KPIs; plots.

The plots need the ``plot`` extra (matplotlib, imported only when a plot is drawn).

>>> import leadqual as lq
>>> from leadqual.report import render_dashboard
>>> page = render_dashboard([lq.Lead("L-1")])
>>> "<table" in page and "cdn" not in page.lower()
True
"""

from leadqual.report._dashboard import PALETTE, LeadRow, lead_rows, render_dashboard
from leadqual.report._plot import plot_conversion_by_band, plot_cycle, plot_funnel

__all__ = [
    "PALETTE",
    "LeadRow",
    "lead_rows",
    "plot_conversion_by_band",
    "plot_cycle",
    "plot_funnel",
    "render_dashboard",
]
