r"""UTF-8 checks on Python text: one copy for the lead parsers, the readers and the engines.

A ``str`` can hold a lone surrogate (``"\udc80"``, from a JSON escape or an undecodable
byte read with ``surrogateescape``) that no UTF-8 writer accepts. ASCII text, nearly all
of it, is answered without encoding anything.
"""

from __future__ import annotations

__all__ = ["encodable", "lone_surrogate"]


def lone_surrogate(text: str) -> int | None:
    r"""The index of the first character UTF-8 cannot write, or ``None``.

    >>> lone_surrogate("café"), lone_surrogate("ab\udc80")
    (None, 2)
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def encodable(text: str) -> bool:
    r"""Whether ``text`` can be written as UTF-8.

    >>> encodable("Zoë"), encodable("\udc80")
    (True, False)
    """
    return text.isascii() or lone_surrogate(text) is None
