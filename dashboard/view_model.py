"""The dashboard's view model: what an analyst's view shows, computed from the store, without Dash.

:class:`ViewModel` answers the app's questions in plain records: which actors and edges a view
shows (aggregated in the store, ``edge_columns``, capped to the top actors, networkx metrics on
the filtered graph), an actor's details, the relations behind an edge, a dyad, a timeline, a
console query, and the analyst's corrections. It knows nothing of Dash, threads or servers, so
``actorgraph export`` and the tests use it as it is; the running app serves it with caches and
a store health check (:class:`~actorgraph.dashboard.services.Dashboard`).

>>> import tempfile
>>> from actorgraph.graph import open_store, Actor, Relation
>>> store = open_store(tempfile.mkdtemp(), relation_types=["WARNS"])
>>> _ = store.upsert_actors([Actor(id="RUS", name="Russia", kind="state"), Actor(id="USA", name="United States", kind="state")])
>>> _ = store.upsert_relations([Relation(id="r1", type="WARNS", source_id="RUS", target_id="USA")])
>>> view = ViewModel(store).view(ViewState())
>>> [a.id for a in view.actors], [(e.source_id, e.type, e.target_id) for e in view.edges]
(['RUS', 'USA'], [('RUS', 'WARNS', 'USA')])
>>> store.close()
"""

from __future__ import annotations

import contextvars
import datetime as dt
import itertools
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from actorgraph.dashboard.edge_index import LiveIndex, RelationIndex
from actorgraph.dashboard.folding import StateFold, fold_edges, state_fold
from actorgraph.dashboard.network import Budget, FilteredGraph
from actorgraph.dashboard.stable_layout import StoreMap
from actorgraph.dashboard.state import ViewError, ViewState
from actorgraph.graph import Actor, Affiliation, Article, EdgeSummary, GraphFilter, GraphStore, QueryResult, Relation
from actorgraph.graph.records import Correction, TimelineRow
from actorgraph.graph.sandbox import DEFAULT_QUERY_MEMORY_MB, DEFAULT_QUERY_ROW_LIMIT, DEFAULT_QUERY_TIMEOUT_S
from actorgraph.graph.store import MAX_HOPS
from actorgraph.settings import DEFAULT_VIEW_BUDGET_S

__all__ = [
    "MAX_EDGES_DRAWN",
    "ActorDetails",
    "DyadView",
    "EdgeMentions",
    "Memo",
    "NetworkView",
    "NoMemo",
    "RelationEvidence",
    "ViewModel",
    "request_budget",
]

# Layouts the app draws from the map of the store (the same place for an actor in every view);
# CoSE in the browser piled the nodes up, and is drawn from the map too.
STABLE_LAYOUTS = ("auto", "cose", "preset")
MAX_EDGES_DRAWN = 800  # more is unreadable, and slow in the browser; the strongest are kept
EXPAND_LIMIT = 50  # neighbours an "expand" adds, the heaviest first, so a hub does not flood the view
RELATIONS_IN_PANEL = 60
MENTIONS_SHOWN = 200
# Of a view's time budget, what metrics, communities and the layout may take: the rest is
# for reading the store before and for drawing the answer after.
WORK_SHARE = 0.8

# The budget of the request being answered, set by the app for each request (its deadline and
# whether its client is still there); a view made outside a request gets one of its own.
_REQUEST_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("actorgraph_budget", default=None)


def request_budget(budget: Budget | None) -> contextvars.Token[Budget | None]:
    """Make ``budget`` the one views use in this thread's context; returns the token to reset it with."""
    return _REQUEST_BUDGET.set(budget)


V = TypeVar("V")
T = TypeVar("T")


@dataclass(frozen=True)
class NetworkView:
    """What one view draws: the shown actors, the folded edges among them, and why."""

    actors: list[Actor]
    edges: list[EdgeSummary]
    weights: dict[str, float]
    metric: str
    metric_is_estimate: bool
    layout: str
    positions: dict[str, tuple[float, float]] | None
    communities: dict[str, int] | None
    total_actors: int
    total_relations: int
    shown_relations: int
    truncated: bool
    focus: str | None = None
    pinned: tuple[str, ...] = ()
    path_actors: list[str] = field(default_factory=list)
    path_edges: set[tuple[str, str, str]] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)
    # in a state-level view: each drawn state's folded actors, by name
    folded: dict[str, list[str]] = field(default_factory=dict)
    # which of the notices say that something was computed by a cheaper method to fit the time budget
    budget_notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RelationEvidence:
    """One relation with the names at its ends and the article it came from."""

    relation: Relation
    source_name: str
    target_name: str
    article: Article | None


