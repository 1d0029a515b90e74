"""The lead store: merged leads, verdict snapshots, histories and the outbox.

``open_store(url)`` opens SQLite (a file path or ``sqlite:///path``, the embedded
default) or PostgreSQL (``postgresql://…``, with the ``postgres`` extra). Both implement
:class:`leadqual.typing.Store`; see ``docs/store.md``.
"""

from leadqual.store._schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]
