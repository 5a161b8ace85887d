"""The errors a graph store raises; each carries a message meant for the user as it is.

>>> str(StoreLocked("data/graph is locked by another process"))
'data/graph is locked by another process'
"""

import re

__all__ = [
    "GraphStoreError",
    "NotFound",
    "QueryError",
    "QueryTimeout",
    "ReadOnlyViolation",
    "StoreAuthError",
    "StoreLocked",
    "StoreUnavailable",
    "engine_message",
    "first_line",
]


class GraphStoreError(Exception):
    """Base class: something the user can act on, said in one line."""


class StoreUnavailable(GraphStoreError):
    """The store cannot be reached or opened (server down, bad URI, unreadable folder)."""


class StoreAuthError(StoreUnavailable):
    """The server refused the credentials."""


class StoreLocked(StoreUnavailable):
    """Another process holds the embedded store open for writing."""


class QueryError(GraphStoreError):
    """A user query is malformed or failed in the engine."""


class ReadOnlyViolation(QueryError):
    """A user query tried to change the store (or reach outside it) through a read-only path."""


class QueryTimeout(QueryError):
    """A user query ran past its time limit and was stopped."""


class NotFound(GraphStoreError):
    """An actor or article named by id does not exist."""


def first_line(text: str | None) -> str:
    r"""The first non-empty line of an engine's or driver's message.

    >>> first_line("Neo.ClientError: bad\n  at line 3")
    'Neo.ClientError: bad'
    """
    stripped = (text or "").strip()
    return stripped.splitlines()[0] if stripped else "unknown error"


_LADYBUG_PREFIX = re.compile(r"^(Runtime|Binder|Parser|Catalog|Connection|Copy|IO) exception: ")


def engine_message(text: str) -> str:
    r"""LadybugDB's message on one line, without its caret diagram or exception class.

    >>> engine_message("Parser exception: Invalid input <RETRN>\n  RETRN 1\n  ^")
    'Invalid input <RETRN>'
    """
    return _LADYBUG_PREFIX.sub("", first_line(text)).strip()
