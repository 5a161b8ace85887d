"""Stable pictures, in Chromium: the same link draws the same picture, and a filter change leaves
the actors that stay where they were (screenshots in test-artifacts/<test name>/)."""

from __future__ import annotations

from typing import Any

import pytest
from test_app_in_browser import CY, STATES, open_app, wait_for_nodes

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
