"""The edges that read and write files: leads, and CRM exports through mappings.

Every command that reads leads calls :func:`read_leads` (lenient) or
:func:`load_leads` (strict) with ``preset=`` or ``mapping=`` for CRM exports, and
:func:`resolve_mapping` turns ``--preset``/``--mapping`` options into the mapping.

>>> from leadqual.io import read_leads, load_leads, write_leads
"""

from leadqual.io._activity import join_activity
from leadqual.io._config import read_config
from leadqual.io._definitions import (
    dump_framework,
    dump_icp,
    dump_model,
    dump_qualifier,
    load_framework,
    load_icp,
    load_model,
    load_qualifier,
)
from leadqual.io._leads import (
    FORMATS,
    Format,
    Loaded,
    Rejected,
    Row,
    load_leads,
    read_leads,
    resolve_mapping,
    write_leads,
)
from leadqual.io._mapping import (
    Column,
    ColumnEvent,
    LeadMapping,
    load_mapping,
    mapping_schema,
    parse_path,
)

__all__ = [
    "FORMATS",
    "Column",
    "ColumnEvent",
    "Format",
    "LeadMapping",
    "Loaded",
    "Rejected",
    "Row",
    "dump_framework",
    "dump_icp",
    "dump_model",
    "dump_qualifier",
    "join_activity",
    "load_framework",
    "load_icp",
    "load_leads",
    "load_mapping",
    "load_model",
    "load_qualifier",
    "mapping_schema",
    "parse_path",
    "read_config",
    "read_leads",
    "resolve_mapping",
    "write_leads",
]
