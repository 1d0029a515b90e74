"""Frameworks as plain data (files: :func:`leadqual.io.load_framework`), round-trip exact."""

from __future__ import annotations

from typing import Any

from leadqual._convert import structure_config, unstructure
from leadqual.frameworks._framework import Framework

__all__ = ["framework_from_data", "framework_to_data"]


def framework_from_data(data: object) -> Framework:
    """Build a framework from plain data; every problem is reported with its place.

    >>> from leadqual.frameworks import BANT
    >>> framework_from_data(framework_to_data(BANT)) == BANT
    True
    """
    return structure_config(data, Framework, "framework")


def framework_to_data(framework: Framework) -> dict[str, Any]:
    """The framework as plain data, exactly what :func:`leadqual.io.dump_framework` writes."""
    data: dict[str, Any] = unstructure(framework)
    return data
