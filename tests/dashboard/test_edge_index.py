"""The in-memory relation index answers views exactly as the store's own queries do, on both engines."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest

from actorgraph.dashboard.edge_index import LiveIndex, RelationIndex
from actorgraph.dashboard.network import FilteredGraph
from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.state import ViewState
from actorgraph.graph import Actor, GraphFilter, GraphStore, Relation
from actorgraph.graph.records import EdgeRow, TimelineRow


def filters_of(store: GraphStore) -> list[GraphFilter]:
    """A filter on each field, and some combined, with values the store holds."""
    relations = store.relations(limit=None)
    types = sorted({r.type for r in relations})
    days = sorted({r.date for r in relations if r.date})
    middle = days[len(days) // 2]
    articles = sorted({r.article_id for r in relations if r.article_id})
    ends = sorted({r.source_id for r in relations})
    return [
        GraphFilter(),
        GraphFilter(relation_types=types[:2]),
        GraphFilter(relation_types=["NOSUCHTYPE"]),
        GraphFilter(kinds=["state"]),
        GraphFilter(kinds=["person", "org"]),
        GraphFilter(date_from=middle),
        GraphFilter(date_to=middle),
        GraphFilter(date_from=middle, date_to=middle),
        GraphFilter(modalities=["reported", "alleged", "conditional"]),
        GraphFilter(asserted_only=True),
        GraphFilter(asserted_only=True, modalities=["asserted", "reported"]),
        GraphFilter(min_confidence=0.75),
        GraphFilter(article_ids=articles[:2]),
        GraphFilter(reviewed_only=True),
        GraphFilter(actor_ids=ends[:2]),
        GraphFilter(extractors=sorted({r.extractor for r in relations if r.extractor})[:1]),
        GraphFilter(extractors=["nobody"]),
        GraphFilter(relation_types=types[:4], min_confidence=0.5, date_from=days[0], kinds=["state", "person"]),
    ]


def test_the_index_folds_every_filter_as_the_store_does(small_store: GraphStore) -> None:
    index = RelationIndex.of_store(small_store)
    assert len(index) == len(small_store.relations(limit=None))
    filters = filters_of(small_store)
    assert set(GraphFilter.model_fields) == {name for f in filters for name in f.model_fields_set}, "a field is not tried"
    for graph_filter in filters:
        folded = FilteredGraph(index.fold(graph_filter)).edges
        stored = [EdgeRow.of(e) for e in small_store.edge_summary(graph_filter)]
        assert _comparable(folded) == _comparable(stored), graph_filter


def test_the_index_counts_timelines_as_the_store_does(small_store: GraphStore) -> None:
    index = RelationIndex.of_store(small_store)
    for graph_filter in filters_of(small_store):
        for group_by in ("type", "quad_class"):
            stored = [TimelineRow.of(p) for p in small_store.timeline(graph_filter, group_by=group_by)]
            assert index.timeline(graph_filter, group_by) == stored, (graph_filter, group_by)


def test_a_path_over_the_view_is_the_stores_path(small_store: GraphStore) -> None:
    fg = FilteredGraph(RelationIndex.of_store(small_store).fold(GraphFilter()))
    actors = sorted(fg.nodes())
    for source in actors[:6]:
        for target in actors[-6:]:
            found = small_store.shortest_path(source, target)
            chain = fg.shortest_path(source, target, 6)
            assert chain == [a.id for a in found.actors], (source, target)
            assert fg.path_edges(chain) == {(r.source_id, r.target_id, r.type) for r in found.relations}


def test_views_read_from_the_index_match_views_read_from_the_store(small_store: GraphStore) -> None:
    indexed, direct = Dashboard(small_store), Dashboard(small_store, index=False)
    for graph_filter in filters_of(small_store)[:6]:
        state = ViewState(graph_filter=graph_filter, max_nodes=8)
        a, b = indexed.view(state), direct.view(state)
        assert [x.id for x in a.actors] == [x.id for x in b.actors]
        assert _comparable(EdgeRow.of(e) for e in a.edges) == _comparable(EdgeRow.of(e) for e in b.edges)
        assert indexed.timeline(state) == direct.timeline(state)


def test_the_index_is_read_again_when_the_store_changes_and_at_once_after_a_correction(small_store: GraphStore) -> None:
    now = [0.0]
    live = LiveIndex(small_store, max_age_s=600, check_every_s=5, clock=lambda: now[0])
    first = live.current()
    now[0] = 6.0
    assert live.current() is first  # checked in the background: nothing was written
    _wait_for(lambda: not live._checking)
    assert live.current() is first  # still the same index: an unchanged store is not read again
    small_store.upsert_actors([Actor(id="newcomer", name="Newcomer", kind="person")])
    target = sorted(first.position)[0]
    small_store.upsert_relations([Relation(id="fresh", type="WARNS", source_id="newcomer", target_id=target)])
    assert live.current() is first  # within the check interval: the same index
    now[0] = 12.0
    assert live.current() is first  # the check runs in the background, the old index answers meanwhile
    _wait_for(lambda: live.current() is not first)
    assert "newcomer" in live.current().position
    second = live.current()
    now[0] = 700.0  # past the age limit: read again even though the marker did not move
    live.current()
    _wait_for(lambda: live.current() is not second)
    live.invalidate()  # the app's own correction: read again at once
    assert live.current().version > first.version


def test_no_request_waits_while_the_index_is_read_again(small_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from actorgraph.dashboard import edge_index

    now = [0.0]
    live = LiveIndex(small_store, check_every_s=5, clock=lambda: now[0])
    first = live.current()
    reading, release = threading.Event(), threading.Event()
    read = edge_index.RelationIndex.of_store

    def slow_read(store: GraphStore) -> RelationIndex:
        reading.set()
        release.wait(30)
        return read(store)

    monkeypatch.setattr(edge_index.RelationIndex, "of_store", staticmethod(slow_read))
    small_store.upsert_actors([Actor(id="newcomer", name="Newcomer", kind="person")])
    now[0] = 6.0
    live.current()  # the store changed: read again in the background
    assert reading.wait(30)
    now[0] = 12.0  # the next check falls due while the read goes on
    answered = threading.Event()
    threading.Thread(target=lambda: (live.current(), answered.set()), daemon=True).start()
    try:
        assert answered.wait(5), "a request waited for the index's read"
        assert live.current() is first
    finally:
        release.set()
    _wait_for(lambda: live.current() is not first)


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def _comparable(rows: object) -> list[tuple[object, ...]]:
    """Rows with the mean Goldstein rounded (the engines and numpy sum in different orders)."""
    return sorted(
        (r.source_id, r.target_id, r.type, r.count, r.quad_class, None if r.goldstein is None else round(r.goldstein, 9),
         r.confidence, r.first_date, r.last_date, r.modalities)
        for r in rows  # type: ignore[attr-defined]
    )  # fmt: skip


@pytest.mark.parametrize("day", [dt.date(2024, 1, 1)])
def test_a_relation_without_a_date_is_never_kept_by_a_date_filter(empty_store: GraphStore, day: dt.date) -> None:
    empty_store.upsert_actors([Actor(id="a", name="A"), Actor(id="b", name="B")])
    empty_store.upsert_relations([Relation(id="r", type="WARNS", source_id="a", target_id="b")])
    index = RelationIndex.of_store(empty_store)
    for graph_filter in (GraphFilter(date_from=day), GraphFilter(date_to=day), GraphFilter(modalities=["asserted"])):
        assert len(index.fold(graph_filter)) == len(empty_store.edge_summary(graph_filter))


def test_the_same_view_gets_the_same_picture_and_actors_that_stay_keep_their_places(small_store: GraphStore) -> None:
    def places(dashboard: Dashboard, state: ViewState) -> dict[str, tuple[float, float]]:
        view = dashboard.view(state)
        assert view.layout == "preset" and view.positions is not None
        return view.positions

    whole = ViewState()
    first = places(Dashboard(small_store), whole)
    assert places(Dashboard(small_store), whole) == first  # another app, the same picture
    narrowed = whole.with_filter(relation_types=sorted(small_store.relation_types())[:3])
    fewer = places(Dashboard(small_store), narrowed)
    assert fewer and all(fewer[a] == first[a] for a in fewer)
    assert len(set(first.values())) == len(first)  # no two actors on one spot
    cose = places(Dashboard(small_store), whole.model_copy(update={"layout": "cose"}))
    assert cose == first  # CoSE is drawn from the map too, not piled up in the browser
    assert places(Dashboard(small_store, index=False), whole) == first  # read from the store: the same map
