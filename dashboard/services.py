"""What the running app serves with: the view model, its caches, and the store's health.

:class:`Dashboard` is the :class:`~actorgraph.dashboard.view_model.ViewModel` of one running
app: its filtered graphs and timelines cached (sized for about 20 analysts), and its store
watched, so that while the store does not answer calls fail at once and a banner says so.
The server thread, the garbage collector's thresholds and glibc's malloc arenas for serving
are in :mod:`actorgraph.dashboard.app`. A one-shot job (``actorgraph export``) uses the view
model alone: no caches, no probe thread.

>>> import tempfile
>>> from actorgraph.dashboard.state import ViewState
>>> from actorgraph.graph import open_store, Actor, Relation
>>> store = open_store(tempfile.mkdtemp(), relation_types=["WARNS"])
>>> _ = store.upsert_actors([Actor(id="RUS", name="Russia", kind="state"), Actor(id="USA", name="United States", kind="state")])
>>> _ = store.upsert_relations([Relation(id="r1", type="WARNS", source_id="RUS", target_id="USA")])
>>> dashboard = Dashboard(store)
>>> [a.id for a in dashboard.view(ViewState()).actors], dashboard.health.available
(['RUS', 'USA'], True)
>>> store.close()
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import pyarrow as pa

from actorgraph.dashboard.edge_index import LiveIndex
from actorgraph.dashboard.network import FilteredGraph, TimedCache
from actorgraph.dashboard.view_model import ViewModel
from actorgraph.graph import (
    Actor,
    Affiliation,
    Article,
    DocumentWrite,
    EdgeSummary,
    GraphFilter,
    GraphStore,
    QueryResult,
    Relation,
    Stats,
    StoreUnavailable,
    Subgraph,
    TimelinePoint,
)
from actorgraph.graph.records import Correction, EdgeColumns
from actorgraph.graph.sandbox import DEFAULT_QUERY_MEMORY_MB, DEFAULT_QUERY_ROW_LIMIT, DEFAULT_QUERY_TIMEOUT_S, SandboxTarget
from actorgraph.settings import DEFAULT_VIEW_BUDGET_S

__all__ = [
    "GRAPH_CACHE_BYTES",
    "GRAPH_CACHE_ENTRIES",
    "Dashboard",
    "StoreHealth",
    "WatchedStore",
]

log = logging.getLogger("actorgraph.dashboard")

# Caches, sized for about 20 analysts working at once, each with a view or two of their own
# (the one drawn, the one before). A filtered graph of the benchmark's 5,000 actors / 50,000
# relations takes 0.3–4 MB (about 80 bytes an edge), up to about 25 MB once PageRank,
# communities and a layout are computed on it: 32 plain views fit in about 100 MB, and the
# byte bound keeps a run of heavy ones to about 190 MB.
GRAPH_CACHE_ENTRIES = 32
GRAPH_CACHE_BYTES = 192 * 2**20
SMALL_CACHE_ENTRIES = 64  # timelines, article lists
SMALL_CACHE_BYTES = 48 * 2**20

R = TypeVar("R")


class StoreHealth:
    """Whether the store answers, found out by a cheap query in the background.

    While the store answers, a probe runs at most every ``interval_s``; a probe that fails, or
    takes longer than ``timeout_s``, marks the store down. While down, probes back off (1, 2,
    4 … ``max_backoff_s`` seconds) until one succeeds. Nothing here blocks: :meth:`check`
    starts a due probe in a thread of its own and returns what is known now.

    >>> health = StoreHealth(lambda: None)
    >>> health.check(), health.available
    ('', True)
    >>> health.failed(StoreUnavailable("cannot reach Neo4j"))
    >>> health.available, health.message.startswith("cannot reach Neo4j")
    (False, True)
    """

    def __init__(
        self,
        ping: Callable[[], object],
        *,
        interval_s: float = 2.0,
        timeout_s: float = 2.0,
        max_backoff_s: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._ping, self._clock = ping, clock
        self.interval_s, self.timeout_s, self.max_backoff_s = interval_s, timeout_s, max_backoff_s
        self._lock = threading.Lock()
        self._error: str | None = None
        self._backoff = 0.0
        self._next_probe = 0.0
        self._probe_started: float | None = None

    @property
    def available(self) -> bool:
        """False after a failure, or while a probe is taking too long."""
        with self._lock:
            return self._error is None and not self._probe_overdue()

    @property
    def message(self) -> str:
        """Why the store is unavailable, and when it is tried again ('' when it answers)."""
        with self._lock:
            error = self._error or (f"no answer within {self.timeout_s:g} s" if self._probe_overdue() else None)
            if error is None:
                return ""
            wait = max(0, round(self._next_probe - self._clock()))
            return f"{error} — retrying {'now' if wait == 0 else f'in {wait} s'}"

    def check(self) -> str:
        """Start a probe when one is due; the current :attr:`message`."""
        with self._lock:
            due = self._probe_started is None and self._clock() >= self._next_probe
            if due:
                self._probe_started = self._clock()
        if due:
            threading.Thread(target=self._probe, name="actorgraph-store-probe", daemon=True).start()
        return self.message

    def failed(self, exc: BaseException) -> None:
        """Record that a call found the store unavailable (the next probe backs off)."""
        with self._lock:
            self._mark_down(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def _probe(self) -> None:
        try:
            self._ping()
        except Exception as exc:  # whatever the driver raises, the store is not answering
            with self._lock:
                self._probe_started = None
                self._mark_down(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        with self._lock:
            if self._error is not None:
                log.info("the store answers again")
            self._probe_started, self._error, self._backoff = None, None, 0.0
            self._next_probe = self._clock() + self.interval_s

    def _mark_down(self, error: str) -> None:
        if self._error is None:
            log.warning("the store does not answer: %s", error)
        self._error = error
        self._backoff = min(self.max_backoff_s, max(1.0, self._backoff * 2))
        self._next_probe = self._clock() + self._backoff

    def _probe_overdue(self) -> bool:
        return self._probe_started is not None and self._clock() - self._probe_started > self.timeout_s


class WatchedStore(GraphStore):
    """A store whose calls ask :class:`StoreHealth` first: while the store is down they fail
    at once with :class:`StoreUnavailable` instead of each waiting out the driver's retries,
    so the app keeps answering; a call that finds it down says so.

    Every method of :class:`~actorgraph.graph.GraphStore` is passed on here by name (checked
    as the module loads), so none runs the interface's generic version over this wrapper.
    ``relation_types`` and ``close`` answer from the store object without asking the database.
    """

    def __init__(self, store: GraphStore, health: StoreHealth):
        self.wrapped = store
        self.health = health
        self.engine, self.location = store.engine, store.location

    def _call(self, method: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        message = self.health.check()
        if message:
            raise StoreUnavailable(message)
        try:
            return method(*args, **kwargs)
        except StoreUnavailable as exc:
            self.health.failed(exc)
            raise

    def close(self) -> None:
        self.wrapped.close()

    def relation_types(self) -> list[str]:
        return self.wrapped.relation_types()

    def ensure_relation_types(self, *args: Any, **kwargs: Any) -> None:
        self._call(self.wrapped.ensure_relation_types, *args, **kwargs)

    def upsert_actors(self, *args: Any, **kwargs: Any) -> int:
        return self._call(self.wrapped.upsert_actors, *args, **kwargs)

    def _write_actors(self, *args: Any, **kwargs: Any) -> None:
        self._call(self.wrapped._write_actors, *args, **kwargs)

    def upsert_articles(self, *args: Any, **kwargs: Any) -> int:
        return self._call(self.wrapped.upsert_articles, *args, **kwargs)

    def upsert_relations(self, *args: Any, **kwargs: Any) -> int:
        return self._call(self.wrapped.upsert_relations, *args, **kwargs)

    def upsert_mentions(self, *args: Any, **kwargs: Any) -> int:
        return self._call(self.wrapped.upsert_mentions, *args, **kwargs)

    def upsert_affiliations(self, *args: Any, **kwargs: Any) -> int:
        return self._call(self.wrapped.upsert_affiliations, *args, **kwargs)

    def write_document(self, *args: Any, **kwargs: Any) -> DocumentWrite:
        return self._call(self.wrapped.write_document, *args, **kwargs)

    def write_documents(self, *args: Any, **kwargs: Any) -> list[DocumentWrite]:
        return self._call(self.wrapped.write_documents, *args, **kwargs)

    def upsert_relation_columns(self, *args: Any, **kwargs: Any) -> int:
        return self._call(self.wrapped.upsert_relation_columns, *args, **kwargs)

    def extractor_names(self, *args: Any, **kwargs: Any) -> list[str]:
        return self._call(self.wrapped.extractor_names, *args, **kwargs)

    def merge_actors(self, *args: Any, **kwargs: Any) -> Actor:
        return self._call(self.wrapped.merge_actors, *args, **kwargs)

    def set_reviewed(self, *args: Any, **kwargs: Any) -> Actor:
        return self._call(self.wrapped.set_reviewed, *args, **kwargs)

    def rename_actor(self, *args: Any, **kwargs: Any) -> Actor:
        return self._call(self.wrapped.rename_actor, *args, **kwargs)

    def corrections(self, *args: Any, **kwargs: Any) -> list[Correction]:
        return self._call(self.wrapped.corrections, *args, **kwargs)

    def last_correction(self, *args: Any, **kwargs: Any) -> Correction | None:
        return self._call(self.wrapped.last_correction, *args, **kwargs)

    def undo_last_correction(self, *args: Any, **kwargs: Any) -> Correction:
        return self._call(self.wrapped.undo_last_correction, *args, **kwargs)

    def apply_correction(self, *args: Any, **kwargs: Any) -> bool:
        return self._call(self.wrapped.apply_correction, *args, **kwargs)

    def delete_article(self, *args: Any, **kwargs: Any) -> int:
        return self._call(self.wrapped.delete_article, *args, **kwargs)

    def get_actor(self, *args: Any, **kwargs: Any) -> Actor:
        return self._call(self.wrapped.get_actor, *args, **kwargs)

    def get_actors(self, *args: Any, **kwargs: Any) -> list[Actor]:
        return self._call(self.wrapped.get_actors, *args, **kwargs)

    def get_articles(self, *args: Any, **kwargs: Any) -> list[Article]:
        return self._call(self.wrapped.get_articles, *args, **kwargs)

    def list_articles(self, *args: Any, **kwargs: Any) -> list[Article]:
        return self._call(self.wrapped.list_articles, *args, **kwargs)

    def search_actors(self, *args: Any, **kwargs: Any) -> list[Actor]:
        return self._call(self.wrapped.search_actors, *args, **kwargs)

    def relations(self, *args: Any, **kwargs: Any) -> list[Relation]:
        return self._call(self.wrapped.relations, *args, **kwargs)

    def edge_summary(self, *args: Any, **kwargs: Any) -> list[EdgeSummary]:
        return self._call(self.wrapped.edge_summary, *args, **kwargs)

    def edge_columns(self, *args: Any, **kwargs: Any) -> EdgeColumns:
        return self._call(self.wrapped.edge_columns, *args, **kwargs)

    def relations_between(self, *args: Any, **kwargs: Any) -> list[Relation]:
        return self._call(self.wrapped.relations_between, *args, **kwargs)

    def relation_counts(self, *args: Any, **kwargs: Any) -> dict[str, tuple[int, int]]:
        return self._call(self.wrapped.relation_counts, *args, **kwargs)

    def timeline(self, *args: Any, **kwargs: Any) -> list[TimelinePoint]:
        return self._call(self.wrapped.timeline, *args, **kwargs)

    def affiliations(self, *args: Any, **kwargs: Any) -> list[Affiliation]:
        return self._call(self.wrapped.affiliations, *args, **kwargs)

    def relation_table(self) -> pa.Table:
        return self._call(self.wrapped.relation_table)

    def actor_table(self) -> pa.Table:
        return self._call(self.wrapped.actor_table)

    def stats(self, *args: Any, **kwargs: Any) -> Stats:
        return self._call(self.wrapped.stats, *args, **kwargs)

    def query(self, *args: Any, **kwargs: Any) -> QueryResult:
        return self._call(self.wrapped.query, *args, **kwargs)

    def prepare_user_queries(self, *args: Any, **kwargs: Any) -> None:
        self._call(self.wrapped.prepare_user_queries, *args, **kwargs)

    def sandbox_target(self) -> SandboxTarget:
        return self.wrapped.sandbox_target()

    def ping(self) -> None:
        self._call(self.wrapped.ping)

    def data_marker(self) -> Hashable:
        return self._call(self.wrapped.data_marker)

    def neighbourhood(self, *args: Any, **kwargs: Any) -> Subgraph:
        return self._call(self.wrapped.neighbourhood, *args, **kwargs)

    def shortest_path(self, *args: Any, **kwargs: Any) -> Subgraph:
        return self._call(self.wrapped.shortest_path, *args, **kwargs)

    def subgraph(self, *args: Any, **kwargs: Any) -> Subgraph:
        return self._call(self.wrapped.subgraph, *args, **kwargs)

    def _neighbour_pairs(self, actor_ids: Sequence[str], graph_filter: GraphFilter) -> list[tuple[str, str]]:
        return self._call(self.wrapped._neighbour_pairs, actor_ids, graph_filter)


def _store_methods() -> set[str]:
    """GraphStore's methods: the public ones and the abstract primitives."""
    public = {name for name, value in vars(GraphStore).items() if callable(value) and not name.startswith("_")}
    return public | set(GraphStore.__abstractmethods__)


