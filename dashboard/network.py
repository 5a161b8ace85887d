"""networkx over the filtered graph: metrics, communities, neighbourhoods and layouts, cached.

A :class:`FilteredGraph` is built once per filter from the store's edge summary (as plain
:class:`~actorgraph.graph.records.EdgeRow` tuples, a few MB for 20,000 folded edges) and keeps what it
computes (PageRank, betweenness, Louvain communities, node positions), so clicking around a view
never recomputes them. :class:`TimedCache` holds the filtered graphs, keyed on the filter, and
bounds them by count and by approximate size.

>>> from actorgraph.graph import EdgeSummary
>>> g = FilteredGraph([EdgeSummary(source_id="a", target_id="b", type="WARNS", count=3),
...                    EdgeSummary(source_id="b", target_id="c", type="AIDS", count=1)])
>>> g.metric("degree")
{'a': 3.0, 'b': 4.0, 'c': 1.0}
>>> g.top_nodes(g.nodes(), "degree", 2)
['b', 'a']
>>> sorted(g.within_hops("a", 1))
['a', 'b']
"""

from __future__ import annotations

import heapq
import itertools
import math
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import networkx as nx

if TYPE_CHECKING:  # networkx's layouts give numpy arrays; numpy is needed for nothing else
    import numpy as np
    from numpy.typing import NDArray

from actorgraph.graph import EdgeSummary
from actorgraph.graph.records import EdgeColumns, EdgeRow

__all__ = [
    "EXACT_BETWEENNESS_LIMIT",
    "FORCE_LAYOUT_NODES",
    "Budget",
    "FilteredGraph",
    "TimedCache",
    "ViewCancelled",
    "scaled_positions",
]

EXACT_BETWEENNESS_LIMIT = 400  # nodes; above it betweenness is estimated from sampled sources
BETWEENNESS_SAMPLES = 64
BETWEENNESS_CHUNK = 4  # sources sampled between two looks at the clock
# networkx's spring layout costs n² per iteration: about 0.3 s for 400 nodes, 80 s for 5,000.
# Bigger sets get the force layout for their FORCE_LAYOUT_NODES heaviest actors, the rest
# placed around their neighbours.
FORCE_LAYOUT_NODES = 400
# What a step costs, in units of the time this graph took to build (which follows both its
# size and how busy the machine is): measured on 20,000 actors / 157,000 pairs, where the
# build took 0.19 s, with a margin of about half again.
COST_IN_BUILDS = {"betweenness source": 0.7, "louvain": 18.0, "label propagation": 3.0}
LAYOUT_CACHE_SIZE = 16
SEED = 42


class ViewCancelled(Exception):
    """The client that asked for a view has gone: the work for it is dropped."""


@dataclass(frozen=True)
class Budget:
    """How long costly view work may take, and whether the client still waits for it.

    Work that can stop part-way (sampled betweenness, Louvain's levels) stops at the
    deadline; work that cannot is given a cheaper method when it would not fit. Between
    steps, :meth:`check` raises :class:`ViewCancelled` once ``client_gone`` says so.

    >>> budget = Budget.seconds(10)
    >>> 9 < budget.remaining() <= 10, budget.expired(), Budget.unlimited().remaining()
    (True, False, inf)
    >>> Budget.seconds(10).share(0.5).remaining() <= 5
    True
    """

    deadline: float
    seconds_given: float = math.inf
    client_gone: Callable[[], bool] | None = None

    @classmethod
    def seconds(cls, seconds: float, client_gone: Callable[[], bool] | None = None) -> Budget:
        """A budget of ``seconds`` from now."""
        return cls(time.monotonic() + seconds, seconds, client_gone)

    @classmethod
    def unlimited(cls) -> Budget:
        """No deadline (a caller that wants the full computation whatever it costs)."""
        return cls(math.inf)

    def remaining(self) -> float:
        """Seconds left (0 once past the deadline)."""
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return time.monotonic() >= self.deadline

    def share(self, fraction: float) -> Budget:
        """A budget for one step: ``fraction`` of what remains, same client."""
        return Budget(time.monotonic() + fraction * self.remaining(), self.seconds_given, self.client_gone)

    def check(self) -> None:
        """Raise :class:`ViewCancelled` when the client has gone."""
        if self.client_gone is not None and self.client_gone():
            raise ViewCancelled("the client has gone")


