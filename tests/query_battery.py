"""The bypass battery shared by the sandbox tests: the attempts, a fingerprint of the whole
store, and a watched folder with a secret in it.

Test modules import this module (not ``conftest``, which names several files here).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from actorgraph.graph import GraphStore

BATTERY_FILE = Path(__file__).parent / "data" / "query_bypasses.yaml"
SECRET_MARKER = "actorgraph-secret-7d41c2"


def battery() -> dict[str, str]:
    """id → query, placeholders still in."""
    return yaml.safe_load(BATTERY_FILE.read_text(encoding="utf-8"))


@dataclass
class Watched:
    """A folder a query might write into, holding a secret a query might try to read."""

    folder: Path

    @property
    def secret(self) -> Path:
        return self.folder / "secret.txt"

    @classmethod
    def create(cls, folder: Path) -> Watched:
        folder.mkdir(parents=True, exist_ok=True)
        watched = cls(folder)
        # one USER:PASSWORD line, so that it can also be an app's --auth-file
        watched.secret.write_text(f"analyst:{SECRET_MARKER}\n", encoding="utf-8")
        return watched

    def fill(self, query: str) -> str:
        return (
            query.replace("{secret}", str(self.secret))
            .replace("{out}", str(self.folder / "out.csv"))
            .replace("{dir}", str(self.folder))
        )

    def snapshot(self) -> dict[str, str]:
        """Every file under the folder with a hash of its contents."""
        return {str(p.relative_to(self.folder)): _sha(p) for p in sorted(self.folder.rglob("*")) if p.is_file() or p.is_dir()}


def _sha(path: Path) -> str:
    return "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(store: GraphStore) -> str:
    """A hash of every node and relationship with all properties, and of the schema."""
    parts = _ladybug_parts(store) if store.engine == "embedded" else _neo4j_parts(store)
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _ladybug_parts(store: Any) -> list[Any]:
    run = store._run
    nodes = sorted(json.dumps(row, sort_keys=True, default=str) for row in run("MATCH (n) RETURN label(n), n"))
    edges = sorted(
        json.dumps(row, sort_keys=True, default=str) for row in run("MATCH (a)-[e]->(b) RETURN label(e), a.id, b.id, e")
    )
    tables = sorted(map(str, run("CALL show_tables() RETURN name, type")))
    functions = sorted(map(str, run("CALL show_functions() RETURN name")))
    macros = sorted(map(str, run("CALL show_macros() RETURN name, definition")))
    return [nodes, edges, tables, functions, macros]


def _neo4j_parts(store: Any) -> list[Any]:
    run = store._run
    nodes = sorted(json.dumps(row, sort_keys=True, default=str) for row in run("MATCH (n) RETURN labels(n), properties(n)"))
    edges = sorted(
        json.dumps(row, sort_keys=True, default=str)
        for row in run("MATCH (a)-[e]->(b) RETURN type(e), properties(a), properties(b), properties(e)")
    )
    schema = sorted(map(str, run("SHOW INDEXES YIELD name, type RETURN name, type")))
    schema += sorted(map(str, run("SHOW CONSTRAINTS YIELD name RETURN name")))
    schema += sorted(map(str, run("CALL db.labels() YIELD label RETURN label")))
    schema += sorted(map(str, run("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey")))
    with store._driver.session(database="system") as session:
        users = sorted(str(r.values()) for r in session.run("SHOW USERS YIELD user, roles RETURN user, roles"))
    return [nodes, edges, schema, users]
