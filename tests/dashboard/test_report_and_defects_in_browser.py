"""Issue 12 in Debian's Chromium: the Report button's briefing, opened and looked at, and the
defects that lived in the browser (alias search, the cap box, a date typed that is not one,
Ctrl+Enter in the console, a link with bad values). One app server serves the whole module.

Each step leaves a screenshot in test-artifacts/<test name>/NN-step.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

CY_OR_NULL = "(document.getElementById('network') && document.getElementById('network')._cyreg || {}).cy"


def open_app(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function(f"() => {{ const cy = {CY_OR_NULL}; return cy && cy.nodes().length > 0 }}")
    page.wait_for_timeout(300)


def options_shown(page: Any) -> list[str]:
    return page.eval_on_selector_all("[role=option]", "els => els.map(e => e.innerText.trim())")


def search_actors(page: Any, text: str) -> None:
    """Open the actor filter and type into its search box (once it is there)."""
    page.click("#filter-actors")
    panel = page.get_attribute("#filter-actors", "aria-controls")
    box = page.locator(f"[id='{panel}'] input.dash-dropdown-search")
    box.fill("")
    box.type(text, delay=30)


def test_typing_an_alias_finds_the_actor(page: Any, app_url: str, steps: Any) -> None:
    open_app(page, app_url)
    for alias, name in (("Kremlin", "Russia · state"), ("Washington", "United States · state"), ("Moscow", "Russia · state")):
        search_actors(page, alias)
        page.wait_for_function("(name) => [...document.querySelectorAll('[role=option]')].some(o => o.innerText.includes(name))",
                               arg=name, timeout=30_000)  # fmt: skip
        steps.shot(f"typed-{alias}")
        assert name in options_shown(page)
        page.keyboard.press("Escape")
    search_actors(page, "Kremlin")
    page.wait_for_function("() => [...document.querySelectorAll('[role=option]')].some(o => o.innerText.includes('Russia'))")
    page.click("[role=option]:has-text('Russia')")
    page.wait_for_function("() => location.search.includes('actor=RUS')")
    steps.shot("chosen")


def test_the_cap_box_shows_all_and_takes_a_number_or_all(page: Any, app_url: str, steps: Any) -> None:
    open_app(page, app_url + "?max=all")
    steps.shot("max-all")
    assert page.input_value("#view-max-nodes") == "all"
    page.fill("#view-max-nodes", "3")
    page.press("#view-max-nodes", "Enter")
    page.wait_for_function("() => location.search.includes('max=3')")
    page.wait_for_function(f"() => {CY_OR_NULL}.nodes().length === 3")
    steps.shot("max-3")
    lines = page.locator("#view-notice .ag-notice-line")
    assert lines.nth(0).inner_text() == "Showing 3 of 10 actors (the top by degree)."
    first, second = lines.nth(0).bounding_box(), lines.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # the advice on a line of its own
    page.fill("#view-max-nodes", "all")
    page.press("#view-max-nodes", "Enter")
    page.wait_for_function("() => location.search.includes('max=all')")
    page.wait_for_function(f"() => {CY_OR_NULL}.nodes().length === 10")
    assert page.input_value("#view-max-nodes") == "all"


def test_a_date_typed_that_is_not_one_leaves_the_range_as_it_was(page: Any, app_url: str, steps: Any) -> None:
    open_app(page, app_url + "?from=2024-03-01")
    start = page.locator("input#filter-dates")
    for typed, key in (("2024-13-01", "Tab"), ("2024-02-30", "Enter"), ("last week", "Tab")):
        start.click()
        start.fill(typed)
        page.keyboard.press(key)
        page.wait_for_timeout(800)
        page.keyboard.press("Escape")
        steps.shot(f"typed-{typed.replace(' ', '-')}")
        assert start.input_value() == "2024-03-01"
        assert "from=2024-03-01" in page.url
        assert page.inner_text("#filter-dates-hint") == f'"{typed}" is not a date (YYYY-MM-DD): the date range is unchanged.'
    start.click()
    start.fill("2024-06-01")
    page.keyboard.press("Tab")
    page.wait_for_function("() => location.search.includes('from=2024-06-01')")
    assert page.inner_text("#filter-dates-hint") == ""


def test_ctrl_enter_runs_the_console_query(page: Any, app_url: str, steps: Any) -> None:
    open_app(page, app_url)
    page.click("text=Cypher console")
    page.fill("#query-text", "MATCH (a:Actor {kind: 'state'}) RETURN a.name AS name ORDER BY name")
    page.press("#query-text", "Control+Enter")
    page.wait_for_selector("#query-message >> text=5 rows")
    steps.shot("ran")
    assert "North Korea" in page.inner_text("#query-table")
    assert page.input_value("#query-text").endswith("ORDER BY name")  # no new line typed into the query


def test_a_link_with_bad_values_shows_the_rest_with_one_notice(page: Any, app_url: str, steps: Any) -> None:
    open_app(page, app_url + "?type=FOO&type=AIDS&actor=NOPE&from=2024-13-01")
    page.wait_for_selector("#view-notice >> text=Left out of this link")
    steps.shot("bad-values")
    notice = page.locator("#view-notice .ag-notice-line").first.inner_text()
    for fragment in ("unknown relation type: FOO", "no actor with id: NOPE", "from: '2024-13-01' is not a date"):
        assert fragment in notice
    page.wait_for_function(f"() => {CY_OR_NULL}.edges().map(e => e.data('type')).join() === 'AIDS,AIDS'")
    assert page.is_hidden("#error-banner")
    assert page.locator("#timeline .xtick").count() > 0  # the timeline keeps a working axis


def test_the_report_button_downloads_a_briefing_to_hand_on(page: Any, app_url: str, steps: Any, tmp_path: Path) -> None:
    open_app(page, app_url + "?type=ATTACKS&type=AIDS&type=WARNS")
    with page.expect_download(timeout=120_000) as download:
        page.click("#export-report")
    brief = tmp_path / "brief.html"
    download.value.save_as(brief)
    assert download.value.suggested_filename == "actorgraph-briefing.html"
    page = page.context.new_page()  # the briefing alone in a tab of its own
    steps.page = page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_viewport_size({"width": 1100, "height": 1400})
    page.goto(brief.as_uri())
    page.wait_for_function("() => document.querySelector('#view img').complete")
    steps.shot("briefing-top")
    page.locator("#relations").scroll_into_view_if_needed()
    steps.shot("briefing-relations")
    page.locator("#actors").scroll_into_view_if_needed()
    steps.shot("briefing-actors")
    assert page.title() == "Briefing · types ATTACKS, AIDS, WARNS"
    assert page.evaluate("() => document.querySelector('#view img').naturalWidth") > 1000  # the view's image drew
    assert requests == [brief.as_uri()]  # it loads nothing from anywhere
    link = page.inner_text("code.link")
    assert link.startswith(app_url) and "type=ATTACKS&type=AIDS&type=WARNS" in link
    first = page.locator("#relations .relation").first.inner_text()
    assert first.startswith("Russia ATTACKS Ukraine") and "Russian forces shelled Ukrainian positions near Avdiivka." in first
    assert "Strikes hit Ukrainian energy grid" in page.inner_text("#relations")
    assert "Kremlin, Moscow" in page.inner_text("#actors")
