"""Definition files: models, ICPs, frameworks and qualifiers read from and written to paths.

The evaluators keep the pure ``*_from_data``/``*_to_data``; this edge adds the file: the
format chosen by the suffix (``.toml``, ``.json``; ``.yaml`` with the extra, see
:mod:`leadqual.io._files`), and one message shape for every kind, the path first
(``m.toml: invalid scoring model: rules[0].points: …``). Loading never executes code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from leadqual.exceptions import NotSerializableError
from leadqual.frameworks import Framework, framework_from_data, framework_to_data
from leadqual.icp import ICP, icp_from_data, icp_to_data
from leadqual.io._files import read_into, write_data
from leadqual.scoring import ScoringModel, model_from_data, model_to_data
from leadqual.verdict import Qualifier, qualifier_from_data, qualifier_to_data

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "dump_framework",
    "dump_icp",
    "dump_model",
    "dump_qualifier",
    "load_framework",
    "load_icp",
    "load_model",
    "load_qualifier",
]

T = TypeVar("T")


def _dump(path: str | Path, value: T, to_data: Callable[[T], Mapping[str, Any]]) -> None:
    try:
        data = to_data(value)
    except NotSerializableError as exc:
        msg = f"{path}: {exc}"
        raise NotSerializableError(msg) from None
    write_data(path, data)


def load_model(path: str | Path) -> ScoringModel:
    """Read a model file; the suffix chooses the format (``.toml``, ``.json``, ``.yaml``).

    Loading never executes code: files are parsed as data and validated field by field.
    Unknown keys and wrong types raise ``ConfigError`` listing every problem, e.g.
    ``m.toml: invalid scoring model: rules[3].points: expected a number, got str 'ten'``.
    """
    return read_into(path, model_from_data)


def dump_model(model: ScoringModel, path: str | Path) -> None:
    """Write a model file; :func:`load_model` gives back an equal model.

    Raises ``NotSerializableError`` when the model holds a ``CustomRule``.
    """
    _dump(path, model, model_to_data)


def load_icp(path: str | Path) -> ICP:
    """Read an ICP file; problems are a ``ConfigError`` naming the file and the place.

    (``icp.toml: invalid ICP: criteria[1].regions: unknown region 'atlantis'…``)
    """
    return read_into(path, icp_from_data)


def dump_icp(icp: ICP, path: str | Path) -> None:
    """Write an ICP file; :func:`load_icp` gives back an equal ICP.

    Custom (Python) criteria cannot be written: ``NotSerializableError``.
    """
    _dump(path, icp, icp_to_data)


def load_framework(path: str | Path) -> Framework:
    """Read a framework file; every problem is reported with its place.

    >>> import tempfile, pathlib
    >>> from leadqual.frameworks import BANT
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "bant.toml"
    >>> dump_framework(BANT, path)
    >>> load_framework(path) == BANT
    True
    """
    return read_into(path, framework_from_data)


def dump_framework(framework: Framework, path: str | Path) -> None:
    """Write a framework file, the format chosen by the suffix."""
    _dump(path, framework, framework_to_data)


def load_qualifier(path: str | Path) -> Qualifier:
    r"""Read a qualifier file (``.toml``, ``.json``; ``.yaml`` with the extra).

    >>> import pathlib, tempfile
    >>> from leadqual.frameworks import BANT
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "qualifier.toml"
    >>> _ = path.write_text('framework = "BANT"\n[weights]\nframework = 2\n')
    >>> qualifier = load_qualifier(path)
    >>> qualifier.framework == BANT, qualifier.weights.framework
    (True, 2)
    """
    return read_into(path, qualifier_from_data)


def dump_qualifier(qualifier: Qualifier, path: str | Path) -> None:
    """Write a qualifier file; :func:`load_qualifier` gives back an equal qualifier.

    Raises ``NotSerializableError`` when a part exists only as Python code (a custom
    rule or criterion).
    """
    _dump(path, qualifier, qualifier_to_data)
