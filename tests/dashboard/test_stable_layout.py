"""The map of the store: every actor placed, the same place whatever the view, communities apart."""

from __future__ import annotations

import math

import networkx as nx

from actorgraph.dashboard.network import FilteredGraph
from actorgraph.dashboard.stable_layout import ANCHOR_NODES, StoreMap, force_layout
from actorgraph.graph import EdgeSummary


def hub_graph(n: int, seed: int = 1) -> FilteredGraph:
    """A preferential-attachment graph of ``n`` actors (a few hubs, as news coverage has)."""
    g = nx.barabasi_albert_graph(n, 2, seed=seed)
    return FilteredGraph([EdgeSummary(source_id=f"a{u}", target_id=f"a{v}", type="WARNS", count=1) for u, v in g.edges])


def test_a_big_map_places_every_actor_apart_and_near_its_neighbours() -> None:
    g = hub_graph(ANCHOR_NODES + 300)  # some beyond the anchored ones: placed beside a neighbour
    ranked = g.top_nodes(g.nodes(), "degree", None)
    store_map = StoreMap.of(g)
    placed = store_map.place(g, ranked)
    assert set(placed) == g.nodes() and len(set(placed.values())) == len(placed)
    spread = max(math.hypot(x, y) for x, y in placed.values())
    for leaf in ranked[-20:]:  # beyond the anchors: next to a neighbour, not anywhere on the map
        nearest = min(math.dist(placed[leaf], placed[n]) for n in g.neighbours(leaf))
        assert nearest < spread / 10
    assert store_map.place(g, list(reversed(ranked))) is placed  # the same set again: looked up


def test_communities_are_drawn_apart() -> None:
    # two dense groups joined by one edge: their actors' centres lie far apart, each group tight
    groups = [[f"{side}{i}" for i in range(12)] for side in "lr"]
    edges = [(a, b) for group in groups for i, a in enumerate(group) for b in group[i + 1 :]] + [("l0", "r0")]
    g = FilteredGraph([EdgeSummary(source_id=a, target_id=b, type="MEETS", count=1) for a, b in edges])
    placed = StoreMap.of(g).place(g, sorted(g.nodes()))
    centres = [tuple(sum(placed[a][k] for a in group) / len(group) for k in (0, 1)) for group in groups]
    widths = [max(math.dist(placed[a], centre) for a in group) for group, centre in zip(groups, centres, strict=True)]
    assert math.dist(*centres) > max(widths)


def test_the_map_is_the_same_whatever_the_order_or_the_run() -> None:
    g = hub_graph(300)
    assert StoreMap.of(g).anchors == StoreMap.of(hub_graph(300)).anchors
    assert force_layout(5, [(0, 1, 1.0), (3, 4, 2.0)]).tolist() == force_layout(5, [(0, 1, 1.0), (3, 4, 2.0)]).tolist()
