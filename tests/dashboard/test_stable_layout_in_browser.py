"""Stable pictures, in Chromium: the same link draws the same picture, a filter change leaves
the actors that stay where they were, and an actor the analyst drags stays where it was dropped
in that view (screenshots in test-artifacts/<test name>/)."""

from __future__ import annotations

from typing import Any

import pytest
from test_app_in_browser import ALL_ACTORS, CY, STATES, open_app, wait_for_nodes

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def model_positions(page: Any) -> dict[str, tuple[float, float]]:
    """Each node's position in the graph's own coordinates (not the screen's, which the fit moves)."""
    found = page.evaluate(f"() => Object.fromEntries({CY}.nodes().map(n => [n.id(), [n.position('x'), n.position('y')]]))")
    return {actor: (round(x, 1), round(y, 1)) for actor, (x, y) in found.items()}


def test_the_same_link_draws_the_same_picture_and_a_filter_keeps_places(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    steps.shot("first")
    first = model_positions(page)
    assert len(set(first.values())) == 10  # no pile: every actor on a spot of its own
    open_app(page, live_app, expected_nodes=10)
    assert model_positions(page) == first
    page.check("#filter-kinds input[value='state']")
    wait_for_nodes(page, STATES)
    page.wait_for_timeout(400)
    steps.shot("states-only")
    narrowed = model_positions(page)
    assert narrowed == {actor: first[actor] for actor in STATES}
    open_app(page, live_app + "?layout=cose", expected_nodes=10)
    steps.shot("cose")
    assert model_positions(page) == first  # CoSE is drawn from the same map, not piled up


def drag_with_the_mouse(page: Any, actor: str, dx: float, dy: float) -> None:
    """Press on the actor where it is drawn, move the mouse by (dx, dy) screen pixels, release."""
    x, y = page.evaluate(
        f"""(id) => {{ const box = document.getElementById('network').getBoundingClientRect();
            const p = {CY}.getElementById(id).renderedPosition(); return [box.left + p.x, box.top + p.y]; }}""",
        actor,
    )
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=12)
    page.mouse.up()
    page.wait_for_timeout(300)


def near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= 0.2 and abs(a[1] - b[1]) <= 0.2


def all_drawn_inside_the_canvas(page: Any) -> bool:
    return page.evaluate(
        f"""() => {{ const cy = {CY}; return cy.nodes().every(n => {{ const p = n.renderedPosition();
            return p.x > 0 && p.y > 0 && p.x < cy.width() && p.y < cy.height(); }}) }}"""
    )


def test_an_actor_dragged_stays_where_it_was_dropped_in_that_view(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    placed = model_positions(page)
    drag_with_the_mouse(page, "USA", 160, 110)
    steps.shot("usa-dragged")
    dropped = model_positions(page)
    assert abs(dropped["USA"][0] - placed["USA"][0]) > 40 and abs(dropped["USA"][1] - placed["USA"][1]) > 25
    assert {a: dropped[a] for a in ALL_ACTORS - {"USA"}} == {a: placed[a] for a in ALL_ACTORS - {"USA"}}

    page.reload()  # the same view: the actor is where it was dropped, the others at their places
    wait_for_nodes(page, ALL_ACTORS)
    page.wait_for_timeout(400)
    steps.shot("reloaded")
    again = model_positions(page)
    assert near(again["USA"], dropped["USA"])
    assert {a: again[a] for a in ALL_ACTORS - {"USA"}} == {a: placed[a] for a in ALL_ACTORS - {"USA"}}
    assert all_drawn_inside_the_canvas(page)  # the fit frames the dropped actor too

    page.check("#filter-kinds input[value='state']")  # another view: the picture of the map
    wait_for_nodes(page, STATES)
    page.wait_for_timeout(400)
    steps.shot("states-only")
    assert model_positions(page) == {actor: placed[actor] for actor in STATES}

    page.go_back()  # the first view again, with the actor where it was dropped
    wait_for_nodes(page, ALL_ACTORS)
    page.wait_for_timeout(400)
    steps.shot("back")
    assert near(model_positions(page)["USA"], dropped["USA"])

    page.click("#reset-positions")
    page.wait_for_timeout(400)
    page.wait_for_timeout(400)
    steps.shot("reset")
    assert model_positions(page) == placed
    page.reload()  # forgotten, not only moved back
    wait_for_nodes(page, ALL_ACTORS)
    page.wait_for_timeout(400)
    assert model_positions(page) == placed
    assert page.errors == []


def test_a_view_that_keeps_every_actor_runs_no_layout_and_still_has_its_own_places(page: Any, live_app: str, steps: Any) -> None:
    open_app(page, live_app, expected_nodes=10)
    placed = model_positions(page)
    drag_with_the_mouse(page, "USA", 160, 110)
    dropped = model_positions(page)
    page.check("#view-colour input[value='community']")  # the same actors, another view
    page.wait_for_url("**colour=community**")
    page.wait_for_timeout(800)
    steps.shot("community-colours")
    assert model_positions(page) == placed
    page.go_back()
    page.wait_for_function("() => !location.search.includes('colour')")
    page.wait_for_timeout(800)
    assert near(model_positions(page)["USA"], dropped["USA"])


def test_dragged_places_are_kept_for_the_most_recently_used_views_only(page: Any, live_app: str) -> None:
    open_app(page, live_app, expected_nodes=10)
    limit = page.evaluate("() => window.actorgraphNetwork.DRAGGED_VIEWS")
    views = page.evaluate(
        f"""(limit) => {{ const net = window.actorgraphNetwork, usa = {CY}.getElementById('USA');
            for (let i = 0; i < limit + 5; i++) net.rememberPositions('view ' + i, usa);
            net.rememberPositions('view 5', usa);  // used again: the most recent now
            return JSON.parse(localStorage.getItem(net.DRAGGED_STORE)).map(entry => entry[0]); }}""",
        limit,
    )
    assert len(views) == limit
    assert views[0] == "view 6" and views[-2:] == [f"view {limit + 4}", "view 5"]
    # storage full: the least recently used views make room for the new one
    after = page.evaluate(
        f"""() => {{ const net = window.actorgraphNetwork, room = localStorage.getItem(net.DRAGGED_STORE).length / 2;
            const setItem = Storage.prototype.setItem;
            Storage.prototype.setItem = function (k, v) {{
                if (v.length > room) throw new DOMException('full', 'QuotaExceededError');
                return setItem.call(this, k, v);
            }};
            net.rememberPositions('view new', {CY}.getElementById('USA'));
            return JSON.parse(localStorage.getItem(net.DRAGGED_STORE)).map(entry => entry[0]); }}"""
    )
    assert after[-1] == "view new" and limit / 3 < len(after) <= limit / 2 and after[:-1] == views[-len(after) + 1 :]


def test_a_drag_without_storage_moves_the_actor_and_breaks_nothing(page: Any, live_app: str, steps: Any) -> None:
    # storage refused (private mode, a policy) or full: every call throws
    page.add_init_script(
        """for (const name of ['getItem', 'setItem', 'removeItem']) {
            Storage.prototype[name] = function () { throw new DOMException('refused', 'QuotaExceededError'); };
        }"""
    )
    open_app(page, live_app, expected_nodes=10)
    placed = model_positions(page)
    drag_with_the_mouse(page, "USA", 160, 110)
    steps.shot("dragged-without-storage")
    assert not near(model_positions(page)["USA"], placed["USA"])
    page.reload()
    wait_for_nodes(page, ALL_ACTORS)
    page.wait_for_timeout(400)
    assert model_positions(page) == placed  # nothing kept, and the page draws as ever
    assert page.errors == []
