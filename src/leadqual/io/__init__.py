"""The edges that read and write files: leads today; definition files, CRM presets next.

>>> from leadqual.io import read_leads, load_leads, write_leads
"""

from leadqual.io._config import read_config
from leadqual.io._leads import (
    FORMATS,
    Format,
    Loaded,
    Rejected,
    Row,
    load_leads,
    read_leads,
    write_leads,
)

__all__ = [
    "FORMATS",
    "Format",
    "Loaded",
    "Rejected",
    "Row",
    "load_leads",
    "read_config",
    "read_leads",
    "write_leads",
]
