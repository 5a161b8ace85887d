"""The actorgraph store: one interface over an embedded LadybugDB folder or a Neo4j server.

>>> import tempfile
>>> from actorgraph.graph import open_store
>>> with open_store(tempfile.mkdtemp(), relation_types=["WARNS"]) as store:
...     store.engine, store.relation_types()
('embedded', ['WARNS'])
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from actorgraph.graph.errors import StoreUnavailable

if TYPE_CHECKING:
    from actorgraph.graph.errors import (
        GraphStoreError,
        NotFound,
        QueryError,
        QueryTimeout,
        ReadOnlyViolation,
        StoreAuthError,
        StoreLocked,
    )
    from actorgraph.graph.records import (
        Actor,
        Affiliation,
        Article,
        DocumentGraph,
        DocumentWrite,
        EdgeSummary,
        GraphFilter,
        Mention,
        QueryResult,
        Relation,
        Stats,
        Subgraph,
        TimelinePoint,
    )
    from actorgraph.graph.store import GraphStore

__all__ = [
    "NEO4J_SCHEMES",
    "Actor",
    "Affiliation",
    "Article",
    "DocumentGraph",
    "DocumentWrite",
    "EdgeSummary",
    "GraphFilter",
    "GraphStore",
    "GraphStoreError",
    "Mention",
    "NotFound",
    "QueryError",
    "QueryResult",
    "QueryTimeout",
    "ReadOnlyViolation",
    "Relation",
    "Stats",
    "StoreAuthError",
    "StoreLocked",
    "StoreUnavailable",
    "Subgraph",
    "TimelinePoint",
    "is_neo4j_uri",
    "open_store",
]

# Names this package offers, and the module each comes from: imported when first asked for, so
# that a process needing one small part (a query worker) does not load the whole store.
_LAZY = {
    **dict.fromkeys(
        ["GraphStoreError", "NotFound", "QueryError", "QueryTimeout", "ReadOnlyViolation", "StoreAuthError", "StoreLocked"],
        "actorgraph.graph.errors",
    ),
    **dict.fromkeys(
        [
            "Actor",
            "Affiliation",
            "Article",
            "DocumentGraph",
            "DocumentWrite",
            "EdgeSummary",
            "GraphFilter",
            "Mention",
            "QueryResult",
            "Relation",
            "Stats",
            "Subgraph",
            "TimelinePoint",
        ],
        "actorgraph.graph.records",
    ),
    "GraphStore": "actorgraph.graph.store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def is_neo4j_uri(location: str) -> bool:
    """True for ``neo4j://`` and ``bolt://`` style addresses.

    >>> is_neo4j_uri("bolt://127.0.0.1:7687"), is_neo4j_uri("data/graph")
    (True, False)
    """
    return urlsplit(location).scheme.lower() in NEO4J_SCHEMES


def open_store(
    location: str | os.PathLike[str],
    *,
    relation_types: Iterable[str] = (),
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    read_only: bool = False,
    create: bool = True,
) -> GraphStore:
    """Open the store at ``location``: a folder (embedded LadybugDB) or a Neo4j URI.

    ``relation_types`` are declared up front so queries can name them before anything is
    written. ``read_only`` opens the embedded store without taking the writer's lock (and
    never creates one); ``create=False`` refuses a folder holding no store yet.
    """
    text = os.fspath(location).strip()
    if not text:
        raise StoreUnavailable("no store given (set --store or ACTORGRAPH_STORE)")
    scheme = urlsplit(text).scheme.lower()
    if scheme in NEO4J_SCHEMES:
        from actorgraph.graph.neo4j_store import Neo4jStore

        return Neo4jStore(text, user=user, password=password, database=database, relation_types=relation_types)
    if "://" in text:
        raise StoreUnavailable(f"unknown store address {text!r}: use a folder path or a neo4j:// or bolt:// URI")
    from actorgraph.graph.ladybug_store import LadybugStore

    return LadybugStore(text, relation_types=relation_types, read_only=read_only, create=create)