V = TypeVar("V")


class TimedCache(Generic[V]):
    """A thread-safe LRU whose entries also expire, so data written by others shows up.

    Bounded by ``max_entries`` and, when ``size_of`` is given, by ``max_bytes`` of the sizes
    it reports; sizes are asked again at each insertion, so values that grow after they were
    cached (a graph computing its metrics) are counted at their current size. The entry just
    inserted is always kept, whatever its size.

    >>> cache = TimedCache(max_entries=2, ttl_s=60)
    >>> cache.get_or_compute("k", lambda: 1), cache.get_or_compute("k", lambda: 2)
    (1, 1)
    >>> cache.clear(); cache.get_or_compute("k", lambda: 3)
    3
    >>> sized = TimedCache(max_entries=10, max_bytes=100, size_of=len)
    >>> for key in "abc":
    ...     _ = sized.get_or_compute(key, lambda: "x" * 40)
    >>> sorted(sized.keys()), sized.total_bytes()
    (['b', 'c'], 80)
    """

    def __init__(
        self,
        max_entries: int = 32,
        ttl_s: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_bytes: int | None = None,
        size_of: Callable[[V], int] | None = None,
    ):
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value for ``key``, computing (outside the lock) when missing or expired."""
        now = self._clock()
        with self._lock:
            entry = self._fresh(key, now)
            if entry is not None:
                return entry[1]
        value = compute()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            self._evict()
        return value

    def peek(self, key: Hashable) -> V | None:
        """The cached value for ``key`` (marked as recently used), or None: never computes."""
        with self._lock:
            entry = self._fresh(key, self._clock())
            return None if entry is None else entry[1]

    def _fresh(self, key: Hashable, now: float) -> tuple[float, V] | None:
        entry = self._entries.get(key)
        if entry is None or now - entry[0] >= self.ttl_s:
            return None
        self._entries.move_to_end(key)
        return entry

    def _evict(self) -> None:
        """Drop expired entries, then the least recently used while over a bound (lock held)."""
        now = self._clock()
        for key in [k for k, (at, _) in self._entries.items() if now - at >= self.ttl_s]:
            del self._entries[key]
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        if self.max_bytes is None or self._size_of is None:
            return
        sizes = {k: self._size_of(v) for k, (_, v) in self._entries.items()}
        total = sum(sizes.values())
        while total > self.max_bytes and len(self._entries) > 1:
            key, _ = self._entries.popitem(last=False)
            total -= sizes[key]

    def keys(self) -> list[Hashable]:
        """The keys held, least recently used first."""
        with self._lock:
            return list(self._entries)

    def total_bytes(self) -> int:
        """The sizes of the values held, as ``size_of`` reports them now (0 without ``size_of``)."""
        with self._lock:
            values = [v for _, v in self._entries.values()]
        return sum(self._size_of(v) for v in values) if self._size_of else 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        """Forget everything (after the analyst changed the store)."""
        with self._lock:
            self._entries.clear()


class FilteredGraph:
    """The relations matching one filter, folded per (source, target, type), as a graph.

    Kept as the store hands it over, column by column (:class:`~actorgraph.graph.records.EdgeColumns`:
    nine tuples, repeated values shared), about 80 bytes an edge and a handful of Python
    objects however big the view, so many cached views neither take much memory nor make
    the garbage collector's passes longer. What a view asks (degree, the edges among the
    shown actors, neighbourhoods) is a pass over two columns; the networkx graph is built on
    first use, for the heavier metrics. Edges handed out are :class:`~actorgraph.graph.records.EdgeRow`:
    the fields of an :class:`~graph.EdgeSummary` under the same names.
    """

    def __init__(self, edges: EdgeColumns | Iterable[EdgeRow | EdgeSummary]):
        self._columns = edges if isinstance(edges, EdgeColumns) else EdgeColumns.from_rows(edges)
        sources, targets = self._columns.source_ids, self._columns.target_ids
        # actors in order of first appearance (networkx results depend on the order nodes come in)
        self._nodes = dict.fromkeys(itertools.chain.from_iterable(zip(sources, targets, strict=True)))
        self._relation_count = sum(self._columns.counts)
        self._rankings: dict[str, list[str]] = {}
        self._graph: nx.Graph[str] | None = None
        self._build_seconds = 0.0
        self._metrics: dict[str, dict[str, float]] = {}
        self._communities: dict[str, int] | None = None
        self._layouts: OrderedDict[frozenset[str], dict[str, tuple[float, float]]] = OrderedDict()
        # what was computed by a cheaper method to fit a time budget, said to the analyst
        self._notes: dict[Hashable, str] = {}
        self._lock = threading.RLock()

    @property
    def edges(self) -> list[EdgeRow]:
        """Every folded edge (made afresh on each call: the graph keeps columns)."""
        return self._columns.rows()

    def _pair_weights(self) -> dict[tuple[str, str], int]:
        """Relations per unordered pair, both ways and all types."""
        weights: defaultdict[tuple[str, str], int] = defaultdict(int)
        columns = self._columns
        for source, target, count in zip(columns.source_ids, columns.target_ids, columns.counts, strict=True):
            weights[(source, target) if source <= target else (target, source)] += count
        return weights

    @property
    def graph(self) -> nx.Graph[str]:
        """Undirected networkx graph; an edge's weight is the relations between the pair, both ways, all types."""
        with self._lock:
            if self._graph is None:
                started = time.perf_counter()
                graph: nx.Graph[str] = nx.Graph()
                graph.add_nodes_from(self._nodes)
                graph.add_weighted_edges_from((a, b, w) for (a, b), w in self._pair_weights().items())
                self._graph = graph
                self._build_seconds = time.perf_counter() - started
            return self._graph

    def _cost(self, step: str, times: int = 1) -> float:
        """Seconds ``step`` (a key of :data:`COST_IN_BUILDS`) should take on this graph, now."""
        _ = self.graph  # built (and timed) first
        return COST_IN_BUILDS[step] * self._build_seconds * times

    def __len__(self) -> int:
        return len(self._nodes)

    @property
    def relation_count(self) -> int:
        """How many relations the filter matched."""
        return self._relation_count

    def approx_bytes(self) -> int:
        """About how much memory this graph holds now (columns, and whatever it has computed since).

        An estimate for bounding caches, calibrated with ``tracemalloc`` on the benchmark's graphs.
        Takes no lock: the cache asks it while holding its own, and must not wait for a graph
        computing betweenness or a layout under this graph's lock (a second or more); each
        container is copied before it is measured, so a concurrent insertion is harmless.
        """
        size = 2_000 + 80 * len(self._columns) + 150 * len(self._nodes)
        graph = self._graph
        if graph is not None:
            size += 500 * graph.number_of_edges() + 300 * graph.number_of_nodes()
        size += sum(100 * len(values) for values in list(self._metrics.values()))
        size += sum(8 * len(ranking) for ranking in list(self._rankings.values()))
        communities = self._communities
        if communities is not None:
            size += 100 * len(communities)
        size += sum(250 * len(placed) for placed in list(self._layouts.values()))
        return size

    def nodes(self) -> set[str]:
        """Every actor with at least one matching relation."""
        return set(self._nodes)

    def _edges_where(self, keep: Callable[[str, str], bool]) -> list[int]:
        columns = self._columns
        return [
            i
            for i, (source, target) in enumerate(zip(columns.source_ids, columns.target_ids, strict=True))
            if keep(source, target)
        ]

    def edges_of(self, actor_id: str) -> list[EdgeRow]:
        """The folded edges touching one actor, in either direction."""
        if actor_id not in self._nodes:
            return []
        return [self._columns.row(i) for i in self._edges_where(lambda s, t: s == actor_id or t == actor_id)]

    def type_counts(self, actor_id: str) -> tuple[Counter[str], Counter[str]]:
        """Relations leaving and entering one actor, per type (a self-loop counts both ways)."""
        leaving: Counter[str] = Counter()
        entering: Counter[str] = Counter()
        if actor_id not in self._nodes:
            return leaving, entering
        columns = self._columns
        for source, target, rel_type, count in zip(
            columns.source_ids, columns.target_ids, columns.types, columns.counts, strict=True
        ):
            if source == actor_id:
                leaving[rel_type] += count
            if target == actor_id:
                entering[rel_type] += count
        return leaving, entering

    def edges_among(
        self, actor_ids: Iterable[str], strongest: int | None = None, keep: Iterable[tuple[str, str, str]] = ()
    ) -> list[EdgeRow]:
        """The folded edges whose two ends are both in ``actor_ids``, by (source, target, type).

        With ``strongest``, only that many, strongest first: those in ``keep`` (source, target,
        type), then the most relations, ties by (source, target, type); rows are made only for
        the edges returned.
        """
        indices = self._indices_among(actor_ids)
        columns = self._columns
        if strongest is not None and len(indices) > strongest:
            kept = set(keep)
            sources, targets, types, counts = columns.source_ids, columns.target_ids, columns.types, columns.counts

            def rank(i: int) -> tuple[bool, int, str, str, str]:
                edge = (sources[i], targets[i], types[i])
                return edge not in kept, -counts[i], *edge

            return [columns.row(i) for i in heapq.nsmallest(strongest, indices, key=rank)]
        found = [columns.row(i) for i in indices]
        found.sort(key=_edge_key)
        return found

    def count_among(self, actor_ids: Iterable[str]) -> int:
        """How many folded edges have both ends in ``actor_ids``."""
        return len(self._indices_among(actor_ids))

    def _indices_among(self, actor_ids: Iterable[str]) -> list[int]:
        inside = actor_ids if isinstance(actor_ids, (set, frozenset)) else set(actor_ids)
        columns = self._columns
        if len(inside) >= len(self._nodes) and inside >= self._nodes.keys():
            return list(range(len(columns)))  # every actor shown: every edge
        # first the edges leaving the actors (one pass in C), then those whose target is in too
        leaving = itertools.compress(range(len(columns)), map(inside.__contains__, columns.source_ids))
        return [i for i in leaving if columns.target_ids[i] in inside]

    def pairs_among(self, actor_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(source, target) of each folded edge with both ends in ``actor_ids``."""
        sources, targets = self._columns.source_ids, self._columns.target_ids
        return [(sources[i], targets[i]) for i in self._indices_among(actor_ids)]

    def neighbours(self, actor_id: str) -> set[str]:
        """Actors one relation away."""
        return self._reach({actor_id}) - {actor_id}

    def within_hops(self, actor_id: str, hops: int) -> set[str]:
        """The actor and everyone within ``hops`` relations of it (any direction)."""
        reached, frontier = {actor_id}, {actor_id}
        for _ in range(hops):
            if not frontier:
                break
            frontier = self._reach(frontier) - reached
            reached |= frontier
        return reached

    def _reach(self, frontier: set[str]) -> set[str]:
        """The actors one relation away from any in ``frontier``."""
        found: set[str] = set()
        if not frontier & self._nodes.keys():
            return found
        for source, target in zip(self._columns.source_ids, self._columns.target_ids, strict=True):
            if source in frontier:
                found.add(target)
            if target in frontier:
                found.add(source)
        return found

    # -- metrics -------------------------------------------------------------------------

    def metric(self, name: str, budget: Budget | None = None) -> dict[str, float]:
        """``degree`` (relations touching the actor), ``pagerank`` or ``betweenness``, cached.

        Sampled betweenness stops sampling when ``budget`` runs out (see :meth:`note`).
        """
        with self._lock:
            if name not in self._metrics:
                self._metrics[name] = self._compute_metric(name, budget or Budget.unlimited())
            return self._metrics[name]

    def note(self, what: Hashable) -> str | None:
        """Why ``what`` (a metric's name, ``"communities"``, or a layout's actor set) was
        computed by a cheaper method than usual, or None when it was not."""
        return self._notes.get(what)

    def is_estimate(self, name: str) -> bool:
        """True when the metric is sampled rather than exact (betweenness on big graphs)."""
        return name == "betweenness" and len(self) > EXACT_BETWEENNESS_LIMIT

    def _compute_metric(self, name: str, budget: Budget) -> dict[str, float]:
        if name == "degree":
            degree = dict.fromkeys(self._nodes, 0)
            columns = self._columns
            for source, target, count in zip(columns.source_ids, columns.target_ids, columns.counts, strict=True):
                degree[source] += count
                degree[target] += count  # a self-loop counts twice, as networkx counts it
            return {n: float(d) for n, d in degree.items()}
        if name not in ("pagerank", "betweenness"):
            raise ValueError(f"unknown metric {name!r}")
        if len(self) == 0:
            return {}
        if name == "pagerank":
            return nx.pagerank(self._directed(), weight="weight")
        if not self.is_estimate(name):
            return nx.betweenness_centrality(self.graph, seed=SEED)
        return self._sampled_betweenness(budget)

    def _sampled_betweenness(self, budget: Budget) -> dict[str, float]:
        """The mean of estimates from chunks of sampled sources, while the samples and the budget
        last; degree when not even one chunk fits."""
        total: Counter[str] = Counter()
        chunks = 0
        for chunk in range(BETWEENNESS_SAMPLES // BETWEENNESS_CHUNK):
            if budget.remaining() < self._cost("betweenness source", BETWEENNESS_CHUNK):
                break
            budget.check()
            total.update(nx.betweenness_centrality(self.graph, k=BETWEENNESS_CHUNK, seed=SEED + chunk))
            chunks += 1
        sampled = chunks * BETWEENNESS_CHUNK
        if sampled == BETWEENNESS_SAMPLES:
            return {node: total[node] / chunks for node in self._nodes}
        over = f"the view's time budget ({budget.seconds_given:g} s) ran out"
        if not chunks:
            self._notes["betweenness"] = f"Actors are sized by degree, not betweenness: {over} before it could be estimated."
            return self.metric("degree")
        self._notes["betweenness"] = (
            f"Betweenness estimated from {sampled} sampled actors instead of {BETWEENNESS_SAMPLES}: {over}."
        )
        return {node: total[node] / chunks for node in self._nodes}

    def _directed(self) -> nx.DiGraph[str]:
        # PageRank follows direction: being warned, aided or attacked by many makes an actor central.
        directed: nx.DiGraph[str] = nx.DiGraph()
        directed.add_nodes_from(self._nodes)
        weights: defaultdict[tuple[str, str], int] = defaultdict(int)
        columns = self._columns
        for source, target, count in zip(columns.source_ids, columns.target_ids, columns.counts, strict=True):
            weights[(source, target)] += count
        directed.add_weighted_edges_from((s, t, w) for (s, t), w in weights.items())
        return directed

    def top_nodes(self, candidates: Iterable[str], metric: str, limit: int | None, budget: Budget | None = None) -> list[str]:
        """Candidates by decreasing metric (ties by id), at most ``limit`` of them."""
        wanted = candidates if isinstance(candidates, (set, frozenset)) else set(candidates)
        # a few candidates, or some outside the graph: sort them; else walk the graph's ranking
        if len(wanted) < len(self._nodes) // 4 or not wanted <= self._nodes.keys():
            values = self.metric(metric, budget)
            ranked = sorted(wanted, key=lambda n: (-values.get(n, 0.0), n))
            return ranked if limit is None else ranked[:limit]
        found = []
        for node in self._ranking(metric, budget):
            if node in wanted:
                found.append(node)
                if len(found) == limit:
                    break
        return found

    def _ranking(self, metric: str, budget: Budget | None = None) -> list[str]:
        """Every actor of the graph by decreasing metric (ties by id), computed once."""
        with self._lock:
            if metric not in self._rankings:
                values = self.metric(metric, budget)
                self._rankings[metric] = sorted(self._nodes, key=lambda n: (-values.get(n, 0.0), n))
            return self._rankings[metric]

    def communities(self, budget: Budget | None = None) -> dict[str, int]:
        """Louvain communities, numbered from the largest; cached.

        Within ``budget``: label propagation when Louvain would not fit in it, and Louvain's
        coarser levels are skipped once it has run out (see :meth:`note`).
        """
        with self._lock:
            if self._communities is None:
                found = self._find_communities(budget or Budget.unlimited()) if len(self) else []
                ordered = sorted(found, key=lambda c: (-len(c), min(c)))
                self._communities = {node: i for i, group in enumerate(ordered) for node in group}
            return self._communities

    def _find_communities(self, budget: Budget) -> list[set[str]]:
        graph = self.graph
        if self._cost("louvain") > budget.remaining():
            cheaper = "label propagation" if self._cost("label propagation") <= budget.remaining() else "connected components"
            self._notes["communities"] = (
                f"Communities by {cheaper}, not Louvain: Louvain on {graph.number_of_edges():,} pairs "
                f"would not fit in the view's time budget ({budget.seconds_given:g} s)."
            )
            if cheaper == "connected components":
                return list(nx.connected_components(graph))
            return list(nx.community.fast_label_propagation_communities(graph, weight="weight", seed=SEED))
        found: list[set[str]] = []
        for level in nx.community.louvain_partitions(graph, weight="weight", seed=SEED):
            found = level
            if budget.expired():
                self._notes["communities"] = (
                    f"Louvain communities stopped at a finer level: the view's time budget ({budget.seconds_given:g} s) ran out."
                )
                break
            budget.check()
        return found

    # -- layout --------------------------------------------------------------------------

    def positions(self, actor_ids: Sequence[str] | Iterable[str], budget: Budget | None = None) -> dict[str, tuple[float, float]]:
        """Pixel positions for a set of actors (force-directed), cached per set.

        Actors placed in an earlier layout of this graph keep their place, so expanding a
        node adds its neighbours around a picture the analyst has already read. Of more than
        :data:`FORCE_LAYOUT_NODES` actors, the first ones given (the heaviest, as a view lists
        them) get the force layout and the others are placed around their neighbours.
        """
        ordered = list(dict.fromkeys(actor_ids))
        key = frozenset(ordered)
        with self._lock:
            if key in self._layouts:
                self._layouts.move_to_end(key)
                return self._layouts[key]
            previous = next(reversed(self._layouts.values()), {}) if self._layouts else {}
        (budget or Budget.unlimited()).check()
        edges = self.pairs_among(key)
        if len(ordered) <= FORCE_LAYOUT_NODES:
            subgraph: nx.Graph[str] = nx.Graph()
            subgraph.add_edges_from(edges)
            placed = _spring_positions(subgraph, key, previous)
        else:
            placed = _core_and_neighbour_positions(ordered, edges)
            self._notes[key] = (
                f"The {FORCE_LAYOUT_NODES:,} heaviest actors are laid out by force and the other "
                f"{len(ordered) - FORCE_LAYOUT_NODES:,} placed around their neighbours: a force layout of "
                f"{len(ordered):,} actors takes minutes."
            )
        with self._lock:
            self._layouts[key] = placed
            while len(self._layouts) > LAYOUT_CACHE_SIZE:
                dropped, _ = self._layouts.popitem(last=False)
                self._notes.pop(dropped, None)
        return placed


def _edge_key(edge: EdgeRow) -> tuple[str, str, str]:
    return edge[0], edge[1], edge[2]


def _spring_positions(
    subgraph: nx.Graph[str], actor_ids: frozenset[str], previous: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    subgraph.add_nodes_from(actor_ids)
    if not actor_ids:
        return {}
    scale = _layout_scale(len(actor_ids))
    kept = {n: (x / scale, -y / scale) for n, (x, y) in previous.items() if n in actor_ids}  # back to networkx axes
    # keep old positions only when most of the picture is old; otherwise lay out afresh
    fixed = list(kept) if kept and len(kept) >= 0.6 * len(actor_ids) and len(kept) < len(actor_ids) else None
    raw = nx.spring_layout(
        subgraph, pos=kept if fixed else None, fixed=fixed, seed=SEED, k=1.6 / math.sqrt(len(actor_ids)), iterations=60
    )
    return scaled_positions(raw, scale if fixed else None)


def _core_and_neighbour_positions(ordered: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """A force layout of the first :data:`FORCE_LAYOUT_NODES` actors; then, breadth first from
    them, each other actor beside the already placed neighbour it has most edges with, and
    those with no path to them on a ring outside. Linear in the actors and edges."""
    rank = {node: i for i, node in enumerate(ordered)}
    core = frozenset(ordered[:FORCE_LAYOUT_NODES])
    subgraph: nx.Graph[str] = nx.Graph()
    subgraph.add_edges_from((a, b) for a, b in edges if a in core and b in core)
    scale = _layout_scale(len(core))
    placed = {n: (x / scale, -y / scale) for n, (x, y) in _spring_positions(subgraph, core, {}).items()}
    neighbours: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for a, b in edges:
        neighbours[a][b] += 1
        neighbours[b][a] += 1
    around: Counter[str] = Counter()  # how many were placed beside each actor so far
    level = set(core)
    while level:
        before = set(placed)
        reached = sorted({n for a in level for n in neighbours[a] if n not in before}, key=rank.__getitem__)
        for node in reached:
            anchor = max((a for a in neighbours[node] if a in before), key=lambda a: (neighbours[node][a], -rank[a]))
            placed[node] = _beside(placed[anchor], around[anchor])
            around[anchor] += 1
        level = set(reached)
    loose = [n for n in ordered if n not in placed]
    for i, node in enumerate(loose):
        angle = 2 * math.pi * i / max(1, len(loose))
        placed[node] = (1.3 * math.cos(angle), 1.3 * math.sin(angle))
    return scaled_positions({n: placed[n] for n in ordered}, _layout_scale(len(ordered)) / 1.3)


def _beside(anchor: tuple[float, float], index: int) -> tuple[float, float]:
    """The ``index``-th spot around an anchor: a golden-angle spiral, so spots never coincide."""
    angle = index * 2.39996  # the golden angle, in radians
    radius = 0.012 * (1 + math.sqrt(index))
    return anchor[0] + radius * math.cos(angle), anchor[1] + radius * math.sin(angle)


def _layout_scale(n: int) -> float:
    return 140.0 * math.sqrt(max(n, 1))


def scaled_positions(
    raw: Mapping[str, Sequence[float] | NDArray[np.floating[Any]]], scale: float | None = None
) -> dict[str, tuple[float, float]]:
    """networkx positions (around the unit square) as pixel coordinates.

    >>> scaled_positions({"a": (0.5, -0.5)}, scale=100)
    {'a': (50.0, 50.0)}
    """
    scale = scale or _layout_scale(len(raw))
    # screen y grows downwards
    return {n: (round(float(p[0]) * scale, 1), round(-float(p[1]) * scale, 1)) for n, p in raw.items()}
