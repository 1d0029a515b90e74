"""How names of things are normalised, the same way in ICP criteria and scoring rules."""

from __future__ import annotations

import unicodedata

__all__ = ["product_key"]


def product_key(text: str) -> str:
    """A technology's name reduced to letters and digits, casefolded.

    "Exact Online", "exact-online" and "ExactOnline" name the same product.

    >>> product_key("Exact Online") == product_key("exact-online") == "exactonline"
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())
