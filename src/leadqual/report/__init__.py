"""Reports as files: the offline HTML dashboard of every lead and the KPIs.

>>> import leadqual as lq
>>> from leadqual.report import render_dashboard
>>> page = render_dashboard([lq.Lead("L-1")])
>>> "<table" in page and "cdn" not in page.lower()
True
"""

from leadqual.report._dashboard import PALETTE, LeadRow, lead_rows, render_dashboard

__all__ = ["PALETTE", "LeadRow", "lead_rows", "render_dashboard"]