@dataclass(frozen=True)
class ActorDetails:
    """The side panel of a clicked actor."""

    actor: Actor
    affiliations: list[tuple[Affiliation, str, str]]  # (affiliation, actor name, organisation name)
    counts_out: dict[str, int]
    counts_in: dict[str, int]
    relations: list[RelationEvidence]
    total_relations: int


@dataclass(frozen=True)
class EdgeMentions:
    """Every relation folded into one drawn edge."""

    source: Actor
    target: Actor
    relation_type: str
    mentions: list[RelationEvidence]
    total: int


@dataclass(frozen=True)
class DyadView:
    """Two actors' relations with each other, both ways."""

    a: Actor
    b: Actor
    relations: list[Relation]
    counts: dict[str, tuple[int, int]]  # type -> (a to b, b to a)


class Memo(Protocol[V]):
    """Where a view model keeps what it computed, by key: the app's caches, or nothing."""

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V: ...

    def peek(self, key: Hashable) -> V | None: ...

    def clear(self) -> None: ...


class NoMemo(Generic[V]):
    """Keeps nothing: every question is computed afresh (a one-shot export, a test).

    >>> NoMemo[int]().get_or_compute("k", lambda: 3), NoMemo[int]().peek("k")
    (3, None)
    """

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        return compute()

    def peek(self, key: Hashable) -> V | None:
        return None

    def clear(self) -> None:
        pass


