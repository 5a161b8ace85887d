"""The network as an analyst reads it, in Debian's Chromium: legible labels at the default fit,
the neighbour highlight, modality drawn as style, the state-level fold. One app for the module.

Each step leaves a screenshot in test-artifacts/<test name>/NN-step.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixture_graph import SMALL, write_graph

from actorgraph.graph import open_store

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

CY = "document.getElementById('network')._cyreg.cy"
CY_OR_NULL = "(document.getElementById('network') && document.getElementById('network')._cyreg || {}).cy"


def open_view(page: Any, url: str, nodes: int) -> None:
    page.goto(url)
    page.wait_for_function(f"() => {{ const cy = {CY_OR_NULL}; return cy && cy.nodes().length === {nodes} }}")
    page.wait_for_timeout(600)  # the layout settles and the labels are restyled


def on_screen(page: Any, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in the page's coordinates (for a real mouse)."""
    x, y = page.evaluate(
        f"""(id) => {{ const box = document.getElementById('network').getBoundingClientRect();
            const p = {CY}.$id(id).renderedPosition(); return [box.left + p.x, box.top + p.y] }}""",
        node_id,
    )
    return x, y


def rendered_label_px(page: Any, node_id: str) -> float:
    """The label's font size on screen: its size in graph units times the zoom, when drawn."""
    return page.evaluate(
        f"""(id) => {{ const n = {CY}.$id(id);
            return n.style('text-opacity') > 0 && n.style('label') ? n.numericStyle('font-size') * {CY}.zoom() : 0 }}""",
        node_id,
    )


def test_labels_are_readable_at_the_default_fit_and_after_zooming(page: Any, app_url: str, steps: Any) -> None:
    open_view(page, app_url, nodes=10)
    steps.shot("default-fit")
    top = page.evaluate(f"() => {CY}.nodes().sort((a, b) => a.data('rank') - b.data('rank')).map(n => n.id()).slice(0, 5)")
    assert all(rendered_label_px(page, actor) >= 10 for actor in top), [rendered_label_px(page, a) for a in top]
    assert page.evaluate(f"() => {CY}.zoom()") <= page.evaluate("() => window.actorgraphNetwork.FIT_MAX_ZOOM")
    # zooming out keeps the labels of the heaviest actors at the same size on screen
    page.evaluate(f"() => {CY}.zoom({{level: {CY}.zoom() / 3, renderedPosition: {{x: 300, y: 300}}}})")
    page.wait_for_timeout(300)
    steps.shot("zoomed-out")
    assert rendered_label_px(page, top[0]) >= 10
    page.click("#fit-view")
    page.wait_for_timeout(500)
    assert rendered_label_px(page, top[0]) >= 10


def test_a_small_view_is_not_blown_up(page: Any, app_url: str, steps: Any) -> None:
    open_view(page, app_url + "?type=MEETS", nodes=2)
    steps.shot("two-actors")
    sizes = page.evaluate(f"() => {CY}.nodes().map(n => n.renderedWidth())")
    assert max(sizes) <= 72 * 1.25 + 1


def test_hovering_an_actor_shows_its_full_name(page: Any, app_url: str, steps: Any) -> None:
    open_view(page, app_url, nodes=10)
    x, y = on_screen(page, "dmitry-peskov")
    page.mouse.move(x, y)
    page.wait_for_selector(".ag-tooltip:not([hidden])")
    steps.shot("hover")
    assert page.inner_text(".ag-tooltip").splitlines() == ["Dmitry Peskov", "Person · RUS"]


def test_clicking_an_actor_highlights_its_neighbours_and_dims_the_rest(page: Any, app_url: str, steps: Any) -> None:
    open_view(page, app_url, nodes=10)
    x, y = on_screen(page, "PRK")
    page.mouse.click(x, y)
    page.wait_for_function(f"() => {CY}.$id('PRK').hasClass('ag-lit')")
    page.wait_for_timeout(300)
    steps.shot("prk-highlighted")
    lit = set(page.evaluate(f"() => {CY}.nodes('.ag-lit').map(n => n.id())"))
    assert lit == {"PRK", "RUS", "USA"}
    dimmed = page.evaluate(f"() => {CY}.nodes('.ag-dim').map(n => n.numericStyle('opacity'))")
    assert len(dimmed) == 7 and max(dimmed) < 0.3
    assert page.evaluate(f"() => {CY}.edges('.ag-lit').length") == 2  # PRK's two relations
    assert "North Korea" in page.inner_text("#details")  # the details panel still follows the click
    # a click on the background brings everything back
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] - 5)
    page.wait_for_function(f"() => {CY}.elements('.ag-dim').length === 0")


