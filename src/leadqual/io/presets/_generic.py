"""``generic``: columns named like lead paths go there, every other column to attributes."""

from leadqual.io._mapping import LeadMapping

MAPPING = LeadMapping(unknown="attributes", by_name=True, row_ids=True)
"""SPEC §3: a column named ``email`` or ``company.employees`` goes there; others go to
``attributes`` under their own name, numbers as numbers; without ``id`` the row number is
the id."""
