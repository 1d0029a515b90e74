"""Public names: exported classes and functions show their public package (as httpx does).

Reprs, pickles and tracebacks then name ``leadqual.icp.ICP``, never the private module
that defines it, so moving code between private modules breaks no pickle.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, MutableMapping

import attrs

__all__ = ["publish"]


def publish(module: str, namespace: MutableMapping[str, object], names: Iterable[str]) -> None:
    """Set ``__module__`` of each exported class or function defined in a private module.

    ``module`` is the public package (its ``__name__``), ``namespace`` its globals and
    ``names`` its ``__all__``. attrs classes resolve their string annotations first, in
    the module that wrote them. A member another package published already keeps its
    public module.

    >>> import types
    >>> def helper() -> None: ...
    >>> helper.__module__ = "leadqual.example._private"
    >>> publish("leadqual.example", {"helper": helper}, ["helper"])
    >>> helper.__module__
    'leadqual.example'
    """
    for name in names:
        value = namespace[name]
        if not isinstance(value, type) and not callable(value):
            continue
        current = getattr(value, "__module__", None)
        if not isinstance(current, str) or "._" not in current:
            continue
        if isinstance(value, type) and attrs.has(value):
            with contextlib.suppress(NameError):  # a type only named for type checkers
                attrs.resolve_types(value)
        try:
            value.__module__ = module
        except (AttributeError, TypeError):  # a builtin or a C function: left alone
            continue
