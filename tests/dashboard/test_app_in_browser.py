"""The real app, on a real server and store, in Debian's Chromium: what an analyst sees and clicks.

Each step leaves a screenshot in test-artifacts/<test name>/NN-step.png.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

CY = "document.getElementById('network')._cyreg.cy"
# the canvas may not exist yet right after a navigation: predicates must not throw then
CY_OR_NULL = "(document.getElementById('network') && document.getElementById('network')._cyreg || {}).cy"
STATES = {"ISR", "PRK", "RUS", "UKR", "USA"}
ALL_ACTORS = STATES | {"EU", "NATO", "dmitry-peskov", "peskov-dup", "wagner"}


def open_app(page: Any, url: str, expected_nodes: int | None = None) -> None:
    page.goto(url)
    page.wait_for_function(f"() => {{ const cy = {CY_OR_NULL}; return cy && cy.nodes().length > 0 }}")
    if expected_nodes is not None:
        page.wait_for_function(f"() => {CY}.nodes().length === {expected_nodes}")
    page.wait_for_timeout(400)  # the layout settles


def drawn_nodes(page: Any) -> set[str]:
    return set(page.evaluate(f"() => {CY}.nodes().map(n => n.id())"))


def wait_for_nodes(page: Any, wanted: set[str]) -> None:
    ids = sorted(wanted)
    page.wait_for_function(
        f"""(ids) => {{ const cy = {CY_OR_NULL}; if (!cy) return false;
            return JSON.stringify(cy.nodes().map(n => n.id()).sort()) === JSON.stringify(ids) }}""",
        arg=ids,
    )


def click_element(page: Any, selector: str) -> None:
    """A real mouse click on a node or edge of the canvas."""
    x, y = page.evaluate(
        f"""(sel) => {{ const box = document.getElementById('network').getBoundingClientRect(); const el = {CY}.$(sel);
            const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint(); return [box.left + p.x, box.top + p.y]; }}""",
        selector,
    )
    page.mouse.click(x, y)


def test_page_loads_with_the_graph_drawn(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    steps.shot("loaded")
    assert drawn_nodes(page) == ALL_ACTORS
    assert page.evaluate(f"() => {CY}.edges().length") == 14
    assert page.inner_text("#view-stats") == "10 of 10 actors · 15 of 15 relations"
    legend = page.inner_text("#legend")
    assert "State" in legend and "material conflict" in legend
    assert page.locator("#timeline .bars, #timeline .barlayer").count() > 0
    assert page.is_hidden("#error-banner") and page.errors == []
    page.evaluate(f"() => {CY}.zoom(4)")
    page.click("#fit-view")
    page.wait_for_function(f"() => {CY}.zoom() < 2")


def test_a_filter_changes_what_is_drawn_and_the_url(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    page.check("#filter-kinds input[value='state']")
    wait_for_nodes(page, STATES)
    steps.shot("states-only")
    assert "kind=state" in page.url
    page.goto(live_app + "?type=AIDS")
    wait_for_nodes(page, {"PRK", "RUS", "USA", "UKR"})
    steps.shot("link-with-aids-only")
    assert page.evaluate(f"() => {CY}.edges().map(e => e.data('type'))") == ["AIDS", "AIDS"]
    assert "AIDS" in page.inner_text("#filter-types")


def test_selecting_a_span_on_the_timeline_filters_the_network(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    box = page.locator("#timeline .nsewdrag").first.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.62, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.80, y, steps=8)
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('from=') && location.search.includes('to=')")
    page.wait_for_function(f"() => {CY}.nodes().length < 10")
    steps.shot("span-selected")
    assert drawn_nodes(page) < ALL_ACTORS


def test_clicking_a_node_and_an_edge_shows_the_evidence(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    click_element(page, "#dmitry-peskov")
    page.wait_for_selector("#details >> text=Peskov warned the United States against further escalation.")
    steps.shot("node-clicked")
    details = page.inner_text("#details")
    assert "Kremlin spokesperson" in details and "spokesperson of Russia" in details
    assert page.get_attribute("#details a[href='https://example.org/a1']", "target") == "_blank"
    click_element(page, "edge[source = 'RUS'][target = 'UKR'][type = 'ATTACKS']")
    page.wait_for_selector("#details >> text=2 mentions")
    steps.shot("edge-clicked")
    assert "Avdiivka" in page.inner_text("#details")
    page.click("text=Dyad")
    page.wait_for_selector("#dyad >> text=Russia and Ukraine")
    steps.shot("dyad")
    assert "2 relations under the current filters" in page.inner_text("#dyad")


def test_node_actions_focus_hide_and_path(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    click_element(page, "#PRK")
    page.wait_for_selector("#node-actions:not([hidden])")
    page.click("#act-focus")
    wait_for_nodes(page, {"PRK", "RUS", "USA"})
    steps.shot("focused")
    assert "focus=PRK" in page.url
    page.click("#reset-view")
    wait_for_nodes(page, ALL_ACTORS)
    click_element(page, "#PRK")
    page.wait_for_selector("#details >> text=North Korea")
    page.click("#act-path-from")
    click_element(page, "#UKR")
    page.wait_for_selector("#details h2 >> text=Ukraine")
    page.click("#act-path-to")
    page.wait_for_function(f"() => {CY}.$('.path').length === 5")
    steps.shot("path")
    assert set(page.evaluate(f"() => {CY}.nodes('.path').map(n => n.id())")) == {"PRK", "RUS", "UKR"}
    click_element(page, "#wagner")
    page.wait_for_selector("#details h2 >> text=Wagner Group")
    page.click("#act-hide")
    wait_for_nodes(page, ALL_ACTORS - {"wagner"})
    steps.shot("wagner-hidden")
    assert "hide=wagner" in page.url and "Wagner Group" in page.inner_text("#view-lists")
    click_element(page, "#ISR")
    page.wait_for_selector("#details h2 >> text=Israel")
    page.click("#act-pin")
    page.wait_for_function(f"() => {CY}.$('#ISR').hasClass('pinned')")
    page.fill("#view-max-nodes", "2")
    page.press("#view-max-nodes", "Enter")
    wait_for_nodes(page, {"ISR", "PRK", "RUS", "UKR"})  # the cap keeps the pinned actor and the path
    steps.shot("capped-with-pin-and-path")
    assert "Showing 4 of 9 actors" in page.inner_text("#view-notice")


def test_expanding_a_node_adds_its_neighbours(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app + "?focus=PRK")
    wait_for_nodes(page, {"PRK", "RUS", "USA"})
    click_element(page, "#USA")
    page.wait_for_selector("#details h2 >> text=United States")
    page.click("#act-expand")
    wait_for_nodes(page, {"PRK", "RUS", "USA", "UKR", "ISR", "dmitry-peskov"})
    steps.shot("expanded")
    assert "expand=USA" in page.url


def test_corrections_happen_after_confirmation(page: Any, live_app: str, steps: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    open_app(page, live_app, expected_nodes=10)
    click_element(page, "#dmitry-peskov")
    page.wait_for_selector("#node-actions:not([hidden])")
    page.click("#merge-drop")
    page.locator("input[placeholder='Search']:visible").fill("Mr. Pes")
    page.wait_for_selector("text=Mr. Peskov · person")
    page.click("text=Mr. Peskov · person")
    steps.shot("duplicate-chosen")
    page.click("#act-merge")
    wait_for_nodes(page, ALL_ACTORS - {"peskov-dup"})
    page.wait_for_selector("#details >> text=Mr. Peskov criticised the European sanctions.")
    steps.shot("merged")
    assert dialogs[0].startswith("Merge Mr. Peskov (peskov-dup) into Dmitry Peskov (dmitry-peskov)?")
    # an analyst's merge counts as a review; undo that through the review button
    page.wait_for_selector("#act-review >> text=Mark unreviewed")
    page.click("#act-review")
    page.wait_for_selector("#details .ag-title-row >> text=not reviewed")
    page.wait_for_selector("#act-review >> text=Mark reviewed")
    steps.shot("unreviewed")
    assert dialogs[1] == "Mark Dmitry Peskov (dmitry-peskov) as not reviewed?"


def test_cypher_console_shows_rows_a_graph_and_refusals(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app)
    page.click("text=Cypher console")
    page.fill("#query-text", "MATCH (a:Actor)-[e:AIDS]->(b:Actor) RETURN a.name AS source, b.name AS target, a, e, b")
    page.click("#query-run")
    page.wait_for_selector("#query-message >> text=2 rows")
    page.wait_for_timeout(500)
    steps.shot("rows")
    table = page.inner_text("#query-table")
    assert "North Korea" in table and "United States" in table
    page.wait_for_function("() => document.getElementById('query-graph')._cyreg.cy.nodes().length === 4")
    assert page.is_hidden("#query-graph-box")
    page.fill("#query-text", "MATCH (a:Actor) DETACH DELETE a")
    page.click("#query-run")
    page.wait_for_selector("#query-message.ag-query-error")
    steps.shot("write-refused")
    assert "\n" not in page.inner_text("#query-message").strip()


def test_png_and_svg_downloads_are_images(page: Any, live_app: str, steps: Any, tmp_path: Path) -> None:
    open_app(page, live_app, expected_nodes=10)
    with page.expect_download() as png:
        page.click("#export-png")
    png_path = tmp_path / "view.png"
    png.value.save_as(png_path)
    assert png_path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png_path.stat().st_size > 10_000
    with page.expect_download() as svg:
        page.click("#export-svg")
    svg_path = tmp_path / "view.svg"
    svg.value.save_as(svg_path)
    root = ET.parse(svg_path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "North Korea" in svg_path.read_text()
    steps.shot("exported")


def test_a_failing_callback_shows_one_line_and_no_traceback(
    page: Any, live_app: str, steps: Any, embedded_dashboard: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("internal detail that must not reach the browser")

    monkeypatch.setattr(embedded_dashboard, "view", broken)
    page.goto(live_app)
    page.wait_for_selector("#error-banner:not([hidden])")
    steps.shot("server-error")
    assert page.inner_text("#error-text") == "Something went wrong (RuntimeError); the details are in the server log."
    assert "internal detail" not in page.content() and "Traceback" not in page.content()


def test_a_bad_link_shows_one_clear_message(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app + "?from=2024-13-01", expected_nodes=10)  # the rest of the view: all of it
    steps.shot("bad-link")
    assert page.inner_text("#view-notice .ag-notice-line") == (
        "Left out of this link: from: '2024-13-01' is not a date (YYYY-MM-DD). The rest of the view is shown."
    )
    assert page.is_hidden("#error-banner") and "Traceback" not in page.content()


def click_actor_at_rest(page: Any, actor_id: str) -> None:
    """Click an actor once the layout has stopped moving it (on a busy machine it settles late)."""
    where = f"() => {{ const p = {CY}.$('#{actor_id}').renderedPosition(); return [Math.round(p.x), Math.round(p.y)]; }}"
    last = None
    for _ in range(40):
        now = page.evaluate(where)
        if now == last:
            break
        last = now
        page.wait_for_timeout(250)
    click_element(page, f"#{actor_id}")


def test_undo_brings_a_merged_actor_back_exactly(chromium: Any, embedded_dashboard: Any, steps: Any) -> None:
    """With basic auth on, as an analyst signed in: merge, then Undo; the log says who did both."""
    from store_contents import contents

    from actorgraph.dashboard.app import ServerThread, create_app

    store = embedded_dashboard.store
    before = contents(store)
    server = ServerThread(create_app(embedded_dashboard, auth="ana:s3cret-pass"), "127.0.0.1", 0)
    server.start()
    context = chromium.new_context(
        viewport={"width": 1600, "height": 950}, http_credentials={"username": "ana", "password": "s3cret-pass"}
    )
    try:
        page = steps.page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
        open_app(page, server.url, expected_nodes=10)
        click_actor_at_rest(page, "dmitry-peskov")
        page.wait_for_selector("#node-actions:not([hidden])")
        assert page.is_disabled("#act-undo")  # nothing to undo yet
        page.click("#merge-drop")
        page.locator("input[placeholder='Search']:visible").fill("Mr. Pes")
        page.click("text=Mr. Peskov · person")
        page.click("#act-merge")
        wait_for_nodes(page, ALL_ACTORS - {"peskov-dup"})
        page.wait_for_selector("#act-undo:not([disabled])")
        steps.shot("merged")
        assert page.get_attribute("#act-undo", "title").startswith(
            "Undo the merge of Mr. Peskov (peskov-dup) into Dmitry Peskov (dmitry-peskov), made by ana on"
        )
        page.click("#act-undo")
        wait_for_nodes(page, ALL_ACTORS)
        page.wait_for_selector("#act-undo[disabled]")
        steps.shot("undone")
        assert dialogs[1].startswith("Undo the merge of Mr. Peskov (peskov-dup) into Dmitry Peskov (dmitry-peskov)")
        assert page.evaluate(f"() => {CY}.edges().length") == 14
        assert contents(store) == before
        (merge,) = store.corrections()
        assert (merge.kind, merge.made_by, merge.undone_by) == ("merge", "ana", "ana")
    finally:
        context.close()
        server.stop()


def test_renaming_an_actor_keeps_it_in_view_under_its_new_name(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    click_actor_at_rest(page, "wagner")
    page.wait_for_selector("#node-actions:not([hidden])")
    page.fill("#rename-text", "PMC Wagner Group")
    page.press("#rename-text", "Enter")
    page.wait_for_selector("#details h2 >> text=PMC Wagner Group")
    page.wait_for_function(f"() => {CY}.$('#wagner').data('label').startsWith('PMC Wagner')")
    steps.shot("renamed")
    assert drawn_nodes(page) == ALL_ACTORS
    assert page.input_value("#rename-text") == ""
    assert "renaming of" in page.get_attribute("#act-undo", "title")
