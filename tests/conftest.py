"""Fixtures shared by every test: graph stores on both engines.

The Neo4j store is the server started by ``make neo4j`` (bolt://127.0.0.1:7687 unless
ACTORGRAPH_TEST_NEO4J_URI says otherwise). Without one, Neo4j tests are skipped, except
under ACTORGRAPH_REQUIRE_NEO4J=1 (as in CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from neo4j_testing import neo4j_settings, open_test_neo4j

from actorgraph.graph import GraphStore, open_store

RELATION_TYPES = ["ACCUSES", "AIDS", "ATTACKS", "WARNS"]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_store(engine: str, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each engine, with a few relation types declared."""
    store = (
        open_store(tmp_path / "graph", relation_types=RELATION_TYPES) if engine == "embedded" else open_test_neo4j(RELATION_TYPES)
    )
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


@pytest.fixture
def cli_store(empty_store: GraphStore) -> tuple[str, dict[str, str]]:
    """``--store`` and the environment for an ``actorgraph`` subprocess on ``empty_store``.

    The embedded store is closed first (its folder takes one writer); Neo4j stays open.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")}
    if empty_store.engine == "embedded":
        empty_store.close()
        return empty_store.location, env
    settings = neo4j_settings()
    return settings["uri"], env | {"NEO4J_USER": settings["user"], "NEO4J_PASSWORD": settings["password"]}


@pytest.fixture(scope="session")
def open_engine_store() -> Callable[[str, Path], GraphStore]:
    """Opens an empty store of one engine (Neo4j emptied) with :data:`RELATION_TYPES`, for
    fixtures that outlive one test (test modules cannot import this conftest reliably)."""

    def open_engine(engine: str, folder: Path) -> GraphStore:
        return open_store(folder, relation_types=RELATION_TYPES) if engine == "embedded" else open_test_neo4j(RELATION_TYPES)

    return open_engine
