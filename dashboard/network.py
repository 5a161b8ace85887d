"""networkx and numpy over the filtered graph: metrics, communities, neighbourhoods and paths, cached.

A :class:`FilteredGraph` is built once per filter from the folded edges (numpy columns,
:class:`FoldedEdges`, from the app's index or the store's edge summary) and keeps what it
computes (PageRank, betweenness, Louvain communities, rankings), so clicking around a view
never recomputes them (where its actors are drawn is :mod:`actorgraph.dashboard.stable_layout`'s).
:class:`TimedCache` holds the filtered graphs, keyed on the filter, and
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

import datetime as dt
import functools
import itertools
import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import networkx as nx
import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

from actorgraph.graph import EdgeSummary
from actorgraph.graph.records import MODALITIES, EdgeColumns, EdgeRow

__all__ = [
    "EXACT_BETWEENNESS_LIMIT",
    "NO_DAY",
    "Budget",
    "FilteredGraph",
    "FoldedEdges",
    "TimedCache",
    "ViewCancelled",
    "day_to_date",
    "modality_bits",
    "scaled_positions",
]

EXACT_BETWEENNESS_LIMIT = 400  # nodes; above it betweenness is estimated from sampled sources
BETWEENNESS_SAMPLES = 64
BETWEENNESS_CHUNK = 4  # sources sampled between two looks at the clock
# What a step costs, in units of the time this graph took to build (which follows both its
# size and how busy the machine is): measured on 20,000 actors / 157,000 pairs, where the
# build took 0.19 s, with a margin of about half again.
COST_IN_BUILDS = {"betweenness source": 0.7, "louvain": 18.0, "label propagation": 3.0}
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


class FoldedEdges:
    """Folded edges as numpy columns: edge ``i`` runs from ``actor_ids[source[i]]`` to
    ``actor_ids[target[i]]``, of type ``type_names[type[i]]``, with ``count[i]`` relations.

    ``actor_ids`` and ``type_names`` are sorted, so index order is name order and ties can be
    broken by index. About 50 bytes an edge and no Python object per edge, so a view of a
    million relations is folded, ranked and cut with whole-array operations. Missing values:
    quad class 0, goldstein and confidence NaN, days :data:`NO_DAY` (days count from 1970-01-01).

    >>> edges = FoldedEdges.from_columns(EdgeColumns.from_rows([EdgeRow("RUS", "USA", "WARNS", 2, 3, -4.4)]))
    >>> edges.actor_ids.tolist(), edges.row(0)[:6]
    (['RUS', 'USA'], ('RUS', 'USA', 'WARNS', 2, 3, -4.4))
    """

    def __init__(
        self,
        actor_ids: NDArray[np.object_],
        type_names: tuple[str, ...],
        columns: Mapping[str, NDArray[Any]],
        position: Mapping[str, int] | None = None,
    ):
        self.actor_ids = actor_ids
        self.type_names = type_names
        self.source: NDArray[np.int32] = columns["source"]
        self.target: NDArray[np.int32] = columns["target"]
        self.type: NDArray[np.int16] = columns["type"]
        self.count: NDArray[np.int64] = columns["count"]
        self.quad_class: NDArray[np.int8] = columns["quad_class"]
        self.goldstein: NDArray[np.float64] = columns["goldstein"]
        self.confidence: NDArray[np.float64] = columns["confidence"]
        self.first_day: NDArray[np.int32] = columns["first_day"]
        self.last_day: NDArray[np.int32] = columns["last_day"]
        self.modalities: NDArray[np.uint8] = columns["modalities"]  # bit k: MODALITIES[k] among the relations
        self._position = position

    @property
    def position(self) -> Mapping[str, int]:
        """Each actor id's index in :attr:`actor_ids` (shared with the index that made these edges)."""
        if self._position is None:
            self._position = {actor_id: i for i, actor_id in enumerate(self.actor_ids.tolist())}
        return self._position

    def __len__(self) -> int:
        return len(self.source)

    @property
    def nbytes(self) -> int:
        """Bytes held by the columns (the actor ids are shared, and not counted)."""
        return sum(getattr(self, name).nbytes for name in FOLDED_COLUMNS)

    @classmethod
    def from_columns(cls, columns: EdgeColumns) -> FoldedEdges:
        """The same edges, in the same order, from the store's columns."""
        ids, ends = np.unique(np.array(columns.source_ids + columns.target_ids, dtype=object), return_inverse=True)
        type_names, types = np.unique(np.array(columns.types, dtype=object), return_inverse=True)
        n = len(columns)
        return cls(
            ids if n else np.array([], dtype=object),
            tuple(type_names.tolist()),
            {
                "source": ends[:n].astype(np.int32),
                "target": ends[n:].astype(np.int32),
                "type": types.astype(np.int16),
                "count": np.array(columns.counts, dtype=np.int64),
                "quad_class": np.array([q or 0 for q in columns.quad_classes], dtype=np.int8),
                "goldstein": np.array(columns.goldsteins, dtype=np.float64),  # None becomes NaN
                "confidence": np.array(columns.confidences, dtype=np.float64),
                "first_day": np.array([_day(d) for d in columns.first_dates], dtype=np.int32),
                "last_day": np.array([_day(d) for d in columns.last_dates], dtype=np.int32),
                "modalities": np.array(
                    [modality_bits(m) for m in columns.modalities] if columns.modalities else [0] * n, dtype=np.uint8
                ),
            },
        )

    def row(self, i: int | np.integer[Any]) -> EdgeRow:
        """Edge ``i`` as a row."""
        quad, goldstein, confidence = int(self.quad_class[i]), float(self.goldstein[i]), float(self.confidence[i])
        return EdgeRow(
            self.actor_ids[self.source[i]],
            self.actor_ids[self.target[i]],
            self.type_names[self.type[i]],
            int(self.count[i]),
            quad or None,
            None if math.isnan(goldstein) else goldstein,
            None if math.isnan(confidence) else confidence,
            day_to_date(int(self.first_day[i])),
            day_to_date(int(self.last_day[i])),
            _modalities_of(int(self.modalities[i])),
        )