def test_modality_is_drawn_as_style_and_asserted_only_is_one_click(page: Any, app_url: str, steps: Any) -> None:
    open_view(page, app_url, nodes=10)
    steps.shot("modalities")
    style = page.evaluate(
        f"""() => Object.fromEntries({CY}.edges().map(e => [e.data('source') + '>' + e.data('target') + ':' + e.data('type'),
            [e.data('modality'), e.style('line-style'), e.numericStyle('opacity')]]))"""
    )
    assert style["RUS>UKR:ATTACKS"][:2] == ["asserted", "solid"]
    assert style["PRK>RUS:AIDS"][:2] == ["alleged", "dashed"]
    assert style["wagner>UKR:ATTACKS"][:2] == ["reported", "dashed"]
    assert style["PRK>RUS:AIDS"][2] < style["RUS>UKR:ATTACKS"][2]
    legend = page.inner_text("#legend")
    assert "Modality" in legend and "alleged" in legend and "reported" in legend
    # the app's own SVG download draws the claims dashed too
    with page.expect_download() as download:
        page.click("#export-svg")
    claims = sum(1 for modality, *_ in style.values() if modality != "asserted")
    assert Path(download.value.path()).read_text().count("stroke-dasharray") == claims
    page.check("#filter-asserted input")
    page.wait_for_function(f"() => {CY}.edges().every(e => e.data('modality') === 'asserted')")
    page.wait_for_timeout(400)
    steps.shot("asserted-only")
    assert "asserted=1" in page.url
    assert "wagner" not in page.evaluate(f"() => {CY}.nodes().map(n => n.id())")


def test_the_state_level_view_folds_agents_into_their_state_and_back(page: Any, app_url: str, steps: Any) -> None:
    open_view(page, app_url, nodes=10)
    page.check("#view-state-level input")
    page.wait_for_function(f"() => {CY}.nodes().length === 9")
    page.wait_for_timeout(400)
    steps.shot("state-level")
    assert "states=1" in page.url
    nodes = set(page.evaluate(f"() => {CY}.nodes().map(n => n.id())"))
    assert "dmitry-peskov" not in nodes and "RUS" in nodes  # Peskov acts for Russia (his code and his affiliation)
    assert {"peskov-dup", "wagner"} <= nodes  # no code, no affiliation: they stay themselves
    # Peskov's warning to the United States is now Russia's, beside Russia's own
    warns = page.evaluate(
        f"() => {CY}.edges('[type = \"WARNS\"]').map(e => [e.data('source'), e.data('target'), e.data('count')])"
    )
    assert ["RUS", "USA", 2] in warns
    # the evidence is one click away: the folded edge lists both sentences
    page.evaluate(f"() => {CY}.edges().filter(e => e.data('type') === 'WARNS' && e.data('target') === 'USA')[0].emit('tap')")
    page.wait_for_function("() => document.getElementById('details').innerText.includes('Peskov warned')")
    steps.shot("folded-evidence")
    assert "The Kremlin warned Washington" in page.inner_text("#details")
    page.uncheck("#view-state-level input")
    page.wait_for_function(f"() => {CY}.nodes().length === 10")
    assert "states=1" not in page.url


def test_exported_images_draw_claims_dashed(tmp_path: Path) -> None:
    """The PNG/SVG/PDF export draws the same modalities (plotly figure, checked without a browser)."""
    from actorgraph.dashboard.figures import network_figure
    from actorgraph.dashboard.state import ViewState
    from actorgraph.dashboard.view_model import ViewModel

    store = open_store(tmp_path / "graph")
    write_graph(store, SMALL)
    try:
        view = ViewModel(store).view(ViewState())
    finally:
        store.close()
    figure = network_figure(view, "all relations")
    dashes = {trace.line.dash for trace in figure.data if trace.mode == "lines"}
    assert "solid" in dashes and "4px,4px" in dashes
    names = [trace.name for trace in figure.data if trace.legendgroup == "modality"]
    assert names[0].startswith("asserted") and any(n.startswith("alleged") for n in names)
