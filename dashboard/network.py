"""networkx over the filtered graph: metrics, communities, neighbourhoods and layouts, cached.

A :class:`FilteredGraph` is built once per filter from the store's edge summary and keeps what
it computes (PageRank, betweenness, Louvain communities, node positions), so clicking around a
view never recomputes them. :class:`TimedCache` holds the filtered graphs, keyed on the filter.

>>> from graph import EdgeSummary
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

import math
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

import networkx as nx

from graph import EdgeSummary

__all__ = [
    "EXACT_BETWEENNESS_LIMIT",
    "FilteredGraph",
    "TimedCache",
    "scaled_positions",
]

EXACT_BETWEENNESS_LIMIT = 400  # nodes; above it betweenness is estimated from sampled sources
BETWEENNESS_SAMPLES = 64
LAYOUT_CACHE_SIZE = 16
SEED = 42

V = TypeVar("V")


class TimedCache(Generic[V]):
    """A small thread-safe LRU whose entries also expire, so data written by others shows up.

    >>> cache = TimedCache(max_entries=2, ttl_s=60)
    >>> cache.get_or_compute("k", lambda: 1), cache.get_or_compute("k", lambda: 2)
    (1, 1)
    >>> cache.clear(); cache.get_or_compute("k", lambda: 3)
    3
    """

    def __init__(self, max_entries: int = 32, ttl_s: float = 120.0, clock: Callable[[], float] = time.monotonic):
        self.max_entries = max_entries
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value for ``key``, computing (outside the lock) when missing or expired."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and now - entry[0] < self.ttl_s:
                self._entries.move_to_end(key)
                return entry[1]
        value = compute()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (after the analyst changed the store)."""
        with self._lock:
            self._entries.clear()


