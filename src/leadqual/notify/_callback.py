"""A Python callable as a notifier, for embedding leadqual in your own service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from leadqual.automation._redact import redact_log
from leadqual.exceptions import NotifyError

if TYPE_CHECKING:
    from leadqual.lifecycle import OutboxItem

__all__ = ["CallbackNotifier"]


@attrs.frozen
class CallbackNotifier:
    """Calls ``function(item)``; any exception it raises becomes a retryable ``NotifyError``.

    >>> from leadqual.lifecycle import OutboxItem
    >>> keys = []
    >>> notifier = CallbackNotifier(lambda item: keys.append(item.key))
    >>> notifier.send(OutboxItem("lq-1", "L-1", "sql", {}))
    >>> keys
    ['lq-1']
    """

    function: Callable[[OutboxItem], object]
    name: str = "callback"

    def send(self, item: OutboxItem, /) -> None:
        """Call the function with ``item``."""
        try:
            self.function(item)
        except NotifyError:
            raise
        except Exception as exc:
            msg = redact_log(f"{self.name}: {type(exc).__name__}: {exc}")
            raise NotifyError(msg) from exc