FOLDED_COLUMNS = (
    "source", "target", "type", "count", "quad_class", "goldstein", "confidence", "first_day", "last_day", "modalities"
)  # fmt: skip


def modality_bits(modalities: Iterable[str]) -> int:
    """A set of modalities as bits, bit k for :data:`MODALITIES` [k] (seven fit in a byte).

    >>> modality_bits(["asserted", "reported"]), _modalities_of(3)
    (3, ('asserted', 'reported'))
    """
    return sum(1 << MODALITIES.index(m) for m in set(modalities))


@functools.lru_cache(maxsize=128)
def _modalities_of(bits: int) -> tuple[str, ...]:
    return tuple(m for k, m in enumerate(MODALITIES) if bits >> k & 1)


NO_DAY = int(np.iinfo(np.int32).min)  # a missing date
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _day(date: dt.date | None) -> int:
    return NO_DAY if date is None else date.toordinal() - _EPOCH


@functools.lru_cache(maxsize=8192)
def day_to_date(day: int) -> dt.date | None:
    """A day number (days since 1970-01-01) as a date; :data:`NO_DAY` is None.

    >>> day_to_date(0), day_to_date(NO_DAY)
    (datetime.date(1970, 1, 1), None)
    """
    return None if day == NO_DAY else dt.date.fromordinal(day + _EPOCH)


