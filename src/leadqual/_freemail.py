"""Free e-mail providers: an address there says nothing about the lead's company.

The list ships as ``leadqual/data/free_email_domains.txt`` and is read once.

>>> is_free_email_domain("Ziggo.nl"), is_free_email_domain("vdberg-metaal.nl")
(True, False)
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["free_email_domains", "is_free_email_domain"]


@functools.cache
def free_email_domains() -> frozenset[str]:
    """Every bundled free-provider domain, lower case.

    >>> "gmail.com" in free_email_domains()
    True
    """
    text = resources.files("leadqual").joinpath("data/free_email_domains.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def is_free_email_domain(domain: str | None) -> bool:
    """Whether ``domain`` belongs to a free e-mail provider; ``None`` is not.

    >>> is_free_email_domain(None)
    False
    """
    if domain is None:
        return False
    return domain.strip().lower().removeprefix("www.") in free_email_domains()
