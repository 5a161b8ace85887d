"""What a store holds, engine-neutral, for tests that compare two stores or a store with itself.

Actors, relations (with their ends), mentions and affiliations with every property, read
through the store's own interface; the corrections log and the engines' internal ids are left
out, so a store after a correction and its undo compares equal to the store before.
"""

from __future__ import annotations

from typing import Any

from actorgraph.graph import GraphStore

__all__ = ["contents"]

_ACTORS = "MATCH (a:Actor) RETURN a.id AS id"
_MENTIONS = "MATCH (x:Article)-[m:MENTIONS]->(a:Actor) RETURN x.id AS article, a.id AS actor, m.count AS count"


def contents(store: GraphStore) -> dict[str, Any]:
    """Every actor, relation, mention and affiliation of the store, sorted."""
    ids = [row[0] for row in store.query(_ACTORS, row_limit=0).rows]
    actors = sorted((a.model_dump() for a in store.get_actors(ids)), key=lambda a: a["id"])
    return {
        "actors": actors,
        "relations": sorted((r.model_dump() for r in store.relations(limit=None)), key=lambda r: r["id"]),
        "mentions": sorted(tuple(row) for row in store.query(_MENTIONS, row_limit=0).rows),
        "affiliations": sorted((a.actor_id, a.organisation_id, a.role or "") for a in store.affiliations(ids)),
    }
