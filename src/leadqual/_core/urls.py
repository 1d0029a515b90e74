"""URLs as rules read them: an absolute URL by its path and query."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

__all__ = ["url_path"]


@functools.lru_cache(maxsize=4096)
def url_path(url: str) -> str | None:
    """The path (and query) of a URL, so ``https://x.nl/pricing?a=1`` matches ``/pricing*``.

    Text without ``://`` is already a path. ``None`` for text that is no valid URL
    (``http://[``): it matches nothing.

    >>> url_path("https://x.nl/pricing?a=1"), url_path("http://["), url_path("/blog")
    ('/pricing?a=1', None, '/blog')
    """
    if "://" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path
