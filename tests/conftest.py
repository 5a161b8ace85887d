"""Fixtures shared by every test: graph stores on both engines.

The Neo4j store is the server started by ``make neo4j`` (bolt://127.0.0.1:7687 unless
ACTORGRAPH_TEST_NEO4J_URI says otherwise). Without one, Neo4j tests are skipped, except
under ACTORGRAPH_REQUIRE_NEO4J=1 (as in CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import GraphStore, StoreUnavailable, open_store

RELATION_TYPES = ["ACCUSES", "AIDS", "ATTACKS", "WARNS"]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def neo4j_settings() -> dict[str, str]:
    return {
        "uri": os.environ.get("ACTORGRAPH_TEST_NEO4J_URI", "bolt://127.0.0.1:7687"),
        "user": os.environ.get("NEO4J_USER", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD", "actorgraph-test"),
    }


def neo4j_required() -> bool:
    return os.environ.get("ACTORGRAPH_REQUIRE_NEO4J", "") not in ("", "0")


def open_test_neo4j(relation_types: list[str] | None = None) -> GraphStore:
    """The test Neo4j, emptied; skips (or fails in CI) when no server answers."""
    settings = neo4j_settings()
    try:
        store = open_store(
            settings["uri"], user=settings["user"], password=settings["password"], relation_types=relation_types or []
        )
    except StoreUnavailable as exc:
        if neo4j_required():
            pytest.fail(f"ACTORGRAPH_REQUIRE_NEO4J is set but Neo4j does not answer: {exc}")
        pytest.skip(f"no Neo4j: {exc}")
    wipe_neo4j(store)
    return store


def wipe_neo4j(store: GraphStore) -> None:
    # Tests own this database; the store itself offers no "delete everything".
    with store._session() as session:  # type: ignore[attr-defined]
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_store(engine: str, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each engine, with a few relation types declared."""
    store = open_store(tmp_path / "graph", relation_types=RELATION_TYPES) if engine == "embedded" else open_test_neo4j(RELATION_TYPES)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the project (the seed article and its gold); skips when absent."""
    if not (SHARED / "eval" / "seed_article.txt").exists():
        pytest.skip("../shared/eval is not beside the project")
    return SHARED
