"""The bundled list of free e-mail providers (Dutch and Belgian ones included)."""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["free_email_domains", "is_free_email_domain"]


@functools.cache
def free_email_domains() -> frozenset[str]:
    """Every bundled free e-mail domain, lower case.

    >>> {"ziggo.nl", "kpnmail.nl", "gmail.com"} <= free_email_domains()
    True
    """
    text = resources.files("leadqual").joinpath("data/free_email_domains.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def is_free_email_domain(domain: str | None) -> bool:
    """Whether ``domain`` belongs to a free provider; ``None`` (unknown) is ``False``.

    >>> is_free_email_domain("Planet.nl"), is_free_email_domain("vdberg-metaal.nl")
    (True, False)
    """
    return domain is not None and domain.lower() in free_email_domains()
