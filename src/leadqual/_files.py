"""Moved to :mod:`leadqual.io._files` (definition-file I/O is an edge); kept as a re-export.

Only for modules not yet updated; new code imports from ``leadqual.io._files``.
"""

from leadqual.io._files import (
    SUFFIXES,
    YAML_ALIAS_BUDGET,
    YAML_DEPTH_LIMIT,
    dumps_toml,
    parse_problem,
    read_data,
    write_data,
)

__all__ = [
    "SUFFIXES",
    "YAML_ALIAS_BUDGET",
    "YAML_DEPTH_LIMIT",
    "dumps_toml",
    "parse_problem",
    "read_data",
    "write_data",
]
