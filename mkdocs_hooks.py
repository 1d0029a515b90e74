"""MkDocs hooks: pages still being written and doctest output do not break the build.

Several feature pages (``PENDING``) are written alongside the rest of the site. Until a
page exists, its nav entry is left out and links to it read as plain text; the moment
the file lands, the entry and the links come back by themselves. Every other missing
page or broken link still fails ``mkdocs build --strict``.

Docstrings show doctest output such as ``['line 2: L-1']`` or ``[0]``, which Markdown
reads as a reference link; autorefs would call each one a broken cross-reference. Those
reports, and only those (an unresolved reference *inside a docstring of the package*),
are not counted; a broken reference in a page of ``docs/`` still fails the build.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

PENDING = frozenset(
    {
        "lifecycle.md",
        "store.md",
        "speed-to-lead.md",
        "metrics.md",
        "learning.md",
        "crm-exports.md",
    }
)

_LINK = re.compile(r"\[([^\]]+)\]\(((?:\.\./)*)([\w.-]+\.md)(#[\w-]*)?\)")


def _missing(name: str, docs: Path) -> bool:
    return name in PENDING and not (docs / name).is_file()


def _prune(items: list[Any], docs: Path) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, str):
            if not _missing(item, docs):
                kept.append(item)
            continue
        ((title, value),) = item.items()
        if isinstance(value, list):
            inner = _prune(value, docs)
            if inner:
                kept.append({title: inner})
        elif not _missing(value, docs):
            kept.append(item)
    return kept


class _DocstringOutput(logging.Filter):
    """Drops autorefs' "could not find" reports that come from a package docstring."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            "Could not find cross-reference target" in message and "/src/leadqual/" in message
        )


_AUTOREFS_LOGGERS = (
    "mkdocs.plugins.mkdocs_autorefs._internal.plugin",
    "mkdocs.plugins.mkdocs_autorefs._internal.references",
)


def on_config(config: Any) -> Any:
    """Leave pending pages that do not exist yet out of the nav; quiet doctest output."""
    config["nav"] = _prune(config["nav"], Path(config["docs_dir"]))
    for name in _AUTOREFS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(item, _DocstringOutput) for item in logger.filters):
            logger.addFilter(_DocstringOutput())
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:  # noqa: ARG001
    """Links to pending pages that do not exist yet become their plain text."""
    docs = Path(config["docs_dir"])

    def replace(match: re.Match[str]) -> str:
        if match.group(2) == "" and "/" in page.file.src_uri:
            return match.group(0)  # a link to a sibling in a subfolder is not a pending page
        return match.group(1) if _missing(match.group(3), docs) else match.group(0)

    return _LINK.sub(replace, markdown)
