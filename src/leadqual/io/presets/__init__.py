"""Built-in mappings for CRM exports: ``hubspot``, ``salesforce``, ``xeducation``, ``generic``.

A preset is a :class:`~leadqual.io.LeadMapping` under a name; ``leadqual import
--preset NAME`` and ``read_leads(..., preset=NAME)`` use it. To adapt one, start from
its mapping and change what differs (see ``docs/crm-exports.md``):

>>> import attrs
>>> from leadqual.io import Column
>>> from leadqual.io.presets import preset, preset_names
>>> preset_names()
('generic', 'hubspot', 'salesforce', 'xeducation')
>>> mine = preset("hubspot")
>>> mine = attrs.evolve(mine, columns={**mine.columns, "Klantnummer": Column("company.account_id")})
>>> mine.columns["Klantnummer"].to
'company.account_id'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from leadqual.exceptions import ConfigError

if TYPE_CHECKING:
    from leadqual.io._mapping import LeadMapping

__all__ = ["preset", "preset_names"]

_PRESETS = ("generic", "hubspot", "salesforce", "xeducation")


def preset_names() -> tuple[str, ...]:
    """The names of the built-in presets, sorted."""
    return _PRESETS


def preset(name: str) -> LeadMapping:
    """The mapping of a built-in preset; ``ConfigError`` for an unknown name.

    >>> preset("generic").unknown
    'attributes'
    >>> preset("hubspt")
    Traceback (most recent call last):
    ...
    leadqual.exceptions.ConfigError: unknown preset 'hubspt' (did you mean 'hubspot'?); ...
    """
    key = name.strip().casefold()
    if key not in _PRESETS:
        from leadqual._suggest import suggest  # noqa: PLC0415 - error path

        msg = f"unknown preset {name!r}{suggest(key, _PRESETS)}; presets are {', '.join(_PRESETS)}"
        raise ConfigError(msg)
    module = importlib.import_module(f"leadqual.io.presets._{key}")
    mapping: LeadMapping = module.MAPPING
    return mapping