class FilteredGraph:
    """The relations matching one filter, folded per (source, target, type), as a graph.

    Built in one pass over the edges with plain dicts (degree, adjacency), which is all the
    default view needs; the networkx graph is built on first use, for the heavier metrics.
    """

    def __init__(self, edges: Sequence[EdgeSummary]):
        self.edges = list(edges)
        self._by_node: dict[str, list[EdgeSummary]] = defaultdict(list)
        self._pair_weights: dict[tuple[str, str], int] = defaultdict(int)
        for e in self.edges:
            self._by_node[e.source_id].append(e)
            if e.target_id != e.source_id:
                self._by_node[e.target_id].append(e)
            pair = (e.source_id, e.target_id) if e.source_id <= e.target_id else (e.target_id, e.source_id)
            self._pair_weights[pair] += e.count
        self._graph: nx.Graph | None = None
        self._metrics: dict[str, dict[str, float]] = {}
        self._communities: dict[str, int] | None = None
        self._layouts: OrderedDict[frozenset[str], dict[str, tuple[float, float]]] = OrderedDict()
        self._lock = threading.RLock()

    @property
    def graph(self) -> nx.Graph:
        """Undirected networkx graph; an edge's weight is the relations between the pair, both ways, all types."""
        with self._lock:
            if self._graph is None:
                graph = nx.Graph()
                graph.add_nodes_from(self._by_node)
                graph.add_weighted_edges_from((a, b, w) for (a, b), w in self._pair_weights.items())
                self._graph = graph
            return self._graph

    def __len__(self) -> int:
        return len(self._by_node)

    @property
    def relation_count(self) -> int:
        """How many relations the filter matched."""
        return sum(e.count for e in self.edges)

    def nodes(self) -> set[str]:
        """Every actor with at least one matching relation."""
        return set(self._by_node)

    def edges_of(self, actor_id: str) -> list[EdgeSummary]:
        """The folded edges touching one actor, in either direction."""
        return self._by_node.get(actor_id, [])

    def edges_among(self, actor_ids: Iterable[str]) -> list[EdgeSummary]:
        """The folded edges whose two ends are both in ``actor_ids``."""
        inside = set(actor_ids)
        found: dict[tuple[str, str, str], EdgeSummary] = {}
        for actor_id in inside:
            for e in self.edges_of(actor_id):
                if e.source_id in inside and e.target_id in inside:
                    found[(e.source_id, e.target_id, e.type)] = e
        return [found[k] for k in sorted(found)]

    def neighbours(self, actor_id: str) -> set[str]:
        """Actors one relation away."""
        return {n for e in self.edges_of(actor_id) for n in (e.source_id, e.target_id)} - {actor_id}

    def within_hops(self, actor_id: str, hops: int) -> set[str]:
        """The actor and everyone within ``hops`` relations of it (any direction)."""
        reached, frontier = {actor_id}, {actor_id}
        for _ in range(hops):
            frontier = {n for f in frontier for n in self.neighbours(f)} - reached
            reached |= frontier
        return reached

    # -- metrics -------------------------------------------------------------------------

    def metric(self, name: str) -> dict[str, float]:
        """``degree`` (relations touching the actor), ``pagerank`` or ``betweenness``, cached."""
        with self._lock:
            if name not in self._metrics:
                self._metrics[name] = self._compute_metric(name)
            return self._metrics[name]

    def is_estimate(self, name: str) -> bool:
        """True when the metric is sampled rather than exact (betweenness on big graphs)."""
        return name == "betweenness" and len(self) > EXACT_BETWEENNESS_LIMIT

    def _compute_metric(self, name: str) -> dict[str, float]:
        if name == "degree":
            degree: dict[str, float] = defaultdict(float)
            for (a, b), weight in self._pair_weights.items():
                degree[a] += weight
                degree[b] += weight  # a self-loop counts twice, as networkx counts it
            return dict(degree)
        if name not in ("pagerank", "betweenness"):
            raise ValueError(f"unknown metric {name!r}")
        if len(self) == 0:
            return {}
        if name == "pagerank":
            return nx.pagerank(self._directed(), weight="weight")
        sample = BETWEENNESS_SAMPLES if self.is_estimate(name) else None
        return nx.betweenness_centrality(self.graph, k=sample, seed=SEED)

    def _directed(self) -> nx.DiGraph:
        # PageRank follows direction: being warned, aided or attacked by many makes an actor central.
        directed = nx.DiGraph()
        directed.add_nodes_from(self._by_node)
        weights: dict[tuple[str, str], int] = defaultdict(int)
        for e in self.edges:
            weights[(e.source_id, e.target_id)] += e.count
        directed.add_weighted_edges_from((s, t, w) for (s, t), w in weights.items())
        return directed

    def top_nodes(self, candidates: Iterable[str], metric: str, limit: int | None) -> list[str]:
        """Candidates by decreasing metric (ties by id), at most ``limit`` of them."""
        values = self.metric(metric)
        ranked = sorted(candidates, key=lambda n: (-values.get(n, 0.0), n))
        return ranked if limit is None else ranked[:limit]

    def communities(self) -> dict[str, int]:
        """Louvain communities, numbered from the largest; cached."""
        with self._lock:
            if self._communities is None:
                found = nx.community.louvain_communities(self.graph, weight="weight", seed=SEED) if len(self) else []
                ordered = sorted(found, key=lambda c: (-len(c), min(c)))
                self._communities = {node: i for i, group in enumerate(ordered) for node in group}
            return self._communities

    # -- layout --------------------------------------------------------------------------

    def positions(self, actor_ids: Iterable[str]) -> dict[str, tuple[float, float]]:
        """Pixel positions for a set of actors (force-directed), cached per set.

        Actors placed in an earlier layout of this graph keep their place, so expanding a
        node adds its neighbours around a picture the analyst has already read.
        """
        key = frozenset(actor_ids)
        with self._lock:
            if key in self._layouts:
                self._layouts.move_to_end(key)
                return self._layouts[key]
            previous = next(reversed(self._layouts.values()), {}) if self._layouts else {}
        subgraph = nx.Graph()
        subgraph.add_edges_from((e.source_id, e.target_id) for e in self.edges_among(key))
        placed = _spring_positions(subgraph, key, previous)
        with self._lock:
            self._layouts[key] = placed
            while len(self._layouts) > LAYOUT_CACHE_SIZE:
                self._layouts.popitem(last=False)
        return placed


def _spring_positions(
    subgraph: nx.Graph, actor_ids: frozenset[str], previous: dict[str, tuple[float, float]]
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


def _layout_scale(n: int) -> float:
    return 140.0 * math.sqrt(max(n, 1))


def scaled_positions(raw: dict[str, Sequence[float]], scale: float | None = None) -> dict[str, tuple[float, float]]:
    """networkx positions (around the unit square) as pixel coordinates.

    >>> scaled_positions({"a": (0.5, -0.5)}, scale=100)
    {'a': (50.0, 50.0)}
    """
    scale = scale or _layout_scale(len(raw))
    # screen y grows downwards
    return {n: (round(float(p[0]) * scale, 1), round(-float(p[1]) * scale, 1)) for n, p in raw.items()}
