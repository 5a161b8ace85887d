"""The test Neo4j: where it is and how to open it emptied, for fixtures and test modules.

Test modules import this module (not ``conftest``, which names several files here).
"""

from __future__ import annotations

import os

import pytest

from actorgraph.graph import GraphStore, StoreUnavailable, open_store


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
    with store._session() as session:  # type: ignore[attr-defined]  # a Neo4jStore here
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
