"""The app on Neo4j survives the server going away: a banner within seconds, answers all along,
and recovery without a restart once the server is back.

The test runs a Neo4j of its own (``docker/neo4j-local/neo4j-local.sh`` with a private state
folder and a free port) so that stopping it disturbs no other test or developer using the
shared one on 7687; it is stopped at the end whatever happens.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixture_graph import SMALL, write_graph

from actorgraph.dashboard.app import ServerThread, create_app
from actorgraph.dashboard.services import Dashboard
from actorgraph.graph import StoreUnavailable, open_store

pytestmark = [pytest.mark.neo4j, pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(400)]

SCRIPT = Path(__file__).resolve().parents[2] / "docker" / "neo4j-local" / "neo4j-local.sh"
PASSWORD = "actorgraph-test"
CY_NODES = (
    "() => { const box = document.getElementById('network'); const cy = box && box._cyreg && box._cyreg.cy;"
    " return cy ? cy.nodes().length : -1 }"
)


class LocalNeo4j:
    """A private Neo4j run through the project's script."""

    def __init__(self, folder: Path, port: int):
        self.port = port
        self.uri = f"bolt://127.0.0.1:{port}"
        self.env = os.environ | {
            "NEO4J_LOCAL_DIR": str(folder),
            "NEO4J_BOLT_PORT": str(port),
            "NEO4J_PASSWORD": PASSWORD,
            "NEO4J_HEAP": "384m",
            "NEO4J_HEAP_INIT": "128m",
            "NEO4J_PAGECACHE": "64m",
        }

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", str(SCRIPT), command], capture_output=True, text=True, env=self.env, timeout=180)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(tmp_path_factory.mktemp("neo4j-outage"), _free_port())
    started = server.run("start")
    try:
        if started.returncode != 0:
            message = f"cannot start a private Neo4j: {started.stdout}{started.stderr}"
            if os.environ.get("ACTORGRAPH_REQUIRE_NEO4J", "") not in ("", "0"):
                pytest.fail(message)
            pytest.skip(message)
        yield server
    finally:
        server.run("stop")


@pytest.fixture
def app_url(neo4j_server: LocalNeo4j) -> Iterator[tuple[str, Dashboard]]:
    store = open_store(neo4j_server.uri, user="neo4j", password=PASSWORD)
    write_graph(store, SMALL)
    dashboard = Dashboard(store)
    server = ServerThread(create_app(dashboard), "127.0.0.1", 0)
    server.start()
    try:
        yield server.url, dashboard
    finally:
        server.stop()
        store.close()


def timed_get(url: str) -> float:
    """Seconds a page load takes; it must answer (status 200)."""
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
    return time.monotonic() - started


def banner(page: Any) -> str:
    return page.inner_text("#store-banner") if page.is_visible("#store-banner") else ""


def test_a_neo4j_outage_shows_a_banner_and_the_app_recovers_without_a_restart(
    neo4j_server: LocalNeo4j, app_url: tuple[str, Dashboard], page: Any, steps: Any
) -> None:
    url, dashboard = app_url
    page.goto(url)
    page.wait_for_function(f"() => ({CY_NODES})() === 10")
    assert banner(page) == ""
    steps.shot("before")

    stopped = neo4j_server.run("stop")
    assert stopped.returncode == 0, stopped.stderr
    try:
        went_down = time.monotonic()
        page.wait_for_selector("#store-banner", state="visible", timeout=15_000)
        noticed = time.monotonic() - went_down
        steps.shot("banner")
        assert "The store is not answering" in banner(page) and "retrying" in banner(page)
        assert noticed < 12, f"the banner took {noticed:.1f} s"
        assert timed_get(url) < 3  # the page itself is served while the store is down
        assert timed_get(url + "?type=WARNS") < 3
        with pytest.raises(StoreUnavailable):
            dashboard.store.get_actors(["RUS"])  # and store calls fail fast instead of hanging
        page.click("text=Cypher console")
        page.fill("#query-text", "MATCH (a:Actor) RETURN count(a) AS n")
        page.click("#query-run")
        page.wait_for_function("() => document.getElementById('query-message').innerText.includes('retrying')", timeout=10_000)
    finally:
        restarted = neo4j_server.run("start")
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr

    page.wait_for_selector("#store-banner", state="hidden", timeout=40_000)
    steps.shot("recovered")
    page.click("#query-run")
    page.wait_for_function("() => document.getElementById('query-message').innerText.startsWith('1 row')", timeout=10_000)
    page.click("text=Network")
    page.wait_for_function(f"() => ({CY_NODES})() === 10", timeout=15_000)
    assert page.inner_text("#view-stats") == "10 of 10 actors · 15 of 15 relations"
    assert [a.id for a in dashboard.store.get_actors(["RUS"])] == ["RUS"]
