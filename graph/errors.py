"""The errors a graph store raises; each carries a message meant for the user as it is.

>>> str(StoreLocked("data/graph is locked by another process"))
'data/graph is locked by another process'
"""

__all__ = [
    "GraphStoreError",
    "NotFound",
    "QueryError",
    "QueryTimeout",
    "ReadOnlyViolation",
    "StoreAuthError",
    "StoreLocked",
    "StoreUnavailable",
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
