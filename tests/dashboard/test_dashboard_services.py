"""What the dashboard asks of the store, on both engines, against the small fixture graph."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.state import ViewError, ViewState
from actorgraph.graph import GraphFilter, GraphStore, NotFound


def shown(dashboard: Dashboard, state: ViewState) -> list[str]:
    return sorted(a.id for a in dashboard.view(state).actors)


def drawn(dashboard: Dashboard, state: ViewState) -> set[tuple[str, str, str, int]]:
    return {(e.source_id, e.target_id, e.type, e.count) for e in dashboard.view(state).edges}


def test_default_view_draws_every_connected_actor_once(dashboard: Dashboard) -> None:
    view = dashboard.view(ViewState())
    assert sorted(a.id for a in view.actors) == [
        "EU",
        "ISR",
        "NATO",
        "PRK",
        "RUS",
        "UKR",
        "USA",
        "dmitry-peskov",
        "peskov-dup",
        "wagner",
    ]
    assert (view.total_actors, view.total_relations, view.shown_relations, view.truncated) == (10, 15, 15, False)
    assert ("RUS", "UKR", "ATTACKS", 2) in drawn(dashboard, ViewState())  # two relations, one edge
    assert view.layout == "preset" and view.positions is not None and set(view.positions) == {a.id for a in view.actors}


def test_filters_change_what_is_drawn(dashboard: Dashboard) -> None:
    aids = ViewState().with_filter(relation_types=["AIDS"])
    assert drawn(dashboard, aids) == {("PRK", "RUS", "AIDS", 1), ("USA", "UKR", "AIDS", 1)}
    states_only = ViewState().with_filter(kinds=["state"], min_confidence=0.9)
    assert shown(dashboard, states_only) == ["ISR", "RUS", "UKR", "USA"]
    summer = ViewState().with_filter(date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 8, 31), reviewed_only=True)
    assert drawn(dashboard, summer) == {("RUS", "UKR", "ATTACKS", 1), ("USA", "UKR", "AIDS", 1), ("UKR", "NATO", "APPEALS", 1)}


def test_cap_keeps_the_heaviest_actors_and_says_so(dashboard: Dashboard) -> None:
    view = dashboard.view(ViewState(max_nodes=3))
    assert [a.id for a in view.actors] == ["RUS", "UKR", "USA"]
    assert view.truncated and view.notices[0].startswith("Showing 3 of 10 actors (the top by degree)")
    assert all({e.source_id, e.target_id} <= {"RUS", "UKR", "USA"} for e in view.edges)


def test_focus_hidden_pinned_and_expanded(dashboard: Dashboard) -> None:
    assert shown(dashboard, ViewState(focus="PRK")) == ["PRK", "RUS", "USA"]
    assert shown(dashboard, ViewState(focus="PRK", hops=2)) == ["EU", "ISR", "NATO", "PRK", "RUS", "UKR", "USA", "dmitry-peskov"]
    assert "RUS" not in shown(dashboard, ViewState(hidden=("RUS",)))
    capped = ViewState(max_nodes=2, pinned=("ISR",))
    assert "ISR" in shown(dashboard, capped)
    expanded = shown(dashboard, ViewState(focus="PRK", expanded=("USA",)))
    assert {"dmitry-peskov", "ISR", "UKR"} <= set(expanded)


def test_actor_alone_under_the_filter_gets_a_notice(dashboard: Dashboard) -> None:
    view = dashboard.view(ViewState(focus="ISR").with_filter(relation_types=["ATTACKS"]))
    assert [a.id for a in view.actors] == ["ISR"]
    assert view.notices == ["Israel has no relations under the current filters."]


def test_shortest_path_is_drawn_in_and_marked(dashboard: Dashboard) -> None:
    view = dashboard.view(ViewState(path=("PRK", "UKR"), max_nodes=1))
    assert view.path_actors == ["PRK", "RUS", "UKR"]
    assert {("PRK", "RUS", "AIDS"), ("RUS", "UKR", "ATTACKS")} <= view.path_edges
    assert {"PRK", "RUS", "UKR"} <= {a.id for a in view.actors}
    none = dashboard.view(ViewState(path=("ISR", "PRK")).with_filter(relation_types=["AIDS"]))
    assert none.notices == ["No path between Israel and North Korea under the current filters."]


def test_preset_layout_is_computed_once_per_view(dashboard: Dashboard) -> None:
    state = ViewState(layout="preset")
    first = dashboard.view(state).positions
    assert first is not None and len(first) == 10
    assert dashboard.view(state).positions is first


def test_filtered_graph_is_cached_per_filter(dashboard: Dashboard) -> None:
    f = GraphFilter(relation_types=["WARNS"])
    assert dashboard.filtered(f) is dashboard.filtered(GraphFilter(relation_types=["WARNS"]))
    assert dashboard.filtered(f) is not dashboard.filtered(GraphFilter())


def test_actor_details_count_both_ways_with_evidence(dashboard: Dashboard) -> None:
    details = dashboard.actor_details("RUS", ViewState())
    assert details.actor.aliases == ["Kremlin", "Moscow"]
    assert details.counts_out == {"ATTACKS": 2, "WARNS": 2, "ACCUSES": 1}
    assert details.counts_in == {"AIDS": 1, "SANCTIONS": 1}
    assert [(a.actor_id, name, org) for a, name, org in details.affiliations] == [("dmitry-peskov", "Dmitry Peskov", "Russia")]
    first = details.relations[0]
    assert first.relation.date == dt.date(2024, 11, 18)  # newest first
    assert first.article is not None and first.article.url == "https://example.org/a1"
    assert {r.relation.id for r in details.relations} == {"s1", "s3", "s4", "s5", "s7", "s9", "s10"}


def test_a_node_click_counts_without_reading_the_whole_view(dashboard: Dashboard) -> None:
    for state in (
        ViewState(),
        ViewState().with_filter(relation_types=["ATTACKS", "WARNS"], min_confidence=0.6),
        ViewState().with_filter(actor_ids=["UKR"]),
    ):
        dashboard.invalidate()
        cold = dashboard.actor_details("RUS", state)
        assert len(dashboard._graphs) == 0  # the store counted: no filtered graph was built for one click
        dashboard.view(state)
        warm = dashboard.actor_details("RUS", state)  # the view's graph is cached now: counted from it
        assert list(cold.counts_out.items()) == list(warm.counts_out.items())  # same counts, same order
        assert list(cold.counts_in.items()) == list(warm.counts_in.items())
        assert cold.total_relations == warm.total_relations


def test_the_graph_cache_is_bounded_by_count_and_size(small_store: GraphStore) -> None:
    views = [ViewState().with_filter(relation_types=[t]) for t in ("WARNS", "AIDS", "ATTACKS", "ACCUSES")]
    by_count = Dashboard(small_store, graph_cache_entries=2)
    for state in views:
        by_count.view(state)
    assert len(by_count._graphs) == 2
    by_size = Dashboard(small_store, graph_cache_bytes=1)
    for state in views:
        by_size.view(state)
    assert by_size._graphs.keys() == [by_size._graph_key(views[-1].graph_filter)]  # the newest stays, alone


def test_a_timeline_by_type_is_read_once_for_any_ticked_types(dashboard: Dashboard) -> None:
    for types in (["WARNS"], ["WARNS", "ATTACKS"], ["AIDS", "SANCTIONS", "WARNS"]):
        state = ViewState(timeline_by="type").with_filter(relation_types=types, min_confidence=0.5)
        direct = dashboard.store.timeline(state.graph_filter, group_by="type")
        assert [(p.period, p.group, p.count) for p in dashboard.timeline(state)] == [(p.period, p.group, p.count) for p in direct]
    assert len(dashboard._small) == 1  # every type under the other filters, once
    by_quad = ViewState(timeline_by="quad_class").with_filter(relation_types=["WARNS"])
    assert [tuple(p) for p in dashboard.timeline(by_quad)] == [
        (p.period, p.group, p.count) for p in dashboard.store.timeline(by_quad.graph_filter, group_by="quad_class")
    ]


def test_serving_tunes_the_garbage_collector_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from actorgraph.dashboard.app import SERVING_GC_THRESHOLDS, serving_gc

    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))
    chosen: list[tuple[int, ...]] = []
    monkeypatch.setattr(gc, "set_threshold", lambda *t: chosen.append(t))
    assert serving_gc() and chosen == [SERVING_GC_THRESHOLDS]
    monkeypatch.setattr(gc, "get_threshold", lambda: (1000, 10, 10))  # someone chose already: left alone
    assert not serving_gc() and len(chosen) == 1


def test_serving_tunes_malloc_unless_the_user_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    from actorgraph.dashboard.app import serving_malloc

    for variable in ("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES"):
        monkeypatch.delenv(variable, raising=False)
    linux = sys.platform.startswith("linux")  # this project's machines run glibc
    assert serving_malloc() == (["arena_max", "mmap_threshold"] if linux else [])
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")
    assert serving_malloc() == []


def test_actor_details_follow_the_filter(dashboard: Dashboard) -> None:
    details = dashboard.actor_details("RUS", ViewState().with_filter(relation_types=["ATTACKS"]))
    assert details.counts_out == {"ATTACKS": 2} and details.counts_in == {}
    assert [r.relation.id for r in details.relations] == ["s9", "s10"]


def test_edge_mentions_are_every_relation_behind_an_edge(dashboard: Dashboard) -> None:
    mentions = dashboard.edge_mentions("RUS", "UKR", "ATTACKS", ViewState())
    assert (mentions.source.name, mentions.target.name, mentions.total) == ("Russia", "Ukraine", 2)
    assert [m.relation.sentence for m in mentions.mentions] == [
        "Russia launched missiles at Ukrainian power plants.",
        "Russian forces shelled Ukrainian positions near Avdiivka.",
    ]
    assert [m.article.title for m in mentions.mentions if m.article] == [
        "Strikes hit Ukrainian energy grid",
        "Pyongyang sends shells to Moscow, officials say",
    ]


def test_dyad_counts_each_direction(dashboard: Dashboard) -> None:
    dyad = dashboard.dyad("USA", "RUS", ViewState())
    assert dyad.counts == {"WARNS": (0, 1), "ACCUSES": (0, 1)}
    with pytest.raises(ViewError):
        dashboard.dyad("RUS", "RUS", ViewState())
    with pytest.raises(NotFound):
        dashboard.dyad("RUS", "nobody", ViewState())


def test_timeline_ignores_the_date_range_so_a_span_can_be_repicked(dashboard: Dashboard) -> None:
    state = ViewState().with_filter(date_from=dt.date(2024, 11, 1), relation_types=["WARNS"])
    points = dashboard.timeline(state)
    assert {(p.period, p.group, p.count) for p in points} == {(dt.date(2024, 11, 18), "WARNS", 3)}


def test_check_refuses_unknown_names(dashboard: Dashboard) -> None:
    dashboard.check(ViewState(focus="RUS").with_filter(relation_types=["AIDS"], article_ids=["a1"]))
    with pytest.raises(ViewError, match="unknown relation type: DANCES"):
        dashboard.check(ViewState().with_filter(relation_types=["DANCES"]))
    with pytest.raises(ViewError, match="no actor with id: ghost"):
        dashboard.check(ViewState(path=("RUS", "ghost")))
    with pytest.raises(ViewError, match="no article with id: a9"):
        dashboard.check(ViewState().with_filter(article_ids=["a9"]))


def test_merge_moves_relations_and_refreshes_the_cache(dashboard: Dashboard) -> None:
    before = dashboard.view(ViewState())
    merged = dashboard.merge_actors("dmitry-peskov", "peskov-dup")
    assert "Mr. Peskov" in merged.aliases
    after = dashboard.view(ViewState())
    assert "peskov-dup" not in {a.id for a in after.actors}
    assert len(after.actors) == len(before.actors) - 1
    assert dashboard.actor_details("dmitry-peskov", ViewState()).counts_out == {"WARNS": 1, "CRITICIZES": 1}


def test_review_is_refused_in_read_only_mode(dashboard: Dashboard) -> None:
    assert dashboard.set_reviewed("PRK").reviewed is True
    assert "PRK" in {a.id for a in dashboard.view(ViewState().with_filter(reviewed_only=True)).actors}
    read_only = Dashboard(dashboard.store, read_only=True)
    with pytest.raises(ViewError, match="read-only"):
        read_only.set_reviewed("PRK", False)
    with pytest.raises(ViewError, match="read-only"):
        read_only.merge_actors("RUS", "wagner")
    for correct in (lambda: read_only.rename_actor("RUS", "Rus"), read_only.undo_last_correction):
        with pytest.raises(ViewError, match="read-only"):
            correct()
    assert [c.summary() for c in dashboard.store.corrections()] == ["mark PRK reviewed"]


def test_edges_are_capped_to_the_strongest_but_keep_the_path(dashboard: Dashboard) -> None:
    view = dashboard.view(ViewState(), max_edges=3)
    assert len(view.edges) == 3 and ("RUS", "UKR", "ATTACKS") in {(e.source_id, e.target_id, e.type) for e in view.edges}
    assert view.notices == ["Drawing the 3 strongest of the 14 edges between them."]
    with_path = dashboard.view(ViewState(path=("PRK", "UKR")), max_edges=2)
    assert {(e.source_id, e.target_id, e.type) for e in with_path.edges} == {("PRK", "RUS", "AIDS"), ("RUS", "UKR", "ATTACKS")}
    assert len(dashboard.view(ViewState(), max_edges=None).edges) == 14


def test_an_empty_store_says_so(empty_store: GraphStore) -> None:
    dashboard = Dashboard(empty_store)
    assert dashboard.view(ViewState()).notices == ["The store holds no relations yet: load articles with `actorgraph ingest`."]
    assert dashboard.view(ViewState().with_filter(kinds=["state"])).notices == ["No relations match these filters."]
    assert dashboard.timeline(ViewState()) == []


# -- the store's health, for the banner and for failing fast --------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def settle(health: object) -> None:
    """Wait for the probe thread :meth:`StoreHealth.check` may have started."""
    import threading
    import time

    deadline = time.monotonic() + 5
    while any(t.name == "actorgraph-store-probe" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_store_health_backs_off_while_down_and_recovers() -> None:
    from actorgraph.dashboard.services import StoreHealth
    from actorgraph.graph import StoreUnavailable

    clock, failures = FakeClock(), [StoreUnavailable("refused")] * 5
    pings: list[float] = []

    def ping() -> None:
        pings.append(clock.now)
        if failures:
            raise failures.pop()

    health = StoreHealth(ping, interval_s=2, timeout_s=2, max_backoff_s=4, clock=clock)
    for _ in range(40):  # one tick every half second for 20 s
        health.check()
        settle(health)
        clock.now += 0.5
    assert [p - 100 for p in pings] == [
        0.0,
        1.0,
        3.0,
        7.0,
        11.0,
        15.0,
        17.0,
        19.0,
    ]  # back-off 1, 2, 4, 4, 4; then healthy every 2 s
    assert health.available and health.message == ""


def test_a_slow_probe_counts_as_down_and_calls_fail_fast(small_store: GraphStore) -> None:
    import threading

    from actorgraph.dashboard.services import StoreHealth, WatchedStore
    from actorgraph.graph import StoreUnavailable

    release = threading.Event()
    clock = FakeClock()
    health = StoreHealth(lambda: release.wait(5), timeout_s=2, clock=clock)
    watched = WatchedStore(small_store, health)
    assert [a.id for a in watched.get_actors(["RUS"])] == ["RUS"]  # starts the (hanging) probe
    clock.now += 2.5
    assert not health.available and "no answer within 2 s" in health.message
    with pytest.raises(StoreUnavailable, match="no answer within 2 s"):
        watched.get_actors(["RUS"])
    assert watched.relation_types() == small_store.relation_types()  # no database needed
    assert watched.engine == small_store.engine
    release.set()
    settle(health)
    assert health.available and [a.id for a in watched.get_actors(["RUS"])] == ["RUS"]


def test_a_call_that_finds_the_store_down_reports_it(small_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from actorgraph.dashboard.services import StoreHealth, WatchedStore
    from actorgraph.graph import StoreUnavailable

    health = StoreHealth(lambda: None)
    watched = WatchedStore(small_store, health)

    def lost(*_args: object) -> None:
        raise StoreUnavailable("lost the connection to Neo4j")

    monkeypatch.setattr(small_store, "search_actors", lost)
    with pytest.raises(StoreUnavailable):
        watched.search_actors("rus")
    assert not health.available and health.message.startswith("lost the connection to Neo4j — retrying in 1 s")


def test_warming_up_draws_the_map_so_the_first_view_does_not(small_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from actorgraph.dashboard import view_model

    maps_drawn = []
    draw = view_model.StoreMap.of
    monkeypatch.setattr(view_model.StoreMap, "of", staticmethod(lambda graph: maps_drawn.append(graph) or draw(graph)))
    dashboard = Dashboard(small_store)
    dashboard.warm_up().join(timeout=60)
    assert len(maps_drawn) == 1
    assert dashboard.view(ViewState()).actors  # the first view: placed by the map already drawn
    assert len(maps_drawn) == 1
