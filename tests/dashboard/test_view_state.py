"""The URL is the view: every view survives a round trip, and bad links say what is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actorgraph.dashboard.state import (
    ViewError,
    ViewState,
    describe_filter,
    state_from_params,
    state_from_search,
    state_to_search,
)
from actorgraph.graph import GraphFilter
from actorgraph.graph.records import ACTOR_KINDS, MODALITIES

ids = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).map(str.strip).filter(bool)
types = st.sampled_from(["WARNS", "ATTACKS", "AIDS", "MEETS", "NEW_TYPE_2"])
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def views(draw: st.DrawFn) -> ViewState:
    start = draw(st.none() | dates)
    end = draw(st.none() | dates)
    if start and end and end < start:
        start, end = end, start
    graph_filter = GraphFilter(
        relation_types=draw(st.none() | st.lists(types, min_size=1, max_size=3, unique=True)),
        kinds=draw(st.none() | st.lists(st.sampled_from(ACTOR_KINDS), min_size=1, max_size=3, unique=True)),
        date_from=start,
        date_to=end,
        modalities=draw(st.none() | st.lists(st.sampled_from(MODALITIES), min_size=1, max_size=2, unique=True)),
        min_confidence=draw(st.none() | st.floats(min_value=0.01, max_value=1.0).map(lambda x: round(x, 3))),
        article_ids=draw(st.none() | st.lists(ids, min_size=1, max_size=2, unique=True)),
        reviewed_only=draw(st.booleans()),
        actor_ids=draw(st.none() | st.lists(ids, min_size=1, max_size=2, unique=True)),
    )
    path = draw(st.none() | st.lists(ids, min_size=2, max_size=2, unique=True).map(tuple))
    return ViewState(
        graph_filter=graph_filter,
        layout=draw(st.sampled_from(["auto", "fcose", "preset", "circle"])),
        colour_by=draw(st.sampled_from(["kind", "community"])),
        size_by=draw(st.sampled_from(["degree", "pagerank", "betweenness"])),
        max_nodes=draw(st.none() | st.integers(min_value=1, max_value=5000)),
        focus=draw(st.none() | ids),
        hops=draw(st.integers(min_value=1, max_value=3)),
        path=path,
        hidden=tuple(draw(st.lists(ids, max_size=3, unique=True))),
        pinned=tuple(draw(st.lists(ids, max_size=3, unique=True))),
        expanded=tuple(draw(st.lists(ids, max_size=3, unique=True))),
        timeline_by=draw(st.sampled_from(["type", "quad_class"])),
        edge_labels=draw(st.booleans()),
    )


@given(views())
def test_every_view_round_trips_through_the_url(state: ViewState) -> None:
    assert state_from_search(state_to_search(state)) == state


def test_default_view_has_an_empty_query_string() -> None:
    assert state_to_search(ViewState()) == ""
    assert state_from_search("") == ViewState() == state_from_search(None)


def test_a_whole_url_can_be_given() -> None:
    state = state_from_search("http://127.0.0.1:8050/?type=AIDS&focus=RUS&hops=2")
    assert (state.graph_filter.relation_types, state.focus, state.hops) == (["AIDS"], "RUS", 2)


def test_ids_with_separators_survive() -> None:
    odd = 'O\'Brien & "Co", a=b?c#d'
    state = ViewState(focus=odd, pinned=(odd, "x,y"))
    assert state_from_search(state_to_search(state)) == state


@pytest.mark.parametrize(
    ("search", "message"),
    [
        ("?kind=planet", "kind: 'planet' is not one of state"),
        ("?from=2024-02-30", "from: '2024-02-30' is not a date (YYYY-MM-DD)"),
        ("?type=warns", "type: not relation types: warns"),
        ("?from=2024-05-01&to=2024-01-01", "to is before from"),
        ("?minconf=high", "minconf: 'high' is not a number"),
        ("?minconf=2", "minconf: 2.0 should be less than or equal to 1"),
        ("?hops=9", "hops: 9 should be less than or equal to 3"),
        ("?layout=spiral", "layout: 'spiral' is not one of auto"),
        ("?path=RUS", "path: give two actors"),
        ("?path=RUS&path=RUS", "a path needs two different actors"),
        ("?reviewed=maybe", "reviewed: 'maybe' is not 1 or 0"),
        ("?focus=a&focus=b", "focus: give one value, not 2"),
        ("?colour=blue", "colour: 'blue' is not one of kind or community"),
        ("?nonsense=1", "unknown view parameter: nonsense"),
    ],
)
def test_bad_parameters_are_named_in_one_line(search: str, message: str) -> None:
    with pytest.raises(ViewError) as info:
        state_from_search(search)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


def test_max_all_means_no_cap() -> None:
    assert state_from_params({"max": ["all"]}).max_nodes is None
    assert state_to_search(ViewState(max_nodes=None)) == "?max=all"


def test_describe_filter_names_every_constraint() -> None:
    text = describe_filter(
        GraphFilter(
            relation_types=["AIDS"], kinds=["state"], date_from=dt.date(2024, 1, 1), reviewed_only=True, article_ids=["a1", "a2"]
        )
    )
    assert text == "types AIDS · kinds state · 2024-01-01 – … · 2 articles · reviewed actors only"


def test_toggling_twice_restores_the_view() -> None:
    state = ViewState(pinned=("a",))
    assert state.toggled("pinned", "b").toggled("pinned", "b") == state


def test_the_cap_box_says_all_for_no_cap() -> None:
    """?max=all shows "all" in the box (it showed 0), and what is typed there reads back."""
    from actorgraph.dashboard.fields import field

    cap = field("max_nodes").kind
    assert cap.to_control(None) == ("all",)
    assert cap.from_control(["all"], 150) is None and cap.from_control(["ALL "], 150) is None
    assert cap.from_control(["40"], 150) == 40 and cap.from_control([""], 150) == 150
    with pytest.raises(ViewError, match="'lots' is not a whole number"):
        cap.from_control(["lots"], 150)
