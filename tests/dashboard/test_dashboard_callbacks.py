"""The callbacks as plain functions: what each returns for the page, without a browser."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import plotly.graph_objects as go
import pytest

from actorgraph.dashboard.app import create_app
from actorgraph.dashboard.callbacks import (
    actor_options,
    analyst,
    apply_action,
    article_options,
    controls_from_state,
    dyad_view,
    edge_click,
    error_message,
    expand_node,
    filter_change,
    image_request,
    link_notice,
    merge_prompt,
    node_click,
    review_prompt,
    run_console_query,
    shortest_path_view,
    state_from_controls,
    state_without_actor,
    undo_control,
    undo_prompt,
    view_from_link,
)
from actorgraph.dashboard.console import EXAMPLE_QUERIES
from actorgraph.dashboard.elements import edge_id
from actorgraph.dashboard.layout import Ids, build_layout, control_ids
from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.state import ViewError, ViewState
from actorgraph.graph import GraphStoreError
from actorgraph.graph.corrections import os_user


def text_of(component: Any) -> str:
    """All the text a Dash component tree shows."""
    return " ".join(_texts(component.to_plotly_json() if hasattr(component, "to_plotly_json") else component))


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if hasattr(value, "to_plotly_json"):
        return _texts(value.to_plotly_json())
    if isinstance(value, dict):
        props = value.get("props", {})
        return _texts(props.get("children")) if "props" in value else []
    return []


def node_ids(elements: list[dict[str, Any]]) -> set[str]:
    return {e["data"]["id"] for e in elements if "source" not in e["data"]}


def edges(elements: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(e["data"]["source"], e["data"]["target"], e["data"]["type"]): e for e in elements if "source" in e["data"]}


def test_filter_change_renders_network_legend_and_timeline(dashboard: Dashboard) -> None:
    r = filter_change(dashboard, ViewState())
    assert len(node_ids(r.elements)) == 10
    attacks = edges(r.elements)[("RUS", "UKR", "ATTACKS")]["data"]
    assert (attacks["count"], attacks["label"], attacks["colour"], attacks["quad_class"]) == (2, "ATTACKS ×2", "#c0392b", 4)
    assert edges(r.elements)[("EU", "UKR", "SUPPORTS")]["data"]["width"] < attacks["width"]
    assert r.layout["name"] == "preset"  # drawn where the map of the store puts each actor
    assert all("position" in e for e in r.elements if "source" not in e["data"])
    assert r.stats == "10 of 10 actors · 15 of 15 relations"
    assert "State" in text_of(r.legend) and "4 · material conflict" in text_of(r.legend)
    assert {trace["name"] for trace in r.timeline["data"]} >= {"ATTACKS", "WARNS", "AIDS"}
    assert go.Figure(r.timeline).data[0].type == "bar"  # a valid plotly figure
    assert json.dumps(r.timeline)  # serialisable for the page


def test_filter_change_follows_the_filter(dashboard: Dashboard) -> None:
    r = filter_change(dashboard, ViewState().with_filter(kinds=["state"], modalities=["asserted"]))
    assert node_ids(r.elements) == {"RUS", "UKR", "USA", "ISR", "PRK"}
    assert ("PRK", "RUS", "AIDS") not in edges(r.elements)  # alleged
    empty = filter_change(dashboard, ViewState().with_filter(relation_types=["DEMANDS"]))
    assert empty.elements == [] and "No relations match these filters." in text_of(empty.notice)


def test_capped_view_says_it_is_truncated(dashboard: Dashboard) -> None:
    r = filter_change(dashboard, ViewState(max_nodes=4, size_by="pagerank", colour_by="community", layout="preset"))
    assert len(node_ids(r.elements)) == 4
    assert "Showing 4 of 10 actors (the top by pagerank)" in text_of(r.notice)
    assert all("position" in e for e in r.elements if "source" not in e["data"])
    assert "Communities (Louvain)" in text_of(r.legend)
    assert r.layout["name"] == "preset"


def test_node_click_shows_the_actor_and_its_evidence(dashboard: Dashboard) -> None:
    text = text_of(node_click(dashboard, ViewState(), "dmitry-peskov"))
    assert "Dmitry Peskov" in text and "Kremlin spokesperson" in text and "spokesperson of Russia" in text
    assert "Peskov warned the United States against further escalation." in text
    assert "Kremlin warns Washington over long-range missiles" in text and "reported" in text


def test_node_click_on_a_missing_actor_raises_the_store_error(dashboard: Dashboard) -> None:
    with pytest.raises(GraphStoreError):
        node_click(dashboard, ViewState(), "nobody")


def test_edge_click_lists_every_mention(dashboard: Dashboard) -> None:
    text = text_of(edge_click(dashboard, ViewState(), {"id": edge_id("RUS", "USA", "WARNS")}))
    assert "1 mention" in text
    assert "The Kremlin warned Washington that the decision would escalate the war." in text
    text = text_of(edge_click(dashboard, ViewState(), {"id": edge_id("RUS", "UKR", "ATTACKS")}))
    assert "2 mentions" in text and "Avdiivka" in text


def test_expand_adds_neighbours_and_path_is_highlighted(dashboard: Dashboard) -> None:
    focused = ViewState(focus="PRK")
    assert "ISR" not in node_ids(filter_change(dashboard, focused).elements)
    assert "ISR" in node_ids(expand_node(dashboard, focused, "USA").elements)
    r = shortest_path_view(dashboard, ViewState(), "PRK", "UKR")
    path_nodes = {e["data"]["id"] for e in r.elements if "path" in e["classes"].split() and "source" not in e["data"]}
    path_edges = {k for k, e in edges(r.elements).items() if "path" in e["classes"].split()}
    assert path_nodes == {"PRK", "RUS", "UKR"}
    assert path_edges == {("PRK", "RUS", "AIDS"), ("RUS", "UKR", "ATTACKS")}


def test_dyad_view(dashboard: Dashboard) -> None:
    assert "Pick two actors" in text_of(dyad_view(dashboard, ViewState(), "RUS", None))
    text = text_of(dyad_view(dashboard, ViewState(), "EU", "RUS"))
    assert "European Union" in text and "SANCTIONS" in text and "1 relation under the current filters" in text


def test_console_query_shows_rows(dashboard: Dashboard) -> None:
    out = run_console_query(dashboard, "MATCH (a:Actor) WHERE a.kind = 'state' RETURN a.id AS id, a.name AS name ORDER BY id")
    assert not out.failed and out.message == "5 rows"
    assert [c["name"] for c in out.columns] == ["id", "name"]
    assert [r["c0"] for r in out.rows] == ["ISR", "PRK", "RUS", "UKR", "USA"]
    assert out.elements == []
    assert "North Korea" in text_of(out.table)


def test_console_query_draws_nodes_relationships_and_paths(dashboard: Dashboard) -> None:
    out = run_console_query(dashboard, "MATCH (a:Actor)-[e:ATTACKS]->(b:Actor) RETURN a, e, b")
    labels = sorted(e["data"]["label"] for e in out.elements)
    assert labels == ["ATTACKS", "ATTACKS ×2", "Russia", "Ukraine", "Wagner Group"]  # repeated relations folded
    out = run_console_query(dashboard, "MATCH p = (:Actor {id: 'PRK'})-[:AIDS]->(:Actor)-[:ATTACKS]->(:Actor) RETURN p")
    assert len(out.rows) == 2 and {e["data"]["label"] for e in out.elements} == {
        "North Korea",
        "Russia",
        "Ukraine",
        "AIDS",
        "ATTACKS ×2",
    }
    assert out.rows[0]["c0"] == "North Korea → Russia → Ukraine"


@pytest.mark.parametrize(
    ("cypher", "message"),
    [
        ("MATCH (a:Actor) DETACH DELETE a", ""),
        ("MATCH (a:Actor RETURN a", ""),
        ("   ", "Type a Cypher query, or pick an example."),
    ],
)
def test_console_refusals_and_errors_are_one_message(dashboard: Dashboard, cypher: str, message: str) -> None:
    out = run_console_query(dashboard, cypher)
    assert out.failed and out.rows == [] and out.message and "\n" not in out.message
    assert out.message.startswith(message)
    assert dashboard.store.stats().nodes["Actor"] == 10


def test_console_row_limit_is_reported(dashboard: Dashboard) -> None:
    limited = Dashboard(dashboard.store, query_row_limit=3)
    out = run_console_query(limited, "MATCH (a:Actor) RETURN a.id")
    assert len(out.rows) == 3 and out.message == "3 rows — only the first 3 are shown (row limit)"


@pytest.mark.parametrize("name", list(EXAMPLE_QUERIES))
def test_every_example_query_runs(dashboard: Dashboard, name: str) -> None:
    out = run_console_query(dashboard, EXAMPLE_QUERIES[name])
    assert not out.failed, out.message


def test_actions_change_the_view() -> None:
    state = ViewState()
    state = apply_action(state, "pin", "RUS")
    state = apply_action(state, "expand", "UKR")
    state = apply_action(state, "hide", "EU")
    assert (state.pinned, state.expanded, state.hidden) == (("RUS",), ("UKR",), ("EU",))
    assert apply_action(state, "unpin-all", None).pinned == ()
    assert apply_action(state, "collapse", None).expanded == ()
    assert apply_action(state, "reset", None) == ViewState()
    dated = state.with_filter(date_from=dt.date(2024, 1, 1))
    assert apply_action(dated, "clear-dates", None).graph_filter.date_from is None
    assert apply_action(state, "timeline", None, {"points": []}) == state
    with pytest.raises(ViewError, match="click an actor first"):
        apply_action(state, "focus", None)


def test_controls_round_trip_the_view() -> None:
    state = ViewState(
        layout="circle",
        colour_by="community",
        size_by="betweenness",
        max_nodes=40,
        focus="RUS",
        hops=2,
        path=("PRK", "UKR"),
        hidden=("EU",),
        edge_labels=False,
        timeline_by="quad_class",
    ).with_filter(
        relation_types=["AIDS"],
        kinds=["state"],
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 2, 1),
        modalities=["reported"],
        min_confidence=0.4,
        article_ids=["a1"],
        reviewed_only=True,
        actor_ids=["USA"],
    )
    values = controls_from_state(state)
    assert set(control_ids()) <= set(values)
    assert state_from_controls(values, ViewState(hidden=("EU",))) == state


def test_controls_with_bad_dates_raise_a_view_error() -> None:
    values = controls_from_state(ViewState())
    values.update(start="2024-05-01", end="2024-01-01")
    with pytest.raises(ViewError, match="the end date is before the start date"):
        state_from_controls(values, ViewState())


def test_cleared_controls_mean_no_constraint() -> None:
    values = controls_from_state(ViewState())
    values.update({Ids.TYPES: [], Ids.MAX_NODES: None, Ids.CONFIDENCE: 0, Ids.PATH_FROM: "RUS"})
    state = state_from_controls(values, ViewState())
    assert state == ViewState()


def test_autocomplete_keeps_chosen_actors_first(dashboard: Dashboard) -> None:
    options = actor_options(dashboard, "pes", ["RUS"])
    assert (options[0]["label"], options[0]["value"]) == ("Russia", "RUS")
    assert [o["value"] for o in options[1:]] == ["peskov-dup", "dmitry-peskov"]  # shorter names first
    assert options[2]["label"] == "Dmitry Peskov · person"
    assert actor_options(dashboard, "", None) == []
    assert [o["value"] for o in article_options(dashboard)] == ["a1", "a4", "a3", "a2"]


def test_autocomplete_options_are_found_by_their_aliases(dashboard: Dashboard) -> None:
    """The browser filters options on their search text: an alias typed must be in it."""
    for typed in ("Kremlin", "kreml", "Moscow"):
        options = actor_options(dashboard, typed, None)
        assert [o["value"] for o in options] == ["RUS"]
        assert typed.lower() in options[0]["search"].lower()


def test_corrections_ask_first(dashboard: Dashboard) -> None:
    assert review_prompt(dashboard, "PRK").startswith("Mark North Korea (PRK) as reviewed?")
    assert review_prompt(dashboard, "RUS").startswith("Mark Russia (RUS) as not reviewed?")
    prompt = merge_prompt(dashboard, "dmitry-peskov", "peskov-dup")
    assert (
        prompt.startswith("Merge Mr. Peskov (peskov-dup) into Dmitry Peskov (dmitry-peskov)?") and "Undo puts it back" in prompt
    )
    with pytest.raises(ViewError, match="choose the duplicate"):
        merge_prompt(dashboard, "RUS", None)
    with pytest.raises(ViewError, match="itself"):
        merge_prompt(dashboard, "RUS", "RUS")


def test_undo_says_what_it_undoes_and_the_log_says_who(dashboard: Dashboard) -> None:
    assert undo_control(dashboard) == (True, "No correction to undo")
    with pytest.raises(ViewError, match="no correction to undo"):
        undo_prompt(dashboard)
    app = create_app(dashboard, auth="ana:s3cret-pass")
    signed_in = {"Authorization": "Basic " + base64.b64encode(b"ana:s3cret-pass").decode()}
    with app.server.test_request_context(headers=signed_in):
        dashboard.merge_actors("dmitry-peskov", "peskov-dup", made_by=analyst())
    off, title = undo_control(dashboard)
    assert not off and title.startswith(
        "Undo the merge of Mr. Peskov (peskov-dup) into Dmitry Peskov (dmitry-peskov), made by ana on"
    )
    assert undo_prompt(dashboard).endswith("The merged actor comes back with its relations, mentions and affiliations.")
    generation = dashboard.generation
    with app.server.test_request_context():  # no auth: the store records the user running the app
        dashboard.undo_last_correction(made_by=analyst())
    assert dashboard.generation != generation  # cached views were dropped
    assert "peskov-dup" in {a.id for a in dashboard.view(ViewState()).actors}
    (merge,) = dashboard.store.corrections()
    assert (merge.made_by, merge.undone_by) == ("ana", os_user())
    assert undo_control(Dashboard(dashboard.store, read_only=True))[0] is True


def test_state_without_a_merged_actor() -> None:
    state = ViewState(focus="x", path=("x", "y"), hidden=("x",), expanded=("y",)).with_filter(actor_ids=["x"])
    cleaned = state_without_actor(state, "x")
    assert (cleaned.focus, cleaned.path, cleaned.hidden, cleaned.expanded) == (None, None, (), ("y",))
    assert cleaned.graph_filter.actor_ids is None


def test_image_requests_download_png_and_svg() -> None:
    assert image_request("png") == {
        "type": "png",
        "action": "download",
        "filename": "actorgraph-view",
        "options": {"full": True, "bg": "#ffffff", "scale": 2},
    }
    assert image_request("svg")["type"] == "svg"
    with pytest.raises(ValueError):
        image_request("gif")


def test_error_messages_never_carry_a_traceback() -> None:
    assert error_message(GraphStoreError("the store data/graph is locked\nby pid 3")) == "the store data/graph is locked"
    assert (
        error_message(RuntimeError("secret internals"))
        == "Something went wrong (RuntimeError); the details are in the server log."
    )


def test_layout_has_every_control_the_callbacks_use() -> None:
    page = build_layout("embedded · x", ["AIDS", "WARNS"], read_only=True)
    found: set[str] = set()

    def walk(node: Any) -> None:
        if hasattr(node, "id") and isinstance(getattr(node, "id", None), str):
            found.add(node.id)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            walk(child)

    walk(page)
    names = {v for k, v in vars(Ids).items() if not k.startswith("_") and isinstance(v, str)}
    assert names <= found, names - found


# -- issue 12: the defects ---------------------------------------------------------------------


def test_pinned_actors_outside_the_filter_count_among_the_actors(dashboard: Dashboard) -> None:
    """?type=ATTACKS&pin=ISR: Israel has no attack, yet is drawn; the count says so (not "4 of 3")."""
    rendered = filter_change(dashboard, ViewState(pinned=("ISR",)).with_filter(relation_types=["ATTACKS"]))
    assert node_ids(rendered.elements) == {"RUS", "UKR", "wagner", "ISR"}
    assert rendered.stats.startswith("4 of 4 actors")


def test_the_truncation_notice_is_two_lines(dashboard: Dashboard) -> None:
    rendered = filter_change(dashboard, ViewState(max_nodes=3))
    lines = [text_of(line) for line in rendered.notice]
    assert lines[:2] == [
        "Showing 3 of 10 actors (the top by degree).",
        "Narrow the filters, focus on an actor or raise the cap on actors shown to see more.",
    ]


@pytest.mark.parametrize(
    ("search", "kept", "left_out"),
    [
        ("?type=FOO&type=AIDS&kind=state", {"relation_types": ["AIDS"], "kinds": ["state"]}, "unknown relation type: FOO"),
        ("?actor=NOPE&kind=state", {"actor_ids": None, "kinds": ["state"]}, "no actor with id: NOPE"),
        ("?from=2024-13-01&kind=state", {"date_from": None, "kinds": ["state"]}, "from: '2024-13-01' is not a date"),
        ("?kind=state&pin=NOPE&focus=GHOST", {"kinds": ["state"]}, "no actor with id: GHOST, NOPE"),
    ],
)
def test_a_bad_link_keeps_the_rest_of_the_view_with_one_notice(
    dashboard: Dashboard, search: str, kept: dict[str, Any], left_out: str
) -> None:
    state, problems = view_from_link(dashboard, search)
    assert {name: getattr(state.graph_filter, name) for name in kept} == kept
    assert (state.focus, state.pinned) == (None, ())
    rendered = filter_change(dashboard, state, problems)
    first = text_of(rendered.notice[0])
    assert first.startswith("Left out of this link: ") and left_out in first
    assert sum("Left out" in text_of(n) for n in rendered.notice) == 1
    assert node_ids(rendered.elements)  # the rest of the view is drawn
    assert rendered.timeline["data"]  # and its timeline, with a working axis
    assert link_notice([]) is None


def test_quad_classes_are_listed_in_order_on_the_timeline(dashboard: Dashboard) -> None:
    figure = filter_change(dashboard, ViewState(timeline_by="quad_class")).timeline
    assert [trace["name"][0] for trace in figure["data"]] == ["1", "2", "3", "4"]
    assert figure["layout"]["legend"]["traceorder"] == "normal"  # not reversed, as plotly does a stack's


def test_accuses_and_warns_are_told_apart() -> None:
    """Their colours are far apart in CIELAB (they were two near-identical oranges, ΔE 11)."""
    from actorgraph.dashboard.style import type_colour

    def lab(colour: str) -> tuple[float, float, float]:
        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
        x, y, z = (
            (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
            0.2126 * r + 0.7152 * g + 0.0722 * b,
            (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
        )

        def f(t: float) -> float:
            return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

        return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))

    distance = sum((p - q) ** 2 for p, q in zip(lab(type_colour("ACCUSES")), lab(type_colour("WARNS")), strict=True)) ** 0.5
    assert distance > 40
