"""A map of the store: each actor's place, the same in every view, communities apart.

Views draw their actors where the map puts them, so the same view gives the same picture, a
filter change leaves the actors that stay where they were, and actors that come in appear
beside the neighbour they have most relations with. The map is computed once per store
version (the app caches it): the :data:`ANCHOR_NODES` actors with most relations are grouped
by Louvain communities (seeded); the communities are laid out by force as discs sized by
their members, pushed apart until no two overlap, and each community's members by force
inside its disc. Every other actor is placed beside its strongest anchored neighbour, at an
offset that depends on its id alone, or on an outer ring when it has none.

The force layout is a plain Fruchterman–Reingold over numpy arrays (networkx's own takes a
minute for 2,000 actors on this machine; communities keep every run small).

>>> from actorgraph.graph import EdgeSummary
>>> from actorgraph.dashboard.network import FilteredGraph
>>> g = FilteredGraph([EdgeSummary(source_id=a, target_id=b, type="MEETS", count=1)
...                    for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")]])
>>> first, second = StoreMap.of(g).place(g, ["a", "b", "x"]), StoreMap.of(g).place(g, ["a", "b", "x", "z"])
>>> all(second[a] == first[a] for a in first)  # the same places, whatever the view
True
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from actorgraph.dashboard.network import SEED, FilteredGraph

__all__ = ["ANCHOR_NODES", "StoreMap", "force_layout"]

ANCHOR_NODES = 2000  # actors placed by the map itself; the others beside them
PLACED_CACHE_SIZE = 32
PIXELS_PER_UNIT = 60.0  # a community of n members is a disc of radius √n units
DISC_GAP = 1.25  # how far apart two communities' discs stay, as a share of their radii


@dataclass(frozen=True)
class StoreMap:
    """Pixel positions of the anchored actors; :meth:`place` places any actor."""

    anchors: dict[str, tuple[float, float]]
    # the places of recent views' actor sets, so a view asked again is a look-up
    _placed: OrderedDict[frozenset[str], dict[str, tuple[float, float]]] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )

    @classmethod
    def of(cls, graph: FilteredGraph) -> StoreMap:
        """The map of a graph (the unfiltered one: a map of the whole store)."""
        anchored = graph.top_nodes(graph.nodes(), "degree", ANCHOR_NODES)
        return cls(_community_layout(anchored, graph.weighted_pairs_among(anchored)))

    def place(self, graph: FilteredGraph, actor_ids: Sequence[str]) -> dict[str, tuple[float, float]]:
        """Where the map puts each actor: its anchor, or beside its strongest anchored neighbour
        in ``graph``, or on a ring outside the map."""
        key = frozenset(actor_ids)
        if key in self._placed:
            self._placed.move_to_end(key)
            return self._placed[key]
        placed = self._place(graph, actor_ids)
        self._placed[key] = placed
        while len(self._placed) > PLACED_CACHE_SIZE:
            self._placed.popitem(last=False)
        return placed

    def _place(self, graph: FilteredGraph, actor_ids: Sequence[str]) -> dict[str, tuple[float, float]]:
        placed = {a: self.anchors[a] for a in actor_ids if a in self.anchors}
        loose = [a for a in actor_ids if a not in placed]
        if not loose:
            return placed
        beside = graph.strongest_neighbours(loose, self.anchors)
        reach = max((math.hypot(x, y) for x, y in self.anchors.values()), default=0.0) + 2 * PIXELS_PER_UNIT
        for actor_id in loose:
            angle, share = _spread(actor_id)
            if actor_id in beside:
                x, y = self.anchors[beside[actor_id]]
                radius = PIXELS_PER_UNIT * (0.6 + 0.8 * share)
            else:  # no anchored neighbour: a ring around the map
                x, y, radius = 0.0, 0.0, reach * (1.0 + 0.15 * share)
            placed[actor_id] = (round(x + radius * math.cos(angle), 1), round(y + radius * math.sin(angle), 1))
        return placed


def _spread(actor_id: str) -> tuple[float, float]:
    """An angle and a share in [0, 1) from the id alone: an actor's offset is the same in every view."""
    digest = hashlib.blake2b(actor_id.encode(), digest_size=8).digest()
    return 2 * math.pi * digest[0] / 256 + digest[1] / 65536, int.from_bytes(digest[2:4]) / 65536


def _community_layout(actors: Sequence[str], pairs: Iterable[tuple[str, str, float]]) -> dict[str, tuple[float, float]]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(actors)
    graph.add_weighted_edges_from(pairs)
    if not len(graph):
        return {}
    found = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    groups = sorted((sorted(group) for group in found), key=lambda g: (-len(g), g[0]))
    centres = _disc_centres(graph, groups)
    positions: dict[str, tuple[float, float]] = {}
    for group, (cx, cy) in zip(groups, centres, strict=True):
        radius = math.sqrt(len(group))
        local = force_layout(len(group), _edges_within(graph, group), seed=SEED)
        for actor_id, (x, y) in zip(group, local * radius, strict=True):
            positions[actor_id] = (round(float(cx + x) * PIXELS_PER_UNIT, 1), round(float(cy + y) * PIXELS_PER_UNIT, 1))
    return positions


