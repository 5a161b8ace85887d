"""The app's Cypher console is contained: every bypass attempt, through the very callback the
browser posts to a running ``actorgraph serve``, is refused or harmless; memory and time bombs
stop within their limits while the app keeps answering, and do not grow it.

The app is started with ``--auth-file`` pointing at the watched folder's secret, the file an
attacker at the console would most like to read.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Iterator

import pytest
from query_battery import SECRET_MARKER, Watched, battery, fingerprint
from running_app import RunningApp, serve

from actorgraph.graph import Actor, Article, GraphStore, Relation, open_store

BATTERY = battery()
AUTH = f"analyst:{SECRET_MARKER}"
QUERY_TIMEOUT_S = 3
QUERY_MEMORY_MB = 256


def _fill(store: GraphStore) -> None:
    store.upsert_actors([Actor(id="RUS", name="Russia", kind="state", code="RUS"), Actor(id="UKR", name="Ukraine", kind="state")])
    store.upsert_articles([Article(id="a1", title="Shelling")])
    store.upsert_relations([Relation(id="r1", type="ATTACKS", source_id="RUS", target_id="UKR", article_id="a1")])


class Served:
    """The app on one engine's store, and a way to take the store's fingerprint beside it."""

    def __init__(self, app: RunningApp, engine: str, location: str, neo4j: GraphStore | None):
        self.app, self.engine, self.location, self._neo4j = app, engine, location, neo4j

    def fingerprint(self) -> str:
        if self._neo4j is not None:
            return fingerprint(self._neo4j)
        with open_store(self.location, read_only=True) as store:  # beside the app's writer
            return fingerprint(store)

    def console(self, cypher: str, timeout_s: float = 60) -> tuple[int, str]:
        return self.app.callback(
            "query-table.children", {"query-run.n_clicks": 1, "query-text.value": cypher}, "query-run.n_clicks", timeout_s
        )


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Watched:
    return Watched.create(tmp_path_factory.mktemp("watched"))


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, watched: Watched) -> Iterator[Served]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")}
    args = ["--auth-file", str(watched.secret), "--query-timeout", str(QUERY_TIMEOUT_S), "--query-memory", str(QUERY_MEMORY_MB)]
    neo4j = None
    if request.param == "embedded":
        location = str(tmp_path_factory.mktemp("console") / "graph")
        with open_store(location, relation_types=["ATTACKS"]) as store:
            _fill(store)
    else:
        from neo4j_testing import neo4j_settings, open_test_neo4j

        neo4j = open_test_neo4j(["ATTACKS"])
        _fill(neo4j)
        found = neo4j_settings()
        location = found["uri"]
        env |= {"NEO4J_USER": found["user"], "NEO4J_PASSWORD": found["password"]}
    try:
        with serve(["--store", location, *args], env, auth=AUTH) as app:
            yield Served(app, request.param, location, neo4j)
    finally:
        if neo4j is not None:
            neo4j.close()


@pytest.fixture(scope="module")
def before(served: Served, watched: Watched) -> tuple[str, dict[str, str]]:
    return served.fingerprint(), watched.snapshot()


@pytest.mark.slow
@pytest.mark.parametrize("attempt", list(BATTERY), ids=list(BATTERY))
def test_the_console_contains_a_bypass_attempt(
    served: Served, watched: Watched, before: tuple[str, dict[str, str]], attempt: str
) -> None:
    status, body = served.console(watched.fill(BATTERY[attempt]))
    assert status == 200, body[:300]
    assert "Traceback" not in body
    assert SECRET_MARKER not in body, "a local file's contents came back"
    assert watched.snapshot() == before[1], "a file was created or changed"
    assert served.fingerprint() == before[0], "the store changed"


BOMBS = {
    "unwind-two-billion": "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 100 RETURN count(x)",
    "one-huge-list": "RETURN range(1, 30000000) AS r",
    "cross-product": "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b RETURN sum(a + b) AS total",
}


@pytest.mark.slow
@pytest.mark.parametrize("bomb", list(BOMBS), ids=list(BOMBS))
def test_a_console_bomb_stops_in_time_and_the_app_keeps_answering(served: Served, bomb: str) -> None:
    app = served.app
    served.console("RETURN 1 AS warm")  # the spare worker is started and the app's own caches are filled
    time.sleep(1.5)
    rss_before = app.rss_mb()
    answer: list[tuple[float, int, str]] = []

    def run_bomb() -> None:
        started = time.monotonic()
        status, body = served.console(BOMBS[bomb])
        answer.append((time.monotonic() - started, status, body))

    thread = threading.Thread(target=run_bomb)
    thread.start()
    others = []
    while thread.is_alive() and len(others) < 20:
        started = time.monotonic()
        status, _ = app.get("/_dash-layout", timeout_s=10)
        others.append(time.monotonic() - started)
        assert status == 200
        time.sleep(0.1)
    thread.join(timeout=60)
    ((seconds, status, body),) = answer
    assert status == 200 and "Traceback" not in body
    assert "time limit" in body or "memory budget" in body or "stopped" in body, body[:500]
    assert seconds < QUERY_TIMEOUT_S + 2 + 1  # the limit, a second and a half of grace, and the round trip
    assert others and statistics.median(others) < 0.5 and max(others) < 2.0, others
    assert app.rss_mb() < rss_before + 64, "the app grew with the query"
