"""Lead paths: dotted keys, a key holding dots written in brackets and quotes."""

from __future__ import annotations

import re

__all__ = ["split_path"]

_ESCAPE = re.compile(r"\\(.)")


def split_path(path: str, key: re.Pattern[str]) -> list[str] | int:
    r"""The keys of ``path``, or the index of the first character no key can be read at.

    ``key`` matches one key with its leading dot; its last group is a bare key, any
    other group a quoted one (with backslash escapes). A path never starts with a dot.

    >>> key = re.compile(r'\.?\["((?:[^"\\]|\\.)*)"\]|\.?([^.\[\]]+)')
    >>> split_path('attributes["a.b"].c', key), split_path(".a", key)
    (['attributes', 'a.b', 'c'], 0)
    """
    keys: list[str] = []
    pos = 0
    while pos < len(path):
        match = key.match(path, pos)
        if match is None or (pos == 0 and path.startswith(".")):
            return pos
        *quoted, bare = match.groups()
        text = next((group for group in quoted if group is not None), None)
        keys.append(str(bare) if text is None else _ESCAPE.sub(r"\1", text))
        pos = match.end()
    return keys