if _store_methods() - set(vars(WatchedStore)):
    raise TypeError(f"WatchedStore must pass on {sorted(_store_methods() - set(vars(WatchedStore)))}")


def _ping(store: GraphStore) -> None:
    store.ping()


class Dashboard(ViewModel):
    """The view model of one running app: its store watched, its views cached."""

    def __init__(
        self,
        store: GraphStore,
        *,
        query_row_limit: int = DEFAULT_QUERY_ROW_LIMIT,
        query_timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        query_memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
        read_only: bool = False,
        cache_ttl_s: float = 120.0,
        graph_cache_entries: int = GRAPH_CACHE_ENTRIES,
        graph_cache_bytes: int = GRAPH_CACHE_BYTES,
        view_budget_s: float = DEFAULT_VIEW_BUDGET_S,
        index: bool = True,
    ):
        self.health = StoreHealth(functools.partial(_ping, store))
        graphs: TimedCache[FilteredGraph] = TimedCache(
            max_entries=graph_cache_entries, ttl_s=cache_ttl_s, max_bytes=graph_cache_bytes, size_of=FilteredGraph.approx_bytes
        )
        small: TimedCache[Any] = TimedCache(
            max_entries=SMALL_CACHE_ENTRIES, ttl_s=cache_ttl_s, max_bytes=SMALL_CACHE_BYTES, size_of=_approx_bytes
        )
        watched = WatchedStore(store, self.health)
        super().__init__(
            watched,
            query_row_limit=query_row_limit,
            query_timeout_s=query_timeout_s,
            query_memory_mb=query_memory_mb,
            read_only=read_only,
            view_budget_s=view_budget_s,
            graphs=graphs,
            small=small,
            index=LiveIndex(watched) if index else None,
        )


def _approx_bytes(value: object) -> int:
    """About how much memory a cached list of tuples or records holds (for the small cache)."""
    if isinstance(value, list):
        per_item = 120 if not value or isinstance(value[0], tuple) else 1_000
        return 200 + per_item * len(value)
    return 1_000