def _edges_within(graph: nx.Graph[str], group: list[str]) -> list[tuple[int, int, float]]:
    index = {actor_id: i for i, actor_id in enumerate(group)}
    return [(index[a], index[b], w) for a, b, w in graph.subgraph(group).edges(data="weight", default=1.0)]


def _disc_centres(graph: nx.Graph[str], groups: list[list[str]]) -> NDArray[np.float64]:
    """Centres of the communities' discs: laid out by force on the relations between them, then
    spread until no two discs (radius √members) come closer than :data:`DISC_GAP` allows."""
    which = {actor_id: i for i, group in enumerate(groups) for actor_id in group}
    between: defaultdict[tuple[int, int], float] = defaultdict(float)
    for a, b, w in graph.edges(data="weight", default=1.0):
        i, j = sorted((which[a], which[b]))
        if i != j:
            between[(i, j)] += w
    radii = np.sqrt([len(group) for group in groups])
    # the force layout's unit disc, grown to hold the discs' area; then overlaps pushed apart
    centres = force_layout(len(groups), [(i, j, w) for (i, j), w in between.items()], seed=SEED) * math.sqrt(
        float((radii**2).sum())
    )
    return _apart(centres, DISC_GAP * radii)


def _apart(centres: NDArray[np.float64], radii: NDArray[np.float64], rounds: int = 200) -> NDArray[np.float64]:
    """Centres moved as little as it takes for no two discs to overlap: each overlapping pair is
    pushed apart along the line between them, the smaller disc the more."""
    centres = centres.copy()
    if len(centres) < 2:
        return centres
    weight = radii**2
    for _ in range(rounds):
        delta = centres[:, None, :] - centres[None, :, :]
        distance = np.sqrt(np.einsum("ijk,ijk->ij", delta, delta))
        overlap = radii[:, None] + radii[None, :] - distance
        np.fill_diagonal(overlap, 0.0)
        if overlap.max() <= 1e-6:
            break
        push = np.where(overlap > 0, overlap, 0.0) / np.maximum(distance, 1e-6)
        share = weight[None, :] / (weight[:, None] + weight[None, :])  # the lighter disc moves more
        centres += 0.5 * np.einsum("ijk,ij->ik", delta, push * share)
    return centres


def force_layout(n: int, edges: Sequence[tuple[int, int, float]], seed: int = SEED, iterations: int = 50) -> NDArray[np.float64]:
    """Fruchterman–Reingold positions of ``n`` nodes within the unit disc (seeded: the same input
    gives the same positions); ``edges`` are (i, j, weight), weights pulling log-scaled.

    >>> force_layout(3, [(0, 1, 1.0), (1, 2, 1.0)]).shape
    (3, 2)
    """
    if n <= 1:
        return np.zeros((n, 2))
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, (n, 2)).astype(np.float32)
    k = np.float32(1.0 / math.sqrt(n))
    ends = np.array([(i, j) for i, j, _ in edges], dtype=np.int64).reshape(-1, 2)
    pull = (1.0 + np.log1p(np.array([w for _, _, w in edges], dtype=np.float32))) / k
    step = np.float32(0.1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        squared = np.maximum(np.einsum("ijk,ijk->ij", delta, delta), np.float32(1e-4))
        force = np.einsum("ijk,ij->ik", delta, k * k / squared)  # repulsion between every pair
        if len(ends):
            along = pos[ends[:, 0]] - pos[ends[:, 1]]
            spring = along * (np.sqrt(np.einsum("ij,ij->i", along, along)) * pull)[:, None]
            force += np.stack([_pulls(ends, spring[:, axis], n) for axis in (0, 1)], axis=1)
        force -= 0.05 * pos / k  # a little gravity keeps unconnected parts from drifting off
        size = np.maximum(np.sqrt(np.einsum("ij,ij->i", force, force)), 1e-9)
        pos = (pos + force * (np.minimum(size, step) / size)[:, None]).astype(np.float32)
        step *= np.float32(0.94)
    placed: NDArray[np.float64] = pos.astype(np.float64) - pos.mean(axis=0)
    return np.asarray(placed / max(float(np.sqrt((placed**2).sum(axis=1)).max()), 1e-9), dtype=np.float64)


def _pulls(ends: NDArray[np.int64], spring: NDArray[np.float32], n: int) -> NDArray[np.float64]:
    """Each node's share of the springs along one axis: pulled towards the other end of each edge."""
    pulled = np.bincount(ends[:, 1], weights=spring, minlength=n) - np.bincount(ends[:, 0], weights=spring, minlength=n)
    return np.asarray(pulled, dtype=np.float64)
