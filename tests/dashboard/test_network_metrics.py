"""networkx over the filtered graph: metrics, communities, neighbourhoods, layouts and caches."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from actorgraph.dashboard.network import EXACT_BETWEENNESS_LIMIT, FilteredGraph, TimedCache
from actorgraph.graph import EdgeSummary
from actorgraph.graph.records import EdgeColumns, EdgeRow


def edge(s: str, t: str, rtype: str = "WARNS", count: int = 1) -> EdgeSummary:
    return EdgeSummary(source_id=s, target_id=t, type=rtype, count=count, quad_class=3)


# two triangles joined by one bridge c-d
TWO_CLUSTERS = [edge("a", "b", count=3), edge("b", "c"), edge("a", "c"), edge("c", "d", "AIDS"),
                edge("d", "e", count=2), edge("e", "f"), edge("d", "f"), edge("b", "a", "ACCUSES", 2)]  # fmt: skip


def test_degree_counts_relations_both_ways() -> None:
    g = FilteredGraph(TWO_CLUSTERS)
    assert g.metric("degree")["a"] == 3 + 1 + 2
    assert g.relation_count == 12


def test_betweenness_peaks_on_the_bridge() -> None:
    g = FilteredGraph(TWO_CLUSTERS)
    between = g.metric("betweenness")
    assert max(between, key=between.get) in {"c", "d"}
    assert not g.is_estimate("betweenness")


def test_pagerank_follows_direction() -> None:
    g = FilteredGraph([edge("a", "hub"), edge("b", "hub"), edge("c", "hub"), edge("hub", "d")])
    rank = g.metric("pagerank")
    assert rank["hub"] > rank["a"] and abs(sum(rank.values()) - 1) < 1e-6


def test_big_graphs_estimate_betweenness() -> None:
    star = [edge("centre", f"n{i}") for i in range(EXACT_BETWEENNESS_LIMIT + 5)]
    g = FilteredGraph(star)
    assert g.is_estimate("betweenness")
    between = g.metric("betweenness")
    assert max(between, key=between.get) == "centre"


def test_communities_split_the_two_clusters() -> None:
    communities = FilteredGraph(TWO_CLUSTERS).communities()
    assert communities["a"] == communities["b"] == communities["c"]
    assert communities["d"] == communities["e"] == communities["f"] != communities["a"]


def test_top_nodes_break_ties_by_id() -> None:
    g = FilteredGraph([edge("z", "y"), edge("x", "w")])
    assert g.top_nodes(g.nodes(), "degree", 3) == ["w", "x", "y"]
    assert g.top_nodes(g.nodes(), "degree", None) == ["w", "x", "y", "z"]


def test_neighbourhood_and_edges_among() -> None:
    g = FilteredGraph(TWO_CLUSTERS)
    assert g.within_hops("a", 1) == {"a", "b", "c"}
    assert g.within_hops("a", 2) == {"a", "b", "c", "d"}
    assert g.within_hops("stranger", 2) == {"stranger"}
    assert [(e.source_id, e.target_id, e.type) for e in g.edges_among({"a", "b"})] == [("a", "b", "WARNS"), ("b", "a", "ACCUSES")]
    assert g.neighbours("d") == {"c", "e", "f"}


def test_metrics_are_computed_once() -> None:
    g = FilteredGraph(TWO_CLUSTERS)
    assert g.metric("pagerank") is g.metric("pagerank")
    with pytest.raises(ValueError):
        g.metric("charisma")


def test_empty_graph_has_no_metrics() -> None:
    g = FilteredGraph([])
    assert g.metric("pagerank") == {} and g.communities() == {}


def test_timed_cache_expires_and_evicts() -> None:
    now = [0.0]
    cache: TimedCache[int] = TimedCache(max_entries=2, ttl_s=10, clock=lambda: now[0])
    calls = []

    def compute(value: int):
        return lambda: calls.append(value) or value

    assert cache.get_or_compute("a", compute(1)) == 1
    assert cache.get_or_compute("a", compute(2)) == 1
    now[0] = 11.0
    assert cache.get_or_compute("a", compute(3)) == 3  # expired
    cache.get_or_compute("b", compute(4))
    cache.get_or_compute("c", compute(5))  # evicts "a", the least recently used
    assert cache.get_or_compute("a", compute(6)) == 6
    assert calls == [1, 3, 4, 5, 6]


def test_columns_and_records_make_the_same_graph() -> None:
    rows = [EdgeRow.of(e) for e in TWO_CLUSTERS]
    from_columns, from_records = FilteredGraph(EdgeColumns.from_rows(rows)), FilteredGraph(TWO_CLUSTERS)
    assert from_columns.edges == from_records.edges == rows
    assert from_columns.metric("degree") == from_records.metric("degree")
    assert from_columns.communities() == from_records.communities()
    edge = from_columns.edges_among({"a", "b"})[0]
    assert (edge.source_id, edge.type, edge.count, edge.quad_class, edge.summary()) == ("a", "WARNS", 3, 3, TWO_CLUSTERS[0])


def test_edges_and_counts_of_one_actor() -> None:
    g = FilteredGraph([*TWO_CLUSTERS, edge("a", "a", "AIDS")])  # a loop counts both ways
    assert sorted((e.source_id, e.target_id, e.type) for e in g.edges_of("a")) == [
        ("a", "a", "AIDS"),
        ("a", "b", "WARNS"),
        ("a", "c", "WARNS"),
        ("b", "a", "ACCUSES"),
    ]
    assert g.type_counts("a") == (Counter({"WARNS": 4, "AIDS": 1}), Counter({"ACCUSES": 2, "AIDS": 1}))
    assert g.type_counts("stranger") == (Counter(), Counter()) and g.edges_of("stranger") == []
    assert g.neighbours("a") == {"b", "c"} and g.metric("degree")["a"] == 3 + 1 + 2 + 2


def test_top_nodes_are_the_same_walking_the_ranking_or_sorting() -> None:
    g = FilteredGraph([edge(f"n{i}", f"n{(i * 7) % 40}", count=1 + i % 5) for i in range(40)])
    everyone = g.nodes()
    sorted_by_hand = sorted(everyone, key=lambda n: (-g.metric("degree")[n], n))
    assert g.top_nodes(everyone, "degree", 10) == sorted_by_hand[:10]  # many candidates: the cached ranking
    some = set(sorted_by_hand[::9])
    assert g.top_nodes(some, "degree", None) == [n for n in sorted_by_hand if n in some]  # few: sorted
    assert g.top_nodes(everyone | {"outsider"}, "degree", None)[-1] == "outsider"  # no metric: last


def test_a_graph_reports_its_size_as_it_grows() -> None:
    g = FilteredGraph(TWO_CLUSTERS)
    plain = g.approx_bytes()
    g.communities()
    assert g.approx_bytes() > plain > 0
    many = FilteredGraph([edge(f"s{i}", f"t{i % 100}") for i in range(10_000)])
    assert 0.5e6 < many.approx_bytes() < 3e6  # about 80 bytes an edge, plus the actors


def test_sizing_a_graph_never_waits_for_its_computations() -> None:
    g = FilteredGraph(TWO_CLUSTERS)
    holding, release = threading.Event(), threading.Event()

    def compute_for_long() -> None:  # as a layout or betweenness holds the graph's lock
        with g._lock:
            holding.set()
            release.wait(10)

    worker = threading.Thread(target=compute_for_long)
    worker.start()
    try:
        assert holding.wait(5)
        sized: list[int] = []
        asker = threading.Thread(target=lambda: sized.append(g.approx_bytes()))
        asker.start()
        asker.join(2)
        assert sized and sized[0] > 0  # the cache, holding its own lock, is not held up
    finally:
        release.set()
        worker.join()


def test_timed_cache_bounds_bytes_and_peeks() -> None:
    now = [0.0]
    cache: TimedCache[str] = TimedCache(max_entries=10, ttl_s=10, clock=lambda: now[0], max_bytes=100, size_of=len)
    cache.get_or_compute("a", lambda: "x" * 60)
    cache.get_or_compute("b", lambda: "y" * 30)
    cache.get_or_compute("c", lambda: "z" * 30)  # 120 bytes: the least recently used goes
    assert cache.keys() == ["b", "c"] and cache.total_bytes() == 60
    assert cache.peek("b") == "y" * 30 and cache.peek("a") is None  # peek never computes
    assert cache.keys() == ["c", "b"]  # … but counts as a use
    cache.get_or_compute("d", lambda: "w" * 500)  # bigger than the bound: kept, alone
    assert cache.keys() == ["d"] and len(cache) == 1
    now[0] = 11.0
    assert cache.peek("d") is None  # expired


def test_timed_cache_counts_values_that_grew_after_they_were_cached() -> None:
    cache: TimedCache[list[int]] = TimedCache(max_entries=10, max_bytes=10, size_of=len)
    growing = cache.get_or_compute("a", lambda: [1])
    growing.extend(range(9))  # a graph computing its metrics
    cache.get_or_compute("b", lambda: [2, 2])
    assert cache.keys() == ["b"]
