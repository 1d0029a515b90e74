"""Frameworks as definition files (TOML, JSON, YAML with the extra), round-trip exact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadqual._convert import structure_config, unstructure
from leadqual._files import read_data, write_data
from leadqual.frameworks._framework import Framework

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["dump_framework", "load_framework"]


def load_framework(path: str | Path) -> Framework:
    """Read a framework from a ``.toml``/``.json`` (or ``.yaml``) file.

    Every problem is reported with its place (``criteria[1].options[0].level: ...``) as
    a ``ConfigError``; a file that cannot be read is an ``InputFileError``.

    >>> import tempfile, pathlib
    >>> from leadqual.frameworks import BANT
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bant.toml"
    >>> dump_framework(BANT, path)
    >>> load_framework(path) == BANT
    True
    """
    return structure_config(read_data(path), Framework, "framework")


def dump_framework(framework: Framework, path: str | Path) -> None:
    """Write a framework to a file, the format chosen by the suffix."""
    write_data(path, unstructure(framework))