class ViewModel:
    """The views of one store: the network, details, evidence, dyads, timelines, corrections.

    ``graphs`` keeps filtered graphs and ``small`` timelines and article lists, each by a key
    that includes :attr:`generation`, which a correction moves on; by default nothing is kept.
    With an ``index`` (the store's relations in memory), views, timelines and paths are
    computed from it and the store answers only the detail reads; without one (a one-shot
    export), each view is one aggregating query.
    """

    def __init__(
        self,
        store: GraphStore,
        *,
        query_row_limit: int = DEFAULT_QUERY_ROW_LIMIT,
        query_timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        query_memory_mb: int = DEFAULT_QUERY_MEMORY_MB,
        read_only: bool = False,
        view_budget_s: float = DEFAULT_VIEW_BUDGET_S,
        graphs: Memo[FilteredGraph] | None = None,
        small: Memo[Any] | None = None,
        index: LiveIndex | None = None,
    ):
        self.store = store
        self.query_row_limit = query_row_limit
        self.query_timeout_s = query_timeout_s
        self.query_memory_mb = query_memory_mb
        self.read_only = read_only
        self.view_budget_s = view_budget_s
        self._graphs: Memo[FilteredGraph] = graphs if graphs is not None else NoMemo()
        # timelines and article lists, under keys that say which
        self._small: Memo[Any] = small if small is not None else NoMemo()
        self._index = index
        self._map: tuple[tuple[int, int], StoreMap, FilteredGraph] | None = None
        self._map_lock = threading.Lock()
        self._generation = itertools.count()
        self.generation = next(self._generation)
        self._write_lock = threading.Lock()

    # -- the network ---------------------------------------------------------------------

    def filtered(self, graph_filter: GraphFilter, state_level: bool = False) -> FilteredGraph:
        """The filtered graph, from the cache when this filter was seen recently; at state
        level, with people, agents and organisations folded into their states (:meth:`state_fold`)."""
        if state_level:
            return self._graphs.get_or_compute(
                self._graph_key(graph_filter, state_level=True),
                lambda: FilteredGraph(fold_edges(self.filtered(graph_filter).edges, self.state_fold(graph_filter))),
            )
        index = self._ready_index()
        if index is None:
            return self._graphs.get_or_compute(
                self._graph_key(graph_filter), lambda: FilteredGraph(self.store.edge_columns(graph_filter))
            )
        return self._graphs.get_or_compute(self._graph_key(graph_filter, index), lambda: FilteredGraph(index.fold(graph_filter)))

    def _ready_index(self) -> RelationIndex | None:
        return None if self._index is None else self._index.current()

    def _graph_key(
        self, graph_filter: GraphFilter, index: RelationIndex | None = None, state_level: bool = False
    ) -> tuple[int, int, str, bool]:
        index = index or self._ready_index()
        return self.generation, 0 if index is None else index.version, graph_filter.model_dump_json(), state_level

    def state_fold(self, graph_filter: GraphFilter) -> StateFold:
        """Who acts for which state among the actors of a filtered graph (cached with it)."""
        key = ("fold", *self._graph_key(graph_filter))

        def compute() -> StateFold:
            ids = sorted(self.filtered(graph_filter).nodes())
            actors = self.store.get_actors(ids) if ids else []
            affiliations = self.store.affiliations(ids) if ids else []
            known = {a.id for a in actors}
            # states a code or an affiliation names, outside the view (a state's id is its code)
            wanted = {c for a in actors if a.code for c in (a.code, a.code[:3])} | {link.organisation_id for link in affiliations}
            others = self.store.get_actors(sorted(wanted - known)) if wanted - known else []
            return state_fold(actors, affiliations, [*actors, *others])

        fold: StateFold = self._small.get_or_compute(key, compute)
        return fold

    def budget(self) -> Budget:
        """The time budget of the request being answered, or a fresh one of :attr:`view_budget_s`."""
        return _REQUEST_BUDGET.get() or Budget.seconds(self.view_budget_s)

    def view(self, state: ViewState, max_edges: int | None = MAX_EDGES_DRAWN, budget: Budget | None = None) -> NetworkView:
        """The actors and edges to draw for a view, capped to the top ``max_nodes`` by weight.

        Among the actors shown, at most ``max_edges`` edges are drawn (the most relations first;
        a highlighted path always); ``None`` keeps them all, as data exports do. Metrics,
        communities and the layout fit in ``budget`` (by default :meth:`budget`), by cheaper
        methods when they must, which the notices then say; :class:`~actorgraph.dashboard.network.ViewCancelled`
        when the client has gone.
        """
        budget = budget or self.budget()
        fold = self.state_fold(state.graph_filter) if state.state_level else StateFold()
        state = _folded_state(state, fold)
        fg = self.filtered(state.graph_filter, state.state_level)
        work = budget.share(WORK_SHARE)
        notices: list[str] = []
        # the path's ends are the folded graph's own actors (see _folded_state)
        path_actors, path_edges = self._path(fg, state, notices)
        candidates = self._candidates(fg, state, notices)
        required = self._required(fg, state, path_actors)
        ranked = fg.top_nodes(candidates - required, state.size_by, None, work.share(0.5))
        room = None if state.max_nodes is None else max(0, state.max_nodes - len(required))
        shown_ids = sorted(required) + (ranked if room is None else ranked[:room])
        truncated = room is not None and len(ranked) > room
        edges = fg.edges_among(shown_ids, max_edges, path_edges)
        if max_edges is not None and len(edges) == max_edges and (among := fg.count_among(shown_ids)) > max_edges:
            notices.append(f"Drawing the {max_edges:,} strongest of the {among:,} edges between them.")
        weights = fg.metric(state.size_by)
        actors = self._actors_in_order(shown_ids, weights)
        communities = fg.communities(work.share(0.7)) if state.colour_by == "community" else None
        layout, positions = self._layout(state, [a.id for a in actors])
        budget.check()
        if truncated:
            notices[:0] = _truncation_notice(len(actors), len(candidates | required), state)
        if not actors:
            notices.append(_empty_notice(state, fg))
        cheaper = [
            fg.note(state.size_by),
            fg.note("communities") if communities is not None else None,
        ]
        budget_notices = [n for n in cheaper if n]
        notices.extend(budget_notices)
        return NetworkView(
            actors=actors,
            edges=[e.summary() for e in edges],
            weights={a.id: weights.get(a.id, 0.0) for a in actors},
            metric=state.size_by,
            metric_is_estimate=fg.is_estimate(state.size_by),
            layout=layout,
            positions=positions,
            communities=communities,
            # pinned, path and expanded actors are shown even when the filter keeps none of their relations
            total_actors=len(fg) + len({a.id for a in actors} - fg.nodes()),
            total_relations=fg.relation_count,
            shown_relations=sum(e.count for e in edges),
            truncated=truncated,
            focus=state.focus,
            pinned=state.pinned,
            path_actors=path_actors,
            path_edges=path_edges,
            notices=notices,
            budget_notices=budget_notices,
            folded=self._folded_names(fold, [a.id for a in actors]),
        )

    def _folded_names(self, fold: StateFold, shown: list[str]) -> dict[str, list[str]]:
        folded = {state: members for state, members in fold.folded_into().items() if state in set(shown)}
        names = self.actor_names({m for members in folded.values() for m in members})
        return {state: sorted(names.get(m, m) for m in members) for state, members in folded.items()}

    def _candidates(self, fg: FilteredGraph, state: ViewState, notices: list[str]) -> set[str]:
        if state.focus is None:
            candidates = fg.nodes()
        else:
            candidates = fg.within_hops(state.focus, state.hops)
            if len(candidates) == 1:
                notices.append(f"{self.actor_name(state.focus)} has no relations under the current filters.")
        return candidates - set(state.hidden)

    def _required(self, fg: FilteredGraph, state: ViewState, path_actors: list[str]) -> set[str]:
        """Actors a view shows whatever the cap: the focus, pinned ones, the path, expanded neighbourhoods."""
        required = set(state.pinned) | set(path_actors)
        if state.focus:
            required.add(state.focus)
        for actor_id in state.expanded:
            required |= {actor_id, *fg.top_nodes(fg.neighbours(actor_id), state.size_by, EXPAND_LIMIT)}
        return required - (set(state.hidden) - set(path_actors))

    def _path(self, fg: FilteredGraph, state: ViewState, notices: list[str]) -> tuple[list[str], set[tuple[str, str, str]]]:
        """A shortest path over the view's own graph (the store's search, without a round trip per level)."""
        if state.path is None:
            return [], set()
        source, target = state.path
        chain = fg.shortest_path(source, target, MAX_HOPS)
        if not chain:
            notices.append(f"No path between {self.actor_name(source)} and {self.actor_name(target)} under the current filters.")
            return [], set()
        return chain, fg.path_edges(chain)

    def _actors_in_order(self, actor_ids: Sequence[str], weights: dict[str, float]) -> list[Actor]:
        found = {a.id: a for a in self.store.get_actors(list(actor_ids))}
        return sorted(found.values(), key=lambda a: (-weights.get(a.id, 0.0), a.id))

    def _layout(self, state: ViewState, actor_ids: list[str]) -> tuple[str, dict[str, tuple[float, float]] | None]:
        """Where the map of the store puts the actors, or the name of a layout the browser runs."""
        if state.layout not in STABLE_LAYOUTS:
            return state.layout, None
        store_map, whole = self.store_map()
        return "preset", store_map.place(whole, actor_ids)

    def warm_up(self) -> threading.Thread:
        """Read the store's index and draw its map in a thread of its own, so that the first view
        need not wait for them (a million relations take seconds from the embedded store and a
        minute or more over Bolt); returns the thread. What fails here, the first view reports.
        """

        def run() -> None:
            try:
                self.store_map()
            except Exception:  # the store may be down: the first view says so
                pass

        thread = threading.Thread(target=run, name="actorgraph-warm-up", daemon=True)
        thread.start()
        return thread

    def store_map(self) -> tuple[StoreMap, FilteredGraph]:
        """The map of the whole store (every actor's place in every view) and the unfiltered graph
        it places actors by; computed once per version of the store's index."""
        index = self._ready_index()
        key = (self.generation, 0 if index is None else index.version)
        with self._map_lock:
            if self._map is None or self._map[0] != key:
                whole = self.filtered(GraphFilter())
                self._map = (key, StoreMap.of(whole), whole)
            return self._map[1], self._map[2]

    # -- details -------------------------------------------------------------------------

    def actor_details(self, actor_id: str, state: ViewState) -> ActorDetails:
        """Everything the side panel shows about one actor under the view's filter."""
        actor = self.store.get_actor(actor_id)
        counts_out, counts_in = self._type_counts(actor_id, state.graph_filter)
        touching = self._newest_of(actor_id, state.graph_filter.model_copy(update={"actor_ids": [actor_id]}))
        relations = self.store.relations(touching, limit=RELATIONS_IN_PANEL)
        affiliations = self.store.affiliations([actor_id])
        names = self.actor_names({i for a in affiliations for i in (a.actor_id, a.organisation_id)})
        return ActorDetails(
            actor=actor,
            affiliations=[
                (a, names.get(a.actor_id, a.actor_id), names.get(a.organisation_id, a.organisation_id)) for a in affiliations
            ],
            counts_out=_by_count(counts_out),
            counts_in=_by_count(counts_in),
            relations=self.with_evidence(relations),
            total_relations=sum(counts_out.values()) + sum(counts_in.values()),
        )

    def _newest_of(self, actor_id: str, touching: GraphFilter) -> GraphFilter:
        """The filter of an actor's newest relations, narrowed by the index to the dates that hold
        them, so the store sorts those and not every relation of a hub."""
        index = self._ready_index()
        since = None if index is None else index.newest_day(actor_id, touching, RELATIONS_IN_PANEL)
        if since is None or (touching.date_from is not None and touching.date_from >= since):
            return touching
        return touching.model_copy(update={"date_from": since})

    def _type_counts(self, actor_id: str, graph_filter: GraphFilter) -> tuple[Counter[str], Counter[str]]:
        """An actor's relations out and in per type: from the view's graph when it is cached, else
        from the index, else two small store queries (never the whole filtered graph for one click)."""
        fg = self._graphs.peek(self._graph_key(graph_filter))
        if fg is not None:
            return fg.type_counts(actor_id)
        if (index := self._ready_index()) is not None:
            return index.type_counts(actor_id, graph_filter)
        counts = self.store.relation_counts(actor_id, graph_filter)
        return (Counter({t: n[0] for t, n in counts.items() if n[0]}), Counter({t: n[1] for t, n in counts.items() if n[1]}))

    def edge_mentions(self, source_id: str, target_id: str, relation_type: str, state: ViewState) -> EdgeMentions:
        """The relations behind one drawn edge, newest first, with their evidence."""
        graph_filter = state.graph_filter.model_copy(update={"relation_types": [relation_type]})
        if state.state_level:  # the relations of every actor drawn as either end
            fold = self.state_fold(state.graph_filter)
            sources, targets = fold.members(source_id), fold.members(target_id)
            touching = graph_filter.model_copy(update={"actor_ids": sorted(sources)})
            found = [r for r in self.store.relations(touching, limit=None) if r.source_id in sources and r.target_id in targets]
        else:
            found = self.store.relations_between(source_id, target_id, graph_filter)
            found = [r for r in found if r.source_id == source_id and r.target_id == target_id]
        found.sort(key=lambda r: (r.date or dt.date.min, r.id), reverse=True)
        source, target = self.store.get_actor(source_id), self.store.get_actor(target_id)
        return EdgeMentions(source, target, relation_type, self.with_evidence(found[:MENTIONS_SHOWN]), len(found))

    def dyad(self, a_id: str, b_id: str, state: ViewState) -> DyadView:
        """Two actors' relations with each other under the view's filter (dates included)."""
        if a_id == b_id:
            raise ViewError("a dyad needs two different actors")
        a, b = self.store.get_actor(a_id), self.store.get_actor(b_id)
        relations = self.store.relations_between(a_id, b_id, state.graph_filter)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in relations:
            counts[r.type][0 if r.source_id == a_id else 1] += 1
        ordered = sorted(counts.items(), key=lambda item: -sum(item[1]))
        return DyadView(a=a, b=b, relations=relations, counts={t: (n[0], n[1]) for t, n in ordered})

    def with_evidence(self, relations: Sequence[Relation]) -> list[RelationEvidence]:
        """Attach actor names and source articles to relations (two store reads in all)."""
        names = self.actor_names({i for r in relations for i in (r.source_id, r.target_id)})
        articles = self.articles_by_id(r.article_id for r in relations if r.article_id)
        return [
            RelationEvidence(
                r, names.get(r.source_id, r.source_id), names.get(r.target_id, r.target_id), articles.get(r.article_id or "")
            )
            for r in relations
        ]

    def relations(self, graph_filter: GraphFilter, limit: int | None = None) -> list[Relation]:
        """The relations a filter keeps, newest first (all of them unless ``limit``)."""
        return self.store.relations(graph_filter, limit=limit)

    def articles_by_id(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among these ids."""
        ids = sorted(set(article_ids))
        return {a.id: a for a in self.store.get_articles(ids)} if ids else {}

    def actor(self, actor_id: str) -> Actor:
        """One actor's record (:class:`~actorgraph.graph.NotFound` when there is none)."""
        return self.store.get_actor(actor_id)

    def is_reviewed(self, actor_id: str) -> bool:
        """True when an analyst has reviewed the actor (False for one that does not exist)."""
        found = self.store.get_actors([actor_id])
        return bool(found and found[0].reviewed)

    def actor_names(self, actor_ids: Iterable[str]) -> dict[str, str]:
        """Display names by id (ids that do not exist are left out)."""
        ids = sorted(set(actor_ids))
        return {a.id: a.name for a in self.store.get_actors(ids)} if ids else {}

    def actor_name(self, actor_id: str) -> str:
        """One display name, or the id itself when there is no such actor."""
        return self.actor_names([actor_id]).get(actor_id, actor_id)

    def timeline(self, state: ViewState) -> list[TimelineRow]:
        """Relation counts per day for the view's filter without its dates, so a span can be re-picked.

        Plain tuples with the fields of :class:`~actorgraph.graph.TimelinePoint` (the cache keeps many).
        Grouped by type, one timeline of every type under the other filters serves whichever
        types are ticked: changing them, the commonest change, then reads nothing.
        """
        undated = state.graph_filter.model_copy(update={"date_from": None, "date_to": None})
        ticked = undated.relation_types
        if state.timeline_by == "type" and ticked is not None:
            keep = set(ticked)
            every_type = self._timeline(undated.model_copy(update={"relation_types": None}), "type")
            return [p for p in every_type if p.group in keep]
        return list(self._timeline(undated, state.timeline_by))

    def _timeline(self, undated: GraphFilter, group_by: str) -> list[TimelineRow]:
        index = self._ready_index()
        key = ("timeline", self._graph_key(undated, index), group_by)

        def compute() -> list[TimelineRow]:
            if index is not None:
                return index.timeline(undated, group_by)
            # plain tuples: small, and no work for the garbage collector while cached
            return [TimelineRow.of(p) for p in self.store.timeline(undated, group_by=group_by)]

        rows: list[TimelineRow] = self._small.get_or_compute(key, compute)  # what compute returned, for this key
        return rows

    # -- choices for the controls ------------------------------------------------------

    def relation_types(self) -> list[str]:
        """Relation types the store knows."""
        return self.store.relation_types()

    def edge_sources(self) -> list[str]:
        """The sources of the stored edges (their ``extractor``: the news extractor, gdelt, acled…), cached."""
        key = ("edge-sources", self.generation)
        return self._small.get_or_compute(key, self.store.extractor_names)  # type: ignore[no-any-return]

    def articles(self, limit: int = 1000) -> list[Article]:
        """Articles for the source filter, newest first (cached)."""
        key = ("articles", self.generation, limit)
        articles: list[Article] = self._small.get_or_compute(key, lambda: self.store.list_articles(limit))
        return articles

    def search_actors(self, text: str, limit: int = 12) -> list[Actor]:
        """Autocomplete: actors whose name or alias contains the text."""
        return self.store.search_actors(text, limit=limit) if text and text.strip() else []

    def check(self, state: ViewState) -> None:
        """Refuse views naming relation types, actors or articles this store does not have."""
        _kept, problems = self.without_unknown(state)
        if problems:
            raise ViewError(problems[0])

    def without_unknown(self, state: ViewState) -> tuple[ViewState, list[str]]:
        """The view without the relation types, actors and articles this store does not have,
        and one message for each kind of name left out."""
        f = state.graph_filter
        problems: list[str] = []
        known_types = set(self.relation_types()) if f.relation_types else set()
        unknown_types = sorted(set(f.relation_types or []) - known_types)
        if unknown_types:
            known = ", ".join(sorted(known_types)) or "none yet"
            problems.append(f"unknown relation type: {', '.join(unknown_types)} (known: {known})")
        named = set(f.actor_ids or []) | set(state.path or ()) | set(state.expanded) | set(state.pinned)
        named |= {state.focus} if state.focus else set()
        missing = set(named) - set(self.actor_names(named))
        if missing:
            problems.append(f"no actor with id: {', '.join(sorted(missing))}")
        articles = set(f.article_ids or [])
        missing_articles = articles - {a.id for a in self.store.get_articles(sorted(articles))} if articles else set()
        if missing_articles:
            problems.append(f"no article with id: {', '.join(sorted(missing_articles))}")
        if not problems:
            return state, []
        kept = state.with_filter(
            relation_types=_kept(f.relation_types, set(unknown_types)),
            actor_ids=_kept(f.actor_ids, missing),
            article_ids=_kept(f.article_ids, missing_articles),
        )
        return kept.model_copy(
            update={
                "focus": None if state.focus in missing else state.focus,
                "path": None if state.path and set(state.path) & missing else state.path,
                "expanded": tuple(i for i in state.expanded if i not in missing),
                "pinned": tuple(i for i in state.pinned if i not in missing),
            }
        ), problems

    # -- console and corrections ---------------------------------------------------------

    def query(self, cypher: str) -> QueryResult:
        """A read-only user query with the configured row limit and timeout."""
        return self.store.query(
            cypher, row_limit=self.query_row_limit, timeout_s=self.query_timeout_s, memory_mb=self.query_memory_mb
        )

    def merge_actors(self, keep_id: str, drop_id: str, made_by: str | None = None) -> Actor:
        """Fold a duplicate into the actor kept, then forget every cached view."""
        return self._correct(self.store.merge_actors, keep_id, drop_id, made_by=made_by)

    def set_reviewed(self, actor_id: str, reviewed: bool = True, made_by: str | None = None) -> Actor:
        """Mark an actor as checked by an analyst, then forget every cached view."""
        return self._correct(self.store.set_reviewed, actor_id, reviewed, made_by=made_by)

    def toggle_reviewed(self, actor_id: str, made_by: str | None = None) -> Actor:
        """Mark a reviewed actor unreviewed and the others reviewed (see :meth:`set_reviewed`)."""
        return self.set_reviewed(actor_id, not self.actor(actor_id).reviewed, made_by=made_by)

    def rename_actor(self, actor_id: str, name: str, made_by: str | None = None) -> Actor:
        """Give an actor a new name (its id stays), then forget every cached view."""
        return self._correct(self.store.rename_actor, actor_id, name, made_by=made_by)

    def undo_last_correction(self, made_by: str | None = None) -> Correction:
        """Undo the newest correction not undone yet, then forget every cached view."""
        return self._correct(self.store.undo_last_correction, made_by=made_by)

    def last_correction(self) -> Correction | None:
        """The correction an undo would undo, if any."""
        return self.store.last_correction()

    def _correct(self, change: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Make a correction (refused when read-only), then drop the cached views it made stale."""
        self._refuse_if_read_only()
        with self._write_lock:
            result = change(*args, **kwargs)
            self.invalidate()
        return result

    def invalidate(self) -> None:
        """Drop cached graphs (the store changed)."""
        self.generation = next(self._generation)
        if self._index is not None:
            self._index.invalidate()
        self._graphs.clear()
        self._small.clear()

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise ViewError("the app was started with --read-only: corrections are switched off")


def _kept(values: list[str] | None, unknown: set[str]) -> list[str] | None:
    """A filter's list without the unknown values (no constraint when none is left)."""
    if values is None:
        return None
    return [v for v in values if v not in unknown] or None


def _folded_state(state: ViewState, fold: StateFold) -> ViewState:
    """A view's actor choices as the state-level graph draws them (a focus on Peskov is on Russia)."""
    if not fold.into:
        return state

    def drawn(ids: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold.of(i) for i in ids))

    path = None if state.path is None else tuple(fold.of(i) for i in state.path)
    return state.model_copy(
        update={
            "focus": fold.of(state.focus) if state.focus else None,
            "path": path if path is None or path[0] != path[1] else None,
            "expanded": drawn(state.expanded),
            "hidden": drawn(state.hidden),
            "pinned": drawn(state.pinned),
        }
    )


def _by_count(counts: Counter[str]) -> dict[str, int]:
    """Most first, ties by name (the same order whether counted by the store or a cached graph)."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _empty_notice(state: ViewState, fg: FilteredGraph) -> str:
    if state.graph_filter == GraphFilter() and len(fg) == 0:
        return "The store holds no relations yet: load articles with `actorgraph ingest`."
    return "No relations match these filters."


def _truncation_notice(shown: int, total: int, state: ViewState) -> list[str]:
    """What a capped view leaves out, and what to do about it: two lines, not one run-on notice."""
    return [
        f"Showing {shown:,} of {total:,} actors (the top by {state.size_by}).",
        "Narrow the filters, focus on an actor or raise the cap on actors shown to see more.",
    ]
