"""The graph store interface: one set of operations, one module per engine.

Engines implement the abstract primitives; the behaviour that must be identical on both
(how an actor record is merged with what is stored, neighbourhood expansion, shortest
path, id checks) lives here once.

>>> from actorgraph.graph import open_store
>>> import tempfile
>>> with open_store(tempfile.mkdtemp()) as store:
...     store.stats().relationships
{}
"""

from __future__ import annotations

import abc
import functools
import itertools
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import pyarrow as pa

from actorgraph.graph.cypher_guard import check_read_only
from actorgraph.graph.errors import NotFound, QueryError
from actorgraph.graph.records import (
    Actor,
    Affiliation,
    Article,
    Correction,
    DocumentGraph,
    DocumentWrite,
    EdgeColumns,
    EdgeSummary,
    GraphFilter,
    Mention,
    QueryResult,
    Relation,
    RelationColumns,
    Stats,
    Subgraph,
    TimelinePoint,
    is_relation_type,
)
from actorgraph.graph.sandbox import (
    DEFAULT_QUERY_MEMORY_MB,
    DEFAULT_QUERY_ROW_LIMIT,
    DEFAULT_QUERY_TIMEOUT_S,
    QueryLimits,
    QuerySandbox,
    SandboxTarget,
)

__all__ = [
    "DEFAULT_QUERY_MEMORY_MB",
    "DEFAULT_QUERY_ROW_LIMIT",
    "DEFAULT_QUERY_TIMEOUT_S",
    "GraphStore",
    "merge_actor_records",
    "pool_aliases",
]

MAX_HOPS = 6


def merge_actor_records(stored: Actor | None, incoming: Actor) -> Actor:
    """What an upsert leaves: what was stored wins, gaps are filled, aliases are pooled.

    An analyst's reviewed record is never overwritten by extraction; an unreviewed one keeps
    its first-seen values so that re-ingesting in another order gives the same graph.

    >>> a = Actor(id="x", name="Peskov", kind="person", aliases=["Mr. Peskov"])
    >>> b = Actor(id="x", name="Dmitry Peskov", kind="person", code="RUS", aliases=["Peskov"])
    >>> m = merge_actor_records(a, b)
    >>> m.name, m.code, m.aliases
    ('Peskov', 'RUS', ['Mr. Peskov', 'Dmitry Peskov'])
    """
    if stored is None:
        return incoming
    filled = {
        field: getattr(stored, field) if getattr(stored, field) is not None else getattr(incoming, field)
        for field in ("code", "country", "sector", "role")
    }
    kind = stored.kind if stored.kind != "other" else incoming.kind
    aliases = [a for a in stored.aliases + incoming.aliases + [incoming.name] if a != stored.name]
    return stored.model_copy(
        update={**filled, "kind": kind, "aliases": list(dict.fromkeys(aliases)), "reviewed": stored.reviewed or incoming.reviewed}
    )