class FilteredGraph:
    """The relations matching one filter, folded per (source, target, type), as a graph.

    Kept as :class:`FoldedEdges` (numpy columns), so what a view asks (degree, the edges
    among the shown actors, neighbourhoods, a path) is a few whole-array operations however
    big the view, and a cached view holds a handful of Python objects. The networkx graph is
    built on first use, for the heavier metrics. Edges handed out are
    :class:`~actorgraph.graph.records.EdgeRow`: the fields of an
    :class:`~actorgraph.graph.EdgeSummary` under the same names.
    """

    def __init__(self, edges: FoldedEdges | EdgeColumns | Iterable[EdgeRow | EdgeSummary]):
        if not isinstance(edges, FoldedEdges):
            edges = FoldedEdges.from_columns(edges if isinstance(edges, EdgeColumns) else EdgeColumns.from_rows(edges))
        self._edges = edges
        present = np.zeros(len(edges.actor_ids), dtype=bool)
        present[edges.source] = True
        present[edges.target] = True
        self._present = present
        self._node_indices = np.flatnonzero(present)
        self._relation_count = int(edges.count.sum())
        self._rankings: dict[str, list[str]] = {}
        self._nodes: frozenset[str] | None = None
        self._graph: nx.Graph[str] | None = None
        self._build_seconds = 0.0
        self._metrics: dict[str, dict[str, float]] = {}
        self._communities: dict[str, int] | None = None
        # what was computed by a cheaper method to fit a time budget, said to the analyst
        self._notes: dict[Hashable, str] = {}
        self._lock = threading.RLock()

    @property
    def edges(self) -> list[EdgeRow]:
        """Every folded edge (made afresh on each call: the graph keeps columns)."""
        return [self._edges.row(i) for i in range(len(self._edges))]

    def _ids(self, indices: NDArray[np.integer[Any]]) -> list[str]:
        ids: list[str] = self._edges.actor_ids[indices].tolist()
        return ids

    def _pair_weights(self, directed: bool) -> tuple[list[str], list[str], list[float]]:
        """Relations per pair of actors (ordered, or both ways), all types: three aligned lists."""
        e = self._edges
        first, second = (e.source, e.target) if directed else (np.minimum(e.source, e.target), np.maximum(e.source, e.target))
        keys = first.astype(np.int64) * len(e.actor_ids) + second
        pairs, which = np.unique(keys, return_inverse=True)
        weights = np.bincount(which, weights=e.count, minlength=len(pairs))
        n = len(e.actor_ids)
        return self._ids(pairs // n), self._ids(pairs % n), weights.tolist()

    @property
    def graph(self) -> nx.Graph[str]:
        """Undirected networkx graph; an edge's weight is the relations between the pair, both ways, all types."""
        with self._lock:
            if self._graph is None:
                started = time.perf_counter()
                graph: nx.Graph[str] = nx.Graph()
                graph.add_nodes_from(self._ids(self._node_indices))
                graph.add_weighted_edges_from(zip(*self._pair_weights(directed=False), strict=True))
                self._graph = graph
                self._build_seconds = time.perf_counter() - started
            return self._graph

    def _cost(self, step: str, times: int = 1) -> float:
        """Seconds ``step`` (a key of :data:`COST_IN_BUILDS`) should take on this graph, now."""
        _ = self.graph  # built (and timed) first
        return COST_IN_BUILDS[step] * self._build_seconds * times

    def __len__(self) -> int:
        return len(self._node_indices)

    @property
    def relation_count(self) -> int:
        """How many relations the filter matched."""
        return self._relation_count

    def approx_bytes(self) -> int:
        """About how much memory this graph holds now (columns, and whatever it has computed since).

        An estimate for bounding caches. Takes no lock: the cache asks it while holding its
        own, and must not wait for a graph computing betweenness or a layout under this graph's
        lock (a second or more); each container is copied before it is measured, so a
        concurrent insertion is harmless.
        """
        size = 2_000 + self._edges.nbytes + self._present.nbytes + 8 * len(self._node_indices)
        size += 60 * len(self._edges.actor_ids) if self._edges._position is None else 0  # ids of its own
        graph = self._graph
        if graph is not None:
            size += 500 * graph.number_of_edges() + 300 * graph.number_of_nodes()
        size += sum(100 * len(values) for values in list(self._metrics.values()))
        size += sum(8 * len(ranking) for ranking in list(self._rankings.values()))
        communities = self._communities
        if communities is not None:
            size += 100 * len(communities)
        return size

    def nodes(self) -> set[str]:
        """Every actor with at least one matching relation."""
        return set(self._node_set())

    def _index(self, actor_id: str) -> int | None:
        """The actor's index, when it has a matching relation."""
        i = self._edges.position.get(actor_id)
        return i if i is not None and self._present[i] else None

    def _mask(self, actor_ids: Iterable[str]) -> NDArray[np.bool_]:
        """Which actors (by index) are among ``actor_ids``."""
        position = self._edges.position
        mask = np.zeros(len(self._present), dtype=bool)
        mask[[i for a in actor_ids if (i := position.get(a)) is not None]] = True
        return mask

    def edges_of(self, actor_id: str) -> list[EdgeRow]:
        """The folded edges touching one actor, in either direction."""
        i = self._index(actor_id)
        if i is None:
            return []
        e = self._edges
        return [e.row(k) for k in np.flatnonzero((e.source == i) | (e.target == i))]

    def type_counts(self, actor_id: str) -> tuple[Counter[str], Counter[str]]:
        """Relations leaving and entering one actor, per type (a self-loop counts both ways)."""
        i = self._index(actor_id)
        if i is None:
            return Counter(), Counter()
        e = self._edges
        return self._per_type(e.source == i), self._per_type(e.target == i)

    def _per_type(self, where: NDArray[np.bool_]) -> Counter[str]:
        e = self._edges
        sums = np.bincount(e.type[where], weights=e.count[where], minlength=len(e.type_names))
        return Counter({e.type_names[t]: int(sums[t]) for t in np.flatnonzero(sums)})

    def edges_among(
        self, actor_ids: Iterable[str], strongest: int | None = None, keep: Iterable[tuple[str, str, str]] = ()
    ) -> list[EdgeRow]:
        """The folded edges whose two ends are both in ``actor_ids``, by (source, target, type).

        With ``strongest``, only that many, strongest first: those in ``keep`` (source, target,
        type), then the most relations, ties by (source, target, type); rows are made only for
        the edges returned.
        """
        e = self._edges
        indices = self._indices_among(actor_ids)
        if strongest is None or len(indices) <= strongest:
            order = np.lexsort((e.type[indices], e.target[indices], e.source[indices]))
            return [e.row(i) for i in indices[order]]
        kept = self._is_kept(indices, keep)
        counts = e.count[indices]
        # only edges that can be among the strongest are sorted: the kept, and those at least as strong as the cut
        cut = np.partition(counts, len(counts) - strongest)[len(counts) - strongest]
        indices, kept = indices[(counts >= cut) | kept], kept[(counts >= cut) | kept]
        order = np.lexsort((e.type[indices], e.target[indices], e.source[indices], -e.count[indices], ~kept))
        return [e.row(i) for i in indices[order[:strongest]]]

    def _is_kept(self, indices: NDArray[np.intp], keep: Iterable[tuple[str, str, str]]) -> NDArray[np.bool_]:
        e = self._edges
        type_code = {name: t for t, name in enumerate(e.type_names)}
        wanted = {
            (e.position[s], e.position[t], type_code[ty])
            for s, t, ty in keep
            if s in e.position and t in e.position and ty in type_code
        }
        if not wanted:
            return np.zeros(len(indices), dtype=bool)
        return np.array(
            [(s, t, ty) in wanted for s, t, ty in zip(e.source[indices], e.target[indices], e.type[indices], strict=True)]
        )

    def count_among(self, actor_ids: Iterable[str]) -> int:
        """How many folded edges have both ends in ``actor_ids``."""
        return len(self._indices_among(actor_ids))

    def _indices_among(self, actor_ids: Iterable[str]) -> NDArray[np.intp]:
        inside = self._mask(actor_ids)
        e = self._edges
        if not (self._present & ~inside).any():
            return np.arange(len(e))  # every actor shown: every edge
        return np.flatnonzero(inside[e.source] & inside[e.target])

    def pairs_among(self, actor_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(source, target) of each folded edge with both ends in ``actor_ids``."""
        e = self._edges
        indices = self._indices_among(actor_ids)
        return list(zip(self._ids(e.source[indices]), self._ids(e.target[indices]), strict=True))

    def weighted_pairs_among(self, actor_ids: Iterable[str]) -> list[tuple[str, str, float]]:
        """(a, b, relations between them both ways and all types) of each pair of actors in
        ``actor_ids`` with a folded edge between them, ``a`` before ``b`` by id."""
        e = self._edges
        indices = self._indices_among(actor_ids)
        low, high = np.minimum(e.source[indices], e.target[indices]), np.maximum(e.source[indices], e.target[indices])
        keys = low.astype(np.int64) * len(e.actor_ids) + high
        pairs, which = np.unique(keys, return_inverse=True)
        weights = np.bincount(which, weights=e.count[indices], minlength=len(pairs))
        n = len(e.actor_ids)
        return list(zip(self._ids(pairs // n), self._ids(pairs % n), weights.tolist(), strict=True))

    def strongest_neighbours(self, actor_ids: Iterable[str], among: Iterable[str]) -> dict[str, str]:
        """For each of ``actor_ids`` with a relation to one of ``among``: the one it has most
        relations with (ties by id)."""
        e = self._edges
        wanted, targets = self._mask(actor_ids), self._mask(among)
        ends = np.concatenate((e.source, e.target)), np.concatenate((e.target, e.source))
        counts = np.concatenate((e.count, e.count))
        hit = wanted[ends[0]] & targets[ends[1]]
        actor, other, count = ends[0][hit], ends[1][hit], counts[hit]
        if not len(actor):
            return {}
        # relations per (actor, other) pair, then the strongest pair of each actor
        keys = actor.astype(np.int64) * len(e.actor_ids) + other
        pairs, which = np.unique(keys, return_inverse=True)
        totals = np.bincount(which, weights=count, minlength=len(pairs))
        pair_actor, pair_other = pairs // len(e.actor_ids), pairs % len(e.actor_ids)
        order = np.lexsort((pair_other, -totals, pair_actor))
        first = order[np.r_[True, pair_actor[order][1:] != pair_actor[order][:-1]]]
        return dict(zip(self._ids(pair_actor[first]), self._ids(pair_other[first]), strict=True))

    def neighbours(self, actor_id: str) -> set[str]:
        """Actors one relation away."""
        return self.within_hops(actor_id, 1, exact=True) - {actor_id}

    def within_hops(self, actor_id: str, hops: int, exact: bool = False) -> set[str]:
        """The actor and everyone within ``hops`` relations of it (any direction); with
        ``exact``, only those found at the last hop (and a self-loop's actor)."""
        i = self._index(actor_id)
        if i is None:
            return {actor_id}
        reached = np.zeros(len(self._present), dtype=bool)
        reached[i] = True
        frontier = reached.copy()
        for _ in range(hops):
            found = self._reach(frontier)
            frontier = found & ~reached
            reached |= frontier
            if not frontier.any():
                break
        return set(self._ids(np.flatnonzero(found if exact else reached)))

    def _reach(self, frontier: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """The actors one relation away from any in ``frontier``."""
        e = self._edges
        found = np.zeros(len(frontier), dtype=bool)
        found[e.target[frontier[e.source]]] = True
        found[e.source[frontier[e.target]]] = True
        return found

    def shortest_path(self, source_id: str, target_id: str, max_hops: int) -> list[str]:
        """A shortest chain of actors from one to the other over the folded edges (any
        direction), breadth first, each actor reached from the first (by id) of the level
        before; empty when there is none within ``max_hops``. As the store's own search finds it."""
        start, goal = self._index(source_id), self._index(target_id)
        if start is None or goal is None:
            return [source_id] if source_id == target_id else []
        e = self._edges
        parent = np.full(len(self._present), -1, dtype=np.int64)
        parent[start] = start
        frontier = np.zeros(len(self._present), dtype=bool)
        frontier[start] = True
        given, other = np.concatenate((e.source, e.target)), np.concatenate((e.target, e.source))  # both directions
        for _ in range(max_hops):
            if parent[goal] >= 0 or not frontier.any():
                break
            frontier = self._step(frontier, parent, given, other)
        if parent[goal] < 0:
            return []
        chain = [goal]
        while chain[-1] != start:
            chain.append(int(parent[chain[-1]]))
        return self._ids(np.array(chain[::-1]))

    @staticmethod
    def _step(
        frontier: NDArray[np.bool_], parent: NDArray[np.int64], given: NDArray[np.int32], other: NDArray[np.int32]
    ) -> NDArray[np.bool_]:
        """Mark the actors first reached from ``frontier`` along (given → other), each with the
        smallest index that reaches it as its parent. Returns the newly reached."""
        crossing = frontier[given] & (parent[other] < 0)
        ends, starts = other[crossing], given[crossing]
        order = np.lexsort((starts, ends))
        ends, starts = ends[order], starts[order]
        first = np.r_[True, ends[1:] != ends[:-1]] if len(ends) else np.zeros(0, dtype=bool)
        parent[ends[first]] = starts[first]
        reached = np.zeros(len(frontier), dtype=bool)
        reached[ends] = True
        return reached

    def path_edges(self, chain: Sequence[str]) -> set[tuple[str, str, str]]:
        """(source, target, type) of every folded edge between two actors next to each other in ``chain``."""
        e = self._edges
        pairs = {frozenset(p) for p in itertools.pairwise(chain)}
        found = set()
        for i in self._indices_among(chain):
            source, target = e.actor_ids[e.source[i]], e.actor_ids[e.target[i]]
            if frozenset((source, target)) in pairs:
                found.add((source, target, e.type_names[e.type[i]]))
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
        """Why ``what`` (a metric's name, or ``"communities"``) was
        computed by a cheaper method than usual, or None when it was not."""
        return self._notes.get(what)

    def is_estimate(self, name: str) -> bool:
        """True when the metric is sampled rather than exact (betweenness on big graphs)."""
        return name == "betweenness" and len(self) > EXACT_BETWEENNESS_LIMIT

    def _compute_metric(self, name: str, budget: Budget) -> dict[str, float]:
        if name == "degree":
            return dict(zip(self._node_list(), self._degrees()[self._node_indices].tolist(), strict=True))
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
            return {node: total[node] / chunks for node in self._node_list()}
        over = f"the view's time budget ({budget.seconds_given:g} s) ran out"
        if not chunks:
            self._notes["betweenness"] = f"Actors are sized by degree, not betweenness: {over} before it could be estimated."
            return self.metric("degree")
        self._notes["betweenness"] = (
            f"Betweenness estimated from {sampled} sampled actors instead of {BETWEENNESS_SAMPLES}: {over}."
        )
        return {node: total[node] / chunks for node in self._node_list()}

    def _degrees(self) -> NDArray[np.float64]:
        """Relations touching each actor, by index (a self-loop counts twice, as networkx counts it)."""
        e = self._edges
        n = len(e.actor_ids)
        leaving = np.bincount(e.source, weights=e.count, minlength=n)
        return np.asarray(leaving + np.bincount(e.target, weights=e.count, minlength=n), dtype=np.float64)

    def _node_set(self) -> frozenset[str]:
        """:meth:`nodes`, computed once (for set comparisons in C)."""
        with self._lock:
            if self._nodes is None:
                self._nodes = frozenset(self._node_list())
            return self._nodes

    def _node_list(self) -> list[str]:
        """Every actor with a matching relation, by id (the order nodes come into networkx)."""
        return self._ids(self._node_indices)

    def _directed(self) -> nx.DiGraph[str]:
        # PageRank follows direction: being warned, aided or attacked by many makes an actor central.
        directed: nx.DiGraph[str] = nx.DiGraph()
        directed.add_nodes_from(self._node_list())
        directed.add_weighted_edges_from(zip(*self._pair_weights(directed=True), strict=True))
        return directed

    def top_nodes(self, candidates: Iterable[str], metric: str, limit: int | None, budget: Budget | None = None) -> list[str]:
        """Candidates by decreasing metric (ties by id), at most ``limit`` of them."""
        wanted = candidates if isinstance(candidates, (set, frozenset)) else set(candidates)
        # a few candidates, or some outside the graph: sort them; else walk the graph's ranking
        if len(wanted) < len(self) // 4 or not wanted <= self._node_set():
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
                nodes = self._node_list()
                scores = np.array([values.get(n, 0.0) for n in nodes], dtype=np.float64)
                # ties by id: the nodes are in id order, and the sort is stable
                self._rankings[metric] = [nodes[i] for i in np.argsort(-scores, kind="stable")]
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
