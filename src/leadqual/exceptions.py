"""Every error leadqual raises on bad input.

The tree::

    LeadqualError(Exception)
    ├── LeadError(LeadqualError, ValueError)          a lead, company or event is malformed
    │   └── TimestampError(LeadError)                 a timestamp is naive or unparseable
    ├── ConfigError(LeadqualError, ValueError)        a model, ICP or framework is malformed
    │   └── NotSerializableError(ConfigError, TypeError)
    │                                                 a Python-only rule cannot be written as data
    ├── AnswerError(LeadqualError, ValueError)        a framework answer is out of range or unknown
    ├── LifecycleError(LeadqualError, ValueError)     a stage move the lifecycle does not allow
    ├── StoreError(LeadqualError, RuntimeError)       a lead store cannot be opened or used
    │   └── UnknownLeadError(StoreError, LookupError) no lead with that id in the store
    ├── NotifyError(LeadqualError, OSError)           a notification could not be delivered
    ├── UnsupportedByEngineError(LeadqualError, ValueError) a rule or value an engine cannot express
    └── InputFileError(LeadqualError, OSError)        a leads or model file cannot be read

Each class also inherits the matching built-in, so callers can catch either
``LeadqualError`` or the familiar ``ValueError``. Messages say what was wrong, where
(``line 17: events[2].at``) and what was expected; the pieces are kept as attributes.

One phrasing per kind of mistake, so a user learns it once:

- ``expected a whole number`` (never "an integer"), ``expected a number``, ``expected a
  finite number`` (not NaN or infinity);
- ranges read ``from 0 to 100``, ``of at least 0`` or ``above 0`` (never ``>= 0``);
- ``expected a string`` / ``a non-empty string`` for text;
- the value follows ``got`` as written: ``got 'many'``, ``got null``, never a Python
  type name; an example of a good value follows ``such as`` where one helps
  (``expected a whole number such as 180 (no units or thousands separators)``).

>>> try:
...     raise ConfigError("rules[3].points: expected a number, got 'ten'")
... except ValueError as exc:
...     print(type(exc).__name__, exc)
ConfigError rules[3].points: expected a number, got 'ten'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "AnswerError",
    "ConfigError",
    "InputFileError",
    "LeadError",
    "LeadqualError",
    "LifecycleError",
    "NotSerializableError",
    "NotifyError",
    "StoreError",
    "TimestampError",
    "UnknownLeadError",
    "UnsupportedByEngineError",
]


class LeadqualError(Exception):
    """Root of every error leadqual raises on bad input.

    Attributes:
        errors: every individual problem found, each prefixed with its place
            (``rules[3].points: expected a number``). A single problem gives a list of one.
        place: the field the problem is in, when one field is to blame (``"employees"``).
        detail: the message without its place.
    """

    errors: tuple[str, ...]
    place: str | None
    detail: str | None

    def __init__(self, message: str, *, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = tuple(errors) if errors else (message,)
        self.place = None
        self.detail = None

    @classmethod
    def at(cls, *, place: str, detail: str) -> Self:
        """An error about one place, kept apart from its detail.

        Structuring a nested value can then report the full path
        (``company.employees``, ``criteria[2].options[0].level``) instead of repeating
        the bare field name.

        >>> error = ConfigError.at(place="points", detail="expected a number")
        >>> str(error), error.place, error.detail
        ('points: expected a number', 'points', 'expected a number')
        """
        exc = cls(f"{place}: {detail}")
        exc.place = place
        exc.detail = detail
        return exc


class LeadError(LeadqualError, ValueError):
    """A lead, its company or one of its events is malformed."""


class TimestampError(LeadError):
    """A timestamp cannot be parsed or has no time zone and no default was given."""


class ConfigError(LeadqualError, ValueError):
    """A scoring model, ICP or framework definition is malformed."""


class NotSerializableError(ConfigError, TypeError):
    """Part of a model exists only as Python code and cannot be written as data."""


class AnswerError(LeadqualError, ValueError):
    """An answer to a framework criterion is outside its allowed values."""


class InputFileError(LeadqualError, OSError):
    """A file of leads or a model file cannot be read, or has an unsupported suffix."""


class LifecycleError(LeadqualError, ValueError):
    """A stage move the lifecycle does not allow from the lead's current stage.

    Attributes:
        stage: the lead's current stage (a :class:`leadqual.Stage` value).
        allowed: the moves allowed from there, as people write them
            (``"accept"``, ``"lost competitor|no_interest"``).
    """

    stage: str | None
    allowed: tuple[str, ...]

    def __init__(
        self,
        message: str,
        *,
        errors: Sequence[str] = (),
        stage: str | None = None,
        allowed: Sequence[str] = (),
    ) -> None:
        super().__init__(message, errors=errors)
        self.stage = stage
        self.allowed = tuple(allowed)


class StoreError(LeadqualError, RuntimeError):
    """A lead store cannot be opened (bad URL, newer schema, missing driver) or used."""


class UnknownLeadError(StoreError, LookupError):
    """The store holds no lead with the given id."""


class NotifyError(LeadqualError, OSError):
    """A notifier could not deliver a hand-off (refused, timed out, an error answer).

    Attributes:
        permanent: true when retrying cannot help (a 4xx answer other than 408/429, a
            rejected recipient); the outbox worker then dead-letters the item at once.
    """

    permanent: bool

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class UnsupportedByEngineError(LeadqualError, ValueError):
    """A model or a value that an engine other than Python cannot run exactly.

    Raised before anything is computed, never as a silently different result:
    ``rules[3] 'my_python_rule': a Python rule cannot run on the polars engine``.

    Attributes:
        engine: the engine's name (``"polars"``, ``"duckdb"``, ``"spark"``).
    """

    engine: str | None

    def __init__(
        self, message: str, *, errors: Sequence[str] = (), engine: str | None = None
    ) -> None:
        super().__init__(message, errors=errors)
        self.engine = engine
