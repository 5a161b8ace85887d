"""Fixtures of the dashboard tests: stores filled with the fixture graph, the app on a real
server, and Debian's Chromium driven by Playwright (screenshots under test-artifacts/)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fixture_graph import SMALL, write_graph

from actorgraph.dashboard.services import Dashboard
from actorgraph.graph import GraphStore, open_store

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def small_store(empty_store: GraphStore) -> GraphStore:
    """The small fixture graph on each engine."""
    write_graph(empty_store, SMALL)
    return empty_store


@pytest.fixture
def dashboard(small_store: GraphStore) -> Dashboard:
    return Dashboard(small_store, query_row_limit=50, query_timeout_s=5)


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[GraphStore]:
    """The small fixture graph in an embedded store only (for the browser and the CLI)."""
    store = open_store(tmp_path / "graph")
    write_graph(store, SMALL)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def store_folder(embedded_store: GraphStore) -> str:
    """The folder of the small embedded store, closed: for commands that open it themselves."""
    folder = embedded_store.location
    embedded_store.close()
    return folder


@pytest.fixture
def embedded_dashboard(embedded_store: GraphStore) -> Dashboard:
    return Dashboard(embedded_store, query_row_limit=50, query_timeout_s=5)


# -- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright (never Playwright's own download)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def launch_chromium(chromium: object) -> Iterator[object]:
    """Launches another browser of the session's Playwright with extra command-line flags."""
    launched: list[object] = []

    def launch(*flags: str) -> object:
        browser = chromium.browser_type.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *flags])  # type: ignore[attr-defined]
        launched.append(browser)
        return browser

    try:
        yield launch
    finally:
        for browser in launched:
            browser.close()  # type: ignore[attr-defined]


@pytest.fixture
def live_app(embedded_dashboard: Dashboard) -> Iterator[str]:
    """The real app on a real server on a free localhost port; yields its URL."""
    from actorgraph.dashboard.app import ServerThread, create_app

    server = ServerThread(create_app(embedded_dashboard), "127.0.0.1", 0)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app over the small fixture graph, on a free port, shared by a module's tests
    (for modules whose tests only read)."""
    from actorgraph.dashboard.app import ServerThread, create_app

    store = open_store(tmp_path_factory.mktemp("app") / "graph")
    write_graph(store, SMALL)
    server = ServerThread(create_app(Dashboard(store, query_row_limit=50, query_timeout_s=5)), "127.0.0.1", 0)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
        store.close()


class Steps:
    """Numbered screenshots of one test: test-artifacts/<test name>/NN-step.png."""

    def __init__(self, folder: Path, page: Page):
        self.folder, self.page, self.count = folder, page, 0

    def shot(self, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1600, "height": 950}, accept_downloads=True)
    browser_page = context.new_page()
    errors: list[str] = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    browser_page.errors = errors  # JavaScript errors the page raised, for the tests to check
    try:
        yield browser_page
    finally:
        context.close()


@pytest.fixture
def steps(page: Page, request: pytest.FixtureRequest) -> Steps:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder = ARTIFACTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Steps(folder, page)