class GraphStore(abc.ABC):
    """A property graph of actors, articles and the relations extracted from them."""

    engine: str = "abstract"
    location: str = ""
    _query_sandbox: QuerySandbox | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection or the embedded database's lock."""

    @abc.abstractmethod
    def ensure_relation_types(self, types: Iterable[str]) -> None:
        """Declare relation types (tables, constraints) so queries and writes may use them."""

    @abc.abstractmethod
    def relation_types(self) -> list[str]:
        """The relation types this store knows, sorted."""

    # -- writes ------------------------------------------------------------------------

    def upsert_actors(self, actors: Iterable[Actor]) -> int:
        """Insert new actors and merge known ones (see :func:`merge_actor_records`).

        Records of one id are folded into what is stored in the order given, so one call with
        many records leaves what one call per record would.
        """
        incoming: dict[str, list[Actor]] = {}
        for actor in actors:
            incoming.setdefault(actor.id, []).append(actor)
        stored = {a.id: a for a in self.get_actors(list(incoming))}
        merged = [functools.reduce(merge_actor_records, records, stored.get(i)) for i, records in incoming.items()]
        self._write_actors(merged)  # type: ignore[arg-type]  # each has a record, so none is None
        return len(merged)

    @abc.abstractmethod
    def _write_actors(self, actors: Sequence[Actor]) -> None:
        """Store these final actor records (properties replaced as given)."""

    @abc.abstractmethod
    def upsert_articles(self, articles: Iterable[Article]) -> int:
        """Insert or update articles by id."""

    def upsert_relations(self, relations: Iterable[Relation]) -> int:
        """Insert relations whose id is new and update the others; both ends must exist."""
        return self.upsert_relation_columns(RelationColumns.from_relations(relations))

    @abc.abstractmethod
    def upsert_relation_columns(self, columns: RelationColumns) -> int:
        """:meth:`upsert_relations` for many rows at once, with the engine's bulk operations.

        Rows stored with the very same values are left alone, so writing a batch again costs
        one read and changes nothing.
        """

    @abc.abstractmethod
    def upsert_mentions(self, mentions: Iterable[Mention]) -> int:
        """Link articles to the actors they mention."""

    @abc.abstractmethod
    def upsert_affiliations(self, affiliations: Iterable[Affiliation]) -> int:
        """Link actors to the state or organisation they act for."""

    def write_document(self, document: DocumentGraph) -> DocumentWrite:
        """Write one article and all it contributes in one transaction.

        The same text written again changes nothing; a changed text replaces the article's
        relations and mentions.
        """
        return self.write_documents([document])[0]

    @abc.abstractmethod
    def write_documents(self, documents: Sequence[DocumentGraph]) -> list[DocumentWrite]:
        """Write several documents in one transaction: all of them or none, as if written one
        after another with :meth:`write_document` (one outcome each, in order)."""

    # -- corrections: each is kept in the store's corrections log, in the same transaction,
    # by ``made_by`` (this process's user when not given)

    @abc.abstractmethod
    def merge_actors(self, keep_id: str, drop_id: str, made_by: str | None = None) -> Actor:
        """Fold ``drop_id`` into ``keep_id``: edges, mentions, affiliations and aliases move."""

    @abc.abstractmethod
    def set_reviewed(self, actor_id: str, reviewed: bool = True, made_by: str | None = None) -> Actor:
        """Mark an actor as checked by an analyst (or not)."""

    @abc.abstractmethod
    def rename_actor(self, actor_id: str, name: str, made_by: str | None = None) -> Actor:
        """Give an actor a new name: its id stays, the old name becomes an alias, it is marked reviewed."""

    @abc.abstractmethod
    def corrections(self) -> list[Correction]:
        """The corrections log, oldest first (undone ones included, marked), without what undoing
        each needs (``before``: :meth:`last_correction` has it)."""

    @abc.abstractmethod
    def last_correction(self) -> Correction | None:
        """The newest correction not undone yet: what :meth:`undo_last_correction` would undo."""

    @abc.abstractmethod
    def undo_last_correction(self, made_by: str | None = None) -> Correction:
        """Undo the newest correction not undone yet, exactly, and mark it undone; :class:`NotFound` if none."""

    @abc.abstractmethod
    def apply_correction(self, correction: Correction) -> bool:
        """Make a correction from another store's log here, keeping its id, author and time.

        False when its id is already in this log (so importing a log twice changes nothing).
        One whose actors are missing here, or that was undone there, is only recorded.
        """

    @abc.abstractmethod
    def delete_article(self, article_id: str) -> int:
        """Remove an article, its relations and mentions; returns how many relations went."""

    # -- reads -------------------------------------------------------------------------

    @abc.abstractmethod
    def get_actors(self, ids: Sequence[str]) -> list[Actor]:
        """The actors with these ids that exist, in no particular order."""

    def get_actor(self, actor_id: str) -> Actor:
        """One actor, or :class:`NotFound`."""
        found = self.get_actors([actor_id])
        if not found:
            raise NotFound(f"no actor with id {actor_id!r}")
        return found[0]

    @abc.abstractmethod
    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids that exist."""

    @abc.abstractmethod
    def list_articles(self, limit: int = 1000) -> list[Article]:
        """Articles, newest first."""

    @abc.abstractmethod
    def search_actors(self, text: str, limit: int = 10) -> list[Actor]:
        """Actors whose name or an alias contains ``text`` (case-insensitive); prefix matches first."""

    @abc.abstractmethod
    def relations(self, graph_filter: GraphFilter | None = None, limit: int | None = 10_000) -> list[Relation]:
        """Relations matching the filter, newest first."""

    @abc.abstractmethod
    def edge_summary(self, graph_filter: GraphFilter | None = None) -> list[EdgeSummary]:
        """Relations folded per (source, target, type), for drawing."""

    def edge_columns(self, graph_filter: GraphFilter | None = None) -> EdgeColumns:
        """:meth:`edge_summary` column by column, for callers that keep many edges (a cached view)."""
        return EdgeColumns.from_rows(self.edge_summary(graph_filter))

    def relation_counts(self, actor_id: str, graph_filter: GraphFilter | None = None) -> dict[str, tuple[int, int]]:
        """How many relations matching the filter leave and enter one actor, per type: ``(out, in)``.

        A relation from the actor to itself counts both ways. Types with no relation are left out.
        """
        base = graph_filter or GraphFilter()
        scope = base if base.actor_ids else base.model_copy(update={"actor_ids": [actor_id]})
        counts: dict[str, list[int]] = {}
        for r in self.relations(scope, limit=None):
            if actor_id not in (r.source_id, r.target_id):
                continue
            pair = counts.setdefault(r.type, [0, 0])
            pair[0] += r.source_id == actor_id
            pair[1] += r.target_id == actor_id
        return {t: (n[0], n[1]) for t, n in sorted(counts.items())}

    @abc.abstractmethod
    def timeline(self, graph_filter: GraphFilter | None = None, group_by: str = "type") -> list[TimelinePoint]:
        """Relation counts per day, grouped by ``type`` or ``quad_class``."""

    @abc.abstractmethod
    def affiliations(self, actor_ids: Sequence[str]) -> list[Affiliation]:
        """Affiliations from or to these actors."""

    @abc.abstractmethod
    def extractor_names(self) -> list[str]:
        """The sources of the stored relations (their ``extractor``), sorted: the news extractor's
        name for extracted relations, the dataset's (``gdelt``, ``acled``…) for imported ones."""

    @abc.abstractmethod
    def relation_table(self) -> pa.Table:
        """Every relation, one row each, in :data:`~actorgraph.graph.records.RELATION_INDEX_SCHEMA`
        (what a view filters and folds on: ends, type, date, modality, confidence, article,
        extractor, codes), in no particular order. For a caller that keeps the whole store's
        edges in memory, as the app does to answer views without asking the store."""

    @abc.abstractmethod
    def actor_table(self) -> pa.Table:
        """Every actor's id, kind and reviewed flag, in :data:`~actorgraph.graph.records.ACTOR_INDEX_SCHEMA`."""

    @abc.abstractmethod
    def stats(self) -> Stats:
        """Counts by node label and relationship type."""

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        row_limit: int = DEFAULT_QUERY_ROW_LIMIT,
        timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
    ) -> QueryResult:
        """Run a user's Cypher in a confined worker (:mod:`actorgraph.graph.sandbox`): it may only read.

        Writes, files and other databases are refused with :class:`ReadOnlyViolation`; a query
        past its time or memory budget is stopped with :class:`QueryTimeout` or
        :class:`QueryMemoryExceeded`. ``row_limit`` 0 means no row limit (the byte cap stays).
        """
        check_read_only(cypher)  # a fast first refusal with a clear message; the worker is the guard
        limits = QueryLimits(row_limit=row_limit, timeout_s=timeout_s, memory_mb=memory_mb)
        return self._sandbox(timeout_s).run(cypher, params, limits)

    def prepare_user_queries(self, timeout_s: float = DEFAULT_QUERY_TIMEOUT_S) -> None:
        """Keep a worker started for the next user query, so it need not wait for one (an app's console)."""
        self._sandbox(timeout_s).keep_spares()

    @abc.abstractmethod
    def sandbox_target(self) -> SandboxTarget:
        """Where a query worker finds this store, and what it may read there."""

    @abc.abstractmethod
    def ping(self) -> None:
        """A trivial read, to tell whether the store answers (raises :class:`StoreUnavailable` if not)."""

    @abc.abstractmethod
    def data_marker(self) -> Hashable:
        """A token, cheap to read, that changes when data is added to or removed from the store, by
        this process or another: equal tokens mean nothing was written in between, as far as the
        engine tells (the embedded store: its database files; Neo4j: its counts of nodes and
        relationships, so a value changed in place by another process does not show). Readers that
        keep a copy of the store (the app's index) read it every few seconds to know when to
        read the store again."""

    def _sandbox(self, timeout_s: float) -> QuerySandbox:
        if self._query_sandbox is None:
            self._query_sandbox = QuerySandbox(self.sandbox_target(), timeout_s=timeout_s)
        return self._query_sandbox

    def _close_query_sandbox(self) -> None:
        sandbox, self._query_sandbox = self._query_sandbox, None
        if sandbox is not None:
            sandbox.close()

    @abc.abstractmethod
    def _neighbour_pairs(self, actor_ids: Sequence[str], graph_filter: GraphFilter) -> list[tuple[str, str]]:
        """(given, neighbour) pairs over relations matching the filter, in either direction."""

    # -- shared behaviour ----------------------------------------------------------------

    def subgraph(self, graph_filter: GraphFilter | None = None, limit: int | None = 10_000) -> Subgraph:
        """Relations matching the filter and the actors at their ends."""
        relations = self.relations(graph_filter, None if limit is None else limit + 1)
        truncated = limit is not None and len(relations) > limit
        relations = relations[:limit] if truncated else relations
        return Subgraph(actors=self._actors_of(relations), relations=relations, truncated=truncated)

    def relations_between(self, a: str, b: str, graph_filter: GraphFilter | None = None) -> list[Relation]:
        """Every relation between two actors, in both directions."""
        base = graph_filter or GraphFilter()
        found = self.relations(base.model_copy(update={"actor_ids": [a]}), limit=None)
        return [r for r in found if {r.source_id, r.target_id} == {a, b} or (a == b and r.source_id == r.target_id)]

    def neighbourhood(
        self, actor_id: str, hops: int = 1, graph_filter: GraphFilter | None = None, limit: int | None = 10_000
    ) -> Subgraph:
        """Actors within ``hops`` relations of ``actor_id`` and the relations among them."""
        if not 1 <= hops <= MAX_HOPS:
            raise QueryError(f"hops must be between 1 and {MAX_HOPS}")
        self.get_actor(actor_id)
        base = graph_filter or GraphFilter()
        reached = {actor_id}
        frontier = [actor_id]
        for _ in range(hops):
            frontier = sorted({n for _, n in self._neighbour_pairs(frontier, base) if n not in reached})
            reached.update(frontier)
            if not frontier:
                break
        inside = self.relations(base.model_copy(update={"actor_ids": sorted(reached)}), limit=None)
        inside = [r for r in inside if r.source_id in reached and r.target_id in reached]
        truncated = limit is not None and len(inside) > limit
        inside = inside[:limit] if limit is not None else inside
        actors = self.get_actors(sorted(reached))
        return Subgraph(actors=sorted(actors, key=lambda a: a.id), relations=inside, truncated=truncated)

    def shortest_path(
        self, source_id: str, target_id: str, graph_filter: GraphFilter | None = None, max_hops: int = MAX_HOPS
    ) -> Subgraph:
        """A shortest chain of relations (any direction) between two actors; empty if none.

        Breadth-first from both ends over the filtered relations, ties broken by id, so both
        engines return the same path.
        """
        self.get_actor(source_id)
        self.get_actor(target_id)
        if source_id == target_id:
            return Subgraph(actors=self.get_actors([source_id]))
        base = graph_filter or GraphFilter()
        chain = self._bfs_chain(source_id, target_id, base, max_hops)
        if not chain:
            return Subgraph()
        steps = list(itertools.pairwise(chain))
        relations = [r for a, b in steps for r in self.relations_between(a, b, base)]
        by_id = {a.id: a for a in self.get_actors(chain)}
        return Subgraph(actors=[by_id[i] for i in chain], relations=relations)

    def _bfs_chain(self, source_id: str, target_id: str, base: GraphFilter, max_hops: int) -> list[str]:
        parents: dict[str, str | None] = {source_id: None}
        frontier, depth = [source_id], 0
        while frontier and depth < max_hops:
            next_frontier: list[str] = []
            for given, neighbour in sorted(self._neighbour_pairs(frontier, base)):
                if neighbour not in parents:
                    parents[neighbour] = given
                    next_frontier.append(neighbour)
            if target_id in parents:
                break
            frontier, depth = sorted(set(next_frontier)), depth + 1
        if target_id not in parents:
            return []
        chain = [target_id]
        while (parent := parents[chain[-1]]) is not None:
            chain.append(parent)
        return chain[::-1]

    def _actors_of(self, relations: Sequence[Relation]) -> list[Actor]:
        ids = sorted({r.source_id for r in relations} | {r.target_id for r in relations})
        return sorted(self.get_actors(ids), key=lambda a: a.id) if ids else []

    def _require_relation_types(self, types: Iterable[str]) -> None:
        missing = sorted(set(types) - set(self.relation_types()))
        bad = [t for t in missing if not is_relation_type(t)]
        if bad:
            raise QueryError(f"not relation types: {', '.join(bad)}")
        if missing:
            self.ensure_relation_types(missing)


def pool_aliases(keep: Actor, drop: Actor) -> list[str]:
    """The aliases an actor has after ``drop`` is merged into ``keep``.

    >>> pool_aliases(Actor(id="a", name="Kim Jong-un"), Actor(id="b", name="Mr. Kim", aliases=["Kim"]))
    ['Mr. Kim', 'Kim']
    """
    pooled = [*keep.aliases, drop.name, *drop.aliases]
    return [a for a in dict.fromkeys(pooled) if a != keep.name]
